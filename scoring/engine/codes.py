"""Finding codes of ``scoring.engine`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import CATALOG, register
from scoring.rules.codes import PROBLEM_CODES

_BEFORE = frozenset(CATALOG)

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
register("input-set-by-round", "warning",
         "Giá trị tự chấm đơn vị nhập đã được thay bằng giá trị đợt đánh giá đặt: {changes}. Căn cứ: "
         "{evidence} Không cần sửa bảng tính; nếu thấy giá trị của đợt chưa đúng, báo văn phòng.")

#: Every code a scoring (:func:`scoring.engine.score.score`) can report: the codes declared here
#: and the problems the scoring methods name.
ENGINE_CODES = (frozenset(CATALOG) - _BEFORE) | PROBLEM_CODES
