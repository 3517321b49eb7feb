"""The round's two sheets that go out and come back: the council's appraisal sheet and the
units' explanations sheet.

Each carries a very hidden ``_dvk`` sheet naming what it is and whose it is: its kind, the
round's code *and identity* (``Round.uid``: two workspaces may each have a round ``2025-nam``),
the ruleset version it was made on, and (appraisal) the block sheets it holds.  A returned sheet
is read as untrusted input, under the same resource checks as a unit's workbook in ``dvk rank``
(:func:`scoring.formats.safety.check_file`, with the council sheets' own limits: a row per unit,
three columns per criterion) and with the same reader (python-calamine, a plain grid).

A sheet made before rounds had an identity has no ``round_uid``: it is refused (it could come
from another workspace with a round of the same code) with a message saying how to carry its
values over to a sheet made now.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from scoring.core.findings import DvkError, Location, make

META_SHEET = "_dvk"
#: Kind → (what a person calls it, the command that makes it, the command that reads it).
KINDS = {"appraisal": ("bảng thẩm định", "appraisal-sheet", "import-appraisal"),
         "explanations": ("bảng giải trình", "explanations-sheet", "explanations")}
_UNKNOWN = {"appraisal": "appraisal-sheet-unknown", "explanations": "explanations-sheet-unknown"}


def write_meta(book, round_, kind: str, sheets: Sequence[str] = (), printed: Sequence[str] = (),
               unit: str | None = None) -> None:
    """Add the very hidden ``_dvk`` sheet saying what ``book`` is and whose (an openpyxl workbook):
    ``sheets`` are read back, ``printed`` are for paper only; ``unit``: the code of the one unit
    whose sheet it is (its rows only are read back)."""
    meta = book.create_sheet(META_SHEET)
    stored = round_.ruleset
    for row in (("round", round_.code), ("round_uid", str(round_.uid)), ("ruleset_id", stored.ruleset_id),
                ("version", stored.version), ("fingerprint", stored.fingerprint), ("kind", kind),
                ("sheets", *sheets), ("print", *printed), *((("unit", unit),) if unit else ())):
        meta.append(list(row))
    meta.sheet_state = "veryHidden"


def open_council_book(path: Path, round_, kind: str):
    """The returned sheet ``path`` as a :class:`scoring.formats.grid.Book`, checked to be a ``kind``
    sheet dvk made for ``round_`` of this workspace; its meta as a dict (``sheets``: a tuple)."""
    from scoring.formats.grid import Book
    from scoring.formats.safety import COUNCIL, check_file

    import scoring.workbook.codes  # noqa: F401 - registers the workbook-* findings check_file raises

    book = Book(path, "calamine", check_file(path, members=False, limits=COUNCIL))
    return book, check_meta(book, round_, path, kind)


def read_meta(book) -> dict[str, object] | None:
    """The ``_dvk`` sheet's rows as a dict (``sheets``: a tuple of names), or None if it has none."""
    if META_SHEET not in book.sheet_names:
        return None
    meta: dict[str, object] = {}
    grid = book.grid(META_SHEET)
    for row in range(min(len(grid), 50)):
        key = grid.get(row, 0)
        if key is None:
            continue
        line = grid.line(row)[1:]
        if str(key) in ("sheets", "print"):
            meta[str(key)] = tuple(str(v) for v in line if v is not None)
        else:
            meta[str(key)] = "" if not line or line[0] is None else str(line[0])
    return meta


def check_meta(book, round_, path: Path, kind: str) -> dict[str, object]:
    """Refuse a workbook that is not a ``kind`` sheet dvk made for this very round; its meta."""
    name, command, _reader = KINDS[kind]
    where = Location(file=str(path), sheet=META_SHEET)
    meta = read_meta(book)
    if meta is None or meta.get("kind") not in KINDS:
        raise DvkError([make(_UNKNOWN[kind], Location(file=str(path)))])
    if meta["kind"] != kind:
        got, _maker, reader = KINDS[str(meta["kind"])]
        raise DvkError([make("council-sheet-wrong-kind", where, got=got, expected=name, command=command,
                             reader=reader)])
    stored = round_.ruleset
    for key, what, expected in (("round", "đợt", round_.code), ("ruleset_id", "bộ tiêu chí", stored.ruleset_id),
                                ("version", "phiên bản bộ tiêu chí", stored.version),
                                ("fingerprint", "bản bộ tiêu chí (dấu vân tay)", stored.fingerprint)):
        if meta.get(key) != expected:
            raise DvkError([make("appraisal-sheet-other-round", where, kind=name.capitalize(), what=what,
                                 got=meta.get(key, "?"), expected=expected, command=command)])
    uid = meta.get("round_uid")
    if not uid:
        raise DvkError([make("council-sheet-no-identity", where, kind=name.capitalize(), command=command)])
    if uid != str(round_.uid):
        raise DvkError([make("council-sheet-other-workspace", where, kind=name.capitalize(), round=round_.code,
                             command=command)])
    return meta
