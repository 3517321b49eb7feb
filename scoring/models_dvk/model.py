"""A "Dân vận khéo" model (mô hình) or individual exemplar (điển hình cá nhân) and its vocabulary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from scoring.core.findings import Finding, Location
from scoring.core.unitcode import unit_key

#: Statuses in life-cycle order, with their Vietnamese labels.
STATUSES: dict[str, str] = {
    "dang_ky": "Đăng ký",
    "trien_khai": "Triển khai",
    "danh_gia": "Đánh giá",
    "cong_nhan_co_so": "Công nhận cấp cơ sở",
    "cong_nhan_huyen": "Công nhận cấp huyện",
    "cong_nhan_tinh": "Công nhận cấp tỉnh",
    "khong_cong_nhan": "Không công nhận",
}
#: The recognised statuses, lowest level first.
RECOGNISED = ("cong_nhan_co_so", "cong_nhan_huyen", "cong_nhan_tinh")
#: Fields of work (lĩnh vực) of the 2021–2025 guidance.
FIELDS: dict[str, str] = {
    "kinh_te": "Kinh tế",
    "van_hoa_xa_hoi": "Văn hóa - xã hội",
    "quoc_phong_an_ninh": "Quốc phòng - an ninh",
    "xay_dung_htct": "Xây dựng hệ thống chính trị",
}


@dataclass(frozen=True)
class Model:
    """One registered model of a unit (``individual`` set: an individual exemplar of that unit)."""

    code: str
    name: str
    field: str
    unit_code: str
    unit_name: str
    registered_on: dt.date
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    status: str = "dang_ky"
    individual: str | None = None
    late: bool = False
    #: The code of the model this one replicates (nhân rộng) in another unit; None: its own model.
    replicates: str | None = None
    where: Location = field(default_factory=Location)
    #: Kept in the workspace's register only (a file has no such column): whom the model works
    #: with (đối tượng), and the code of the model of another unit it replicates (nhân rộng).
    target_group: str | None = None
    replicates: str | None = None
    #: Set by an evaluation: the model ruleset's total, class and the file it came from.
    evaluation: dict[str, Any] | None = None

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def field_label(self) -> str:
        return FIELDS[self.field]

    @property
    def recognised(self) -> bool:
        return self.status in RECOGNISED

    @property
    def period_text(self) -> str:
        start = f"{self.period_from:%d/%m/%Y}" if self.period_from else ""
        end = f"{self.period_to:%d/%m/%Y}" if self.period_to else ""
        return f"{start} – {end}" if start or end else ""


@dataclass(frozen=True)
class Register:
    """The models read from one or more registration files, and every finding about them.

    Rows with errors are left out of ``models`` (their findings say why); the others are kept.
    """

    models: tuple[Model, ...]
    findings: tuple[Finding, ...] = ()
    year: int | None = None
    deadline: dt.date | None = None

    def of_unit(self, unit_code: str) -> list[Model]:
        key = unit_key(unit_code)
        return [m for m in self.models if unit_key(m.unit_code) == key]

    def by_code(self) -> dict[str, Model]:
        return {m.code: m for m in self.models}
