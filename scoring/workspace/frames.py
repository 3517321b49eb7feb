"""A workspace's rounds as pandas DataFrames, for analysts: the final results of a round, and of
several rounds in one frame with a ``round`` column.

The rows are :func:`scoring.jobs.dataframes.units_frame`'s (one per unit: self and final totals,
maximum, percent, class after gates and quotas, ranks in the block and overall) of the round's
results as :func:`scoring.workspace.results.round_ranking` ranks them — the one scoring every
surface and the publication call — with the round's code, name, period and current publication
number in front.  Only a round whose results are final is taken (``final`` or ``published``): an
open round's, one being appraised or corrected are not results yet (``frames-round-not-final``).
``decimals`` as :mod:`scoring.jobs.dataframes` says.  pandas is imported only when these are called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.store import Workspace

if TYPE_CHECKING:
    import pandas as pd

#: The states in which a round's results are final.
FINAL_STATES = ("final", "published")
ROUND_COLUMNS = ("round", "round_name", "period", "publication")


def round_frame(ws: Workspace, round_code: str | None = None, decimals: str = "decimal") -> pd.DataFrame:
    """One row per ranked unit of the round ``round_code`` (None: the workspace's current round),
    in the published order, with the columns of :data:`ROUND_COLUMNS` in front."""
    from scoring.workspace.rounds import find_round

    return _frame(_final(find_round(round_code)), decimals)


def rounds_frame(ws: Workspace, year: int | None = None, round_codes: Iterable[str] | None = None,
                 decimals: str = "decimal") -> pd.DataFrame:
    """The frames of several rounds one under the other: the named ``round_codes`` (each must be
    final), or every round of ``year`` whose results are final (all years when None), oldest
    first; the rounds of ``year`` left out, not final, are named in ``frame.attrs["left_out"]``."""
    import pandas as pd

    from scoring.workspace.models import Round
    from scoring.workspace.rounds import find_round

    left_out: list[str] = []
    if round_codes is not None:
        rounds = [_final(find_round(code)) for code in round_codes]
    else:
        found = Round.objects.order_by("year", "created_at", "id")
        found = found.filter(year=year) if year is not None else found
        rounds = [r for r in found if r.state in FINAL_STATES]
        left_out = [r.code for r in found if r.state not in FINAL_STATES]
    frames = [_frame(r, decimals) for r in rounds]
    frame = pd.concat(frames, ignore_index=True) if frames else _frame(None, decimals)
    frame.attrs["left_out"] = left_out
    return frame


def _final(round_) -> Any:
    if round_.state not in FINAL_STATES:
        raise DvkError([make("frames-round-not-final", Location(), round=round_.code,
                             state=dict(round_.STATES)[round_.state])])
    return round_


def _frame(round_, decimals: str) -> pd.DataFrame:
    """The round's units frame with the round's columns in front (None: an empty frame of those columns)."""
    import pandas as pd

    from scoring.jobs.dataframes import UNIT_COLUMNS, units_frame
    from scoring.workspace.results import round_ranking

    if round_ is None:
        return pd.DataFrame(columns=[*ROUND_COLUMNS, *UNIT_COLUMNS])
    frame = units_frame(round_ranking(round_)[2], decimals)
    number = round_.current_publication.number if round_.current_publication_id else None
    for i, (column, value) in enumerate(zip(ROUND_COLUMNS, (round_.code, round_.name, round_.period, number))):
        frame.insert(i, column, [value] * len(frame))
    frame["publication"] = frame["publication"].astype("Int64")
    return frame
