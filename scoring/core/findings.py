"""Findings: every problem dvk reports is data with a stable code, a location and a message.

A finding is built from a code registered in :data:`CATALOG` (severity + Vietnamese message
template) and the parameters of that template.  Nothing is raised while checking: callers collect
findings and decide afterwards (see :class:`DvkError` for the boundary to the CLI).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Location:
    """Where a finding points: a file, a sheet and cell, a criterion id or a JSON path."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    criterion_id: str | None = None
    json_path: str | None = None
    #: For input problems: the stage ("self"/"appraisal") and the method's field key, which a
    #: workbook reader maps to a cell (see ``scoring.intake.pipeline``).
    stage: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet and self.cell:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.json_path:
            parts.append(self.json_path)
        if self.criterion_id:
            parts.append(f"tiêu chí {self.criterion_id}")
        return ", ".join(parts) or "-"

    def merged(self, other: Location) -> Location:
        """This location with the empty parts filled in from ``other``."""
        values = {
            name: getattr(self, name) or getattr(other, name)
            for name in ("file", "sheet", "cell", "criterion_id", "json_path", "stage", "field")
        }
        return Location(**values)


@dataclass(frozen=True)
class FindingType:
    severity: Severity
    template: str


@dataclass(frozen=True)
class Finding:
    """One located problem: stable ``code``, ``severity``, rendered Vietnamese ``message``."""

    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def located(self, **parts: Any) -> Finding:
        """A copy whose empty location parts are filled from ``parts``."""
        return replace(self, location=self.location.merged(Location(**parts)))

    def __str__(self) -> str:
        label = "LỖI" if self.is_error else "CẢNH BÁO"
        return f"{label} [{self.code}] {self.location}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        loc = {k: v for k, v in vars(self.location).items() if v is not None}
        return {"code": self.code, "severity": self.severity, "message": self.message, **loc}


CATALOG: dict[str, FindingType] = {}


def register(code: str, severity: Severity, template: str) -> None:
    """Register a finding code; codes are stable and never reused for another meaning."""
    if code in CATALOG:
        raise ValueError(f"finding code registered twice: {code}")
    CATALOG[code] = FindingType(severity, template)


def make(code: str, location: Location | None = None, **params: Any) -> Finding:
    """Build a finding from its registered code and template parameters."""
    kind = CATALOG[code]
    return Finding(code, kind.severity, kind.template.format(**params), location or Location())


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


class DvkError(Exception):
    """Bad input: carries every finding that made the input unusable (CLI exit code 1)."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))


# --- files and JSON -----------------------------------------------------------------------------
register("file-not-found", "error", "Không tìm thấy tệp. Kiểm tra lại đường dẫn.")
register("file-unreadable", "error", "Không đọc được tệp: {reason}.")
register("json-syntax", "error",
         "Tệp JSON sai cú pháp ở dòng {line}, cột {column}: {reason}. Sửa lại cú pháp rồi chạy lại.")
register("schema-violation", "error", "Không đúng cấu trúc quy định: {reason}.")

# --- ruleset semantics ---------------------------------------------------------------------------
register("duplicate-id", "error", "Mã '{id}' bị trùng (đã dùng ở {other}). Mỗi mã phải là duy nhất.")
register("group-contains-itself", "error",
         "Mục '{id}' nằm trong một nhóm cùng mã '{id}': cấu trúc tiêu chí bị vòng lặp. Đặt cho mục "
         "con một mã khác.")
register("group-sum-mismatch", "error",
         "Với loại đơn vị {unit_types}: điểm tối đa của nhóm là {declared} nhưng tổng điểm tối đa các "
         "tiêu chí con áp dụng là {children}. Cách sửa: {hint}.")
register("group-cap-above-sum", "error",
         "Với loại đơn vị {unit_types}: giới hạn điểm của nhóm ({cap}) lớn hơn tổng điểm tối đa các "
         "tiêu chí con áp dụng ({children}).")
register("scale-mismatch", "error",
         "Tổng điểm tối đa của các tiêu chí là {total} nhưng thang điểm khai báo là {scale}.")
register("max-unreachable", "error",
         "Điểm tối đa {max} không thể đạt được với phương pháp chấm này (cao nhất {reachable}).")
register("step-mismatch", "error", "Điểm tối đa {max} không chia hết cho bước chấm {step}.")
register("level-above-max", "error", "Mức '{level}' cho {points} điểm, vượt điểm tối đa {max}.")
register("levels-duplicate", "error", "Mức '{level}' được khai báo hai lần.")
register("percent-bands-order", "error",
         "Các ngưỡng tỷ lệ phải giảm dần và điểm không tăng khi ngưỡng giảm: {reason}.")
register("percent-bands-no-zero", "error",
         "Ngưỡng thấp nhất phải là 0% để mọi tỷ lệ đều có điểm (ngưỡng thấp nhất hiện là {lowest}%).")
register("band-overlap", "error", "Khoảng xếp loại '{a}' và '{b}' chồng lên nhau.")
register("band-gap", "error", "Có khoảng trống giữa xếp loại '{a}' và '{b}' ({low} – {high}).")
register("band-coverage", "error", "Các khoảng xếp loại không phủ từ 0 đến {top}: {reason}.")
register("band-unreachable", "error",
         "Xếp loại '{band}' cần từ {min} trở lên nhưng điểm cao nhất có thể đạt là {reachable}.")
register("unknown-unit-type", "error", "Loại đơn vị '{id}' chưa được khai báo trong unit_types.")
register("points-finer-than-rounding", "error",
         "Điểm {value} có nhiều chữ số thập phân hơn số chữ số làm tròn điểm tiêu chí "
         "(rounding.criterion_places = {places}): tăng criterion_places hoặc sửa điểm.")
register("max-by-unit-type-not-applicable", "error",
         "max_by_unit_type nêu loại đơn vị '{id}' nhưng nhóm không áp dụng cho loại này "
         "(nhóm áp dụng cho: {known}). Xóa mục đó hoặc sửa applies_to.")
register("unknown-criterion", "error", "Không có tiêu chí hoặc mục nào mã '{id}' trong bộ tiêu chí.")
register("unknown-class", "error", "Không có xếp loại nào mã '{id}' trong classification.bands.")
register("unknown-field", "error", "Tiêu chí '{id}' không có ô nhập '{field}' (có: {known}).")
register("block-overlap", "error", "Loại đơn vị '{unit_type}' thuộc nhiều khối: {blocks}.")
register("illustrative-without-note", "error",
         "Bộ tiêu chí minh họa (status = illustrative) phải có status_note nói rõ số liệu chưa phải "
         "của văn bản chính thức.")
register("unit-type-unused", "warning",
         "Loại đơn vị '{id}' không thuộc khối xếp hạng nào; đơn vị loại này chỉ được xếp hạng chung.")
register("criterion-applies-to-none", "error",
         "Tiêu chí không áp dụng cho loại đơn vị nào (applies_to rỗng sau khi lọc theo nhóm cha).")
register("not-applicable-appraiser-only", "error",
         "Tiêu chí do cấp thẩm định chấm (appraiser_only) không thể để đơn vị tự khai không áp dụng: "
         "xóa unit_may_declare_not_applicable.")
register("not-applicable-level-label", "error",
         "Tiêu chí cho phép đơn vị tự khai \"Không áp dụng\" nhưng có một mức cũng tên \"Không áp "
         "dụng\": đổi tên mức đó hoặc xóa unit_may_declare_not_applicable.")
register("pool-item-above-cap", "warning",
         "Mục '{item}' cho {points} điểm mỗi lần, lớn hơn mức trần của cả nhóm ({cap}).")

# --- submissions -------------------------------------------------------------------------------
register("ruleset-mismatch", "error",
         "Bản tự chấm được lập theo bộ tiêu chí '{got}', nhưng đang chấm theo '{expected}'. "
         "Dùng đúng bộ tiêu chí hoặc lập lại bản tự chấm từ biểu mẫu mới.")
register("ruleset-fingerprint-mismatch", "error",
         "Biểu mẫu được tạo từ một bản khác của bộ tiêu chí {key} (dấu vân tay {got}, bản đang dùng "
         "{expected}): nội dung tiêu chí đã thay đổi. Lập lại bản tự chấm từ biểu mẫu mới.")
register("year-outside-effective", "warning",
         "Năm đánh giá {year} nằm ngoài thời gian hiệu lực của bộ tiêu chí ({start} – {end}).")
register("unit-type-not-declared", "error",
         "Loại đơn vị '{unit_type}' không có trong bộ tiêu chí (có: {known}).")
register("answer-unknown-criterion", "error",
         "Mã tiêu chí '{id}' không có trong bộ tiêu chí {ruleset}. Kiểm tra lại mã hoặc phiên bản biểu mẫu.")
register("answer-not-applicable", "warning",
         "Tiêu chí không áp dụng cho loại đơn vị '{unit_type}'; giá trị nhập đã được bỏ qua.")
register("input-missing", "error", "Chưa nhập {field} ({stage}). Đây là ô bắt buộc.")
register("input-not-number", "error",
         "{field} ({stage}) phải là số, nhưng nhận được '{value}'.")
register("input-not-integer", "error",
         "{field} ({stage}) phải là số nguyên, nhưng nhận được '{value}'.")
register("input-not-boolean", "error",
         "{field} ({stage}) phải là Có/Không, nhưng nhận được '{value}'.")
register("input-out-of-range", "error",
         "{field} ({stage}) là {value}, nằm ngoài phạm vi dvk tính được: giá trị tuyệt đối phải nhỏ "
         "hơn 10^15 và có tối đa 10 chữ số thập phân.")
register("input-negative", "error", "{field} ({stage}) không được âm (nhận được {value}).")
register("input-above-max", "error",
         "{field} ({stage}) là {value}, vượt điểm tối đa {max}.")
register("input-off-step", "error",
         "{field} ({stage}) là {value}, không đúng bước chấm {step} (ví dụ hợp lệ: {example}).")
register("level-unknown", "error",
         "{field} ({stage}): '{value}' không phải là một mức hợp lệ (chọn một trong: {choices}).")
register("numerator-above-denominator", "error",
         "{numerator} ({value_n}) lớn hơn {denominator} ({value_d}) ({stage}).")
register("input-unknown-field", "error",
         "Ô nhập '{field}' không thuộc tiêu chí này (có: {known}) ({stage}).")
register("input-needs-fields", "error",
         "Tiêu chí này cần nhập riêng từng ô: {known} ({stage}); không nhập một giá trị chung.")
register("evidence-missing", "warning",
         "Tự chấm {points} điểm nhưng chưa ghi tài liệu kiểm chứng, là điều bộ tiêu chí yêu cầu: "
         "{consequence}. Ghi số, ngày văn bản kiểm chứng vào cột \"Tài liệu kiểm chứng\".")
register("appraiser-only-self-ignored", "warning",
         "Tiêu chí chỉ do cấp thẩm định chấm; giá trị tự chấm '{value}' đã được bỏ qua.")
register("count-above-limit", "error",
         "{field} ({stage}) là {value}, vượt số lần tối đa được tính ({limit}).")
register("not-applicable-not-allowed", "error",
         "Tiêu chí này không cho phép tự khai \"Không áp dụng\" ({stage}): nhập giá trị theo hướng dẫn "
         "chấm. Nếu tiêu chí thực sự không áp dụng với đơn vị, ghi rõ ở cột Ghi chú và đề nghị cấp "
         "thẩm định xem xét.")
register("not-applicable-reason-missing", "error",
         "Đơn vị chọn \"Không áp dụng\" nhưng chưa ghi lý do. Ghi lý do vào ô \"Lý do không áp dụng\" "
         "(JSON: 'not_applicable_reason'), ví dụ văn bản cho thấy đơn vị không thuộc diện áp dụng.")
register("not-applicable-reason-unused", "warning",
         "Có ghi lý do không áp dụng nhưng đơn vị không chọn \"Không áp dụng\": tiêu chí vẫn được "
         "chấm theo giá trị đã nhập. Xóa lý do, hoặc chọn \"Không áp dụng\" nếu đúng là không áp dụng.")

# --- the web portal ----------------------------------------------------------------------------
register("upload-missing", "error", "Chưa chọn tệp. Bấm \"Chọn tệp\" và chọn bảng tính Excel (.xlsx) đã điền.")
register("upload-too-large", "error",
         "Tệp nặng {size} MB, vượt giới hạn {limit} MB của cổng. Xóa ảnh hoặc trang thừa rồi gửi lại.")
register("upload-other-unit", "error",
         "Bảng tính này là của đơn vị '{got}', còn tài khoản đang đăng nhập là của đơn vị '{expected}'. "
         "Chỉ gửi bảng tính của đơn vị mình.")
