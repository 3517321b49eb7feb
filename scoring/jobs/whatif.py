"""What-if: the submissions of a previous round scored again under a draft ruleset.

The submissions were made for the old ruleset (their version stamp says so); here the stamp is
deliberately bypassed: each submission is re-addressed to the draft, its answers matched to the
draft's criteria, bonus/deduction items and facts **by id**.  Ids answered in the submissions that
the draft does not have are dropped; ids of the draft no submission answers read as blank.  Both
lists are part of the result, so an author sees what did not map.  Pure: no files are read here
(see :func:`submissions_from_files` and :mod:`scoring.workspace.whatif` for where they come from).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Sequence

from scoring.core.findings import DvkError
from scoring.engine.ranking import RankedUnit, Ranking, rank
from scoring.engine.result import Result
from scoring.engine.score import score
from scoring.engine.standing import Standing
from scoring.engine.submission import Submission
from scoring.intake.batch import unit_key
from scoring.rules.models import Ruleset


@dataclass(frozen=True)
class Source:
    """One submission as read, and where it came from (a file name)."""

    name: str
    submission: Submission


@dataclass(frozen=True)
class UnitChange:
    """One unit under the old ruleset and under the draft (``new`` None: the draft cannot score it)."""

    code: str
    name: str
    block: str
    old: Standing
    new: Standing | None
    problem: str = ""  # why the draft cannot score the unit (its first error)

    @property
    def delta(self) -> Decimal | None:
        return None if self.new is None else self.new.total - self.old.total

    @property
    def class_changed(self) -> bool:
        return self.new is not None and self.new.band_label != self.old.band_label

    @property
    def rank_changed(self) -> bool:
        return self.new is not None and self.new.rank != self.old.rank


@dataclass(frozen=True)
class WhatIf:
    """Every unit's change, the ids that did not map, and the files the old ruleset refused."""

    old_key: str
    draft_key: str
    units: tuple[UnitChange, ...]
    only_in_draft: tuple[tuple[str, str], ...]        # (id, name): no submission answers it
    only_in_submissions: tuple[tuple[str, str], ...]  # (id, name in the old ruleset): the draft drops it
    refused: tuple[tuple[str, str], ...] = ()         # (file, reason): not scored under the old ruleset


def what_if(old: Ruleset, draft: Ruleset, sources: Sequence[Source],
            refused: Sequence[tuple[str, str]] = ()) -> WhatIf:
    """Score ``sources`` under ``old`` and, re-addressed by id, under ``draft``; compare per unit."""
    old_results, refused = [], list(refused)
    for source in sources:
        result = score(old, source.submission, source=source.name)
        if result.ok:
            old_results.append((source, result))
        else:
            refused.append((source.name, _reason(result)))
    draft_ids = _inputs(draft)
    new_results = [score(draft, rebase(s.submission, draft, draft_ids), source=s.name) for s, _ in old_results]
    old_ranking = rank(old, [r for _, r in old_results])
    new_ranking = rank(draft, [r for r in new_results if r.ok])
    units = tuple(_change(o, n, old_ranking, new_ranking) for (_, o), n in zip(old_results, new_results))
    answered = {key for s, _ in old_results for key in s.submission.answers}
    old_ids = _inputs(old)
    return WhatIf(
        old.key, draft.key, tuple(sorted(units, key=lambda u: (u.block, u.old.rank or 10**9, unit_key(u.code)))),
        tuple((i, name) for i, name in draft_ids.items() if i not in answered),
        tuple((i, old_ids.get(i, "")) for i in sorted(answered - set(draft_ids), key=_order(old_ids))),
        tuple(refused))


def rebase(submission: Submission, draft: Ruleset, ids: dict[str, str] | None = None) -> Submission:
    """``submission`` addressed to ``draft`` (no fingerprint: the version stamp is bypassed), with
    only the answers whose id the draft has."""
    ids = _inputs(draft) if ids is None else ids
    ref = submission.ruleset.model_copy(update={"id": draft.id, "version": draft.version, "fingerprint": None})
    answers = {k: v for k, v in submission.answers.items() if k in ids}
    return submission.model_copy(update={"ruleset": ref, "answers": answers})


def submissions_from_files(old: Ruleset, inputs: Sequence[str | Path]) -> tuple[list[Source], list[tuple[str, str]]]:
    """The submissions in files and folders, read as made for ``old``; and the files refused."""
    from scoring.intake.collect import collect_inputs
    from scoring.intake.pipeline import read_input

    files, _ = collect_inputs(inputs)
    if not files:
        from scoring.core.findings import Location, make

        raise DvkError([make("batch-no-inputs", Location(), paths=", ".join(map(str, inputs)) or "(không có)")])
    sources, refused = [], []
    for path in files:
        try:
            sources.append(Source(str(path), read_input(path, old).submission))
        except DvkError as exc:
            refused.append((str(path), exc.findings[0].message))
    return sources, refused


def _inputs(ruleset: Ruleset) -> dict[str, str]:
    """Every id a submission may answer (criteria, pool items, facts) → its name, in ruleset order."""
    from scoring.rules.index import index_of

    index = index_of(ruleset)
    ids = {info.id: info.node.name for info in index.leaves}
    ids.update((p.item.id, p.item.name) for p in index.pool_items)
    ids.update((f.fact.id, f.fact.name) for f in index.facts)
    return ids


def _order(ids: dict[str, str]):
    position = {key: n for n, key in enumerate(ids)}
    return lambda key: (position.get(key, len(position)), key)


def _standing(unit: RankedUnit) -> Standing:
    final = unit.result.final  # the rank in the unit's block; overall when the ruleset has no blocks
    return Standing(final.total, final.percent, unit.band_label, unit.rank if unit.rank is not None else unit.overall_rank)


def _change(old: Result, new: Result, old_ranking: Ranking, new_ranking: Ranking) -> UnitChange:
    before = old_ranking.unit(old.unit_code)
    after = new_ranking.unit(new.unit_code) if new.ok else None
    return UnitChange(old.unit_code, old.unit_name, old.block_name or "",
                      _standing(before) if before else Standing(old.final.total, old.final.percent, old.final.band_label, None),
                      _standing(after) if after else None, "" if new.ok else _reason(new))


def _reason(result: Result) -> str:
    """The first error, with the criterion it is about."""
    first = result.errors[0]
    where = first.location.criterion_id
    return f"tiêu chí {where}: {first.message}" if where else first.message
