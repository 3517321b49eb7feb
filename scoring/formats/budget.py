"""Resource budgets of a workbook, checked on its bytes before any parser allocates for it.

calamine turns a sheet into a dense grid from its first to its last cell (and dvk's grids start
at A1), so one cell at XFD1048576 asks for a 512 GiB grid, and a shared-strings table declaring
4e9 entries asks for 96 GB: both abort the process.  Before parsing, every worksheet part is
inflated (its declared size is already bounded by :mod:`~scoring.formats.safety`) and checked:

- its declared ``<dimension>`` and every cell coordinate stay within :data:`MAX_ROWS` rows and
  :data:`MAX_COLS` columns: one regular-expression search over the XML, in C, for a cell or row
  tag that is not spelled the normal way with a coordinate inside the budget
  (``<c r="CZ9999"``, ``<row r="9999"``); it finds nothing in a normal file;
- anything else (a coordinate past the budget, cells without one, odd spacing, a namespace
  prefix) is rare: only then is every row and cell walked to compute the positions a parser
  would give them, and the limit checked on those;
- the shared-strings table declares at most :data:`MAX_SHARED_STRINGS` entries (its head only).
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

from scoring.core.findings import DvkError, Location, make
from scoring.formats.sheetxml import sheet_parts

try:  # ISA-L inflates about twice as fast as zlib; the check inflates every sheet before calamine does
    from isal.isal_zlib import decompressobj as _decompressobj
    from isal.isal_zlib import error as _IsalError
except ImportError:  # (a platform without its wheel)
    from zlib import decompressobj as _decompressobj
    _IsalError = zlib.error

#: What inflating a corrupt member raises (with ValueError and struct.error for a bad header).
INFLATE_ERRORS = (zlib.error, _IsalError)

#: A self-assessment sheet has a row per criterion: a few hundred rows, a dozen columns.
MAX_ROWS = 9_999
MAX_COLS = 104  # column CZ
MAX_CELLS = MAX_ROWS * MAX_COLS
MAX_SHARED_STRINGS = 100_000
#: Inflated size of one worksheet part.
MAX_SHEET_XML = 16 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The budget of one kind of workbook; the default is a unit's self-assessment form.

    The roster (:mod:`scoring.workspace.rosterfile`) and the round's council sheets
    (:data:`scoring.formats.safety.COUNCIL`: a row per unit, three columns per criterion) are
    legitimately longer or wider and get their own, checked the same way.  The quick check proves
    a coordinate inside the largest box spelled by digits and letters alone (9_999 or 99_999
    rows; Z or CZ) within ``rows`` × ``cols``; a sheet past that box is walked and the limits
    checked on the positions found.
    """

    rows: int = MAX_ROWS
    cols: int = MAX_COLS
    shared_strings: int = MAX_SHARED_STRINGS
    sheet_xml: int = MAX_SHEET_XML
    #: Rows × columns of the used area (the dense grid calamine allocates; None: rows × cols).
    cells: int | None = None
    #: The file's size and the zip's declared unpacked size (None: :mod:`~scoring.formats.safety`'s).
    file_bytes: int | None = None
    unpacked: int | None = None


#: A unit's self-assessment form (``dvk rank``, ``round collect``).
FORM = Limits()

_LOCAL = struct.Struct("<4s22xHH")  # local file header: signature … name length, extra length
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref\s*=\s*["\']([^"\']*)["\']')


# A cell or row tag other than <c r="A1"…CZ9999"> / <row r="1"…"9999"> (a coordinate past the
# budget, none, odd spacing or quoting, r not first): its literal start keeps the search in C,
# and in a normal file it finds nothing.  One pass: the sheet XML is most of what is inflated.
@lru_cache(maxsize=None)
def _unusual(rows: int, cols: int) -> re.Pattern[bytes]:
    digits = len(str(rows + 1)) - 1  # the largest all-nines number within ``rows`` has this many digits
    letters = rb"[A-Ca-c]?[A-Za-z]" if cols >= 104 else rb"[A-Za-z]"  # CZ, or Z (every budget has ≥ 26)
    return re.compile(rb'<(?:c(?! r="%s[1-9][0-9]{0,%d}")|row(?! r="[1-9][0-9]{0,%d}"))[\s>/]'
                      % (letters, digits - 1, digits - 1))


_MAIN_NS = b'spreadsheetml/2006/main"'
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s>/])([^>]*)>")
_REF = re.compile(rb'(?<![\w:.-])r\s*=\s*["\']([A-Za-z]*)([0-9]*)["\']')
_COUNTS = re.compile(rb'\s(?:count|uniqueCount)\s*=\s*["\']\s*([0-9]+)')


def check_budget(data: bytes, members: list[tuple[str, int, int, int]], where: Location,
                 limits: Limits = FORM) -> None:
    """Raise ``workbook-too-large`` naming the limit if a worksheet or the shared strings exceed it.

    ``members``: (name, compression method, uncompressed size, local header offset) of the zip.
    """
    for name, method, size, offset in members:
        lower = name.lower()
        if lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
            problem = (f"quá lớn ({size // 1048576} MB khi giải nén, giới hạn {limits.sheet_xml // 1048576} MB)"
                       if size > limits.sheet_xml
                       else _sheet_problem(_inflate(data, method, offset, limits.sheet_xml + 1), limits))
            if problem:
                _refuse(where, f"trang tính '{_sheet_name(data, members, name)}' {problem}")
        elif lower == "xl/sharedstrings.xml":
            head = _inflate(data, method, offset, 2048)
            for count in _COUNTS.findall(head[:head.find(b">", head.find(b"sst")) + 1] or head):
                if int(count) > limits.shared_strings:
                    _refuse(where, f"bảng chuỗi dùng chung khai báo {thousands(int(count))} chuỗi (giới hạn "
                                   f"{thousands(limits.shared_strings)})")


def _inflate(data: bytes, method: int, offset: int, limit: int) -> bytes:
    """At most ``limit`` bytes of the member whose local header is at ``offset``."""
    signature, name_len, extra_len = _LOCAL.unpack_from(data, offset)
    if signature != b"PK\x03\x04":
        raise ValueError("bad local header")
    start = offset + _LOCAL.size + name_len + extra_len
    if method == 0:
        return data[start:start + limit]
    return _decompressobj(-15).decompress(data[start:], limit)


def _sheet_problem(xml: bytes, limits: Limits = FORM) -> str | None:
    """What in a worksheet's XML is past the budget, or None."""
    dimension = _DIMENSION.search(xml, 0, 4096)
    if dimension:
        problem = _excess(*_extent(dimension.group(1).split(b":")[-1]), "vùng dữ liệu khai báo", limits)
        if problem:
            return problem
    first_ns = xml.find(_MAIN_NS)
    if _unusual(limits.rows, limits.cols).search(xml) or xml.find(_MAIN_NS, first_ns + 1) >= 0:
        return _excess(*_walk(xml, limits), "ô dữ liệu", limits)
    return None


def _sheet_name(data: bytes, members: list[tuple[str, int, int, int]], part: str) -> str:
    """The name a person sees on the tab of worksheet ``part`` (the part itself if not found)."""
    found = {name.lower(): (method, offset) for name, method, _size, offset in members}
    try:
        book, rels = (_inflate(data, *found[name], MAX_SHEET_XML).decode("utf-8", "replace")
                      for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"))
    except (KeyError, ValueError, struct.error, *INFLATE_ERRORS):
        return part
    return next((sheet for sheet, member in sheet_parts(book, rels).items()
                 if member.lower() == part.lower()), part)


def _extent(ref: bytes) -> tuple[int, int]:
    """(row, column) numbers of a cell reference such as ``XFD1048576`` (0 where absent)."""
    match = re.fullmatch(rb"\$?([A-Za-z]*)\$?([0-9]*)", ref.strip())
    if not match:
        return 0, 0
    letters, digits = match.groups()
    col = 0
    for letter in letters.upper()[:8]:
        col = col * 26 + letter - 64
    return (int(digits[:12]) if digits else 0), col


def _walk(xml: bytes, limits: Limits = FORM) -> tuple[int, int]:
    """The last row and column a parser would place a cell at (explicit or implied coordinates).

    Rows without cells and empty cells (``<c r="A1048576" s="1"/>``: formatting only) place
    nothing, as in calamine: blank formatted rows at the bottom of a sheet are no cost.
    """
    row = col = last_row = last_col = 0
    for tag, attrs in _TAG.findall(xml):
        ref = _REF.search(attrs)
        if tag == b"row":
            row = int(ref.group(2)[:12]) if ref and ref.group(2) else row + 1
            col = 0
            continue
        if ref and (ref.group(1) or ref.group(2)):
            cell_row, col = _extent(ref.group(1) + ref.group(2))
            cell_row = cell_row or row
        else:
            col, cell_row = col + 1, row
        if attrs.endswith(b"/"):
            continue
        last_row, last_col = max(last_row, cell_row), max(last_col, col)
        if last_row > limits.rows or last_col > limits.cols:
            break
    return last_row, last_col


def _excess(rows: int, cols: int, what: str, limits: Limits = FORM) -> str | None:
    most = limits.cells or limits.rows * limits.cols
    if rows > limits.rows or cols > limits.cols or rows * cols > most:
        cells = f", {thousands(most)} ô" if most < limits.rows * limits.cols else ""
        return (f"có {what} tới {thousands(rows)} hàng × {thousands(cols)} cột (giới hạn {thousands(limits.rows)} hàng, "
                f"{thousands(limits.cols)} cột{cells})")
    return None


def thousands(number: int) -> str:
    """1048576 → "1.048.576" (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def _refuse(where: Location, reason: str) -> None:
    raise DvkError([make("workbook-too-large", where, reason=reason)])
