"""``dvk round …`` and ``dvk workspace …``: argument parsing only; the work is in scoring.workspace.

Django is imported by the commands (through :func:`scoring.workspace.store.open_workspace`),
never at start-up, so ``dvk --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scoring.cli.wsargs import guarded as _guarded
from scoring.cli.wsargs import usage as _usage
from scoring.cli.wsargs import workspace_options

EXIT_OK, EXIT_PARTIAL = 0, 3
STATES = {"open": "mở lại nhận hồ sơ", "closed": "khóa nhận hồ sơ", "appraisal": "bắt đầu thẩm định",
          "explanations": "nhận giải trình", "final": "chốt kết quả"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``round`` and ``workspace`` under the ``dvk`` parser."""
    common = workspace_options()
    pick = argparse.ArgumentParser(add_help=False, parents=[common])
    pick.add_argument("--round", "-r", default=None, metavar="MÃ_ĐỢT", help="mã đợt (mặc định: đợt đang làm)")

    rounds = sub.add_parser("round", help="đợt đánh giá: danh sách đơn vị, thu hồ sơ, thẩm định, công bố")
    cmds = rounds.add_subparsers(dest="round_command", metavar="LỆNH")
    rounds.set_defaults(run=lambda args: _usage(rounds))

    p = cmds.add_parser("new", parents=[common], help="tạo đợt đánh giá mới")
    p.add_argument("ruleset", metavar="BỘ_TIÊU_CHÍ", help="bộ tiêu chí (.json)")
    p.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm đánh giá")
    p.add_argument("--period", choices=["6-thang", "nam", "dot-xuat"], default="nam", help="kỳ đánh giá")
    p.add_argument("--period-name", default="", metavar="TÊN_KỲ", help="tên kỳ (đợt đột xuất)")
    p.add_argument("--code", default=None, metavar="MÃ_ĐỢT", help="mã đợt (mặc định NĂM-KỲ, ví dụ 2026-nam)")
    p.add_argument("--name", default=None, metavar="TÊN_ĐỢT", help="tên đợt")
    p.add_argument("--deadline", default=None, metavar="NGÀY", help="hạn nộp hồ sơ, ví dụ 10/5/2026 hoặc '10/5/2026 17:00'")
    p.add_argument("--roster", default=None, metavar="TỆP", help="danh sách đơn vị (.xlsx hoặc .csv)")
    p.add_argument("--late-fact", default=None, metavar="MÃ", help="dữ kiện của bộ tiêu chí được đánh dấu khi nộp muộn")
    p.add_argument("--previous", default=None, metavar="MÃ_ĐỢT", help="đợt trước, để so sánh")
    p.add_argument("--ho-so", default=None, metavar="TỆP",
                   help="hồ sơ cơ quan ban hành báo cáo (.toml/.json, như dvk rank --ho-so; xem ho-so-mau.toml)")
    p.add_argument("--khong-tham-dinh", action="store_true",
                   help="đợt không có hội đồng thẩm định (và không có giải trình): khóa nhận hồ sơ rồi chốt "
                        "kết quả ngay, kết quả là điểm tự chấm")
    p.add_argument("--co-quan", dest="office", default=None, metavar="MÃ_CƠ_QUAN",
                   help="đợt của cơ quan này (dvk co-quan ds); mặc định: cơ quan của không gian làm việc")
    p.set_defaults(run=cmd_new)

    p = cmds.add_parser("roster", parents=[pick], help="bổ sung, sửa danh sách đơn vị của đợt")
    p.add_argument("roster", metavar="TỆP")
    p.set_defaults(run=cmd_roster)

    p = cmds.add_parser("templates", parents=[pick], help="biểu mẫu tự chấm riêng của từng đơn vị trong danh sách "
                        "(tên, mã, loại đơn vị, năm điền sẵn và khóa), ghi vào một thư mục")
    p.add_argument("-o", "--output", required=True, metavar="THƯ_MỤC")
    p.set_defaults(run=cmd_templates)

    p = cmds.add_parser("collect", parents=[pick], help="thu hồ sơ tự chấm (tệp hoặc thư mục)")
    p.add_argument("inputs", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="số tiến trình (mặc định: số lõi)")
    p.add_argument("--kiem-tra-lai", action="store_true",
                   help="đọc lại nội dung mọi tệp để thấy cả tệp bị sửa mà vẫn giữ nguyên kích thước và thời "
                        "điểm sửa (mặc định, tệp có kích thước và thời điểm sửa như lần thu trước được coi là "
                        "không đổi, không đọc lại); chậm hơn")
    p.set_defaults(run=cmd_collect)

    p = cmds.add_parser("status", parents=[pick], help="tình hình nộp hồ sơ theo khối, đơn vị chưa nộp")
    p.add_argument("--xlsx", default=None, metavar="TỆP.xlsx", help="ghi danh sách đơn vị chưa nộp ra bảng tính")
    p.set_defaults(run=cmd_status)

    p = cmds.add_parser("don-doc", parents=[pick], help="công văn đôn đốc (.docx, thể thức Nghị định 30) gửi "
                        "các đơn vị chưa nộp, có tệp bị loại hoặc nộp muộn, kèm hạn và việc cần làm")
    p.add_argument("-o", "--output", required=True, metavar="TỆP.docx")
    p.add_argument("--han", default=None, metavar="NGÀY",
                   help="hạn đơn vị phải gửi, ví dụ 25/5/2026 hoặc '25/5/2026 17:00' (bỏ trống: hạn nộp của đợt "
                        "nếu chưa qua, nếu đã qua thì để dòng chấm cho văn phòng điền tay)")
    p.set_defaults(run=cmd_don_doc)

    p = cmds.add_parser("deadline", parents=[pick], help="đặt hoặc gia hạn hạn nộp")
    p.add_argument("due", metavar="NGÀY")
    p.add_argument("--kind", choices=["submission", "appraisal", "explanation"], default="submission",
                   help="loại hạn: submission = nộp hồ sơ (mặc định), appraisal = thẩm định, explanation = giải trình")
    p.set_defaults(run=cmd_deadline)

    p = cmds.add_parser("extend", parents=[pick], help="gia hạn nộp cho một đơn vị (có lý do, ghi nhật ký và "
                        "in trong bản công bố)")
    p.add_argument("unit", metavar="MÃ_ĐƠN_VỊ")
    p.add_argument("due", nargs="?", default=None, metavar="NGÀY",
                   help="hạn riêng của đơn vị, ví dụ 20/5/2026 hoặc '20/5/2026 17:00' (bỏ trống khi có --bo)")
    p.add_argument("--ly-do", required=True, metavar="LÝ_DO", help="lý do gia hạn (bắt buộc)")
    p.add_argument("--bo", action="store_true", help="bỏ gia hạn đã cho (đơn vị lại theo hạn chung của đợt)")
    p.set_defaults(run=cmd_extend)

    p = cmds.add_parser("waive", parents=[pick], help="miễn tính nộp muộn cho một đơn vị (có lý do, ghi nhật ký "
                        "và in trong bản công bố)")
    p.add_argument("unit", metavar="MÃ_ĐƠN_VỊ")
    p.add_argument("--ly-do", required=True, metavar="LÝ_DO", help="lý do miễn (bắt buộc)")
    p.add_argument("--bo", action="store_true", help="bỏ miễn tính nộp muộn đã cho")
    p.set_defaults(run=cmd_waive)

    p = cmds.add_parser("state", parents=[pick], help="chuyển trạng thái đợt: " +
                        "; ".join(f"{k} = {v}" for k, v in STATES.items()))
    p.add_argument("target", choices=list(STATES), metavar="TRẠNG_THÁI")
    p.set_defaults(run=cmd_state)

    p = cmds.add_parser("appraisal-sheet", parents=[pick], help="bảng thẩm định tổng hợp cho hội đồng (.xlsx)")
    p.add_argument("-o", "--output", required=True, metavar="TỆP.xlsx")
    p.set_defaults(run=cmd_appraisal_sheet)

    p = cmds.add_parser("import-appraisal", parents=[pick], help="nhập bảng thẩm định đã điền")
    p.add_argument("sheet", metavar="TỆP.xlsx")
    p.set_defaults(run=cmd_import_appraisal)

    p = cmds.add_parser("explanations-sheet", parents=[pick], help="bảng để đơn vị giải trình kết quả thẩm định")
    p.add_argument("-o", "--output", required=True, metavar="TỆP.xlsx",
                   help="tệp .xlsx; với --tung-don-vi: thư mục")
    p.add_argument("--tung-don-vi", action="store_true",
                   help="mỗi đơn vị có thay đổi thẩm định một bảng riêng, chỉ các thay đổi của đơn vị đó, ghi vào "
                        "thư mục -o (nhận lại bằng dvk round explanations như bảng chung, nhiều tệp một lần)")
    p.set_defaults(run=cmd_explanations_sheet)

    p = cmds.add_parser("explanations", parents=[pick], help="nhận các bảng giải trình đơn vị gửi lại")
    p.add_argument("inputs", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC")
    p.set_defaults(run=cmd_explanations)

    p = cmds.add_parser("publish", parents=[pick], help="chốt và công bố kết quả (thư mục công bố đánh số, không ghi đè)")
    p.add_argument("--pdf", action="store_true", help="ghi thêm bao-cao.pdf (cần LibreOffice)")
    p.set_defaults(run=cmd_publish)

    p = cmds.add_parser("dinh-chinh", parents=[pick], help="mở lại đợt đã công bố để đính chính (có lý do); "
                        "sửa xong thì công bố lại: lần công bố mới ghi những gì thay đổi so với lần trước")
    p.add_argument("--ly-do", required=True, metavar="LÝ_DO", help="lý do đính chính (bắt buộc)")
    p.set_defaults(run=cmd_correction)

    p = cmds.add_parser("log", parents=[pick], help="nhật ký mọi thay đổi của đợt")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="chỉ N dòng mới nhất")
    p.set_defaults(run=cmd_log)

    from scoring.cli.duedocs import add_documents

    add_documents(cmds, pick, _guarded, _usage)
    from scoring.cli.lower import add_lower

    add_lower(cmds, pick, _guarded, _usage)

    workspace = sub.add_parser("workspace", help="không gian làm việc: sao lưu, khôi phục, dọn tệp tạm")
    wcmds = workspace.add_subparsers(dest="workspace_command", metavar="LỆNH")
    workspace.set_defaults(run=lambda args: _usage(workspace))
    p = wcmds.add_parser("clean", parents=[common], help="xóa tệp tạm do lệnh bị ngắt giữa chừng để lại")
    p.set_defaults(run=cmd_clean)
    p = wcmds.add_parser("backup", parents=[common], help="sao lưu nhất quán khi đang dùng")
    p.add_argument("target", metavar="THƯ_MỤC_SAO_LƯU",
                   help="thư mục mới (hoặc rỗng) để ghi bản sao lưu; với --giu: thư mục chứa các bản sao lưu")
    p.add_argument("--giu", type=at_least_one, default=None, metavar="N",
                   help="sao lưu hằng ngày: ghi bản mới vào thư mục con sao-luu-NGÀY-GIỜ của THƯ_MỤC_SAO_LƯU "
                        "rồi chỉ giữ N bản mới nhất trong số các bản do lệnh này ghi (xóa các bản cũ hơn; không "
                        "bao giờ xóa thư mục hay tệp nào khác)")
    p.set_defaults(run=cmd_backup)
    p = wcmds.add_parser("restore", parents=[common],
                         help="khôi phục bản sao lưu thành không gian làm việc mới (-w THƯ_MỤC_MỚI; "
                              "PostgreSQL: --database URL của một cơ sở dữ liệu rỗng)")
    p.add_argument("source", metavar="THƯ_MỤC_SAO_LƯU")
    p.set_defaults(run=cmd_restore)
    for parser in (*cmds.choices.values(), *wcmds.choices.values()):
        parser.set_defaults(run=_guarded(parser.get_default("run")))
    from scoring.cli.offices import add_commands as add_office_commands

    add_office_commands(sub, common, _guarded, _usage)
    from scoring.cli.co_quan import add_commands as add_co_quan_commands

    add_co_quan_commands(sub, common, _guarded, _usage)
    from scoring.cli.period_report import add_commands as add_period_commands

    add_period_commands(sub, common, _guarded, _usage)


def _open(args: argparse.Namespace, create: bool = False):
    from scoring.workspace.store import open_workspace

    return open_workspace(Path(args.workspace), args.database, create=create)


def cmd_new(args: argparse.Namespace) -> int:
    from scoring.workspace.rounds import RoundSpec, create_round

    profile = {}
    if args.ho_so:
        from scoring.workspace.rounds import profile_data

        profile = profile_data(Path(args.ho_so))
    spec = RoundSpec(Path(args.ruleset), args.year, args.period, args.period_name, args.code, args.name,
                     {"submission": args.deadline} if args.deadline else {},
                     Path(args.roster) if args.roster else None, profile, args.late_fact, args.previous,
                     has_appraisal=not args.khong_tham_dinh, office=args.office)
    round_ = create_round(_open(args, create=True), spec)
    print(f"Đã tạo đợt {round_.code}: {round_.name}; {round_.roster.count()} đơn vị trong danh sách.")
    if not round_.has_appraisal:
        print("Đợt không có bước thẩm định: sau khi khóa nhận hồ sơ (dvk round state closed), chốt kết quả "
              "bằng dvk round state final.")
    return EXIT_OK


def cmd_roster(args: argparse.Namespace) -> int:
    from scoring.workspace.rounds import import_roster

    counts = import_roster(_open(args), args.round, Path(args.roster))
    print(f"Đã nhập danh sách: {counts['rows']} dòng, thêm {counts['added']}, cập nhật {counts['updated']} đơn vị.")
    return EXIT_OK


def cmd_templates(args: argparse.Namespace) -> int:
    from scoring.workspace.unit_templates import write_unit_templates

    written = write_unit_templates(_open(args), args.round, Path(args.output))
    print(f"Đã ghi {len(written)} biểu mẫu riêng của từng đơn vị vào {Path(args.output)}.")
    return EXIT_OK


def cmd_collect(args: argparse.Namespace) -> int:
    from scoring.workspace.collect import collect

    report = collect(_open(args), args.round, [Path(p) for p in args.inputs], jobs=args.jobs,
                     verify=args.kiem_tra_lai)
    print(f"Đợt {report.round_code}: {report.files} tệp; {report.unchanged} tệp đã thu trước đó, "
          f"đọc {report.read} tệp mới hoặc đã thay đổi.")
    print(f"Nhận {len(report.accepted)} (thay thế bản cũ: {len(report.replaced)}; nộp muộn: "
          f"{len(report.late)}), loại {len(report.rejected)}.")
    from scoring.intake.collect import skip_lines

    for line in skip_lines(report.skipped):
        print(line)
    for _path, warning in report.resent:
        print(warning)
    for path, reasons in report.rejected:
        print(f"LOẠI {path}:")
        for reason in reasons:
            print(f"  {reason}")
    return report.exit_code


def cmd_status(args: argparse.Namespace) -> int:
    from scoring.workspace.status import round_status, status_lines

    status = round_status(_open(args), args.round)
    for line in status_lines(status):
        print(line)
    if args.xlsx:
        from scoring.workspace.status_book import write_status_workbook

        print(f"Đã ghi danh sách đơn vị chưa nộp: {write_status_workbook(status, Path(args.xlsx))}")
    return EXIT_OK


def cmd_don_doc(args: argparse.Namespace) -> int:
    from scoring.workspace.reminder import write_reminder_letter

    written = write_reminder_letter(_open(args), args.round, Path(args.output), args.han)
    print(f"Đã ghi công văn đôn đốc: {written}")
    return EXIT_OK


def cmd_deadline(args: argparse.Namespace) -> int:
    from scoring.workspace.lateness import set_deadline
    from scoring.workspace.rounds import shown_deadline

    due, changes = set_deadline(_open(args), args.round, args.kind, args.due)
    print(f"Đã đặt hạn: {shown_deadline(due)}.")
    _print_late_changes(changes)
    return EXIT_OK


def cmd_extend(args: argparse.Namespace) -> int:
    from scoring.workspace.lateness import grant_extension
    from scoring.workspace.rounds import shown_deadline

    entry, changes = grant_extension(_open(args), args.round, args.unit, args.due, args.ly_do, withdraw=args.bo)
    if entry.extended_until:
        print(f"Đã gia hạn nộp cho {entry.unit.code} ({entry.name}) đến {shown_deadline(entry.extended_until)}.")
    else:
        print(f"Đã bỏ gia hạn của {entry.unit.code} ({entry.name}): đơn vị theo hạn chung của đợt.")
    _print_late_changes(changes)
    return EXIT_OK


def cmd_waive(args: argparse.Namespace) -> int:
    from scoring.workspace.lateness import waive_lateness

    entry, changes = waive_lateness(_open(args), args.round, args.unit, args.ly_do, withdraw=args.bo)
    done = "Đã bỏ miễn tính nộp muộn của" if args.bo else "Đã miễn tính nộp muộn cho"
    print(f"{done} {entry.unit.code} ({entry.name}).")
    _print_late_changes(changes)
    return EXIT_OK


def _print_late_changes(changes: list) -> None:
    """Which units a deadline, an extension or a waiver made late or on time (or that none changed)."""
    from scoring.workspace.rounds import shown_time

    late = [c for c in changes if c.late]
    on_time = [c for c in changes if not c.late]
    if late:
        print(f"Thành nộp muộn ({len(late)} đơn vị):")
        print("\n".join(f"  {c.code} {c.name}, nộp lúc {shown_time(c.received_at)}" for c in late))
    if on_time:
        print(f"Không còn nộp muộn ({len(on_time)} đơn vị):")
        print("\n".join(f"  {c.code} {c.name}, nộp lúc {shown_time(c.received_at)}" for c in on_time))
    if not changes:
        print("Không đơn vị nào đổi tình trạng nộp muộn.")


def cmd_state(args: argparse.Namespace) -> int:
    from scoring.workspace.rounds import move_round
    from scoring.workspace.stages import STATE_LABELS

    _open(args)
    round_ = move_round(args.round, args.target)
    print(f"Đợt {round_.code}: {STATE_LABELS[round_.state]}.")
    return EXIT_OK


def cmd_appraisal_sheet(args: argparse.Namespace) -> int:
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet

    print(f"Đã ghi bảng thẩm định: {write_appraisal_sheet(_open(args), args.round, Path(args.output))}")
    return EXIT_OK


def cmd_import_appraisal(args: argparse.Namespace) -> int:
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_inputs import describe

    changes = import_appraisal(_open(args), args.round, Path(args.sheet))
    print(f"Đã ghi {len(changes)} thay đổi thẩm định.")
    for c in changes:
        print(f"  {c.unit} / {c.input_id}: {describe(c.before, c.fields)} -> {describe(c.after, c.fields)} ({c.reason or 'như tự chấm'})")
    return EXIT_OK


def cmd_explanations_sheet(args: argparse.Namespace) -> int:
    from scoring.workspace.explanations import write_explanations_sheet, write_unit_explanation_sheets

    if args.tung_don_vi:
        written = write_unit_explanation_sheets(_open(args), args.round, Path(args.output))
        print(f"Đã ghi {len(written)} bảng giải trình riêng của từng đơn vị có thay đổi thẩm định vào "
              f"{Path(args.output)}.")
        return EXIT_OK
    print(f"Đã ghi bảng giải trình: {write_explanations_sheet(_open(args), args.round, Path(args.output))}")
    return EXIT_OK


def cmd_explanations(args: argparse.Namespace) -> int:
    from scoring.workspace.explanations import import_explanations

    added = import_explanations(_open(args), args.round, [Path(p) for p in args.inputs])
    print(f"Đã ghi {len(added)} ý kiến giải trình mới.")
    for unit, criterion, text in added:
        print(f"  {unit} / {criterion}: {text}")
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from scoring.workspace.publication import publish_round

    if args.pdf:  # checked before any work, as dvk rank --pdf does
        from scoring.reports.pdf import require_soffice

        require_soffice()
    ws = _open(args)
    publication = publish_round(ws, args.round, pdf=args.pdf)
    for warning in publication.set_aside:
        print(warning, file=sys.stderr)
    print(f"Đã công bố lần {publication.number}: {ws.root / publication.folder} ({len(publication.files)} tệp).")
    from scoring.workspace.correction import carried_by

    correction = carried_by(publication)
    if correction is not None:
        print(f"Đính chính lần {correction.number} so với lần công bố {correction.previous.number}: "
              f"{len(correction.changes)} đơn vị thay đổi" + ("." if not correction.changes else ": " +
              ", ".join(row["unit_code"] for row in correction.changes) + "."))
    return EXIT_OK


def cmd_correction(args: argparse.Namespace) -> int:
    from scoring.workspace.correction import reopen_round
    from scoring.workspace.stages import CORRECTION_STEPS

    opened = reopen_round(_open(args), args.round, args.ly_do)
    print(f"Đợt {opened.round.code}: Đang đính chính (lần {opened.number}) kết quả công bố lần {opened.previous.number}.")
    print("Trong khi đính chính chỉ được: " + "; ".join(CORRECTION_STEPS) + ".")
    print("Sửa xong, công bố lại bằng dvk round publish: lần công bố mới ghi lý do và những gì thay đổi.")
    return EXIT_OK


def compare_rounds_command(args: argparse.Namespace) -> int:
    """``dvk compare OLD NEW --workspace DIR`` (rounds by code)."""
    from scoring.workspace.comparison import compare_rounds
    from scoring.workspace.store import open_workspace

    ws = open_workspace(Path(args.workspace))
    comparison = compare_rounds(ws, args.old_dir, args.new_dir, Path(args.out) if args.out else None)
    for line in comparison.lines:
        print(line)
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    from scoring.workspace.audit_view import log_lines

    for line in log_lines(_open(args), args.round, args.limit):
        print(line)
    return EXIT_OK


def cmd_clean(args: argparse.Namespace) -> int:
    from scoring.workspace.leftovers import clean

    cleaned = clean(_open(args))
    print(f"Đã xóa {cleaned.temporary} bản sao tạm và {cleaned.unrecorded} tệp không được ghi nhận trong tep/, "
          f"{cleaned.uploads} thư mục tải lên tạm.", file=sys.stdout)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    if args.giu is not None:
        from scoring.workspace.rotation import backup_rotated

        rotation = backup_rotated(_open(args), Path(args.target), args.giu)
        print(f"Đã sao lưu vào {rotation.written}.")
        for path in rotation.removed:
            print(f"Đã xóa bản sao lưu cũ {path}.")
        print(f"Đang giữ {len(rotation.kept)} bản sao lưu trong {Path(args.target)} (tối đa {args.giu}).")
        return EXIT_OK
    from scoring.workspace.backup import backup

    written = backup(_open(args), Path(args.target))
    print(f"Đã sao lưu vào {written}.", file=sys.stdout)
    return EXIT_OK


def at_least_one(text: str) -> int:
    """``--giu N``: a whole number ≥ 1 (argparse says the rest in Vietnamese)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải số nguyên") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"cần giữ ít nhất 1 bản sao lưu, không phải {number}")
    return number


def cmd_restore(args: argparse.Namespace) -> int:
    from scoring.workspace.restore import restore

    restored = restore(Path(args.source), Path(args.workspace), args.database)
    print(f"Đã khôi phục bản sao lưu vào không gian làm việc {restored.root}.", file=sys.stdout)
    return EXIT_OK
