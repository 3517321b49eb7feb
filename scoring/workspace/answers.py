"""A unit's answers typed in the portal's web form: the draft kept in the workspace and the
JSON submission taken in by the round.

A draft is kept in the workspace (``nhap/<round>/<unit>.json``); submitting writes the answers as
a JSON submission file and takes it in with the round's :func:`~scoring.workspace.collect.collect`
(:func:`~scoring.workspace.uploads.take_in`), so the same validation, the same findings and the
same audit apply as for an uploaded workbook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

DRAFT_DIR = "nhap"
FORM_FILE = "bieu-mau-truc-tuyen.json"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def submission_data(entry: Any, answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A JSON submission of the entry's unit with ``answers`` ({id: {"self": …, "evidence": …}})."""
    from scoring.rules.fingerprint import fingerprint
    from scoring.workspace.rounds import ruleset_of

    ruleset = ruleset_of(entry.round)
    return {"ruleset": {"id": ruleset.id, "version": ruleset.version, "fingerprint": fingerprint(ruleset)},
            "unit": {"code": entry.unit.code, "name": entry.name, "unit_type": entry.unit_type},
            "year": entry.round.year, "answers": answers}


def draft_path(ws: Any, entry: Any) -> Path:
    """Where the entry's draft is kept in the workspace."""
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


def submit_answers(ws: Any, entry: Any, username: str, answers: dict[str, Any]) -> Any:
    """Take the form's answers into the round as a JSON submission; return the ``Submission``."""
    from scoring.workspace.evidence import with_documents
    from scoring.workspace.jsoncodec import ExactEncoder
    from scoring.workspace.uploads import take_in

    # attached documents are named in each criterion's evidence text: the engine sees them there
    text = json.dumps(submission_data(entry, with_documents(entry, answers)), cls=ExactEncoder, ensure_ascii=False, indent=1)
    submission = take_in(ws, entry, username, FORM_FILE, [text.encode("utf-8")])
    draft_path(ws, entry).unlink(missing_ok=True)
    return submission
