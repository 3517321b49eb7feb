"""``dvk score``'s text (scoring/engine/scorecard.py): words a reader understands."""

from __future__ import annotations

from casekit import ruleset_from, submission_for
from scoring.engine.scorecard import render_result
from scoring.engine.score import score

RULESET = {"criteria": [{"id": "b", "max": 10, "method": {"type": "manual", "step": 0.5}},
                        {"id": "c", "max": 10, "method": {"type": "appraiser_only", "step": 0.5}}]}


def test_a_criterion_out_of_the_maximum_is_written_out_not_abbreviated():
    ruleset = ruleset_from(RULESET)
    result = score(ruleset, submission_for(ruleset, {"b": {"self": 9, "appraisal": 8}}))
    text = render_result(ruleset, result)
    row = next(line for line in text.splitlines() if line.startswith("c "))
    assert "KAD" not in text
    assert "Không" in row  # the self column of the appraiser-only criterion, wrapped in its width
    assert "cấp thẩm định bỏ trống → không tính vào điểm tối đa áp dụng" in " ".join(text.split())
