"""``dvk mo-hinh so …``: the model register kept in the workspace through the year (registration,
the office's status steps, replication, the list, an import from registration files, and which
round takes it); thin commands over :mod:`scoring.workspace.modelstore`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_register_commands(models: Any, usage: Any, parse_date: Any) -> None:
    """Add ``so`` (the workspace's register, with its own sub-commands) under ``dvk mo-hinh``
    (``parse_date``: how ``dvk mo-hinh`` reads a date argument)."""
    from scoring.cli.wsargs import guarded as _guarded
    from scoring.cli.wsargs import workspace_options

    common = workspace_options()
    year = argparse.ArgumentParser(add_help=False, parents=[common])
    year.add_argument("--nam", type=int, default=None, metavar="NĂM", help="năm của sổ (mặc định: năm nay)")

    book = models.add_parser("so", help="sổ đăng ký mô hình trong không gian làm việc: đăng ký, trạng thái, "
                             "nhân rộng, danh sách, nhập từ tệp, dùng cho đợt đánh giá")
    cmds = book.add_subparsers(dest="book_command", metavar="VIỆC")
    book.set_defaults(run=lambda args: usage(book))

    p = cmds.add_parser("han", parents=[year], help="đặt hạn đăng ký mô hình của năm")
    p.add_argument("deadline", type=parse_date, metavar="NGÀY", help="ví dụ 31/03/2026")
    p.set_defaults(run=_guarded(cmd_deadline))

    p = cmds.add_parser("dang-ky", parents=[year], help="đăng ký một mô hình của đơn vị (ghi nhật ký)")
    p.add_argument("code", metavar="MÃ_MÔ_HÌNH")
    p.add_argument("--don-vi", required=True, metavar="MÃ_ĐƠN_VỊ")
    p.add_argument("--ten", required=True, metavar="TÊN", help="tên mô hình")
    p.add_argument("--linh-vuc", required=True, metavar="LĨNH_VỰC",
                   help="kinh_te, van_hoa_xa_hoi, quoc_phong_an_ninh, xay_dung_htct (hoặc tên lĩnh vực)")
    p.add_argument("--doi-tuong", default="", metavar="ĐỐI_TƯỢNG", help="đối tượng của mô hình")
    p.add_argument("--ca-nhan", default=None, metavar="HỌ_TÊN", help="cá nhân điển hình (nếu là điển hình cá nhân)")
    p.add_argument("--ngay", default=None, metavar="NGÀY", help="ngày đăng ký (mặc định: hôm nay)")
    p.add_argument("--tu-ngay", default=None, metavar="NGÀY", help="thời gian thực hiện từ ngày")
    p.add_argument("--den-ngay", default=None, metavar="NGÀY", help="thời gian thực hiện đến ngày")
    p.set_defaults(run=_guarded(cmd_register))

    p = cmds.add_parser("trang-thai", parents=[year], help="ghi trạng thái mới của mô hình (đăng ký → triển khai "
                        "→ đánh giá → công nhận/không công nhận), kèm văn bản quyết định")
    p.add_argument("code", metavar="MÃ_MÔ_HÌNH")
    p.add_argument("--trang-thai", required=True, metavar="TRẠNG_THÁI",
                   help="trien_khai, danh_gia, cong_nhan_co_so, cong_nhan_huyen, cong_nhan_tinh, khong_cong_nhan")
    p.add_argument("--ngay", type=parse_date, default=None, metavar="NGÀY", help="ngày (mặc định: hôm nay)")
    p.add_argument("--quyet-dinh", default="", metavar="SỐ", help="số văn bản quyết định (bắt buộc khi công nhận)")
    p.add_argument("--ngay-quyet-dinh", type=parse_date, default=None, metavar="NGÀY")
    p.add_argument("--co-quan", default="", metavar="CƠ_QUAN", help="cơ quan ban hành quyết định")
    p.add_argument("--ghi-chu", default="", metavar="GHI_CHÚ")
    p.set_defaults(run=_guarded(cmd_status))

    p = cmds.add_parser("nhan-rong", parents=[year], help="ghi một đơn vị khác nhân rộng mô hình (đăng ký thành "
                        "mô hình của đơn vị đó, liên kết với mô hình gốc)")
    p.add_argument("code", metavar="MÃ_MÔ_HÌNH_GỐC")
    p.add_argument("--don-vi", required=True, metavar="MÃ_ĐƠN_VỊ", help="đơn vị nhân rộng")
    p.add_argument("--ma", default=None, metavar="MÃ_MỚI", help="mã mô hình nhân rộng (mặc định MÃ_GỐC-MÃ_ĐƠN_VỊ)")
    p.add_argument("--ngay", type=parse_date, default=None, metavar="NGÀY", help="ngày đăng ký (mặc định: hôm nay)")
    p.set_defaults(run=_guarded(cmd_replicate))

    p = cmds.add_parser("ds", parents=[year], help="danh sách mô hình của năm và trạng thái")
    p.set_defaults(run=cmd_list)

    p = cmds.add_parser("nhap", parents=[year], help="nhập tệp đăng ký (.xlsx/.json, như dvk mo-hinh tong-hop) vào sổ")
    p.add_argument("files", nargs="+", metavar="TỆP")
    p.set_defaults(run=_guarded(cmd_import))

    p = cmds.add_parser("dot", parents=[common], help="cho một đợt đánh giá lấy số mô hình từ sổ của năm "
                        "(tiêu chí khai báo model_inputs) và đề nghị khen thưởng cá nhân theo sổ")
    p.add_argument("round", metavar="MÃ_ĐỢT")
    p.add_argument("--bo", action="store_true", help="thôi dùng sổ (đơn vị tự nhập như trước)")
    p.set_defaults(run=_guarded(cmd_round))


def _open(args: argparse.Namespace):
    from scoring.workspace.store import open_workspace

    return open_workspace(Path(args.workspace), args.database)


def _year(args: argparse.Namespace) -> int:
    from scoring.workspace.modelstore import today

    return args.nam or today().year


def _print(findings: Any) -> None:
    for finding in findings:
        print(finding)


def cmd_deadline(args: argparse.Namespace) -> int:
    from scoring.workspace.modelstore import set_deadline

    row = set_deadline(_open(args), _year(args), args.deadline)
    print(f"Hạn đăng ký mô hình năm {row.year}: {row.deadline:%d/%m/%Y}.")
    return EXIT_OK


def cmd_register(args: argparse.Namespace) -> int:
    from scoring.workspace.modelstore import find_unit, register_model

    ws = _open(args)
    values = {"code": args.code, "name": args.ten, "field": args.linh_vuc, "target_group": args.doi_tuong,
              "individual": args.ca_nhan, "registered_on": args.ngay, "from": args.tu_ngay, "to": args.den_ngay}
    done = register_model(ws, _year(args), find_unit(args.don_vi), values)
    _print(done.findings)
    print(f"Đã đăng ký mô hình {done.model.code} ({done.model.name}) của đơn vị {done.model.unit.code}, "
          f"ngày {done.model.registered_on:%d/%m/%Y}" + (" (đăng ký muộn)." if done.model.late else "."))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from scoring.models_dvk.model import STATUSES
    from scoring.workspace.modelstore import record_status

    decision = {"number": args.quyet_dinh, "date": args.ngay_quyet_dinh, "issuer": args.co_quan}
    change = record_status(_open(args), _year(args), args.code, args.trang_thai, args.ngay, decision, args.ghi_chu)
    said = f" theo {change.decision_number}" if change.decision_number else ""
    print(f"Mô hình {change.model.code}: {STATUSES[change.status]} từ ngày {change.on:%d/%m/%Y}{said}.")
    return EXIT_OK


def cmd_replicate(args: argparse.Namespace) -> int:
    from scoring.workspace.modelstore import find_unit, replicate

    ws = _open(args)
    done = replicate(ws, _year(args), args.code, find_unit(args.don_vi), args.ma, args.ngay)
    _print(done.findings)
    print(f"Đơn vị {done.model.unit.code} nhân rộng mô hình {done.model.replicates.code}: "
          f"đăng ký mô hình {done.model.code}.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from scoring.workspace.modelbook import year_register

    _open(args)
    year = _year(args)
    register_ = year_register(year)
    deadline = f", hạn đăng ký {register_.deadline:%d/%m/%Y}" if register_.deadline else ", chưa đặt hạn đăng ký"
    print(f"Sổ đăng ký mô hình năm {year}: {len(register_.models)} mô hình{deadline}.")
    for m in register_.models:
        person = f", cá nhân {m.individual}" if m.individual else ""
        late = " (muộn)" if m.late else ""
        print(f"  {m.code}\t{m.unit_code}\t{m.name}\t{m.field_label}{person}\t"
              f"đăng ký {m.registered_on:%d/%m/%Y}{late}\t{m.status_label}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from scoring.workspace.modelstore import import_register

    done = import_register(_open(args), _year(args), [Path(f) for f in args.files])
    for registration in done:
        _print(registration.findings)
    late = sum(r.model.late for r in done)
    print(f"Đã nhập {len(done)} mô hình vào sổ năm {_year(args)} ({late} đăng ký muộn).")
    return EXIT_OK


def cmd_round(args: argparse.Namespace) -> int:
    from scoring.workspace.modelstore import use_in_round

    round_ = use_in_round(_open(args), args.round, not args.bo)
    if round_.uses_model_register:
        print(f"Đợt {round_.code} lấy số mô hình từ sổ đăng ký năm {round_.year} thay cho số đơn vị tự nhập; "
              "khi công bố, đề nghị khen thưởng cá nhân theo sổ.")
    else:
        print(f"Đợt {round_.code} không dùng sổ đăng ký mô hình: đơn vị tự nhập số mô hình.")
    return EXIT_OK
