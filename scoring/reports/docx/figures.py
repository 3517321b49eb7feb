"""The charts of the round in the report's appendix: the ranking of each block and the classes.

The PNGs are the ones ``dvk rank`` writes beside the report (:mod:`scoring.reports.charts`, where
matplotlib is imported); this module only places them: each on its own landscape page of the
appendix, as wide as fits the page and never taller than it, with a numbered caption.
"""

from __future__ import annotations

import struct
from pathlib import Path

from docx.enum.text import WD_BREAK
from docx.shared import Cm

from scoring.engine.ranking import Ranking
from scoring.reports.docx.layout import CENTER, para

#: The landscape text area (297 × 210 mm less 20 mm margins), less room for the caption.
MAX_WIDTH_CM, MAX_HEIGHT_CM = 22.0, 14.5
RANKING_PREFIX, CLASSES_NAME = "bieu-do-xep-hang-", "bieu-do-xep-loai.png"


def report_charts(ranking: Ranking, images: list[Path]) -> list[tuple[Path, str]]:
    """(PNG, caption) of the charts the report shows, in order: each block's ranking, then the
    classes; other charts (heatmap, self vs appraisal) stay beside the report."""
    by_name = {p.name: p for p in images}
    names = {b.id: b.name for b in ranking.blocks}
    chosen = [(p, f"Điểm và xếp loại các đơn vị — {names.get(p.stem[len(RANKING_PREFIX):], 'tất cả đơn vị')}")
              for p in images if p.name.startswith(RANKING_PREFIX)]
    if CLASSES_NAME in by_name:
        chosen.append((by_name[CLASSES_NAME], "Số đơn vị theo xếp loại, từng khối"))
    return chosen


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG header."""
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def figures(doc, charts: list[tuple[Path, str]]) -> None:
    """Each chart on a new page of the current (landscape) section, captioned "Biểu đồ n."."""
    for number, (path, caption) in enumerate(charts, start=1):
        width, height = png_size(path)
        scale = min(MAX_WIDTH_CM / width, MAX_HEIGHT_CM / height)
        picture = para(doc, align=CENTER, after=4, keep_next=True)
        picture.add_run().add_break(WD_BREAK.PAGE)
        picture.add_run().add_picture(str(path), width=Cm(width * scale), height=Cm(height * scale))
        para(doc, f"Biểu đồ {number}. {caption}", italic=True, align=CENTER, after=6)
