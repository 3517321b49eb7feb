"""``dvk serve`` with every request profiled by cProfile in the thread that serves it (for
``bench_portal.py --profile``).

    python bench/profiled_serve.py OUT serve --workspace WS --port 0

The server is the real one (``python -m scoring serve``); only its WSGI application is wrapped.
Each request's profile is added to one table; on SIGUSR1 the table is written to ``OUT-1.prof``
(pstats), then ``OUT-2.prof``…, and each request's seconds inside the application to
``OUT-1.json``…, and the table starts afresh; when the server stops (SIGTERM), to ``OUT-last.*``.  Python 3.11's cProfile profiles the calling thread only, so concurrent requests
have a profiler each; on a Python whose profiler is process-wide (3.12 and later) a request that
starts while another is profiled is served unprofiled and counted.  cProfile's times are wall
times: under load they include the waits for the GIL, the database and the round's lock.
"""

from __future__ import annotations

import cProfile
import itertools
import json
import pstats
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Profiled:
    """A WSGI application whose calls are profiled and timed."""

    def __init__(self, app):
        self.app, self.lock = app, threading.Lock()
        self.stats: pstats.Stats | None = None
        self.requests: list[tuple[str, str, float]] = []
        self.unprofiled = 0

    def __call__(self, environ, start_response):
        profile, start = cProfile.Profile(), time.perf_counter()
        try:
            profile.enable()
        except ValueError:  # another profiler is active (a process-wide one): serve unprofiled
            profile = None
        try:
            return self.app(environ, start_response)
        finally:
            if profile is not None:
                profile.disable()
            took = time.perf_counter() - start
            with self.lock:
                self.requests.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], took))
                if profile is None:
                    self.unprofiled += 1
                elif self.stats is None:
                    self.stats = pstats.Stats(profile)
                else:
                    self.stats.add(profile)

    def write(self, out: Path, part: str) -> None:
        """Write the table and the requests so far as ``OUT-part.prof`` and ``OUT-part.json``, and
        start afresh (the JSON last: a reader waits for it)."""
        with self.lock:
            stats, requests, unprofiled = self.stats, self.requests, self.unprofiled
            self.stats, self.requests, self.unprofiled = None, [], 0
        if stats is not None:
            stats.dump_stats(f"{out}-{part}.prof")
        done = {"requests": requests, "unprofiled": unprofiled, "profiled": stats is not None}
        Path(f"{out}-{part}.json.tmp").write_text(json.dumps(done))
        Path(f"{out}-{part}.json.tmp").replace(f"{out}-{part}.json")


def main() -> None:
    out, sys.argv = Path(sys.argv[1]), [sys.argv[0], *sys.argv[2:]]
    import django.core.wsgi

    real, wrapped = django.core.wsgi.get_wsgi_application, []

    def application():
        wrapped.append(Profiled(real()))
        return wrapped[0]

    django.core.wsgi.get_wsgi_application = application  # scoring.portal.serve imports it when it serves

    def stop(*_):
        raise KeyboardInterrupt  # dvk serve stops on it and closes the server

    signal.signal(signal.SIGTERM, stop)
    parts = itertools.count(1)
    signal.signal(signal.SIGUSR1, lambda *_: wrapped and wrapped[0].write(out, next(parts)))
    # not run(): it leaves by os._exit, before the table is written
    from scoring.cli.app import main as dvk

    try:
        code = dvk()
    finally:
        if wrapped:
            wrapped[0].write(out, "last")
    raise SystemExit(code)


if __name__ == "__main__":
    main()
