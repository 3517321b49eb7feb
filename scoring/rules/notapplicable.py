"""A criterion the unit itself declares "Không áp dụng" (where the ruleset allows it).

A criterion with ``unit_may_declare_not_applicable`` lets the unit answer the text
"Không áp dụng" instead of its inputs (JSON: ``"self": "Không áp dụng"`` with
``"not_applicable_reason"``; workbook: the criterion's "Không áp dụng" dropdown and reason rows).
Such a stage is scored like every other not-applicable stage (``StageScore.applicable`` false):
the criterion leaves that stage's applicable maximum, so groups, caps and percentages follow.
The appraisal overrules it with a value, or confirms it with "Không áp dụng".
"""

from __future__ import annotations

import unicodedata
from typing import Any

#: The answer text, as the template's dropdown offers it.
NA_TEXT = "Không áp dụng"
#: Field keys of the workbook rows (and of findings' locations): the choice and its reason.
NA_FIELD = "not_applicable"
REASON_FIELD = "not_applicable_reason"
NA_KEYS = (NA_FIELD, REASON_FIELD)
_FOLDED = NA_TEXT.casefold()


def is_na_text(value: Any) -> bool:
    """Whether ``value`` is the answer "Không áp dụng" (any case, NFC or NFD, odd spaces)."""
    if value.__class__ is not str or len(value) > 40:
        return False
    if value == NA_TEXT:
        return True
    return " ".join(unicodedata.normalize("NFC", value).casefold().split()) == _FOLDED


def self_explanation(reason: str | None) -> str:
    """The self stage's one-line reason for a unit-declared "Không áp dụng"."""
    said = f": {reason}" if reason else " (chưa ghi lý do)"
    return f"Đơn vị tự khai không áp dụng{said} → không tính vào điểm tối đa"


def appraisal_explanation(unit_declared: bool) -> str:
    """The appraisal stage's reason when the appraiser answers "Không áp dụng"."""
    verb = "xác nhận" if unit_declared else "xác định"
    return f"Cấp thẩm định {verb} không áp dụng → không tính vào điểm tối đa"


OVERRULED = "Cấp thẩm định không chấp nhận «không áp dụng» của đơn vị; "
