"""Bordered tables for the report, fast enough for a province's 10,000-unit appendix.

python-docx finds a cell by walking the whole table (``table.cell(r, c)`` is linear in the table's
size), so filling a big table cell by cell is quadratic, and even parsing ready-made rows into its
element tree costs more than writing them.  The header row is made with python-docx; the body rows
are kept aside as their texts and written as WordprocessingML into ``word/document.xml`` in place
of a marker comment when the document is saved (:func:`save`): 2,000 units in about 0.3 s.  They
are rendered and compressed a few hundred at a time as the part is written, never held as one text:
10,000 units' rows are 60 MB of XML, which a text, its edited copy and its encoding held at once
(two bytes a character for Vietnamese) made the largest memory of a whole ``dvk rank``.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from docx.shared import Length
from lxml import etree

from scoring.reports.docx.layout import (
    FONT,
    LANG,
    TABLE_PT,
    cell_text,
    fixed_widths,
    para,
    repeat_header,
)

_DOCUMENT_PART = "word/document.xml"
#: Paragraph alignment per column: "left", "right" (numbers) or "center".
Align = str


def grid(doc, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[Length],
         aligns: Sequence[Align], *, size: float = TABLE_PT):
    """Add a table: a bold header row repeated on every page, then ``rows`` aligned per column."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, [(text, True, False)], size=size)
    fixed_widths(table, widths)
    cells = [_cell_template(width, align, size) for width, align in zip(widths, aligns)]
    held = [_cell_template(width, align, size, keep_next=True) for width, align in zip(widths, aligns)]
    pending = doc.__dict__.setdefault("_dvk_rows", {})
    marker = f"dvk-rows-{len(pending)}"
    pending[marker] = (list(rows), cells, held)
    table._tbl.append(etree.Comment(marker))
    para(doc, "", after=0)
    return table


def save(doc, path: Path) -> Path:
    """Save ``doc`` to ``path`` with the rows :func:`grid` kept aside put in place."""
    buffer = io.BytesIO()
    doc.save(buffer)
    pending: dict[str, _Rows] = doc.__dict__.get("_dvk_rows", {})
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            item.date_time = (2025, 1, 1, 0, 0, 0)  # same round, same bytes (no save time)
            if item.filename == _DOCUMENT_PART and pending:
                with target.open(item, "w") as part:
                    _write_spliced(part, data, pending)
            else:
                target.writestr(item, data)
    return Path(path)


#: A table's body kept aside by :func:`grid`: its rows' texts, and the cell templates of a row
#: that may break from the next one and of one that may not.
_Rows = tuple[list[Sequence[str]], list[tuple[str, str]], list[tuple[str, str]]]
#: Rows rendered, encoded and compressed at a time.
_BATCH = 500


def _write_spliced(part, data: bytes, pending: dict[str, _Rows]) -> None:
    """Write the document part ``data`` to ``part`` with each marker replaced by its rows."""
    tags = {marker: f"<!--{marker}-->".encode() for marker in pending}
    places = sorted((data.find(tag), marker) for marker, tag in tags.items() if tag in data)
    done = 0
    for where, marker in places:
        part.write(data[done:where])
        done = where + len(tags[marker])
        rows, cells, held = pending[marker]
        last = len(rows) - 1
        for start in range(0, len(rows), _BATCH):
            # The first and last KEPT rows of a table hold on to their neighbours: no page starts or
            # ends a table with a single row (a landscape page holding one row of the ranking).
            part.write("".join(_row(values, held if i < KEPT - 1 or last - KEPT < i < last else cells)
                               for i, values in enumerate(rows[start:start + _BATCH], start)).encode("utf-8"))
    part.write(data[done:])


#: Rows kept together at each end of a table.
KEPT = 3


def _cell_template(width: Length, align: Align, size: float, keep_next: bool = False) -> tuple[str, str]:
    """The XML before and after a cell's text (width in twentieths of a point); ``keep_next``:
    the row stays on the page of the next one."""
    twips = int(width.twips)
    jc = {"left": "left", "right": "right", "center": "center"}[align]
    run = (f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
           f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/>'
           f'<w:lang w:val="{LANG}" w:eastAsia="{LANG}" w:bidi="{LANG}"/></w:rPr>')
    # The w: prefix is the one python-docx declares on the document's root element.
    before = (f'<w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
              f'{"<w:keepNext/>" if keep_next else ""}<w:spacing w:after="0"/><w:jc w:val="{jc}"/>{run}</w:pPr>'
              f'<w:r>{run}<w:t xml:space="preserve">')
    return before, "</w:t></w:r></w:p></w:tc>"


def _row(values: Sequence[str], cells: Sequence[tuple[str, str]]) -> str:
    """One ``<w:tr>`` that is never split across pages."""
    inner = "".join(f"{before}{escape(_clean(text))}{after}" for text, (before, after) in zip(values, cells))
    return f'<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>{inner}</w:tr>'


#: Control characters a cell drops: XML 1.0 cannot carry most of them (a unit's name with one
#: would corrupt the file); tab and line feed stay, as Word shows them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


def _clean(text: str) -> str:
    """Text XML 1.0 can carry (a control character in a unit's name would corrupt the file)."""
    return _CONTROL.sub("", str(text))
