"""``dvk compare OLD NEW --workspace DIR``: year over year between two rounds of a workspace.

Each round is compared through its current publication (its ``ket-qua.json``), so the comparison
shows the numbers that were published; units are matched by code as in ``dvk compare``.
"""

from __future__ import annotations

from pathlib import Path

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.store import Workspace

COMPARISONS_DIR = "so-sanh"


def compare_rounds(ws: Workspace, old_code: str, new_code: str | None, out_dir: Path | None = None):
    """Compare the current publications of two rounds; written to ``so-sanh/OLD--NEW`` by default.

    ``new_code`` None: the workspace's current round (see :func:`~scoring.workspace.rounds.find_round`).
    """
    from scoring.jobs.compare import compare_dirs
    from scoring.workspace.rounds import find_round

    old, new = find_round(old_code), find_round(new_code)
    folders = []
    for round_ in (old, new):
        if round_.current_publication is None:
            raise DvkError([make("compare-round-unpublished", Location(), round=round_.code)])
        folders.append(ws.root / round_.current_publication.folder)
    target = out_dir or ws.root / COMPARISONS_DIR / f"{old.code}--{new.code}"
    return compare_dirs(folders[0], folders[1], target)
