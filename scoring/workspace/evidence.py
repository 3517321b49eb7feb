"""Evidence documents (tài liệu kiểm chứng) a unit attaches to a criterion of its self-assessment.

A document is checked before it is kept: its kind by name *and* by content (a PDF must start as a
PDF, a .docx must be a Word package...), its size, and the unit's total for the round.  Accepted
bytes are stored once by content hash under ``tep/`` like received workbooks (``StoredFile``), and
an :class:`~scoring.workspace.models.EvidenceDocument` row with its audit entry names the unit,
criterion, file name and account.  Nothing here ever opens or runs what a document contains.

The engine learns of a document through the submission's own ``evidence`` text, as it does for a
workbook's "Tài liệu kiểm chứng" cell: :func:`evidence_text` adds "Tệp đính kèm: …" to what the
unit typed, so ``evidence_required`` is met by an attached document without a special case.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.formats.doctype import is_kind

#: Largest single document, and largest total of one unit's documents in one round.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
#: Marks the attached documents' part of an evidence text (stripped again when a form is reloaded).
ATTACHED = "Tệp đính kèm: "
_SEPARATOR = " | "

#: suffix → (content type, what the content must look like)
KINDS = {
    ".pdf": ("application/pdf", "pdf"),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
ACCEPT = ",".join(KINDS)



@dataclass(frozen=True)
class Upload:
    """One document as received: the name on the user's computer, its size and its bytes."""

    criterion: str
    name: str
    size: int
    chunks: Iterable[bytes]
    #: What the document is for, as messages name it (default "Tiêu chí <criterion>"); a document
    #: not for a criterion (a fixed-date report, :mod:`scoring.workspace.duedocs`) names itself.
    subject: str = ""

    @property
    def about(self) -> str:
        return self.subject or f"Tiêu chí {self.criterion}"


@dataclass(frozen=True)
class _Kept:
    """A checked document written to a temporary file (the shape :func:`copy_blobs` takes)."""

    criterion: str
    name: str
    path: str
    size: int
    sha: str
    content_type: str


def plain_name(name: str) -> str:
    """The document's own name without folders (at most 150 characters, suffix kept)."""
    base = name.replace("\\", "/").split("/")[-1].strip() or "tai-lieu"
    suffix = Path(base).suffix[:10]
    return base if len(base) <= 150 else base[:150 - len(suffix)] + suffix


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")


def _check_one(upload: Upload, folder: Path, index: int, findings: list[Finding]) -> _Kept | None:
    name = plain_name(upload.name)
    where = Location(file=name, criterion_id=None if upload.subject else upload.criterion,
                     field=f"{upload.criterion}__tep")
    suffix = Path(name).suffix.lower()
    facts = {"subject": upload.about, "name": name}
    if suffix not in KINDS:
        findings.append(make("evidence-type-refused", where, **facts))
        return None
    if upload.size > MAX_FILE_BYTES:
        findings.append(make("evidence-too-large", where, size=_mb(upload.size), limit=_mb(MAX_FILE_BYTES), **facts))
        return None
    path = folder / f"{index}{suffix}"
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        for chunk in upload.chunks:
            digest.update(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:  # the size the browser declared was wrong: stop reading
                findings.append(make("evidence-too-large", where, size=_mb(size), limit=_mb(MAX_FILE_BYTES), **facts))
                return None
            out.write(chunk)
    content_type, kind = KINDS[suffix]
    if size == 0:
        findings.append(make("evidence-empty", where, **facts))
        return None
    if not is_kind(path, kind):  # by structure: a PDF/HTML polyglot is not kept
        findings.append(make("evidence-content-mismatch", where, suffix=suffix, **facts))
        return None
    return _Kept(upload.criterion, name, str(path), size, digest.hexdigest(), content_type)


def check_uploads(uploads: list[Upload], known: set[str], already: int, folder: Path) -> list[_Kept]:
    """Every upload checked and written under ``folder``; all refused together if any is wrong
    (``DvkError``: one finding per refused file, naming its criterion and file)."""
    findings: list[Finding] = []
    kept: list[_Kept] = []
    total = already
    for index, upload in enumerate(uploads):
        if upload.criterion not in known:
            findings.append(make("evidence-unknown-criterion", Location(criterion_id=upload.criterion),
                                 criterion=upload.criterion, name=plain_name(upload.name)))
            continue
        one = _check_one(upload, folder, index, findings)
        if one is None:
            continue
        total += one.size
        if total > MAX_TOTAL_BYTES:
            findings.append(make("evidence-total-too-large", Location(file=one.name, criterion_id=one.criterion),
                                 subject=upload.about, name=one.name, size=_mb(total), limit=_mb(MAX_TOTAL_BYTES)))
            continue
        kept.append(one)
    if findings:
        raise DvkError(findings)
    return kept


def attach(ws: Any, entry: Any, uploads: list[Upload], known: set[str], who: str) -> list[Any]:
    """Keep the unit's documents for its criteria (``known``: the criterion ids of its form);
    return the new ``EvidenceDocument`` rows.  Refused unless the round takes submissions."""
    from django.db import transaction

    from scoring.workspace.blobs import copy_blobs, record_blobs
    from scoring.workspace.models import EvidenceDocument, Round
    from scoring.workspace.rounds import require_state
    from scoring.workspace.store import audit, now

    if not uploads:
        return []
    require_state(entry.round, ("open",), "nhận tài liệu kiểm chứng")
    folder = Path(tempfile.mkdtemp(prefix="dvk-kiem-chung-"))
    try:
        kept = check_uploads(uploads, known, total_size(entry), folder)
        stored = copy_blobs(ws, kept)
        at = now()
        with transaction.atomic():
            round_ = Round.objects.select_for_update().get(pk=entry.round_id)
            require_state(round_, ("open",), "nhận tài liệu kiểm chứng")
            record_blobs(stored, at)
            made = [EvidenceDocument.objects.create(
                round=round_, entry=entry, criterion_id=k.criterion, file_id=k.sha, original_name=k.name,
                content_type=k.content_type, size=k.size, uploaded_by=who, at=at) for k in kept]
            for doc in made:
                audit(round_, who, "evidence-attached", f"{entry.unit.code} / {doc.criterion_id}",
                      after={"file": doc.original_name, "sha256": doc.file_id, "size": doc.size}, at=at)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return made


def remove(entry: Any, pk: int, who: str) -> Any | None:
    """Take a document off the unit's criterion (while the round takes submissions); the row is
    kept, marked removed, with its audit entry.  None if the entry has no such document."""
    from django.db import transaction

    from scoring.workspace.models import Round
    from scoring.workspace.rounds import require_state
    from scoring.workspace.store import audit

    doc = documents(entry).filter(pk=pk).first()
    if doc is None:
        return None
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=entry.round_id)
        require_state(round_, ("open",), "gỡ tài liệu kiểm chứng")
        doc.removed = True
        doc.save(update_fields=["removed"])
        audit(round_, who, "evidence-removed", f"{entry.unit.code} / {doc.criterion_id}",
              before={"file": doc.original_name, "sha256": doc.file_id})
    return doc


def document(pk: int, unit: Any = None) -> Any | None:
    """The kept (not removed) document ``pk``; only if it is ``unit``'s when a unit is given."""
    from scoring.workspace.models import EvidenceDocument

    docs = EvidenceDocument.objects.select_related("file").filter(pk=pk, removed=False)
    if unit is not None:
        docs = docs.filter(entry__unit=unit)
    return docs.first()


def stored_path(ws: Any, doc: Any) -> Path:
    """The document's bytes as kept in the workspace."""
    return Path(ws.root) / doc.file.path


def documents(entry: Any) -> Any:
    """The entry's documents that count (not removed), oldest first."""
    return entry.evidence_documents.filter(removed=False).select_related("file").order_by("at", "id")


def by_criterion(entry: Any) -> dict[str, list[Any]]:
    """The entry's documents grouped by criterion id."""
    out: dict[str, list[Any]] = {}
    for doc in documents(entry):
        out.setdefault(doc.criterion_id, []).append(doc)
    return out


def total_size(entry: Any) -> int:
    return sum(doc.size for doc in documents(entry))


def evidence_text(typed: str | None, names: list[str]) -> str:
    """What the submission's evidence says: the unit's text, then its attached documents."""
    typed = strip_attached(typed)
    if not names:
        return typed
    listed = ATTACHED + ", ".join(names)
    return f"{typed}{_SEPARATOR}{listed}" if typed else listed


def strip_attached(text: str | None) -> str:
    """The unit's own text of an evidence written by :func:`evidence_text`."""
    text = (text or "").strip()
    if text.startswith(ATTACHED):
        return ""
    return text.split(_SEPARATOR + ATTACHED)[0].strip()


def with_documents(entry: Any, answers: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``answers`` with each criterion's attached documents named in its evidence."""
    docs = by_criterion(entry)
    out = {k: dict(v) for k, v in answers.items()}
    for criterion, listed in docs.items():
        answer = out.setdefault(criterion, {})
        answer["evidence"] = evidence_text(answer.get("evidence"), [d.original_name for d in listed])
    return out
