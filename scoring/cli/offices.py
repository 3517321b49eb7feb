"""``dvk cap-tren``: the higher office imports lower offices' publications by file (``nhap``) and
aggregates them (``tong-hop``)."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, guarded, usage) -> None:
    """Register ``cap-tren nhap`` and ``cap-tren tong-hop`` (each run ``guarded``)."""
    top = sub.add_parser("cap-tren", help="cơ quan cấp trên: nhập kết quả công bố của cơ quan cấp dưới gửi "
                         "bằng tệp, tổng hợp và xếp hạng chung")
    cmds = top.add_subparsers(dest="offices_command", metavar="LỆNH")
    top.set_defaults(run=lambda args: usage(top))
    p = cmds.add_parser("nhap", parents=[common], help="nhập một thư mục công bố (hoặc tệp .zip của nó) của cơ quan "
                        "cấp dưới, đối chiếu bản kê mã băm; sai, thiếu hay thừa một tệp thì không nhập gì")
    p.add_argument("source", metavar="THƯ_MỤC", help="thư mục cong-bo/<đợt>/so-NN-… hoặc tệp .zip của nó")
    p.add_argument("--co-quan", "--don-vi", dest="office", required=True, metavar="TÊN_CƠ_QUAN",
                   help='tên cơ quan cấp dưới đã gửi, ví dụ "Phòng Nội vụ huyện A"')
    p.add_argument("--vao", dest="into", default=None, metavar="MÃ_CƠ_QUAN",
                   help="cơ quan cấp trên nhận kết quả trong không gian làm việc dùng chung (dvk co-quan ds; mặc "
                        "định: cơ quan của không gian làm việc)")
    p.set_defaults(run=guarded(cmd_import))
    p = cmds.add_parser("tong-hop", parents=[common], help="tổng hợp theo cơ quan (xếp loại, tỷ lệ điểm bình quân, "
                        "tỷ lệ nộp) và xếp hạng chung khi cùng bộ tiêu chí")
    p.add_argument("--out", default=None, metavar="THƯ_MỤC", help="ghi tong-hop-cap-duoi.xlsx vào thư mục này")
    p.add_argument("--nam", type=int, default=None, metavar="NĂM", help="chỉ các đợt của năm này")
    p.add_argument("--co-quan", dest="offices", action="append", default=None, metavar="TÊN_CƠ_QUAN",
                   help="chỉ cơ quan này (ghi nhiều lần cho nhiều cơ quan)")
    p.add_argument("--cua", dest="higher", default=None, metavar="MÃ_CƠ_QUAN",
                   help="tổng hợp của cơ quan cấp trên này trong không gian làm việc dùng chung (các đợt đã công "
                        "bố của các cơ quan dưới nó, như trang “Cấp dưới” của cổng); mặc định: cơ quan của không "
                        "gian làm việc (mọi cơ quan khai báo và các kết quả đã nhập bằng tệp)")
    p.set_defaults(run=guarded(cmd_aggregate))


def _open(args: argparse.Namespace):
    from scoring.workspace.store import open_workspace

    return open_workspace(Path(args.workspace), args.database)


def cmd_import(args: argparse.Namespace) -> int:
    from scoring.workspace.handoff import import_publication

    record, created = import_publication(_open(args), Path(args.source), args.office, into=args.into)
    what = (f"đợt {record.round_code} ({record.round_name}), công bố số {record.number} ngày "
            f"{record.published_at[:10]}, bộ tiêu chí {record.ruleset_id} {record.ruleset_version}")
    if created:
        print(f"Đã nhập kết quả công bố của {record.office}: {what}; {len(record.files)} tệp đã đối chiếu mã băm "
              "và lưu (chỉ đọc).")
    else:
        print(f"Kết quả công bố này đã được nhập trước đây ({record.office}: {what}); không nhập lại.")
    return EXIT_OK


def cmd_aggregate(args: argparse.Namespace) -> int:
    from scoring.jobs.offices import shown
    from scoring.workspace.handoff import office_aggregate

    result = office_aggregate(_open(args), Path(args.out) if args.out else None, args.nam, args.offices, args.higher)
    print("Tổng hợp theo cơ quan cấp dưới:")
    for s in result.summaries:
        classes = ", ".join(f"{label}: {n}" for label, n in s.classes.items())
        print(f"  {s.source.office} — đợt {s.source.round_code} (công bố số {s.source.number}): "
              f"{s.counted}/{s.roster} đơn vị có kết quả, tỷ lệ nộp {shown(s.submission_rate)}%, "
              f"tỷ lệ điểm bình quân {shown(s.mean_percent)}%; {classes}")
    if result.ranking is not None:
        print(f"Xếp hạng chung {len(result.ranking)} đơn vị (cùng bộ tiêu chí):")
        for r in result.ranking:
            print(f"  {r.rank}. {r.unit.name} ({r.unit.code}, {r.office}): {shown(r.unit.percent)}%, {r.unit.band_label}")
    for path in result.outputs:
        print(f"Đã ghi {path}")
    if result.refusal is not None:
        import sys

        print(str(result.refusal), file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK
