"""Shared builders for the batch, ranking, report and compare tests (no tests of its own).

Submissions are generated from the bundled example (criteria/examples/dvcq-minh-hoa/xa-mau-son.json)
with the unit, the CCHC index (criterion 4.1) and the appraisal of 7.1 varied, so that scores differ
in known ways.  Results for pure ranking tests are built directly, without the engine.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from scoring.engine.classify import band_index
from scoring.engine.result import NodeTotal, Result, Totals
from scoring.rules.load import load_ruleset, parse_ruleset
from scoring.rules.models import Ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET_PATH = ROOT / "criteria" / "dvcq-minh-hoa.json"
EXAMPLE = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-mau-son.json"


@lru_cache(maxsize=1)
def default_ruleset() -> Ruleset:
    return load_ruleset(RULESET_PATH)


def ruleset_with(**changes: Any) -> Ruleset:
    """The default ruleset with top-level keys (or classification keys, prefixed ``cls_``) replaced."""
    data = json.loads(RULESET_PATH.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key.startswith("cls_"):
            data["classification"][key[4:]] = value
        else:
            data[key] = value
    ruleset, findings = parse_ruleset(data, "test")
    assert ruleset is not None, findings
    return ruleset


def submission(code: str, *, unit_type: str = "ubnd_xa", index: float | None = 85.3,
               appraisal_index: float | None = None, overall: float | None = 8.5,
               name: str | None = None, year: int = 2025, version: str = "2025.1",
               extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A valid submission dict for unit ``code``; ``index`` moves the score by 0,15 per point."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    data["ruleset"]["version"] = version
    data["unit"] = {"code": code, "name": name or f"Đơn vị {code}", "unit_type": unit_type}
    data["year"] = year
    answers = data["answers"]
    answers["4.1"] = {"self": index}
    if appraisal_index is not None:
        answers["4.1"]["appraisal"] = appraisal_index
    answers["7.1"] = {"appraisal": overall} if overall is not None else {}
    if unit_type == "dvsncl":
        answers.pop("2.1")
        answers["2.1b"] = {"self": "tot"}
    for key, value in (extra or {}).items():
        answers[key] = copy.deepcopy(value)
    return data


def write_submission(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


#: The gate reason :func:`make_result` gives a unit whose class a gate set.
GATE_REASON = "Có cán bộ bị kỷ luật trong năm"


def make_result(code: str, percent: Decimal | str | int, *, ruleset: Ruleset | None = None,
                block: str = "khoi_xa", classified: bool = True, deductions: Decimal | str = 0,
                bonus: Decimal | str = 0, self_percent: Decimal | str | None = None,
                appraised: bool = True, points_1: Decimal | str | None = None,
                gate_band: str | None = None, total: Decimal | str | None = None) -> Result:
    """A Result with the given final percent (applicable max 100, so total == percent).

    ``gate_band``: the class a gate set instead of the one the percent reaches (with a reason).
    ``total``: a total whose exact percent differs from the published ``percent`` (89.95 printed 90.0).
    """
    ruleset = ruleset or default_ruleset()
    percent = Decimal(percent)
    bands = ruleset.classification.bands
    band = before = bands[band_index(bands, percent)]
    reasons: tuple[str, ...] = ()
    if gate_band is not None:
        band = next(b for b in bands if b.id == gate_band)
        reasons = (GATE_REASON,)
    names = {b.id: b.name for b in ruleset.blocks}
    final = Totals(total=percent if total is None else Decimal(total), applicable_max=Decimal(100), percent=percent,
                   deductions=Decimal(deductions), bonus=Decimal(bonus),
                   band_id=band.id if classified else None,
                   band_label=band.label if classified else ruleset.classification.not_classified_label,
                   classified=classified, band_before_gates=before.id, gate_reasons=reasons)
    own = Decimal(self_percent) if self_percent is not None else percent
    self_totals = Totals(total=own, applicable_max=Decimal(100), percent=own, classified=True)
    nodes = () if points_1 is None else (
        NodeTotal("1", "Nhóm 1", 0, True, Decimal(10), Decimal(points_1), Decimal(points_1)),)
    return Result(ruleset.id, ruleset.version, code, f"Đơn vị {code}", "ubnd_xa", "UBND xã",
                  block, names.get(block), 2025, f"{code}.json", nodes=nodes, self_totals=self_totals,
                  final=final, appraised=appraised)
