"""``dvk round tai-lieu``: the year's fixed-date documents of a round (declare them, record one
received); where each unit stands is in ``dvk round status``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXIT_OK = 0


def add_documents(cmds: argparse._SubParsersAction, pick: argparse.ArgumentParser,
                  guarded: Callable, usage: Callable) -> None:
    """Register ``round tai-lieu khai-bao`` and ``round tai-lieu nhan`` (each run ``guarded``)."""
    docs = cmds.add_parser("tai-lieu", help="văn bản đơn vị nộp theo hạn trong năm (kế hoạch, báo cáo 6 tháng, "
                           "báo cáo năm, đăng ký mô hình): khai báo, ghi nhận đã nhận")
    sub = docs.add_subparsers(dest="documents_command", metavar="LỆNH")
    docs.set_defaults(run=lambda args: usage(docs))
    p = sub.add_parser("khai-bao", parents=[pick], help="khai báo các văn bản, hạn nộp, loại đơn vị phải nộp và "
                       "tiêu chí nhận số văn bản nộp muộn, chưa nộp (tệp .json)")
    p.add_argument("file", metavar="TỆP.json")
    p.set_defaults(run=guarded(cmd_declare))
    p = sub.add_parser("nhan", parents=[pick], help="ghi nhận văn phòng đã nhận văn bản của một đơn vị (ghi nhật ký)")
    p.add_argument("unit", metavar="MÃ_ĐƠN_VỊ")
    p.add_argument("document", metavar="MÃ_VĂN_BẢN")
    p.add_argument("--ngay", default=None, metavar="NGÀY",
                   help="ngày nhận, ví dụ 10/5/2026 hoặc '10/5/2026 09:30' (ngày không kèm giờ là cuối ngày đó, "
                        "như hạn nộp; mặc định: bây giờ)")
    p.add_argument("--ghi-chu", default="", metavar="GHI_CHÚ", help="số, ngày văn bản hoặc ghi chú khác")
    p.set_defaults(run=guarded(cmd_receive))


def _open(args: argparse.Namespace):
    from scoring.workspace.store import open_workspace

    return open_workspace(Path(args.workspace), args.database)


def cmd_declare(args: argparse.Namespace) -> int:
    from scoring.workspace.duedocs import declare_documents
    from scoring.workspace.rounds import find_round, shown_deadline

    documents = declare_documents(_open(args), args.round, Path(args.file))
    rule = find_round(args.round).documents_rule
    print(f"Đã khai báo {len(documents)} văn bản nộp theo hạn:")
    for d in documents:
        whom = ", ".join(d.unit_types) if d.unit_types else "mọi đơn vị"
        print(f"  {d.code}: {d.name}, hạn {shown_deadline(d.due)} ({whom})")
    if rule:
        print(f"Số văn bản nộp muộn, chưa nộp được tính vào tiêu chí {rule['id']} thay cho số đơn vị tự ghi.")
    return EXIT_OK


def cmd_receive(args: argparse.Namespace) -> int:
    from scoring.workspace.duedocs import record_receipt
    from scoring.workspace.duestate import document_state
    from scoring.workspace.rounds import shown_time

    receipt = record_receipt(_open(args), args.round, args.unit, args.document, args.ngay, args.ghi_chu)
    state = document_state(receipt.entry, receipt.document.code)
    print(f"Đã ghi nhận {receipt.entry.unit.code} ({receipt.entry.name}) nộp {receipt.document.name} "
          f"lúc {shown_time(receipt.received_at)}; tình trạng của văn bản: {state.label.lower()}.")
    return EXIT_OK
