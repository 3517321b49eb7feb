"""The unit's web form: generated from the ruleset, drafts kept, submitted through the round."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from portalkit import (RULESET_PATH, UNIT_A, client_for, db, personas, portal_workspace,  # noqa: F401
                       roster, sample_of)
from scoring.core.decimals import fmt
from scoring.intake.pipeline import evaluate_file, read_submission
from scoring.rules.load import load_ruleset

RULESET = load_ruleset(RULESET_PATH)


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def post_data(code: str, submit: bool = True) -> dict:
    """The form as a person fills it with the sample workbook's self values and evidence."""
    from scoring.portal.fields import initial_of
    from scoring.portal.webform import items

    submission = read_submission(sample_of(code), RULESET)[0]
    data = {"nop" if submit else "luu": "1"}
    for item in items(RULESET, submission.unit.unit_type):
        answer = submission.answers.get(item.id)
        for key, value in initial_of(item.fields, answer.self_value if answer else None).items():
            if value is not None:
                data[f"{item.id}__{key}"] = str(value).replace(".", ",") if isinstance(value, Decimal) else value
        if answer and answer.evidence and item.kind == "criterion":
            data[f"{item.id}__evidence"] = answer.evidence
    return data


def test_form_lists_the_criteria_of_the_units_type(personas, roster):
    from scoring.portal.webform import items

    text = page(client_for(personas["unit_a"]).get("/don-vi/dien/"))
    mine = items(RULESET, "ubnd_xa")
    others = {i.id for i in items(RULESET, "dvsncl")} - {i.id for i in mine}  # 2.1b: units of public service
    assert all(f'id="tc-{i.id}"' in text for i in mine)
    assert others and not any(f'id="tc-{i}"' in text for i in others)
    assert '<label for="id_' in text and "<legend" in text


def test_filled_form_scores_as_the_workbook_does(personas, roster):
    from scoring.workspace.models import RosterEntry

    response = client_for(personas["unit_a"]).post("/don-vi/dien/", post_data(UNIT_A), follow=True)
    text = page(response)
    expected = evaluate_file(RULESET, sample_of(UNIT_A))
    assert response.status_code == 200 and "Kết quả chấm điểm" in text
    assert fmt(expected.self_totals.total) in text and expected.self_totals.band_label in text
    current = RosterEntry.objects.get(round=roster, unit__code=UNIT_A).current
    assert current.channel == "portal" and current.original_name == "bieu-mau-truc-tuyen.json"


def test_draft_is_kept_and_shown_again(personas, roster):
    from scoring.workspace.models import Submission

    client = client_for(personas["unit_a"])
    data = post_data(UNIT_A, submit=False)
    response = client.post("/don-vi/dien/", data, follow=True)
    assert "Đã lưu bản nháp" in page(response)
    evidence = next(v for k, v in data.items() if k.endswith("__evidence"))
    assert evidence in page(client.get("/don-vi/dien/"))
    assert not Submission.objects.filter(round=roster).exists()


def test_text_in_a_number_field_is_a_field_error(personas, roster):
    from scoring.portal.webform import items

    field = next(f"{i.id}__{i.fields[0].key}" for i in items(RULESET, "ubnd_xa") if i.fields[0].kind == "decimal")
    data = {**post_data(UNIT_A), field: "mười"}
    response = client_for(personas["unit_a"]).post("/don-vi/dien/", data)
    assert response.status_code == 400 and "Có ô nhập chưa đúng" in page(response)


def test_value_above_the_maximum_is_refused_at_its_field(personas, roster):
    from scoring.portal.webform import items

    item = next(i for i in items(RULESET, "ubnd_xa") if i.fields[0].kind == "decimal" and i.fields[0].max)
    data = {**post_data(UNIT_A), f"{item.id}__{item.fields[0].key}": str(item.fields[0].max + 1)}
    response = client_for(personas["unit_a"]).post("/don-vi/dien/", data)
    text = page(response)
    assert response.status_code == 400
    assert f"Không được lớn hơn {item.fields[0].max} (điểm tối đa)" in text


def test_a_missing_required_answer_is_the_engines_finding(personas, roster):
    from scoring.portal.webform import items

    item = next(i for i in items(RULESET, "ubnd_xa") if i.kind == "criterion" and i.fields[0].required)
    data = {k: v for k, v in post_data(UNIT_A).items() if not k.startswith(f"{item.id}__")}
    text = page(client_for(personas["unit_a"]).post("/don-vi/dien/", data, follow=True))
    assert "Bị loại" in text and f"tiêu chí {item.id}" in text and "Chưa nhập" in text


@pytest.mark.parametrize("persona", ["unit_b", "appraiser", "office"])
def test_only_the_unit_fills_its_own_form(personas, roster, persona):
    from scoring.workspace.models import RosterEntry

    client_for(personas[persona]).post("/don-vi/dien/", post_data(UNIT_A))
    assert RosterEntry.objects.get(round=roster, unit__code=UNIT_A).current is None


def test_form_offers_not_applicable_only_where_declared_and_submits_it_as_json_does():
    """The web form's "Không áp dụng" box and reason give the JSON answer (criterion 5 of the
    illustrative QCDC ruleset lets the unit declare it not applicable)."""
    from casekit import ROOT, submission_for
    from scoring.engine.score import score
    from scoring.portal.fields import answers_form, answers_of
    from scoring.portal.webform import items

    qcdc = load_ruleset(ROOT / "criteria" / "qcdc-minh-hoa.json")
    mine = items(qcdc, "co_quan")
    form = answers_form(mine)
    assert [name for name in form.fields if name.endswith("__not_applicable")] == ["5__not_applicable"]
    data = {"5__level": "khong", "5__not_applicable": "on", "5__not_applicable_reason": " Không thuộc diện "}
    form = answers_form(mine, data=data)
    assert form.is_valid(), form.errors
    answers = answers_of(mine, form.cleaned_data)
    assert answers["5"] == {"self": "Không áp dụng", "not_applicable_reason": "Không thuộc diện"}
    result = score(qcdc, submission_for(qcdc, answers, {"unit": {"unit_type": "co_quan"}, "year": 2026}))
    five = next(c for c in result.criteria if c.id == "5")
    assert not five.self.applicable and "Không thuộc diện" in five.self.explanation
    again = answers_form(mine, answers=answers)  # a kept draft shows the box ticked and the reason
    assert again.initial["5__not_applicable"] is True and again.initial["5__level"] is None
    assert again.initial["5__not_applicable_reason"] == "Không thuộc diện"
