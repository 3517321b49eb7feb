"""The year's fixed-date documents in the portal: the unit's page (what it owes, due dates, state,
upload), the office's record of a document received on a date, and the download of an uploaded
copy (the unit itself, appraisers, the office) — :mod:`scoring.workspace.duedocs` in the browser.

An uploaded document is sent as evidence documents are (:func:`scoring.portal.views.evidence.attachment`).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from scoring.core.findings import DvkError
from scoring.portal.access import APPRAISER, OFFICE, UNIT, may_see, role_required, unit_required
from scoring.portal.flash import refused
from scoring.portal.views.evidence import attachment
from scoring.portal.views.rounds import pick_round
from scoring.portal.views.unit import _entry, workspace

office_required = role_required(OFFICE)


def unit_rows(entry) -> list[dict]:
    """The documents ``entry`` owes, as the unit's page shows them (times in Vietnam's, one format)."""
    from scoring.workspace.duestate import unit_documents
    from scoring.workspace.models import DocumentReceipt
    from scoring.workspace.rounds import shown_deadline, shown_time

    units = unit_documents(entry.round, [entry.pk])
    if not units:
        return []
    copies: dict[str, list] = {}
    kept = (DocumentReceipt.objects.filter(entry=entry, removed=False).select_related("document")
            .order_by("received_at", "id"))
    for receipt in kept:
        copies.setdefault(receipt.document.code, []).append(
            {"pk": receipt.pk, "name": receipt.original_name, "when": shown_time(receipt.received_at),
             "file": bool(receipt.file_id), "by_office": receipt.channel == "office", "note": receipt.note})
    return [{"code": d.code, "name": d.name, "due": shown_deadline(d.due), "state": d.state, "label": d.label,
             "received": shown_time(d.received_at) if d.received_at else "", "copies": copies.get(d.code, [])}
            for d in units[0].documents]


@require_GET
@unit_required
def unit_page(request, who):
    return _page(request, _entry(who), ())


def _page(request, entry, findings, status=200):
    from scoring.portal.present import findings_view
    from scoring.workspace.evidence import ACCEPT
    from scoring.workspace.stages import OPEN_STATES

    context = {"entry": entry, "round": entry.round, "rows": unit_rows(entry), "accept": ACCEPT,
               "open": entry.round.state in OPEN_STATES, **findings_view(findings)}
    return render(request, "portal/unit_documents.html", context, status=status)


@require_POST
@unit_required
def upload(request, who, code):
    """Form "Gửi văn bản": one file for the document ``code``."""
    from scoring.workspace.duedocs import upload_document
    from scoring.workspace.evidence import Upload

    entry = _entry(who)
    sent = request.FILES.get("tep")
    if sent is None:
        messages.error(request, "Chưa chọn tệp. Bấm \u201cChọn tệp\u201d và chọn văn bản (PDF, Word, ảnh) cần gửi.")
        return redirect("portal:unit-documents")
    try:
        receipt = upload_document(workspace(), entry, code, Upload(code, sent.name, sent.size, sent.chunks()),
                                  who.username)
    except DvkError as exc:
        return _page(request, entry, exc.findings, status=400)
    messages.success(request, f"Đã nhận {receipt.document.name} ({receipt.original_name}) lúc "
                              f"{_received(receipt)}.")
    return redirect("portal:unit-documents")


@require_GET
@role_required(UNIT, APPRAISER, OFFICE)
def download(request, who, pk):
    from scoring.workspace.duedocs import receipt_file

    found = receipt_file(workspace(), pk, who.unit if who.role == UNIT else None)
    if found is None or (who.role != UNIT and not may_see(who, found[0].round)):  # another office's: not revealed
        raise Http404
    receipt, path = found
    return attachment(path, receipt.original_name, receipt.content_type)


@require_POST
@office_required
def receive(request, who, code):
    """Form "Ghi nhận văn bản đã nhận": the unit's code, the document, the date received, a note."""
    from scoring.workspace.duedocs import record_receipt

    round_ = pick_round(who, code, write=True)
    form = request.POST
    try:
        receipt = record_receipt(workspace(), round_.code, form.get("don_vi", ""), form.get("van_ban", ""),
                                 form.get("ngay", ""), form.get("ghi_chu", ""), who=who.username)
    except DvkError as exc:
        refused(request, exc.findings)
    else:
        messages.success(request, f"Đã ghi nhận {receipt.entry.unit.code} nộp {receipt.document.name} lúc "
                                  f"{_received(receipt)}.")
    return redirect(f"/van-phong/?dot={round_.code}#van-ban")


def _received(receipt) -> str:
    """"10/05/2026 09:30; văn bản: đúng hạn": the receipt's time and the document's state now."""
    from scoring.workspace.duestate import document_state
    from scoring.workspace.rounds import shown_time

    state = document_state(receipt.entry, receipt.document.code)
    return f"{shown_time(receipt.received_at)}; tình trạng của văn bản: {state.label.lower()}"


def office_view(status) -> dict:
    """The office page's part on the documents: per document the counts, and each unit's state
    per document (the first :data:`SHOWN` units; the status workbook has them all)."""
    from scoring.workspace.duestate import LABELS, summary
    from scoring.workspace.rounds import shown_deadline

    units = status.documents
    if not units:
        return {"documents": None}
    heads = summary(units)
    columns = [code for code, *_ in heads]
    rows = [{"code": u.code, "name": u.name,
             "cells": [next(((d.state, d.label) for d in u.documents if d.code == c), ("", "—")) for c in columns]}
            for u in units[:SHOWN]]
    return {"documents": {
        "heads": [{"code": code, "name": name, "due": shown_deadline(due),
                   "counts": [(LABELS[s], counts[s]) for s in LABELS]} for code, name, due, counts in heads],
        "rows": rows, "more": max(0, len(units) - SHOWN)}}


#: Units shown in the office page's table (the status workbook lists every unit).
SHOWN = 500
