"""Finding codes of ``scoring.portal`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("portal-bad-username", "error",
         "Tên tài khoản '{name}' không dùng được: chỉ gồm chữ không dấu, số và các dấu . @ + - _ (tối đa 150 ký tự).")

register("portal-ruleset-unknown", "error",
         "Bộ tiêu chí đã chọn không còn trong danh sách. Tải lại trang rồi chọn lại bộ tiêu chí.")

register("portal-setting-invalid", "error", "Cổng chấm điểm không mở được: {reason} Sửa biến môi trường rồi chạy lại dvk serve.")
