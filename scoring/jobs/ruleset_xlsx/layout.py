"""The layout of a ruleset written as a workbook (``dvk ruleset to-xlsx`` / ``from-xlsx``).

One sheet per part of the ruleset, each a table under a header row: "Tiêu chí" is laid out as a
decision's appendix (STT, nội dung, điểm tối đa, phương pháp chấm, its levels or thresholds as
rows under the criterion, its other parameters, đối tượng áp dụng, the unit's own "Không áp dụng",
one "Tối đa: <loại đơn vị>" column per unit type); unit types, blocks, bonus and deduction items,
facts, classes, gates (conditions as rows, :mod:`.gates`), quotas, tie-breakers and reward rules
have their own sheets; the settings are rows of "Thông tin" told by their Vietnamese label
(:mod:`.settings`).  Everything is in words: enumerated codes as labels, unit types and classes by
name; the reader takes the code or the id as well.

Losslessness: every column maps one JSON key; whatever a column cannot carry exactly (an explicit
empty list, an empty text, a key without its own column) goes, as ``tên: giá trị`` lines, into the
row's "Tham số khác" cell, with the value codec below.  Shared by the writer and the reader.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

#: "scalar": a number, yes/no or a text (a text that would read as a number is written quoted).
#: "list": several items of a closed list, written as their labels joined by "; ".
Kind = Literal["text", "number", "bool", "ids", "value", "scalar", "extra", "display", "list"]


@dataclass(frozen=True)
class Col:
    """One column: its header, the JSON key it carries (None: display only or extra lines)."""

    header: str
    key: str | None
    kind: Kind
    width: int = 12
    choices: str | None = None  # a list of settings.CHOICES: the cell shows (and reads) its labels
    #: A column added after workbooks were made: a workbook without it reads as if it were blank.
    optional: bool = False
    note: str = ""  # said on the "Hướng dẫn" sheet


@dataclass(frozen=True)
class TableSpec:
    """A sheet of records (one JSON object per row); ``path`` is where the list lives."""

    sheet: str
    title: str
    path: tuple[str, ...]
    columns: tuple[Col, ...]
    optional: bool = False  # a sheet added after workbooks were made: absent, nothing is read from it


EXTRA = Col("Tham số khác", None, "extra", 30)

SHEET_INFO = "Thông tin"
SHEET_CRITERIA = "Tiêu chí"
SHEET_POOLS = "Thưởng, trừ"
INFO_COLUMNS = (Col("Nội dung", None, "display", 46), Col("Giá trị", None, "value", 60))

#: The criteria sheet.  Rows with an STT are groups and criteria; rows under a criterion without
#: an STT are its method's levels, thresholds, kinds or checklist items.
CRITERIA_COLUMNS = (
    Col("STT", "id", "text", 7), Col("Nội dung", "name", "text", 42), Col("Điểm tối đa", "max", "number", 9),
    Col("Phương pháp chấm", "type", "text", 18), Col("Mã mục", "id", "text", 11),
    Col("Ngưỡng", "min", "number", 8), Col("Tham số", None, "extra", 34),
    Col("Đối tượng áp dụng", "applies_to", "ids", 12), Col("Thuộc nhóm", "parent", "text", 8),
    Col("Bắt buộc tài liệu kiểm chứng", "evidence_required", "bool", 11),
    Col("Đơn vị được tự khai Không áp dụng", None, "bool", 11), Col("Phải nêu lý do Không áp dụng", None, "bool", 11),
    Col("Hướng dẫn chấm", "guidance", "text", 48),
)
NA_ALLOWED, NA_REASON = "Đơn vị được tự khai Không áp dụng", "Phải nêu lý do Không áp dụng"
#: Columns after these, one per unit type, give a group's maximum for that type ("Tối đa: Sở, ngành").
PER_TYPE = "Tối đa: "


#: Columns that name unit types: written by name ("Sở, ban, ngành; UBND xã"), read by name or id.
UNIT_TYPE_COLUMNS = ("Đối tượng áp dụng", "Loại đơn vị")


#: (sheet, column) that name classes: written by label ("Khá"), read by label or id.
CLASS_COLUMNS = {("Điều kiện xếp loại", "Xếp loại"), ("Hạn mức", "Xếp loại"), ("Hạn mức", "Trong số"),
                 ("Hạn mức", "Hạ xuống"), ("Khen thưởng", "Xếp loại"), ("Công nhận mô hình", "Xếp loại")}


def unit_type_ids(parts: list[str], names: dict[str, str]) -> list[str]:
    """Cell parts (split on every comma) back to unit type ids: the longest run of parts that,
    joined again, is a unit type's name (folded) is that type; a part that is none stays itself."""
    out, i = [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            joined = " ".join(", ".join(parts[i:j]).casefold().split())
            if joined in names:
                out.append(names[joined])
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return out


def na_cells(allowance: Any) -> tuple[str | None, str | None] | None:
    """The two "Không áp dụng" cells of ``unit_may_declare_not_applicable`` (None: they cannot say it)."""
    if not isinstance(allowance, dict) or set(allowance) - {"reason_required"}:
        return None
    reason = allowance.get("reason_required")
    if "reason_required" in allowance and not isinstance(reason, bool):
        return None
    return WORDS_TRUE[0], None if reason is None else WORDS_TRUE[0] if reason else WORDS_FALSE[0]


def na_value(allowed: Any, reason: Any) -> Any:
    """``unit_may_declare_not_applicable`` from the two cells (read as yes/no; None when blank)."""
    if not allowed:
        return None
    return {} if reason is None else {"reason_required": reason}
GROUP_LABEL = "Nhóm tiêu chí"

#: Method type → (Vietnamese label, list field written as rows under the criterion).
METHODS: dict[str, tuple[str, str | None]] = {
    "manual": ("Chấm trực tiếp", None), "binary": ("Đạt / không đạt", None), "levels": ("Theo mức", "levels"),
    "percent_bands": ("Theo ngưỡng tỷ lệ", "bands"), "linear_ratio": ("Tỷ lệ tuyến tính", None),
    "count_deduction": ("Trừ theo số lần", "kinds"), "checklist": ("Danh mục việc", "items"),
    "index_mapping": ("Theo chỉ số", "bands"), "appraiser_only": ("Hội đồng chấm", None),
}

#: (method type, list field) → the item keys in the columns Mã mục, Nội dung, Điểm tối đa, Ngưỡng.
ITEM_KEYS: dict[tuple[str, str], tuple[str | None, str | None, str, str | None]] = {
    ("levels", "levels"): ("id", "label", "points", None),
    ("percent_bands", "bands"): (None, "label", "points", "min_percent"),
    ("count_deduction", "kinds"): ("id", "label", "points_each", None),
    ("checklist", "items"): ("id", "label", "points", None),
    ("index_mapping", "bands"): (None, "label", "points", "min"),
}


def threshold_caption(min_key: str, value: Any) -> str:
    """What the "Nội dung" cell of a threshold without a label says ("Từ 80% trở lên"); read back,
    this very text is no label."""
    unit = "%" if min_key == "min_percent" else ""
    return f"Từ {number_text(value).replace('.', ',')}{unit} trở lên"

TABLES = (
    TableSpec("Loại đơn vị", "Loại đơn vị", ("unit_types",),
              (Col("Mã", "id", "text", 14), Col("Tên loại đơn vị", "name", "text", 40), EXTRA)),
    TableSpec("Khối", "Khối xếp hạng", ("blocks",),
              (Col("Mã khối", "id", "text", 14), Col("Tên khối", "name", "text", 40),
               Col("Loại đơn vị", "unit_types", "ids", 24), EXTRA)),
    TableSpec("Dữ kiện", "Dữ kiện (không tính điểm, dùng cho điều kiện xếp loại)", ("facts",),
              (Col("Mã", "id", "text", 10), Col("Nội dung", "name", "text", 40), Col("Kiểu", "kind", "text", 12, "fact_kind"),
               Col("Đối tượng áp dụng", "applies_to", "ids", 14), Col("Hướng dẫn", "guidance", "text", 40), EXTRA)),
    TableSpec("Xếp loại", "Các mức xếp loại (từ cao xuống thấp)", ("classification", "bands"),
              (Col("Mã", "id", "text", 12), Col("Xếp loại", "label", "text", 30), Col("Từ", "min", "number", 10),
               Col("Đến dưới", "max", "number", 10), EXTRA)),
    TableSpec("Điều kiện xếp loại", "Điều kiện xếp loại (áp dụng sau mức điểm, theo thứ tự)",
              ("classification", "gates"),
              (Col("Mã", "id", "text", 10), Col("Kết hợp các điều kiện", None, "text", 12, "combine"),
               Col("Xét", None, "text", 12, "subject"), Col("Tiêu chí hoặc dữ kiện (mã)", None, "text", 12),
               Col("Ô nhập", None, "text", 10), Col("So sánh", None, "text", 14, "op"),
               Col("Giá trị", None, "scalar", 9), Col("Tác động", "effect", "text", 14, "effect"),
               Col("Xếp loại", "band", "text", 10), Col("Số bậc", "levels", "number", 7),
               Col("Lý do", "reason", "text", 36), EXTRA)),
    TableSpec("Hạn mức", "Hạn mức xếp loại", ("classification", "quotas"),
              (Col("Xếp loại", "band", "text", 10), Col("Tối đa (%)", "max_percent", "number", 9),
               Col("Trong số", "of_bands", "ids", 14), Col("Phạm vi", "scope", "text", 12, "scope"),
               Col("Hạ xuống", "demote_to", "text", 10), Col("Lý do", "reason", "text", 40),
               Col("Khi bằng nhau tại ngưỡng", "ties_at_cutoff", "text", 14, "ties_at_cutoff"),
               Col("Tỷ lệ dùng để chọn", "percent", "text", 16, "percent_used", optional=True,
                   note="Khi xếp loại theo tỷ lệ %: tỷ lệ dùng để chọn đơn vị giữ hạng. Để trống: như "
                        "'Tỷ lệ dùng để xếp hạng' ở trang 'Thông tin'."), EXTRA)),
    TableSpec("Tiêu chí phụ", "Tiêu chí phụ khi bằng điểm (xét lần lượt từ trên xuống)", ("ranking", "tie_breakers"),
              (Col("Cách xét", "type", "text", 34, "tie_breaker"), Col("Nhóm hoặc tiêu chí (STT)", "node", "text", 14),
               EXTRA), optional=True),
    TableSpec("Khen thưởng", "Quy tắc đề nghị khen thưởng (xét lần lượt từ trên xuống)", ("rewards", "rules"),
              (Col("Mã", "id", "text", 10), Col("Hình thức khen thưởng", "title", "text", 34),
               Col("Đối tượng", "subject", "text", 10, "reward_subject"), Col("Xếp loại", "bands", "ids", 14),
               Col("Trong tốp (hạng)", "rank_max", "number", 8), Col("Tỷ lệ tối thiểu (%)", "min_percent", "number", 9),
               Col("Điểm tối thiểu", "min_points", "number", 9),
               Col("Không bị điều kiện xếp loại", "no_gates", "bool", 10),
               Col("Tối đa mỗi khối", "max_per_block", "number", 8),
               Col("Đồng hạng tại giới hạn", "ties_at_limit", "text", 14, "ties_at_limit"), EXTRA), optional=True),
    TableSpec("Sổ mô hình", "Giá trị lấy từ sổ đăng ký mô hình \"Dân vận khéo\" (thay số đơn vị tự nhập)",
              ("model_inputs",),
              (Col("Tiêu chí hoặc mục (mã)", "input", "text", 12,
                   note="Mã (STT) tiêu chí, mục thưởng, trừ hoặc dữ kiện lấy giá trị từ sổ mô hình. Dòng để "
                        "trống cột này là một mức của dòng có mã ngay phía trên."),
               Col("Ô nhập", "field", "text", 10), Col("Mức", None, "text", 10),
               Col("Trạng thái mô hình", "count", "list", 34, "model_status",
                   note="Ở dòng có mã: đếm số mô hình có một trong các trạng thái này. Ở dòng mức: đơn vị có mô "
                        "hình mang một trong các trạng thái này thì được mức đó. Nhiều trạng thái ghi cách nhau "
                        "bằng dấu ';' (Excel hỏi lại: chọn Yes)."),
               Col("Mức khi không có mô hình", "otherwise", "text", 10),
               Col("Lĩnh vực", "fields_of_work", "list", 28, "model_field",
                   note="Chỉ tính mô hình thuộc các lĩnh vực này; để trống: mọi lĩnh vực. Nhiều lĩnh vực ghi "
                        "cách nhau bằng dấu ';'."),
               Col("Tính cả cá nhân điển hình", "include_individuals", "bool", 10), EXTRA), optional=True),
    TableSpec("Công nhận mô hình", "Mức công nhận mô hình theo xếp loại", ("model_recognition", "bands"),
              (Col("Xếp loại", "band", "text", 30), Col("Mức công nhận", "status", "text", 26, "model_status",
                                                         note="Mỗi xếp loại một dòng.")), optional=True),
)

#: Bonus and deduction items in one sheet; "Khoản" tells which pool.
POOL_COLUMNS = (Col("Khoản", "pool", "text", 12), Col("Mã", "id", "text", 8), Col("Nội dung", "name", "text", 40),
                Col("Điểm mỗi lần", "points_each", "number", 9), Col("Tối đa số lần", "max_count", "number", 9),
                Col("Khi nhập quá số lần", "when_above_max_count", "text", 14, "when_above_max_count", optional=True,
                    note="Khi số lần nhập vượt 'Tối đa số lần': báo lỗi tại ô đó, hoặc chỉ tính bằng số lần "
                         "tối đa. Chỉ ghi khi có 'Tối đa số lần'."),
                Col("Đối tượng áp dụng", "applies_to", "ids", 14), Col("Hướng dẫn", "guidance", "text", 40), EXTRA)
POOLS = {"bonus": "Điểm thưởng", "deductions": "Điểm trừ"}

#: Objects of the metadata whose keys are listed one per row in "Thông tin" (others: one JSON value).
INFO_OBJECTS = ("decision", "effective", "bonus", "deductions", "classification", "rounding", "ranking", "rewards")
#: Lists that have their own sheet (when they are non-empty lists of objects).
OWNED = {("criteria",), ("bonus", "items"), ("deductions", "items"), *(t.path for t in TABLES)}

#: Words of a yes/no cell ("x" too in a yes/no column: people tick with it).
WORDS_TRUE, WORDS_FALSE = ("có", "true"), ("không", "false")


def method_cell(type_: str) -> str:
    """The "Phương pháp chấm" cell of a method: its Vietnamese label."""
    return METHODS[type_][0]


def method_type(text: str) -> str | None:
    """The method type a cell names (the label, the type, or both as written), else None."""
    folded = " ".join(text.split()).casefold()
    for type_, (label, _) in METHODS.items():
        if folded in (type_, label.casefold(), f"{label} ({type_})".casefold()):  # (the last: older workbooks)
            return type_
    return None


# --- the value codec ----------------------------------------------------------------------------

def dump_compact(value: Any) -> str:
    """JSON text of ``value`` on one line, decimals written exactly."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, Decimal)):
        return number_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {dump_compact(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(dump_compact(v) for v in value) + "]"


def number_text(value: int | Decimal) -> str:
    """A number as JSON text, exactly (no exponent)."""
    return str(value) if isinstance(value, int) else f"{value:f}"


def decode_text(text: str) -> Any:
    """A text cell of a "value" column: có/không → bool, ``null``, JSON arrays, objects and quoted
    strings are decoded; any other text is itself.  Raises ValueError for broken JSON."""
    word = text.strip().casefold()
    if word in WORDS_TRUE:
        return True
    if word in WORDS_FALSE:
        return False
    if word == "null":
        return None
    if text.strip()[:1] in ('[', '{', '"'):
        return json.loads(text, parse_float=Decimal)
    return text


def decode_line_value(text: str) -> Any:
    """A value in a ``key: value`` line: any JSON (numbers too; a decimal comma as Vietnamese Excel
    writes it, 0,5), else as :func:`decode_text`."""
    if re.fullmatch(r"\s*-?\d+,\d+\s*", text):
        return Decimal(text.strip().replace(",", "."))
    try:
        return json.loads(text, parse_float=Decimal)
    except ValueError:
        return decode_text(text)


def encode_text(value: Any, *, line: bool = False) -> str:
    """Text that :func:`decode_text` (or, for ``line``, :func:`decode_line_value`) reads back as
    ``value``: booleans as có/không, texts as themselves unless they would read otherwise."""
    if isinstance(value, bool):
        return WORDS_TRUE[0] if value else WORDS_FALSE[0]
    if isinstance(value, str):
        decode = decode_line_value if line else decode_text
        try:
            plain = "\n" not in value and value == value.strip() and value != "" and decode(value) == value
        except ValueError:
            plain = False
        return value if plain else json.dumps(value, ensure_ascii=False)
    return dump_compact(value)


def extra_lines(extra: dict[str, Any]) -> str:
    """The "Tham số khác" cell: one ``key: value`` line per key."""
    from scoring.jobs.ruleset_xlsx.settings import parameter_line

    lines = (parameter_line(key, value) for key, value in extra.items())
    return "\n".join(f"{name}: {encode_text(value, line=True)}" for name, value in lines)


def dump_pretty(value: Any, indent: int = 0, width: int = 110) -> str:
    """JSON text for a ruleset file: objects and arrays on one line when they fit, else one
    member per line; decimals written exactly."""
    flat = dump_compact(value)
    if not isinstance(value, (dict, list)) or len(flat) + indent <= width or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        inner = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {dump_pretty(v, indent + 2, width)}" for k, v in value.items()]
        return "{\n" + ",\n".join(inner) + "\n" + " " * indent + "}"
    inner = [pad + dump_pretty(v, indent + 2, width) for v in value]
    return "[\n" + ",\n".join(inner) + "\n" + " " * indent + "]"
