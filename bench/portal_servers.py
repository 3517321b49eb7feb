"""The servers of a portal benchmark: ``dvk serve`` processes on loopback, a throwaway PostgreSQL
cluster, and the CPU seconds each has used (Linux ``/proc``)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of process ``pid`` (all its threads); with ``children``, also of
    the children it has waited for (PostgreSQL's ended connections).  0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    used = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return used / TICKS


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of ``root``, its live children and the children it has reaped (one level: a
    PostgreSQL postmaster and its backends)."""
    total = cpu_seconds(root, children=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == root:
                total += cpu_seconds(int(entry.name))
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def postgres_cluster() -> Iterator[tuple[str, int]]:
    """A throwaway PostgreSQL cluster listening on 127.0.0.1 with PostgreSQL's durable defaults
    (the tests' ``throwaway_cluster``, which installs Debian's postgresql if missing): its URL and
    the pid of its postmaster (for its CPU seconds)."""
    import psycopg

    sys.path.insert(0, str(ROOT / "tests"))
    from wsfixtures import throwaway_cluster

    with throwaway_cluster(port=free_port(), durable=True) as url:
        with psycopg.connect(url) as conn:
            backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
        yield url, postmaster


class Server:
    """One ``dvk serve`` process over a workspace on a free loopback port, optionally profiled
    (``bench/profiled_serve.py``: its tables are written at ``profile``-N.prof); ``code``: the dvk
    tree whose server runs (this one unless another is compared)."""

    def __init__(self, ws_dir: Path, profile: Path | None = None, code: Path = ROOT):
        prefix = [str(ROOT / "bench" / "profiled_serve.py"), str(profile)] if profile else ["-m", "scoring"]
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(code))
        env.pop("DVK_DATABASE_URL", None)  # the workspace's own dvk-workspace.json says
        self.profile, self.parts = profile, 0
        self.proc = subprocess.Popen([sys.executable, *prefix, "serve", "--workspace", str(ws_dir),
                                      "--host", "127.0.0.1", "--port", "0"], cwd=code, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seen = []
        for line in self.proc.stdout:
            seen.append(line)
            found = re.search(r"http://[^/\s]+:(\d+)", line)
            if found:
                threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
                self.port = found.group(1)
                return
        raise SystemExit("dvk serve did not start:\n" + "".join(seen))

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)

    def peak_mib(self) -> float:
        """The process's peak resident memory so far (VmHWM), in MiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def cut_profile(self) -> Path | None:
        """Have the profiled server write what it profiled so far (and start afresh); its path."""
        if not self.profile:
            return None
        self.parts += 1
        done = Path(f"{self.profile}-{self.parts}.json")
        self.proc.send_signal(signal.SIGUSR1)
        for _ in range(600):
            if done.exists():
                return Path(f"{self.profile}-{self.parts}")
            time.sleep(0.05)
        raise SystemExit(f"the profiled server wrote no {done}")

    def stop(self) -> Path | None:
        """Stop the server; the path of its last profile part, if profiled."""
        self.proc.terminate()
        self.proc.wait(timeout=120)
        return Path(f"{self.profile}-last") if self.profile else None
