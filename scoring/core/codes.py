"""Finding codes of ``scoring.core`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("output-not-folder", "error",
         "'{path}' đã có và không phải là thư mục; chọn một thư mục để ghi kết quả.")
register("output-unwritable", "error",
         "Không ghi được kết quả vào '{path}': {reason}. Kết quả cũ (nếu có) vẫn được giữ nguyên.")
