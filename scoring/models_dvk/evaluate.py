"""Evaluating registered models with a model ruleset (``dvk-mo-hinh`` or another).

Each evaluation is an ordinary submission (JSON or workbook) of the model ruleset whose unit code
is the model's code.  Its final class becomes the model's status through the ruleset's
``model_recognition`` (e.g. ``cap_co_so`` → "Công nhận cấp cơ sở"); a model that was not
evaluated keeps the status it was registered with.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.engine.result import Result
from scoring.models_dvk.model import STATUSES, Model, Register
from scoring.rules.models import Ruleset


def evaluate_models(register_: Register, ruleset: Ruleset, inputs: Iterable[str | Path]) -> Register:
    """The register with each evaluated model's status, total and class set from its evaluation.

    Findings of the evaluation files (rejected files, unknown codes, models left unevaluated) are
    added to the register's findings.  Raises :class:`DvkError` if ``ruleset`` declares no
    recognition levels.
    """
    from scoring.intake.batch import collect_inputs, evaluate_one

    if ruleset.model_recognition is None:
        raise DvkError([make("model-ruleset-no-recognition", Location(json_path="$.model_recognition"),
                             ruleset=ruleset.key)])
    files, _skipped = collect_inputs([Path(p) for p in inputs])
    models = register_.by_code()
    seen: dict[str, str] = {}
    findings: list[Finding] = list(register_.findings)
    for path in files:
        outcome = evaluate_one(ruleset, str(path)).outcome
        if not isinstance(outcome, Result):
            findings += outcome.findings
            continue
        code = outcome.unit_code
        where = Location(file=str(path))
        if code not in models:
            findings.append(make("model-evaluation-unknown", where, model=code))
        elif code in seen:
            findings.append(make("model-evaluation-twice", where, model=code, other=seen[code]))
        else:
            seen[code] = str(path)
            models[code] = _evaluated(models[code], outcome, ruleset)
    for code, model in models.items():
        if code not in seen:
            findings.append(make("model-not-evaluated", model.where, model=code, status=model.status_label))
    return replace(register_, models=tuple(models.values()), findings=tuple(findings))


def _evaluated(model: Model, result: Result, ruleset: Ruleset) -> Model:
    final = result.final
    recognition = ruleset.model_recognition.bands  # type: ignore[union-attr]
    if not final.classified:
        status = "khong_cong_nhan"
    else:
        status = recognition.get(final.band_id or "", "danh_gia")
    evaluation = {"ruleset": ruleset.key, "total": final.total, "percent": final.percent,
                  "band_id": final.band_id, "band_label": final.band_label,
                  "gate_reasons": list(final.gate_reasons), "file": result.source,
                  "status_from": model.status, "status_label": STATUSES[status]}
    return replace(model, status=status, evaluation=evaluation)
