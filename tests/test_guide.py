"""The user guide ("Hướng dẫn sử dụng") is true: every step it tells a reader is performed.

The guide's source (``scoring/reports/guide/*.md``) names pages, buttons, fields and commands in
marks a machine reads (:mod:`scoring.reports.guide.source`).  Here every section of every part is
walked in the order a round unfolds, in one headless Chromium against one ``dvk serve --demo``
and one folder holding a copy of the bundled data for the commands: the day a button is renamed
or a command prints something else, this test names the guide's section and step.
"""

from __future__ import annotations

import pytest

from guidekit import ROOT, Walker, sample_folder, start_serve, timeline
from scoring.reports.guide import PARTS, help_for_page, load_guide
from scoring.reports.guide.source import GuideSourceError, parse_part
from test_portal_browser import browser  # noqa: F401 - this module's own instance

#: Portal addresses that are not pages a reader looks at.
NOT_PAGES = {"health", "logout", "guide", "guide-part"}


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return sample_folder(tmp_path_factory.mktemp("huong-dan"))


@pytest.fixture(scope="module")
def server(tmp_path_factory, work):
    """``dvk serve --demo`` that finds no LibreOffice: a publication without its PDF copy takes
    seconds, not half a minute (the PDF copy is ``tests/test_portal_browser_office.py``'s).  Its
    workspace is the reader's ``cong-dvk``: the guide's commands for the portal's round (the
    documents due in the year) run on it, as on the portal's server."""
    import os
    import sys

    nothing = tmp_path_factory.mktemp("khong-co-chuong-trinh")
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT), PATH=str(nothing))
    proc, url = start_serve([sys.executable, "-m", "scoring", "serve", "--demo", "--port", "0", "--workspace",
                             str(work / "cong-dvk")], ROOT, env)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_every_step_of_every_part_is_true(server, browser, work):  # noqa: F811
    walker = Walker(browser, server, work)
    try:
        for part, section in timeline(load_guide()):
            walker.walk(part, section)
    finally:
        print("\n".join(f"{seconds:6.1f} s  {name}" for name, seconds in walker.times.items()))
    assert len(walker.done) > 50


def test_every_portal_page_has_a_help_section():
    from scoring.portal.urls import portal_patterns

    portal = {pattern.name for pattern in portal_patterns}
    listed = [page for part in load_guide() for section in part.sections for page in section.pages]
    assert sorted(listed) == sorted(set(listed)), "a page is explained in two sections: its “?” would open one"
    declared = set(listed)
    assert declared <= portal, f"sections name pages the portal does not have: {declared - portal}"
    assert portal - NOT_PAGES <= declared, f"pages without help: {portal - NOT_PAGES - declared}"
    assert help_for_page("unit-fill") == ("don-vi", "dien-truc-tuyen")


def test_every_part_has_steps_or_commands_and_unique_anchors():
    for part in load_guide():
        anchors = [section.anchor for section in part.sections]
        assert len(anchors) == len(set(anchors)), part.info.slug
        assert any(block.marks or block.commands for section in part.sections for block in section.blocks)
    assert [part.info.slug for part in load_guide()] == [info.slug for info in PARTS]
    shots = [block.raw[0] for part in load_guide() for section in part.sections for block in section.blocks
             if block.kind == "image"]
    assert len(shots) == len(set(shots)), "two screenshots of one name: the second would replace the first"


@pytest.mark.parametrize("text", [
    "no title line\n",
    "# T\n## Heading without anchor\n",
    "# T\n## H {#h mau=do}\n",
    "# T\n## H {#h}\n```\n$ dvk check x\n",
    "# T\n## H {#h}\n```\noutput before a command\n```\n",
    "# T\n## H {#h}\nBấm {nut|Gửi}.\n",
])
def test_a_malformed_source_is_refused(text):
    with pytest.raises(GuideSourceError):
        parse_part(PARTS[0], text)


def test_marks_read_as_names_and_comments_are_never_shown():
    part = parse_part(PARTS[0], "# T\n<!-- chỗ: mục sau -->\n## H {#h trang=a,b buoc=3}\n"
                                "1. Bấm {nút|Gửi và chấm điểm}, chọn {tệp|Bảng tính|a.xlsx}.\n"
                                "{ảnh|anh-mot|Chú thích}\n```\n$ dvk check a.json\nOK a.json\n(mã thoát 1)\n```\n")
    section = part.sections[0]
    assert (section.pages, section.moment) == (("a", "b"), 3)
    step, image, commands = section.blocks
    assert step.plain() == "Bấm “Gửi và chấm điểm”, chọn “Bảng tính”."
    assert [(m.kind, m.label, m.value) for m in step.marks] == [("nút", "Gửi và chấm điểm", ""),
                                                               ("tệp", "Bảng tính", "a.xlsx")]
    assert (image.raw, image.text) == (("anh-mot",), "Chú thích")
    assert commands.commands[0].expected == ("OK a.json",) and commands.commands[0].exit_code == 1
    assert commands.raw == ("$ dvk check a.json", "OK a.json")
    assert "chỗ" not in repr(part)


def _shown_words() -> str:
    """Every text the portal and the workbooks can show: templates and the Python that words them."""
    from guidekit import ROOT

    folders = ("scoring/portal", "scoring/workbook", "scoring/workspace", "scoring/reports")
    files = [p for folder in folders for p in (ROOT / folder).rglob("*") if p.suffix in (".html", ".py")]
    return "\n".join(" ".join(p.read_text(encoding="utf-8").split()) for p in files)


def test_every_name_quoted_in_the_prose_is_a_name_dvk_shows():
    """Names the guide quotes without a mark (“Đổi mật khẩu”) are not clicked by the walk; they
    must still be words the portal or the workbook shows, so a renamed button is caught."""
    import re

    shown = _shown_words() + "\n".join(s.title for part in load_guide() for s in part.sections)  # cross-references
    missing = []
    for part in load_guide():
        for section in part.sections:
            for block in section.blocks:
                for text, named in block.pieces():
                    missing += [f"{part.info.slug}#{section.anchor}: “{q}”" for q in re.findall(r"“([^”]+)”", text)
                                if not named and q not in shown]
    assert missing == [], "\n".join(missing)
