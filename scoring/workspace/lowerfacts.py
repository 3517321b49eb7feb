"""The value a lower office's published result gives a higher round's criterion: the round fact.

The round declares the criterion, the figure and which roster unit is which lower office
(:mod:`scoring.workspace.lowerrule`; an office by the name its publications were imported under,
or, below the round's own office in this workspace, by its code or name).  For each such unit, the
office's round of the declared year is read from its latest publication
(:func:`scoring.workspace.handoff.office_sources`, as the aggregate reads it: a correction
published or imported later replaces the publication it corrects) and summarised by
:func:`scoring.jobs.offices.summarize` — the one computation ``dvk cap-tren tong-hop`` prints —
and the figure taken from that summary (:func:`scoring.jobs.offices.figure`) is set as the unit's
self value, a round fact (:mod:`scoring.workspace.roundfacts`) whose evidence names the office,
its round, the publication's number and date, and the figure.

Once the round's results are fixed (``final``, ``published``), a publication imported after that
moment does not count until the office opens a correction (``dvk round dinh-chinh``): the
results shown stay those published, and the status says a newer publication is waiting.

Without a value — no publication of the office imported for the year, several rounds and no
``ruleset`` to choose, a class the lower round does not have, no unit counted for a mean — the
unit keeps the value it typed itself, and ``dvk round status`` warns, naming the unit and what to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.workspace.roundfacts import RoundFact

#: The states whose results are fixed: a publication imported later waits for a correction.
FIXED_STATES = ("final", "published")


@dataclass(frozen=True)
class UnitFeed:
    """A roster unit the round maps to a lower office: the fact it gets, or why it gets none."""

    entry_id: int
    code: str
    name: str
    office: str
    fact: RoundFact | None
    problem: Finding | None = None


def lower_facts(round_, entry_ids: list[int] | None = None) -> dict[int, RoundFact]:
    """The provider (:mod:`scoring.workspace.factsources`): roster entry id → the fact its lower
    office's result sets ({} when the round declares none)."""
    return {f.entry_id: f.fact for f in unit_feeds(round_, entry_ids) if f.fact is not None}


def unit_feeds(round_, entry_ids: list[int] | None = None) -> list[UnitFeed]:
    """Every roster unit the round maps to a lower office (of ``entry_ids`` only, when given), by
    code, with its fact or its problem; units the criterion does not apply to are left out (the
    criterion does not count for them)."""
    from scoring.core.unitcode import unit_key
    from scoring.workspace.lowerrule import applies, input_slot
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.rounds import ruleset_of
    from scoring.workspace.store import chunks

    rule = round_.lower_rule
    if not rule:
        return []
    ruleset = ruleset_of(round_)
    offices = {unit_key(code): office for code, office in rule["units"].items()}
    entries = RosterEntry.objects.filter(round=round_, unit__code_key__in=list(offices)).select_related("unit")
    if entry_ids is not None:  # in slices: SQLite caps the parameters of one query
        entries = [e for c in chunks(list(entry_ids)) for e in entries.filter(pk__in=c)]
    entries = sorted((e for e in entries if applies(ruleset, rule["criterion"], e.unit_type)),
                     key=lambda e: e.unit.code_key)
    slot = input_slot(ruleset, rule["criterion"])
    taken: dict[str, tuple[Any, Finding | None]] = {}
    feeds = []
    for entry in entries:
        office = offices[entry.unit.code_key]
        if office not in taken:
            taken[office] = _office_value(round_, rule, slot, office)
        fact, problem = taken[office]
        feeds.append(UnitFeed(entry.pk, entry.unit.code, entry.name, office, fact,
                              None if problem is None else problem.located(criterion_id=rule["criterion"])))
    return feeds


def _office_value(round_, rule: dict[str, Any], slot, office: str) -> tuple[RoundFact | None, Finding | None]:
    """The fact ``office``'s result gives the criterion, or the problem that prevents it."""
    from scoring.jobs.offices import figure, summarize
    from scoring.workspace.lowerrule import FIGURE_WORDS, value_of

    said = {"office": office, "year": rule["year"], "criterion": rule["criterion"]}
    found = [r for r in office_rounds(round_, office, rule["year"])
             if not rule.get("ruleset") or r.results.ruleset_id == rule["ruleset"]]
    if not found:
        code = "lower-no-publication-ruleset" if rule.get("ruleset") else "lower-no-publication"
        return None, make(code, Location(), ruleset=rule.get("ruleset", ""), **said)
    if len(found) > 1:
        rounds = ", ".join(f"{r.round_code} ({r.results.ruleset_id})" for r in found)
        return None, make("lower-several-rounds", Location(), rounds=rounds, **said)
    source = found[0]
    try:
        shown = figure(summarize(source), rule["figure"])
    except DvkError as exc:
        return None, exc.findings[0]
    value = value_of(slot, shown)
    if value is None:
        return None, make("lower-no-figure", Location(), what=FIGURE_WORDS[shown.kind], round=source.round_code, **said)
    return RoundFact(rule["criterion"], value, evidence(source, shown.text)), None


def evidence(source, text: str) -> str:
    """"Kết quả công bố của cơ quan cấp dưới: Phòng Nội vụ huyện A, đợt DVCQ-2026, công bố số 02
    ngày 15/12/2026 (lần công bố mới nhất đã nhập của đợt): 8/10 đơn vị … (80,00%)."."""
    return (f"Kết quả công bố của cơ quan cấp dưới: {source.office}, đợt {source.round_code}, công bố số "
            f"{source.number:02d} ngày {_date(source.published_at)} (lần công bố mới nhất đã nhập của đợt): {text}.")


def _date(published_at: str) -> str:
    """The publication's date in Vietnam's time, "15/12/2026" (the text as given if unreadable)."""
    from scoring.workspace.rounds import VN

    try:
        moment = dt.datetime.fromisoformat(published_at)
    except ValueError:
        return published_at
    return (moment.astimezone(VN) if moment.tzinfo else moment).strftime("%d/%m/%Y")


def office_rounds(round_, office: str, year: int) -> list[Any]:
    """``office``'s rounds of ``year`` as its latest publications show them — an office below the
    round's own in this workspace, or one whose publications were imported by file — only those
    made or imported before the round's results were fixed, when they are: the
    :class:`scoring.jobs.offices.OfficeRound` the figures are taken from
    (:func:`scoring.workspace.handoff.office_sources`, as the aggregate takes them)."""
    from pathlib import Path

    from django.conf import settings

    from scoring.workspace.handoff import office_sources
    from scoring.workspace.store import Workspace

    ws = Workspace(Path(settings.DVK_WORKSPACE))
    return office_sources(ws, round_.office, year, [office], until=fixed_at(round_))


def fixed_at(round_) -> dt.datetime | None:
    """When the round's results were fixed — its last move to ``final``, or the publication of its
    last correction when later — while they stay fixed; None in any other state."""
    from django.db.models import Max

    from scoring.workspace.models import Correction
    from scoring.workspace.rounds import finalised_at

    if round_.state not in FIXED_STATES:
        return None
    final = finalised_at(round_)
    corrected = (Correction.objects.filter(round=round_, publication__isnull=False)
                 .aggregate(at=Max("publication__at"))["at"])
    return max((m for m in (final, corrected) if m is not None), default=None)


def waiting(round_) -> list[Finding]:
    """The publications of the mapped offices imported after the round's results were fixed (they
    count once a correction is opened): one warning per office and round."""
    from scoring.workspace.models import ImportedPublication

    rule, cutoff = round_.lower_rule, fixed_at(round_)
    if not rule or cutoff is None:
        return []
    mapped = {office.casefold() for office in rule["units"].values()}
    later = ImportedPublication.objects.filter(year=rule["year"], at__gt=cutoff).order_by("office", "round_code", "-number")
    seen: dict[tuple[str, str], Any] = {}
    for record in later:
        if record.office.casefold() in mapped:
            seen.setdefault((record.office, record.round_code), record)
    return [make("lower-newer-after-final", Location(criterion_id=rule["criterion"]), office=r.office,
                 round=r.round_code, number=r.number, criterion=rule["criterion"]) for r in seen.values()]


@dataclass(frozen=True)
class LowerStatus:
    """What ``dvk round status`` shows of the lower offices' results: the declared rule, each
    mapped unit's value or problem, and the publications waiting for a correction."""

    rule: dict[str, Any]
    feeds: tuple[UnitFeed, ...]
    waiting: tuple[Finding, ...]

    @property
    def problems(self) -> tuple[Finding, ...]:
        """Every warning: the units without a value, then the publications waiting."""
        return tuple(f.problem for f in self.feeds if f.problem is not None) + self.waiting


def lower_status(round_) -> LowerStatus | None:
    """The round's :class:`LowerStatus` (None when it declares no criterion fed by lower offices)."""
    if not round_.lower_rule:
        return None
    return LowerStatus(round_.lower_rule, tuple(unit_feeds(round_)), tuple(waiting(round_)))


def as_rows(status: LowerStatus) -> list[tuple[str, str, str]]:
    """(unit code, name, what its value rests on or the warning) per mapped unit: the status
    workbook's sheet, in the words ``dvk round status`` prints."""
    return [(f.code, f.name, f.fact.evidence if f.fact is not None else f"Cảnh báo: {f.problem.message}")
            for f in status.feeds]


def status_lines(status: LowerStatus | None) -> list[str]:
    """The lines ``dvk round status`` prints: the criterion and figure, then each unit's value and
    what it rests on, or the warning."""
    from scoring.workspace.lowerrule import FIGURE_WORDS

    if status is None:
        return []
    rule = status.rule
    head = (f"Tiêu chí {rule['criterion']} lấy {FIGURE_WORDS[rule['figure']['kind']]} từ kết quả công bố năm "
            f"{rule['year']} của cơ quan cấp dưới ({len(status.feeds)} đơn vị):")
    lines = [head]
    lines += [f"  {code} {name}: {said}" for code, name, said in as_rows(status)]
    lines += [f"  Cảnh báo: {w.message}" for w in status.waiting]
    return lines
