"""``dvk serve``: the portal over a workspace, served by waitress (pure Python, runs on Windows).

Static files are served by the application itself (WhiteNoise), so no other web server is needed
on one machine; a shared deployment puts a reverse proxy with HTTPS in front (README).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Callable

DEMO_PREFIX = "dvk-demo-"


def prepare(workspace: Path, demo: bool = False, host: str = "127.0.0.1", office: str | None = None,
            office_code: str | None = None) -> list:
    """Configure Django on ``workspace``, bring its tables up to date, fill the demo if asked.

    A folder that is not a workspace yet is refused (``dvk round new`` makes one), except for
    the demo, which makes its own, and with ``office``: the office account to create (or whose
    password to reset), so the office can create the first round in the browser.
    """
    from scoring.core.findings import DvkError, Location, make
    from scoring.portal.settings import SettingsError, configure

    try:
        configure(workspace, hosts=(host,) if host not in ("0.0.0.0", "::") else ("*",))
    except SettingsError as exc:  # a DVK_* variable the portal cannot use: said, exit 1
        raise DvkError([make("portal-setting-invalid", Location(field=exc.name), reason=str(exc))]) from None
    from scoring.workspace.store import open_workspace

    ws = open_workspace(workspace, create=demo or bool(office))
    from scoring.workspace.leftovers import clean

    clean(ws)  # what a killed server or collection left (only what no live process uses)
    accounts = []
    if demo:
        from scoring.portal.demo import make_demo

        accounts = make_demo(ws)
    if office:
        from scoring.portal.accounts import office_account

        from scoring.portal.throttle import unlock

        accounts.append(office_account(office, office_code))
        unlock(office, "dvk serve --office")  # a new password: its sign-ins start afresh
    return accounts


def demo_workspace() -> Path:
    """A fresh folder in the temporary directory for a demo: two demos never share (or overwrite) one."""
    return Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))


def serve(workspace: Path | None, host: str, port: int, demo: bool, threads: int = 8,
          say: Callable[[str], None] = print, office: str | None = None, office_code: str | None = None) -> int:
    """Prepare the workspace and serve until interrupted; prints the address (and the accounts made)."""
    from scoring.core.findings import DvkError, Location, make
    from scoring.portal.production import refusal
    from scoring.portal.settings import SettingsError

    try:
        refused = refusal(host, demo)
    except SettingsError as exc:  # (DVK_HTTPS and the like: read before anything starts)
        raise DvkError([make("portal-setting-invalid", Location(field=exc.name), reason=str(exc))]) from None
    if refused:  # a shared portal must not start insecurely: said like any unusable setting, exit 1
        raise DvkError([make("portal-setting-invalid", Location(), reason=refused)])
    workspace = Path(workspace) if workspace else (demo_workspace() if demo else Path.cwd())
    accounts = prepare(workspace, demo, host, office, office_code)  # a folder that is no workspace: DvkError, exit 1
    from django.core.wsgi import get_wsgi_application
    from waitress import create_server

    from scoring.portal.toolarge import MAX_BODY_BYTES, install

    install()  # an oversized upload is answered in Vietnamese
    server = create_server(get_wsgi_application(), host=host, port=port, threads=threads,
                           max_request_body_size=MAX_BODY_BYTES, ident="dvk",
                           clear_untrusted_proxy_headers=False)  # scoring.portal.proxy decides
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    say(f"Cổng chấm điểm đang chạy: http://{shown}:{server.effective_port}/  (thư mục làm việc: {workspace})")
    for account in accounts:
        say(f"  {account.role:<9} {account.username:<20} mật khẩu: {account.password:<15} {account.unit}")
    say("Nhấn Ctrl+C để dừng.")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
