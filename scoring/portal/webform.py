"""The self-assessment as a web form generated from the ruleset: the same inputs as the workbook.

Each applicable criterion gives its method's input fields, an evidence box and documents to attach
(:mod:`scoring.workspace.evidence`); facts and bonus /
deduction items give a Có/Không or a count.  A draft is kept in the workspace
(``nhap/<round>/<unit>.json``); submitting writes the answers as a JSON submission file and takes
it in with the round's :func:`~scoring.workspace.collect.collect`, so the same validation, the
same findings and the same audit apply as for an uploaded workbook.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.rules.methods.base import InputField

DRAFT_DIR = "nhap"
FORM_FILE = "bieu-mau-truc-tuyen.json"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class Item:
    """One input of the form: a criterion, a fact or a pool item, with its fields."""

    id: str
    name: str
    kind: str  # "criterion" | "fact" | "pool"
    depth: int
    fields: tuple[InputField, ...]
    guidance: str = ""
    #: The criterion's ``unit_may_declare_not_applicable`` (a "Không áp dụng" box and a reason).
    not_applicable: Any = None


def items(ruleset: Any, unit_type: str) -> list[Item]:
    """Every input a unit of ``unit_type`` fills, in the ruleset's order."""
    from scoring.rules.index import index_of

    index = index_of(ruleset)
    out = [Item(i.id, i.node.name, "criterion", i.depth, i.fields, getattr(i.node, "guidance", "") or "",
                i.node.unit_may_declare_not_applicable)
           for i in index.leaves if i.applies(unit_type) and i.fields]
    for fact in index.facts:
        if unit_type in fact.applies_to:
            kind = "boolean" if fact.fact.kind == "boolean" else "integer"
            out.append(Item(fact.fact.id, fact.fact.name, "fact", 0, (InputField("value", "Giá trị", kind),)))
    for item in index.pool_items:
        if unit_type in item.applies_to:
            field = InputField("count", "Số lần", "integer", required=False, default=0)
            out.append(Item(item.item.id, item.item.name, "pool", 0, (field,)))
    return out


def submission_data(entry: Any, answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A JSON submission of the entry's unit with ``answers`` ({id: {"self": …, "evidence": …}})."""
    from scoring.rules.fingerprint import fingerprint
    from scoring.workspace.rounds import ruleset_of

    ruleset = ruleset_of(entry.round)
    return {"ruleset": {"id": ruleset.id, "version": ruleset.version, "fingerprint": fingerprint(ruleset)},
            "unit": {"code": entry.unit.code, "name": entry.name, "unit_type": entry.unit_type},
            "year": entry.round.year, "answers": answers}


def draft_path(ws: Any, entry: Any) -> Path:
    return Path(ws.root) / DRAFT_DIR / _SAFE.sub("_", entry.round.code) / f"{_SAFE.sub('_', entry.unit.code)}.json"


def save_draft(ws: Any, entry: Any, answers: dict[str, Any]) -> None:
    """Keep the unit's unfinished answers (written whole: a temporary file, then renamed)."""
    from scoring.workspace.jsoncodec import ExactEncoder

    path = draft_path(ws, entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(answers, cls=ExactEncoder, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load_answers(ws: Any, entry: Any) -> dict[str, Any]:
    """The draft if there is one, else the answers of the unit's counted submission, else nothing."""
    from scoring.workspace.evidence import strip_attached
    from scoring.workspace.jsoncodec import DecimalDecoder

    path = draft_path(ws, entry)
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"), cls=DecimalDecoder)
    if entry.current_id and entry.current.data:
        return {k: {"self": v.get("self"), "evidence": strip_attached(v.get("evidence")),
                    "not_applicable_reason": v.get("not_applicable_reason")}
                for k, v in entry.current.data.get("answers", {}).items()}
    return {}


def submit(ws: Any, entry: Any, username: str, answers: dict[str, Any]) -> Any:
    """Take the form's answers into the round as a JSON submission; return the ``Submission``."""
    from scoring.portal.submit import _write
    from scoring.workspace.collect import collect
    from scoring.workspace.evidence import with_documents
    from scoring.workspace.jsoncodec import ExactEncoder
    from scoring.workspace.models import Submission

    # attached documents are named in each criterion's evidence text: the engine sees them there
    text = json.dumps(submission_data(entry, with_documents(entry, answers)), cls=ExactEncoder, ensure_ascii=False, indent=1)
    folder = Path(tempfile.mkdtemp(prefix="dvk-bieu-mau-"))
    try:
        path, sha = _write(folder / FORM_FILE, [text.encode("utf-8")])
        collect(ws, entry.round.code, [path], who=username, jobs=1, channel="portal")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    draft_path(ws, entry).unlink(missing_ok=True)
    return Submission.objects.filter(round=entry.round, file_id=sha).order_by("-id").first()
