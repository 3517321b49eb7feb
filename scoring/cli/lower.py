"""``dvk round cap-duoi``: a higher office's round takes a criterion's value from the lower offices'
published results (declare which criterion, which figure, which unit is which office); each
unit's value, or why it has none, is in ``dvk round status``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXIT_OK = 0


def add_lower(cmds: argparse._SubParsersAction, pick: argparse.ArgumentParser,
              guarded: Callable, usage: Callable) -> None:
    """Register ``round cap-duoi khai-bao`` (run ``guarded``)."""
    lower = cmds.add_parser("cap-duoi", help="tiêu chí lấy kết quả công bố của cơ quan cấp dưới (tỷ lệ đơn vị "
                            "xếp loại Tốt trở lên, tỷ lệ nộp, tỷ lệ điểm bình quân, số đơn vị theo xếp loại)")
    sub = lower.add_subparsers(dest="lower_command", metavar="LỆNH")
    lower.set_defaults(run=lambda args: usage(lower))
    p = sub.add_parser("khai-bao", parents=[pick], help="khai báo tiêu chí, số liệu lấy và đơn vị nào là cơ quan "
                       "cấp dưới nào (tệp .json); thay khai báo trước")
    p.add_argument("file", metavar="TỆP.json")
    p.set_defaults(run=guarded(cmd_declare))


def cmd_declare(args: argparse.Namespace) -> int:
    from scoring.workspace.lowerfacts import lower_status, status_lines
    from scoring.workspace.lowerrule import declare_lower
    from scoring.workspace.rounds import find_round
    from scoring.workspace.store import open_workspace

    declare_lower(open_workspace(Path(args.workspace), args.database), args.round, Path(args.file))
    print("Đã khai báo tiêu chí lấy kết quả công bố của cơ quan cấp dưới, thay cho giá trị đơn vị tự ghi.")
    for line in status_lines(lower_status(find_round(args.round))):
        print(line)
    return EXIT_OK
