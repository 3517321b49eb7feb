"""``dvk co-quan``: the offices of a shared workspace (declare, list, move under another office,
put a round under an office) — :mod:`scoring.workspace.offices` on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK = 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, guarded, usage) -> None:
    """Register ``co-quan them``, ``ds``, ``cap-tren`` and ``dot`` (each run ``guarded``)."""
    top = sub.add_parser("co-quan", help="các cơ quan dùng chung một không gian làm việc: cơ quan cấp trên thấy "
                         "các đợt của cơ quan cấp dưới (chỉ xem)")
    cmds = top.add_subparsers(dest="office_command", metavar="LỆNH")
    top.set_defaults(run=lambda args: usage(top))
    p = cmds.add_parser("them", parents=[common], help="khai báo một cơ quan (và cơ quan cấp trên của nó)")
    p.add_argument("code", metavar="MÃ", help="mã cơ quan, ví dụ HUYEN-A")
    p.add_argument("--ten", required=True, metavar="TÊN", help='tên cơ quan, ví dụ "Phòng Nội vụ huyện A"')
    p.add_argument("--cap-tren", dest="parent", default=None, metavar="MÃ",
                   help="mã cơ quan cấp trên (mặc định: trực thuộc cơ quan của không gian làm việc)")
    p.set_defaults(run=guarded(cmd_add))
    p = cmds.add_parser("ds", parents=[common], help="danh sách các cơ quan theo cấp, số đợt của mỗi cơ quan")
    p.set_defaults(run=guarded(cmd_list))
    p = cmds.add_parser("cap-tren", parents=[common], help="đổi cơ quan cấp trên của một cơ quan")
    p.add_argument("code", metavar="MÃ", help="mã cơ quan")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--cap-tren", dest="parent", default=None, metavar="MÃ", help="mã cơ quan cấp trên mới")
    where.add_argument("--truc-thuoc-goc", dest="root", action="store_true",
                       help="trực thuộc cơ quan của không gian làm việc (không có cấp trên khai báo)")
    p.set_defaults(run=guarded(cmd_move))
    p = cmds.add_parser("dot", parents=[common], help="đặt một đợt đã có vào cơ quan (đợt mới: dvk round new "
                        "--co-quan MÃ)")
    p.add_argument("round", metavar="MÃ_ĐỢT")
    p.add_argument("--co-quan", dest="office", required=True, metavar="MÃ", help="mã cơ quan của đợt")
    p.set_defaults(run=guarded(cmd_round))


def _open(args: argparse.Namespace, create: bool = False):
    from scoring.workspace.store import open_workspace

    return open_workspace(Path(args.workspace), args.database, create=create)


def _said(office) -> str:
    return f"{office.code} ({office.name})"


def cmd_add(args: argparse.Namespace) -> int:
    from scoring.workspace.offices import add_office

    _open(args, create=True)  # declaring the offices is how a shared workspace may begin
    office = add_office(args.code, args.ten, args.parent)
    above = (f", cấp trên: {_said(office.parent)}" if office.parent_id
             else ", trực thuộc cơ quan của không gian làm việc")
    print(f"Đã khai báo cơ quan {_said(office)}{above}.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from scoring.workspace.offices import office_tree

    _open(args)
    tree = office_tree()
    if not tree:
        print("Chưa khai báo cơ quan nào: mọi đợt và tài khoản thuộc cơ quan của không gian làm việc.")
        return EXIT_OK
    print("Các cơ quan (thụt lề: cấp dưới của cơ quan ở dòng trên):")
    for office, depth in tree:
        print(f"{'  ' * depth}{_said(office)}: {office.rounds.count()} đợt, {office.accounts.count()} tài khoản")
    return EXIT_OK


def cmd_move(args: argparse.Namespace) -> int:
    from scoring.workspace.offices import move_office

    _open(args)
    office = move_office(args.code, None if args.root else args.parent)
    above = _said(office.parent) if office.parent_id else "cơ quan của không gian làm việc"
    print(f"Cơ quan {_said(office)} nay trực thuộc {above}.")
    return EXIT_OK


def cmd_round(args: argparse.Namespace) -> int:
    from scoring.workspace.offices import assign_round

    _open(args)
    round_ = assign_round(args.round, args.office)
    print(f"Đợt {round_.code} nay thuộc cơ quan {_said(round_.office)}.")
    return EXIT_OK
