"""A process pool in which a worker that dies costs only the file it was working on.

A worker can die without a Python exception: a parser aborting (Rust ``abort``), the kernel's
out-of-memory killer.  :class:`concurrent.futures.ProcessPoolExecutor` then breaks and every
unfinished task fails with it.  :func:`map_surviving` keeps what finished, finds the files the
workers were on when the pool broke (each worker writes the index of its current file into
shared memory before touching it), runs each of those suspects alone in a fresh process, and
sends the rest back to a new pool.  A suspect that kills its own process again is reported with
``on_death``; the innocent ones are simply evaluated.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Sequence

#: ``work(paths, mark)`` evaluates ``paths`` in order, calling ``mark(k)`` before touching the
#: k-th; it runs in a worker and must be a module-level function (sent by reference).
Work = Callable[[list[str], Callable[[int], None]], list[Any]]

_STATE: dict[str, Any] = {}


def _context() -> Any:
    # fork: workers inherit the imported modules and the caller's data instead of re-importing
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def _init(current: Any, counter: Any, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    with counter.get_lock():
        slot = counter.value
        counter.value += 1
    _STATE.update(current=current, slot=slot)
    initializer(*initargs)


def _run_chunk(work: Work, indices: list[int], paths: list[str]) -> list[Any]:
    current, slot = _STATE["current"], _STATE["slot"]

    def mark(k: int) -> None:
        current[slot % len(current)] = indices[k]

    try:
        return work(paths, mark)
    finally:
        current[slot % len(current)] = -1


def map_surviving(paths: Sequence[str], jobs: int, chunk: int, work: Work,
                  initializer: Callable[..., None], initargs: tuple[Any, ...],
                  on_death: Callable[[str], Any], done: Callable[[int], None] | None = None) -> list[Any]:
    """``work`` over ``paths`` in ``jobs`` processes, ``chunk`` paths per task; results in order.

    ``on_death(path)`` gives the result of a file whose process died twice; ``done(n)`` is told
    how many more files are finished (for a progress bar).
    """
    results: dict[int, Any] = {}
    pending = list(range(len(paths)))
    while pending:
        suspects = _pool_pass(paths, pending, jobs, chunk, work, initializer, initargs, results, done)
        for index in suspects:
            results[index] = _alone(paths[index], work, initializer, initargs, on_death)
            if done:
                done(1)
        pending = [i for i in pending if i not in results]
    return [results[i] for i in range(len(paths))]


def _pool_pass(paths: Sequence[str], pending: list[int], jobs: int, chunk: int, work: Work,
               initializer: Callable[..., None], initargs: tuple[Any, ...], results: dict[int, Any],
               done: Callable[[int], None] | None) -> list[int]:
    """Run ``pending`` through one pool; return the suspects if it broke (else ``[]``)."""
    context = _context()
    current = context.Array("q", [-1] * jobs, lock=False)
    counter = context.Value("i", 0)
    chunks = [pending[i:i + chunk] for i in range(0, len(pending), chunk)]
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init,
                             initargs=(current, counter, initializer, initargs)) as pool:
        futures: dict[Future[list[Any]], list[int]] = {
            pool.submit(_run_chunk, work, indices, [paths[i] for i in indices]): indices for indices in chunks}
        waiting = set(futures)
        broken = False
        while waiting:
            finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
            for future in finished:
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    broken = True
                    continue
                results.update(zip(futures[future], outcomes))
                if done:
                    done(len(outcomes))
        if not broken:
            return []
        suspects = sorted({i for i in current if i >= 0 and i not in results})
        if not suspects:  # died before marking anything: take the first unfinished task's files
            suspects = next(indices for indices in chunks if indices[0] not in results)
        return suspects


def _alone(path: str, work: Work, initializer: Callable[..., None], initargs: tuple[Any, ...],
           on_death: Callable[[str], Any]) -> Any:
    """``work([path])`` in a process of its own; ``on_death(path)`` if that process dies too."""
    context = _context()
    current = context.Array("q", [-1], lock=False)
    counter = context.Value("i", 0)
    with ProcessPoolExecutor(1, mp_context=context, initializer=_init,
                             initargs=(current, counter, initializer, initargs)) as pool:
        try:
            return pool.submit(_run_chunk, work, [0], [path]).result()[0]
        except BrokenProcessPool:
            return on_death(path)
