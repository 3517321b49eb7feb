"""Optional parts of a ruleset beyond scoring: "Dân vận khéo" model inputs and reward rules.

Kept apart from :mod:`scoring.rules.models` (which only gains one field per part) so that the
scoring format and these hand-offs change independently.  Neither part changes how a submission
is scored by itself: model inputs fill answers from the model register before scoring
(:mod:`scoring.models_dvk.rollup`), reward rules read a ranking (:mod:`scoring.jobs.rewards`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, StrictInt

from scoring.rules.types import Frozen, Id, Points, Text

#: A model's status in its life cycle (đăng ký → triển khai → đánh giá → công nhận / không).
ModelStatus = Literal["dang_ky", "trien_khai", "danh_gia", "cong_nhan_co_so", "cong_nhan_huyen",
                      "cong_nhan_tinh", "khong_cong_nhan"]
#: A model's field of work (lĩnh vực).
ModelField = Literal["kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_htct"]


class LevelFromModels(Frozen):
    """The level chosen when the unit has at least one model in one of ``any_of``."""

    level: Id
    any_of: tuple[ModelStatus, ...] = Field(min_length=1)


class ModelInput(Frozen):
    """An input (criterion, pool item or fact) whose value comes from the unit's models.

    ``count``: the number of the unit's models with one of these statuses (a pool item, a fact of
    kind integer, or ``field`` of a multi-field criterion).  ``levels``: for a ``levels``
    criterion, the first entry whose statuses the unit has decides, else ``otherwise``.
    """

    input: Id
    field: str | None = None
    count: tuple[ModelStatus, ...] | None = Field(None, min_length=1)
    levels: tuple[LevelFromModels, ...] | None = Field(None, min_length=1)
    otherwise: Id | None = None
    fields_of_work: tuple[ModelField, ...] | None = Field(
        None, min_length=1, description="Chỉ tính mô hình thuộc các lĩnh vực này (bỏ trống: mọi lĩnh vực).")
    include_individuals: StrictBool = Field(
        True, description="false: không tính điển hình cá nhân, chỉ mô hình của tập thể.")


class ModelRecognition(Frozen):
    """For a model ruleset: the status each final class leads to (e.g. cap_tinh → cong_nhan_tinh)."""

    bands: dict[Id, ModelStatus] = Field(min_length=1)


class RewardRule(Frozen):
    """One form of reward and who may be proposed for it (checked in the declared order).

    Collectives: units whose final class (after quotas) is in ``bands``, ranked within ``rank_max``
    in their block, with at least ``min_percent``/``min_points``, no gate applied when
    ``no_gates``; at most ``max_per_block`` per block.  Individuals: the persons behind the
    unit's models whose status is in ``model_statuses`` (their unit must also qualify when
    ``bands`` is given).
    """

    id: Id
    title: Text = Field(description="Hình thức khen thưởng, ví dụ 'Bằng khen của Chủ tịch UBND tỉnh'.")
    subject: Literal["collective", "individual"] = "collective"
    bands: tuple[Id, ...] | None = Field(None, min_length=1)
    rank_max: StrictInt | None = Field(None, ge=1)
    min_percent: Points | None = None
    min_points: Points | None = None
    no_gates: StrictBool = False
    max_per_block: StrictInt | None = Field(None, ge=1)
    ties_at_limit: Literal["exclude", "include"] = Field(
        "exclude", description="Đồng hạng tại giới hạn số lượng: 'exclude' để Hội đồng quyết định, 'include' đề nghị cả.")
    blocks: tuple[Id, ...] | None = Field(None, min_length=1)
    model_statuses: tuple[ModelStatus, ...] | None = Field(None, min_length=1)


class Rewards(Frozen):
    """Reward rules of the emulation hand-off; a unit (or person) gets the first rule it meets."""

    label: Text = "Đề nghị khen thưởng"
    note: str | None = Field(None, description="Căn cứ, ghi chú in trên danh sách đề nghị.")
    rules: tuple[RewardRule, ...] = Field(min_length=1)
