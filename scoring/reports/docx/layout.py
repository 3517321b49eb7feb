"""Decree 30/2020/NĐ-CP page and text conventions for a python-docx document.

A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm (Appendix I's ranges); Times New
Roman in all four font slots (python-docx's ``font.name`` sets only ascii/hAnsi, and a theme font
would otherwise show in the East-Asian and complex-script slots); body 14 pt; page numbers
centred in the top margin from the second page.  The header (cơ quan / Quốc hiệu, số ký hiệu /
địa danh, ngày) is a borderless two-column table; the rules under the agency name and the
Tiêu ngữ are paragraph bottom borders narrowed by indents to about the text's length.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
#: The proofing language of every run (Word would underline every word of an en-US document).
LANG = "vi-VN"
BODY_PT = 14
TABLE_PT = 12
CENTER, RIGHT, LEFT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY)
#: Width of the text area on A4 portrait with 30 + 15 mm side margins.
PORTRAIT_TEXT = Mm(210 - 30 - 15)
#: The header's columns: the agency column is narrower than the Quốc hiệu column.
HEADER_WIDTHS = (Cm(6.2), Cm(10.3))


#: Child order of ``w:tblPr`` (python-docx does not declare it): Word refuses out-of-order children.
_TBLPR_SEQ = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
              "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
              "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
#: Child order of ``w:pPr`` (ECMA-376 CT_PPrBase, then rPr, sectPr, pPrChange).
_PPR_SEQ = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
            "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
            "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
            "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
            "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
            "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
            "w:sectPr", "w:pPrChange")


def put(parent, child, order) -> None:
    """Insert ``child`` into ``parent`` at its schema position (``order``: the tag sequence)."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    names = [qn(name) for name in order]
    successors = names[names.index(tag) + 1:]
    for index, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(index, child)
            return
    parent.append(child)


def border(paragraph, edges, size: int = 6, space: int = 1) -> None:
    """A solid black border on the given ``edges`` ("top", "bottom", …) of a paragraph."""
    borders = OxmlElement("w:pBdr")
    for edge in edges:
        node = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space)),
                           ("w:color", "000000")):
            node.set(qn(key), value)
        borders.append(node)
    put(paragraph._p.get_or_add_pPr(), borders, _PPR_SEQ)


#: Child order of ``w:rPr`` (ECMA-376 CT_RPr).
_RPR_SEQ = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
            "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
            "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
            "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
            "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_lang(rpr) -> None:
    """Vietnamese as the proofing language of a run's (or style's) properties ``rpr``."""
    lang = OxmlElement("w:lang")
    for slot in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(slot), LANG)
    put(rpr, lang, _RPR_SEQ)


def set_fonts(run_or_style, size: float | None = None) -> None:
    """Times New Roman in the ascii, hAnsi, eastAsia and cs slots (and the size, if given), and
    Vietnamese as the proofing language."""
    font = run_or_style.font
    font.name = FONT
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    set_lang(rpr)
    if size is not None:
        font.size = Pt(size)


def setup_document(doc) -> None:
    """Normal style (Times New Roman 14 pt, 6 pt after, single line) and the first section's page."""
    normal = doc.styles["Normal"]
    set_fonts(normal, BODY_PT)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is not None:  # the template's document defaults say en-US
        set_lang(rpr)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    portrait(doc.sections[0])
    page_numbers(doc.sections[0])


def portrait(section) -> None:
    """A4 portrait with Decree 30 margins."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)


def landscape(section) -> None:
    """A4 landscape for a wide appendix (binding edge stays on the long side's top)."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    section.header_distance = Mm(10)


def page_numbers(section) -> None:
    """A centred PAGE field in the header; the first page has an empty header (Decree 30)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    set_fonts(run, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = " PAGE "
        else:
            node = OxmlElement("w:t")
            node.text = text
        run._r.append(node)


def restart_numbering(section) -> None:
    """Number this section's pages from 1 (an appendix is numbered on its own, Decree 30)."""
    props = section._sectPr
    node = props.find(qn("w:pgNumType"))
    if node is None:
        node = OxmlElement("w:pgNumType")
        # CT_SectPr order: pgNumType comes after pgMar/paperSrc/pgBorders/lnNumType, before cols
        cols = props.find(qn("w:cols"))
        if cols is not None:
            cols.addprevious(node)
        else:
            props.append(node)
    node.set(qn("w:start"), "1")


def para(container, text: str = "", *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
         align=JUSTIFY, before: float = 0, after: float = 6, indent_first: float | None = None,
         keep_next: bool = False):
    """A paragraph with one run of ``text`` in Times New Roman."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent_first is not None:
        fmt.first_line_indent = Cm(indent_first)
    fmt.keep_with_next = keep_next
    if text:
        add_run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def add_run(paragraph, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    """Append a run to ``paragraph``."""
    run = paragraph.add_run(text)
    set_fonts(run, size)
    run.bold, run.italic = bold, italic
    return run


def rule(container, length_cm: float, width_cm: float):
    """A solid line ``length_cm`` long, centred in a ``width_cm`` column: an empty 2 pt paragraph's
    bottom border, narrowed by indents (Word and LibreOffice draw a border between the indents)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max((width_cm - length_cm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.space_before = fmt.space_after = Pt(0)
    border(paragraph, ("bottom",))
    mark = OxmlElement("w:rPr")  # the paragraph mark's size sets the empty line's height
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    put(paragraph._p.get_or_add_pPr(), mark, _PPR_SEQ)
    return paragraph


def text_cm(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the printed width of ``text`` in Times New Roman (for rules under lines)."""
    per_char = 0.50 if bold else 0.47  # average advance in ems for mixed-case Vietnamese text
    upper = sum(map(str.isupper, text))
    ems = per_char * (len(text) - upper) + 0.70 * upper
    return ems * size / 72 * 2.54


def borderless(table) -> None:
    """Remove every border of ``table`` (the header and signature grids)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    put(table._tbl.tblPr, borders, _TBLPR_SEQ)


def fixed_widths(table, widths) -> None:
    """Give every cell of each column its width (Word and LibreOffice read the cells, not the grid)."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def cell_text(cell, lines, *, size: float, align=CENTER) -> None:
    """Fill ``cell`` with paragraphs: each line is (text, bold, italic) or a plain string."""
    first = True
    for line in lines:
        text, bold, italic = (line, False, False) if isinstance(line, str) else line
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        add_run(paragraph, text, size=size, bold=bold, italic=italic)


def repeat_header(row) -> None:
    """Mark a table row as the header repeated at the top of every page, and never split it."""
    props = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        node = OxmlElement(tag)
        node.set(qn("w:val"), "true")
        props.append(node)
