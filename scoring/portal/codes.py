"""Finding codes of ``scoring.portal`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("portal-bad-username", "error",
         "Tên tài khoản '{name}' không dùng được: chỉ gồm chữ không dấu, số và các dấu . @ + - _ (tối đa 150 ký tự).")

register("portal-ruleset-unknown", "error",
         "Bộ tiêu chí đã chọn không còn trong danh sách. Tải lại trang rồi chọn lại bộ tiêu chí.")

register("portal-setting-invalid", "error", "Cổng chấm điểm không mở được: {reason} Sửa biến môi trường rồi chạy lại dvk serve.")

register("portal-account-unknown", "error",
         "Không có tài khoản '{name}' để cấp lại mật khẩu. Kiểm tra tên đăng nhập (với đơn vị là mã đơn vị).")

register("portal-account-not-resettable", "error",
         "Tài khoản '{name}' là tài khoản văn phòng: văn phòng tự đổi mật khẩu của mình, hoặc người quản trị "
         "máy chủ cấp lại bằng lệnh «dvk serve --office {name}».")

register("deploy-value-invalid", "error",
         "Giá trị {option} '{value}' không dùng được: {reason}. Chưa ghi tệp nào; sửa rồi chạy lại dvk deploy.")
