"""``dvk bao-cao so-ket`` / ``dvk bao-cao tong-ket``: the 6-month and year-end report of công tác
dân vận chính quyền drafted from the workspace's data (.docx, Decree 30), for the office to edit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scoring.cli.models_dvk import load_register

EXIT_OK = 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, guarded, usage) -> None:
    """Register ``bao-cao so-ket`` and ``bao-cao tong-ket`` (each run ``guarded``)."""
    top = sub.add_parser("bao-cao", help="dự thảo báo cáo sơ kết 6 tháng, tổng kết năm công tác dân vận chính quyền "
                         "từ số liệu của không gian làm việc (.docx)")
    cmds = top.add_subparsers(dest="period_command", metavar="LỆNH")
    top.set_defaults(run=lambda args: usage(top))
    for kind, what in (("so-ket", "sơ kết 6 tháng đầu năm"), ("tong-ket", "tổng kết năm")):
        p = cmds.add_parser(kind, parents=[common], help=f"báo cáo {what}: văn bản nộp theo hạn, kết quả các đợt đã "
                            "công bố (DVCQ, QCDC), mô hình \"Dân vận khéo\", ưu điểm, hạn chế, đề xuất; phụ lục "
                            "nguồn từng số liệu")
        p.add_argument("--nam", type=int, required=True, metavar="NĂM", help="năm báo cáo")
        p.add_argument("--out", "-o", required=True, metavar="TỆP.docx", help="tệp báo cáo ghi ra")
        p.add_argument("--mo-hinh", nargs="+", default=None, metavar="ĐĂNG_KÝ",
                       help="sổ đăng ký mô hình (.xlsx/.json) cho mục mô hình \"Dân vận khéo\"")
        p.add_argument("--ho-so", default=None, metavar="TỆP",
                       help="hồ sơ cơ quan ban hành (.toml/.json; mặc định: hồ sơ của đợt mới nhất trong năm)")
        p.add_argument("--qcdc", action="append", default=None, metavar="MÃ_BỘ_TIÊU_CHÍ",
                       help="mã bộ tiêu chí của các đợt quy chế dân chủ ở cơ sở (ghi nhiều lần; mặc định: mã bắt "
                            "đầu bằng qcdc hoặc tên có cụm \"dân chủ ở cơ sở\")")
        p.add_argument("--co-quan", dest="office", default=None, metavar="MÃ_CƠ_QUAN",
                       help="cơ quan lập báo cáo trong không gian làm việc dùng chung (dvk co-quan ds): chỉ các đợt "
                            "của cơ quan đó (mặc định: cơ quan của không gian làm việc)")
        p.set_defaults(run=guarded(cmd_period_report), kind=kind)


def cmd_period_report(args: argparse.Namespace) -> int:
    from scoring.workspace.period_report import write_period_report
    from scoring.workspace.store import open_workspace

    register = load_register(args.mo_hinh, out=lambda line: print(line, file=sys.stderr))
    profile = None
    if args.ho_so:
        from scoring.reports.profile import load_profile

        profile = load_profile(Path(args.ho_so))
    ws = open_workspace(Path(args.workspace), args.database)
    path = write_period_report(ws, args.kind, args.nam, Path(args.out), register, profile, args.qcdc or (),
                               office=args.office)
    print(f"Đã ghi dự thảo báo cáo: {path}")
    print("Văn phòng biên tập phần lời trong Word; nguồn của từng số liệu ở Phụ lục cuối báo cáo.")
    return EXIT_OK
