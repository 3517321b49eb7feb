"""What every command on a workspace shares: its ``--workspace``/``--database`` options, the guard
that says a write the disk refused in Vietnamese, and the help of a group called alone.

Kept apart from :mod:`scoring.cli.round` so the other workspace command modules (``dvk mo-hinh
so``, ``dvk thi-dua``…) take them without importing ``dvk round``'s registrations.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def workspace_options() -> argparse.ArgumentParser:
    """The parent parser of every workspace command: ``--workspace`` and ``--database``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", "-w", default=".", metavar="THƯ_MỤC",
                        help="thư mục không gian làm việc (mặc định: thư mục hiện tại)")
    common.add_argument("--database", default=None, metavar="URL",
                        help="PostgreSQL dùng chung: postgresql://người_dùng:mật_khẩu@máy/tên_csdl")
    return common


def guarded(command):
    """``command``, with a write into the workspace that the disk refused (full, read-only: the
    database or a received file) said as ``output-unwritable`` (:func:`~scoring.workspace.store.write_fault`)."""
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except Exception as exc:
            if "scoring.workspace.store" not in sys.modules:
                raise
            from scoring.workspace.store import write_fault

            refused = write_fault(exc, Path(args.workspace))
            if refused is None:
                raise
            raise refused from None
    return run


def usage(parser: argparse.ArgumentParser) -> int:
    """A command group called without its command: its help, and the usage error's exit code."""
    parser.print_help()
    return 2
