"""Finding codes of ``scoring.intake`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("batch-no-inputs", "error",
         "Không có tệp bản tự chấm nào (.xlsx hoặc .json) trong các đường dẫn đã cho: {paths}.")
register("batch-unsupported-file", "error",
         "Tệp '{suffix}' không phải bản tự chấm: chỉ nhận tệp Excel (.xlsx) hoặc JSON (.json).")
register("batch-unexpected-error", "error",
         "Lỗi không mong đợi khi xử lý tệp ({reason}). Tệp đã bị loại; hãy báo lỗi này cho người "
         "quản trị dvk kèm theo tệp.")
register("batch-worker-died", "error",
         "Tiến trình đọc tệp này bị dừng đột ngột (tệp quá lớn, hỏng hoặc làm cạn bộ nhớ). Tệp đã bị "
         "loại, các tệp khác vẫn được xếp hạng; mở tệp bằng Excel, lưu lại rồi gửi lại.")
register("duplicate-unit", "error",
         "Mã đơn vị '{unit}' có trong {count} tệp: {files}. Không tính tệp nào; giữ lại một tệp "
         "đúng rồi chạy lại, hoặc chạy lại với tùy chọn --prefer latest để tính tệp sửa đổi gần nhất.")
register("duplicate-unit-superseded", "error",
         "Mã đơn vị '{unit}' cũng có trong tệp mới hơn '{kept}'; tệp này không được tính.")
register("year-mismatch", "error",
         "Bản tự chấm là của năm {year}, nhưng các bản khác trong đợt là năm {expected}. "
         "Không xếp hạng chung các năm khác nhau; kiểm tra lại năm đánh giá.")

register("input-number-as-text", "warning",
         "Số được ghi dạng văn bản ('{raw}'); đã hiểu là {value}. Nên ghi số không có dấu ngoặc kép.")

register("score-arithmetic", "error",
         "Không tính được điểm vì có số quá lớn hoặc quá nhiều chữ số thập phân trong bản tự chấm "
         "hoặc bộ tiêu chí; kiểm tra lại các số đã nhập.")
register("duplicate-unit-kept", "warning",
         "Mã đơn vị '{unit}' có trong {count} tệp; dùng tệp sửa đổi gần nhất này, bỏ qua: {others}.")
