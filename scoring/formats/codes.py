"""Finding codes of the file formats: workbooks that are not usable files (registered once, on import)."""

from __future__ import annotations

from scoring.core.findings import register

register("workbook-empty-file", "error", "Tệp rỗng (0 byte). Gửi lại tệp Excel đã điền.")
register("workbook-xls-format", "error",
         "Tệp là định dạng Excel 97-2003 (.xls), không đọc được. Mở tệp bằng Excel, chọn Lưu thành "
         "(Save As) kiểu \"Excel Workbook (*.xlsx)\" rồi gửi lại.")
register("workbook-encrypted", "error",
         "Tệp Excel được đặt mật khẩu mở (mã hóa) nên không đọc được. Gỡ mật khẩu "
         "(File > Info > Protect Workbook > Encrypt with Password, để trống) rồi gửi lại.")
register("workbook-not-excel-zip", "error",
         "Tệp là tệp nén ZIP nhưng không phải sổ tính Excel (thiếu xl/workbook.xml); có thể là tệp "
         "Word (.docx) hoặc tệp khác bị đổi đuôi thành .xlsx. Gửi đúng tệp biểu mẫu Excel đã điền.")
register("workbook-not-xlsx", "error",
         "Tệp không phải sổ tính Excel .xlsx (nội dung không đúng định dạng). Gửi đúng tệp biểu mẫu "
         "Excel đã điền.")
register("workbook-too-large", "error",
         "Tệp Excel bị từ chối vì lý do an toàn: {reason}. Tệp biểu mẫu bình thường chỉ vài trăm KB; "
         "kiểm tra lại tệp hoặc lập lại từ biểu mẫu.")
register("workbook-corrupt", "error",
         "Tệp Excel bị hỏng hoặc chứa nội dung không an toàn, không đọc được ({reason}). Mở bằng "
         "Excel, lưu lại rồi gửi lại.")
