"""The round's state machine, with and without the council's appraisal, against what it says.

Every (state, target, appraisal or not) is tried: the move is done exactly when the table below
allows it, and every refusal suggests exactly the steps that are allowed from where the round is,
each of which is then done.  Every state an action requires (the ``require_state`` calls of the
workspace) is asked of a round in every state: a refusal that says how to get there lists moves
that, done in order, get there (a way back included: a closed round may be re-opened to
receive files); it suggests nothing where no moves get there.  On SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from test_round_collect import make_round
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError

STATES = ("open", "closed", "appraisal", "explanations", "final", "published")
#: What an office may do, written out here (not read from the code under test).
ALLOWED = {
    True: {"open": {"closed"}, "closed": {"open", "appraisal"}, "appraisal": {"explanations", "final"},
           "explanations": {"appraisal", "final"}, "final": set(), "published": set()},
    # no council: no appraisal and no explanations; closed goes straight to final
    False: {"open": {"closed"}, "closed": {"open", "final"}, "appraisal": {"final"},
            "explanations": {"final"}, "final": set(), "published": set()},
}
#: The states the workspace's actions require (each ``require_state`` call's tuple).
REQUIRED = {
    "nhận hồ sơ": ("open",),
    "sửa danh sách đơn vị": ("open", "closed"),
    "thẩm định": ("appraisal",),
    "nhận giải trình": ("explanations",),
    "công bố": ("closed", "appraisal", "explanations", "final", "published"),
    "đổi hạn": ("open", "closed", "appraisal", "explanations"),
}
ROSTER = "Mã đơn vị,Tên đơn vị,Loại đơn vị\nSO-VIDU,Sở Ví Dụ,so_ban_nganh\n"


def put(round_, state: str, has_appraisal: bool):
    """The round set to ``state`` (as if it had got there), with or without appraisal."""
    type(round_).objects.filter(pk=round_.pk).update(state=state, has_appraisal=has_appraisal)
    round_.refresh_from_db()
    return round_


def suggested(message: str) -> list[str]:
    """The steps a message suggests, in order: states of ``dvk round state X``, and 'publish'."""
    return [m.group(1) or "publish" for m in re.finditer(r"dvk round (?:state (\w+)|publish)", message)]


def refusal(call) -> str | None:
    try:
        call()
    except DvkError as exc:
        assert len(exc.findings) == 1
        return exc.findings[0].code + ": " + exc.findings[0].message
    return None


def reachable(state: str, wanted: tuple[str, ...], has_appraisal: bool) -> bool:
    seen, todo = {state}, [state]
    while todo:
        here = todo.pop()
        if here in wanted:
            return True
        for there in ALLOWED[has_appraisal][here] - seen:
            seen.add(there)
            todo.append(there)
    return False


def test_every_move_is_allowed_or_refused_as_the_table_says_and_every_suggestion_works(ws, tmp_path):
    from scoring.workspace.publication import PUBLISHABLE
    from scoring.workspace.rounds import move_round, require_state

    round_ = make_round(ws, tmp_path, roster=ROSTER)
    seen = []
    for has_appraisal in (True, False):
        for state in STATES:
            allowed = ALLOWED[has_appraisal][state]
            for target in STATES:
                put(round_, state, has_appraisal)
                refused = refusal(lambda target=target: move_round(None, target))
                seen.append((has_appraisal, state, target, refused is None))
                assert (refused is None) == (target in allowed), (has_appraisal, state, target, refused)
                if refused is None:
                    assert round_.audit.filter(action="state-changed", before=state, after=target).exists()
                    continue
                steps = suggested(refused)
                # exactly what will work from here, and nothing else (publishing once final)
                assert set(steps) == allowed | ({"publish"} if state == "final" else set()), refused
                if target in ("appraisal", "explanations") and not has_appraisal:
                    assert refused.startswith("round-no-appraisal:") and "không có bước thẩm định" in refused
                for step in steps:
                    put(round_, state, has_appraisal)
                    if step == "publish":
                        require_state(round_, PUBLISHABLE, "công bố")
                    else:
                        move_round(None, step)
    assert len(seen) == 2 * 6 * 6 and sum(done for *_, done in seen) == 12  # 7 moves with a council, 5 without


@pytest.mark.parametrize("has_appraisal", [True, False])
def test_every_required_state_refusal_says_a_way_there_that_works_or_that_there_is_none(ws, tmp_path, has_appraisal):
    from scoring.workspace.rounds import move_round, require_state

    round_ = make_round(ws, tmp_path, roster=ROSTER)
    for action, wanted in REQUIRED.items():
        for state in STATES:
            refused = refusal(lambda s=state, w=wanted, a=action: require_state(put(round_, s, has_appraisal), w, a))
            if state in wanted:
                assert refused is None
                continue
            assert refused is not None and action in refused
            steps = suggested(refused)
            early = STATES.index(state) < min(STATES.index(s) for s in wanted)
            if not has_appraisal and set(wanted) <= {"appraisal", "explanations"}:
                assert refused.startswith("round-no-appraisal:"), refused
                # it suggests the round's next steps, if any: each allowed from here
                assert set(steps) == ALLOWED[False][state] | ({"publish"} if state == "final" else set())
                continue
            assert refused.startswith("round-state-not-yet:" if early else "round-state-forbids:"), refused
            if reachable(state, wanted, has_appraisal):
                assert steps, refused
                for step in steps:  # done in order, they lead where the action may be done
                    move_round(None, step)
                round_.refresh_from_db()
                assert round_.state in wanted, (state, action, steps)
            else:
                assert steps == [], refused


@pytest.mark.parametrize("has_appraisal", [True, False])
def test_a_correction_redoes_the_councils_work_only_where_there_is_a_council(ws, tmp_path, has_appraisal):
    """A published round reopened for a correction (``correction``) takes the council's changes
    again, unless the round never had a council; every other step is refused with what a
    correction allows, and a published round names the reopening."""
    from scoring.workspace.appraisal import APPRAISING
    from scoring.workspace.rounds import move_round, require_state

    round_ = make_round(ws, tmp_path, roster=ROSTER)
    correcting = put(round_, "correction", has_appraisal)
    said = refusal(lambda: require_state(correcting, APPRAISING, "nhập kết quả thẩm định"))
    assert (said is None) if has_appraisal else said.startswith("round-no-appraisal:"), said
    assert refusal(lambda: require_state(correcting, ("open",), "sửa danh sách đơn vị")).startswith(
        "round-correction-forbids:")
    assert refusal(lambda: move_round(None, "final")).startswith("round-correction-forbids:")
    published = put(round_, "published", has_appraisal)
    said = refusal(lambda: require_state(published, ("open", "correction"), "gia hạn cho đơn vị"))
    assert said.startswith("round-published-correct:") and "dvk round dinh-chinh" in said
