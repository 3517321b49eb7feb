"""Where a registered model may go from its status: one table of moves, and the refusal that
says, in Vietnamese, which statuses are allowed from where the model stands.

The life cycle of a "Dân vận khéo" model through the year: registered (đăng ký) → deployed
(triển khai) → reviewed (sơ kết, đánh giá) → recognised at a level, or not recognised.  A model
recognised at one level may be recognised again at a higher one (cơ sở → huyện → tỉnh); "không
công nhận" is final for the year.
"""

from __future__ import annotations

from scoring.core.findings import Finding, Location, make
from scoring.models_dvk.model import STATUSES

#: status → the statuses the office may record next.
MOVES: dict[str, tuple[str, ...]] = {
    "dang_ky": ("trien_khai",),
    "trien_khai": ("danh_gia",),
    "danh_gia": ("cong_nhan_co_so", "cong_nhan_huyen", "cong_nhan_tinh", "khong_cong_nhan"),
    "cong_nhan_co_so": ("cong_nhan_huyen", "cong_nhan_tinh"),
    "cong_nhan_huyen": ("cong_nhan_tinh",),
    "cong_nhan_tinh": (),
    "khong_cong_nhan": (),
}


def allowed_words(status: str) -> str:
    """The statuses allowed after ``status``, as a message says them ("" when none)."""
    return ", ".join(f"'{STATUSES[s]}' ({s})" for s in MOVES[status])


def refused_move(code: str, status: str, target: str, where: Location | None = None) -> Finding | None:
    """Why the model ``code`` in ``status`` may not move to ``target`` (None: it may)."""
    if target in MOVES[status]:
        return None
    allowed = allowed_words(status)
    return make("modelbook-bad-move", where or Location(), model=code, status=STATUSES[status],
                target=STATUSES.get(target, target),
                allowed=f"Trạng thái tiếp theo hợp lệ: {allowed}." if allowed else
                "Trạng thái này là trạng thái cuối của mô hình trong năm.")
