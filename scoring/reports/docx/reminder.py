"""The reminder letter (công văn đôn đốc): the units of a round that have not sent a counted
self-assessment, or sent it late, named with what each must do and by when.

Laid out by Nghị định 30/2020/NĐ-CP as the round's report is, from the same parts (:mod:`.frame`,
:mod:`.layout`, :func:`.grid.grid`): the header with the letter's "V/v" line under its number,
"Kính gửi", the body, the table of units, "Nơi nhận" and the signer.  The units come from the
round's roll (:class:`~scoring.reports.roll.RoundRoll`, the one list ``dvk round status`` and the
publication print); this module words it and computes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from docx.shared import Cm

from scoring.reports.docx import frame
from scoring.reports.docx.grid import grid, save
from scoring.reports.docx.layout import LEFT, add_run, para, setup_document
from scoring.reports.profile import PLACEHOLDER, Profile
from scoring.reports.roll import LATE_LABEL, MISSING_LABEL, REFUSED_LABEL, RoundRoll

#: Recipients named one by one in "Kính gửi" up to this many; past it, the table is pointed to.
NAMED_RECIPIENTS = 5
TABLE_HEADERS = ("STT", "Mã đơn vị", "Tên đơn vị", "Tình trạng")
WIDTHS = (Cm(1.2), Cm(3.6), Cm(7.2), Cm(4.5))


@dataclass(frozen=True)
class Reminder:
    """What the letter says: the round (name, the decision it follows as an opening clause),
    its roll, by when the units must act (text, or None: left for the office to fill), and the
    issuing profile."""

    round_name: str
    basis: str
    roll: RoundRoll
    send_by: str | None
    profile: Profile


def subject(round_name: str) -> str:
    """The letter's "V/v" line."""
    return f"V/v đôn đốc nộp hồ sơ tự chấm điểm {round_name}"


def write_reminder(reminder: Reminder, path: Path) -> Path:
    """Write the letter to ``path`` (the caller makes it whole or absent); return ``path``."""
    import docx

    letter = _letter_profile(reminder.profile)
    doc = docx.Document()
    setup_document(doc)
    frame.header(doc, letter, subject(reminder.round_name))
    _recipients(doc, reminder.roll)
    for text in body_lines(reminder):
        para(doc, text, indent_first=1.0)
    grid(doc, TABLE_HEADERS, unit_rows(reminder.roll), WIDTHS, ("center", "left", "left", "left"))
    for text in closing_lines(reminder):
        para(doc, text, indent_first=1.0)
    frame.signature(doc, letter)
    core = doc.core_properties
    core.title, core.author = subject(reminder.round_name), letter.co_quan_ban_hanh or ""
    core.last_modified_by, core.comments = core.author, ""
    return save(doc, Path(path))


def _letter_profile(profile: Profile) -> Profile:
    """The report's profile as a letter's: a công văn's number carries no document-type symbol
    ("/BC-SNV" → "/SNV"), and it goes to the units named ("Như trên") and to the archive."""
    number = profile.so_ky_hieu
    if number and "/BC-" in number:
        number = number.replace("/BC-", "/", 1)
    kept = tuple(line for line in profile.noi_nhan if line.startswith("Lưu"))
    return replace(profile, so_ky_hieu=number, noi_nhan=("Như trên;", *(kept or (f"Lưu: VT, {PLACEHOLDER}.",))))


def units_named(roll: RoundRoll) -> list[tuple[str, str, str]]:
    """(code, name, state) of every unit the letter names: missing, refused, then late."""
    named = [(u.code, u.name, u.state) for u in roll.missing]
    return named + [(u.code, u.name, f"{LATE_LABEL}: nộp lúc {u.received_at}, hạn {u.deadline}") for u in roll.late]


def unit_rows(roll: RoundRoll) -> list[list[str]]:
    """The table's rows."""
    return [[str(i), code, name, state] for i, (code, name, state) in enumerate(units_named(roll), 1)]


def _recipients(doc, roll: RoundRoll) -> None:
    """"Kính gửi:" and the units, one a line, or the table pointed to when they are many."""
    names = [name for _code, name, _state in units_named(roll)]
    if len(names) > NAMED_RECIPIENTS:
        lines = ["Các cơ quan, đơn vị có tên tại danh sách dưới đây."]
    elif len(names) == 1:
        lines = [f"{names[0]}."]
    else:
        lines = [f"- {name};" for name in names[:-1]] + [f"- {names[-1]}."]
    first = para(doc, "", align=LEFT, before=12, after=0)
    first.paragraph_format.left_indent = Cm(2.0)
    add_run(first, "Kính gửi: ")
    add_run(first, lines[0])
    for text in lines[1:]:
        paragraph = para(doc, text, align=LEFT, after=0)
        paragraph.paragraph_format.left_indent = Cm(4.1)  # under the first name, past "Kính gửi: "
    para(doc, "", after=6)


def body_lines(reminder: Reminder) -> list[str]:
    """What was asked, by when, and who has not done it (before the table)."""
    roll, office = reminder.roll, reminder.profile.co_quan_ban_hanh or "cơ quan tổng hợp"
    due = f" trước {roll.deadline}" if roll.deadline else ""
    counts = []
    missing = [u for u in roll.missing if u.state == MISSING_LABEL]
    refused = [u for u in roll.missing if u.state == REFUSED_LABEL]
    if missing:
        counts.append(f"{len(missing)} đơn vị chưa nộp")
    if refused:
        counts.append(f"{len(refused)} đơn vị có tệp bị loại, chưa có hồ sơ hợp lệ")
    if roll.late:
        counts.append(f"{len(roll.late)} đơn vị nộp muộn so với hạn")
    return [f"{reminder.basis}, {office} đã đề nghị các cơ quan, đơn vị gửi hồ sơ tự chấm điểm "
            f"{reminder.round_name}{due}.",
            f"Đến nay, còn {'; '.join(counts)}, cụ thể như sau:"]


def closing_lines(reminder: Reminder) -> list[str]:
    """What each kind of unit must do, by when, and the closing formula."""
    roll, office = reminder.roll, reminder.profile.co_quan_ban_hanh or "cơ quan tổng hợp"
    by = reminder.send_by or PLACEHOLDER
    lines = [f"Để bảo đảm tiến độ tổng hợp, đánh giá, {office} đề nghị:"]
    if any(u.state == MISSING_LABEL for u in roll.missing):
        lines.append(f"- Các đơn vị chưa nộp: lập bảng tự chấm điểm trên biểu mẫu riêng của đơn vị (tên, mã đơn "
                     f"vị đã điền sẵn; tải trên cổng thông tin hoặc dùng tệp gửi kèm), gửi về {office} "
                     f"trước {by}.")
    if any(u.state == REFUSED_LABEL for u in roll.missing):
        lines.append(f"- Các đơn vị có tệp bị loại: xem lý do loại trong thông báo kết quả nhận hồ sơ, sửa đúng "
                     f"các ô được chỉ ra rồi gửi lại trước {by}.")
    if roll.late:
        lines.append(f"- Các đơn vị nộp muộn: hồ sơ đã được nhận và tính theo quy định về nộp muộn của đợt; "
                     f"trường hợp có lý do chính đáng, gửi văn bản nêu rõ lý do để {office} xem xét gia hạn "
                     f"hoặc miễn tính nộp muộn.")
    if roll.missing:
        lines.append(f"Quá thời hạn trên, đơn vị chưa có hồ sơ hợp lệ được tổng hợp là chưa nộp trong báo cáo "
                     f"kết quả đánh giá, phân loại {reminder.round_name}.")
    lines.append("Đề nghị các cơ quan, đơn vị quan tâm, thực hiện./.")
    return lines
