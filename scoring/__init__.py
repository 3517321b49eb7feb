"""dvk: scoring of "công tác dân vận" and "Dân vận khéo" assessments from declarative rulesets.

The public API mirrors the pipeline: :func:`load_ruleset` → :func:`read_submission` →
:func:`score` → :func:`rank` → :func:`write_reports`.  Names are imported on first use, so that
``import scoring`` (and the ``dvk`` command's start-up) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_ruleset": "scoring.rules.load",
    "check_ruleset": "scoring.rules.load",
    "fingerprint": "scoring.rules.load",
    "Ruleset": "scoring.rules.models",
    "Submission": "scoring.engine.submission",
    "read_submission": "scoring.intake.pipeline",
    "evaluate_file": "scoring.intake.pipeline",
    "score": "scoring.engine.score",
    "Result": "scoring.engine.result",
    "DvkError": "scoring.core.findings",
    "Finding": "scoring.core.findings",
    "Location": "scoring.core.findings",
    "rank": "scoring.engine.ranking",
    "run_batch": "scoring.intake.batch",
    "write_reports": "scoring.reports",
    "write_template": "scoring.workbook.template",
    "read_register": "scoring.models_dvk.register",
    "evaluate_models": "scoring.models_dvk.evaluate",
    "propose_rewards": "scoring.jobs.rewards",
    "diff_rulesets": "scoring.rules.diff",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}")
    return getattr(import_module(module), name)
