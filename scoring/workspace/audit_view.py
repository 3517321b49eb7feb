"""``dvk round log``: the audit trail as lines a person reads."""

from __future__ import annotations

import json
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
}


def log_entries(round_code: str | None, limit: int | None = None) -> list[Any]:
    """The round's audit entries, oldest first (the last ``limit`` of them if given)."""
    from scoring.workspace.models import AuditEntry
    from scoring.workspace.rounds import find_round

    entries = AuditEntry.objects.filter(round=find_round(round_code)).order_by("-id")
    if limit:
        entries = entries[:limit]
    return list(reversed(list(entries)))


def log_lines(ws: Workspace, round_code: str | None, limit: int | None = None) -> list[str]:
    from scoring.workspace.rounds import VN

    lines = []
    for e in log_entries(round_code, limit):
        head = f"{e.at.astimezone(VN):%d/%m/%Y %H:%M:%S} | {e.actor} | {ACTIONS.get(e.action, e.action)}"
        if e.target:
            head += f" | {e.target}"
        lines.append(head)
        if e.before is not None:
            lines.append(f"    trước: {change_text(e.before)}")
        if e.after is not None:
            lines.append(f"    sau: {change_text(e.after)}")
    return lines


def change_text(value: Any) -> str:
    """A change's before or after as one line of JSON, whole (never cut: the publish entry's
    state, number and units, or what a roster import updated, are at its end) and in the order
    it was written."""
    return json.dumps(value, ensure_ascii=False, cls=ExactEncoder)
