"""``dvk round log``: the audit trail as lines a person reads."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from scoring.workspace.jsoncodec import ExactEncoder
from scoring.workspace.store import Workspace

ACTIONS = {
    "round-created": "Tạo đợt", "roster-imported": "Nhập danh sách đơn vị", "deadline-set": "Đặt hạn",
    "state-changed": "Chuyển trạng thái", "collected": "Thu hồ sơ",
    "submission-accepted": "Nhận hồ sơ", "submission-replaced": "Thay hồ sơ",
    "submission-rejected": "Loại tệp", "appraisal-changed": "Thẩm định",
    "appraisal-imported": "Nhập bảng thẩm định",
    "explanation-added": "Giải trình", "published": "Công bố", "migrated": "Nâng cấp dữ liệu",
    "login-failed": "Đăng nhập sai", "login-unlocked": "Mở khóa đăng nhập",
    "late-extended": "Gia hạn nộp cho đơn vị", "late-waived": "Miễn tính nộp muộn",
    "late-recomputed": "Tính lại nộp muộn",
}
ACTIONS["correction-opened"] = "Mở đính chính kết quả đã công bố"
ACTIONS["lower-declared"] = "Khai báo tiêu chí lấy kết quả công bố của cơ quan cấp dưới"


def log_entries(round_code: str | None, limit: int | None = None) -> list[Any]:
    """The round's audit entries, oldest first (the last ``limit`` of them if given)."""
    from scoring.workspace.models import AuditEntry
    from scoring.workspace.rounds import find_round

    entries = AuditEntry.objects.filter(round=find_round(round_code)).order_by("-id")
    if limit:
        entries = entries[:limit]
    return list(reversed(list(entries)))


def log_lines(ws: Workspace, round_code: str | None, limit: int | None = None) -> list[str]:
    from scoring.workspace.rounds import shown_time

    lines = []
    for e in log_entries(round_code, limit):
        head = f"{shown_time(e.at, seconds=True)} | {e.actor} | {ACTIONS.get(e.action, e.action)}"
        if e.target:
            head += f" | {e.target}"
        lines.append(head)
        if e.before is not None:
            lines.append(f"    trước: {change_text(e.before)}")
        if e.after is not None:
            lines.append(f"    sau: {change_text(e.after)}")
    return lines


#: A moment as the audit stores it (ISO 8601 with its offset): shown in Vietnam's time instead.
_MOMENT = re.compile(r'"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z))"')


def _shown(match: re.Match) -> str:
    """An ISO moment of an audit value as every page writes a time (any offset: one zone shown)."""
    from scoring.workspace.rounds import shown_time

    return '"' + shown_time(dt.datetime.fromisoformat(match.group(1).replace("Z", "+00:00"))) + '"'


def change_text(value: Any) -> str:
    """A change's before or after as one line of JSON, whole (never cut: the publish entry's
    state, number and units, or what a roster import updated, are at its end) and in the order
    it was written."""
    return _MOMENT.sub(_shown, json.dumps(value, ensure_ascii=False, cls=ExactEncoder))


ACTIONS.update({
    "evidence-attached": "Đính kèm tài liệu", "evidence-removed": "Gỡ tài liệu", "ruleset-uploaded": "Tải bộ tiêu chí",
    "account-created": "Tạo tài khoản", "accounts-created": "Tạo tài khoản đơn vị",
    "password-reset": "Cấp lại mật khẩu", "password-changed": "Đổi mật khẩu",
    "documents-declared": "Khai báo văn bản nộp theo hạn", "document-received": "Nhận văn bản nộp theo hạn",
    "model-deadline": "Đặt hạn đăng ký mô hình", "model-registered": "Đăng ký mô hình",
    "model-status": "Ghi trạng thái mô hình", "round-model-register": "Dùng sổ đăng ký mô hình cho đợt",
})
#: The audit workbook's columns (the page shows the same).
AUDIT_COLUMNS = ("Thời điểm", "Người thực hiện", "Việc", "Đối tượng", "Đợt", "Trước", "Sau")


def audit_entries(unit: str = "", actor: str = "", since: Any = None, until: Any = None) -> Any:
    """Every audit entry, newest first, of any round or none (accounts, rulesets): those whose
    target names ``unit`` (a unit's code, as entries write it: "XA-01 / 1.2"), made by ``actor``,
    on or after the day ``since`` and on or before the day ``until`` (dates in Vietnam's time)."""
    import datetime as dt

    from scoring.workspace.models import AuditEntry
    from scoring.workspace.rounds import VN

    entries = AuditEntry.objects.select_related("round").order_by("-at", "-id")
    if unit.strip():
        entries = entries.filter(target__icontains=unit.strip())
    if actor.strip():
        entries = entries.filter(actor__iexact=actor.strip())
    if since is not None:
        entries = entries.filter(at__gte=dt.datetime.combine(since, dt.time(), VN))
    if until is not None:
        entries = entries.filter(at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), VN))
    return entries


def audit_row(entry: Any) -> tuple[str, ...]:
    """One entry as the page and the workbook show it, in :data:`AUDIT_COLUMNS` order; a council
    change's values in the ruleset's words (:func:`~scoring.workspace.appraisal_inputs.describe`)."""
    from scoring.workspace.rounds import VN

    before, after = _values(entry)
    return (f"{entry.at.astimezone(VN):%d/%m/%Y %H:%M:%S}", entry.actor, ACTIONS.get(entry.action, entry.action),
            entry.target, entry.round.code if entry.round_id else "", before, after)


def _values(entry: Any) -> tuple[str, str]:
    """The entry's before and after as text: raw JSON, except a council change's values."""
    after = entry.after
    if entry.action == "appraisal-changed" and isinstance(after, dict) and "value" in after and entry.round_id:
        from scoring.workspace.appraisal_inputs import describe

        fields = _criterion_fields(entry.round, entry.target.rsplit(" / ", 1)[-1])
        reason = f" (lý do: {after['reason']})" if after.get("reason") else ""
        return describe(entry.before, fields), describe(after["value"], fields) + reason
    return ("" if entry.before is None else change_text(entry.before),
            "" if after is None else change_text(after))


def _criterion_fields(round_: Any, criterion: str) -> tuple[Any, ...]:
    from scoring.rules.index import index_of
    from scoring.workspace.rounds import ruleset_of

    info = index_of(ruleset_of(round_)).by_id.get(criterion)
    return info.fields if info is not None else ()


def write_audit_workbook(entries: Any, path: Any, heading: str) -> Any:
    """The entries as an xlsx (every cell text: a target typed as ``=…`` stays text)."""
    from scoring.formats.xlsxstream import Sheet, write_workbook

    rows = [audit_row(e) for e in entries.iterator()]
    sheet = Sheet("Nhật ký", widths=(20, 18, 22, 30, 14, 50, 50),
                  cells=[(0, 0, heading, "title"), *[(2, i, c, "header") for i, c in enumerate(AUDIT_COLUMNS)]],
                  body_row=3, body=rows, body_styles=("text",) * len(AUDIT_COLUMNS), frozen_rows=3,
                  autofilter=(2, 0, 2 + len(rows), len(AUDIT_COLUMNS) - 1), print_rows=(2, 2))
    return write_workbook(path, [sheet], title="Nhật ký thay đổi", subject=heading)
