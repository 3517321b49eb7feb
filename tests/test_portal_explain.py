"""The unit's answers (giải trình) in the browser, within the explanations window, and the
appraiser's second pass that sees them."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from portalkit import UNIT_A, UNIT_B, client_for, collect_sample, db, personas, portal_workspace, roster  # noqa: F401
from test_portal_appraisal import a_decimal_line, post_change


def page(response) -> str:
    """The page's text as read (tags dropped, spaces collapsed)."""
    text = re.sub(r"<[^>]+>", "", response.content.decode("utf-8"))
    return " ".join(html.unescape(text).split())


@pytest.fixture
def changed(personas, roster, db):
    """Units A and B collected; the council lowered one criterion of A with a reason; the round
    then opened for explanations.  (entry of A, the changed line)"""
    from scoring.workspace.rounds import move_round

    collect_sample(db, roster, UNIT_A)
    collect_sample(db, roster, UNIT_B)
    move_round(roster.code, "closed", who="van-phong")
    move_round(roster.code, "appraisal", who="van-phong")
    entry = roster.roster.get(unit__code=UNIT_A)
    line = a_decimal_line(entry)
    post_change(client_for(personas["appraiser"]), entry, line, "0", "Chưa có biên bản hội nghị")
    move_round(roster.code, "explanations", who="van-phong")
    return entry, line


def answer(client, criterion, text):
    return client.post(f"/don-vi/giai-trinh/{criterion}/", {"giai_trinh": text}, follow=True)


def test_the_unit_sees_each_changed_criterion_with_the_reason(personas, changed):
    entry, line = changed
    text = page(client_for(personas["unit_a"]).get("/don-vi/giai-trinh/"))
    assert f"{line.id} {line.name}" in text and "Chưa có biên bản hội nghị" in text
    assert f"Giải trình tiêu chí {line.id}" in text and "Đang nhận giải trình" in text
    assert "Tiêu chí hội đồng đã thay đổi (1)" in text


def test_the_units_answer_is_recorded_with_its_account_and_audited(personas, changed):
    from scoring.workspace.models import AuditEntry, Explanation

    entry, line = changed
    response = answer(client_for(personas["unit_a"]), line.id, "  Đã tổ chức hội nghị ngày 12/3,\n biên bản số 5  ")
    assert f"Đã gửi giải trình tiêu chí {line.id}" in page(response)
    assert "Đơn vị đã giải trình: Đã tổ chức hội nghị ngày 12/3, biên bản số 5" in page(response)
    said = Explanation.objects.get(entry=entry, criterion_id=line.id)
    assert (said.text, said.actor) == ("Đã tổ chức hội nghị ngày 12/3, biên bản số 5", "don-vi-a")
    logged = AuditEntry.objects.get(round=entry.round, action="explanation-added")
    assert logged.actor == "don-vi-a" and logged.target == f"{UNIT_A} / {line.id}"


def test_a_unit_cannot_answer_for_another_unit(personas, changed):
    from scoring.workspace.models import Explanation

    _entry, line = changed
    response = answer(client_for(personas["unit_b"]), line.id, "Giải trình hộ đơn vị A")
    assert response.status_code == 404 and "không có quyền" in page(response)
    assert not Explanation.objects.exists()
    assert client_for(personas["appraiser"]).post(f"/don-vi/giai-trinh/{line.id}/", {"giai_trinh": "x"}).status_code == 403


def test_an_empty_answer_is_refused_in_vietnamese(personas, changed):
    from scoring.workspace.models import Explanation

    _entry, line = changed
    response = answer(client_for(personas["unit_a"]), line.id, "   ")
    assert f"Chưa nhập nội dung giải trình cho tiêu chí {line.id}" in page(response)
    assert not Explanation.objects.exists()


def test_outside_the_window_the_form_is_closed_with_a_message(personas, changed):
    from scoring.workspace.models import Explanation
    from scoring.workspace.rounds import move_round

    _entry, line = changed
    move_round(changed[0].round.code, "appraisal", who="van-phong")
    client = client_for(personas["unit_a"])
    text = page(client.get("/don-vi/giai-trinh/"))
    assert "Chưa đến thời gian giải trình" in text and "Gửi giải trình" not in text
    assert "Chưa có biên bản hội nghị" in text  # the reason is still shown
    response = answer(client, line.id, "Gửi muộn")
    assert "nhận giải trình" in page(response) and not Explanation.objects.exists()


def test_after_the_explanation_deadline_answers_are_refused(personas, changed):
    from scoring.workspace.models import Deadline, Explanation

    entry, line = changed
    Deadline.objects.create(round=entry.round, kind="explanation",
                            due=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    client = client_for(personas["unit_a"])
    assert "Đã hết thời gian giải trình (07:00 ngày 01/01/2020)" in page(client.get("/don-vi/giai-trinh/"))
    response = answer(client, line.id, "Sau hạn")
    assert "Đã hết hạn giải trình (07:00 ngày 01/01/2020)" in page(response) and not Explanation.objects.exists()


def test_the_appraiser_sees_the_answer_and_a_second_pass_is_recorded(personas, changed):
    from scoring.workspace.models import AppraisalChange
    from scoring.workspace.rounds import move_round

    entry, line = changed
    answer(client_for(personas["unit_a"]), line.id, "Có biên bản số 5 ngày 12/3")
    move_round(entry.round.code, "appraisal", who="van-phong")
    appraiser = client_for(personas["appraiser"])
    text = page(appraiser.get(f"/tham-dinh/dot/{entry.round.code}/don-vi/{entry.pk}/"))
    assert "Giải trình của đơn vị: Có biên bản số 5 ngày 12/3" in text
    assert f"Tự chấm: {line.self_shown}" in text
    post_change(appraiser, entry, line, str(line.self_value).replace(".", ","), "Chấp nhận giải trình")
    last = AppraisalChange.objects.filter(entry=entry, criterion_id=line.id).order_by("id").last()
    assert (last.pass_no, last.reason) == (2, "Chấp nhận giải trình")
    shown = page(client_for(personas["unit_a"]).get("/don-vi/giai-trinh/"))
    assert "Chấp nhận giải trình" in shown


def test_the_unit_home_links_to_the_explanations_page(personas, changed):
    text = page(client_for(personas["unit_a"]).get("/don-vi/"))
    assert "Xem và giải trình" in text
    assert 'href="/don-vi/giai-trinh/"' in client_for(personas["unit_a"]).get("/don-vi/").content.decode()


def test_the_queue_counts_each_units_answers(personas, changed):
    entry, line = changed
    answer(client_for(personas["unit_a"]), line.id, "Có biên bản")
    text = client_for(personas["appraiser"]).get("/tham-dinh/").content.decode()
    counts = re.search(rf"{entry.name}</a>.*?<td class=\"num\">(\d+)</td><td class=\"num\">(\d+)</td></tr>", text, re.S)
    assert counts.groups() == ("0", "1")  # no documents, one answer


def test_the_units_score_page_links_to_the_explanations(personas, changed):
    entry, _line = changed
    text = client_for(personas["unit_a"]).get(f"/don-vi/ket-qua/{entry.current_id}/").content.decode()
    assert 'href="/don-vi/giai-trinh/"' in text
