"""Writing workbooks whole or not at all, with reproducible bytes.

openpyxl stamps the save time into docProps/core.xml and every zip entry; :func:`save_workbook`
replaces both with a fixed moment so that regenerating a file gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")
_CREATED = re.compile(rb"<dcterms:created([^>]*)>[^<]*</dcterms:created>")


@contextmanager
def atomic_target(out: str | Path) -> Iterator[Path]:
    """A temporary path next to ``out``; moved onto ``out`` only if the block succeeds."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix or ".tmp", dir=out.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def stamp(when: dt.datetime = FIXED_TIME) -> bytes:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def rewrite_zip(source: Path, target: Path, replace: dict[str, bytes] | None = None,
                when: dt.datetime = FIXED_TIME) -> None:
    """Copy a zip with fixed entry times and core-property dates; ``replace`` swaps members."""
    replace = replace or {}
    date_time = when.timetuple()[:6]
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
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
    with atomic_target(out) as tmp:
        raw = tmp.with_name(tmp.name + ".raw")
        try:
            wb.save(raw)
            rewrite_zip(raw, tmp, replace=stored_members(raw, results), when=when)
        finally:
            if raw.exists():
                raw.unlink()
    return out


@contextmanager
def output_file(out: str | Path) -> Iterator[Path]:
    """:func:`atomic_target`, an OS error (the file open in Excel, a full disk, no permission)
    raised as the located ``output-unwritable`` finding instead."""
    from scoring.core.findings import DvkError, Location, make
    from scoring.core.oserrors import os_reason
    from scoring.core.publish import publish as _registers  # noqa: F401 - registers output-unwritable

    try:
        with atomic_target(out) as tmp:
            yield tmp
    except OSError as exc:
        raise DvkError([make("output-unwritable", Location(file=str(out)), path=out, reason=os_reason(exc))]) from None
