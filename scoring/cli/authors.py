"""Commands for rule authors: ``dvk examples``, ``dvk diff``, ``dvk ruleset to-xlsx|from-xlsx`` and
``dvk what-if`` (registered by :mod:`scoring.cli.app`; the modules doing the work are imported
inside the commands)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_commands(sub: Any) -> None:
    """Add ``examples``, ``diff``, ``ruleset`` (with ``to-xlsx`` and ``from-xlsx``) and ``what-if``
    to the ``dvk`` parser."""
    p = sub.add_parser("examples", help="chạy các ví dụ kèm kết quả mong đợi của một bộ tiêu chí")
    p.add_argument("ruleset", metavar="BỘ_TIÊU_CHÍ")
    p.add_argument("--thu-muc", metavar="THƯ_MỤC", help="thư mục ví dụ (mặc định examples/<mã bộ tiêu chí>/ cạnh tệp)")
    p.set_defaults(run=cmd_examples)

    p = sub.add_parser("diff", help="so sánh hai phiên bản bộ tiêu chí: tiêu chí thêm, bỏ, đổi tên, chuyển, đổi điểm")
    p.add_argument("old", metavar="CŨ.json")
    p.add_argument("new", metavar="MỚI.json")
    p.set_defaults(run=cmd_diff)


    p = sub.add_parser("ruleset", help="bộ tiêu chí dạng bảng tính: ghi ra (.xlsx) và đọc lại thành JSON")
    tasks = p.add_subparsers(dest="ruleset_command", metavar="VIỆC")
    p.set_defaults(run=lambda args, parser=p: _usage(parser))

    t = tasks.add_parser("to-xlsx", help="ghi bộ tiêu chí JSON thành bảng tính như phụ lục của quyết định")
    t.add_argument("ruleset", metavar="BỘ_TIÊU_CHÍ.json")
    t.add_argument("--out", "-o", required=True, metavar="TỆP.xlsx")
    t.set_defaults(run=cmd_to_xlsx)

    t = tasks.add_parser("from-xlsx", help="đọc bảng tính bộ tiêu chí thành JSON rồi kiểm tra như dvk check")
    t.add_argument("workbook", metavar="TỆP.xlsx")
    t.add_argument("--out", "-o", required=True, metavar="BỘ_TIÊU_CHÍ.json")
    t.set_defaults(run=cmd_from_xlsx)

    p = sub.add_parser("what-if", help="chấm lại các bản tự chấm đã có theo một bộ tiêu chí dự thảo")
    p.add_argument("draft", metavar="DỰ_THẢO.json", help="bộ tiêu chí dự thảo")
    p.add_argument("inputs", nargs="*", metavar="TỆP_HOẶC_THƯ_MỤC", help="tệp .xlsx/.json hoặc thư mục đã nộp (cần --old)")
    p.add_argument("--old", metavar="CŨ.json", help="bộ tiêu chí các tệp đã được lập theo")
    p.add_argument("--workspace", "-w", metavar="THƯ_MỤC", help="lấy các bản đã nộp của một đợt trong không gian làm việc")
    p.add_argument("--round", "-r", metavar="MÃ_ĐỢT", help="mã đợt (mặc định: đợt duy nhất hoặc đợt chưa công bố)")
    p.add_argument("--out", metavar="TỆP.xlsx", help="ghi bảng so sánh ra tệp Excel")
    p.set_defaults(run=cmd_what_if)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def cmd_to_xlsx(args: argparse.Namespace) -> int:
    from scoring.jobs.ruleset_xlsx.write import write_ruleset_xlsx

    written = write_ruleset_xlsx(args.ruleset, args.out)
    print(f"Đã ghi bộ tiêu chí ra bảng tính: {written}")
    return 0


def cmd_from_xlsx(args: argparse.Namespace) -> int:
    from scoring.jobs.ruleset_xlsx.read import ruleset_from_xlsx

    written, findings = ruleset_from_xlsx(args.workbook, args.out)
    for finding in findings:
        print(finding)
    if written is None:
        errors = sum(f.is_error for f in findings)
        print(f"LỖI {args.workbook}: {errors} ô cần sửa; chưa ghi {args.out}.")
        return 1
    print(f"Đã ghi bộ tiêu chí JSON: {written}. OK {written}")
    return 0


def cmd_what_if(args: argparse.Namespace) -> int:
    from scoring.jobs.whatif import submissions_from_files, what_if
    from scoring.jobs.whatif_report import summary_lines, write_what_if_xlsx
    from scoring.rules.load import load_ruleset

    if bool(args.workspace) == bool(args.old) or (args.workspace and args.inputs) or (args.old and not args.inputs):
        print("dvk what-if: lỗi cú pháp lệnh: dùng 'dvk what-if DU_THAO.json INPUT... --old CU.json' (tệp, thư mục "
              "đã nộp) hoặc 'dvk what-if DU_THAO.json --workspace DIR [--round MÃ_ĐỢT]' (một đợt đã thu).",
              file=sys.stderr)
        return 2
    draft = load_ruleset(args.draft)
    if args.workspace:
        from scoring.workspace.store import open_workspace
        from scoring.workspace.whatif import round_sources

        open_workspace(Path(args.workspace))
        old, sources = round_sources(args.round)
        refused: list[tuple[str, str]] = []
    else:
        old = load_ruleset(args.old)
        sources, refused = submissions_from_files(old, args.inputs)
    result = what_if(old, draft, sources, refused)
    for line in summary_lines(result):
        print(line)
    if args.out:
        print(f"Đã ghi bảng so sánh: {write_what_if_xlsx(result, args.out)}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from scoring.rules.diff import diff_rulesets, render_diff
    from scoring.rules.load import load_ruleset

    old, new = load_ruleset(args.old), load_ruleset(args.new)
    print(render_diff(old, new, diff_rulesets(old, new)))
    return 0


def cmd_examples(args: argparse.Namespace) -> int:
    from scoring.jobs.examples import run_examples

    outcomes = run_examples(Path(args.ruleset), Path(args.thu_muc) if args.thu_muc else None)
    if not outcomes:
        print(f"Không có ví dụ nào cho {args.ruleset}: thêm <tên>.json và <tên>.expected.json vào "
              "thư mục examples/<mã bộ tiêu chí>/ cạnh tệp bộ tiêu chí.")
        return 1
    for outcome in outcomes:
        print(f"{'ĐẠT' if not outcome.differences else 'SAI'} {outcome.path}")
        for difference in outcome.differences:
            print(f"  - {difference}")
    failed = sum(bool(o.differences) for o in outcomes)
    print(f"{len(outcomes) - failed}/{len(outcomes)} ví dụ đạt.")
    return 1 if failed else 0
