"""System software some tests need (LibreOffice, Chromium, PostgreSQL, poppler), installed on demand.

The README's test command must work on a fresh machine with nothing installed by hand, so a test
that needs a Debian package asks for it here: the package is installed with apt-get (as root) the
first time any test of the session needs it. Where it cannot be installed because the machine
has no apt-get or no root, the test is skipped with the reason; an apt-get that runs and fails is
a failure (CI runs as root: a silent skip there would hide the tests).

    from sysdeps import require
    soffice = require("soffice")         # path of the program, installing it if missing
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import tempfile
import threading

import pytest

# program -> (Debian packages that provide it, other names the program may have)
PROGRAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "soffice": (
        # fonts-liberation2: Liberation Serif 2.x, metric-compatible with Times New Roman (the
        # documents' font, Decree 30) and, unlike Liberation 1.x, with every Vietnamese letter
        ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "fonts-liberation2", "fonts-dejavu-core"),
        ("libreoffice",),
    ),
    "chromium": (("chromium",), ("chromium-browser",)),
    "pdftotext": (("poppler-utils",), ()),
    "pdftoppm": (("poppler-utils",), ()),
    "pg_ctl": (("postgresql",), ()),
    "pg_dump": (("postgresql-client",), ()),  # with pg_restore: dvk workspace backup/restore
    "pdffonts": (("poppler-utils",), ()),
    # the reverse proxies of dvk deploy's Linux recipe, run in front of dvk serve on loopback
    "nginx": (("nginx",), ()),
    "caddy": (("caddy",), ()),
}

#: Font files a program's output needs, with the packages that bring them: installed with the
#: program when missing (a machine set up before a package joined the program's list gets it too).
FONTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "soffice": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", ("fonts-liberation2",)),
}

_lock = threading.Lock()
_updated = False
_failed: dict[str, str] = {}


def _find(program: str) -> str | None:
    names = (program, *PROGRAMS.get(program, ((), ()))[1])
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    if program in ("pg_ctl", "pg_dump"):  # Debian keeps the server programs out of PATH
        import glob

        found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"))
        if found:
            return found[-1]
    return None


def _apt_install(packages: tuple[str, ...]) -> str | None:
    """Install packages; return None on success, else why not."""
    global _updated
    if shutil.which("apt-get") is None:
        return "apt-get không có trên máy này"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return "cần quyền root để cài " + " ".join(packages)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if not _updated:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        _updated = True
    done = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        return "apt-get install thất bại: " + done.stderr[-500:]
    return None


@contextlib.contextmanager
def _machine_lock():
    """One installer at a time on this machine: pytest-xdist's workers are separate processes, and
    two apt-get runs at once fail on dpkg's lock."""
    with _lock, open(os.path.join(tempfile.gettempdir(), "dvk-test-sysdeps.lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def find_or_install(program: str) -> str | None:
    """The program's path, installing its Debian packages if it is missing; None if impossible."""
    with _machine_lock():
        path = _find(program)
        font = FONTS.get(program)
        if path and font and not os.path.exists(font[0]) and program not in _failed:
            why = _apt_install(font[1])
            if why:
                _failed[program] = why
                return None
        if path or program in _failed:
            return path
        packages = PROGRAMS[program][0]
        why = _apt_install(packages)
        if why:
            _failed[program] = why
            return None
        return _find(program)


def require(program: str) -> str:
    """The program's path; the calling test is skipped (with the reason) if it cannot be had."""
    path = find_or_install(program)
    if path is None:
        why = _failed.get(program, "không tìm thấy")
        if why.startswith("apt-get install"):
            pytest.fail(f"{program}: {why}")
        pytest.skip(f"{program}: {why}")
    return path
