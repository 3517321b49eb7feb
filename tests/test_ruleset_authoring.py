"""What a rule author writes reads back as written: count labels, percent places (issue 28)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.cli.app import main
from scoring.rules.methods.count_deduction import CountDeduction

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "criteria" / "dvcq-minh-hoa.json"
EXAMPLE = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-mau-son.json"


@pytest.mark.parametrize("label", ["Số báo cáo trễ hạn", "Báo cáo trễ hạn", "số  báo cáo trễ hạn"])
def test_a_count_label_is_said_once_with_or_without_its_so(label: str) -> None:
    method = CountDeduction.model_validate(
        {"type": "count_deduction", "kinds": [{"id": "tre", "label": label, "points_each": 1.5}]})
    [field] = method.fields(Decimal(5))
    assert field.label.casefold() == "số báo cáo trễ hạn"
    assert "mỗi báo cáo trễ hạn trừ 1,5" in method.describe(Decimal(5))
    assert not re.search(r"\b(\w+) \1\b", field.label + method.describe(Decimal(5)), flags=re.IGNORECASE)


@pytest.mark.parametrize("places", [0, 1, 3])
def test_score_prints_the_percent_to_the_declared_places(places: int, tmp_path: Path, capsys) -> None:
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    data["$schema"] = str(ROOT / "criteria" / "schema.json")
    data["rounding"]["percent_places"] = places
    ruleset = tmp_path / "r.json"
    ruleset.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["score", str(ruleset), str(EXAMPLE)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Tỷ lệ"))
    for percent in re.findall(r"(\d+(?:,(\d+))?)%", line):
        assert len(percent[1]) == places, line
