"""Writing workbooks whole or not at all, with reproducible bytes.

openpyxl stamps the save time into docProps/core.xml and every zip entry; :func:`save_workbook`
replaces both with a fixed moment so that regenerating a file gives identical bytes.

Every file written to a path the user named goes through :func:`output_file`: a temporary file
beside the target, renamed onto it only when whole, an OS error (full disk, read-only folder, a
parent that is a file, the file open in Excel) raised as the located ``output-unwritable``
finding, nothing left behind.  Workbooks are assembled in memory first (:func:`book_bytes`):
openpyxl leaves its zip file unclosed when a write fails, and its ``ZipFile.__del__`` then prints
a second traceback at exit.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from scoring.core.oserrors import make_parent, unwritable, usual_mode

FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")
_CREATED = re.compile(rb"<dcterms:created([^>]*)>[^<]*</dcterms:created>")


@contextmanager
def atomic_target(out: str | Path) -> Iterator[Path]:
    """A temporary path next to ``out``; moved onto ``out`` only if the block succeeds."""
    out = Path(out)
    make_parent(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix or ".tmp", dir=out.parent)
    os.close(fd)
    usual_mode(tmp)  # mkstemp makes 0600; outputs get the usual permissions
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def book_bytes(wb: Any) -> bytes:
    """An openpyxl workbook saved in memory (a disk error can then only strike our own write)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def stamp(when: dt.datetime = FIXED_TIME) -> bytes:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def rewrite_zip(source: Path | io.BytesIO, target: Path, replace: dict[str, bytes] | None = None,
                when: dt.datetime = FIXED_TIME) -> None:
    """Copy a zip with fixed entry times and core-property dates; ``replace`` swaps members."""
    replace = replace or {}
    date_time = when.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename)
            if data is None:
                data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"<dcterms:modified\1>" + stamp(when) + rb"</dcterms:modified>", data)
                data = _CREATED.sub(rb"<dcterms:created\1>" + stamp(when) + rb"</dcterms:created>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            zout.writestr(entry, data)
    Path(target).write_bytes(buffer.getvalue())


def save_workbook(wb: Any, out: str | Path, when: dt.datetime = FIXED_TIME) -> Path:
    """Save an openpyxl workbook atomically with reproducible bytes.

    Every formula dvk can evaluate gets its result stored (:mod:`scoring.formats.cached`), for
    previews that do not calculate, and the workbook asks Excel to recalculate every formula
    when it is opened all the same.
    """
    from scoring.formats.cached import formula_results, stored_members

    out = Path(out)
    wb.properties.created = when
    wb.calculation.fullCalcOnLoad = True
    results = formula_results(wb)
    raw = io.BytesIO(book_bytes(wb))
    with output_file(out) as tmp:
        rewrite_zip(raw, tmp, replace=stored_members(raw, results), when=when)
    return out


@contextmanager
def output_file(out: str | Path) -> Iterator[Path]:
    """:func:`atomic_target`, an OS error (the file open in Excel, a full disk, no permission)
    raised as the located ``output-unwritable`` finding instead."""
    with unwritable(out), atomic_target(out) as tmp:
        yield tmp
