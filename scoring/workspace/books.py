"""Saving the workspace's workbooks: whole or not at all, OS errors as located findings."""

from __future__ import annotations

import os
from pathlib import Path

from scoring.core.findings import DvkError, Location, make
from scoring.core.oserrors import os_reason
from scoring.core.publish import publish as _registers_output_findings  # noqa: F401 - output-unwritable
from scoring.formats.textcells import literal_text


def save_book(book, path: Path) -> Path:
    """Save an openpyxl workbook under a temporary name, then rename it into place.  The
    workspace's workbooks hold data only: a text that looks like a formula stays text
    (:func:`~scoring.formats.textcells.literal_text`)."""
    literal_text(book)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        book.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DvkError([make("output-unwritable", Location(file=str(path)), path=path,
                             reason=os_reason(exc))]) from None
    return path
