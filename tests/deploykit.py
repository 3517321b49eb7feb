"""Running the files of ``dvk deploy linux`` as their programs would, on loopback.

systemd cannot run here, so :func:`service_command` reads a unit the way systemd does (the last
``ExecStart=``, split as systemd splits it; ``EnvironmentFile=`` read with systemd's rules into an
otherwise empty environment; ``WorkingDirectory=``); the one addition is ``PYTHONPATH``, so that the
service runs this checkout's dvk.  ``User=dvk`` is not applied (the test machine has no such
account).  :class:`Browser` is an HTTPS client that reaches the proxy on 127.0.0.1 under the
deployment's domain name (SNI, Host) from a chosen loopback address, so that the proxy sees
several clients.
"""

from __future__ import annotations

import http.client
import re
import shlex
import signal
import socket
import ssl
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The PATH systemd gives a service.
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
STARTED = "Nhấn Ctrl+C"


def unit_settings(path: Path) -> dict[str, list[str]]:
    """``[Service]``/``[Unit]``/… assignments of a unit file, each key with its values in order."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#;" or line.startswith("["):
            continue
        key, _, value = line.partition("=")
        settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def environment_file(path: Path) -> dict[str, str]:
    """An ``EnvironmentFile=`` as systemd reads it: ``KEY=VALUE`` lines, ``#``/``;`` comments,
    white space around the value dropped, one pair of enclosing quotes removed."""
    env = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not KEY=VALUE: {line!r}"
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env


def service_command(unit: Path) -> tuple[list[str], dict[str, str], str]:
    """argv, environment and working directory of the unit's service, as systemd would start it."""
    settings = unit_settings(unit)
    env = {"PATH": SYSTEMD_PATH, "LANG": "C.UTF-8"}
    for name in settings.get("EnvironmentFile", []):
        env.update(environment_file(Path(name.lstrip("-"))))
    for assignment in settings.get("Environment", []):
        env.update(dict(pair.split("=", 1) for pair in shlex.split(assignment)))
    env["PYTHONPATH"] = str(ROOT)
    return shlex.split(settings["ExecStart"][-1]), env, settings["WorkingDirectory"][-1]


def kill_signal(unit: Path) -> int:
    """The signal systemd stops the service with (``KillSignal=``, SIGTERM by default)."""
    return getattr(signal, unit_settings(unit).get("KillSignal", ["SIGTERM"])[-1])


def _as_systemd_starts_it() -> None:
    """Default signal dispositions in the service, as systemd gives them: a test process may ignore
    SIGINT (pytest-xdist's workers do), an ignored signal stays ignored across exec, and the
    service would never hear the unit's KillSignal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def start_until_ready(argv: list[str], env: dict[str, str], cwd: str) -> tuple[subprocess.Popen, str]:
    """Start ``dvk serve`` and read its output until it says it is serving; (process, output)."""
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, preexec_fn=_as_systemd_starts_it)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(STARTED):
            return process, "".join(lines)
    process.wait(30)
    raise AssertionError("dvk serve did not start:\n" + "".join(lines))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    """Until something listens on 127.0.0.1:``port`` (fails if ``process`` ends first)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        assert process.poll() is None, process.communicate()[0]
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def self_signed(folder: Path, domain: str) -> tuple[Path, Path]:
    """A certificate for ``domain`` (and its key), made with openssl; it is its own CA."""
    cert, key = folder / "chung-chi.pem", folder / "khoa-rieng.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    f"/CN={domain}", "-addext", f"subjectAltName=DNS:{domain}", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


class _Pinned(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 whatever the host name (SNI and Host stay the domain's)."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class Browser:
    """One person at the loopback address ``source``, with cookies, through the proxy on ``port``."""

    def __init__(self, domain: str, port: int, cafile: Path, source: str):
        self.domain, self.port, self.source = domain, port, source
        self.context = ssl.create_default_context(cafile=str(cafile))
        self.cookies: dict[str, str] = {}
        self.origin = f"https://{domain}:{port}"

    def connection(self) -> _Pinned:
        return _Pinned(self.domain, self.port, context=self.context, timeout=60,
                       source_address=(self.source, 0))

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        conn = self.connection()
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = response.read().decode("utf-8", errors="replace")
        conn.close()
        return response.status, dict(response.headers), text

    def sign_in(self, username: str, password: str, forged: str | None = None) -> tuple[int, str]:
        """Post the sign-in form (as a browser: Origin and Referer), optionally with a forged
        ``X-Forwarded-For``; (status, page)."""
        _, _, form = self.request("GET", "/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                       "password": password}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                   "Referer": self.origin + "/dang-nhap/"}
        if forged:
            headers["X-Forwarded-For"] = forged
        status, _, page = self.request("POST", "/dang-nhap/", body, headers)
        return status, page

    def upload_too_large(self, size: int) -> tuple[int, dict[str, str], str]:
        """Post a body of ``size`` bytes, as a browser does (all of it, unless the server stops
        reading), and read the answer."""
        conn = self.connection()
        conn.putrequest("POST", "/don-vi/nop/")
        conn.putheader("Content-Type", "application/octet-stream")
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        chunk = b"\0" * (1 << 20)
        try:
            for start in range(0, size, len(chunk)):
                conn.send(chunk[:size - start])
        except OSError:  # the proxy answered and stopped reading
            pass
        response = conn.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        conn.close()
        return response.status, dict(response.headers), text
