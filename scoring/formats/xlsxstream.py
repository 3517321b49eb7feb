"""A small streaming ``.xlsx`` writer for the report tables: inline strings, one fixed style sheet.

xlsxwriter spends about 5 µs per cell (a cell object, a dimension check, then XML escaping at
close); a round of 10,000 units is a million cells.  This writer renders each body row straight to
XML text and streams it into the zip, about five times faster.  It only knows what the reports
need: text cells in a few fixed rows (titles, headers, labels), typed body rows under them, column
widths, a frozen pane, an autofilter, repeated print rows, and one page setup for every sheet
(A4 landscape, fitted to the page width, a centred footer).

Strings are inline (``t="inlineStr"``), never formulas; numbers are written as the float Excel
would store; ``None`` and ``""`` are empty cells that keep their style (the border).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

#: Style names in ``xl/styles.xml`` order: a cell's ``s`` attribute is the position here.
STYLES = ("default", "title", "subtitle", "warning", "header", "int", "text", "number", "label", "plain",
          "agency", "national", "dateline", "sign", "general")
_STYLE = {name: i for i, name in enumerate(STYLES)}
EXCEL_MAX_TEXT = 32767
_ROWS_PER_WRITE = 2000
#: A4 landscape width inside the margins below, in points, and the smallest print scale allowed:
#: the 12 pt body must not print under 10 pt.  A sheet wider than fits at that scale prints at it,
#: across pages, with its first columns repeated (:attr:`Sheet.print_cols`).
PRINTABLE_PT = (11.69 - 0.5 - 0.4) * 72
MIN_SCALE = 85
_EXACT_INT = 10**15  # below this an int's text is the same as its float's to 16 digits

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument"

# Characters XML 1.0 cannot carry, Excel's own _xHHHH_ escapes (so a literal one survives), and
# edge whitespace (kept only with xml:space="preserve"): strings with none of these are copied as is.
_CARE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_|^\s|\s$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


@dataclass
class Sheet:
    """One worksheet.  Rows and columns are 0-based, as in xlsxwriter.

    ``cells`` are the fixed text cells (row, col, text, style) above ``body``, which starts at
    ``body_row`` and is written with one style per column (``body_styles``).  ``heights`` (by
    0-based row) applies to fixed and body rows alike.
    """

    name: str
    widths: Sequence[float]
    cells: Sequence[tuple[int, int, str, str]] = ()
    heights: Mapping[int, float] = field(default_factory=dict)
    body_row: int = 0
    body: Sequence[Sequence[Any]] = ()
    body_styles: Sequence[str] = ()
    frozen_rows: int = 0
    autofilter: tuple[int, int, int, int] | None = None  # first row, first col, last row, last col
    print_rows: tuple[int, int] | None = None  # rows repeated on every printed page
    footer: str = ""
    #: Merged ranges (first row, first col, last row, last col), e.g. a title across the table.
    merges: Sequence[tuple[int, int, int, int]] = ()
    #: Text cells below the body (a signature block): rows are absolute, after the body's last row.
    tail: Sequence[tuple[int, int, str, str]] = ()
    #: Columns repeated on the left of every printed page when the sheet is too wide for one.
    print_cols: tuple[int, int] | None = None
    #: Dropdowns: (first row, first col, last row, last col, the items offered); another value
    #: typed is warned about, not refused (the reader of the file decides).
    dropdowns: Sequence[tuple[int, int, int, int, tuple[str, ...]]] = ()


def write_workbook(path: Path, sheets: Sequence[Sheet], *, title: str = "", subject: str = "",
                   comments: str = "") -> Path:
    """Write ``sheets`` to a new workbook at ``path`` (replaced if it exists)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr(_entry("[Content_Types].xml"), _content_types(len(sheets)))
        book.writestr(_entry("_rels/.rels"), _ROOT_RELS)
        book.writestr(_entry("docProps/app.xml"), _APP)
        book.writestr(_entry("docProps/core.xml"), _core(title, subject, comments))
        book.writestr(_entry("xl/workbook.xml"), _workbook(sheets))
        book.writestr(_entry("xl/_rels/workbook.xml.rels"), _workbook_rels(len(sheets)))
        book.writestr(_entry("xl/styles.xml"), _STYLES_XML)
        for n, sheet in enumerate(sheets, start=1):
            with book.open(_entry(f"xl/worksheets/sheet{n}.xml"), "w") as part:
                for chunk in _sheet_xml(sheet, selected=n == 1):
                    part.write(chunk.encode("utf-8", "replace"))
    return path


# --- cells --------------------------------------------------------------------------------------

def column_letter(col: int) -> str:
    """'A' for 0, 'Z' for 25, 'AA' for 26."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    """The ``<is>`` element of an inline string, escaped for XML and for Excel."""
    if len(value) > EXCEL_MAX_TEXT:
        value = value[:EXCEL_MAX_TEXT]
    if not _CARE.search(value):
        return f"<is><t>{value}</t></is>"
    value = _LITERAL_ESCAPE.sub(lambda m: "_x005F" + m.group(), value)
    value = escape(_CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value))
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<is><t{space}>{value}</t></is>"


def _number(value: Decimal | int) -> str | None:
    """The text of a number cell (xlsxwriter's: the float, 16 significant digits), or None if the
    value has no Excel number (NaN, infinity)."""
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return f"{number:.16G}"


def _body_rows(sheet: Sheet) -> Iterator[str]:
    """The body rows as XML, a few thousand rows per string.  Dispatches on the exact type first
    and memoises number and string renderings: a big round writes about a million cells."""
    columns = [(f'<c r="{column_letter(col)}', f'" s="{_STYLE[style]}"')
               for col, style in enumerate(sheet.body_styles)]
    numbers: dict[Any, str | None] = {}
    texts: dict[str, str] = {}
    parts: list[str] = []
    heights = sheet.heights
    for n, row in enumerate(sheet.body, start=sheet.body_row + 1):
        height = heights.get(n - 1)
        parts.append(f'<row r="{n}" ht="{height:g}" customHeight="1">' if height else f'<row r="{n}">')
        for (ref, style), value in zip(columns, row):
            kind = value.__class__
            if kind is int and -_EXACT_INT < value < _EXACT_INT:  # row numbers and ranks
                parts.append(f"{ref}{n}{style}><v>{value}</v></c>")
                continue
            if kind is Decimal or kind is int:
                text = numbers.get(value, "")
                if text == "":
                    text = numbers[value] = _number(value)
                if text is not None:
                    parts.append(f"{ref}{n}{style}><v>{text}</v></c>")
                    continue
            elif value is None or value == "":
                parts.append(f"{ref}{n}{style}/>")
                continue
            if kind is not str:
                value = str(value)
            inline = texts.get(value)
            if inline is None:
                inline = texts[value] = _text(value)
            parts.append(f'{ref}{n}{style} t="inlineStr">{inline}</c>')
        parts.append("</row>")
        if n % _ROWS_PER_WRITE == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts)


def _fixed_rows(sheet: Sheet, cells: Sequence[tuple[int, int, str, str]] | None = None) -> str:
    rows: dict[int, list[tuple[int, str, str]]] = {}
    for row, col, text, style in sheet.cells if cells is None else cells:
        rows.setdefault(row, []).append((col, text, style))
    out = []
    for row in sorted(rows):
        height = sheet.heights.get(row)
        size = f' ht="{height:g}" customHeight="1"' if height is not None else ""
        out.append(f'<row r="{row + 1}"{size}>')
        for col, text, style in sorted(rows[row]):
            ref = f"{column_letter(col)}{row + 1}"
            if text:
                out.append(f'<c r="{ref}" s="{_STYLE[style]}" t="inlineStr">{_text(text)}</c>')
            else:
                out.append(f'<c r="{ref}" s="{_STYLE[style]}"/>')
        out.append("</row>")
    return "".join(out)


# --- parts --------------------------------------------------------------------------------------

def _sheet_xml(sheet: Sheet, *, selected: bool) -> Iterator[str]:
    if sheet.body and any(row >= sheet.body_row for row, *_ in sheet.cells):
        raise ValueError(f"fixed cells overlap the body of sheet {sheet.name!r}")
    if any(row < sheet.body_row + len(sheet.body) for row, *_ in sheet.tail):
        raise ValueError(f"tail cells overlap the body of sheet {sheet.name!r}")
    fits = fits_width(sheet.widths)
    fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if fits else ""
    yield (f'{_HEAD}<worksheet {_NS} {_NS_R}>{fit}'
           f'<dimension ref="{_dimension(sheet)}"/><sheetViews>{_view(sheet, selected)}</sheetViews>'
           f'<sheetFormatPr defaultRowHeight="15"/>{_cols(sheet.widths)}<sheetData>{_fixed_rows(sheet)}')
    if sheet.body:
        yield from _body_rows(sheet)
    tail = [_fixed_rows(sheet, sheet.tail), "</sheetData>"]
    if sheet.autofilter:
        tail.append(f'<autoFilter ref="{_range(*sheet.autofilter)}"/>')
    if sheet.merges:
        tail.append(f'<mergeCells count="{len(sheet.merges)}">'
                    + "".join(f'<mergeCell ref="{_range(*m)}"/>' for m in sheet.merges) + "</mergeCells>")
    if sheet.dropdowns:
        tail.append(_dropdowns(sheet.dropdowns))
    scale = "" if fits else f' scale="{MIN_SCALE}"'
    tail.append('<pageMargins left="0.5" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
                f'<pageSetup paperSize="9"{scale} fitToHeight="0" orientation="landscape"/>')
    if sheet.footer:
        tail.append(f"<headerFooter><oddFooter>{escape(sheet.footer)}</oddFooter></headerFooter>")
    tail.append("</worksheet>")
    yield "".join(tail)


def _dropdowns(dropdowns: Sequence[tuple[int, int, int, int, tuple[str, ...]]]) -> str:
    """The <dataValidations> of list dropdowns (items in the formula: no comma, 255 characters)."""
    parts = []
    for first_row, first_col, last_row, last_col, items in dropdowns:
        listed = ",".join(item.replace('"', '""') for item in items)
        if any("," in item for item in items) or len(listed) > 255:
            raise ValueError(f"dropdown items cannot be listed inline: {items!r}")
        parts.append(f'<dataValidation type="list" errorStyle="warning" allowBlank="1" showInputMessage="1" '
                     f'showErrorMessage="1" sqref="{_range(first_row, first_col, last_row, last_col)}">'
                     f'<formula1>{escape(chr(34) + listed + chr(34))}</formula1></dataValidation>')
    return f'<dataValidations count="{len(parts)}">{"".join(parts)}</dataValidations>'


def printed_width(widths: Sequence[float]) -> float:
    """The printed width of columns at 100 %, in points: a width unit is a digit of the default font
    (Times New Roman 12: 8 pixels on screen, but LibreOffice prints Liberation Serif's digit at
    about 8.35: measured on a 15-column sheet it fitted at 81.7 % where 8 pixels said 85.5 %), plus
    5 pixels of padding."""
    return sum((w * 8.4 + 5) * 0.75 for w in widths if w > 0)


def first_page_columns(widths: Sequence[float]) -> int:
    """How many leading columns print on the first page at :data:`MIN_SCALE` %."""
    room = PRINTABLE_PT * 100 / MIN_SCALE
    for count in range(1, len(widths) + 1):
        if printed_width(widths[:count]) > room:
            return max(count - 1, 1)
    return len(widths)


#: The narrowest a column is made to fit the page: a short word a line of wrapped text, a score
#: ("100.00") on one line.
MIN_TEXT_WIDTH, MIN_NUMBER_WIDTH = 8.0, 7.0


def fit_widths(widths: Sequence[float], wrapping: Sequence[bool],
               floors: Sequence[float] | None = None,
               fits: Callable[[Sequence[float]], bool] | None = None) -> list[float]:
    """``widths`` narrowed until the table fits the page width at :data:`MIN_SCALE` %, so it prints
    one page wide with its text on more lines instead of in column bands (headers wrap).

    Number columns are narrowed first, then the widest ``wrapping`` columns to one common cap;
    no column goes under its floor (``floors``, else :data:`MIN_TEXT_WIDTH` for text and
    :data:`MIN_NUMBER_WIDTH` for numbers).  Unchanged when it fits already, and when even the
    floors do not fit (a wide matrix prints in bands at its own widths).  ``fits``: whether widths
    fit the page (default :func:`fits_width`; openpyxl sheets measure in their own font)."""
    fit = fits or fits_width
    widths = list(widths)
    floors = [min(w, f) for w, f in zip(widths, floors or [MIN_TEXT_WIDTH if wrap else MIN_NUMBER_WIDTH
                                                          for wrap in wrapping])]
    if fit(widths) or not fit(floors):
        return widths
    for narrowed in (False, True):  # numbers first; text only if they are not enough
        def capped(cap: float) -> list[float]:
            return [min(w, max(cap, f)) if narrowed or not wrap else w
                    for w, f, wrap in zip(widths, floors, wrapping)]
        if fit(capped(0)):
            break
        widths = capped(0)
    low, high = 0.0, max(widths)
    while high - low > 0.25:  # the widest cap that fits
        middle = (low + high) / 2
        low, high = (middle, high) if fit(capped(middle)) else (low, middle)
    return [int(w * 10) / 10 for w in capped(low)]  # (rounded down: rounding up could overflow)


def fits_width(widths: Sequence[float]) -> bool:
    """True when the columns fit the page width at :data:`MIN_SCALE` % or more."""
    return printed_width(widths) * MIN_SCALE / 100 <= PRINTABLE_PT


def _range(row1: int, col1: int, row2: int, col2: int, absolute: bool = False) -> str:
    d = "$" if absolute else ""
    return f"{d}{column_letter(col1)}{d}{row1 + 1}:{d}{column_letter(col2)}{d}{row2 + 1}"


def _dimension(sheet: Sheet) -> str:
    rows = [row for row, *_ in (*sheet.cells, *sheet.tail)]
    cols = [col for _, col, *_ in (*sheet.cells, *sheet.tail)]
    if sheet.body:
        rows += [sheet.body_row, sheet.body_row + len(sheet.body) - 1]
        cols += [0, len(sheet.body_styles) - 1]
    if not rows:
        return "A1"
    return _range(min(rows), min(cols), max(rows), max(cols))


def _view(sheet: Sheet, selected: bool) -> str:
    tab = ' tabSelected="1"' if selected else ""
    if not sheet.frozen_rows:
        return f'<sheetView{tab} workbookViewId="0"/>'
    top = f"A{sheet.frozen_rows + 1}"
    return (f'<sheetView{tab} workbookViewId="0"><pane ySplit="{sheet.frozen_rows}" topLeftCell="{top}" '
            f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>')


def excel_width(width: float) -> float:
    """The stored column width for ``width`` characters (Calibri 11: 7 pixels a digit, 5 padding)."""
    if width <= 0:
        return 0.0
    pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
    return int(pixels / 7 * 256) / 256


def _cols(widths: Sequence[float]) -> str:
    if not widths:
        return ""
    cols = "".join(f'<col min="{i}" max="{i}" width="{excel_width(w)}" customWidth="1"/>'
                   for i, w in enumerate(widths, start=1))
    return f"<cols>{cols}</cols>"


def _workbook(sheets: Sequence[Sheet]) -> str:
    entries = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{n}" r:id="rId{n}"/>'
                      for n, s in enumerate(sheets, start=1))
    names = []
    for i, s in enumerate(sheets):
        quoted = escape("'" + s.name.replace("'", "''") + "'")
        if s.autofilter:
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                         f"{quoted}!{_range(*s.autofilter, absolute=True)}</definedName>")
    for i, s in enumerate(sheets):
        quoted = escape("'" + s.name.replace("'", "''") + "'")
        titles = []
        if s.print_cols and not fits_width(s.widths):
            first, last = s.print_cols
            titles.append(f"{quoted}!${column_letter(first)}:${column_letter(last)}")
        if s.print_rows:
            first, last = s.print_rows
            titles.append(f"{quoted}!${first + 1}:${last + 1}")
        if titles:
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                         f"{','.join(titles)}</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (f'{_HEAD}<workbook {_NS} {_NS_R}><bookViews><workbookView xWindow="240" yWindow="15" '
            f'windowWidth="16095" windowHeight="9660"/></bookViews><sheets>{entries}</sheets>{defined}'
            f'<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def _workbook_rels(count: int) -> str:
    rels = [f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)]
    rels.append(f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>')
    return f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>'


def _content_types(count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                     f'ContentType="{_CT}.spreadsheetml.worksheet+xml"/>' for n in range(1, count + 1))
    return (f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
            f'<Override PartName="/docProps/core.xml" '
            f'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
            f"{sheets}</Types>")


#: Every entry and the document's dates carry one fixed moment: the same round gives the same
#: bytes (a reader compares or archives the file; the save time would tell nothing anyway).
FIXED_MOMENT = (2025, 1, 1, 0, 0, 0)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_MOMENT)
    info.compress_type = zipfile.ZIP_DEFLATED
    # level 1 as the archive's (the attribute is private before Python 3.13)
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 1)
    info.external_attr = 0o644 << 16
    return info


def _core(title: str, subject: str, comments: str) -> str:
    now = datetime(*FIXED_MOMENT, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            f'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/'
            f'dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{escape(title)}'
            f"</dc:title><dc:subject>{escape(subject)}</dc:subject><dc:description>{escape(comments)}"
            f'</dc:description><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')


_ROOT_RELS = (f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
              f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
              f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
              f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
              f"</Relationships>")

_APP = (f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>dvk</Application></Properties>")


def _font(size: int, extra: str = "", name: str = "Times New Roman") -> str:
    return f'<font>{extra}<sz val="{size}"/><name val="{name}"/><family val="2"/></font>'


def _xf(num_fmt: int, font: int, fill: int = 0, border: int = 0, align: str = "") -> str:
    applies = "".join(f' {a}="1"' for a, on in (("applyNumberFormat", num_fmt), ("applyFont", font),
                                                 ("applyFill", fill), ("applyBorder", border),
                                                 ("applyAlignment", align)) if on)
    body = f"<alignment {align}/>" if align else ""
    return f'<xf numFmtId="{num_fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"{applies}>{body}</xf>'


_MIDDLE = 'vertical="center"'
_WRAP = f'{_MIDDLE} wrapText="1"'
_CENTER_WRAP = f'horizontal="center" {_WRAP}'
# Font 0 is the workbook's default: column widths are counted in its digits.  Times New Roman (not
# Excel's Calibri) so Excel and LibreOffice (Liberation Serif, metric-compatible) print the same widths.
_FONTS = [_font(12), _font(14, "<b/>"), _font(12, "<i/>"),
          _font(12, '<b/><color rgb="FFC00000"/>'), _font(12, "<b/>"), _font(12), _font(13, "<b/>"),
          _font(13, "<i/>")]
# One per STYLES name; number formats are built-in: 1 is "0", 2 is "0.00", 49 is "@".
_XFS = [
    _xf(0, 0),                                                                   # default
    _xf(0, 1, align=_CENTER_WRAP),                                               # title
    _xf(0, 2, align=_CENTER_WRAP),                                               # subtitle
    _xf(0, 3, align=_WRAP),                                                      # warning
    _xf(0, 4, 2, 1, f'horizontal="center" {_MIDDLE} wrapText="1"'),             # header
    _xf(1, 5, 0, 1, f'horizontal="right" {_MIDDLE}'),                            # int
    _xf(49, 5, 0, 1, f'{_MIDDLE} wrapText="1"'),                                 # text
    _xf(2, 5, 0, 1, f'horizontal="right" {_MIDDLE}'),                            # number (points, percent)
    _xf(0, 4, align=_MIDDLE),                                                    # label
    _xf(0, 5, align=f'{_MIDDLE} wrapText="1"'),                                  # plain
    _xf(0, 4, align=_CENTER_WRAP),                                               # agency (bold 12)
    _xf(0, 6, align=_CENTER_WRAP),                                               # national (bold 13)
    _xf(0, 7, align=f'horizontal="right" {_WRAP}'),                              # dateline (italic 13)
    _xf(0, 6, align='horizontal="center" vertical="top" wrapText="1"'),         # sign (bold 13)
    _xf(0, 5, 0, 1, f'horizontal="right" {_MIDDLE}'),                            # general (a number as written: 20; 1,5)
]
_THIN = '<left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>' \
        '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom>'
_STYLES_XML = (
    f'{_HEAD}<styleSheet {_NS}><fonts count="{len(_FONTS)}">{"".join(_FONTS)}</fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/>'
    '</patternFill></fill></fills>'
    f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>{_THIN}<diagonal/>'
    '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    f'</cellStyleXfs><cellXfs count="{len(_XFS)}">{"".join(_XFS)}</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
assert len(_XFS) == len(STYLES)
