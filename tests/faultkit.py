"""Fault injection for the round workspace's collection: run something between listing a folder
and storing its files (a file replaced or deleted meanwhile), and check what ``tep/`` holds.

    from faultkit import between_listing_and_storing, same_size_and_time, stored_problems
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable


def between_listing_and_storing(monkeypatch, action: Callable[[], None]) -> None:
    """Run ``action`` once in the next collection, after its files are listed and hashed and
    before they are read, scored and stored."""
    import scoring.workspace.collect as collect_module

    original = collect_module._evaluate
    done: list[bool] = []

    def evaluate(*args, **kwargs):
        if not done:
            done.append(True)
            action()
        return original(*args, **kwargs)

    monkeypatch.setattr(collect_module, "_evaluate", evaluate)


def same_size_and_time(path: Path, data: bytes) -> None:
    """Replace ``path``'s bytes by ``data`` (same length) and put its old modification time back:
    a change no ``stat`` can see."""
    st = path.stat()
    assert len(data) == st.st_size
    path.write_bytes(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def stored_problems(ws) -> list[str]:
    """What is wrong with ``tep/``: a recorded file missing or differing from its SHA-256, a file
    no record names (an orphan), a temporary copy left behind.  Empty: all is well."""
    from scoring.workspace.models import StoredFile

    problems = []
    recorded = {}
    for sha, path in StoredFile.objects.values_list("sha256", "path"):
        blob = Path(ws.root) / path
        recorded[blob] = sha
        if not blob.is_file():
            problems.append(f"missing {path}")
        elif hashlib.sha256(blob.read_bytes()).hexdigest() != sha:
            problems.append(f"differs from its hash: {path}")
    if ws.files_dir.is_dir():
        for blob in sorted(ws.files_dir.rglob("*")):
            if blob.is_file() and blob not in recorded:
                problems.append(f"{'temporary' if blob.name.endswith('.tmp') else 'orphan'} {blob}")
    return problems


#: ``python -c`` program that runs ``python -m scoring ARGS`` and SIGKILLs itself just before its
#: ``DVK_KILL_AT_WRITE``-th database write (INSERT, UPDATE or DELETE; 0: never), inside whatever
#: transaction is open; as it ends it writes how many writes it made to ``DVK_WRITES_FILE`` if set.
_KILL_AT_WRITE = """
import os, signal, sys
from django.db.backends.signals import connection_created
at, made = int(os.environ.get("DVK_KILL_AT_WRITE", "0")), [0]
def wrapper(execute, sql, params, many, context):
    if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
        made[0] += 1
        if made[0] == at:
            os.kill(os.getpid(), signal.SIGKILL)
    return execute(sql, params, many, context)
connection_created.connect(lambda sender, connection, **kw: connection.execute_wrappers.append(wrapper), weak=False)
sys.argv = ["dvk", *sys.argv[1:]]
from scoring.cli.app import main
code = main()
if os.environ.get("DVK_WRITES_FILE"):
    with open(os.environ["DVK_WRITES_FILE"], "w") as out:
        out.write(str(made[0]))
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
"""


def killed_at_write(args: list[str], env: dict[str, str], cwd: Path, nth: int) -> tuple[int, int]:
    """Run ``python -m scoring *args`` killed just before its ``nth`` database write (0: never):
    (its exit status, negative for a signal; how many writes it made before it ended)."""
    import subprocess
    import sys
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".n") as count:
        done = subprocess.run([sys.executable, "-c", _KILL_AT_WRITE, *args], cwd=cwd, capture_output=True,
                              env={**env, "DVK_KILL_AT_WRITE": str(nth), "DVK_WRITES_FILE": count.name}, timeout=60,
                              check=False)
        return done.returncode, int(count.read() or 0) if done.returncode >= 0 else nth - 1
