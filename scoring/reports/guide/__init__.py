""""Hướng dẫn sử dụng": the user guide, one part per role, written once and shown three ways.

The source is ``*.md`` beside this module (one file per part, :data:`PARTS`), in a small
Markdown whose steps are machine-readable (:mod:`.source`): the portal shows it as help pages,
``dvk guide`` prints it as a Decree 30 document (:mod:`.printed`), and ``tests/test_guide.py``
performs every click and runs every command it names, so the guide fails the tests the day a
step stops being true.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PartInfo:
    """A part of the guide: its address (``slug``), its file and the role it is written for."""

    slug: str
    title: str
    role: str  # the portal's role of its readers ("" for those who work outside the portal)


#: The parts in the order a round needs them (the printed guide's order).
PARTS = (
    PartInfo("don-vi", "Đơn vị", "unit"),
    PartInfo("tham-dinh", "Thẩm định", "appraiser"),
    PartInfo("van-phong", "Văn phòng", "office"),
    PartInfo("lanh-dao", "Lãnh đạo", "leader"),
    PartInfo("soan-bo-tieu-chi", "Soạn bộ tiêu chí", ""),
    PartInfo("quan-tri", "Quản trị", ""),
)


@lru_cache(maxsize=None)
def load_guide() -> tuple:
    """Every part, parsed (:class:`.source.Part`), in :data:`PARTS` order."""
    from scoring.reports.guide.source import parse_part

    return tuple(parse_part(info, (HERE / f"{info.slug}.md").read_text(encoding="utf-8")) for info in PARTS)


def part_by_slug(slug: str):
    """The part at ``slug``, or None."""
    return next((part for part in load_guide() if part.info.slug == slug), None)


def help_for_page(url_name: str) -> tuple[str, str] | None:
    """(part slug, section anchor) of the section that explains the portal page ``url_name``."""
    for part in load_guide():
        for section in part.sections:
            if url_name in section.pages:
                return part.info.slug, section.anchor
    return None
