"""Evidence documents in the web form: kinds and sizes checked, kept by content, seen by the
engine as evidence, downloaded only by the unit itself, appraisers and the office."""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portalkit import UNIT_A, client_for, db, personas, portal_workspace, roster  # noqa: F401
from test_portal_webform import post_data

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


PNG = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
       + png_chunk(b"IDAT", zlib.compress(b"\x00\x00")) + png_chunk(b"IEND", b""))


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def without_evidence(data: dict, criterion: str) -> dict:
    return {k: v for k, v in data.items() if k != f"{criterion}__evidence"}


def send(client, data: dict, files: dict[str, list[tuple[str, bytes]]] | None = None, **extra):
    """The web form posted with ``files`` ({criterion: [(name, bytes)]}) attached."""
    payload = dict(data)
    for criterion, listed in (files or {}).items():
        payload[f"{criterion}__tep"] = [SimpleUploadedFile(name, content) for name, content in listed]
    return client.post("/don-vi/dien/", payload, **extra)


def documents(code=UNIT_A):
    from scoring.workspace.models import EvidenceDocument

    return list(EvidenceDocument.objects.filter(entry__unit__code=code, removed=False))


def evidence_missing(submission, criterion: str) -> bool:
    return any(f["code"] == "evidence-missing" and f.get("criterion_id") == criterion for f in submission.findings)


def test_an_attached_document_is_the_criterions_evidence_for_the_engine(personas, roster):
    from scoring.workspace.models import Submission

    data = without_evidence(post_data(UNIT_A), "1.1")
    client = client_for(personas["unit_a"])
    assert send(client, data).status_code == 302
    bare = Submission.objects.filter(round=roster).order_by("-id").first()
    assert evidence_missing(bare, "1.1")  # the ruleset requires evidence for 1.1: none given
    assert send(client, data, {"1.1": [("Kế hoạch 12-KH.pdf", PDF)]}).status_code == 302
    attached = Submission.objects.filter(round=roster).order_by("-id").first()
    assert not evidence_missing(attached, "1.1")
    assert attached.data["answers"]["1.1"]["evidence"] == "Tệp đính kèm: Kế hoạch 12-KH.pdf"


def test_a_document_is_stored_once_by_content_with_its_audit_entry(personas, roster, db):
    from scoring.workspace.models import AuditEntry

    client = client_for(personas["unit_a"])
    data = post_data(UNIT_A, submit=False)
    send(client, data, {"1.1": [("a.pdf", PDF)], "3.1": [("b.pdf", PDF), ("anh.png", PNG)]})
    kept = documents()
    assert sorted((d.criterion_id, d.original_name) for d in kept) == [("1.1", "a.pdf"), ("3.1", "anh.png"),
                                                                       ("3.1", "b.pdf")]
    pdf = next(d for d in kept if d.original_name == "a.pdf")
    assert (db / pdf.file.path).read_bytes() == PDF and pdf.content_type == "application/pdf"
    assert len({d.file_id for d in kept}) == 2  # the two identical PDFs share one stored file
    logged = AuditEntry.objects.filter(round=roster, action="evidence-attached")
    assert logged.count() == 3 and {e.actor for e in logged} == {"don-vi-a"}


SAYS = {"evidence-type-refused": "Chỉ đính kèm tệp PDF", "evidence-content-mismatch": "nội dung không phải tệp",
        "evidence-empty": "rỗng (0 byte)"}


@pytest.mark.parametrize("name,content,code", [
    ("trang.html", b"<script>alert(1)</script>", "evidence-type-refused"),
    ("chay.exe", b"MZ\x90\x00", "evidence-type-refused"),
    ("gia.pdf", b"<html><script>alert(1)</script></html>", "evidence-content-mismatch"),
    ("gia.docx", PDF, "evidence-content-mismatch"),
    ("rong.png", b"", "evidence-empty"),
    # polyglots: the right first bytes, something a browser could run inside or after them
    ("hai-mat.pdf", PDF.replace(b"endobj", b"endobj <html><script>alert(1)</script>"), "evidence-content-mismatch"),
    ("khong-ket.pdf", b"%PDF-1.4\n<body onload=alert(1)>", "evidence-content-mismatch"),
    ("duoi.png", PNG + b"<script>alert(1)</script>", "evidence-content-mismatch"),
    ("hong.png", PNG[:-5] + b"XXXXX", "evidence-content-mismatch"),
    ("dau.docx", b"<html><body>x</body></html>" + docx_bytes(), "evidence-content-mismatch"),
    ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16 + b"\xff\xd9<svg onload=alert(1)>", "evidence-content-mismatch"),
])
def test_a_refused_document_is_named_with_its_criterion_and_nothing_is_kept(personas, roster, name, content, code):
    response = send(client_for(personas["unit_a"]), post_data(UNIT_A, submit=False),
                    {"1.1": [("ke-hoach.pdf", PDF)], "3.1": [(name, content)]})
    text = page(response)
    assert response.status_code == 400
    assert f"Tiêu chí 3.1: tệp '{name}'" in text and SAYS[code] in text
    assert documents() == []  # all or nothing: the good PDF of 1.1 is not kept either


def test_a_docx_is_accepted_by_its_content(personas, roster):
    send(client_for(personas["unit_a"]), post_data(UNIT_A, submit=False), {"3.1": [("bien-ban.docx", docx_bytes())]})
    assert [d.content_type for d in documents()] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]


def test_size_limits_per_file_and_per_submission(personas, roster, monkeypatch):
    from scoring.workspace import evidence

    client = client_for(personas["unit_a"])
    monkeypatch.setattr(evidence, "MAX_FILE_BYTES", 40)
    response = send(client, post_data(UNIT_A, submit=False), {"1.1": [("lon.pdf", PDF + b"x" * 40)]})
    assert response.status_code == 400 and "vượt giới hạn" in page(response) and "lon.pdf" in page(response)
    monkeypatch.setattr(evidence, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(evidence, "MAX_TOTAL_BYTES", len(PDF) + 10)
    assert send(client, post_data(UNIT_A, submit=False), {"1.1": [("mot.pdf", PDF)]}).status_code == 302
    response = send(client, post_data(UNIT_A, submit=False), {"3.1": [("hai.pdf", PDF)]})
    assert response.status_code == 400 and "cho một bản tự chấm" in page(response)
    assert [d.original_name for d in documents()] == ["mot.pdf"]


@pytest.fixture
def attached(personas, roster):
    send(client_for(personas["unit_a"]), post_data(UNIT_A, submit=False), {"1.1": [("Kế hoạch.pdf", PDF)]})
    return documents()[0]


@pytest.mark.parametrize("persona,status", [("unit_a", 200), ("appraiser", 200), ("office", 200),
                                            ("unit_b", 404), ("leader", 403), ("nobody", 403)])
def test_who_may_download_a_document(personas, attached, persona, status):
    response = client_for(personas[persona]).get(f"/tai-lieu/{attached.pk}/")
    assert response.status_code == status
    if status == 404:
        assert "không có quyền" in page(response)


def test_a_document_is_downloaded_never_shown_inline(personas, attached):
    response = client_for(personas["unit_a"]).get(f"/tai-lieu/{attached.pk}/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "K%E1%BA%BF%20ho%E1%BA%A1ch.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_unit_removes_its_own_document_but_not_anothers(personas, attached):
    from scoring.workspace.models import AuditEntry

    assert client_for(personas["unit_b"]).post(f"/don-vi/tai-lieu/{attached.pk}/go/").status_code == 404
    assert documents() == [attached]
    assert client_for(personas["unit_a"]).get(f"/don-vi/tai-lieu/{attached.pk}/go/").status_code == 405
    response = client_for(personas["unit_a"]).post(f"/don-vi/tai-lieu/{attached.pk}/go/", follow=True)
    assert "Đã gỡ tệp Kế hoạch.pdf khỏi tiêu chí 1.1" in page(response)
    assert documents() == [] and AuditEntry.objects.filter(action="evidence-removed").count() == 1


def test_no_document_is_taken_once_the_round_is_closed(personas, roster):
    from scoring.workspace.rounds import move_round

    move_round(roster.code, "closed", who="van-phong")
    response = send(client_for(personas["unit_a"]), post_data(UNIT_A, submit=False), {"1.1": [("a.pdf", PDF)]})
    assert "Đã lưu bản nháp" not in page(response) and documents() == []


def test_the_appraiser_sees_the_documents_with_download_links(personas, attached, roster):
    from scoring.workspace.rounds import move_round

    send(client_for(personas["unit_a"]), post_data(UNIT_A))
    move_round(roster.code, "closed", who="van-phong")
    move_round(roster.code, "appraisal", who="van-phong")
    entry = roster.roster.get(unit__code=UNIT_A)
    text = page(client_for(personas["appraiser"]).get(f"/tham-dinh/dot/{roster.code}/don-vi/{entry.pk}/"))
    assert f'href="/tai-lieu/{attached.pk}/"' in text and "Tải Kế hoạch.pdf" in text
    assert "Tệp đính kèm: Kế hoạch.pdf" in text


def test_the_queue_counts_each_units_documents(personas, attached, roster):
    from scoring.workspace.rounds import move_round

    send(client_for(personas["unit_a"]), post_data(UNIT_A))
    move_round(roster.code, "closed", who="van-phong")
    text = client_for(personas["appraiser"]).get("/tham-dinh/").content.decode()
    counts = re.search(r"UBND xã Minh Họa</a>.*?<td class=\"num\">(\d+)</td><td class=\"num\">(\d+)</td></tr>", text, re.S)
    assert counts.groups() == ("1", "0")  # one document, no answer
