"""The columns of a model registration (JSON keys, workbook headers) and the shape of a read row."""

from __future__ import annotations

from typing import Any

from scoring.core.findings import Location

#: Canonical key → (Vietnamese label, required).
COLUMNS: dict[str, tuple[str, bool]] = {
    "code": ("Mã mô hình", True),
    "name": ("Tên mô hình", True),
    "field": ("Lĩnh vực", True),
    "unit_code": ("Mã đơn vị", True),
    "unit_name": ("Tên đơn vị", True),
    "individual": ("Cá nhân điển hình", False),
    "registered_on": ("Ngày đăng ký", True),
    "from": ("Từ ngày", False),
    "to": ("Đến ngày", False),
    "status": ("Trạng thái", False),
    "replicates": ("Nhân rộng từ mô hình", False),
}
#: Header texts people write for each column (folded: lower case, single spaces).
HEADER_ALIASES: dict[str, str] = {
    **{label.casefold(): key for key, (label, _) in COLUMNS.items()},
    "đơn vị": "unit_name", "điển hình cá nhân": "individual", "cá nhân": "individual",
    "ngày đăng kí": "registered_on", "mã": "code",
}

#: One row: its values by canonical key, where it is, and the cell of each value (workbooks).
Row = tuple[dict[str, Any], Location, dict[str, str]]
