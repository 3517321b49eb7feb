"""``dvk mo-hinh …``: thin commands over :mod:`scoring.models_dvk` (registered by
:mod:`scoring.cli.app`; heavy modules imported lazily)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any, Callable

DEFAULT_MODEL_RULESET = "dvk-mo-hinh.json"  # in the shipped criteria/ (scoring.rules.bundled)
DEFAULT_MODEL_OUT = "mo-hinh"


def add_commands(sub: Any) -> None:
    """Add ``mo-hinh`` (with its own sub-commands) to the ``dvk`` parser's ``sub``."""
    p = sub.add_parser("mo-hinh", help="sổ đăng ký, đánh giá và tổng hợp mô hình \"Dân vận khéo\"")
    models = p.add_subparsers(dest="models_command", metavar="VIỆC")
    p.set_defaults(run=lambda args, parser=p: _usage(parser))  # "dvk mo-hinh" alone: its own help

    m = models.add_parser("mau", help="tạo biểu mẫu đăng ký mô hình (.xlsx)")
    m.add_argument("-o", "--output", required=True, metavar="TỆP.xlsx")
    m.set_defaults(run=cmd_models_form)

    m = models.add_parser("tong-hop", help="đọc tệp đăng ký, chấm phiếu đánh giá, ghi sổ, bảng và biểu đồ")
    m.add_argument("registers", nargs="+", metavar="ĐĂNG_KÝ", help="tệp đăng ký .xlsx hoặc .json (danh sách mô hình)")
    m.add_argument("--han", type=parse_date, metavar="NGÀY", help="hạn đăng ký (ví dụ 12/03/2026); đăng ký sau hạn được cảnh báo")
    m.add_argument("--danh-gia", nargs="+", default=[], metavar="PHIẾU",
                   help="phiếu đánh giá (.json/.xlsx) hoặc thư mục; mã đơn vị của phiếu là mã mô hình")
    m.add_argument("--bo-tieu-chi", default=None, metavar="BỘ_TIÊU_CHÍ",
                   help=f"bộ tiêu chí đánh giá mô hình (mặc định: criteria/{DEFAULT_MODEL_RULESET} kèm theo dvk, "
                        "dù chạy lệnh từ thư mục nào)")
    m.add_argument("--out", default=DEFAULT_MODEL_OUT, metavar="THƯ_MỤC", help=f"thư mục kết quả (mặc định {DEFAULT_MODEL_OUT}/)")
    m.set_defaults(run=cmd_models_summary)

    from scoring.cli.modelbook import add_register_commands

    add_register_commands(models, _usage, parse_date)

def _model_ruleset(given: str | None) -> Path:
    """The ruleset named on the command line, else the shipped one (not one in the current folder)."""
    from scoring.rules.bundled import bundled_ruleset

    return Path(given) if given else bundled_ruleset(DEFAULT_MODEL_RULESET)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def add_models_option(parser: argparse.ArgumentParser) -> None:
    """``--mo-hinh``: the model register a unit ruleset's ``model_inputs`` are filled from."""
    parser.add_argument("--mo-hinh", nargs="+", default=None, metavar="ĐĂNG_KÝ",
                        help="sổ đăng ký mô hình (.xlsx/.json, hoặc tong-hop-mo-hinh.json): số mô hình "
                             "lấy từ sổ thay cho số đơn vị tự nhập")


def parse_date(text: str) -> dt.date:
    """``12/03/2026`` or ``2026-03-12`` (argparse turns a ValueError into a usage error)."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"'{text}' không phải là ngày (ví dụ 12/03/2026)")


def load_register(paths: list[str] | None, deadline: dt.date | None = None, out: Callable[[str], None] = print) -> Any:
    """The register at ``paths`` (None when not given), its findings printed."""
    if not paths:
        return None
    from scoring.models_dvk.register import read_register

    register_ = read_register(paths, deadline)
    for finding in register_.findings:
        out(str(finding))
    return register_


def cmd_models_form(args: argparse.Namespace) -> int:
    from scoring.models_dvk.register_xlsx import write_form

    print(f"Đã tạo biểu mẫu đăng ký mô hình: {write_form(Path(args.output))}")
    return 0


def cmd_models_summary(args: argparse.Namespace) -> int:
    from scoring.models_dvk.evaluate import evaluate_models
    from scoring.models_dvk.outputs import write_outputs
    from scoring.models_dvk.rollup import level_field_counts
    from scoring.rules.load import load_ruleset

    register_ = load_register(args.registers, args.han, out=lambda line: None)
    if args.danh_gia:
        register_ = evaluate_models(register_, load_ruleset(_model_ruleset(args.bo_tieu_chi)), args.danh_gia)
    for finding in register_.findings:
        print(finding)
    title = "Mô hình \"Dân vận khéo\"" + (f" — hạn đăng ký {register_.deadline:%d/%m/%Y}" if register_.deadline else "")
    written = write_outputs(register_, Path(args.out), title)
    counts = level_field_counts(register_)
    levels = ", ".join(f"{label} {sum(counts[s].values())}" for s, label in
                       (("cong_nhan_co_so", "cấp cơ sở"), ("cong_nhan_huyen", "cấp huyện"), ("cong_nhan_tinh", "cấp tỉnh")))
    late = sum(m.late for m in register_.models)
    print(f"Sổ đăng ký: {len(register_.models)} mô hình ({late} đăng ký muộn); được công nhận: {levels}.")
    print(f"Kết quả đã ghi vào thư mục {args.out} ({len(written)} tệp).")
    return 3 if any(f.is_error for f in register_.findings) else 0
