"""Scoring unit files with their "Dân vận khéo" inputs taken from the model register."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scoring.engine.result import Result
from scoring.intake.batch import Batch, Rejected
from scoring.intake.pipeline import evaluate_read
from scoring.models_dvk.model import Register
from scoring.models_dvk.rollup import apply_models
from scoring.rules.models import Ruleset


def evaluate_file_with_models(ruleset: Ruleset, path: str | Path, register_: Register) -> Result:
    """:func:`scoring.intake.pipeline.evaluate_file`, with the ruleset's model inputs filled from ``register_``.

    Findings: the reader's, then where the register replaced a typed value, then the engine's
    (located at their cells, as for any file).
    """
    return evaluate_read(ruleset, path, adjust=lambda submission: apply_models(ruleset, submission, register_))[1]


def rescore_with_models(ruleset: Ruleset, batch: Batch, register_: Register) -> Batch:
    """``batch`` with every accepted unit scored again with its model inputs from the register.

    Only the accepted files are read again (once each); a file that now fails moves to the
    rejected ones with its reasons, so every input is still accounted for exactly once.
    """
    if not ruleset.model_inputs:
        return batch
    accepted, rejected = [], list(batch.rejected)
    for result in batch.accepted:
        again = evaluate_file_with_models(ruleset, result.source or "", register_)
        if again.ok:
            accepted.append(again)
        else:
            rejected.append(Rejected(again.source or "", again.findings, again.unit_code, again.unit_name))
    return replace(batch, accepted=tuple(accepted), rejected=tuple(sorted(rejected, key=lambda r: r.file)))
