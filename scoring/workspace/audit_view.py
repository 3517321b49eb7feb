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
    "late-extended": "Gia hạn nộp cho đơn vị", "late-waived": "Miễn tính nộp muộn",
    "late-recomputed": "Tính lại nộp muộn",
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
    from scoring.workspace.rounds import shown_time

    lines = []
    for e in log_entries(round_code, limit):
        head = f"{shown_time(e.at, seconds=True)} | {e.actor} | {ACTIONS.get(e.action, e.action)}"
        if e.target:
            head += f" | {e.target}"
        lines.append(head)
        if e.before is not None:
            lines.append(f"    trước: {_short(e.before)}")
        if e.after is not None:
            lines.append(f"    sau: {_short(e.after)}")
    return lines


#: A moment as the audit stores it (ISO 8601 with its offset): shown in Vietnam's time instead.
_MOMENT = re.compile(r'"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z))"')


def _short(value: Any, width: int = 300) -> str:
    text = _MOMENT.sub(_shown, json.dumps(value, ensure_ascii=False, cls=ExactEncoder))
    return text if len(text) <= width else text[:width - 1] + "…"


def _shown(match: re.Match) -> str:
    """An ISO moment of an audit value as every page writes a time (any offset: one zone shown)."""
    from scoring.workspace.rounds import shown_time

    return '"' + shown_time(dt.datetime.fromisoformat(match.group(1).replace("Z", "+00:00"))) + '"'
