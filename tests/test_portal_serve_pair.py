"""Two ``dvk serve`` processes on loopback over one PostgreSQL workspace (issue 27.2): the sign-in
throttle is one policy across them, behind a declared proxy it slows the failing client only, and
both processes see the failures in the audit trail."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from wsfixtures import ROOT, fresh_workspace, pg_url  # noqa: F401 - fixtures

STARTED = re.compile(r"http://localhost:(\d+)/")


class Browser:
    """One person's cookies against one server (no redirects followed: a sign-in answers 302)."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def sign_in(self, username: str, password: str, forwarded: str | None = None) -> tuple[int, str]:
        form = self.opener.open(self.base + "/dang-nhap/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                       "password": password}).encode()
        request = urllib.request.Request(self.base + "/dang-nhap/", data=data,
                                         headers={"Referer": self.base + "/dang-nhap/",
                                                  **({"X-Forwarded-For": forwarded} if forwarded else {})})
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as exc:  # 302 (signed in), as _NoRedirect leaves it
            return exc.code, ""
        return response.status, response.read().decode()

    def get(self, path: str) -> tuple[int, str]:
        try:
            response = self.opener.open(self.base + path, timeout=60)
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        return response.status, response.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _start(workspace, env, *extra) -> tuple[subprocess.Popen, int, list[str]]:
    proc = subprocess.Popen([sys.executable, "-m", "scoring", "serve", "--workspace", str(workspace),
                             "--host", "127.0.0.1", "--port", "0", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Nhấn Ctrl+C"):
            break
    port = next((int(m.group(1)) for m in map(STARTED.search, lines) if m), None)
    assert port, "".join(lines)
    return proc, port, lines


@pytest.fixture
def servers(pg_url, tmp_path):
    """Two servers on one PostgreSQL workspace, the proxy 127.0.0.1 declared; the office's password."""
    from django.db import connections

    workspace = tmp_path / "ws"
    fresh_workspace(workspace, "postgres", pg_url)
    connections.close_all()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DVK_TRUSTED_PROXIES": "127.0.0.1"}
    env.pop("DVK_DATABASE_URL", None)
    first, port_a, lines = _start(workspace, env, "--office", "van-phong")
    password = re.search(r"van-phong\s+mật khẩu: (\S+)", "".join(lines)).group(1)
    second, port_b, _ = _start(workspace, env)
    try:
        yield port_a, port_b, password
    finally:
        for proc in (first, second):
            proc.terminate()
            proc.wait(30)


def test_the_throttle_holds_across_two_processes_and_slows_only_the_failing_client(servers):
    port_a, port_b, password = servers
    script = "203.0.113.66"
    for pause in (0, 0, 0, 0, 0, 1.1, 2.1):  # wrong passwords on process A, from one client behind
        time.sleep(pause)                     # the proxy, each after the wait: the last waits 4 s
        status, page = Browser(port_a).sign_in("van-phong", "sai", forwarded=script)
        assert status == 200 and "không đúng" in page
    status, page = Browser(port_b).sign_in("van-phong", password, forwarded=script)
    assert status == 200 and "hãy đợi" in page  # process B knows A's failures
    office = Browser(port_b)
    status, page = office.sign_in("van-phong", password, forwarded="203.0.113.9")
    assert status == 302, page[-3000:]  # another client
    status, page = office.get("/van-phong/dang-nhap-sai/")
    assert status == 200 and page.count(script) >= 8 and "van-phong" in page
    assert Browser(port_a).sign_in("van-phong", password, forwarded="198.51.100.1")[0] == 302
