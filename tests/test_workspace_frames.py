"""Analysts' frames of a workspace's rounds (issue 25 item 5): a round's final results, one row per
unit, equal the figures of its publication's ``ket-qua.json``; a year's final rounds in one frame
with a ``round`` column; a round whose results are not final is refused, or left out and named."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from test_period_report import year_of_rounds
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError


@pytest.fixture
def backend():  # noqa: F811 - SQLite, but for the frames against the publication (both databases)
    return "sqlite"


def published_rows(folder) -> list[tuple]:
    """The publication's units as (code, name, block, self total, self %, total, max, %, class, ranks)."""
    data = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))
    rows = []
    for u in data["units"]:
        own, final = u["result"]["self"], u["result"]["final"]
        rows.append((u["unit_code"], u["result"]["unit"]["name"], u["result"]["unit"]["block_name"],
                     *(Decimal(str(v)) for v in (own["total"], own["percent"], final["total"],
                                                 final["applicable_max"], final["percent"])),
                     u["band_label"], u["rank"], u["overall_rank"]))
    return rows


def frame_rows(frame) -> list[tuple]:
    """The frame's units as :func:`published_rows` gives them (a missing rank None)."""
    import pandas as pd

    columns = ["unit_code", "unit_name", "block", "self_total", "self_percent", "total", "max", "percent", "band",
               "rank", "overall_rank"]
    return [tuple(None if v is None or v is pd.NA else (int(v) if c.endswith("rank") else v)
                  for c, v in zip(columns, row)) for row in frame[columns].itertuples(index=False)]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_rounds_frame_is_its_publication_and_a_years_frame_holds_its_final_rounds(ws, tmp_path):
    from scoring.workspace.frames import round_frame, rounds_frame

    folders = year_of_rounds(ws, tmp_path)
    for code, folder in folders.items():
        frame = round_frame(ws, code)
        assert frame_rows(frame) == published_rows(folder)
        assert set(frame["round"]) == {code} and set(frame["publication"]) == {1}
        assert frame["total"].map(type).eq(Decimal).all()  # exact, as scored
    year = rounds_frame(ws, 2025, decimals="float")
    assert list(year.columns[:4]) == ["round", "round_name", "period", "publication"]
    assert year.groupby("round").size().to_dict() == {code: len(published_rows(f)) for code, f in folders.items()}
    assert year.attrs["left_out"] == ["2025-nam"]  # open: not results yet
    assert year["percent"].dtype == "float64"
    named = rounds_frame(ws, round_codes=["2025-qcdc"])
    assert frame_rows(named) == published_rows(folders["2025-qcdc"])
    assert rounds_frame(ws, 2031).empty


def test_a_round_not_final_is_refused_with_its_state(ws, tmp_path):
    from scoring.workspace.frames import round_frame, rounds_frame

    year_of_rounds(ws, tmp_path)
    for call in (lambda: round_frame(ws, "2025-nam"), lambda: rounds_frame(ws, round_codes=["2025-6t", "2025-nam"])):
        with pytest.raises(DvkError) as caught:
            call()
        (finding,) = caught.value.findings
        assert finding.code == "frames-round-not-final" and "2025-nam" in finding.message
        assert "Đang nhận hồ sơ" in finding.message
