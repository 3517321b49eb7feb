"""``dvk compare OLD_DIR NEW_DIR``: how each unit moved between two ranking rounds.

Both folders are outputs of ``dvk rank`` and are read from their ``ket-qua.json``; they may use
different ruleset versions (then percents compare better than points, and the summary says so).
Units are matched by unit code (case and outer spaces ignored).  Outputs ``so-sanh.xlsx``,
``so-sanh.csv`` and ``so-sanh.png`` are written atomically when an output folder is given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.core.decimals import fmt
from scoring.core.findings import DvkError, Location, make
from scoring.formats.jsonio import os_reason
from scoring.formats.jsonstream import read_streamed
from scoring.intake.batch import unit_key

RESULTS_NAME = "ket-qua.json"
OUTPUT_NAMES = ("so-sanh.xlsx", "so-sanh.csv", "so-sanh.png")


@dataclass(frozen=True)
class UnitState:
    """A unit in one round, as read from ``ket-qua.json``."""

    code: str
    name: str
    block: str | None
    total: Decimal
    percent: Decimal
    rank: int | None
    overall_rank: int | None
    band_label: str


@dataclass(frozen=True)
class Round:
    folder: str
    ruleset_id: str
    version: str
    year: int | None
    units: dict[str, UnitState]
    #: The ruleset's content hash, the class labels in the ruleset's order (as counted), and the
    #: roster's units without a counted result (None: no roster, a ``dvk rank`` output).
    fingerprint: str = ""
    classes: tuple[str, ...] = ()
    missing: int | None = None
    #: The roster's units without a counted result, as (code, name), in the roster's order.
    missing_units: tuple[tuple[str, str], ...] = ()
    #: Whether the round had the council's appraisal (None: not known — a ``dvk rank`` output, or a
    #: publication written before ``ket-qua.json`` said it).
    has_appraisal: bool | None = None


@dataclass(frozen=True)
class UnitChange:
    """One unit present in both rounds."""

    old: UnitState
    new: UnitState

    @property
    def percent_change(self) -> Decimal:
        return self.new.percent - self.old.percent

    @property
    def total_change(self) -> Decimal:
        return self.new.total - self.old.total

    @property
    def rank_change(self) -> int | None:
        """Places moved up overall (positive: better); None when unranked in either round."""
        if self.old.overall_rank is None or self.new.overall_rank is None:
            return None
        return self.old.overall_rank - self.new.overall_rank

    @property
    def class_changed(self) -> bool:
        return self.old.band_label != self.new.band_label


@dataclass(frozen=True)
class Comparison:
    old: Round
    new: Round
    changes: tuple[UnitChange, ...]
    only_old: tuple[UnitState, ...]
    only_new: tuple[UnitState, ...]
    outputs: tuple[Path, ...] = ()

    @property
    def labels(self) -> tuple[str, str]:
        """How the two rounds are named: by year, or by folder when the years are the same."""
        if self.old.year and self.new.year and self.old.year != self.new.year:
            return f"năm {self.old.year}", f"năm {self.new.year}"
        return Path(self.old.folder).name or self.old.folder, Path(self.new.folder).name or self.new.folder

    @property
    def lines(self) -> list[str]:
        """A printable Vietnamese summary."""
        old, new = self.old, self.new
        old_label, new_label = self.labels
        lines = [f"So sánh {old_label} ({old.ruleset_id} {old.version}) với {new_label} "
                 f"({new.ruleset_id} {new.version}).",
                 f"{len(self.changes)} đơn vị có ở cả hai; {len(self.only_old)} chỉ có ở {old_label}; "
                 f"{len(self.only_new)} chỉ có ở {new_label}."]
        if (old.ruleset_id, old.version) != (new.ruleset_id, new.version):
            lines.append("LƯU Ý: hai lần xếp hạng theo hai bộ tiêu chí (phiên bản) khác nhau; so sánh theo "
                         "tỷ lệ điểm (%), điểm tuyệt đối có thể không tương đương.")
        falls = sorted((c for c in self.changes if c.percent_change < 0), key=lambda c: (c.percent_change, c.new.code))
        rises = sorted((c for c in self.changes if c.percent_change > 0), key=lambda c: (-c.percent_change, c.new.code))
        for title, picked in (("Giảm nhiều nhất", falls[:3]), ("Tăng nhiều nhất", rises[:3])):
            if picked:
                lines.append(f"{title}: " + "; ".join(
                    f"{c.new.name} ({fmt(c.percent_change, 2)} điểm %)" for c in picked))
        changed = sum(1 for c in self.changes if c.class_changed)
        lines.append(f"{changed} đơn vị thay đổi xếp loại.")
        lines += [f"Đã ghi {p}" for p in self.outputs]
        return lines


def read_round(folder: str | Path) -> Round:
    """Read a ``dvk rank`` output folder; raise :class:`DvkError` with Vietnamese findings."""
    path = Path(folder)
    where = Location(file=str(path))
    if not path.is_dir():
        raise DvkError([make("compare-not-a-folder", where, path=path)])
    results = path / RESULTS_NAME
    if not results.is_file():
        raise DvkError([make("compare-no-results", where)])
    return read_results_file(results, str(path))


def read_results_file(results: Path, label: str) -> Round:
    """The round in the ``ket-qua.json`` file ``results`` (wherever it is kept), named ``label``;
    :class:`DvkError` with Vietnamese findings when it cannot be read."""
    try:
        return _read_results(label, results)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = f"thiếu hoặc sai mục {exc}" if isinstance(exc, KeyError) else str(exc)
        raise DvkError([make("compare-bad-results", Location(file=str(results)), reason=reason)]) from None


def earlier_round(folder: str | Path) -> Any:
    """Last round's classes (:class:`scoring.reports.assessment.Earlier`) from its ``dvk rank``
    folder, for the report's general assessment; :class:`DvkError` as :func:`read_round`."""
    from collections import Counter

    from scoring.reports.assessment import Earlier

    old = read_round(folder)
    return Earlier(Counter(u.band_label for u in old.units.values()), old.year)


def _read_results(folder: str, path: Path) -> Round:
    """The round in ``ket-qua.json``, read chunk by chunk and unit by unit (a 10,000-unit round is
    ~140 MB); exact decimals; unlike submissions it has no size limit (dvk wrote it)."""
    where = Location(file=str(path))
    units: dict[str, UnitState] = {}
    problems: list[Exception] = []

    def take(item: Any) -> None:
        try:
            state = _unit_state(item)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problems.append(exc)
            return
        units[unit_key(state.code)] = state

    try:
        head = read_streamed(path, "units", take)
    except OSError as exc:
        raise DvkError([make("file-unreadable", where, reason=os_reason(exc))]) from None
    except UnicodeDecodeError:
        raise DvkError([make("file-unreadable", where, reason="tệp không phải văn bản UTF-8")]) from None
    except json.JSONDecodeError as exc:
        raise DvkError([make("json-syntax", where, line=exc.lineno, column=exc.colno, reason=exc.msg)]) from None
    if head.get("format") != "dvk-ket-qua":
        raise ValueError("không có \"format\": \"dvk-ket-qua\"")
    if "units" not in head:
        raise KeyError("units")
    if problems:
        raise problems[0]
    ruleset = head["ruleset"]
    roster = head.get("roster")
    appraised = head.get("has_appraisal")
    if appraised is not None and not isinstance(appraised, bool):
        raise ValueError('"has_appraisal" phải là true hoặc false')
    return Round(folder, str(ruleset["id"]), str(ruleset["version"]), head.get("year"), units,
                 str(ruleset.get("fingerprint") or ""), tuple(head.get("counts", {}).get("classes", {})),
                 None if roster is None else len(roster["missing"]),
                 () if roster is None else tuple((str(u["code"]), str(u["name"])) for u in roster["missing"]),
                 appraised)


def _unit_state(item: Any) -> UnitState:
    result = item["result"]
    return UnitState(str(item["unit_code"]), str(result["unit"]["name"]), result["unit"].get("block_name"),
                     Decimal(result["final"]["total"]), Decimal(result["final"]["percent"]),
                     item.get("rank"), item.get("overall_rank"), str(item["band_label"]))


def compare_dirs(old_dir: str | Path, new_dir: str | Path, out_dir: str | Path | None = None) -> Comparison:
    """Compare two ranking rounds unit by unit; write the comparison into ``out_dir`` if given."""
    rounds, findings = [], []
    for folder in (old_dir, new_dir):
        try:
            rounds.append(read_round(folder))
        except DvkError as exc:
            findings += exc.findings
    if findings:
        raise DvkError(findings)
    comparison = compare_rankings(*rounds)
    if out_dir is None:
        return comparison
    outputs = _write(comparison, Path(out_dir))
    return replace(comparison, outputs=tuple(outputs))


def compare_rankings(old: Round, new: Round) -> Comparison:
    """THE comparison of two rankings, unit by unit (matched by unit code): ``dvk compare`` and a
    correction's changes (:func:`publication_changes`) both come from here."""
    changes = [UnitChange(old.units[k], new.units[k]) for k in new.units if k in old.units]
    changes.sort(key=lambda c: (c.new.overall_rank is None, c.new.overall_rank or 0, c.new.code))
    only_old = tuple(sorted((u for k, u in old.units.items() if k not in new.units), key=lambda u: u.code))
    only_new = tuple(sorted((u for k, u in new.units.items() if k not in old.units), key=lambda u: u.code))
    return Comparison(old, new, tuple(changes), only_old, only_new)


def ranking_round(ranking: Any, ruleset_id: str, version: str, year: int | None, folder: str = "") -> Round:
    """A ranking in memory as :func:`read_round` reads it back from its ``ket-qua.json`` (the
    figures :func:`_unit_state` takes from each unit's JSON)."""
    units = {}
    for u in ranking.overall:
        result = u.result
        units[unit_key(u.unit_code)] = UnitState(u.unit_code, result.unit_name, result.block_name, result.final.total,
                                                 result.final.percent, u.rank, u.overall_rank, u.band_label)
    return Round(folder, ruleset_id, version, year, units)


#: What differs between two places of a unit, in the words a correction prints, in this order.
_ASPECTS = (("khối", lambda s: s.block), ("điểm", lambda s: s.total), ("tỷ lệ", lambda s: s.percent),
            ("xếp loại", lambda s: s.band_label), ("hạng trong khối", lambda s: s.rank),
            ("hạng chung", lambda s: s.overall_rank))


def publication_changes(old: Round, new: Round) -> tuple[Any, ...]:
    """The units whose place differs between two publications of a round (points, percent, class,
    rank in the block or overall, block), and those in one of them only, as the rows a correction
    prints (:class:`scoring.reports.correction.CorrectionRow`): the changed units in the new
    publication's overall order, then the units only it has, then those it no longer has (each by
    code).  From :func:`compare_rankings`."""
    from scoring.reports.correction import ADDED, REMOVED, CorrectionRow

    comparison = compare_rankings(old, new)
    rows = []
    for change in comparison.changes:
        changed = tuple(word for word, of in _ASPECTS if of(change.old) != of(change.new))
        if changed:
            rows.append(CorrectionRow(change.new.code, change.new.name, change.new.block or "", changed,
                                      _standing(change.old), _standing(change.new)))
    rows += [CorrectionRow(u.code, u.name, u.block or "", (ADDED,), None, _standing(u)) for u in comparison.only_new]
    rows += [CorrectionRow(u.code, u.name, u.block or "", (REMOVED,), _standing(u), None) for u in comparison.only_old]
    return tuple(rows)


def _standing(unit: UnitState) -> Any:
    from scoring.engine.standing import Standing

    return Standing(unit.total, unit.percent, unit.band_label, unit.rank, unit.overall_rank)


# --- outputs ------------------------------------------------------------------------------------

def comparison_tables(comparison: Comparison) -> list[Any]:
    from scoring.reports.tables import Column, Table

    old, new = comparison.labels
    columns = [Column("STT", "int", 6), Column("Mã đơn vị", "text", 14), Column("Tên đơn vị", "text", 34),
               Column(f"Tỷ lệ (%) {old}", "percent", 10), Column(f"Tỷ lệ (%) {new}", "percent", 10),
               Column("Thay đổi (điểm %)", "percent", 10), Column(f"Điểm {old}", "points", 10),
               Column(f"Điểm {new}", "points", 10), Column(f"Hạng {old}", "int", 8),
               Column(f"Hạng {new}", "int", 8), Column("Tăng/giảm hạng", "int", 9),
               Column(f"Xếp loại {old}", "text", 14), Column(f"Xếp loại {new}", "text", 14)]
    changes = Table("so-sanh", "So sánh", f"So sánh kết quả {old} và {new}", columns)
    for i, c in enumerate(comparison.changes, start=1):
        changes.rows.append([i, c.new.code, c.new.name, c.old.percent, c.new.percent, c.percent_change,
                             c.old.total, c.new.total, c.old.overall_rank, c.new.overall_rank, c.rank_change,
                             c.old.band_label, c.new.band_label])
    single = Table("so-sanh-mot-nam", "Chỉ có một năm", "Đơn vị chỉ có trong một lần xếp hạng",
                   [Column("STT", "int", 6), Column("Mã đơn vị", "text", 14), Column("Tên đơn vị", "text", 34),
                    Column("Có trong", "text", 16), Column("Tỷ lệ (%)", "percent", 10),
                    Column("Xếp loại", "text", 14)])
    for where, units in ((old, comparison.only_old), (new, comparison.only_new)):
        for unit in units:
            single.rows.append([len(single.rows) + 1, unit.code, unit.name, where, unit.percent, unit.band_label])
    return [changes, single]


def _write(comparison: Comparison, out_dir: Path) -> list[Path]:
    from scoring.reports import publish
    from scoring.reports.csv import write_csv
    from scoring.reports.xlsx import write_tables

    def build(tmp: Path) -> list[Path]:
        tables = comparison_tables(comparison)
        old, new = comparison.old, comparison.new
        old_label, new_label = comparison.labels
        lines = (f"{old.ruleset_id} {old.version} ({old_label}) → {new.ruleset_id} {new.version} ({new_label})",
                 "Hạng là hạng chung; tăng/giảm hạng dương là tăng bậc.")
        return [write_tables(tmp / "so-sanh.xlsx", tables, lines), write_csv(tmp / "so-sanh.csv", tables[0]),
                movement_chart(tmp / "so-sanh.png", comparison)]

    return publish(out_dir, build, OUTPUT_NAMES)


def movement_chart(path: Path, comparison: Comparison) -> Path:
    """Change of each unit's percent, largest rise at the top."""
    from scoring.reports.charts import change_chart

    changes = sorted(comparison.changes, key=lambda c: (-c.percent_change, c.new.code))
    old_label, new_label = comparison.labels
    return change_chart(path, f"Thay đổi kết quả: {old_label} → {new_label}",
                        [(c.new.name, c.percent_change) for c in changes])
