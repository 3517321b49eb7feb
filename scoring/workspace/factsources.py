"""Where a round's facts come from: every provider, gathered (see :mod:`scoring.workspace.roundfacts`).

A provider is a function ``(round_, entry_ids) -> {entry id: RoundFact}`` (``entry_ids`` None: the
whole roster; a tuple of facts for a unit with several inputs set) that answers in a few queries
whatever the roster's size.  To give a round a new source of values, write its provider and list
it in :func:`providers`.

What a provider answers for a unit is also what the round *supplies* to it: a file collected for
that unit may leave the input blank (not refused), and a value typed there is replaced with an
``input-set-by-round`` warning (:mod:`scoring.workspace.collect`, :mod:`scoring.engine.supplied`).
So a provider answers for a unit only when it sets the value (the documents' count skips a unit
that owes no document, which keeps and must fill its own); no list of inputs is declared apart.
"""

from __future__ import annotations

from typing import Any, Callable

from scoring.workspace.roundfacts import RoundFact

#: A provider: the round, the roster entry ids asked for (None: all) → entry id → its fact (or facts).
Provider = Callable[[Any, "list[int] | None"], "dict[int, RoundFact | tuple[RoundFact, ...]]"]


def providers() -> tuple[Provider, ...]:
    """Every source of round facts, in the order they are set (a later one wins on the same input)."""
    from scoring.workspace.duestate import documents_facts
    from scoring.workspace.lowerfacts import lower_facts
    from scoring.workspace.modelbook import models_facts

    return (documents_facts, models_facts, lower_facts)


def round_facts(round_, entry_ids: list[int] | None = None) -> dict[int, tuple[RoundFact, ...]]:
    """Roster entry id → the facts the round sets for that unit (entries with none are absent)."""
    found: dict[int, list[RoundFact]] = {}
    for provider in providers():
        for entry_id, given in provider(round_, entry_ids).items():
            found.setdefault(entry_id, []).extend(given if isinstance(given, tuple) else (given,))
    return {entry_id: tuple(facts) for entry_id, facts in found.items()}


def entry_facts(round_, entry_id: int | None) -> tuple[RoundFact, ...]:
    """The facts the round sets for one roster entry (none without an entry)."""
    if entry_id is None:
        return ()
    return round_facts(round_, [entry_id]).get(entry_id, ())


