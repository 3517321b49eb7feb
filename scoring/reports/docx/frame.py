"""The fixed parts of a Decree 30 document: header, title, closing, "Nơi nhận" and signature block."""

from __future__ import annotations

from docx.shared import Cm, Pt

from scoring.reports.docx.layout import (
    CENTER,
    HEADER_WIDTHS,
    LEFT,
    add_run,
    border,
    borderless,
    cell_text,
    fixed_widths,
    para,
    rule,
    text_cm,
)
from scoring.reports.profile import PLACEHOLDER, Profile

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADER_PT = 13
RECIPIENTS_LABEL = "Nơi nhận:"
#: Recipients when the profile names none: the office fills the blanks by hand.
DEFAULT_RECIPIENTS = (f"{PLACEHOLDER};", f"Lưu: VT, {PLACEHOLDER}.")


def header(doc, profile: Profile, subject: str | None = None) -> None:
    """Agency name and number on the left; Quốc hiệu, Tiêu ngữ and place/date on the right;
    ``subject``: a letter's (công văn) summary line ("V/v …"), under its number."""
    table = doc.add_table(rows=2, cols=2)
    borderless(table)
    fixed_widths(table, HEADER_WIDTHS)
    left_cm, right_cm = (w.cm - 0.4 for w in HEADER_WIDTHS)  # less the cells' side padding
    agency = profile.text("co_quan_ban_hanh").upper()
    left = table.cell(0, 0)
    cell_text(left, [profile.text("co_quan_chu_quan").upper(), (agency, True, False)], size=HEADER_PT)
    rule(left, min(text_cm(agency, HEADER_PT, True), left_cm) * 0.45, left_cm)
    right = table.cell(0, 1)
    cell_text(right, [(NATIONAL, True, False), (MOTTO, True, False)], size=HEADER_PT)
    right.paragraphs[0].runs[0].font.size = Pt(12)  # Decree 30: Quốc hiệu one size below Tiêu ngữ
    rule(right, text_cm(MOTTO, HEADER_PT, True), right_cm)
    number = profile.text("so_ky_hieu")
    # "Số:      /BC-SNV": the office writes the number into the gap when the report is registered.
    cell_text(table.cell(1, 0), [f"Số: {'      ' if number.startswith('/') else ''}{number}"], size=HEADER_PT)
    cell_text(table.cell(1, 1), [(profile.date_line(), False, True)], size=HEADER_PT)
    for cell in table.rows[1].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    if subject:  # Decree 30: a letter's summary sits under its number, 12-13 pt upright
        paragraph = table.cell(1, 0).add_paragraph()
        paragraph.alignment = CENTER
        paragraph.paragraph_format.space_before = Pt(3)
        add_run(paragraph, subject, size=12)


def title(doc, kind: str, summary: str) -> None:
    """The document type ("BÁO CÁO") and its summary line, with a short rule under it."""
    para(doc, kind, bold=True, align=CENTER, before=18, after=0, keep_next=True)
    para(doc, summary, bold=True, align=CENTER, after=0, keep_next=True)
    rule(doc, min(max(text_cm(summary, 14, True) * 0.35, 3.0), 6.0), 16.5)
    para(doc, "", after=6)


def notice(doc, text: str) -> None:
    """A boxed bold paragraph: the illustrative ruleset's warning, so nobody signs invented numbers."""
    border(para(doc, text, size=13, bold=True, after=12), ("top", "left", "bottom", "right"), size=12, space=4)


def signature(doc, profile: Profile) -> None:
    """"Nơi nhận" (left, 12/11 pt) and the signer (right): authority, title, space, full name."""
    table = doc.add_table(rows=1, cols=2)
    borderless(table)
    fixed_widths(table, (Cm(8.0), Cm(8.5)))
    row = table.rows[0]
    _cant_split(row)
    left, right = row.cells
    first = left.paragraphs[0]
    first.alignment = LEFT
    first.paragraph_format.space_before = Pt(12)
    first.paragraph_format.space_after = Pt(0)
    add_run(first, RECIPIENTS_LABEL, size=12, bold=True, italic=True)
    for line in profile.noi_nhan or DEFAULT_RECIPIENTS:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        add_run(paragraph, f"- {line}", size=11)
    lines = [(profile.quyen_han.upper(), True, False)] if profile.quyen_han else []
    lines += [(profile.text("chuc_vu").upper(), True, False)] + [""] * 4
    lines.append((profile.text("nguoi_ky"), True, False))
    cell_text(right, lines, size=14)
    right.paragraphs[0].paragraph_format.space_before = Pt(12)


def _cant_split(row) -> None:
    """Keep the signature block on one page (a signer never stands alone on the next page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    node = OxmlElement("w:cantSplit")
    node.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(node)
