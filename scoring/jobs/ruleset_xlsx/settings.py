"""The settings of a ruleset as a rule author sees them: a Vietnamese label, the kind of value, the
Vietnamese words of each enumerated code, and (from the models) the default.

One declared list: the "Thông tin" sheet, its reading back, the dropdowns and the "Hướng dẫn" sheet
all come from :data:`SETTINGS` and :data:`CHOICES`.  A new setting of the ruleset format is one line
here; the JSON keeps its codes, the workbook shows (and reads back) their labels, and reads the
code too, so that an older workbook or a person who knows the code is understood.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from scoring.models_dvk.model import FIELDS, STATUSES
from scoring.rules.extensions import ModelInput, RewardRule, Rewards
from scoring.rules.models import (
    Classification,
    Criterion,
    Decision,
    Fact,
    Gate,
    Period,
    Pool,
    PoolItem,
    Quota,
    Ranking,
    Rounding,
    Ruleset,
    TieBreaker,
)

Kind = Literal["text", "number", "bool", "date", "choice", "value"]


def fold(text: str) -> str:
    """Text compared as a person means it: NFC, case and runs of spaces ignored."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


#: The Vietnamese words of each enumerated code, by the name of its list (used by settings and columns).
#: Labels hold no comma: they are the items of a dropdown list.
CHOICES: dict[str, tuple[tuple[Any, str], ...]] = {
    "relation": (("encodes", "Mã hóa đúng văn bản"), ("modeled_on", "Mô phỏng theo văn bản")),
    "status": (("official", "Chính thức"), ("illustrative", "Minh họa")),
    "evidence_missing": (("warning", "Chỉ cảnh báo"), ("zero_points", "Tiêu chí được 0 điểm")),
    "final_stage": (("appraisal_if_given", "Điểm thẩm định nếu có (không thì điểm tự chấm)"),
                    ("self", "Điểm tự chấm"), ("lower", "Điểm thấp hơn trong hai điểm")),
    "basis": (("points", "Theo điểm"), ("percent", "Theo tỷ lệ % điểm")),
    "percent_places": (("exact", "Không làm tròn"), *((n, str(n)) for n in range(7))),
    "mode": (("half_up", "Làm tròn (từ 5 trở lên thì lên)"), ("down", "Làm tròn xuống (bỏ phần lẻ)")),
    "order": (("class_then_score", "Theo xếp loại rồi theo điểm"), ("score", "Chỉ theo điểm")),
    "ties": (("competition", "Đồng hạng rồi bỏ hạng (1; 2; 2; 4)"), ("dense", "Đồng hạng không bỏ hạng (1; 2; 2; 3)")),
    "fact_kind": (("boolean", "Có/Không"), ("integer", "Số nguyên")),
    "effect": (("cap", "Không cao hơn"), ("lower", "Hạ bậc"), ("force", "Xếp đúng loại"),
               ("not_classified", "Không xếp loại")),
    "scope": (("block", "Trong từng khối"), ("all", "Toàn bộ đơn vị")),
    "ties_at_cutoff": (("tie_breakers", "Xét tiêu chí phụ"), ("keep_all", "Giữ tất cả"),
                       ("demote_all", "Hạ tất cả")),
    "when_zero_denominator": (("not_applicable", "Không áp dụng"), ("full_points", "Được điểm tối đa"),
                              ("zero_points", "Được 0 điểm")),
    "when_above_100": (("cap", "Tính là 100%"), ("error", "Báo lỗi")),
    "when_blank": (("not_entered", "Là chưa nhập (báo lỗi)"), ("zero", "Là 0")),
    "mapping": (("linear", "Tỷ lệ thuận"), ("bands", "Theo ngưỡng")),
    "combine": (("all", "Tất cả"), ("any", "Một trong")),
    "subject": (("input", "Giá trị nhập"), ("points", "Điểm đạt")),
    "op": (("==", "bằng"), ("!=", "khác"), (">", "lớn hơn"), (">=", "lớn hơn hoặc bằng"), ("<", "nhỏ hơn"),
           ("<=", "nhỏ hơn hoặc bằng")),
    "reward_subject": (("collective", "Tập thể"), ("individual", "Cá nhân")),
    "ties_at_limit": (("exclude", "Để Hội đồng quyết định"), ("include", "Đề nghị cả")),
    "tie_breaker": (("fewer_deductions", "Ít điểm trừ hơn"), ("more_bonus", "Nhiều điểm thưởng hơn"),
                    ("higher_points", "Điểm cao hơn ở nhóm hoặc tiêu chí")),
    "percent_used": (("published", "Tỷ lệ in ra (đã làm tròn)"), ("exact", "Tỷ lệ chính xác (không làm tròn)")),
    "when_above_max_count": (("error", "Báo lỗi (mục chưa được tính)"), ("cap", "Chỉ tính số lần tối đa")),
    "model_status": tuple(STATUSES.items()),
    "model_field": tuple(FIELDS.items()),
    "when_not_appraised": (("not_applicable", "Không tính vào điểm tối đa áp dụng"), ("zero", "Tính 0 điểm"),
                           ("zero_if_unit_appraised", "Tính 0 điểm nếu đơn vị đã được thẩm định")),
}

#: Parameters written as "tên: giá trị" lines in a "Tham số" cell: JSON key → (Vietnamese name, list
#: of CHOICES or None).  Names hold no colon.  A key not listed is written (and read) as itself.
PARAMETERS: dict[str, tuple[str, str | None]] = {
    "step": ("Bước chấm", None), "question": ("Câu hỏi", None),
    "numerator_label": ("Tên tử số", None), "denominator_label": ("Tên mẫu số", None),
    "unit": ("Đơn vị đếm", None), "when_zero_denominator": ("Khi mẫu số bằng 0", "when_zero_denominator"),
    "when_above_100": ("Khi tỷ lệ trên 100%", "when_above_100"),
    "target_percent": ("Tỷ lệ được điểm tối đa (%)", None), "when_blank": ("Ô để trống", "when_blank"),
    "index_name": ("Tên chỉ số", None), "index_max": ("Giá trị tối đa của chỉ số", None),
    "mapping": ("Cách quy đổi", "mapping"), "cap_at_max": ("Không vượt điểm tối đa của nhóm", None),
    "max_by_unit_type": ("Điểm tối đa theo loại đơn vị", None),
    "unit_may_declare_not_applicable": ("Đơn vị được tự khai Không áp dụng", None),
    "when_not_appraised": ("Khi cấp thẩm định bỏ trống", "when_not_appraised"),
}
_PARAMETER_BY_WORDS = {fold(text): key for key, (name, _) in PARAMETERS.items() for text in (key, name)}


def parameter_line(key: str, value: Any) -> tuple[str, Any]:
    """(name, value) of a "Tham số" line: the Vietnamese name, and a choice's label for its code."""
    name, choices = PARAMETERS.get(key, (key, None))
    return name, (label_of(choices, value) if choices and isinstance(value, str) else value)


def parameter_key(name: str, value: Any) -> tuple[str, Any]:
    """(JSON key, value) of a "Tham số" line read back: the name or the key; a label or the code."""
    key = _PARAMETER_BY_WORDS.get(fold(name), name)
    choices = PARAMETERS.get(key, (key, None))[1]
    return key, (code_of(choices, value)[1] if choices else value)


@dataclass(frozen=True)
class Setting:
    """One row of "Thông tin": the JSON key (dotted under an object), its label and kind."""

    key: str
    label: str
    kind: Kind = "value"
    choices: str | None = None  # a name in CHOICES
    note: str = ""

    @property
    def default(self) -> Any:
        """The value the ruleset takes when the row is left out (``REQUIRED`` when it must be given)."""
        return default_of(self.key)


_C = "choice"
SETTINGS: tuple[Setting, ...] = (
    Setting("$schema", "Tệp lược đồ kiểm tra (để nguyên)", "text"),
    Setting("id", "Mã bộ tiêu chí", "text"), Setting("version", "Phiên bản", "text"),
    Setting("title", "Tên bộ tiêu chí", "text"),
    Setting("decision.number", "Quyết định: số hiệu", "text"),
    Setting("decision.date", "Quyết định: ngày ban hành", "date"),
    Setting("decision.issuer", "Quyết định: cơ quan ban hành", "text"),
    Setting("decision.title", "Quyết định: trích yếu", "text"),
    Setting("decision.relation", "Quan hệ với văn bản", _C, "relation"),
    Setting("effective.from", "Hiệu lực từ ngày", "date"), Setting("effective.to", "Hiệu lực đến ngày", "date"),
    Setting("status", "Trạng thái", _C, "status"), Setting("status_note", "Ghi chú trạng thái", "text"),
    Setting("scale", "Thang điểm", "number"),
    Setting("bonus.label", "Điểm thưởng: tên", "text"), Setting("bonus.cap", "Điểm thưởng: tối đa", "number"),
    Setting("deductions.label", "Điểm trừ: tên", "text"), Setting("deductions.cap", "Điểm trừ: tối đa", "number"),
    Setting("total_may_exceed_scale", "Tổng điểm được vượt thang điểm", "bool"),
    Setting("evidence_missing", "Thiếu tài liệu kiểm chứng", _C, "evidence_missing"),
    Setting("final_stage", "Điểm cuối cùng lấy theo", _C, "final_stage"),
    Setting("classification.basis", "Xếp loại theo", _C, "basis"),
    Setting("classification.not_classified_label", "Nhãn không xếp loại", "text"),
    Setting("classification.percent_places", "Số chữ số thập phân của tỷ lệ dùng để xếp loại", _C, "percent_places",
            "Để trống: theo tỷ lệ in ra; ghi một số 0–6 hoặc 'Không làm tròn'."),
    Setting("rounding.mode", "Làm tròn", _C, "mode"),
    Setting("rounding.criterion_places", "Số chữ số thập phân: tiêu chí", "number"),
    Setting("rounding.total_places", "Số chữ số thập phân: tổng điểm", "number"),
    Setting("rounding.percent_places", "Số chữ số thập phân: tỷ lệ", "number"),
    Setting("ranking.order", "Thứ tự xếp hạng", _C, "order"),
    Setting("ranking.ties", "Đồng hạng", _C, "ties"),
    Setting("ranking.percent", "Tỷ lệ dùng để xếp hạng", _C, "percent_used",
            "Khi xếp loại theo tỷ lệ %: so sánh tỷ lệ in ra (hai đơn vị cùng in ra 90,0% là bằng nhau) hoặc tỷ "
            "lệ chính xác (90,00% đứng trên 89,95%); cũng dùng để cắt hạn mức trừ khi hạn mức ghi riêng."),
    Setting("ranking.tie_breakers", "Tiêu chí phụ khi bằng điểm", note="Ghi ở trang 'Tiêu chí phụ', mỗi dòng một "
            "tiêu chí phụ, xét lần lượt từ trên xuống."),
    Setting("model_inputs", "Giá trị lấy từ sổ mô hình", note="Ghi ở trang 'Sổ mô hình', mỗi tiêu chí hoặc "
            "mục một dòng, các mức của nó ở các dòng ngay dưới."),
    Setting("model_recognition", "Công nhận mô hình theo xếp loại", note="Ghi ở trang 'Công nhận mô hình', mỗi "
            "xếp loại một dòng."),
    Setting("rewards", "Quy tắc đề nghị khen thưởng"),
    Setting("rewards.label", "Khen thưởng: tên danh sách", "text"),
    Setting("rewards.note", "Khen thưởng: căn cứ, ghi chú", "text"),
)
BY_KEY = {s.key: s for s in SETTINGS}


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
_OWNERS: dict[str, type[BaseModel]] = {"": Ruleset, "decision": Decision, "effective": Period, "bonus": Pool,
                                       "deductions": Pool, "classification": Classification,
                                       "rounding": Rounding, "ranking": Ranking, "rewards": Rewards,
                                       # the records of a sheet: "<path of its list>.<key>"
                                       "criteria": Criterion, "bonus.items": PoolItem, "deductions.items": PoolItem, "facts": Fact,
                                       "classification.gates": Gate, "classification.quotas": Quota,
                                       "ranking.tie_breakers": TieBreaker, "rewards.rules": RewardRule,
                                       "model_inputs": ModelInput}


def default_of(key: str) -> Any:
    """The model's default for a dotted key (``REQUIRED`` when the key must be given, None if unknown);
    a record's key is under its list's path ("classification.quotas.percent")."""
    head, _, sub = key.rpartition(".")
    model = _OWNERS.get(head)
    if model is None:
        return None
    field = next((f for name, f in model.model_fields.items() if (f.alias or name) == sub), None)
    if field is None or field.is_required():
        return REQUIRED
    return field.get_default(call_default_factory=True)


def label_of(choices: str, code: Any) -> Any:
    """The Vietnamese label of ``code`` (the code itself when it has none)."""
    return next((label for c, label in CHOICES[choices] if c == code), code)


#: Other words people write for a choice (the short forms a decision uses, symbols), by list.
ALIASES: dict[str, dict[str, Any]] = {
    "scope": {"khối": "block", "trong khối": "block", "toàn bộ": "all", "tất cả": "all", "chung": "all"},
    "effect": {"hạ": "lower", "hạ loại": "lower", "xếp loại": "force", "không quá": "cap"},
    "op": {"=": "==", "≠": "!=", "<>": "!=", "≥": ">=", "≤": "<=", "từ": ">=", "trở lên": ">=", "dưới": "<",
           "không quá": "<=", "trên": ">"},
    "fact_kind": {"có/không": "boolean", "có / không": "boolean", "số": "integer"},
    "combine": {"và": "all", "hoặc": "any", "một trong các điều kiện": "any", "tất cả các điều kiện": "all"},
    "subject": {"giá trị": "input", "điểm": "points", "điểm của tiêu chí": "points"},
    "status": {"minh hoạ": "illustrative"},
    "percent_used": {"in ra": "published", "đã làm tròn": "published", "chính xác": "exact",
                     "không làm tròn": "exact"},
    "when_above_max_count": {"báo lỗi": "error", "lỗi": "error", "chỉ tính tối đa": "cap", "tính tối đa": "cap"},
    "when_not_appraised": {"không áp dụng": "not_applicable", "không tính": "not_applicable",
                           "0 điểm": "zero", "tính 0": "zero"},
}


def code_of(choices: str, text: Any) -> tuple[bool, Any]:
    """(found, code) for a cell that names a choice by its label, its code or a usual other word."""
    if isinstance(text, str):
        for code, label in CHOICES[choices]:
            if fold(text) in (fold(label), fold(str(code))):
                return True, code
        alias = ALIASES.get(choices, {})
        if fold(text) in alias:
            return True, alias[fold(text)]
    return False, text


def labels(choices: str) -> list[str]:
    """The Vietnamese labels of a list of choices (a dropdown's items)."""
    return [label for _, label in CHOICES[choices]]


_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def date_text(value: Any) -> Any:
    """An ISO date as a Vietnamese reader writes it (2025-01-02 → 02/01/2025); anything else as it is."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if len(value) == 10 else value
        except ValueError:
            return value
    return value


def iso_date(text: str) -> str | None:
    """A typed day/month/year date as ISO text (None when it is not one; ISO text is itself)."""
    match = _DATE.match(text)
    if match is None:
        return text.strip() if re.match(r"^\d{4}-\d{2}-\d{2}$", text.strip()) else None
    day, month, year = map(int, match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
