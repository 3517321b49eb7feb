"""Finding codes of ``scoring.models_dvk`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("model-ruleset-no-recognition", "error",
         "Bộ tiêu chí '{ruleset}' không khai báo \"model_recognition\" (xếp loại nào dẫn tới mức công nhận "
         "nào), nên không dùng để đánh giá mô hình được.")
register("model-evaluation-unknown", "error",
         "Phiếu đánh giá cho mô hình mã '{model}', nhưng sổ đăng ký không có mô hình nào mã này. "
         "Ghi đúng mã mô hình vào ô mã đơn vị của phiếu đánh giá.")
register("model-evaluation-twice", "error",
         "Mô hình '{model}' đã có phiếu đánh giá khác ({other}); chỉ tính phiếu đầu tiên.")
register("model-not-evaluated", "warning",
         "Mô hình '{model}' chưa có phiếu đánh giá; giữ trạng thái '{status}'.")

register("model-register-bad-shape", "error",
         "Tệp đăng ký mô hình phải là một danh sách mô hình, hoặc một đối tượng có khóa \"models\" là danh sách.")
register("model-register-no-header", "error",
         "Không tìm thấy dòng tiêu đề có cột \"Mã mô hình\" trong 20 dòng đầu của trang tính nào. "
         "Dùng biểu mẫu tạo bằng lệnh dvk mo-hinh mau.")
register("model-register-empty", "error", "Không có mô hình nào được đăng ký trong các tệp đã đọc.")
register("model-missing-value", "error", "Chưa nhập {label} của mô hình. Đây là thông tin bắt buộc.")
register("model-bad-date", "error", "{label} '{value}' không phải là ngày; nhập dạng ngày/tháng/năm, ví dụ 12/03/2026.")
register("model-bad-choice", "error", "{label} '{value}' không hợp lệ (chọn một trong: {choices}).")
register("model-bad-text", "error", "{label} phải là chữ, nhưng nhận được '{value}'.")
register("model-period-order", "error", "Thời gian thực hiện không hợp lệ: 'từ ngày' {start} sau 'đến ngày' {end}.")
register("model-duplicate-code", "error",
         "Mã mô hình '{model}' đã dùng cho mô hình khác ({other}). Mỗi mô hình một mã riêng.")
register("model-late-registration", "warning",
         "Mô hình đăng ký ngày {date}, sau hạn đăng ký {deadline} ({days} ngày).")
register("model-value-assumed", "warning", "{label}: '{raw}' được hiểu là '{value}'.")

register("model-input-replaced", "warning",
         "Đơn vị nhập '{typed}', được thay bằng '{value}' theo sổ đăng ký mô hình ({models}).")
