"""End to end on workbooks: the bundled sample_inputs, and JSON vs workbook of the same answers."""

from __future__ import annotations

import pytest

from scoring.intake.batch import run_batch
from scoring.jobs.rank import run_rank
from scoring.engine.submission import Submission
from test_batch_helpers import ROOT, default_ruleset, submission, write_submission

SAMPLES = sorted((ROOT / "sample_inputs").glob("*.xlsx"))


@pytest.mark.skipif(not SAMPLES, reason="sample_inputs/*.xlsx not generated yet")
def test_rank_on_the_bundled_sample_workbooks(tmp_path):
    from openpyxl import load_workbook

    summary = run_rank(default_ruleset(), [ROOT / "sample_inputs"], tmp_path / "ket-qua")
    assert (summary.exit_code, summary.accepted, summary.rejected) == (0, len(SAMPLES), ())
    sheet = load_workbook(tmp_path / "ket-qua" / "xep-hang.xlsx", read_only=True)["Xếp hạng chung"]
    # the body starts under the national header, the titles and the column headings (row 8);
    # the signature block below it has no number in column A
    rows = [r for r in sheet.iter_rows(min_row=8, values_only=True) if isinstance(r[0], int)]
    assert len(rows) == len(SAMPLES)
    ranks = [r[9] for r in rows if r[9] is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_a_workbook_and_a_json_of_the_same_answers_score_the_same(tmp_path):
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.template import write_template

    ruleset = default_ruleset()
    template = write_template(ruleset, "ubnd_xa", tmp_path / "mau.xlsx", year=2025)
    folder = tmp_path / "nop"
    folder.mkdir()
    data = submission("WB-1", index=77, appraisal_index=70)
    fill_workbook(template, ruleset, Submission.model_validate(data), folder / "wb-1.xlsx")
    write_submission(folder, "json-1.json", data | {"unit": data["unit"] | {"code": "JS-1"}})
    batch = run_batch(ruleset, [folder], jobs=1)
    assert batch.rejected == ()
    wb, js = sorted(batch.accepted, key=lambda r: r.unit_code, reverse=True)
    assert (wb.unit_code, js.unit_code) == ("WB-1", "JS-1")
    assert (wb.final, wb.self_totals) == (js.final, js.self_totals)
