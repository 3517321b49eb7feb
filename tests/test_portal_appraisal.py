"""The appraiser's pages: the queue, a change with its reason, its effect, and the unit seeing it."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from portalkit import (UNIT_A, client_for, collect_sample, db, personas, portal_workspace,  # noqa: F401
                       roster)
from scoring.core.decimals import fmt


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


@pytest.fixture
def appraising(roster, db):
    """Unit A's sample collected; the round moved to appraisal."""
    from scoring.workspace.rounds import move_round

    collect_sample(db, roster, UNIT_A)
    move_round(roster.code, "closed", who="van-phong")
    move_round(roster.code, "appraisal", who="van-phong")
    return roster.roster.get(unit__code=UNIT_A)


def a_decimal_line(entry):
    """A criterion scored from one decimal the unit entered above zero (to be lowered)."""
    from scoring.portal.appraise import lines

    return next(line for line in lines(entry)[1] if len(line.fields) == 1 and line.fields[0].kind == "decimal"
                and line.self_value and Decimal(str(line.self_value)) > 0)


def post_change(client, entry, line, value, reason):
    url = f"/tham-dinh/dot/{entry.round.code}/don-vi/{entry.pk}/{line.id}/"
    return client.post(url, {f"tc-{line.id}-{line.fields[0].key}": value, "ly_do": reason}, follow=True)


def test_queue_lists_the_units_that_submitted(personas, appraising):
    text = page(client_for(personas["appraiser"]).get("/tham-dinh/"))
    assert appraising.name in text and "Đang thẩm định" in text


def test_change_with_reason_updates_total_and_is_audited_and_the_unit_sees_it(personas, appraising):
    from scoring.workspace.models import AppraisalChange, AuditEntry

    line = a_decimal_line(appraising)
    response = post_change(client_for(personas["appraiser"]), appraising, line, "0", "Thiếu tài liệu kiểm chứng")
    text = page(response)
    change = AppraisalChange.objects.get(entry=appraising, criterion_id=line.id)
    assert (change.after, change.reason, change.actor) == (Decimal(0), "Thiếu tài liệu kiểm chứng", "tham-dinh")
    logged = AuditEntry.objects.get(round=appraising.round, action="appraisal-changed")
    # recorded as a change from the council's workbook is (workspace.appraisal.record_changes)
    assert logged.actor == "tham-dinh" and logged.target == f"{UNIT_A} / {line.id}"
    assert (change.pass_no, change.source) == (1, "cổng thông tin")
    assert logged.after == {"value": Decimal(0), "reason": "Thiếu tài liệu kiểm chứng", "pass": 1,
                            "source": "cổng thông tin"}
    from scoring.portal.appraise import lines

    result = lines(appraising)[0]
    assert result.final.total == result.self_totals.total - line.self_points
    assert f"Tổng điểm mới: {fmt(result.final.total)}" in text
    unit_page = page(client_for(personas["unit_a"]).get(f"/don-vi/ket-qua/{appraising.current.pk}/"))
    assert "Thiếu tài liệu kiểm chứng" in unit_page and fmt(result.final.total) in unit_page


def test_a_change_needs_a_reason(personas, appraising):
    from scoring.workspace.models import AppraisalChange

    line = a_decimal_line(appraising)
    text = page(post_change(client_for(personas["appraiser"]), appraising, line, "0", "  "))
    assert "Chưa nhập lý do thẩm định" in text and not AppraisalChange.objects.exists()


def test_a_value_above_the_maximum_is_refused_by_the_engine(personas, appraising):
    from scoring.workspace.models import AppraisalChange

    line = a_decimal_line(appraising)
    too_much = str(line.fields[0].max + 1 if line.fields[0].max is not None else 10 ** 6)
    text = page(post_change(client_for(personas["appraiser"]), appraising, line, too_much, "Thử"))
    assert f"Tiêu chí {line.id}:" in text and not AppraisalChange.objects.exists()


def test_no_change_outside_the_appraisal_state(personas, appraising):
    from scoring.workspace.models import AppraisalChange
    from scoring.workspace.rounds import move_round

    move_round(appraising.round.code, "final", who="van-phong")
    line = a_decimal_line(appraising)
    text = page(post_change(client_for(personas["appraiser"]), appraising, line, "0", "Muộn"))
    assert "không thẩm định được nữa" in text and not AppraisalChange.objects.exists()


@pytest.mark.parametrize("persona", ["unit_a", "office", "leader", "nobody"])
def test_only_appraisers_appraise(personas, appraising, persona):
    from scoring.workspace.models import AppraisalChange

    line = a_decimal_line(appraising)
    client = client_for(personas[persona])
    assert client.get(f"/tham-dinh/dot/{appraising.round.code}/don-vi/{appraising.pk}/").status_code == 403
    assert post_change(client, appraising, line, "0", "x").status_code == 403
    assert not AppraisalChange.objects.exists()


def test_appraisal_change_rejects_get(personas, appraising):
    line = a_decimal_line(appraising)
    url = f"/tham-dinh/dot/{appraising.round.code}/don-vi/{appraising.pk}/{line.id}/"
    assert client_for(personas["appraiser"]).get(url).status_code == 405


def test_the_appraiser_form_offers_not_applicable_where_declared_and_confirms_or_overrules_it():
    """Criterion 5 of the illustrative QCDC ruleset lets the unit answer «Không áp dụng»: the
    appraiser's form for it has the same box (ticked when the unit chose it), a ticked box gives
    the value that confirms the unit's choice, and a value instead overrules it."""
    from casekit import ROOT, submission_for
    from scoring.engine.score import score
    from scoring.portal.fields import criterion_form, initial_of, value_of
    from scoring.rules.index import index_of
    from scoring.rules.load import load_ruleset

    qcdc = load_ruleset(ROOT / "criteria" / "qcdc-minh-hoa.json")
    index = index_of(qcdc)
    five, other = index.by_id["5"], next(i for i in index.leaves if i.node.unit_may_declare_not_applicable is None)
    assert "not_applicable" not in criterion_form(other.fields, other.id, False)().fields
    form_class = criterion_form(five.fields, "5", True)
    shown = form_class(initial=initial_of(five.fields, "Không áp dụng"), prefix="tc-5")
    assert shown["not_applicable"].initial is True and shown[five.fields[0].key].initial is None

    def final_of(appraisal):
        answers = {"5": {"self": "Không áp dụng", "not_applicable_reason": "Không thuộc diện",
                         "appraisal": appraisal}}
        result = score(qcdc, submission_for(qcdc, answers, {"unit": {"unit_type": "co_quan"}, "year": 2026}))
        return next(c for c in result.criteria if c.id == "5").final

    confirm = form_class({"tc-5-not_applicable": "on"}, prefix="tc-5")
    assert confirm.is_valid() and value_of(five.fields, confirm.cleaned_data) == "Không áp dụng"
    assert not final_of(value_of(five.fields, confirm.cleaned_data)).applicable
    level = five.fields[0].choices[0][0]
    overrule = form_class({f"tc-5-{five.fields[0].key}": level}, prefix="tc-5")
    assert overrule.is_valid() and value_of(five.fields, overrule.cleaned_data) == level
    assert final_of(level).applicable
