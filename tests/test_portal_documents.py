"""The year's fixed-date documents in the browser: the unit sees what it owes and uploads it
(checked as evidence is), the office records a document received on a date and sees each unit
per document, the unit's score counts them; downloads only for the unit itself, appraisers and
the office; everything audited.  (Run again on PostgreSQL by tests/test_portal_documents_postgres.py.)"""

from __future__ import annotations

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portalkit import (UNIT_A, UNIT_B, client_for, collect_sample, db, personas,  # noqa: F401
                       portal_workspace, roster)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DECLARATION = {
    "criterion": {"id": "1.4", "late": "tre_han", "missing": "khong_gui"},
    "documents": [
        {"code": "ke-hoach", "name": "Kế hoạch công tác dân vận năm", "due": "20/5/2025"},
        {"code": "bao-cao-nam", "name": "Báo cáo tổng kết năm", "due": "31/12/2099 17:00"},
        {"code": "dang-ky-mo-hinh", "name": "Đăng ký mô hình", "due": "12/3/2025", "unit_types": ["ubnd_xa"]},
    ],
}


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


@pytest.fixture
def declared(roster, db, tmp_path):
    """The round with three documents (two past due, one not yet), feeding criterion 1.4."""
    from scoring.workspace.duedocs import declare_documents
    from scoring.workspace.store import Workspace

    path = tmp_path / "van-ban.json"
    path.write_text(json.dumps(DECLARATION, ensure_ascii=False), encoding="utf-8")
    declare_documents(Workspace(db), roster.code, path, who="van-phong")
    roster.refresh_from_db()
    return roster


def states(round_, code):
    from scoring.workspace.duestate import unit_documents

    return next({d.code: d.state for d in u.documents} for u in unit_documents(round_) if u.code == code)


def test_the_unit_sees_what_it_owes_and_uploads_it(personas, declared):
    from scoring.workspace.models import AuditEntry, DocumentReceipt

    client = client_for(personas["unit_a"])
    assert "Xem và gửi văn bản" in page(client.get("/don-vi/"))
    text = page(client.get("/don-vi/van-ban/"))
    for name, due in (("Kế hoạch công tác dân vận năm", "23:59 ngày 20/05/2025"),
                      ("Báo cáo tổng kết năm", "17:00 ngày 31/12/2099"), ("Đăng ký mô hình", "23:59 ngày 12/03/2025")):
        section = text.split(f">{name}</h2>")[1].split("</section>")[0]
        assert due in section
    assert 'data-state="chua-nop"' in text and 'data-state="chua-den-han"' in text
    response = client.post("/don-vi/van-ban/bao-cao-nam/gui/", {"tep": SimpleUploadedFile("bao-cao.pdf", PDF)},
                           follow=True)
    text = page(response)
    assert "Đã nhận Báo cáo tổng kết năm (bao-cao.pdf) lúc " in text and "tình trạng của văn bản: đúng hạn" in text
    section = text.split('id="van-ban-bao-cao-nam"')[1].split("</section>")[0]
    assert section.startswith(' data-state="dung-han"') and "Đúng hạn (nhận " in section
    receipt = DocumentReceipt.objects.get(entry__unit__code=UNIT_A)
    assert (receipt.channel, receipt.recorded_by, receipt.original_name) == ("portal", "don-vi-a", "bao-cao.pdf")
    assert f"/van-ban/{receipt.pk}/" in section
    client.post("/don-vi/van-ban/ke-hoach/gui/", {"tep": SimpleUploadedFile("ke-hoach.pdf", PDF)})
    assert states(declared, UNIT_A) == {"ke-hoach": "nop-muon", "bao-cao-nam": "dung-han", "dang-ky-mo-hinh": "chua-nop"}
    logged = AuditEntry.objects.filter(round=declared, action="document-received").order_by("id")
    assert [(e.actor, e.target) for e in logged] == [("don-vi-a", f"{UNIT_A} / bao-cao-nam"),
                                                     ("don-vi-a", f"{UNIT_A} / ke-hoach")]
    assert logged[0].after["file"] == "bao-cao.pdf" and logged[0].after["channel"] == "portal"
    # the copy: its unit, appraisers and the office download it; another unit does not see it
    download = client.get(f"/van-ban/{receipt.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"
    for persona, code in (("appraiser", 200), ("office", 200), ("unit_b", 404), ("leader", 403)):
        assert client_for(personas[persona]).get(f"/van-ban/{receipt.pk}/").status_code == code, persona


@pytest.mark.parametrize(("name", "content", "code", "said"), [
    ("ke-hoach.pdf", b"<html>not a pdf</html>", "evidence-content-mismatch",
     "Văn bản 'Kế hoạch công tác dân vận năm': tệp 'ke-hoach.pdf' có đuôi .pdf nhưng nội dung không phải"),
    ("ke-hoach.exe", PDF, "evidence-type-refused", "Văn bản 'Kế hoạch công tác dân vận năm': tệp 'ke-hoach.exe' không"),
    ("ke-hoach.pdf", b"", "evidence-empty", "tệp 'ke-hoach.pdf' rỗng"),
])
def test_a_wrong_file_is_refused_as_evidence_is_and_nothing_is_kept(personas, declared, name, content, code, said):
    from scoring.workspace.models import DocumentReceipt

    client = client_for(personas["unit_a"])
    response = client.post("/don-vi/van-ban/ke-hoach/gui/", {"tep": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and said in page(response)
    assert not DocumentReceipt.objects.exists()


def test_a_unit_uploads_only_what_its_type_owes(personas, declared):
    from scoring.workspace.models import DocumentReceipt

    response = client_for(personas["unit_b"]).post(  # a Sở registers no model
        "/don-vi/van-ban/dang-ky-mo-hinh/gui/", {"tep": SimpleUploadedFile("mo-hinh.pdf", PDF)})
    assert response.status_code == 400
    assert "Đơn vị 'SO-VIDU' không phải nộp văn bản 'dang-ky-mo-hinh'" in page(response)
    assert not DocumentReceipt.objects.exists()


def test_the_office_records_a_receipt_and_sees_each_unit_per_document(personas, declared):
    from scoring.workspace.models import AuditEntry

    client = client_for(personas["office"])
    text = page(client.get(f"/van-phong/?dot={declared.code}"))
    assert "Văn bản nộp theo hạn" in text and "tiêu chí 1.4" in text
    response = client.post(f"/van-phong/dot/{declared.code}/van-ban/",
                           {"don_vi": UNIT_B, "van_ban": "ke-hoach", "ngay": "20/5/2025 23:59",
                            "ghi_chu": "Công văn 15/BC-SVD"}, follow=True)
    text = page(response)
    assert f"Đã ghi nhận {UNIT_B} nộp Kế hoạch công tác dân vận năm lúc 20/05/2025 23:59" in text
    assert "tình trạng của văn bản: đúng hạn" in text
    row_b = text.split(f'data-unit="{UNIT_B}"')[1].split("</tr>")[0]
    row_a = text.split(f'data-unit="{UNIT_A}"')[1].split("</tr>")[0]
    assert row_b.count('data-state="dung-han"') == 1 and 'data-state="chua-den-han"' in row_b and "—" in row_b
    assert row_a.count('data-state="chua-nop"') == 2 and 'data-state="chua-den-han"' in row_a
    summary = text.split('id="van-ban-tong-hop"')[1].split("</table>")[0]
    assert "23:59 ngày 20/05/2025" in summary
    logged = AuditEntry.objects.get(round=declared, action="document-received")
    assert (logged.actor, logged.target, logged.after["note"]) == ("van-phong", f"{UNIT_B} / ke-hoach",
                                                                   "Công văn 15/BC-SVD")
    assert logged.after["received_at"] == "2025-05-20T23:59:00+07:00"
    # refused: a date not yet come, a document the unit does not owe; said, nothing recorded
    for form, said in (({"don_vi": UNIT_B, "van_ban": "ke-hoach", "ngay": "1/1/2099"}, "chưa tới"),
                       ({"don_vi": UNIT_B, "van_ban": "dang-ky-mo-hinh", "ngay": ""}, "không phải nộp")):
        text = page(client.post(f"/van-phong/dot/{declared.code}/van-ban/", form, follow=True))
        assert said in text
    assert AuditEntry.objects.filter(round=declared, action="document-received").count() == 1


def test_only_the_office_records_receipts(personas, declared):
    for persona in ("unit_a", "appraiser", "leader"):
        response = client_for(personas[persona]).post(f"/van-phong/dot/{declared.code}/van-ban/",
                                                      {"don_vi": UNIT_A, "van_ban": "ke-hoach"})
        assert response.status_code == 403, persona
    assert client_for(personas["office"]).get("/don-vi/van-ban/").status_code == 403


def test_the_units_score_page_counts_its_documents_with_the_evidence(personas, declared, db):
    """Unit A wrote 0 late and 0 missing in 1.4; it has one document late and one missing."""
    from scoring.workspace.duedocs import record_receipt
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import round_results
    from scoring.workspace.store import Workspace

    record_receipt(Workspace(db), declared.code, UNIT_A, "ke-hoach", "21/5/2025", who="van-phong")
    collect_sample(db, declared, UNIT_A)
    entry = RosterEntry.objects.get(round=declared, unit__code=UNIT_A)
    text = page(client_for(personas["unit_a"]).get(f"/don-vi/ket-qua/{entry.current_id}/"))
    assert "1 báo cáo trễ hạn × 1 = −1; 1 báo cáo không gửi × 2 = −2 → 0/3 điểm" in text
    text = page(client_for(personas["appraiser"]).get(f"/tham-dinh/dot/{declared.code}/don-vi/{entry.pk}/"))
    said = text.split("Tài liệu kiểm chứng: Văn bản nộp theo hạn")[1].split("</p>")[0]
    assert "Kế hoạch công tác dân vận năm (hạn 23:59 ngày 20/05/2025): nộp muộn, nhận 21/05/2025 23:59" in said
    assert "Đăng ký mô hình (hạn 23:59 ngày 12/03/2025): chưa nộp" in said
    assert "Báo cáo tổng kết năm (hạn 17:00 ngày 31/12/2099): chưa đến hạn" in said
    result = next(r for r in round_results(declared)[1].accepted if r.unit_code == UNIT_A)
    node = next(n for n in result.nodes if n.id == "1.4")
    assert node.final_points == 0  # 3 − 1 (late) − 2 (missing), never below 0



def test_the_web_form_says_the_round_sets_the_criterion_and_takes_it_blank(personas, declared):
    """Unit A fills its form but for 1.4, which the round sets from its documents: submitted,
    accepted, scored with the round's count; the form said why the input may stay blank."""
    from test_portal_webform import post_data

    from scoring.workspace.models import RosterEntry

    client = client_for(personas["unit_a"])
    form = page(client.get("/don-vi/dien/"))
    said = form.split('id="tc-1.4"')[1].split("</fieldset>")[0]
    assert "Đợt đánh giá tự đặt giá trị này từ dữ liệu văn phòng, không cần nhập" in said
    assert "Kế hoạch công tác dân vận năm (hạn 23:59 ngày 20/05/2025): chưa nộp" in said
    data = {k: v for k, v in post_data(UNIT_A).items() if not k.startswith("1.4__")}
    response = client.post("/don-vi/dien/", data, follow=True)
    entry = RosterEntry.objects.select_related("current").get(round=declared, unit__code=UNIT_A)
    assert response.status_code == 200 and entry.current is not None and entry.current.status == "accepted"
    assert "2 báo cáo không gửi × 2 = −4 → 0/3 điểm" in page(response)
    assert "Chưa nhập" not in page(response)


def test_the_units_page_shows_the_class_the_round_gives_now_not_the_one_stored(personas, declared, db):
    from scoring.portal.present import standing_view
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.uploads import scored

    collect_sample(db, declared, UNIT_A)
    entry = RosterEntry.objects.select_related("current").get(round=declared, unit__code=UNIT_A)
    type(entry.current).objects.filter(pk=entry.current_id).update(band_label="Loại cũ đã lưu")
    now = standing_view(scored(entry.current).result, entry.current)["band"]
    text = page(client_for(personas["unit_a"]).get("/don-vi/"))
    line = text.split(">xa-minhhoa.xlsx</a>")[1].split("</li>")[0]
    assert f"đang được tính, xếp loại hiện nay: {now}" in line and "Loại cũ đã lưu" not in text
