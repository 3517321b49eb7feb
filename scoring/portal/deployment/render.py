"""Writing a deployment's files from the templates in ``mau/`` (shipped inside the package).

A template is the file as the server needs it, with ``{{name}}`` where a value of the
:class:`~scoring.portal.deployment.plan.Plan` goes and ``{{?flag}} … {{/flag}}`` (``{{!flag}}``:
when not) around the lines that only some deployments have.  The folder is written whole or not at
all, and only files a previous ``dvk deploy`` wrote there are replaced
(:func:`scoring.core.publish.publish`); the secret key of a previous run in the same folder is kept,
so regenerating does not sign everyone out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PureWindowsPath

from scoring.core.publish import publish
from scoring.portal.deployment.plan import PROXIES, Plan

MAU = Path(__file__).resolve().parent / "mau"
#: The page a proxy shows for a request over the size limit (the same as dvk serve's own).
PAGE_413 = "dvk-tep-qua-lon.html"
#: Files holding secrets: readable by their owner only (the recipe hands them to the service's group).
SECRET = ("dvk.env", "dvk-service.xml")
_SECTION = re.compile(r"\{\{([?!])([a-z0-9_]+)\}\}\n(.*?)\{\{/\2\}\}\n", re.DOTALL)
_FIELD = re.compile(r"\{\{([a-z0-9_]+)\}\}")
_KEPT_KEY = re.compile(r"DVK_SECRET_KEY(?:=|\" value=\")([A-Za-z0-9_-]{32,200})")


def previous_key(out: Path) -> str | None:
    """The secret key a previous ``dvk deploy`` wrote into ``out``, if any."""
    for name in SECRET:
        try:
            found = _KEPT_KEY.search((out / name).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if found:
            return found.group(1)
    return None


def write_deployment(plan: Plan, out: Path) -> list[Path]:
    """Write the files of ``plan`` into the folder ``out``; return them."""
    from scoring.portal.toolarge import page

    values, flags = _values(plan), _flags(plan)
    windows = plan.target == "windows"

    def build(tmp: Path) -> list[Path]:
        written = []
        for template in sorted((MAU / plan.target).iterdir()):
            text = fill(template.read_text(encoding="utf-8"), values, flags)
            path = tmp / template.name.removesuffix(".mau")
            if windows:  # Notepad, cmd and PowerShell 5 read CRLF; PowerShell 5 needs the BOM for UTF-8
                text = text.replace("\n", "\r\n")
            path.write_bytes(text.encode("utf-8-sig" if path.suffix == ".ps1" else "utf-8"))
            if path.name in SECRET and hasattr(os, "chmod"):
                os.chmod(path, 0o600)
            written.append(path)
        (tmp / PAGE_413).write_bytes(page())
        return [*written, tmp / PAGE_413]

    return publish(out, build)


def fill(text: str, values: dict[str, str], flags: dict[str, bool]) -> str:
    """``text`` with its sections kept or dropped by ``flags`` and its fields replaced by ``values``."""
    text = _SECTION.sub(lambda m: m.group(3) if flags[m.group(2)] == (m.group(1) == "?") else "", text)
    text = _FIELD.sub(lambda m: values[m.group(1)], text)
    if "{{" in text:  # a section not on lines of its own: a mistake in the template, not in the values
        raise ValueError("template: " + text[text.index("{{"):][:60])
    return text


def _flags(plan: Plan) -> dict[str, bool]:
    return {"postgres": bool(plan.database), "own_certificate": bool(plan.certificate)}


def _values(plan: Plan) -> dict[str, str]:
    from scoring import __version__
    from scoring.portal.toolarge import MAX_BODY_BYTES
    from scoring.workspace.settings import postgres_config

    windows = plan.target == "windows"
    letsencrypt = f"/etc/letsencrypt/live/{plan.domain}"
    return {
        "ten_mien": plan.domain, "cai_vao": plan.install, "thu_muc_lam_viec": plan.workspace,
        "thu_muc_cha": str(PureWindowsPath(plan.workspace).parent) if windows else os.path.dirname(plan.workspace),
        "sao_luu": plan.backups, "giu": str(plan.keep), "cong": str(plan.port), "python": plan.python,
        "csdl": plan.database, "ten_csdl": postgres_config(plan.database)["NAME"] if plan.database else "",
        "gio": plan.backup_time, "khoa_bi_mat": plan.secret_key, "proxy_tin_cay": PROXIES,
        "gioi_han_mb": str(MAX_BODY_BYTES // (1024 * 1024)), "gioi_han_byte": str(MAX_BODY_BYTES),
        "trang_413": PAGE_413,
        "cai_vao_caddy": plan.install.replace("\\", "/"),
        "chung_chi": plan.certificate or f"{letsencrypt}/fullchain.pem",
        "khoa_rieng": plan.key or f"{letsencrypt}/privkey.pem",
        "chung_chi_caddy": plan.certificate.replace("\\", "/"), "khoa_rieng_caddy": plan.key.replace("\\", "/"),
        "ngay": dt.date.today().strftime("%d/%m/%Y"), "phien_ban": __version__,
    }
