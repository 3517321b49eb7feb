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

register("file-not-found", "error", "Không tìm thấy tệp. Kiểm tra lại đường dẫn.")
register("file-unreadable", "error", "Không đọc được tệp: {reason}.")
register("json-syntax", "error",
         "Tệp JSON sai cú pháp ở dòng {line}, cột {column}: {reason}. Sửa lại cú pháp rồi chạy lại.")
register("schema-violation", "error", "Không đúng cấu trúc quy định: {reason}.")

register("json-too-large", "error",
         "Tệp JSON nặng {size} MB, vượt giới hạn {limit} MB của dvk. Kiểm tra lại tệp.")
register("json-too-deep", "error",
         "Tệp JSON lồng nhau quá {limit} cấp (đối tượng/danh sách trong nhau){where}. Bộ tiêu chí và bản tự chấm không cần lồng sâu như vậy; kiểm tra lại cấu trúc.")
register("json-number-out-of-range", "error",
         "Số {value} nằm ngoài phạm vi dvk tính được: giá trị tuyệt đối phải nhỏ hơn 10^15 và có "
         "tối đa {places} chữ số thập phân.")
