"""The recipe of ``dvk deploy linux`` started from nothing on this machine, its pieces real.

A workspace on a throwaway PostgreSQL holds a published round; ``dvk deploy linux`` writes the
files for it; the recipe's own command creates the office account; the systemd unit's
``ExecStart`` runs with its ``EnvironmentFile`` as systemd would (:mod:`deploykit`); nginx, then
Caddy (both from Debian's packages), serve the generated site files on HTTPS in front of it, the
listening ports the only change.  Through each proxy: monitoring, sign-in, the real client's address
in the throttle, the Vietnamese page for an upload over the limit.  Then the backup service runs
three nights with rotation, and the recipe's restore brings the workspace back into a new database
answering as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from deploykit import (
    ROOT,
    SYSTEMD_PATH,
    Browser,
    free_port,
    kill_signal,
    self_signed,
    service_command,
    start_until_ready,
    wait_for_port,
)
from sysdeps import require
from wsfixtures import fresh_workspace, pg_url  # noqa: F401 - fixtures

DOMAIN = "dvk.kiem-thu.vn"
LIMIT = 64 * 1024 * 1024
ENGLISH = ("Traceback", "Error", "error:", "Request Entity")


def _dvk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DVK_")}
    return subprocess.run([sys.executable, "-m", "scoring", *args], env={**clean, **(env or {}),
                          "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)


def _recipe_line(recipe: Path, *words: str) -> str:
    """The one command of HUONG-DAN.md run as the service account that holds all ``words``."""
    (line,) = [line for line in recipe.read_text(encoding="utf-8").splitlines()
               if line.startswith("sudo -u dvk sh -c ") and all(w in line for w in words)]
    return line.removeprefix("sudo -u dvk ")  # (as root here: no account dvk on this machine)


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


class Site:
    """The deployment: its folders, the generated files, the running service."""

    def __init__(self, base: Path, workspace: Path, url: str, port: int, cert: Path, key: Path):
        self.base, self.workspace, self.url, self.port, self.cert, self.key = base, workspace, url, port, cert, key
        self.files = base / "trien-khai"
        self.backups = base / "sao-luu"
        self.process = None
        self.password = ""

    def start(self) -> None:
        if self.process is None:
            self.process, _ = start_until_ready(*service_command(self.files / "dvk.service"))

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(kill_signal(self.files / "dvk.service"))
            self.process.communicate(timeout=30)
            self.process = None


@pytest.fixture(scope="module")
def site(pg_url, tmp_path_factory):
    """A published round on PostgreSQL, the Linux recipe generated for it, the office account made
    by the recipe's command, the service started from its unit."""
    from django.db import connections
    from test_round_appraisal import appraising

    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    base = tmp_path_factory.mktemp("may-chu")
    ws = fresh_workspace(base / "lam-viec", "postgres", pg_url)
    appraising(ws, base / "vao")
    move_round(None, "final")
    publish_round(ws, None)
    connections.close_all()
    cert, key = self_signed(base, DOMAIN)
    deployed = Site(base, ws.root, ws.url, free_port(), cert, key)
    done = _dvk("deploy", "linux", "--ten-mien", DOMAIN, "--out", str(deployed.files), "--workspace",
                str(ws.root), "--database", ws.url, "--port", str(deployed.port), "--sao-luu",
                str(deployed.backups), "--giu", "2", "--chung-chi", str(cert), "--khoa-rieng", str(key))
    assert done.returncode == 0, done.stderr
    # step 5 of the recipe: the office account, its password printed once
    first = shlex.split(_recipe_line(deployed.files / "HUONG-DAN.md", "--office van-phong"))
    process, said = start_until_ready(first, {"PATH": SYSTEMD_PATH, "PYTHONPATH": str(ROOT)}, str(base))
    process.send_signal(2)
    process.communicate(timeout=30)
    deployed.password = re.search(r"van-phong\s+mật khẩu: (\S+)", said).group(1)
    deployed.start()
    yield deployed
    deployed.stop()


@pytest.mark.parametrize("blank", ["DVK_SECRET_KEY", "DVK_ALLOWED_HOSTS"])
def test_the_service_refuses_to_start_insecurely_in_vietnamese(site, blank):
    argv, env, cwd = service_command(site.files / "dvk.service")
    done = subprocess.run(argv, env={**env, blank: ""}, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "chưa an toàn" in done.stderr and blank in done.stderr, done.stderr
    assert not [w for w in ENGLISH if w in done.stdout + done.stderr]


def _through_proxy(site: Site, port: int, attacker: str, colleague: str) -> None:
    """What an officer checks after step 7, and what a script at one address must not do to others."""
    monitor = Browser(DOMAIN, port, site.cert, colleague)
    status, headers, body = monitor.request("GET", "/suc-khoe/")
    assert status == 200 and json.loads(body) == {"trang_thai": "ok", "co_so_du_lieu": "ok"}, body
    assert "max-age" in headers.get("Strict-Transport-Security", "")
    script = Browser(DOMAIN, port, site.cert, attacker)
    for _ in range(5):  # wrong passwords from one address, each claiming to come from the colleague's
        status, page = script.sign_in("van-phong", "sai-mat-khau", forged=colleague)
        assert status == 200 and "không đúng" in page, page[-2000:]
    status, page = script.sign_in("van-phong", site.password)
    assert status == 200 and "hãy đợi" in page  # the throttle saw the real address…
    office = Browser(DOMAIN, port, site.cert, colleague)
    status, page = office.sign_in("van-phong", site.password)
    assert status == 302, page[-2000:]  # …and not the forged one: the colleague signs in at once
    status, _, page = office.request("GET", "/van-phong/dang-nhap-sai/")
    assert status == 200 and attacker in page and page.count(attacker) >= 5, page[-3000:]
    status, headers, page = Browser(DOMAIN, port, site.cert, attacker).upload_too_large(LIMIT + 1)
    assert status == 413 and "Tệp gửi lên quá lớn" in page and "64 MB" in page, page[:500]
    # the proxy's own copy of the page (dvk serve's has a Content-Security-Policy): the proxy refused
    # the upload itself, never racing dvk serve's refusal while still forwarding the body
    assert "Content-Security-Policy" not in headers and "text/html" in headers["Content-Type"]
    assert not [w for w in ENGLISH if w in page]


def test_nginx_in_front(site, tmp_path):
    nginx = require("nginx")
    site.start()
    http_port, https_port = free_port(), free_port()
    text = (site.files / "nginx-dvk.conf").read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{http_port};"), ("listen [::]:80;", ""),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("listen [::]:443 ssl http2;", "")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "dvk.conf").write_text(text, encoding="utf-8")
    temp = "\n".join(f"  {kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                            "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "") +
        f"worker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{ worker_connections 64; }}\nhttp {{\n  include /etc/nginx/mime.types;\n"
        f"  access_log {tmp_path}/access.log;\n{temp}\n  include {tmp_path}/dvk.conf;\n}}\n", encoding="utf-8")
    command = [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    proxy = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(https_port, proxy)
        _through_proxy(site, https_port, "127.0.0.5", "127.0.0.6")
        import http.client

        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
        plain.request("GET", "/dang-nhap/", headers={"Host": DOMAIN})
        answer = plain.getresponse()
        assert answer.status == 301 and answer.getheader("Location") == f"https://{DOMAIN}/dang-nhap/"
    finally:
        proxy.terminate()
        proxy.communicate(timeout=30)


def test_caddy_in_front(site, tmp_path):
    caddy = require("caddy")
    site.start()
    http_port, https_port = free_port(), free_port()
    options = (f"{{\n\thttp_port {http_port}\n\thttps_port {https_port}\n\tdefault_bind 127.0.0.1\n"
               "\tadmin off\n\tskip_install_trust\n}\n")
    (tmp_path / "Caddyfile").write_text(options + (site.files / "Caddyfile").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    env = {"PATH": SYSTEMD_PATH, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "du-lieu"),
           "XDG_CONFIG_HOME": str(tmp_path / "cau-hinh")}
    proxy = subprocess.Popen([caddy, "run", "--config", str(tmp_path / "Caddyfile"), "--adapter", "caddyfile"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(https_port, proxy)
        _through_proxy(site, https_port, "127.0.0.7", "127.0.0.8")
    finally:
        proxy.terminate()
        proxy.communicate(timeout=30)


def _answers(workspace: Path) -> tuple[str, str]:
    """``dvk round status`` and ``dvk round log`` of the workspace (its own database), run in this process."""
    import contextlib
    import io

    from scoring.cli.app import main

    said = []
    for command in ("status", "log"):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert main(["round", command, "-w", str(workspace)]) == 0, err.getvalue()
        said.append(out.getvalue())
    return said[0], said[1]


def test_nightly_backups_rotate_and_the_recipe_restores_them(site):
    import psycopg

    site.stop()  # (the recipe's restore stops the service; the backups run while it serves, too)
    before = _answers(site.workspace), _tree(site.workspace / "cong-bo"), _tree(site.workspace / "tep")
    look_alike = site.backups / "sao-luu-2000-01-01-000000"  # the officer's own folder, named like one
    look_alike.mkdir(parents=True)
    (look_alike / "ghi-chu.txt").write_text("của cán bộ", encoding="utf-8")
    backup = service_command(site.files / "dvk-sao-luu.service")
    for night in range(3):
        done = subprocess.run(backup[0], env=backup[1], cwd=backup[2], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and "Đã sao lưu vào" in done.stdout, done.stdout + done.stderr
        assert ("Đã xóa bản sao lưu cũ" in done.stdout) == (night == 2), done.stdout
    from scoring.workspace.rotation import dated_backups

    kept = dated_backups(site.backups)
    assert len(kept) == 2 and sorted(p.name for p in site.backups.iterdir()) == sorted(
        [look_alike.name, *(p.name for p in kept)])
    assert (look_alike / "ghi-chu.txt").read_text(encoding="utf-8") == "của cán bộ"

    # step 10 of the recipe: the workspace and its database set aside, an empty database, the restore
    from django.db import connections

    connections.close_all()
    os.rename(site.workspace, f"{site.workspace}-truoc-khoi-phuc")
    from scoring.workspace.settings import postgres_config

    name = postgres_config(site.url)["NAME"]
    server = site.url.replace(f"/{name}?", "/postgres?")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" RENAME TO "{name}_truoc_khoi_phuc"')
        conn.execute(f'CREATE DATABASE "{name}"')
    restore = _recipe_line(site.files / "HUONG-DAN.md", "workspace restore")
    restore = restore.replace("sao-luu-NGÀY-GIỜ", kept[-1].name)
    done = subprocess.run(shlex.split(restore), env={"PATH": SYSTEMD_PATH, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Đã khôi phục" in done.stdout, done.stdout + done.stderr
    assert (_answers(site.workspace), _tree(site.workspace / "cong-bo"), _tree(site.workspace / "tep")) == before
    assert before[1] and before[2]
    site.start()  # the service comes back on the restored workspace
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=30)
    conn.request("GET", "/suc-khoe/", headers={"Host": DOMAIN})
    assert conn.getresponse().status == 200


def test_the_windows_files_carry_the_same_settings(tmp_path):
    """Windows cannot run here: its files are checked for what they tell WinSW, PowerShell and
    Caddy (Caddy's own parser reads the Caddyfile)."""
    from scoring.cli.app import _parser

    assert _dvk("deploy", "windows", "--ten-mien", DOMAIN, "--out", str(tmp_path / "w"), "--giu", "7").returncode == 0
    assert _dvk("deploy", "linux", "--ten-mien", DOMAIN, "--out", str(tmp_path / "l"),
                "--database", "sqlite").returncode == 0
    service = ET.parse(tmp_path / "w" / "dvk-service.xml").getroot()
    env = {e.get("name"): e.get("value") for e in service.iter("env")}
    from deploykit import environment_file

    linux = environment_file(tmp_path / "l" / "dvk.env")
    assert set(linux) == set(env) - {"PYTHONIOENCODING"} and "DVK_DATABASE_URL" not in env
    assert {k: v for k, v in env.items() if k not in ("DVK_SECRET_KEY", "PYTHONIOENCODING")} == {
        k: v for k, v in linux.items() if k != "DVK_SECRET_KEY"}
    assert len(env["DVK_SECRET_KEY"]) >= 32 and env["DVK_SECRET_KEY"] != linux["DVK_SECRET_KEY"]
    words = shlex.split(service.findtext("arguments"), posix=False)
    serve = _parser().parse_args([w.strip('"') for w in words[2:]])
    assert (words[:2], serve.command, serve.workspace, serve.host) == (["-m", "scoring"], "serve",
                                                                       "C:\\dvk\\lam-viec", "127.0.0.1")
    script = (tmp_path / "w" / "sao-luu.ps1").read_bytes()
    assert script.startswith(b"\xef\xbb\xbf") and b"\r\n" in script and b"\n" not in script.replace(b"\r\n", b"")
    (line,) = [l for l in script.decode("utf-8-sig").splitlines() if l.startswith("$ketQua = & ")]
    words = shlex.split(line)
    backup = _parser().parse_args(words[words.index("scoring") + 1:words.index("2>&1")])
    assert (backup.target, backup.giu, backup.workspace) == ("C:\\dvk\\sao-luu", 7, "C:\\dvk\\lam-viec")
    task = (tmp_path / "w" / "dang-ky-lich-sao-luu.bat").read_text(encoding="ascii")
    assert '/ST 02:00' in task and '\\"C:\\dvk\\trien-khai\\sao-luu.ps1\\"' in task
    ET.parse(tmp_path / "w" / "caddy-service.xml")
    caddy = require("caddy")
    for folder in ("w", "l"):
        done = subprocess.run([caddy, "adapt", "--config", str(tmp_path / folder / "Caddyfile"), "--adapter",
                               "caddyfile"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "C:/dvk/trien-khai" in done.stdout or folder == "l", done.stderr
        assert done.returncode == 0, done.stderr


def test_wrong_values_are_refused_together_and_nothing_is_written(tmp_path):
    out = tmp_path / "trien-khai"
    done = _dvk("deploy", "linux", "--ten-mien", "dvk tinh", "--out", str(out), "--workspace", "lam-viec",
                "--database", "postgresql://dvk:mat khau@may/dvk", "--chung-chi", "/etc/ssl/dvk.pem",
                "--gio-sao-luu", "25:00")
    assert done.returncode == 1 and not out.exists(), done.stderr
    for option in ("--ten-mien", "--workspace", "--database", "--chung-chi", "--gio-sao-luu"):
        assert "[deploy-value-invalid]" in done.stderr and f"Giá trị {option} " in done.stderr, option
    assert not [w for w in ENGLISH if w in done.stderr] and "Traceback" not in done.stdout
    done = _dvk("deploy", "windows", "--ten-mien", DOMAIN, "--out", str(out), "--workspace", "/var/lib/dvk")
    assert done.returncode == 1 and "C:\\dvk" in done.stderr and not out.exists(), done.stderr


def test_running_again_replaces_only_its_own_files_and_keeps_the_secret_key(tmp_path):
    from deploykit import environment_file

    out = tmp_path / "trien-khai"
    out.mkdir()
    (out / "Caddyfile").write_text("# của cán bộ\n", encoding="utf-8")
    done = _dvk("deploy", "linux", "--ten-mien", DOMAIN, "--out", str(out))
    assert done.returncode == 1 and "[output-name-taken]" in done.stderr, done.stderr
    assert [p.name for p in out.iterdir()] == ["Caddyfile"]  # nothing written beside it
    (out / "Caddyfile").rename(tmp_path / "Caddyfile.cu")
    (out / "ghi-chu.txt").write_text("của cán bộ", encoding="utf-8")
    assert _dvk("deploy", "linux", "--ten-mien", DOMAIN, "--out", str(out)).returncode == 0
    first = environment_file(out / "dvk.env")
    assert (out / "dvk.env").stat().st_mode & 0o077 == 0  # the secret is its owner's alone
    done = _dvk("deploy", "linux", "--ten-mien", "dvk.tinh-khac.vn", "--out", str(out), "--port", "8100")
    assert done.returncode == 0, done.stderr
    again = environment_file(out / "dvk.env")
    assert again["DVK_SECRET_KEY"] == first["DVK_SECRET_KEY"] and again["DVK_ALLOWED_HOSTS"] == "dvk.tinh-khac.vn"
    assert "--port 8100" in (out / "dvk.service").read_text(encoding="utf-8")
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "của cán bộ"
    recipe = (out / "HUONG-DAN.md").read_text(encoding="utf-8")
    assert "{{" not in recipe and "https://dvk.tinh-khac.vn/" in recipe and "createdb -O dvk dvk" in recipe
