"""The year's fixed-date documents (văn bản nộp theo hạn): what a round declares units owe, and
their receipts.

A round declares them — not the workspace — because the count feeds that round's criterion on
information and reporting (its ruleset, its roster's unit types, its audit log and its backup),
and a year's documents are that year's round's.  The declaration is a small JSON file
(``dvk round tai-lieu khai-bao TỆP``)::

    {"criterion": {"id": "1.4", "late": "tre_han", "missing": "khong_gui"},
     "documents": [{"code": "ke-hoach", "name": "Kế hoạch công tác dân vận năm",
                    "due": "20/5/2026", "unit_types": ["ubnd_xa"]}, …]}

``criterion`` is optional (without it the documents are only shown); ``unit_types`` too (without
it every unit owes the document).  A unit delivers a document by uploading it in the portal (the
same content checks as evidence, :func:`scoring.workspace.evidence.check_uploads`) or the office
records it received on a date (:func:`record_receipt`); the earliest receipt counts.  What each
unit stands at, and the fact the criterion gets, are :mod:`scoring.workspace.duestate`'s.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.stages import OPEN_STATES
from scoring.workspace.store import Workspace, actor, audit, now

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["documents"],
    "properties": {
        "criterion": {"type": "object", "additionalProperties": False, "required": ["id", "late", "missing"],
                      "properties": {k: {"type": "string", "minLength": 1} for k in ("id", "late", "missing")}},
        "documents": {"type": "array", "minItems": 1, "maxItems": 50, "items": {
            "type": "object", "additionalProperties": False, "required": ["code", "name", "due"],
            "properties": {"code": {"type": "string", "minLength": 1, "maxLength": 100},
                           "name": {"type": "string", "minLength": 1, "maxLength": 300},
                           "due": {"type": "string", "minLength": 1, "maxLength": 40},
                           "unit_types": {"type": "array", "maxItems": 50,
                                          "items": {"type": "string", "maxLength": 200}}}}},
    },
}


def declare_documents(ws: Workspace, round_code: str | None, path: Path, who: str | None = None) -> list[Any]:
    """``dvk round tai-lieu khai-bao``: the round's documents and criterion as ``path`` declares
    them, replacing the previous declaration (a document already received cannot be dropped),
    with its audit entry; the round's documents."""
    from django.db import transaction

    from scoring.workspace.models import DueDocument, Round
    from scoring.workspace.rounds import find_round, require_state, ruleset_of

    who = who or actor()
    round_ = find_round(round_code)
    rule, declared = _read_declaration(path, ruleset_of(round_))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        require_state(round_, OPEN_STATES, "khai báo văn bản nộp theo hạn")
        before = declaration(round_)
        kept = {d["code"] for d in declared}
        dropped = DueDocument.objects.filter(round=round_).exclude(code__in=kept)
        received = list(dropped.filter(receipts__removed=False).values_list("code", flat=True).distinct())
        if received:
            raise DvkError([make("duedoc-received", Location(file=str(path)), document=c) for c in sorted(received)])
        dropped.delete()
        for doc in declared:
            DueDocument.objects.update_or_create(round=round_, code=doc["code"], defaults={
                "name": doc["name"], "due": doc["due"], "unit_types": doc["unit_types"]})
        round_.documents_rule = rule
        round_.save(update_fields=["documents_rule"])
        audit(round_, who, "documents-declared", str(path), before=before, after=declaration(round_))
    return list(round_.due_documents.order_by("due", "code"))


def declaration(round_) -> dict[str, Any]:
    """The round's declaration as the audit log keeps it (times in Vietnam's)."""
    from scoring.workspace.rounds import stored_time

    docs = [{"code": d.code, "name": d.name, "due": stored_time(d.due), "unit_types": d.unit_types}
            for d in round_.due_documents.order_by("due", "code")]
    return {"criterion": round_.documents_rule or None, "documents": docs}


def _read_declaration(path: Path, ruleset) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The criterion rule and the documents of a declaration file, every problem located."""
    from scoring.formats.jsonio import read_json, schema_findings
    from scoring.rules.types import printable
    from scoring.workspace.rounds import parse_deadline

    where = Location(file=str(path))
    data = read_json(path)
    findings = schema_findings(data, _SCHEMA, where)
    if findings:
        raise DvkError(findings)
    types = {t.id for t in ruleset.unit_types}
    docs, seen = [], set()
    for i, doc in enumerate(data["documents"]):
        at = Location(file=str(path), json_path=f"$.documents[{i}]")
        code = doc["code"].strip()
        if not _CODE.fullmatch(code) or code.casefold() in seen:
            findings.append(make("duedoc-bad-code", at, document=code))
        seen.add(code.casefold())
        try:
            due = parse_deadline(doc["due"])
        except DvkError as exc:
            findings += [f.located(json_path=f"$.documents[{i}].due", file=str(path)) for f in exc.findings]
            due = None
        unknown = [t for t in doc.get("unit_types", []) if t not in types]
        if unknown:
            findings.append(make("duedoc-unit-type", at, types=", ".join(unknown), known=", ".join(sorted(types))))
        docs.append({"code": code, "name": printable(doc["name"]).strip(), "due": due,
                     "unit_types": doc.get("unit_types", [])})
    rule = data.get("criterion") or {}
    if rule:
        findings += _rule_findings(rule, ruleset, Location(file=str(path), json_path="$.criterion"))
    if findings:
        raise DvkError(findings)
    return rule, docs


def _rule_findings(rule: dict[str, str], ruleset, where: Location) -> list:
    """The criterion must count late and missing reports: a ``count_deduction`` with both kinds."""
    from scoring.rules.index import index_of
    from scoring.rules.methods import CountDeduction

    info = index_of(ruleset).by_id.get(rule["id"])
    node = info.node if info is not None and info.is_leaf else None
    if node is None or not isinstance(node.method, CountDeduction):
        return [make("duedoc-criterion", where, criterion=rule["id"])]
    kinds = {k.id for k in node.method.kinds}
    wrong = [rule[k] for k in ("late", "missing") if rule[k] not in kinds]
    if wrong or rule["late"] == rule["missing"]:
        return [make("duedoc-kinds", where, criterion=rule["id"], kinds=", ".join(sorted(kinds)))]
    return []


def _owed_document(round_, entry, code: str):
    """The round's document ``code`` that ``entry`` owes, or a finding naming what it owes."""
    from scoring.workspace.duestate import owed

    documents = list(round_.due_documents.order_by("due", "code"))
    mine = owed(entry, documents)
    found = next((d for d in mine if d.code.casefold() == code.strip().casefold()), None)
    if found is None:
        raise DvkError([make("duedoc-unknown", Location(), document=code, unit=entry.unit.code,
                             known=", ".join(d.code for d in mine) or "không có")])
    return found


def record_receipt(ws: Workspace, round_code: str | None, unit: str, code: str, when: str | None = None,
                   note: str = "", who: str | None = None) -> Any:
    """The office records ``unit``'s document ``code`` received ``when`` (``10/5/2026 09:30``; a
    date alone is the end of that day, as for a deadline; default now), with its audit entry."""
    from django.db import transaction

    from scoring.core.unitcode import unit_key
    from scoring.workspace.models import DocumentReceipt, RosterEntry, Round
    from scoring.workspace.rounds import VN, find_round, parse_deadline, require_state, shown_time

    who = who or actor()
    at = now()
    received = parse_deadline(when) if (when or "").strip() else at
    today_ends = at.astimezone(VN).replace(hour=23, minute=59, second=59, microsecond=0)
    if received > today_ends:  # today typed as a date alone is the end of today: not the future
        raise DvkError([make("duedoc-future", Location(), when=shown_time(received))])
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=find_round(round_code).pk)
        require_state(round_, OPEN_STATES, "ghi nhận văn bản nộp theo hạn")
        entry = (RosterEntry.objects.select_related("unit")
                 .filter(round=round_, unit__code_key=unit_key(unit)).first())
        if entry is None:
            raise DvkError([make("late-unit-unknown", Location(), unit=unit, round=round_.code)])
        document = _owed_document(round_, entry, code)
        receipt = DocumentReceipt.objects.create(
            round=round_, entry=entry, document=document, received_at=received, channel="office",
            recorded_by=who, note=note.strip(), at=at)
        audit(round_, who, "document-received", f"{entry.unit.code} / {document.code}",
              after=_receipt_data(receipt), at=at)
    return receipt


def upload_document(ws: Workspace, entry: Any, code: str, upload: Any, who: str) -> Any:
    """A unit's upload of its document ``code`` (an :class:`~scoring.workspace.evidence.Upload`),
    checked as evidence is, kept by content, received now, with its audit entry."""
    from django.db import transaction

    from scoring.workspace.blobs import copy_blobs, record_blobs
    from scoring.workspace.evidence import check_uploads
    from scoring.workspace.models import DocumentReceipt, Round
    from scoring.workspace.rounds import require_state

    require_state(entry.round, OPEN_STATES, "nhận văn bản nộp theo hạn")
    document = _owed_document(entry.round, entry, code)
    folder = Path(tempfile.mkdtemp(prefix="dvk-van-ban-"))
    try:
        named = type(upload)(document.code, upload.name, upload.size, upload.chunks, subject=f"Văn bản '{document.name}'")
        (kept,) = check_uploads([named], {document.code}, 0, folder)
        stored = copy_blobs(ws, [kept])
        at = now()
        with transaction.atomic():
            round_ = Round.objects.select_for_update().get(pk=entry.round_id)
            require_state(round_, OPEN_STATES, "nhận văn bản nộp theo hạn")
            record_blobs(stored, at)
            receipt = DocumentReceipt.objects.create(
                round=round_, entry=entry, document=document, received_at=at, file_id=kept.sha,
                original_name=kept.name, content_type=kept.content_type, size=kept.size, channel="portal",
                recorded_by=who, at=at)
            audit(round_, who, "document-received", f"{entry.unit.code} / {document.code}",
                  after=_receipt_data(receipt), at=at)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return receipt


def _receipt_data(receipt) -> dict[str, Any]:
    from scoring.workspace.rounds import stored_time

    data = {"document": receipt.document.name, "received_at": stored_time(receipt.received_at),
            "channel": receipt.channel}
    if receipt.file_id:
        data.update(file=receipt.original_name, sha256=receipt.file_id, size=receipt.size)
    if receipt.note:
        data["note"] = receipt.note
    return data


def receipt_file(ws: Workspace, pk: int, unit: Any = None) -> tuple[Any, Path] | None:
    """A kept uploaded document and where its bytes are (only ``unit``'s when given), or None."""
    from scoring.workspace.models import DocumentReceipt

    found = DocumentReceipt.objects.select_related("file").filter(pk=pk, removed=False, file__isnull=False)
    if unit is not None:
        found = found.filter(entry__unit=unit)
    receipt = found.first()
    return None if receipt is None else (receipt, Path(ws.root) / receipt.file.path)
