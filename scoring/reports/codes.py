"""Finding codes of ``scoring.reports`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("pdf-no-libreoffice", "error",
         "Không tạo được tệp PDF: máy chưa cài LibreOffice (lệnh soffice). Cài LibreOffice rồi chạy lại, "
         "hoặc bỏ tùy chọn --pdf và tự lưu bao-cao.docx thành PDF bằng Word.")
register("pdf-failed", "error", "LibreOffice không chuyển được '{file}' sang PDF: {reason}.")

register("profile-unreadable", "error", "Không đọc được tệp hồ sơ cơ quan '{path}': {reason}.")
register("profile-syntax", "error",
         "Tệp hồ sơ cơ quan sai cú pháp {kind}: {detail}. Sửa tệp theo mẫu ho-so-mau.toml.")
register("profile-unknown-key", "error",
         "Khóa '{key}' không có trong hồ sơ cơ quan (các khóa dùng được: {known}).")
register("profile-bad-value", "error", "Giá trị của '{key}' không hợp lệ: {expected}.")
