"""Finding codes of ``scoring.rules`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import CATALOG, register

# --- problems the scoring methods name (rules.methods.Problem); the engine makes them findings
_BEFORE = frozenset(CATALOG)
register("input-missing", "error", "Chưa nhập {field} ({stage}). Đây là ô bắt buộc.")
register("numerator-above-denominator", "error",
         "{numerator} ({value_n}) lớn hơn {denominator} ({value_d}) ({stage}).")
PROBLEM_CODES = frozenset(CATALOG) - _BEFORE

# --- rulesets

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
register("pool-item-cap-without-limit", "warning",
         "Mục '{item}' khai 'when_above_max_count' là \"cap\" nhưng không có 'max_count': không có số lần tối "
         "đa nào để giới hạn. Thêm 'max_count' (ví dụ 2 cho \"tối đa tính 2 lần\") hoặc bỏ 'when_above_max_count'.")

register("model-input-shape", "error",
         "Mục lấy từ sổ mô hình phải khai báo đúng một trong hai: \"count\" (đếm mô hình) hoặc \"levels\" "
         "(chọn mức theo mô hình), kèm \"otherwise\" khi dùng \"levels\".")
register("model-input-level-unknown", "error", "Tiêu chí '{id}' không có mức '{level}' (có: {known}).")
register("unknown-block", "error", "Không có khối xếp hạng nào mã '{id}' trong blocks.")

register("ruleset-too-many-criteria", "error",
         "Bộ tiêu chí có {count} nhóm và tiêu chí, vượt giới hạn {limit} của dvk. Kiểm tra lại tệp "
         "(một quyết định thường chỉ có vài chục tiêu chí).")

# Emulation rules (quy tắc đề xuất khen thưởng thi đua: scoring.rules.emulation).
register("emulation-note-missing", "error",
         "Quy tắc minh họa (status = illustrative) phải có status_note nói rõ điều gì là giả định; tờ trình "
         "in câu này trong khung lưu ý.")
register("emulation-ruleset-twice", "error",
         "Bộ tiêu chí '{ruleset}' đã thuộc loại đợt '{other}': mỗi bộ tiêu chí chỉ thuộc một loại đợt, để "
         "biết đợt nào là đợt nào.")
register("emulation-unknown-round", "error",
         "Không có loại đợt nào mã '{id}' trong rounds (có: {known}). Ghi mã của một loại đợt đã khai báo.")
register("emulation-rule-empty", "error",
         "Quy tắc '{rule}' không có điều kiện nào (classes, models): mọi đơn vị đều được đề nghị. Thêm điều "
         "kiện xếp loại hoặc mô hình.")
register("emulation-max-needs-order", "error",
         "Quy tắc '{rule}' giới hạn {max} nhưng không nói xét theo thứ tự nào: thêm rank_by (ví dụ "
         "[\"dvcq\"]: theo hạng chung trong đợt DVCQ).")
register("emulation-unknown-class", "error",
         "Không có xếp loại mã '{id}' trong bộ tiêu chí của đợt '{round}' (có: {known}).")
