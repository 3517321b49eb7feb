"""The guide on paper: ``huong-dan-su-dung.docx``, laid out by Nghị định 30/2020/NĐ-CP.

The Decree 30 header (agency, Quốc hiệu, number and date from the issuing profile), the title
"HƯỚNG DẪN", one Roman-numbered part per role, its sections numbered 1, 2, … and their steps
a), b), …; commands in a boxed monospace block; a screenshot under the step it shows when
``tools/guide_screenshots.py`` has made it; "Nơi nhận" and the signer at the end.  The office
sends it with its plan for the round.
"""

from __future__ import annotations

from pathlib import Path

from scoring.reports.profile import Profile

KIND = "HƯỚNG DẪN"
SUMMARY = "Sử dụng công cụ chấm điểm, xếp loại công tác dân vận"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
COMMAND_FONT = "Courier New"
#: Screenshot width on the page (the text area is 16.5 cm wide).
SHOT_CM = 15.0


def build_guide(profile: Profile | None = None, images: Path | None = None):
    """The guide as a python-docx ``Document`` (not yet saved); ``images``: the folder of screenshots."""
    import docx

    from scoring.reports.docx import frame
    from scoring.reports.docx.layout import setup_document
    from scoring.reports.guide import load_guide

    profile = profile or Profile()
    doc = docx.Document()
    setup_document(doc)
    frame.header(doc, profile)
    frame.title(doc, KIND, SUMMARY)
    for number, part in zip(ROMAN, load_guide()):
        _part(doc, number, part, images)
    frame.signature(doc, profile)
    core = doc.core_properties
    core.title, core.author = f"{KIND} {SUMMARY}", profile.co_quan_ban_hanh or ""
    return doc


def write_guide(path: Path, profile: Profile | None = None, images: Path | None = None) -> Path:
    """Write the guide to ``path``, whole or not at all (a disk refusing it is the
    ``output-unwritable`` finding); return ``path``."""
    from scoring.core.oserrors import unwritable
    from scoring.formats.files import atomic_target
    from scoring.reports.docx.grid import save

    doc = build_guide(profile, images)
    with unwritable(path), atomic_target(path) as tmp:
        save(doc, tmp)
    return Path(path)


def _part(doc, number: str, part, images: Path | None) -> None:
    from scoring.reports.docx.layout import LEFT, para

    para(doc, f"{number}. {part.title.upper()}", bold=True, align=LEFT, before=12, keep_next=True)
    _blocks(doc, part.intro, images)
    for index, section in enumerate(part.sections, start=1):
        para(doc, f"{index}. {section.title}", bold=True, align=LEFT, before=6, keep_next=True)
        _blocks(doc, section.blocks, images)


def _blocks(doc, blocks, images: Path | None) -> None:
    letter = 0
    for block in blocks:
        if block.kind == "step":
            _text(doc, block, f"{'abcdefghiklmnopqrstuvxy'[letter]}) ")
            letter += 1
            continue
        letter = 0 if block.kind != "bullet" else letter
        if block.kind == "bullet":
            _text(doc, block, "- ")
        elif block.kind == "para":
            _text(doc, block, "")
        elif block.kind == "commands":
            _commands(doc, block.raw)
        elif block.kind == "image" and images is not None and (images / f"{block.raw[0]}.png").is_file():
            _image(doc, images / f"{block.raw[0]}.png", block.text)


def _text(doc, block, lead: str) -> None:
    """A paragraph with the names a reader looks for on the page in bold, between quotes."""
    from scoring.reports.docx.layout import add_run, para

    paragraph = para(doc, indent_first=1.0)
    if lead:
        add_run(paragraph, lead)
    for text, named in block.pieces():
        add_run(paragraph, f"“{text}”" if named else text, bold=named)


def _commands(doc, lines) -> None:
    """Commands and what they print, boxed, in a monospace font (one paragraph, line breaks)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from scoring.reports.docx.layout import LEFT, add_run, border, para

    paragraph = para(doc, align=LEFT, after=8)
    paragraph.paragraph_format.left_indent = Pt(6)
    for index, line in enumerate(lines):
        run = add_run(paragraph, line, size=10.5)
        fonts = run._r.get_or_add_rPr().find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), COMMAND_FONT)
        if index < len(lines) - 1:
            run.add_break()
    border(paragraph, ("top", "left", "bottom", "right"), size=4, space=4)


def _image(doc, path: Path, caption: str) -> None:
    from docx.shared import Cm

    from scoring.reports.docx.figures import png_size
    from scoring.reports.docx.layout import CENTER, para

    width, height = png_size(path)
    scale = min(SHOT_CM / width, 12.0 / height)
    picture = para(doc, align=CENTER, after=2, keep_next=True)
    picture.add_run().add_picture(str(path), width=Cm(width * scale), height=Cm(height * scale))
    para(doc, caption, italic=True, align=CENTER, size=12, after=8)
