"""Finding codes of ``scoring.jobs`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("compare-not-a-folder", "error",
         "'{path}' không phải là thư mục kết quả. Chỉ ra thư mục do lệnh dvk rank tạo ra.")
register("compare-no-results", "error",
         "Thư mục không có tệp ket-qua.json. Chạy dvk rank để tạo kết quả, hoặc chỉ ra đúng thư mục.")
register("compare-bad-results", "error",
         "Tệp ket-qua.json không đúng định dạng kết quả của dvk ({reason}). Chạy lại dvk rank để tạo lại.")
register("offices-rulesets-differ", "error",
         "Không lập xếp hạng chung các đơn vị của các cơ quan cấp dưới vì các cơ quan chấm theo bộ tiêu chí "
         "khác nhau: {groups}. Điểm theo các bộ tiêu chí khác nhau không so được với nhau; bảng tổng hợp theo "
         "từng cơ quan vẫn được lập. Muốn xếp hạng chung, chỉ tổng hợp các cơ quan cùng bộ tiêu chí (--nam, "
         "--co-quan) hoặc đề nghị các cơ quan chấm lại theo cùng một bộ.")

register("offices-class-unknown", "error",
         "Kết quả công bố của {office} (đợt '{round}') không có xếp loại '{name}' (có: {known}). Ghi xếp loại "
         "như bản công bố của cơ quan cấp dưới in ra (ví dụ Tốt) hoặc mã không dấu của nó (tot).")
register("offices-class-range", "error",
         "Không lấy được các xếp loại từ '{name}' trở lên hay trở xuống trong kết quả công bố của {office} "
         "(đợt '{round}'): '{name}' không phải một bậc xếp loại của bộ tiêu chí (các bậc: {known}). Liệt kê "
         "các xếp loại cần đếm bằng \"classes\".")

register("output-contains-inputs", "error",
         "Thư mục kết quả '{out}' chứa dữ liệu đầu vào '{input}': khi ghi kết quả, thư mục này được "
         "thay thế toàn bộ. Chọn một thư mục kết quả riêng, nằm ngoài các thư mục bản tự chấm "
         "(ví dụ --out ket-qua).")

register("ruleset-xlsx-missing-sheet", "error",
         "Thiếu trang '{sheet}' của bộ tiêu chí. Tạo lại tệp bằng lệnh dvk ruleset to-xlsx rồi sửa trên đó.")
register("ruleset-xlsx-missing-column", "error",
         "Trang '{sheet}' thiếu cột '{column}' (hàng tiêu đề {row}). Thêm lại cột này với đúng tiêu đề.")
register("ruleset-xlsx-number", "error", "Cột '{column}' phải là một số (ví dụ 2 hoặc 1,5); ô này ghi '{value}'.")
register("ruleset-xlsx-bool", "error", "Cột '{column}' ghi 'có' hoặc 'không' (hoặc để trống); ô này ghi '{value}'.")
register("ruleset-xlsx-value", "error", "Không đọc được giá trị '{value}' ở cột '{column}': {reason}.")
register("ruleset-xlsx-method", "error",
         "Phương pháp chấm '{value}' không có. Ghi một trong: {known}; với nhóm tiêu chí ghi '{group}'.")
register("ruleset-xlsx-parent", "error",
         "Không có nhóm tiêu chí mã '{value}' ở các dòng phía trên. Cột 'Thuộc nhóm' ghi mã (STT) của một "
         "nhóm tiêu chí đã có ở trên, hoặc để trống với nhóm cấp cao nhất.")
register("ruleset-xlsx-item-row", "error",
         "Dòng không có STT là một mức, ngưỡng hoặc mục của tiêu chí ngay phía trên; {reason}.")
register("ruleset-xlsx-node-column", "error",
         "Cột '{column}' chỉ dùng ở dòng mức, ngưỡng hoặc mục (dòng không có STT, ngay dưới tiêu chí); "
         "xóa giá trị ở dòng tiêu chí này hoặc chuyển xuống dòng riêng.")
register("ruleset-xlsx-no-key", "error",
         "Dòng có giá trị nhưng cột 'Nội dung' để trống: ghi tên mục (xem danh sách ở trang 'Hướng dẫn').")
register("ruleset-xlsx-condition-row", "error",
         "Dòng không có Mã là một điều kiện của điều kiện xếp loại ngay phía trên, có cột 'Kết hợp các điều "
         "kiện' ghi 'Tất cả' hoặc 'Một trong'; ghi Mã nếu đây là một điều kiện xếp loại mới, hoặc điền "
         "'Kết hợp các điều kiện' ở dòng trên.")
register("ruleset-xlsx-model-row", "error",
         "Dòng để trống cột 'Tiêu chí hoặc mục (mã)' là một mức của dòng có mã ngay phía trên, chỉ ghi cột "
         "'Mức' và 'Trạng thái mô hình'; {reason}.")
register("ruleset-xlsx-recognition-row", "error",
         "Mỗi dòng ở trang 'Công nhận mô hình' ghi một xếp loại và mức công nhận của nó; {reason}.")
register("ruleset-xlsx-unit-type-column", "error",
         "Cột '{column}' không ứng với loại đơn vị nào ('{name}'): tiêu đề ghi 'Tối đa: ' rồi tên (hoặc mã) một "
         "loại đơn vị ở trang 'Loại đơn vị'.")
register("ruleset-xlsx-max-per-type", "error",
         "Cột '{column}' ghi một số (ví dụ 35 hoặc 1,5); ô này ghi '{value}'. Điểm tối đa khác nhau theo loại "
         "đơn vị: ghi điểm chung ở đây và điểm riêng của từng loại ở các cột '{prefix}<tên loại đơn vị>' cuối trang.")
register("ruleset-xlsx-choice", "error", "Cột '{column}' ghi một trong: {value_list}; ô này ghi '{value}'.")
register("ruleset-xlsx-date", "error",
         "Cột '{column}' ghi ngày dạng ngày/tháng/năm (ví dụ 02/01/2025); ô này ghi '{value}'.")
