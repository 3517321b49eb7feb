"""The ``dvk`` command: parses arguments, calls one library function, maps findings to exit codes.

Exit codes: 0 success; 1 the input is wrong (ruleset, workbook, submission); 2 usage error;
3 ``dvk rank`` accepted some files and rejected others (outputs for the accepted are written);
70 an internal error (a bug in dvk, reported without a traceback unless DVK_DEBUG is set).
Heavy imports happen inside the command functions so that ``dvk --help`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable, NoReturn, Sequence

from scoring.cli.authors import add_commands as add_author_commands
from scoring.cli.models_dvk import add_commands as add_model_commands
from scoring.cli.models_dvk import add_models_option, load_register

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERNAL = 0, 1, 2, 3, 70
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader went away
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # scoring/
DEFAULT_RULESET = "criteria/dvcq-minh-hoa.json"
DEFAULT_INPUTS = "sample_inputs"
DEFAULT_OUT = "reports"

EPILOG = """Mã thoát: 0 thành công; 1 dữ liệu vào sai (bộ tiêu chí, bảng tính, bản tự chấm);
2 sai cú pháp lệnh; 3 (dvk rank) có tệp bị từ chối, kết quả của các tệp hợp lệ vẫn được ghi."""


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors explained in Vietnamese (exit code 2)."""

    _PHRASES = (
        ("the following arguments are required", "thiếu tham số bắt buộc"),
        ("invalid choice", "lựa chọn không hợp lệ"),
        ("invalid int value", "không phải số nguyên"),
        ("unrecognized arguments", "tham số không nhận ra"),
        ("expected one argument", "cần một giá trị"),
        ("choose from", "chọn một trong"),
        ("argument ", "tham số "),  # argparse's "argument --jobs: …" prefix; last, after the phrases above
    )

    #: argparse's own headings, in the usage and help of every command and subcommand.
    _HEADINGS = (("usage: ", "Cách dùng: "), ("positional arguments:", "Tham số:"), ("options:", "Tùy chọn:"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False  # (subcommands' parsers are made by this class too)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def format_usage(self) -> str:
        return self._vietnamese(super().format_usage())

    def format_help(self) -> str:
        return self._vietnamese(super().format_help())

    def _vietnamese(self, text: str) -> str:
        for english, vietnamese in self._HEADINGS:
            text = text.replace(english, vietnamese, 1)
        return text

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in self._PHRASES:
            message = message.replace(english, vietnamese)
        sys.stderr.write(self.format_usage())
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi cú pháp lệnh: {message}\n"
                              f"Xem hướng dẫn: {self.prog} --help\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dvk", description="Chấm điểm, xếp loại, xếp hạng công tác dân vận theo bộ tiêu chí JSON.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version="dvk 0.1.0", help="in phiên bản của dvk rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    p = sub.add_parser("check", help="kiểm tra một hay nhiều bộ tiêu chí")
    p.add_argument("rulesets", nargs="+", metavar="BỘ_TIÊU_CHÍ")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("show", help="in bộ tiêu chí thành bảng để đối chiếu với văn bản")
    p.add_argument("ruleset", metavar="BỘ_TIÊU_CHÍ")
    p.add_argument("--unit-type", metavar="LOẠI_ĐƠN_VỊ", help="chỉ các tiêu chí áp dụng cho loại đơn vị này")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("score", help="chấm điểm một bản tự chấm (JSON) hoặc bảng tính (.xlsx)")
    p.add_argument("ruleset", metavar="BỘ_TIÊU_CHÍ")
    p.add_argument("submission", metavar="BẢN_TỰ_CHẤM")
    p.add_argument("--json", action="store_true", help="in toàn bộ kết quả dạng JSON")
    p.add_argument("--annotate", metavar="TỆP_GHI.xlsx", help="ghi bản sao bảng tính có đánh dấu lỗi và kết quả")
    p.add_argument("--engine", choices=["calamine", "openpyxl"], default="calamine", help=argparse.SUPPRESS)
    add_models_option(p)
    p.set_defaults(run=cmd_score)

    p = sub.add_parser("template", help="tạo biểu mẫu tự chấm (.xlsx) cho một loại đơn vị")
    p.add_argument("ruleset", metavar="BỘ_TIÊU_CHÍ")
    p.add_argument("--unit-type", required=True, metavar="LOẠI_ĐƠN_VỊ", help="mã loại đơn vị (xem dvk show)")
    p.add_argument("-o", "--output", required=True, metavar="TỆP.xlsx")
    p.set_defaults(run=cmd_template)

    p = sub.add_parser("rank", help="chấm và xếp hạng cả thư mục; không tham số: dữ liệu mẫu đi kèm")
    p.add_argument("ruleset", nargs="?", metavar="BỘ_TIÊU_CHÍ")
    p.add_argument("inputs", nargs="*", metavar="TỆP_HOẶC_THƯ_MỤC", help="tệp .xlsx/.json hoặc thư mục")
    p.add_argument("--out", default=None, metavar="THƯ_MỤC", help=f"thư mục kết quả (mặc định {DEFAULT_OUT}/)")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="số tiến trình (mặc định: số lõi)")
    p.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ")
    p.add_argument("--prefer", choices=["latest"], help="khi trùng mã đơn vị: lấy tệp mới nhất")
    p.add_argument("--ho-so", metavar="HỒ_SƠ.toml", dest="ho_so",
                   help="hồ sơ cơ quan ban hành báo cáo (tên cơ quan, người ký, nơi nhận; xem ho-so-mau.toml)")
    p.add_argument("--pdf", action="store_true", help="ghi thêm bao-cao.pdf (cần LibreOffice)")
    p.add_argument("--ky-truoc", metavar="THƯ_MỤC", dest="ky_truoc",
                   help="thư mục kết quả dvk rank của kỳ trước: báo cáo nêu thay đổi so với kỳ đó")
    p.add_argument("--engine", choices=["calamine", "openpyxl"], default="calamine", help=argparse.SUPPRESS)
    add_models_option(p)
    p.set_defaults(run=cmd_rank)

    p = sub.add_parser("compare", help="so sánh hai kết quả dvk rank, hoặc hai đợt của một không gian làm việc")
    p.add_argument("old_dir", metavar="THƯ_MỤC_CŨ", help="thư mục kết quả, hoặc mã đợt khi có --workspace")
    p.add_argument("new_dir", metavar="THƯ_MỤC_MỚI", help="thư mục kết quả, hoặc mã đợt khi có --workspace")
    p.add_argument("--workspace", "-w", default=None, metavar="THƯ_MỤC",
                   help="so sánh hai đợt (theo mã đợt) của không gian làm việc này")
    p.add_argument("--out", default=None, metavar="THƯ_MỤC", help="thư mục ghi so sánh (mặc định THƯ_MỤC_MỚI)")
    p.set_defaults(run=cmd_compare)

    p = sub.add_parser("serve", help="mở cổng web chấm điểm trên thư mục làm việc")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục làm việc (mặc định: thư mục hiện tại)")
    p.add_argument("--host", default="127.0.0.1", metavar="ĐỊA_CHỈ", help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này)")
    p.add_argument("--port", type=int, default=8000, metavar="CỔNG", help="cổng (mặc định 8000; 0: chọn cổng trống)")
    p.add_argument("--demo", nargs="?", const="", default=None, metavar="THƯ_MỤC",
                   help="dữ liệu mẫu và tài khoản thử (in ra khi mở), trong THƯ_MỤC (mặc định: một thư mục "
                        "tạm mới mỗi lần chạy)")
    p.add_argument("--office", default=None, metavar="TÊN",
                   help="tạo tài khoản văn phòng TÊN (hoặc đặt lại mật khẩu của nó) và in mật khẩu mới một lần; "
                        "tạo thư mục làm việc nếu chưa có, để văn phòng tạo đợt đầu tiên trên trình duyệt")
    p.add_argument("--co-quan", dest="office_code", default=None, metavar="MÃ_CƠ_QUAN",
                   help="với --office: tài khoản văn phòng của cơ quan này (dvk co-quan ds), chỉ thấy các đợt "
                        "của cơ quan mình và (chỉ xem) của các cơ quan cấp dưới")
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("huong-dan", help="in hướng dẫn sử dụng theo từng vai trò (.docx, thể thức Nghị định 30)")
    p.add_argument("-o", "--output", default="huong-dan-su-dung.docx", metavar="TỆP.docx",
                   help="tệp ghi ra (mặc định huong-dan-su-dung.docx)")
    p.add_argument("--ho-so", metavar="HỒ_SƠ.toml", dest="ho_so",
                   help="hồ sơ cơ quan ban hành (tên cơ quan, người ký, nơi nhận; xem ho-so-mau.toml)")
    p.add_argument("--anh", metavar="THƯ_MỤC", default=None,
                   help="thư mục ảnh chụp màn hình (mặc định: ảnh của cổng web, nếu đã tạo bằng "
                        "tools/guide_screenshots.py)")
    p.add_argument("--pdf", action="store_true", help="ghi thêm bản PDF (cần LibreOffice)")
    p.set_defaults(run=cmd_guide)

    add_model_commands(sub)
    add_author_commands(sub)
    from scoring.cli.deploy import add_commands as add_deploy_commands

    add_deploy_commands(sub)
    from scoring.cli.round import add_commands

    add_commands(sub)
    from scoring.cli.emulation import add_commands as add_emulation_commands

    add_emulation_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``dvk``; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    _utf8_stdout()
    from scoring.core.findings import DvkError

    try:
        return args.run(args)
    except DvkError as exc:
        _print_findings(exc.findings)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (dvk show … | head): stop quietly, as tools do
        return EXIT_PIPE_CLOSED
    except Exception:  # a bug, not the user's input: say so instead of a traceback
        if os.environ.get("DVK_DEBUG"):
            raise
        print("Lỗi nội bộ của dvk (không phải do dữ liệu đầu vào).\n"
              "Hãy báo lỗi kèm lệnh đã chạy; đặt biến môi trường DVK_DEBUG=1 để xem chi tiết.",
              file=sys.stderr)
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The ``dvk`` command: :func:`main`, then a quick exit with its code.

    By then every output is written, closed and moved into place, so the interpreter's teardown
    (freeing every module's objects, then a last full garbage collection: ~0.3 s after a big
    round) is skipped; only the standard streams still need flushing.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (dvk rank … | head): nothing more to say
            pass
    os._exit(code)


def _utf8_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8", errors="replace")


def _print_findings(findings: Sequence[object], out: Callable[[str], None] | None = None) -> None:
    write = out or (lambda line: print(line, file=sys.stderr))
    for finding in findings:
        write(str(finding))


def _load(path: str):  # -> Ruleset
    from scoring.rules.load import load_ruleset

    return load_ruleset(path)


def cmd_check(args: argparse.Namespace) -> int:
    from scoring.formats.jsonio import is_json_schema
    from scoring.jobs.show import summary_line
    from scoring.rules.load import check_ruleset

    code = EXIT_OK
    for path in args.rulesets:
        if is_json_schema(path):
            print(f"BỎ QUA {path}: tệp JSON Schema (dùng để kiểm tra bộ tiêu chí), không phải bộ tiêu chí")
            continue
        ruleset, findings = check_ruleset(path)
        if ruleset is None:
            code = EXIT_BAD_INPUT
            print(f"LỖI {path}: {sum(f.is_error for f in findings)} lỗi")
        else:
            print(f"OK {path}: {summary_line(ruleset)}")
        _print_findings(findings, print)
    return code


def cmd_show(args: argparse.Namespace) -> int:
    from scoring.jobs.show import render_ruleset

    print(render_ruleset(_load(args.ruleset), unit_type=args.unit_type, source=args.ruleset))
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    import json

    from scoring.engine.scorecard import render_result
    from scoring.intake.pipeline import evaluate_file

    ruleset = _load(args.ruleset)
    models = load_register(args.mo_hinh, out=lambda line: print(line, file=sys.stderr))
    if models is not None:
        from scoring.models_dvk.score import evaluate_file_with_models

        result = evaluate_file_with_models(ruleset, args.submission, models)
    else:
        result = evaluate_file(ruleset, args.submission, engine=args.engine)
    if args.annotate:
        from scoring.workbook.annotate import write_annotated

        written = write_annotated(Path(args.submission), result, ruleset, Path(args.annotate))
        print(f"Đã ghi bản sao có đánh dấu: {written}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_result(ruleset, result))
    return EXIT_OK if result.ok else EXIT_BAD_INPUT


def cmd_template(args: argparse.Namespace) -> int:
    from scoring.workbook.template import write_template

    written = write_template(_load(args.ruleset), args.unit_type, Path(args.output))
    print(f"Đã tạo biểu mẫu: {written}")
    return EXIT_OK


def cmd_guide(args: argparse.Namespace) -> int:
    from scoring.reports.guide.printed import write_guide

    profile = None
    if args.ho_so:
        from scoring.reports.profile import load_profile

        profile = load_profile(Path(args.ho_so))
    if args.pdf:
        from scoring.reports.pdf import require_soffice

        require_soffice()
    images = Path(args.anh) if args.anh else PACKAGE_DIR / "portal" / "static" / "portal" / "huong-dan"
    written = write_guide(Path(args.output), profile, images)
    print(f"Đã ghi hướng dẫn sử dụng: {written}")
    if args.pdf:
        from scoring.reports.pdf import to_pdf

        print(f"Đã ghi bản PDF: {to_pdf(written, written.parent)}")
    return EXIT_OK


def cmd_rank(args: argparse.Namespace) -> int:
    from scoring.jobs.rank import run_rank

    from scoring.rules.bundled import shipped_path

    ruleset_path = args.ruleset or shipped_path(DEFAULT_RULESET)
    inputs = [Path(p) for p in (args.inputs or [shipped_path(DEFAULT_INPUTS)])]
    profile = None
    if args.ho_so:  # read (and any mistake reported) before the round's work starts
        from scoring.reports.profile import load_profile

        profile = load_profile(Path(args.ho_so))
    if args.pdf:
        from scoring.reports.pdf import require_soffice

        require_soffice()
    previous = None
    if args.ky_truoc:  # last round's folder, read (and any mistake reported) before the work
        from scoring.jobs.compare import earlier_round

        previous = earlier_round(Path(args.ky_truoc))
    ruleset = _load(ruleset_path)
    models = load_register(args.mo_hinh)
    summary = run_rank(ruleset, inputs, Path(args.out or DEFAULT_OUT), jobs=args.jobs,
                       progress=not args.quiet and sys.stderr.isatty(), prefer=args.prefer,
                       engine=args.engine, models=models, profile=profile, pdf=args.pdf, previous=previous)
    for line in summary.lines:
        print(line)
    return summary.exit_code


def cmd_compare(args: argparse.Namespace) -> int:
    if args.workspace:
        from scoring.cli.round import compare_rounds_command

        return compare_rounds_command(args)
    from scoring.jobs.compare import compare_dirs

    comparison = compare_dirs(Path(args.old_dir), Path(args.new_dir), Path(args.out or args.new_dir))
    for line in comparison.lines:
        print(line)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from scoring.portal.serve import serve
    from scoring.portal.settings import SettingsError

    folder = args.demo or args.workspace
    workspace = Path(folder) if folder else None
    try:
        return serve(workspace, args.host, args.port, args.demo is not None, office=args.office,
                     office_code=args.office_code)
    except SettingsError as exc:  # a DVK_* variable the portal cannot use: said, not started
        print(f"Không khởi động cổng: {exc}", file=sys.stderr)
        return EXIT_USAGE
