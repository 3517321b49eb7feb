"""Finding codes of ``scoring.portal`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("upload-too-large", "error",
         "Tệp nặng {size} MB, vượt giới hạn {limit} MB của cổng. Xóa ảnh hoặc trang thừa rồi gửi lại.")
register("upload-other-unit", "error",
         "Bảng tính này là của đơn vị '{got}', còn tài khoản đang đăng nhập là của đơn vị '{expected}'. "
         "Chỉ gửi bảng tính của đơn vị mình.")

register("portal-bad-username", "error",
         "Tên tài khoản '{name}' không dùng được: chỉ gồm chữ không dấu, số và các dấu . @ + - _ (tối đa 150 ký tự).")

register("portal-ruleset-unknown", "error",
         "Bộ tiêu chí đã chọn không còn trong danh sách. Tải lại trang rồi chọn lại bộ tiêu chí.")
