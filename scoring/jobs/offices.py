"""The aggregate of lower offices' published rounds: per office the class distribution, mean
percent and submission rate, and one ranking of all their units where the rulesets match.

Each office's round is read from its publication's ``ket-qua.json``
(:func:`scoring.jobs.compare.read_results_file`), roster part included; the workspace hands the
imported ones over (:func:`scoring.workspace.handoff.imported_rounds`), analysts get them as
frames (:func:`scoring.jobs.dataframes.offices_frames`).  Exact decimals throughout: a mean or a
rate is shown with :data:`PLACES` places, rounded half up only when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.jobs.compare import Round, UnitState

PLACES = 2
OUTPUT_NAMES = ("tong-hop-cap-duoi.xlsx",)


@dataclass(frozen=True)
class OfficeRound:
    """One lower office's published round: who, which round and publication, its results."""

    office: str
    round_code: str
    number: int
    published_at: str
    results: Round

    @property
    def ruleset_key(self) -> tuple[str, str, str]:
        return self.results.ruleset_id, self.results.version, self.results.fingerprint


@dataclass(frozen=True)
class OfficeSummary:
    """One office's round in figures: units counted, roster size, units per class (every class of
    the ruleset, in its order), mean percent and submission rate (percent of the roster counted)."""

    source: OfficeRound
    counted: int
    roster: int
    classes: dict[str, int]
    mean_percent: Decimal | None
    submission_rate: Decimal | None


@dataclass(frozen=True)
class CrossRanked:
    """A unit in the ranking across offices: its place (equal percents share it)."""

    rank: int
    office: str
    unit: UnitState


@dataclass(frozen=True)
class Aggregate:
    summaries: tuple[OfficeSummary, ...]
    #: None when the rulesets differ (``refusal`` says which offices use which).
    ranking: tuple[CrossRanked, ...] | None
    refusal: Finding | None
    outputs: tuple[Path, ...] = ()


def summarize(source: OfficeRound) -> OfficeSummary:
    """The office's figures, from its results alone."""
    units = list(source.results.units.values())
    classes = dict.fromkeys(source.results.classes, 0)
    for unit in units:
        classes[unit.band_label] = classes.get(unit.band_label, 0) + 1
    counted = len(units)
    roster = counted + (source.results.missing or 0)
    mean = sum((u.percent for u in units), Decimal(0)) / counted if counted else None
    rate = Decimal(100) * counted / roster if roster else None
    return OfficeSummary(source, counted, roster, classes, mean, rate)


#: The figures of an office's round a higher round's criterion can take (:func:`figure`).
FIGURE_KINDS = ("share", "count", "submission_rate", "mean_percent")
#: How the classes counted are chosen: a list of classes, or every class at or above / below one.
CLASS_CHOICES = ("classes", "classes_at_least", "classes_at_most")


@dataclass(frozen=True)
class Figure:
    """One figure of an office's round, from its summary: ``numerator``/``denominator`` for a share
    or the submission rate (``value`` is then their exact percent), ``value`` alone for a mean
    percent or a count (None: no unit counted, the figure does not exist); ``text`` says it."""

    kind: str
    value: Decimal | None
    text: str
    numerator: int | None = None
    denominator: int | None = None

    @property
    def rounded(self) -> Decimal | None:
        """The value as the aggregate prints it (:data:`PLACES` places, half up)."""
        return _places(self.value)


def figure(summary: OfficeSummary, spec: dict[str, Any]) -> Figure:
    """The figure ``spec`` names (``{"kind": "share", "classes_at_least": "tot"}``, see
    :data:`FIGURE_KINDS`) of the office's round ``summary``; :class:`DvkError`
    (``offices-class-unknown``) when a class is not one of that round's."""
    kind = spec["kind"]
    if kind == "mean_percent":
        said = f"tỷ lệ điểm bình quân {shown(summary.mean_percent)}% ({summary.counted} đơn vị có kết quả)"
        return Figure(kind, summary.mean_percent, said)
    if kind == "submission_rate":
        said = f"{summary.counted}/{summary.roster} đơn vị có kết quả (tỷ lệ nộp {shown(summary.submission_rate)}%)"
        return Figure(kind, summary.submission_rate, said, summary.counted, summary.roster)
    labels, words = chosen_classes(summary, spec)
    count = sum(summary.classes[label] for label in labels)
    if kind == "count":
        return Figure(kind, Decimal(count), f"{count} đơn vị xếp loại {words}")
    of_roster = spec.get("of") == "roster"
    whole = summary.roster if of_roster else summary.counted
    percent = Decimal(100) * count / whole if whole else None
    said = (f"{count}/{whole} đơn vị {'phải nộp' if of_roster else 'có kết quả'} xếp loại {words}"
            f" ({shown(percent)}%)")
    return Figure(kind, percent, said, count, whole)


def chosen_classes(summary: OfficeSummary, spec: dict[str, Any]) -> tuple[list[str], str]:
    """The class labels of the office's round ``spec`` chooses (:data:`CLASS_CHOICES`), and the
    words saying which ("Tốt trở lên").  A class is named by its label or its id, accents and
    case aside ("Tốt", "tot"); the ruleset's order is the order of its classes in the results."""
    from scoring.core.filenames import slug

    order = list(summary.classes)
    # the results list the ruleset's classes best first, then the "not classified" label: a range
    # of classes never takes that one (a unit not classified is not "Yếu trở xuống")
    bands = list(summary.source.results.classes)[:-1]
    by_name = {slug(label): label for label in order}

    def label_of(name: str) -> str:
        found = by_name.get(slug(name))
        if found is None:
            raise DvkError([make("offices-class-unknown", Location(), name=name, office=summary.source.office,
                                 round=summary.source.round_code, known=", ".join(order) or "không có")])
        return found

    for choice, words in (("classes_at_least", "trở lên"), ("classes_at_most", "trở xuống")):
        if choice in spec:
            label = label_of(spec[choice])
            if label not in bands:
                raise DvkError([make("offices-class-range", Location(), name=label, office=summary.source.office,
                                     round=summary.source.round_code, known=", ".join(bands) or "không có")])
            at = bands.index(label)
            return (bands[:at + 1] if choice == "classes_at_least" else bands[at:]), f"{label} {words}"
    labels = list(dict.fromkeys(label_of(name) for name in spec["classes"]))
    return labels, ", ".join(labels)


def cross_ranking(sources: list[OfficeRound]) -> tuple[CrossRanked, ...]:
    """All units of ``sources`` by percent (then points), highest first; units with the same
    percent and points share a place.  :class:`DvkError` when the rulesets differ."""
    refusal = rulesets_differ(sources)
    if refusal is not None:
        raise DvkError([refusal])
    units = sorted(((s.office, u) for s in sources for u in s.results.units.values()),
                   key=lambda p: (-p[1].percent, -p[1].total, p[0], p[1].code))
    ranked: list[CrossRanked] = []
    for i, (office, unit) in enumerate(units):
        before = ranked[-1] if ranked else None
        same = before is not None and (before.unit.percent, before.unit.total) == (unit.percent, unit.total)
        ranked.append(CrossRanked(before.rank if same else i + 1, office, unit))
    return tuple(ranked)


def rulesets_differ(sources: list[OfficeRound]) -> Finding | None:
    """The refusal to rank across offices whose rulesets (id, version, fingerprint) differ,
    naming each ruleset's offices; None when they match."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for s in sources:
        groups.setdefault(s.ruleset_key, []).append(f"{s.office} ({s.round_code})")
    if len(groups) <= 1:
        return None
    said = "; ".join(f"{rid} phiên bản {version} [{print_ or 'không rõ dấu vân tay'}]: {', '.join(names)}"
                     for (rid, version, print_), names in groups.items())
    return make("offices-rulesets-differ", Location(), groups=said)


def aggregate(sources: list[OfficeRound]) -> Aggregate:
    """Every office's summary, and the ranking across them (or the refusal)."""
    refusal = rulesets_differ(sources)
    ranking = None if refusal else cross_ranking(sources)
    return Aggregate(tuple(summarize(s) for s in sources), ranking, refusal)


def shown(value: Decimal | None) -> str:
    """A mean or rate as printed (comma decimal point, :data:`PLACES` places); "—" when none."""
    from scoring.core.decimals import fmt

    return "—" if value is None else fmt(value, PLACES)


def aggregate_tables(result: Aggregate) -> list[Any]:
    """The tables of the workbook: per office, and (when the rulesets match) the ranking."""
    from scoring.reports.tables import Column, Table

    labels: list[str] = []
    for s in result.summaries:
        labels += [label for label in s.classes if label not in labels]
    per_office = Table("tong-hop-don-vi", "Theo cơ quan", "Tổng hợp kết quả theo cơ quan cấp dưới",
                       [Column("STT", "int", 6), Column("Cơ quan", "text", 30), Column("Đợt", "text", 14),
                        Column("Số công bố", "int", 8), Column("Phải nộp", "int", 9), Column("Có kết quả", "int", 9),
                        Column("Tỷ lệ nộp (%)", "percent", 10), Column("Tỷ lệ điểm bình quân (%)", "percent", 12),
                        *[Column(label, "int", 10) for label in labels]])
    for i, s in enumerate(result.summaries, start=1):
        per_office.rows.append([i, s.source.office, s.source.round_code, s.source.number, s.roster, s.counted,
                                _places(s.submission_rate), _places(s.mean_percent),
                                *[s.classes.get(label, 0) for label in labels]])
    tables = [per_office]
    if result.ranking is not None:
        ranking = Table("xep-hang-chung", "Xếp hạng chung", "Xếp hạng chung các đơn vị của các cơ quan cấp dưới",
                        [Column("Hạng", "int", 7), Column("Cơ quan", "text", 28), Column("Mã đơn vị", "text", 14),
                         Column("Tên đơn vị", "text", 32), Column("Điểm", "points", 9), Column("Tỷ lệ (%)", "percent", 9),
                         Column("Xếp loại", "text", 14)])
        ranking.rows += [[r.rank, r.office, r.unit.code, r.unit.name, r.unit.total, r.unit.percent, r.unit.band_label]
                         for r in result.ranking]
        tables.append(ranking)
    return tables


def write_aggregate(result: Aggregate, out_dir: Path) -> Aggregate:
    """Write ``tong-hop-cap-duoi.xlsx`` into ``out_dir`` (whole or not at all)."""
    from scoring.reports import publish
    from scoring.reports.xlsx import write_tables

    lines = ("Tổng hợp kết quả công bố của các cơ quan cấp dưới",
             "Xếp hạng chung chỉ lập khi các cơ quan dùng cùng bộ tiêu chí (mã, phiên bản, dấu vân tay)."
             if result.ranking is not None else str(result.refusal.message))
    written = publish(out_dir, lambda tmp: [write_tables(tmp / OUTPUT_NAMES[0], aggregate_tables(result), lines,
                                                         warn=result.ranking is None)], OUTPUT_NAMES)
    return Aggregate(result.summaries, result.ranking, result.refusal, tuple(written))


def _places(value: Decimal | None) -> Decimal | None:
    from scoring.core.decimals import round_half_up

    return None if value is None else round_half_up(value, PLACES)
