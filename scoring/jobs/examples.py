"""A ruleset's examples with expected results, run without pytest (``dvk examples RULESET``).

Examples live beside the ruleset: ``examples/<ruleset id>/<name>.json`` (or a workbook) and
``<name>.expected.json`` — or, for a workbook, the expected result on its own sheet "Kết quả mong
đợi" (:mod:`scoring.jobs.example_sheet`).  An expectation is a subset of the result: ``self``/``final`` totals
(total, percent, band_id, gate_reasons, lines …), ``criteria`` ({id: {self, appraisal, final,
self_explanation, applicable, applies, final_stage}}; for a group, self/final/max), ``pool``,
``appraised``, ``message_contains``, and ``findings`` ([[code, criterion id, stage, field]],
compared exactly, none by default).  :func:`compare` lists every difference in Vietnamese; the
test suite runs the shipped examples through the same function.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.core.decimals import fmt
from scoring.engine.result import Result
from scoring.jobs.example_sheet import SHEET

EXPECTED_SUFFIX = ".expected.json"
_STAGES = ("self", "appraisal", "final")


@dataclass(frozen=True)
class ExampleOutcome:
    """One example: its file and every difference from its expected result (none: it holds)."""

    path: Path
    differences: tuple[str, ...]


def example_inputs(folder: Path) -> list[Path]:
    """The example inputs in ``folder``: JSON submissions and workbooks, not the expectations."""
    from scoring.intake.pipeline import WORKBOOK_SUFFIXES

    suffixes = (".json", *WORKBOOK_SUFFIXES)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower().endswith(suffixes)
                  and not p.name.endswith(EXPECTED_SUFFIX) and not p.name.startswith("~$"))


def expected_path(path: Path) -> Path:
    return path.with_name(path.name.split(".")[0] + EXPECTED_SUFFIX)


def run_examples(ruleset_path: Path, folder: Path | None = None) -> list[ExampleOutcome]:
    """Score every example of the ruleset at ``ruleset_path`` and compare it with its expectation."""
    from scoring.intake.pipeline import evaluate_file
    from scoring.rules.load import load_ruleset

    ruleset = load_ruleset(ruleset_path)
    folder = folder or Path(ruleset_path).parent / "examples" / ruleset.id
    outcomes = []
    for path in example_inputs(folder):
        want = expected_path(path)
        if want.exists():
            expected, problems = json.loads(want.read_text(encoding="utf-8"), parse_float=Decimal), []
        else:
            expected, problems = _sheet(path)
        if expected is None:
            missing = f"thiếu tệp kết quả mong đợi {want.name} (hoặc trang '{SHEET}' trong bảng tính ví dụ)"
            outcomes.append(ExampleOutcome(path, (missing,)))
            continue
        outcomes.append(ExampleOutcome(path, tuple(problems + compare(evaluate_file(ruleset, path), expected))))
    return outcomes


def _sheet(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The expectation written on an example workbook's own sheet (None for a JSON example)."""
    from scoring.intake.pipeline import WORKBOOK_SUFFIXES
    from scoring.jobs.example_sheet import sheet_expectation

    return sheet_expectation(path) if path.name.lower().endswith(WORKBOOK_SUFFIXES) else (None, [])


def _num(value: Any) -> Any:
    return Decimal(str(value)) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else value


def _show(value: Any) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return fmt(Decimal(value))
    return f"«{value}»" if isinstance(value, str) else str(value)


def _differs(label: str, got: Any, want: Any) -> list[str]:
    return [] if got == _num(want) else [f"{label}: được {_show(got)}, mong đợi {_show(_num(want))}"]


def compare(result: Result, expected: dict[str, Any]) -> list[str]:
    """Every difference between ``result`` and the expectation ``expected`` (empty: it matches)."""
    out: list[str] = []
    want_findings = sorted((list(r) for r in expected.get("findings", [])), key=lambda r: [str(x) for x in r])
    got_findings = sorted(([f.code, f.location.criterion_id, f.location.stage, f.location.field] for f in result.findings),
                          key=lambda r: [str(x) for x in r])
    if got_findings != want_findings:
        out.append("thông báo (findings): được " + "; ".join(map(str, result.findings)) + f", mong đợi {want_findings}")
    for stage, totals in (("self", result.self_totals), ("final", result.final)):
        out += _totals(totals, expected.get(stage, {}), stage)
    for node_id, want in expected.get("criteria", {}).items():
        out += _criterion(result, node_id, want)
    for item_id, want in expected.get("pool", {}).items():
        line = next((p for p in result.pool if p.id == item_id), None)
        if line is None:
            out.append(f"không có mục {item_id} trong điểm thưởng, điểm trừ")
            continue
        for key, value in want.items():
            out += _differs(f"mục {item_id}.{key}", getattr(line, key), value)
    if "appraised" in expected:
        out += _differs("appraised", result.appraised, expected["appraised"])
    messages = [f.message for f in result.findings]
    out += [f"không có thông báo nào chứa «{text}»" for text in expected.get("message_contains", [])
            if not any(text in m for m in messages)]
    return out


def _totals(actual: Any, expected: dict[str, Any], label: str) -> list[str]:
    out = []
    for key, want in expected.items():
        got = getattr(actual, key, None)
        if key == "gate_reasons":
            got, want = list(got), list(want)
        elif key == "lines":  # [[text, points], ...]: exact, and they must add up to the total
            got, want = [[t, p] for t, p in got], [[t, _num(p)] for t, p in want]
            if sum((p for _, p in got), Decimal(0)) != actual.total:
                out.append(f"{label}: các dòng diễn giải không cộng bằng tổng")
        out += _differs(f"{label}.{key}", got, want)
    return out


def _criterion(result: Result, node_id: str, expected: dict[str, Any]) -> list[str]:
    crit = next((c for c in result.criteria if c.id == node_id), None)
    if crit is None:
        node = result.node(node_id)
        if node is None:
            return [f"không có tiêu chí hoặc nhóm {node_id} trong kết quả"]
        values = {"self": node.self_points, "final": node.final_points, "max": node.max}
        return [d for key, want in expected.items() for d in _differs(f"{node_id}.{key}", values.get(key), want)]
    out = []
    for key, want in expected.items():
        if key in _STAGES:
            stage = getattr(crit, key)
            out += _differs(f"{node_id}.{key}", None if stage is None else stage.points, want)
        elif key.endswith("_explanation") and key.removesuffix("_explanation") in _STAGES:
            stage = getattr(crit, key.removesuffix("_explanation"))
            out += _differs(f"{node_id}.{key}", None if stage is None else stage.explanation, want)
        elif key == "applicable":
            out += _differs(f"{node_id}.applicable", None if crit.self is None else crit.self.applicable, want)
        elif key in ("applies", "final_stage"):
            out += _differs(f"{node_id}.{key}", getattr(crit, key), want)
        else:
            out.append(f"{node_id}: khóa mong đợi không biết '{key}'")
    return out
