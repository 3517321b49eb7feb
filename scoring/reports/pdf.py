"""PDF copies of written documents through LibreOffice (``soffice --headless --convert-to pdf``).

LibreOffice is optional: ``dvk rank --pdf`` checks for it before any work starts
(:func:`require_soffice`) so a missing installation is one clear message, not a half-done run.
Each conversion uses its own throw-away LibreOffice profile, so a LibreOffice window the user has
open (or a second dvk) does not make the conversion silently do nothing.

The documents name Times New Roman (Decree 30).  Where it is not installed (Linux), LibreOffice
prints Liberation Serif, its metric twin: version 2 (Debian's ``fonts-liberation2``) has every
Vietnamese letter, version 1 does not (LibreOffice would then print those letters in another font).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from scoring.core.findings import DvkError, Location, make

TIMEOUT_S = 300
_NAMES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    """The LibreOffice program; a :class:`DvkError` saying what to do when it is missing."""
    found = find_soffice()
    if found is None:
        raise DvkError([make("pdf-no-libreoffice", Location())])
    return found


def to_pdf(source: Path, out_dir: Path) -> Path:
    """Convert ``source`` (docx, xlsx) to ``out_dir/<stem>.pdf``; return the PDF's path."""
    soffice = require_soffice()
    target = out_dir / f"{source.stem}.pdf"
    with tempfile.TemporaryDirectory(prefix="dvk-soffice-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(out_dir), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S,
                                  env=dict(os.environ, HOME=profile))
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DvkError([make("pdf-failed", Location(file=str(source)), file=source.name,
                                 reason=f"{type(exc).__name__}")]) from None
    if done.returncode != 0 or not target.is_file():
        reason = (done.stderr or done.stdout or f"mã thoát {done.returncode}").strip()[-300:]
        raise DvkError([make("pdf-failed", Location(file=str(source)), file=source.name, reason=reason)])
    return target
