"""Fault injection for file writes: the Nth write or rename under a folder fails with an errno.

``Faults(folder)`` patches the calls through which dvk (and openpyxl, zipfile, shutil, tempfile,
sqlite's copy aside) creates or renames anything: ``open``/``io.open`` for writing, ``os.open``
with ``O_CREAT``, ``os.mkdir``, ``os.link`` (writes) and ``os.rename``/``os.replace`` (renames).
Only paths inside ``folder`` count, so Django's and pytest's own files are left alone.  With
``fail=None`` it only counts: a clean run says how many writes and renames a command makes, and
each of them can then be made to fail in turn.

    from faultinject import Faults
"""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path


class Faults:
    """Count (and fail the ``nth`` of) the writes or renames made inside ``folder``."""

    def __init__(self, monkeypatch, folder: Path, kind: str = "write", nth: int | None = None,
                 code: int | None = None):
        self.folder = os.path.abspath(folder)
        self.kind, self.nth, self.code = kind, nth, code
        self.counts = {"write": 0, "rename": 0}
        self.failed: str | None = None
        real_open, real_os_open = builtins.open, os.open
        real = {name: getattr(os, name) for name in ("mkdir", "link", "rename", "replace")}

        def opener(file, mode="r", *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+"):
                self._step("write", file)
            return real_open(file, mode, *args, **kwargs)

        def os_open(path, flags, *args, **kwargs):
            if flags & os.O_CREAT:
                self._step("write", path)
            return real_os_open(path, flags, *args, **kwargs)

        def wrap(name: str, kind: str):
            def call(src, *args, **kwargs):
                if not (name == "mkdir" and os.path.lexists(src)):  # (that fails with EEXIST first)
                    self._step(kind, src)
                return real[name](src, *args, **kwargs)
            return call

        monkeypatch.setattr(builtins, "open", opener)
        monkeypatch.setattr(io, "open", opener)
        monkeypatch.setattr(os, "open", os_open)
        monkeypatch.setattr(os, "mkdir", wrap("mkdir", "write"))
        monkeypatch.setattr(os, "link", wrap("link", "write"))
        monkeypatch.setattr(os, "rename", wrap("rename", "rename"))
        monkeypatch.setattr(os, "replace", wrap("replace", "rename"))

    def _step(self, kind: str, path) -> None:
        name = os.path.abspath(os.fsdecode(path))
        if not name.startswith(self.folder + os.sep) and name != self.folder:
            return
        self.counts[kind] += 1
        again = name == self.failed  # a disk that refused a file refuses it again (zipfile retries "w+b")
        if again or kind == self.kind and self.counts[kind] == self.nth and self.code is not None:
            self.failed = name
            raise OSError(self.code, os.strerror(self.code), name)
