"""Finding codes of the workbook reader and writers (registered once, on import)."""

from __future__ import annotations

from scoring.core.findings import register

# --- files that are not usable workbooks -------------------------------------------------------
register("workbook-sheet-missing", "error",
         "Không tìm thấy trang tính '{sheet}' (tệp có: {present}). Tệp không được lập từ biểu mẫu "
         "của dvk hoặc trang tính đã bị xóa/đổi tên; lập lại từ biểu mẫu.")
register("workbook-structure", "error",
         "Trang tính '{sheet}' bị hỏng cấu trúc: {reason}. Lập lại từ biểu mẫu.")
register("workbook-ruleset-version", "error",
         "Biểu mẫu được lập theo bộ tiêu chí '{got}' phiên bản {got_version}, nhưng đang chấm theo "
         "'{expected}' phiên bản {expected_version}. Lập lại bản tự chấm từ biểu mẫu phiên bản "
         "{expected_version}.")
register("workbook-fingerprint", "error",
         "Biểu mẫu có mã kiểm tra bộ tiêu chí {got}, khác mã của bộ tiêu chí đang dùng ({expected}), "
         "dù cùng phiên bản {version}: bộ tiêu chí đã bị sửa sau khi lập biểu mẫu. Lập lại từ biểu "
         "mẫu mới.")
register("workbook-unit-type", "error",
         "Loại đơn vị '{unit_type}' ghi trong biểu mẫu không có trong bộ tiêu chí (có: {known}).")

# --- rows and unit details ---------------------------------------------------------------------
register("workbook-unknown-id", "error",
         "Mã '{id}' không có trong bộ tiêu chí {ruleset}. Kiểm tra lại mã hoặc phiên bản biểu mẫu.")
register("workbook-duplicate-row", "error",
         "Mã '{id}'{field} xuất hiện lần nữa (lần đầu ở {first}); hàng này đã bị bỏ qua. Xóa hàng trùng.")
register("workbook-unknown-field", "error",
         "Ô nhập '{field}' không thuộc tiêu chí '{id}' (có: {known}); hàng này đã bị bỏ qua.")
register("workbook-row-missing", "error",
         "Thiếu hàng nhập liệu của tiêu chí '{id}'{field} trên trang '{sheet}'. Không xóa hàng của "
         "biểu mẫu; lập lại từ biểu mẫu nếu cần.")
register("workbook-id-ambiguous", "error",
         "Mã tiêu chí được nhập dạng số ({raw}) nên không phân biệt được giữa {candidates}. Nhập lại "
         "mã dạng văn bản (ví dụ '1.10').")
register("workbook-prefilled-changed", "error",
         "{label} trên trang '{sheet}' đã được điền sẵn và khóa trong biểu mẫu riêng của đơn vị là "
         "'{expected}', nhưng tệp ghi '{got}'. Trả lại đúng '{expected}', hoặc nếu đây không phải đơn vị "
         "của mình thì tải đúng biểu mẫu của đơn vị mình; tệp chưa được nhận.")
register("workbook-detail-missing", "error", "Chưa nhập {label} trên trang '{sheet}'.")
register("workbook-merged-input", "error",
         "Ô nhập này nằm trong vùng ô bị gộp {range} (Merge) nên giá trị nhập ở đây bị mất, chỉ còn giá trị "
         "của ô {first}. Bỏ gộp ô (Home > Merge & Center > Unmerge Cells), nhập lại từng ô rồi gửi.")
register("workbook-formula-no-value", "error",
         "Ô có công thức nhưng chưa có giá trị — mở tệp bằng Excel, lưu lại rồi gửi (hoặc nhập số thay "
         "cho công thức).")
register("workbook-detail-invalid", "error",
         "{label} '{value}' không hợp lệ: {reason}.")
register("workbook-na-choice-invalid", "error",
         "Ô \"Không áp dụng\" chỉ nhận \"Không áp dụng\" (chọn trong danh sách) hoặc để trống, nhưng "
         "nhận được '{value}'.")
register("workbook-na-with-values", "warning",
         "Đã chọn \"Không áp dụng\" nên các giá trị đã nhập ở các ô trên của tiêu chí không được tính "
         "({stage}). Xóa các giá trị đó, hoặc bỏ chọn \"Không áp dụng\" nếu tiêu chí có áp dụng.")

# --- hygiene: what the reader assumed (warnings) -------------------------------------------------
register("workbook-number-as-text", "warning",
         "Số được nhập dạng văn bản ('{raw}'); đã hiểu là {value}.")
register("workbook-decimal-comma", "warning",
         "Số '{raw}' dùng dấu phẩy thập phân và được lưu dạng văn bản; đã hiểu là {value}.")
register("workbook-stray-spaces", "warning",
         "Ô có khoảng trắng thừa hoặc khoảng trắng đặc biệt ('{raw}'); đã hiểu là '{value}'.")
register("workbook-unicode-nfd", "warning",
         "Chữ '{value}' được gõ ở dạng Unicode tổ hợp (NFD); đã chuẩn hóa về dạng dựng sẵn (NFC).")
register("workbook-boolean-assumed", "warning",
         "'{raw}' được hiểu là '{value}'. Nên chọn Có/Không trong danh sách.")
register("workbook-choice-assumed", "warning",
         "'{raw}' được hiểu là mức '{value}'. Nên chọn mức trong danh sách.")
register("workbook-id-number", "warning",
         "Mã tiêu chí được nhập dạng số ({raw}); đã hiểu là '{id}'.")
register("workbook-date-assumed", "warning",
         "Ô ngày ghi dạng chữ '{raw}': đã đọc theo thứ tự ngày/tháng/năm là {value}. Nếu không đúng, "
         "nhập lại ô dưới dạng ngày của Excel.")
register("workbook-date-ignored", "warning",
         "Không hiểu ngày '{raw}' (nhập dạng ngày/tháng/năm, ví dụ 20/11/2025); đã bỏ qua ô này.")
register("annotate-same-file", "error",
         "Tệp trả về phải khác tệp gốc của đơn vị (tệp gốc không bao giờ bị ghi đè).")
