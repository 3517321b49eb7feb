"""Correction after publication (đính chính, issue 24 item 2) through the command line, on SQLite
and PostgreSQL: a published round reopened with a reason, only the steps a correction needs
allowed, published again; both publications kept, the new one saying what changed against the
old one on every surface (ket-qua.json, dinh-chinh.csv, the docx's and the page's tables), each
checked against the two publications' results read raw."""

from __future__ import annotations

import json

import pytest
from consistencykit import (expected_correction, fill, read_correction_csv, read_correction_docx,
                            read_correction_html, read_correction_json)
from test_round_collect import inbox, make_round
from test_round_lateness import cli
from wsfixtures import backend, deadline_passes, pg_url, ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError

REASON = "Văn phòng tính nhầm Ban Minh Họa nộp muộn; hội đồng soát lại tiêu chí 1.1 của Sở Giả Lập"
WAIVER = "Hồ sơ gửi qua bưu điện đúng hạn (dấu bưu điện), Công văn 12/VP"
COUNCIL = "Kế hoạch ban hành sau ngày 31/3"


def published_round(ws, tmp_path):
    """A round published once: SO-GIALAP and XA-HUCAU on time, BAN-MINHHOA late (fact F1)."""
    round_ = make_round(ws, tmp_path, late_fact="F1")
    assert cli(ws, "round", "collect", str(inbox(tmp_path / "a", ("so-gialap.xlsx", "xa-hucau.xlsx")))) == 0
    deadline_passes()
    assert cli(ws, "round", "collect", str(inbox(tmp_path / "b", ("ban-minhhoa.xlsx",)))) == 0
    for state in ("closed", "appraisal", "final"):
        assert cli(ws, "round", "state", state) == 0
    assert cli(ws, "round", "publish") == 0
    round_.refresh_from_db()
    return round_


def test_a_published_round_is_corrected_and_published_again_with_what_changed(ws, tmp_path, capsys):
    from scoring.workspace.models import Correction, Publication

    round_ = published_round(ws, tmp_path)
    first = round_.current_publication
    capsys.readouterr()
    # published: a step a correction allows says how to correct
    assert cli(ws, "round", "waive", "BAN-MINHHOA", "--ly-do", WAIVER) == 1
    assert "[round-published-correct]" in (err := capsys.readouterr().err) and "dvk round dinh-chinh" in err
    # a reason is required; nothing is reopened without one
    assert cli(ws, "round", "dinh-chinh", "--ly-do", "  ") == 1
    assert "[correction-reason-missing]" in capsys.readouterr().err
    round_.refresh_from_db()
    assert round_.state == "published" and not Correction.objects.exists()
    assert cli(ws, "round", "dinh-chinh", "--ly-do", REASON) == 0
    assert "Đang đính chính (lần 1) kết quả công bố lần 1" in capsys.readouterr().out
    round_.refresh_from_db()
    assert round_.state == "correction"
    # what a correction does not need stays refused, saying why and what it allows
    log_before = round_.audit.count()
    for argv in (("round", "deadline", "1/1/2100"), ("round", "roster", str(tmp_path / "danh-sach.csv")),
                 ("round", "explanations", str(tmp_path))):
        assert cli(ws, *argv) == 1, argv
        err = capsys.readouterr().err
        assert "[round-correction-forbids]" in err and "dvk round waive" in err and "dvk round publish" in err
    assert cli(ws, "round", "state", "appraisal") == 1
    assert "[round-correction-forbids]" in capsys.readouterr().err
    assert cli(ws, "round", "dinh-chinh", "--ly-do", REASON) == 1  # already being corrected
    assert "[correction-not-published]" in capsys.readouterr().err
    assert round_.audit.count() == log_before
    # what a correction needs: a waiver, the council's change
    assert cli(ws, "round", "waive", "BAN-MINHHOA", "--ly-do", WAIVER) == 0
    sheet = tmp_path / "td.xlsx"
    assert cli(ws, "round", "appraisal-sheet", "-o", str(sheet)) == 0
    fill(sheet, "SO-GIALAP", "1.1|done", "Không", COUNCIL)
    assert cli(ws, "round", "import-appraisal", str(sheet)) == 0
    capsys.readouterr()
    assert cli(ws, "round", "publish") == 0
    out = capsys.readouterr().out
    assert "Đã công bố lần 2" in out and "Đính chính lần 1 so với lần công bố 1: 2 đơn vị thay đổi" in out
    round_.refresh_from_db()
    second = round_.current_publication
    assert round_.state == "published" and Publication.objects.filter(round=round_).count() == 2
    old, new = ws.root / first.folder, ws.root / second.folder
    assert old.is_dir() and new.is_dir() and old.name.startswith("so-01-") and new.name.startswith("so-02-")
    assert "correction" not in json.loads((old / "ket-qua.json").read_text(encoding="utf-8"))

    # one truth: every surface lists what the two publications' results differ by
    expected = expected_correction(old, new)
    assert set(expected) == {"BAN-MINHHOA", "SO-GIALAP"}
    assert expected["BAN-MINHHOA"].band[0] != expected["BAN-MINHHOA"].band[1]
    assert expected["SO-GIALAP"].points[0] > expected["SO-GIALAP"].points[1]
    html = (new / "bao-cao.html").read_text(encoding="utf-8")
    for name, seen in (("json", read_correction_json(new)), ("csv", read_correction_csv(new)),
                       ("docx", read_correction_docx(new)), ("html", read_correction_html(html))):
        assert seen == expected, name
    document = json.loads((new / "ket-qua.json").read_text(encoding="utf-8"))["correction"]
    assert (document["number"], document["reason"], document["publication"]) == (1, REASON, 2)
    assert document["previous"]["number"] == 1
    assert {u["unit_code"]: u["changed"] for u in document["units"]} == {
        "BAN-MINHHOA": ["xếp loại"], "SO-GIALAP": ["điểm", "tỷ lệ"]}

    # the documents carry the correction's words
    import docx

    paragraphs = [p.text for p in docx.Document(new / "bao-cao.docx").paragraphs]
    from scoring.workspace.rounds import VN

    dated = first.at.astimezone(VN).strftime("%d/%m/%Y")
    assert any(p.endswith("(đính chính lần 1)") for p in paragraphs[:12])
    section_one = "\n".join(paragraphs[paragraphs.index("I. PHẠM VI VÀ CĂN CỨ ĐÁNH GIÁ"):
                                       paragraphs.index("II. KẾT QUẢ XẾP LOẠI")])
    assert f"đính chính kết quả đã công bố lần 1 ngày {dated}" in section_one and REASON in section_one
    assert "(đính chính lần 1)</h1>" in html and REASON in html
    assert not any("đính chính" in p.text for p in docx.Document(old / "bao-cao.docx").paragraphs)

    # audited: the reopening with its reason, the publication with what it corrected
    opened = round_.audit.get(action="correction-opened")
    assert opened.after == {"state": "correction", "number": 1, "reason": REASON}
    assert opened.before == {"state": "published", "publication": 1}
    published = round_.audit.filter(action="published").order_by("-id").first()
    assert published.after["correction"] == {"number": 1, "reason": REASON, "previous": 1,
                                             "units": [u["unit_code"] for u in document["units"]]}
    assert cli(ws, "round", "log") == 0
    log = capsys.readouterr().out
    assert "Mở đính chính kết quả đã công bố | đính chính lần 1" in log and REASON in log
    # published again: nothing is taken any more until the next correction
    with pytest.raises(DvkError) as refused:
        from scoring.workspace.lateness import waive_lateness

        waive_lateness(ws, None, "XA-HUCAU", WAIVER)
    assert [f.code for f in refused.value.findings] == ["round-published-correct"]
    assert cli(ws, "round", "dinh-chinh", "--ly-do", "Lần hai") == 0
    assert Correction.objects.get(round=round_, number=2).previous_id == second.pk


def test_a_units_own_upload_is_refused_while_the_office_collects_again(ws, tmp_path):
    """While corrected, the office's collect takes a unit's file; a unit's upload does not."""
    from scoring.workspace.collect import collect
    from scoring.workspace.correction import reopen_round

    published_round(ws, tmp_path)
    reopen_round(ws, None, REASON)
    folder = inbox(tmp_path / "c", ("so-vidu.xlsx",))
    with pytest.raises(DvkError) as refused:
        collect(ws, None, [folder], channel="portal")
    assert [f.code for f in refused.value.findings] == ["round-correction-forbids"]
    assert "không nhận hồ sơ được" in refused.value.findings[0].message
    report = collect(ws, None, [folder], jobs=1)
    assert [a for a in report.accepted] and report.late  # after the deadline: late unless waived


def test_a_correction_counts_over_the_second_pass_of_the_council(ws, tmp_path):
    """The council's change in a correction overrides its earlier passes (pass 3 after pass 2)."""
    from scoring.workspace.appraisal import appraisal_pass
    from scoring.workspace.correction import reopen_round

    round_ = published_round(ws, tmp_path)
    assert appraisal_pass(round_) == 1
    reopen_round(ws, None, REASON)
    round_.refresh_from_db()
    assert appraisal_pass(round_) == 3


def test_a_previous_publication_altered_on_disk_refuses_the_correction_and_keeps_it_open(ws, tmp_path, capsys):
    from scoring.workspace.models import Publication

    round_ = published_round(ws, tmp_path)
    assert cli(ws, "round", "dinh-chinh", "--ly-do", REASON) == 0
    results = ws.root / round_.current_publication.folder / "ket-qua.json"
    results.write_text(results.read_text(encoding="utf-8").replace("BAN-MINHHOA", "BAN-KHAC"), encoding="utf-8")
    capsys.readouterr()
    assert cli(ws, "round", "publish") == 1
    err = capsys.readouterr().err
    assert "[correction-previous-altered]" in err and "lần công bố 1" in err and "Traceback" not in err
    round_.refresh_from_db()
    assert round_.state == "correction" and Publication.objects.filter(round=round_).count() == 1
    assert not any(p.name.startswith("so-02") for p in results.parent.parent.iterdir())


@pytest.mark.parametrize("backend", ["sqlite"])  # the document, not the database, is under test here
def test_the_rendered_correction_says_its_words_and_agrees_with_its_appendix(ws, tmp_path, backend):
    """The corrected report rendered by LibreOffice: A4, readable, its title and section I saying
    the correction; its table's figures after the correction are the appendix's."""
    import docx
    from consistencykit import read_docx
    from pdfcheck import full_text, inspect, problems, render
    from sysdeps import require

    from scoring.workspace.correction import reopen_round
    from scoring.workspace.lateness import waive_lateness
    from scoring.workspace.publication import publish_round

    published_round(ws, tmp_path)
    reopen_round(ws, None, REASON)
    waive_lateness(ws, None, "BAN-MINHHOA", WAIVER)
    folder = ws.root / publish_round(ws, None).folder
    pages = inspect(render(require("soffice"), [folder / "bao-cao.docx"], tmp_path / "pdf")["bao-cao.docx"])
    assert problems(pages) == []
    text = full_text(pages)
    assert "năm 2025 (đính chính lần 1)" in text and f"Lý do đính chính: {REASON}" in text
    assert "Đính chính so với lần công bố 1" in text
    appendix = read_docx(folder).units
    changed = read_correction_docx(folder)
    assert set(changed) == {"BAN-MINHHOA"}
    for code, moved in changed.items():
        assert (moved.points[1], moved.band[1], moved.rank[1]) == (appendix[code].points, appendix[code].band,
                                                                    appendix[code].rank)
    assert moved.band[0] != moved.band[1]
    section = [p.text for p in docx.Document(folder / "bao-cao.docx").paragraphs]
    assert any(p.startswith("5. Đính chính: Báo cáo này đính chính kết quả đã công bố lần 1 ngày ") for p in section)


def test_a_correction_whose_record_fails_stays_open_and_the_rerun_publishes_it_whole(ws, tmp_path, monkeypatch):
    """The database refuses the publication's record (after the correction was tied to it, in the
    same transaction): no folder, no record, the correction still open; the rerun publishes it."""
    from django.db import OperationalError

    from scoring.workspace import publication
    from scoring.workspace.correction import open_correction, reopen_round
    from scoring.workspace.lateness import waive_lateness
    from scoring.workspace.models import Correction

    round_ = published_round(ws, tmp_path)
    reopen_round(ws, None, REASON)
    waive_lateness(ws, None, "BAN-MINHHOA", WAIVER)
    base = ws.publications_dir / round_.code
    with monkeypatch.context() as patch:
        def full(*args, **kwargs):
            raise OperationalError("database or disk is full")

        patch.setattr(publication, "audit", full)
        with pytest.raises(OperationalError):
            publication.publish_round(ws, None)
    round_.refresh_from_db()
    assert round_.state == "correction" and round_.publications.count() == 1
    assert [p.name[:6] for p in base.iterdir() if p.name.startswith("so-")] == ["so-01-"]
    opened = open_correction(round_)
    assert (opened.number, opened.publication_id, opened.changes) == (1, None, [])
    again = publication.publish_round(ws, None)
    done = Correction.objects.get(round=round_, number=1)
    assert done.publication_id == again.pk and [u["unit_code"] for u in done.changes] == ["BAN-MINHHOA"]


def test_publishing_again_without_reopening_is_no_correction(ws, tmp_path):
    """A published round published again (nothing can have changed) is a new number, not a correction."""
    from scoring.workspace.publication import publish_round

    published_round(ws, tmp_path)
    folder = ws.root / publish_round(ws, None).folder
    assert folder.name.startswith("so-02-") and not (folder / "dinh-chinh.csv").exists()
    assert "correction" not in json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))


def test_the_status_says_the_correction_under_way_with_its_reason_and_who_opened_it(ws, tmp_path, capsys):
    from scoring.workspace.rounds import shown_time

    round_ = published_round(ws, tmp_path)
    assert cli(ws, "round", "status") == 0
    assert "Đang đính chính" not in capsys.readouterr().out
    assert cli(ws, "round", "dinh-chinh", "--ly-do", REASON) == 0
    opened = round_.corrections.get()
    capsys.readouterr()
    assert cli(ws, "round", "status") == 0
    lines = capsys.readouterr().out.splitlines()
    said = f"Đang đính chính lần 1: {REASON} (mở ngày {shown_time(opened.opened_at)}, bởi {opened.opened_by})."
    assert lines[1].startswith("Trạng thái: ") and lines[2] == said
    assert cli(ws, "round", "publish") == 0
    capsys.readouterr()
    assert cli(ws, "round", "status") == 0
    assert "Đang đính chính" not in capsys.readouterr().out
