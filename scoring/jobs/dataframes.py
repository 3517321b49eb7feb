"""Results as pandas DataFrames, for analysts working in Jupyter.

- :func:`criteria_frame`: one long row per unit × criterion × stage (``self``, ``appraisal``,
  ``final``) with points, maximum, explanation, evidence and notes;
- :func:`units_frame`: one row per unit with its totals, class (after gates and quotas) and ranks;
- :func:`rank_frames`: both, from a ruleset file and input files or folders, as ``dvk rank`` reads them;
- :func:`offices_frame`: one row per unit of several offices' published rounds (the publications a
  higher office imported, :func:`scoring.workspace.handoff.imported_rounds`) with office, round,
  publication number, points, percent, class and ranks as each office published them.

Decimals: every score is an exact :class:`~decimal.Decimal`; how it reaches the frame is chosen
with ``decimals``:

- ``"decimal"`` (default): the Decimal objects themselves, in ``object`` columns: exact, and
  sums, comparisons and ``round`` stay exact (``df.points.sum()`` is a Decimal);
- ``"float"``: ``float64`` columns, for plotting and statistics (``mean``, ``describe``, ``corr``);
  a score like 7.78 then becomes the nearest binary fraction, so do not compare floats for equality
  with published figures;
- ``"str"``: exact text with a decimal point, as scored (with the ruleset's declared places:
  "55.50"), for export to other programs.

Missing values (no appraisal, an unranked unit) are ``None`` with ``"decimal"``/``"str"`` and ``NaN``
with ``"float"``; ranks are nullable integers (``Int64``).  pandas is imported here only, so ``import
scoring`` and the ``dvk`` command never load it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal, Sequence

from scoring.engine.ranking import Ranking
from scoring.engine.result import CriterionResult, Result

if TYPE_CHECKING:
    import pandas as pd

Decimals = Literal["decimal", "float", "str"]
STAGES = ("self", "appraisal", "final")

CRITERIA_COLUMNS = ("unit_code", "unit_name", "unit_type", "block", "criterion_id", "criterion_name", "parent",
                    "stage", "points", "max", "applicable", "explanation", "evidence", "note")
UNIT_COLUMNS = ("unit_code", "unit_name", "unit_type", "block", "year", "source", "appraised",
                "self_total", "self_max", "self_percent", "base", "bonus", "deductions", "total", "max", "percent",
                "band_id", "band", "classified", "gate_reasons", "quota_note", "rank", "overall_rank")
_CRITERIA_NUMBERS = ("points", "max")
_UNIT_NUMBERS = ("self_total", "self_max", "self_percent", "base", "bonus", "deductions", "total", "max", "percent")


def criteria_frame(results: Ranking | Iterable[Result], decimals: Decimals = "decimal") -> pd.DataFrame:
    """One row per unit × criterion × stage the unit has (no ``appraisal`` row where none was given).

    ``final`` is the stage that counts (see the ruleset's ``final_stage``); ``note`` is the unit's
    note on its ``self`` rows and the appraiser's on its ``appraisal`` rows.  A criterion that does
    not apply to the unit's type has no rows.
    """
    rows = [_criterion_row(r, c, stage) for r in _results(results) for c in r.criteria if c.applies
            for stage in STAGES if _stage(c, stage) is not None]
    return _frame(rows, CRITERIA_COLUMNS, _CRITERIA_NUMBERS, decimals)


def units_frame(ranking: Ranking, decimals: Decimals = "decimal") -> pd.DataFrame:
    """One row per ranked unit, in the published order: self and final totals, the class after
    gates and quotas (``band``), the reasons of gates that held, the quota's note, and the ranks
    (``rank`` within the unit's block, ``overall_rank`` among all units)."""
    rows = []
    for unit in ranking.overall:
        r, own, final = unit.result, unit.result.self_totals, unit.result.final
        rows.append([r.unit_code, r.unit_name, r.unit_type_name, r.block_name, r.year, r.source, r.appraised,
                     own.total, own.applicable_max, own.percent, final.base, final.bonus, final.deductions,
                     final.total, final.applicable_max, final.percent, unit.band_id, unit.band_label,
                     unit.classified, "; ".join(final.gate_reasons),
                     unit.demotion.reason if unit.demotion else "", unit.rank, unit.overall_rank])
    frame = _frame(rows, UNIT_COLUMNS, _UNIT_NUMBERS, decimals)
    for column in ("rank", "overall_rank"):
        frame[column] = frame[column].astype("Int64")
    return frame


def rank_frames(ruleset: str | Path, inputs: Sequence[str | Path], decimals: Decimals = "decimal",
                jobs: int | None = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units, criteria) frames of the files and folders ``inputs`` scored and ranked under the
    ruleset file ``ruleset``, as ``dvk rank`` does; rejected files are left out (see ``dvk rank``)."""
    from scoring.engine.ranking import rank
    from scoring.intake.batch import run_batch
    from scoring.rules.load import load_ruleset

    loaded = load_ruleset(ruleset)
    ranking = rank(loaded, list(run_batch(loaded, [Path(p) for p in inputs], jobs=jobs).accepted))
    return units_frame(ranking, decimals), criteria_frame(ranking, decimals)


OFFICE_COLUMNS = ("office", "round", "number", "unit_code", "unit_name", "points", "percent", "band", "rank",
                  "overall_rank")


def offices_frame(rounds: Iterable[Any], decimals: Decimals = "decimal") -> pd.DataFrame:
    """One row per unit of each office's round (:class:`scoring.jobs.offices.OfficeRound`, as
    :func:`scoring.workspace.handoff.imported_rounds` gives them), in each office's published
    order: the office, round code, publication number, final points and percent, class after
    gates and quotas, rank in the unit's block and overall rank within its office's round.  Ranks
    across offices are :func:`scoring.jobs.offices.cross_ranking`'s (only under one ruleset)."""
    rows = []
    for source in rounds:
        units = sorted(source.results.units.values(),
                       key=lambda u: (u.overall_rank is None, u.overall_rank or 0, u.code))
        rows += [[source.office, source.round_code, source.number, u.code, u.name, u.total, u.percent,
                  u.band_label, u.rank, u.overall_rank] for u in units]
    frame = _frame(rows, OFFICE_COLUMNS, ("points", "percent"), decimals)
    for column in ("number", "rank", "overall_rank"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _results(results: Ranking | Iterable[Result]) -> list[Result]:
    if isinstance(results, Ranking):
        return [unit.result for unit in results.overall]
    return list(results)


def _stage(c: CriterionResult, stage: str):
    return c.final if stage == "final" else getattr(c, stage)


def _criterion_row(r: Result, c: CriterionResult, stage: str) -> list[Any]:
    scored = _stage(c, stage)
    note = c.appraisal_note if stage == "appraisal" else c.note if stage == "self" else None
    return [r.unit_code, r.unit_name, r.unit_type_name, r.block_name, c.id, c.name, c.parent, stage,
            scored.points, c.max, scored.applicable, scored.explanation, c.evidence, note]


def _frame(rows: list[list[Any]], columns: tuple[str, ...], numbers: tuple[str, ...], decimals: Decimals) -> pd.DataFrame:
    import pandas as pd

    if decimals not in ("decimal", "float", "str"):
        raise ValueError(f"decimals must be 'decimal', 'float' or 'str', not {decimals!r}")
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
    for column in numbers:
        frame[column] = _converted(frame[column], decimals)
    for column in columns:
        if column not in numbers and frame[column].map(lambda v: isinstance(v, bool)).all() and len(frame):
            frame[column] = frame[column].astype(bool)
    return frame


def _converted(series: pd.Series, decimals: Decimals) -> pd.Series:
    if decimals == "float":
        return series.map(lambda v: float("nan") if v is None else float(v)).astype("float64")
    if decimals == "str":
        return series.map(lambda v: None if v is None else f"{Decimal(v):f}").astype(object)
    return series.map(lambda v: None if v is None else Decimal(v)).astype(object)
