"""The values of a deployment (``dvk deploy``), checked before anything is written.

Every value ends up inside configuration files of other programs (systemd units, a shell that
reads the environment file, nginx, Caddy, WinSW's XML, PowerShell), so each is held to a shape
that means the same in all of them: a host name of letters, digits and dashes; absolute paths of
plain characters (on Windows spaces and brackets too: every file quotes them); a database URL
without the characters a shell or a unit file would read differently.  A value outside that shape
is refused with ``deploy-value-invalid`` naming the option, never quoted around.
"""

from __future__ import annotations

import re
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from scoring.core.findings import DvkError, Finding, Location, make

TARGETS = ("linux", "windows")
#: Where things live on a server unless the officer says otherwise (the recipe follows them).
DEFAULTS = {
    "linux": {"install": "/etc/dvk", "workspace": "/var/lib/dvk/lam-viec", "backups": "/var/backups/dvk",
              "python": "/opt/dvk/venv/bin/python", "database": "postgresql://dvk@/dvk?host=/var/run/postgresql"},
    "windows": {"install": "C:\\dvk\\trien-khai", "workspace": "C:\\dvk\\lam-viec", "backups": "C:\\dvk\\sao-luu",
                "python": "C:\\dvk\\venv\\Scripts\\python.exe", "database": ""},
}
#: The reverse proxy runs on the same machine: the only sender whose X-Forwarded-For is believed.
PROXIES = "127.0.0.1,::1"
_HOST = re.compile(r"(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")
_PATHS = {"linux": re.compile(r"/(?:[A-Za-z0-9._+-]+/?)*"),
          "windows": re.compile(r"[A-Za-z]:\\(?:[A-Za-z0-9 ._()+-]+\\?)*")}
_URL_UNSAFE = re.compile(r"[\s'\"\\$`;&|<>(){}]")
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_KEY = re.compile(r"[A-Za-z0-9_-]{32,200}")


@dataclass(frozen=True)
class Plan:
    """A deployment for one server: what the generated files say (paths as on that server)."""

    target: str
    domain: str
    install: str        # the folder of the generated files on the server
    workspace: str
    backups: str
    keep: int
    port: int
    database: str       # a PostgreSQL URL, or "" for SQLite in the workspace folder
    python: str
    certificate: str    # "" : Caddy obtains one itself; nginx expects Let's Encrypt's files
    key: str
    backup_time: str    # HH:MM, local time
    secret_key: str


def make_plan(target: str, domain: str, out: Path, *, install: str | None = None, workspace: str | None = None,
              backups: str | None = None, keep: int = 14, port: int = 8000, database: str | None = None,
              python: str | None = None, certificate: str | None = None, key: str | None = None,
              backup_time: str = "02:00", secret_key: str | None = None) -> Plan:
    """Check the officer's values, fill in the defaults; a :class:`DvkError` lists every wrong one."""
    here = _here(target)
    defaults = DEFAULTS[target]
    values = {
        "--cai-vao": install or (str(Path(out).resolve()) if here else defaults["install"]),
        "--workspace": workspace or defaults["workspace"], "--sao-luu": backups or defaults["backups"],
        "--python": python or (sys.executable if here else defaults["python"]),
    }
    problems = [_invalid(option, value, _path_reason(target, value, option)) for option, value in values.items()]
    domain = (domain or "").strip().lower().rstrip(".")
    if not _HOST.fullmatch(domain):
        problems.append(_invalid("--ten-mien", domain, "cần tên miền đầy đủ người dùng gõ để vào cổng, chỉ gồm "
                                 "chữ không dấu, số, dấu gạch ngang và dấu chấm (ví dụ dvk.tinh.gov.vn)"))
    database = defaults["database"] if database is None else ("" if database == "sqlite" else database)
    problems.append(_invalid("--database", database, _database_reason(database)))
    if bool(certificate) != bool(key):
        problems.append(_invalid("--chung-chi", certificate or key or "", "cần cả --chung-chi và --khoa-rieng, "
                                 "hoặc bỏ cả hai (Caddy tự xin chứng chỉ)"))
    for option, value in (("--chung-chi", certificate), ("--khoa-rieng", key)):
        if value:
            problems.append(_invalid(option, value, _path_reason(target, value, option)))
    if not 1 <= port <= 65535:
        problems.append(_invalid("--port", str(port), "cổng là số từ 1 đến 65535"))
    if not _TIME.fullmatch(backup_time):
        problems.append(_invalid("--gio-sao-luu", backup_time, "ghi giờ:phút, ví dụ 02:00"))
    problems = [p for p in problems if p is not None]
    if problems:
        raise DvkError(problems)
    return Plan(target, domain, values["--cai-vao"], values["--workspace"], values["--sao-luu"], keep, port,
                database, values["--python"], certificate or "", key or "", backup_time,
                secret_key if secret_key and _KEY.fullmatch(secret_key) else secrets.token_urlsafe(48))


def _here(target: str) -> bool:
    """Whether the files are made on the kind of machine they are for (then paths default to here)."""
    return (target == "windows") == (sys.platform == "win32")


def _invalid(option: str, value: str, reason: str) -> Finding | None:
    if not reason:
        return None
    return make("deploy-value-invalid", Location(field=option), option=option, value=value, reason=reason)


def _path_reason(target: str, value: str, option: str) -> str:
    if _PATHS[target].fullmatch(value) and "\\.." not in value and "/.." not in value:
        return ""
    example = DEFAULTS[target]["install"] if target == "linux" else "C:\\dvk\\trien-khai"
    return (f"cần đường dẫn tuyệt đối trên máy chủ {target.capitalize()} (ví dụ {example}), chỉ gồm chữ không "
            "dấu, số và các dấu . _ + -" + (" ( ) và khoảng trắng" if target == "windows" else "")
            + f"; ghi {option} với đường dẫn khác")


def _database_reason(url: str) -> str:
    if not url:
        return ""
    from scoring.workspace.settings import postgres_config

    try:
        config = postgres_config(url)
    except ValueError:
        config = {}
    if not config.get("NAME") or _URL_UNSAFE.search(url):
        return ("cần địa chỉ PostgreSQL dạng postgresql://người_dùng@máy/tên_csdl, không có khoảng trắng, dấu "
                "nháy và các dấu $ ; & | < > ( ) { } \\ (để mật khẩu ngoài địa chỉ, trong tệp ~/.pgpass), "
                "hoặc chữ sqlite")
    return ""
