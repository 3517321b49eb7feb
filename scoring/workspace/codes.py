"""Finding codes of ``scoring.workspace`` (registered once, on import of the package)."""

from __future__ import annotations

from scoring.core.findings import register

register("appraisal-sheet-unknown", "error",
         "Tệp này không phải bảng thẩm định do dvk tạo (không có trang ẩn _dvk ghi bảng của đợt nào). "
         "Lập bảng bằng lệnh dvk round appraisal-sheet, điền vào bảng đó rồi nhập lại.")
register("explanations-sheet-unknown", "error",
         "Tệp này không phải bảng giải trình do dvk tạo (không có trang ẩn _dvk ghi bảng của đợt nào). "
         "Văn phòng lập bảng bằng lệnh dvk round explanations-sheet; đơn vị điền vào bảng đó rồi gửi lại.")
register("council-sheet-wrong-kind", "error",
         "Đây là {got}, không phải {expected}: {got} nhập bằng lệnh dvk round {reader}. Nếu cần "
         "{expected}, lập bằng lệnh dvk round {command}.")
register("appraisal-sheet-other-round", "error",
         "{kind} được tạo cho {what} '{got}', không phải '{expected}' của đợt này. Dùng đúng bảng "
         "của đợt, hoặc tạo lại bằng lệnh dvk round {command}.")
register("council-sheet-other-workspace", "error",
         "{kind} này lập cho một đợt '{round}' khác (của không gian làm việc khác, chỉ trùng mã đợt), "
         "không phải đợt '{round}' ở đây. Dùng bảng lập từ không gian làm việc này (dvk round {command}).")
register("council-sheet-no-identity", "error",
         "{kind} này lập bằng phiên bản dvk cũ, không ghi mã nhận dạng của đợt nên không xác định được "
         "là bảng của đợt này hay của đợt cùng mã ở nơi khác. Lập lại bảng bằng lệnh dvk round "
         "{command}, chép các giá trị đã điền sang bảng mới rồi nhập lại.")
register("appraisal-sheet-keys-missing", "error",
         "Trang '{sheet}' không có hàng khóa của dvk (hàng ẩn ngay dưới tiêu đề cột, bắt đầu bằng "
         "'code', 'name') nên không biết cột nào là tiêu chí nào; không nhập gì từ bảng. Hàng này có "
         "thể đã bị xóa hoặc sửa: lập lại bảng bằng lệnh dvk round appraisal-sheet, chép các giá trị "
         "đã điền sang rồi nhập lại.")
register("appraisal-sheet-key-unknown", "error",
         "Ô khóa của cột này ghi '{key}', không phải khóa dvk của một tiêu chí trong bộ tiêu chí của "
         "đợt (hàng khóa ẩn bị sửa), nên không biết cột {column} là gì; không nhập gì từ bảng. Lập lại "
         "bảng bằng lệnh dvk round appraisal-sheet, chép các giá trị đã điền sang rồi nhập lại.")
register("appraisal-sheet-key-duplicate", "error",
         "Khóa '{key}' có ở hai cột: {first} và {second} (cột bị chép hoặc hàng khóa bị sửa); không "
         "biết cột nào đúng nên không nhập gì. Xóa cột thừa rồi nhập lại.")
register("appraisal-sheet-duplicate-unit", "error",
         "Đơn vị '{unit}' có hai dòng trong bảng thẩm định: {first} và {second}. Không biết dòng nào "
         "đúng nên không nhập gì; xóa dòng thừa rồi nhập lại.")
register("appraisal-sheet-row-without-unit", "error",
         "Dòng {row} có giá trị thẩm định hoặc lý do nhưng ô mã đơn vị (cột {column}) trống; không biết "
         "của đơn vị nào. Ghi lại mã đơn vị hoặc xóa dòng rồi nhập lại.")
register("appraisal-sheet-not-applicable", "error",
         "Tiêu chí {criterion} không áp dụng cho đơn vị '{unit}' (loại đơn vị '{unit_type}'), nhưng ô này "
         "có giá trị '{value}'. Để trống ô này rồi nhập lại.")
register("appraisal-unknown-unit", "error",
         "Mã đơn vị '{unit}' không có hồ sơ được tính trong đợt này; không nhập thẩm định cho dòng này.")
register("appraisal-sheet-reason-missing", "error",
         "Giá trị thẩm định ({after}) khác giá trị tự chấm ({own}) nhưng chưa ghi lý do. Ghi lý do vào ô này.")
register("appraisal-reason-missing", "error",
         "Chưa nhập lý do thẩm định. Ghi rõ vì sao thay đổi điểm để đơn vị biết và giải trình.")
register("appraisal-unknown-criterion", "error", "Tiêu chí '{id}' không có trong bộ tiêu chí của đợt.")
register("appraisal-refused", "error", "Giá trị thẩm định không hợp lệ: {reason}")

register("backup-target-exists", "error",
         "Thư mục sao lưu '{path}' đã có và không rỗng; chọn một thư mục mới.")
register("backup-tool-missing", "error",
         "Không tìm thấy chương trình {program} của PostgreSQL, cần để sao lưu hoặc khôi phục cơ sở dữ "
         "liệu PostgreSQL. Cài gói máy khách PostgreSQL (Debian/Ubuntu: apt-get install postgresql-client; "
         "Windows: bộ cài PostgreSQL, rồi thêm thư mục bin vào PATH), cùng phiên bản hoặc mới hơn máy chủ, "
         "rồi chạy lại lệnh.")
register("backup-tool-failed", "error",
         "Chương trình {program} của PostgreSQL không chạy xong: {reason}. Không có gì được ghi; sửa lỗi "
         "rồi chạy lại lệnh.")
register("backup-rotation-failed", "error",
         "Đã sao lưu vào '{written}', nhưng không xóa được bản sao lưu cũ '{path}': {reason}. Các bản cũ "
         "còn lại chiếm chỗ trên đĩa: sửa quyền của thư mục sao lưu (hoặc xóa tay bản đó) rồi chạy lại lệnh.")
register("restore-not-backup", "error",
         "Thư mục '{path}' không phải bản sao lưu của dvk workspace backup (không có hoặc không đọc được "
         "tệp bản kê {manifest}). Chọn đúng thư mục sao lưu.")
register("restore-backup-damaged", "error",
         "Bản sao lưu không nguyên vẹn: tệp '{file}' {what}. Không khôi phục gì; dùng một bản sao lưu khác "
         "hoặc chép lại bản sao lưu từ nơi lưu trữ.")
register("restore-target-exists", "error",
         "Thư mục '{path}' đã có và không rỗng; khôi phục chỉ vào một thư mục mới hoặc rỗng, không ghi đè "
         "lên dữ liệu đã có.")
register("restore-needs-database", "error",
         "Bản sao lưu này là của cơ sở dữ liệu PostgreSQL: tạo một cơ sở dữ liệu rỗng trên máy chủ "
         "(createdb) rồi ghi địa chỉ của nó bằng --database postgresql://người_dùng:mật_khẩu@máy/tên_csdl.")
register("restore-kind-mismatch", "error",
         "Bản sao lưu này là của SQLite (dvk.sqlite3), được khôi phục thành không gian làm việc SQLite; "
         "bỏ --database (và biến môi trường DVK_DATABASE_URL) rồi chạy lại.")
register("restore-database-not-empty", "error",
         "Cơ sở dữ liệu PostgreSQL đã cho đã có bảng dữ liệu; khôi phục chỉ vào một cơ sở dữ liệu rỗng, "
         "không ghi đè lên dữ liệu đã có. Tạo cơ sở dữ liệu mới (createdb) rồi chạy lại.")
register("publication-unrecorded", "warning",
         "Thư mục '{path}' do một lần công bố bị dừng giữa chừng để lại, không phải là kết quả đã "
         "công bố (không có trong sổ công bố); đã chuyển sang '{moved}'. Có thể xóa thư mục đó.")

register("collect-not-on-roster", "error",
         "Mã đơn vị '{unit}' ({name}) không có trong danh sách đơn vị của đợt {round}. Kiểm tra mã "
         "đơn vị trong bảng tính, hoặc bổ sung đơn vị vào danh sách (dvk round roster).")
register("collect-wrong-year", "error",
         "Bản tự chấm là của năm {year}, nhưng đợt {round} đánh giá năm {expected}.")
register("collect-wrong-type", "error",
         "Bản tự chấm theo loại đơn vị '{got}', nhưng danh sách đơn vị ghi '{expected}'. Lập lại bản "
         "tự chấm từ biểu mẫu đúng loại đơn vị, hoặc sửa danh sách.")
register("collect-duplicate", "error",
         "Lần thu này có {count} tệp khác nhau của đơn vị '{unit}': {files}. Không nhận tệp nào; "
         "chỉ để lại một tệp rồi thu lại.")
register("collect-late", "warning", "Nộp sau hạn {deadline}.")
register("late-reason-missing", "error",
         "Chưa ghi lý do {what} cho đơn vị '{unit}'. Ghi lý do (--ly-do): lý do được ghi vào nhật ký của "
         "đợt và in trong bản công bố.")
register("late-unit-unknown", "error",
         "Đơn vị '{unit}' không có trong danh sách đơn vị của đợt {round}. Kiểm tra mã đơn vị (dvk round "
         "status liệt kê các đơn vị).")
register("late-extension-which", "error",
         "Gia hạn cho đơn vị '{unit}': ghi hạn riêng của đơn vị (ví dụ 20/5/2026), hoặc bỏ gia hạn đã cho "
         "(--bo), một trong hai.")
register("late-extension-early", "error",
         "Hạn gia hạn ({until}) không sau hạn nộp chung của đợt ({due}): gia hạn phải cho đơn vị thêm thời gian.")
register("collect-file-changed", "error",
         "Tệp thay đổi trong lúc đang thu (nội dung khi lưu khác nội dung đã đọc): chưa thu tệp này. "
         "Đợi chép xong tệp rồi chạy lại lệnh thu.")
register("collect-file-vanished", "error",
         "Tệp bị xóa hoặc đổi tên trong lúc đang thu: chưa thu tệp này. Nếu vẫn cần nộp, đặt lại tệp "
         "vào thư mục rồi chạy lại lệnh thu.")
register("collect-resent", "warning",
         "Đơn vị '{unit}' gửi lại bản đã nộp trước đó ({file}): bản này được tính lại, thay cho bản "
         "đang tính '{replaced}'.")
register("collect-resent-kept", "warning",
         "Tệp chưa đổi từ lần thu trước, nhưng đơn vị '{unit}' đã nộp bản mới hơn qua cổng thông tin "
         "('{current}'): vẫn tính bản nộp qua cổng.")

register("compare-round-unpublished", "error",
         "Đợt {round} chưa công bố kết quả nên chưa so sánh được. Công bố đợt bằng lệnh dvk round publish.")

register("evidence-type-refused", "error",
         "{subject}: tệp '{name}' không được nhận. Chỉ đính kèm tệp PDF, ảnh (PNG, JPG), "
         "Word (.docx) hoặc Excel (.xlsx).")
register("evidence-content-mismatch", "error",
         "{subject}: tệp '{name}' có đuôi {suffix} nhưng nội dung không phải tệp {suffix} "
         "(tệp hỏng hoặc bị đổi tên). Mở tệp trên máy kiểm tra, lưu lại đúng định dạng rồi đính kèm lại.")
register("evidence-too-large", "error",
         "{subject}: tệp '{name}' nặng {size} MB, vượt giới hạn {limit} MB cho một tệp. "
         "Nén ảnh, chia nhỏ hoặc chỉ đính kèm các trang cần thiết.")
register("evidence-empty", "error", "{subject}: tệp '{name}' rỗng (0 byte). Chọn lại đúng tệp.")
register("evidence-total-too-large", "error",
         "{subject}: thêm tệp '{name}' thì tổng tài liệu kiểm chứng của đơn vị là {size} MB, "
         "vượt giới hạn {limit} MB cho một bản tự chấm. Gỡ bớt tệp không cần thiết hoặc nén nhỏ lại.")
register("evidence-unknown-criterion", "error",
         "Tiêu chí '{criterion}' không có trong biểu mẫu của đơn vị; không đính kèm được tệp '{name}'.")

register("duedoc-bad-code", "error",
         "Mã văn bản '{document}' không hợp lệ hoặc trùng: mỗi văn bản một mã riêng, chỉ gồm chữ không dấu, số, "
         "dấu gạch ngang hoặc gạch dưới (ví dụ bao-cao-6-thang).")
register("duedoc-unit-type", "error",
         "Loại đơn vị {types} không có trong bộ tiêu chí của đợt (có: {known}).")
register("duedoc-criterion", "error",
         "Tiêu chí '{criterion}' không có trong bộ tiêu chí của đợt hoặc không chấm theo số lần trễ hạn, "
         "không gửi (count_deduction): số văn bản nộp muộn, chưa nộp không đưa vào tiêu chí này được.")
register("duedoc-kinds", "error",
         "Tiêu chí {criterion}: 'late' và 'missing' phải là hai loại khác nhau trong các loại của tiêu chí "
         "({kinds}).")
register("duedoc-received", "error",
         "Văn bản '{document}' đã có đơn vị nộp: không bỏ khỏi khai báo được. Giữ văn bản đó trong tệp khai báo.")
register("duedoc-unknown", "error",
         "Đơn vị '{unit}' không phải nộp văn bản '{document}' trong đợt này (văn bản đơn vị phải nộp: {known}). "
         "Kiểm tra mã văn bản (dvk round status liệt kê các văn bản).")
register("duedoc-future", "error",
         "Ngày nhận {when} chưa tới. Ghi ngày văn bản đến thực tế (ví dụ 10/5/2026 hoặc '10/5/2026 09:30').")

register("explanation-not-changed", "error",
         "Thẩm định không thay đổi tiêu chí '{criterion}' của đơn vị: không có gì để giải trình.")
register("explanation-empty", "error", "Chưa nhập nội dung giải trình cho tiêu chí {criterion}.")
register("explanation-too-long", "error",
         "Nội dung giải trình tiêu chí {criterion} dài {length} ký tự, quá {limit}. Viết gọn lại; "
         "tài liệu dài gửi văn phòng kèm theo.")
register("explanation-window-closed", "error",
         "Đã hết hạn giải trình ({due}). Liên hệ văn phòng nếu cần bổ sung.")
register("explanations-sheet-header-missing", "error",
         "Trang '{sheet}' không có dòng tiêu đề cột của bảng giải trình ({header}) trong {rows} dòng đầu, "
         "nên không biết cột nào là gì; không nhận tệp này. Dùng bảng giải trình do văn phòng gửi "
         "(dvk round explanations-sheet), không xóa hay sửa dòng tiêu đề.")
register("explanation-duplicate-row", "error",
         "Đơn vị '{unit}' có hai ý kiến giải trình cho tiêu chí {criterion}: {first} và {second}. Không "
         "biết ý kiến nào đúng nên không nhận; chỉ để lại một dòng rồi gửi lại.")
register("reminder-nobody", "error",
         "Đợt {round}: mọi đơn vị trong danh sách đã nộp đúng hạn một hồ sơ được tính; không có đơn vị nào "
         "cần đôn đốc, chưa ghi công văn.")
register("explanation-other-unit", "error",
         "Dòng này ghi đơn vị '{unit}' nhưng đây là bảng giải trình riêng của đơn vị '{own}': mỗi đơn vị "
         "chỉ giải trình trong bảng của mình. Chuyển ý kiến sang bảng giải trình của đơn vị '{unit}'.")
register("explanation-unknown-row", "error",
         "Dòng này ghi đơn vị '{unit}', tiêu chí '{criterion}' nhưng thẩm định không thay đổi tiêu chí đó "
         "của đơn vị. Dùng bảng giải trình do dvk tạo cho đợt này.")

register("roster-unsupported", "error",
         "Danh sách đơn vị phải là tệp Excel (.xlsx) hoặc CSV (.csv), không phải '{suffix}'.")
register("roster-no-header", "error",
         "Không tìm thấy dòng tiêu đề có cột 'Mã đơn vị' và 'Tên đơn vị' trong {rows} dòng đầu. "
         "Thêm dòng tiêu đề với các cột: Mã đơn vị, Tên đơn vị, Loại đơn vị, Khối.")
register("roster-missing-column", "error",
         "Thiếu cột '{column}' trong dòng tiêu đề. Thêm cột này rồi nhập lại danh sách.")
register("roster-empty-cell", "error", "Dòng {row}: chưa nhập {column}.")
register("roster-duplicate-code", "error",
         "Mã đơn vị '{unit}' ở dòng {row} trùng với mã ở dòng {other} (mã được so sánh sau khi bỏ ký tự ẩn, "
         "chữ toàn độ rộng, khoảng trắng thừa và không phân biệt hoa thường). Mỗi đơn vị chỉ một dòng: "
         "xóa dòng thừa hoặc sửa lại mã.")
register("roster-control-character", "error",
         "Ô {column} chứa ký tự điều khiển không nhìn thấy ({chars}), thường do dán từ chương trình khác. "
         "Gõ lại nội dung ô rồi nhập lại danh sách.")
register("roster-cell-too-long", "error",
         "Ô dài {length} ký tự, quá giới hạn {limit} ký tự của một ô trong danh sách đơn vị. Kiểm tra lại "
         "tệp (có thể đã dán nhầm nội dung khác vào ô).")
register("roster-too-large", "error",
         "Danh sách đơn vị quá lớn: {what}, giới hạn {limit}. Kiểm tra lại tệp, hoặc chia thành nhiều đợt "
         "đánh giá.")
register("roster-formula-no-value", "error",
         "Ô có công thức nhưng tệp không lưu giá trị của nó (tệp do chương trình khác tạo, chưa mở bằng Excel): "
         "dòng này sẽ bị coi là trống. Mở tệp bằng Excel, lưu lại rồi nhập lại danh sách, hoặc gõ giá trị "
         "thay cho công thức.")
register("roster-csv-malformed", "error",
         "Tệp CSV sai cấu trúc ở dòng này (dấu ngoặc kép không đóng?). Mở bằng Excel, lưu lại dạng CSV "
         "rồi nhập lại.")
register("roster-unknown-type", "error",
         "Loại đơn vị '{value}' không có trong bộ tiêu chí (có: {known}).")
register("roster-unknown-block", "error",
         "Khối '{value}' không có trong bộ tiêu chí cho loại đơn vị '{unit_type}' (có: {known}).")
register("roster-empty", "error", "Danh sách đơn vị không có dòng nào.")

register("round-exists", "error", "Đã có đợt đánh giá mã '{round}' trong không gian làm việc này.")
register("round-not-found", "error",
         "Không có đợt đánh giá mã '{round}'. Các đợt hiện có: {known}.")
register("round-ambiguous", "error",
         "Không gian làm việc có nhiều đợt đánh giá ({known}); chọn một đợt bằng --round MÃ.")
register("round-none", "error", "Không gian làm việc chưa có đợt đánh giá nào. Tạo bằng lệnh dvk round new.")
register("round-bad-date", "error",
         "Ngày '{value}' không đúng dạng. Nhập ngày/tháng/năm (ví dụ 10/5/2026), có thể kèm giờ (17:00).")
register("round-bad-state", "error",
         "Đợt đang ở trạng thái '{state}', không chuyển sang '{target}' được. Bước tiếp theo hợp lệ: {allowed}.")
register("round-state-forbids", "error",
         "Đợt đang ở trạng thái '{state}': không {action} được nữa.{next}")
register("round-state-not-yet", "error",
         "Đợt đang ở trạng thái '{state}': chưa {action} được.{next}")
register("round-no-appraisal", "error",
         "Đợt '{round}' không có bước thẩm định của hội đồng (kết quả là điểm tự chấm của đơn vị): "
         "không {action} được.{next}")
register("round-correction-forbids", "error",
         "Đợt đang đính chính kết quả đã công bố: không {action} được. Khi đính chính chỉ được: {allowed}; "
         "xong thì công bố lại (dvk round publish).")
register("round-published-correct", "error",
         "Đợt đã công bố: không {action} được nữa. Nếu kết quả đã công bố cần sửa, văn phòng mở đính chính: "
         "dvk round dinh-chinh --ly-do \"lý do\", sửa rồi công bố lại.")
register("correction-reason-missing", "error",
         "Chưa ghi lý do đính chính (--ly-do). Lý do được ghi vào nhật ký của đợt và in trong bản công bố đính chính.")
register("correction-not-published", "error",
         "Đợt {round} đang ở trạng thái '{state}': chỉ mở đính chính được khi đợt đã công bố (đợt đang đính "
         "chính thì công bố lại bằng dvk round publish).")
register("correction-previous-altered", "error",
         "Kết quả của lần công bố {number} ({path}) đã bị sửa, xóa hoặc không đọc được sau khi công bố: không so "
         "sánh được để đính chính. Khôi phục thư mục công bố đó từ bản sao lưu (dvk workspace restore) rồi công bố lại.")
register("round-late-fact", "error",
         "Dữ kiện '{fact}' không có trong bộ tiêu chí hoặc không phải dạng Có/Không (có: {known}).")
register("round-bad-code", "error",
         "Mã đợt '{round}' chỉ được gồm chữ không dấu, số, dấu gạch ngang hoặc gạch dưới.")

register("workspace-missing", "error",
         "Thư mục '{path}' chưa phải là không gian làm việc của dvk. Tạo đợt đánh giá đầu tiên bằng "
         "lệnh: dvk round new … --workspace {path}")
register("workspace-unreachable", "error",
         "Không mở được cơ sở dữ liệu của không gian làm việc: {reason}. Kiểm tra đường dẫn hoặc "
         "địa chỉ máy chủ PostgreSQL.")
register("workspace-busy", "error",
         "Một lệnh khác đang ghi vào không gian làm việc này và chưa xong sau {seconds} giây. "
         "Chờ lệnh đó chạy xong rồi chạy lại.")

register("upload-too-large", "error",
         "Tệp nặng {size} MB, vượt giới hạn {limit} MB của cổng. Xóa ảnh hoặc trang thừa rồi gửi lại.")
register("upload-other-unit", "error",
         "Bảng tính này là của đơn vị '{got}', còn tài khoản đang đăng nhập là của đơn vị '{expected}'. "
         "Chỉ gửi bảng tính của đơn vị mình.")

# Hand-off by file between offices (scoring.workspace.handoff).
register("handoff-no-office", "error",
         "Chưa ghi tên cơ quan cấp dưới đã gửi kết quả này. Ghi tên bằng --co-quan, ví dụ "
         "--co-quan \"Phòng Nội vụ huyện A\".")
register("handoff-not-found", "error",
         "Không có thư mục hay tệp nén .zip '{path}'. Chỉ ra thư mục công bố (cong-bo/<đợt>/so-NN-…) mà cơ "
         "quan cấp dưới gửi, hoặc tệp .zip của thư mục đó.")
register("handoff-bad-zip", "error",
         "Không mở được tệp nén '{path}' ({reason}). Đề nghị cơ quan cấp dưới nén và gửi lại thư mục công bố.")
register("handoff-no-manifest", "error",
         "'{path}' không phải thư mục công bố của dvk: không có tệp bản kê {manifest} (mã băm SHA-256 của "
         "từng tệp). Chỉ ra đúng thư mục so-NN-… do dvk round publish ghi; kết quả công bố bằng phiên bản dvk "
         "cũ chưa có bản kê thì đề nghị cơ quan cấp dưới công bố lại (dvk round publish).")
register("handoff-bad-manifest", "error",
         "Tệp bản kê {manifest} không đúng định dạng của dvk ({reason}). Không nhập gì; đề nghị cơ quan cấp "
         "dưới gửi lại nguyên thư mục công bố.")
register("handoff-file-damaged", "error",
         "Kết quả công bố không nguyên vẹn: tệp '{file}' {what}. Không nhập gì từ thư mục này; đề nghị cơ "
         "quan cấp dưới gửi lại nguyên thư mục công bố (không mở sửa, thêm hay bớt tệp nào).")
register("handoff-conflict", "error",
         "Lần công bố số {number} của đợt '{round}' đã được nhập ngày {at} (cơ quan: {office}) với nội dung "
         "khác bản này. Hai bản cùng số công bố không thể khác nhau: hỏi lại cơ quan cấp dưới bản nào đúng; "
         "không nhập gì.")
register("handoff-office-differs", "error",
         "Lần công bố số {number} của đợt '{round}' đã được nhập là của '{office}', không phải '{given}'. "
         "Không nhập lại dưới tên khác; kiểm tra lại tên cơ quan.")
register("handoff-stored-damaged", "error",
         "Tệp ket-qua.json đã nhập của {office} (đợt '{round}', công bố số {number}) trong không gian làm việc "
         "đã bị thay đổi hoặc mất sau khi nhập; không tổng hợp. Khôi phục thư mục tep/ từ bản sao lưu "
         "(dvk workspace restore), hoặc đề nghị cơ quan đó gửi lại thư mục công bố.")
register("handoff-into-differs", "error",
         "Lần công bố số {number} của đợt '{round}' ({office}) đã được nhập cho {taken}; một lần công bố chỉ nhập "
         "cho một cơ quan cấp trên. Kiểm tra lại --vao.")
register("handoff-none", "error",
         "Chưa có kết quả công bố nào của cơ quan cấp dưới{which}: chưa cơ quan cấp dưới nào trong không "
         "gian làm việc công bố đợt nào, và chưa nhập kết quả công bố nào bằng tệp. Nhập bằng lệnh dvk "
         "cap-tren nhap THƯ_MỤC --co-quan \"Tên cơ quan\".")
register("period-no-rounds", "error",
         "Không gian làm việc không có đợt đánh giá nào của năm {year} nên chưa lập được báo cáo {kind}. Kiểm tra "
         "lại năm (--nam), hoặc tạo đợt của năm đó bằng lệnh dvk round new … --year {year}.")
register("period-publication-altered", "error",
         "Tệp ket-qua.json của lần công bố số {number} (đợt '{round}') đã bị sửa hoặc mất sau khi công bố nên số "
         "liệu của báo cáo không truy được về kết quả đã công bố; không lập báo cáo. Khôi phục thư mục công bố "
         "từ bản sao lưu (dvk workspace restore) hoặc công bố lại đợt (dvk round publish).")
register("frames-round-not-final", "error",
         "Đợt '{round}' đang ở bước \"{state}\": kết quả chưa được chốt nên chưa lập bảng số liệu kết quả cuối "
         "cùng. Chốt kết quả (dvk round state final) hoặc công bố (dvk round publish) trước; đợt đang đính chính "
         "thì dùng kết quả công bố gần nhất (ket-qua.json) cho đến khi công bố đính chính.")


# The year's emulation proposal (dvk thi-dua de-xuat: scoring.workspace.emulation).
register("emulation-round-not-final", "error",
         "Đợt {round} đang ở trạng thái '{state}': kết quả chưa chốt nên chưa dùng để đề xuất khen thưởng. Chốt "
         "kết quả (dvk round state final) hoặc công bố đợt (dvk round publish) rồi chạy lại; nếu không cần đợt "
         "này, chỉ ra các đợt cần dùng bằng --dot.")
register("emulation-round-year", "error",
         "Đợt {round} là đợt năm {year}, không phải năm {wanted} của đề xuất. Bỏ đợt này ra hoặc sửa --nam.")
register("emulation-round-unmatched", "error",
         "Đợt {round} chấm theo bộ tiêu chí '{ruleset}', không thuộc loại đợt nào của quy tắc thi đua (các bộ "
         "tiêu chí đã khai báo: {known}). Bỏ đợt này ra hoặc thêm bộ tiêu chí vào rounds[].rulesets của quy tắc.")
register("emulation-round-twice", "error",
         "Hai đợt cùng loại '{kind}': {other} và {round}. Chỉ ra đúng một đợt mỗi loại bằng --dot.")
register("emulation-round-missing", "error",
         "Không có đợt {kind} (bộ tiêu chí {rulesets}) của năm {year} trong không gian làm việc hoặc trong các "
         "--dot đã ghi: quy tắc thi đua cần kết quả của đợt này.")
register("emulation-needs-register", "error",
         "Quy tắc '{rule}' xét mô hình \"Dân vận khéo\" nhưng chưa có sổ mô hình: ghi thêm --mo-hinh TỆP "
         "(sổ đăng ký .xlsx/.json).")


# A higher round's criterion fed by lower offices' published results (scoring.workspace.lowerrule, lowerfacts).
register("lower-figure", "error",
         "Số liệu \"{kind}\" ({what}) khai báo chưa đúng: tỷ lệ (share) và số đơn vị (count) theo xếp loại ghi đúng "
         "một trong \"classes\" (danh sách xếp loại), \"classes_at_least\" (từ xếp loại này trở lên) hoặc "
         "\"classes_at_most\" (từ xếp loại này trở xuống), không để trống tên xếp loại; \"of\" chỉ dùng cho tỷ "
         "lệ; tỷ lệ nộp và tỷ lệ điểm bình quân không ghi xếp loại.")
register("lower-criterion-unknown", "error",
         "Bộ tiêu chí của đợt không có tiêu chí hay dữ kiện '{criterion}'. Ghi mã tiêu chí như trong bộ tiêu chí "
         "(xem bằng lệnh dvk show).")
register("lower-criterion-method", "error",
         "Tiêu chí {criterion} không nhận {what} của cơ quan cấp dưới theo cách chấm của nó; tiêu chí này nhận: "
         "{takes}. Tiêu chí chấm theo tỷ lệ nhận tỷ lệ (tử số, mẫu số); tiêu chí quy đổi từ chỉ số (thang 100) "
         "nhận tỷ lệ phần trăm; tiêu chí trừ điểm theo số lần (một loại) nhận số đơn vị.")
register("lower-criterion-taken", "error",
         "Tiêu chí {criterion} đã nhận số văn bản nộp muộn, chưa nộp của đợt (dvk round tai-lieu khai-bao): một "
         "tiêu chí không lấy giá trị từ hai nguồn. Chọn tiêu chí khác.")
register("lower-unit-unknown", "error",
         "Đơn vị '{unit}' không có trong danh sách đơn vị của đợt {round}. Ghi đúng mã đơn vị như danh sách.")
register("lower-unit-twice", "error",
         "Đơn vị '{unit}' được ghi hai lần (mã viết hoa, thường khác nhau vẫn là một đơn vị). Mỗi đơn vị ghi một lần.")
register("lower-no-office", "error",
         "Chưa ghi tên cơ quan cấp dưới của đơn vị '{unit}'. Ghi tên như khi nhập kết quả công bố "
         "(dvk cap-tren nhap --co-quan).")
register("lower-unit-not-applicable", "error",
         "Tiêu chí {criterion} không áp dụng cho đơn vị '{unit}' (loại đơn vị {unit_type}): không lấy kết quả của "
         "cơ quan cấp dưới cho đơn vị này. Bỏ đơn vị khỏi khai báo hoặc chọn tiêu chí khác.")
register("lower-no-publication", "warning",
         "Chưa nhập kết quả công bố năm {year} của {office}: tiêu chí {criterion} của đơn vị tạm tính theo giá trị "
         "đơn vị tự ghi. Nhập bằng lệnh dvk cap-tren nhap THƯ_MỤC --co-quan \"{office}\" (tên đúng như khai báo).")
register("lower-no-publication-ruleset", "warning",
         "Chưa nhập kết quả công bố năm {year} của {office} theo bộ tiêu chí {ruleset}: tiêu chí {criterion} của đơn "
         "vị tạm tính theo giá trị đơn vị tự ghi. Nhập kết quả công bố đó bằng lệnh dvk cap-tren nhap.")
register("lower-several-rounds", "warning",
         "{office} đã công bố nhiều đợt năm {year} ({rounds}): không biết lấy đợt nào cho tiêu chí {criterion}, "
         "tạm tính theo giá trị đơn vị tự ghi. Ghi \"ruleset\" (mã bộ tiêu chí của đợt cần lấy) trong tệp khai "
         "báo rồi khai báo lại.")
register("lower-no-figure", "warning",
         "Kết quả công bố của {office} (đợt '{round}') chưa có đơn vị nào có kết quả nên không có {what}: tiêu chí "
         "{criterion} của đơn vị tạm tính theo giá trị đơn vị tự ghi.")
register("lower-newer-after-final", "warning",
         "{office} có lần công bố số {number} (đợt '{round}') nhập sau khi đợt này chốt kết quả: chưa tính vào "
         "tiêu chí {criterion}. Muốn tính, mở đính chính (dvk round dinh-chinh --ly-do …) rồi công bố lại.")


# The model register in the workspace (scoring.workspace.modelbook, modelstore, modelmoves).
register("modelbook-bad-move", "error",
         "Mô hình '{model}' đang ở trạng thái '{status}', không chuyển sang '{target}' được. {allowed}")
register("modelbook-date-order", "error",
         "Ngày {date} của trạng thái '{target}' trước ngày {previous} của trạng thái hiện tại '{status}' "
         "của mô hình '{model}'. Nhập ngày từ {previous} trở đi.")
register("modelbook-future-date", "error", "{label} {date} là ngày trong tương lai; nhập ngày đã qua hoặc hôm nay.")
register("modelbook-duplicate-code", "error",
         "Mã mô hình '{model}' đã đăng ký năm {year} (đơn vị {unit}). Mỗi mô hình một mã riêng trong năm.")
register("modelbook-unknown-model", "error",
         "Năm {year} không có mô hình mã '{model}' trong sổ đăng ký. Xem danh sách: dvk mo-hinh so ds --nam {year}.")
register("modelbook-unknown-unit", "error",
         "Không có đơn vị mã '{unit}' trong không gian làm việc (đơn vị có từ danh sách đơn vị của một đợt). "
         "Kiểm tra mã đơn vị.")
register("modelbook-replicate-own", "error",
         "Mô hình '{model}' là của chính đơn vị '{unit}'; nhân rộng là một đơn vị khác áp dụng mô hình này.")
register("modelbook-year-date", "error",
         "Ngày đăng ký {date} không thuộc năm {year} của sổ đăng ký; nhập ngày trong năm {year} hoặc chọn đúng năm.")
register("modelbook-round-no-inputs", "error",
         "Bộ tiêu chí của đợt '{round}' không khai báo \"model_inputs\" (tiêu chí nào lấy số mô hình từ sổ), "
         "nên đợt không dùng sổ đăng ký mô hình được.")
register("modelbook-round-state", "error",
         "Đợt '{round}' đang ở trạng thái '{state}': chỉ đổi việc dùng sổ đăng ký mô hình khi đợt chưa chốt kết quả.")
register("modelbook-deadline-higher", "error",
         "Hạn đăng ký mô hình của năm là hạn chung của mọi cơ quan trong không gian làm việc; {office} có cơ quan "
         "cấp trên nên không đặt được. Đề nghị {top} (hoặc cơ quan cấp cao nhất) đặt hạn.")
register("modelbook-import-invalid", "error",
         "Tệp đăng ký có dòng lỗi (xem các lỗi trên); không nhập gì vào sổ. Sửa tệp rồi nhập lại.")

# Offices above offices in one workspace (scoring.workspace.offices).
register("office-unknown", "error",
         "Không có cơ quan mã '{office}' ({argument}) trong không gian làm việc này. Các cơ quan đã khai báo: "
         "{known}. Khai báo bằng lệnh dvk co-quan them MÃ --ten \"Tên cơ quan\".")
register("office-bad-code", "error",
         "Mã cơ quan '{office}' (MÃ) không dùng được: mã bắt đầu bằng chữ hoặc số, chỉ gồm chữ không dấu, số, "
         "dấu gạch ngang, gạch dưới hoặc dấu chấm, tối đa 100 ký tự, ví dụ HUYEN-A.")
register("office-no-name", "error",
         "Chưa ghi tên cơ quan '{office}' (--ten). Ghi tên đầy đủ, ví dụ --ten \"Phòng Nội vụ huyện A\".")
register("office-exists", "error",
         "Đã có cơ quan mã '{office}' (MÃ) trong không gian làm việc này. Dùng mã khác, hoặc đổi cấp trên của "
         "cơ quan đó bằng lệnh dvk co-quan cap-tren {office} --cap-tren MÃ_CẤP_TRÊN.")
register("office-cycle", "error",
         "Không đặt được '{parent}' (--cap-tren) làm cấp trên của '{office}': '{parent}' là chính '{office}' hoặc "
         "một cơ quan cấp dưới của nó, cơ quan sẽ thành cấp trên của chính mình ({chain}). Chọn một cơ quan "
         "không nằm dưới '{office}'.")
register("office-publication-damaged", "error",
         "Tệp ket-qua.json của lần công bố số {number} đợt '{round}' ({office}) đã bị thay đổi hoặc mất sau khi "
         "công bố (khác mã băm SHA-256 đã ghi); không tổng hợp. Khôi phục thư mục {folder} từ bản sao lưu "
         "(dvk workspace restore), hoặc công bố lại đợt đó.")
