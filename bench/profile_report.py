"""Where a profiled ``dvk serve`` spent its requests' time (``bench/profiled_serve.py`` tables).

cProfile's cumulative times are wall times in the thread that served the request: under load they
include the waits for the GIL, for the database and for the round's lock, so the shares say where
requests *waited or worked*, and the CPU seconds measured by the benchmark say what they cost.
"""

from __future__ import annotations

import json
import pstats
from pathlib import Path

#: (label, file ending, function, only when called from (file ending, function)); shares of all
#: the requests' seconds, nested labels (indented) are parts of the one above; a row without a
#: label adds to the row before it.
SPANS = (
    ("upload body received and parsed (multipart)", "django/http/request.py", "_load_post_and_files", None),
    ("own-unit check: the workbook read once", "workspace/uploads.py", "_check_own_unit", None),
    ("collect(): the round's upload path", "workspace/collect.py", "collect", None),
    ("  hashing, known contents, lateness", "workspace/filestate.py", "file_hashes", None),
    ("  workbook read again and scored (evaluate_files)", "workspace/collect.py", "_evaluate", None),
    ("    of which reading the workbook (opened ahead, then read)", "workbook/read.py", "open_workbook",
     ("intake/pipeline.py", "__init__")),
    ("", "workbook/read.py", "read_opened", ("intake/pipeline.py", "read_input")),
    ("    of which scoring (engine)", "engine/score.py", "score", ("intake/pipeline.py", "evaluate_read")),
    ("  recording: copy to tep/ and the transaction", "workspace/collect.py", "_record", None),
    ("    SQLite: waiting for the write lock (BEGIN IMMEDIATE)", "sqlite3/base.py",
     "_start_transaction_under_autocommit", None),
    ("    the round's row locked (SELECT … FOR UPDATE; PostgreSQL waits here)", "db/models/query.py", "get",
     ("workspace/collect.py", "_record")),
    ("    storing the file in tep/", "workspace/blobs.py", "store_blobs", None),
    ("    submission rows, roster, audit", "workspace/collect.py", "_store_submissions", None),
    ("    commit", "db/backends/base/base.py", "commit", None),
    ("score page: the submission scored again (uploads.scored)", "workspace/uploads.py", "scored", None),
    ("template rendering (django.shortcuts.render)", "django/shortcuts.py", "render", None),
    ("every SQL statement (cursor execute)", "db/backends/utils.py", "_execute", None),
    ("opening database connections", "db/backends/base/base.py", "connect", None),
    ("session and user read (auth middleware)", "contrib/auth/middleware.py", "get_user", None),
)


def _cumulative(stats: pstats.Stats, ending: str, name: str, caller: tuple[str, str] | None) -> float:
    total = 0.0
    for (filename, _line, func), (_cc, _nc, _tt, ct, callers) in stats.stats.items():
        if func != name or not filename.endswith(ending):
            continue
        if caller is None:
            total += ct
            continue
        for (cfile, _cline, cfunc), timing in callers.items():
            if cfunc == caller[1] and cfile.endswith(caller[0]):
                total += timing[3]
    return total


def report(parts: list[Path], title: str) -> list[str]:
    """Lines: the requests' count and seconds, then each span's seconds and share."""
    requests, stats = [], None
    for part in parts:
        requests += json.loads(Path(f"{part}.json").read_text())["requests"]
        prof = Path(f"{part}.prof")
        if prof.exists():
            if stats is None:
                stats = pstats.Stats(str(prof))
            else:
                stats.add(str(prof))
    if stats is None or not requests:
        return [f"{title}: nothing profiled"]
    total = sum(r[2] for r in requests)
    posts = [r[2] for r in requests if r[0] == "POST"]
    lines = [f"{title}: {len(requests)} requests ({len(posts)} uploads), {total:.2f} s inside the application "
             f"(uploads {sum(posts):.2f} s, {sum(posts) / max(len(posts), 1):.3f} s each)"]
    rows: list[list] = []
    for label, ending, name, caller in SPANS:
        seconds = _cumulative(stats, ending, name, caller)
        if label:
            rows.append([label, seconds])
        else:
            rows[-1][1] += seconds
    lines += [f"  {label:<78} {seconds:8.2f} s {100 * seconds / total:5.1f} %" for label, seconds in rows]
    return lines


def top_functions(parts: list[Path], count: int = 25) -> str:
    """The functions with the most own time (pstats' table), for a closer look."""
    import io

    out = io.StringIO()
    stats = None
    for part in parts:
        prof = Path(f"{part}.prof")
        if prof.exists():
            stats = pstats.Stats(str(prof), stream=out) if stats is None else stats.add(str(prof))
    if stats is not None:
        stats.sort_stats("tottime").print_stats(count)
    return out.getvalue()
