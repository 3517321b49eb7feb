"""Finding codes of ``scoring.core`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("output-not-folder", "error",
         "'{path}' đã có và không phải là thư mục; chọn một thư mục để ghi kết quả.")
register("output-unwritable", "error",
         "Không ghi được kết quả vào '{path}': {reason}. Kết quả cũ (nếu có) vẫn được giữ nguyên.")
register("output-name-taken", "error",
         "'{path}' là tệp không do chương trình ghi nhưng trùng tên một tệp kết quả; tệp được giữ "
         "nguyên và chưa ghi kết quả nào. Đổi tên hoặc chuyển tệp đó sang thư mục khác, hay chọn thư "
         "mục kết quả khác, rồi chạy lại.")
