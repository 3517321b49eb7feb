"""Plain-text tables for the terminal: fixed column widths, long cells wrapped."""

from __future__ import annotations

import textwrap
from typing import Sequence


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """Render ``rows`` under ``headers``; a column never grows past its width, text wraps."""
    widths = [max(w, len(h)) for w, h in zip(widths, headers)]
    lines = [_line(headers, widths), "  ".join("-" * w for w in widths)]
    for row in rows:
        wrapped = [textwrap.wrap(str(cell), w) or [""] for cell, w in zip(row, widths)]
        for i in range(max(len(cell) for cell in wrapped)):
            lines.append(_line([cell[i] if i < len(cell) else "" for cell in wrapped], widths))
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths)).rstrip()
