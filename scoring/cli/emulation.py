"""``dvk thi-dua …``: the year's emulation proposal (``de-xuat``) and the check of an emulation
rules file (``kiem-tra``); argument parsing only, the work is in :mod:`scoring.workspace.emulation`."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``thi-dua de-xuat`` and ``thi-dua kiem-tra`` under the ``dvk`` parser."""
    from scoring.cli.wsargs import guarded as _guarded
    from scoring.cli.wsargs import usage as _usage
    from scoring.cli.wsargs import workspace_options

    top = sub.add_parser("thi-dua", help="đề xuất khen thưởng thi đua của năm: danh sách tập thể, cá nhân và "
                         "tờ trình, từ các đợt đã chốt và sổ mô hình \"Dân vận khéo\"")
    cmds = top.add_subparsers(dest="emulation_command", metavar="LỆNH")
    top.set_defaults(run=lambda args: _usage(top))
    p = cmds.add_parser("de-xuat", parents=[workspace_options()],
                        help="lập danh sách đề nghị khen thưởng (.xlsx) và tờ trình (.docx, thể thức Nghị định 30)")
    p.add_argument("--nam", type=int, required=True, metavar="NĂM", help="năm của đề xuất")
    p.add_argument("--dot", action="append", default=[], metavar="MÃ_ĐỢT",
                   help="đợt đánh giá (ghi nhiều lần, ví dụ --dot DVCQ-2026 --dot QCDC-2026; bỏ trống: mọi đợt của "
                        "năm chấm theo các bộ tiêu chí quy tắc khai báo); đợt phải đã chốt kết quả hoặc đã công bố")
    p.add_argument("--quy-tac", required=True, metavar="QUY_TẮC.json",
                   help="quy tắc thi đua của cơ quan (ví dụ criteria/thi-dua/thi-dua-minh-hoa.json)")
    p.add_argument("--ho-so", default=None, metavar="HỒ_SƠ.toml",
                   help="hồ sơ cơ quan ký tờ trình (mặc định: hồ sơ của đợt đầu tiên, ngày hôm nay)")
    p.add_argument("--out", default="de-xuat-khen-thuong", metavar="THƯ_MỤC",
                   help="thư mục ghi danh sách và tờ trình (mặc định de-xuat-khen-thuong/)")
    p.add_argument("--mo-hinh", nargs="+", default=None, metavar="ĐĂNG_KÝ",
                   help="sổ đăng ký mô hình \"Dân vận khéo\" (.xlsx/.json, hoặc tong-hop-mo-hinh.json): mô hình "
                        "được công nhận của đơn vị và điển hình cá nhân")
    p.add_argument("--co-quan", dest="office", default=None, metavar="MÃ_CƠ_QUAN",
                   help="cơ quan đề xuất trong không gian làm việc dùng chung (dvk co-quan ds): khi không ghi --dot, "
                        "chỉ lấy các đợt của cơ quan đó (mặc định: cơ quan của không gian làm việc)")
    p.set_defaults(run=_guarded(cmd_propose))
    p = cmds.add_parser("kiem-tra", help="kiểm tra tệp quy tắc thi đua")
    p.add_argument("rules", nargs="+", metavar="QUY_TẮC.json")
    p.set_defaults(run=cmd_check)


def cmd_propose(args: argparse.Namespace) -> int:
    import sys

    from scoring.cli.models_dvk import load_register
    from scoring.engine.emulation import count_words
    from scoring.workspace.emulation import write_emulation
    from scoring.workspace.store import open_workspace

    ws = open_workspace(Path(args.workspace), args.database)
    register = load_register(args.mo_hinh, out=lambda line: print(line, file=sys.stderr))
    outcome = write_emulation(ws, Path(args.quy_tac), args.nam, args.dot, register, Path(args.out),
                              Path(args.ho_so) if args.ho_so else None, office=args.office)
    proposal = outcome.proposal
    print(f"Đề xuất khen thưởng năm {proposal.year} từ các đợt " + "; ".join(f"{r.code} — {r.state.lower()}"
                                                                          for r in proposal.rounds) + ":")
    for tally in proposal.tally():
        print(f"  {tally.title}: {count_words(tally.collectives, tally.individuals)}")
    print(f"  Đã xét, không đề nghị: {len(proposal.excluded)} tập thể, cá nhân (lý do trong danh sách)")
    for path in outcome.written:
        print(f"Đã ghi {path}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from scoring.core.findings import DvkError
    from scoring.formats.jsonio import read_json
    from scoring.rules.emulation import parse_emulation

    code = EXIT_OK
    for path in args.rules:
        try:
            rules, findings = parse_emulation(read_json(path), path)
        except DvkError as exc:
            rules, findings = None, exc.findings
        print(f"OK {path}: {rules.title}" if rules else f"LỖI {path}: {sum(f.is_error for f in findings)} lỗi")
        for finding in findings:
            print(finding)
        code = code if rules else EXIT_BAD_INPUT
    return code
