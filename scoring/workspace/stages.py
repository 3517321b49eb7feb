"""Where a round may go from its state, and the refusals that say so with only what will work.

:data:`MOVES` is the machine of a round with the council's appraisal.
A round created without one (``dvk round new --khong-tham-dinh``, ``Round.has_appraisal`` false)
has no appraisal and so no explanations (they answer the council): ``closed`` goes straight to
``final`` and its results are the units' own scores.

Every refusal here suggests only steps the round may take from where it is, each with its
command, or none when there is none (a published round); ``tests/test_round_stages.py`` walks
every (state, target, appraisal or not) and runs what each refusal suggests.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make

STATES = ("open", "closed", "appraisal", "explanations", "final", "published", "correction")
STATE_LABELS = {"open": "Đang nhận hồ sơ", "closed": "Đã khóa nhận hồ sơ", "appraisal": "Đang thẩm định",
                "explanations": "Đang nhận giải trình", "final": "Đã chốt kết quả", "published": "Đã công bố",
                "correction": "Đang đính chính"}
#: state -> states a command may move it to (``published`` only by publishing; ``correction``
#: only by reopening a published round with a reason, and left only by publishing again).
MOVES = {"open": ("closed",), "closed": ("open", "appraisal"), "appraisal": ("explanations", "final"),
         "explanations": ("appraisal", "final"), "final": (), "published": (), "correction": ()}

#: Where an extension, a waiver or a fixed-date document's receipt is allowed: while results can
#: still change (and in a published round reopened for a correction, :mod:`scoring.workspace.correction`).
OPEN_STATES = ("open", "closed", "appraisal", "explanations", "correction")
#: The states only a round with an appraisal stage has.
APPRAISAL_STATES = ("appraisal", "explanations")
#: A round without appraisal: no appraisal, no explanations (a round stored in one of them, which
#: none can be, may still be finalised).
MOVES_WITHOUT_APPRAISAL = {"open": ("closed",), "closed": ("open", "final"), "appraisal": ("final",),
                           "explanations": ("final",), "final": (), "published": (), "correction": ()}
#: The step left to a final round (``published`` is reached only by publishing).
PUBLISH_STEP = "công bố (dvk round publish)"
#: What a round reopened for a correction allows, in the words of the refusal.
CORRECTION_STEPS = ("nhập lại kết quả thẩm định (dvk round import-appraisal, trang thẩm định)",
                    "gia hạn hoặc miễn tính nộp muộn cho đơn vị (dvk round extend, dvk round waive)",
                    "văn phòng thu lại hồ sơ của đơn vị (dvk round collect)")


def moves(state: str, has_appraisal: bool = True) -> tuple[str, ...]:
    """The states a command may move a round in ``state`` to."""
    return MOVES[state] if has_appraisal else MOVES_WITHOUT_APPRAISAL[state]


def round_moves(round_: Any) -> tuple[str, ...]:
    """The states a command may move ``round_`` to now."""
    return moves(round_.state, round_.has_appraisal)


def step_words(target: str) -> str:
    """One move as a message says it: the state's label and the command that makes it."""
    return f"'{STATE_LABELS[target]}' (dvk round state {target})"


def next_steps(state: str, has_appraisal: bool = True) -> str:
    """Every step a round in ``state`` may take, with its command; "" when there is none."""
    steps = [step_words(s) for s in moves(state, has_appraisal)]
    if state == "final":
        steps.append(PUBLISH_STEP)
    return " hoặc ".join(steps)


def route(state: str, wanted: tuple[str, ...], has_appraisal: bool = True) -> list[str] | None:
    """The shortest series of moves from ``state`` into one of ``wanted`` (None: no way there)."""
    seen, queue = {state: []}, deque([state])
    while queue:
        here = queue.popleft()
        if here in wanted:
            return seen[here]
        for there in moves(here, has_appraisal):
            if there not in seen:
                seen[there] = [*seen[here], there]
                queue.append(there)
    return None


def refused_move(round_: Any, target: str) -> Finding | None:
    """Why ``round_`` may not move to ``target`` now (None: it may)."""
    if target in round_moves(round_):
        return None
    label = STATE_LABELS.get(target, target)
    if round_.state == "correction":  # left only by publishing again, which the finding says
        return refused_in_correction(f"chuyển sang '{label}'")
    if target in APPRAISAL_STATES and not round_.has_appraisal:
        return _no_appraisal(round_, f"chuyển sang '{label}'")
    return make("round-bad-state", Location(), state=STATE_LABELS[round_.state], target=label,
                allowed=next_steps(round_.state, round_.has_appraisal) or "không có")


def refused_state(round_: Any, states: tuple[str, ...], action: str) -> Finding | None:
    """Why ``action``, allowed only in ``states``, is refused to ``round_`` now (None: allowed):
    never in a round without appraisal; not yet (the round is before ``states``) or no more, each
    with the moves that lead back there when there are some (a closed round may be re-opened)."""
    if not round_.has_appraisal and _council_only(states) and (round_.state not in states
                                                               or round_.state == "correction"):
        return _no_appraisal(round_, action)  # never the council's work, a correction's included
    if round_.state in states:
        return None
    if round_.state == "correction":
        return refused_in_correction(action)
    if round_.state == "published" and "correction" in states:  # allowed once reopened: say how
        return make("round-published-correct", Location(), action=action)
    way = route(round_.state, states, round_.has_appraisal)
    said = " Chuyển đợt sang " + ", rồi sang ".join(step_words(s) for s in way) + "." if way else ""
    early = STATES.index(round_.state) < min(STATES.index(s) for s in states)
    return make("round-state-not-yet" if early else "round-state-forbids", Location(),
                state=STATE_LABELS[round_.state], action=action, next=said)


def _council_only(states: tuple[str, ...]) -> bool:
    """True for an action only the council's stages allow (a correction may redo the council's)."""
    return bool(set(states) & set(APPRAISAL_STATES)) and set(states) <= {*APPRAISAL_STATES, "correction"}


def refused_in_correction(action: str) -> Finding:
    """The finding for ``action`` tried while the round is reopened for a correction."""
    return make("round-correction-forbids", Location(), action=action, allowed="; ".join(CORRECTION_STEPS))


def require_appraisal(round_: Any, action: str) -> None:
    """Refuse ``action`` (an appraisal or explanations sheet…) in a round without appraisal."""
    if not round_.has_appraisal:
        raise DvkError([_no_appraisal(round_, action)])


def _no_appraisal(round_: Any, action: str) -> Finding:
    steps = next_steps(round_.state, False)
    return make("round-no-appraisal", Location(), round=round_.code, action=action,
                next=f" Bước tiếp theo hợp lệ: {steps}." if steps else "")
