"""The ruleset format: frozen pydantic models, the single source of truth of criteria/schema.json.

A ruleset encodes one decision (quyết định) for one or more unit types: a tree of groups and
criteria with their scoring methods, bonus and deduction pools, classification bands with gates
and quotas, and the declared policies (final stage, rounding, ties).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Field, StrictBool, StrictInt

from scoring.rules.extensions import ModelInput, ModelRecognition, Rewards
from scoring.rules.methods import AnyMethod
from scoring.rules.types import Frozen, Id, Number, Percent, Points, Positive, Text


def _iso_date(value: Any) -> Any:
    # Only "YYYY-MM-DD" text, as the JSON Schema's "format": "date" (pydantic alone would also
    # take 0 as 1970-01-01 or a date-time string).
    if isinstance(value, dt.date) or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError("phải là ngày dạng YYYY-MM-DD")


#: A calendar date written "YYYY-MM-DD".
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class Decision(Frozen):
    """The legal document the ruleset encodes, or is modeled on."""

    number: Text = Field(description="Số hiệu, ví dụ '1211/QĐ-UBND'.")
    date: IsoDate = Field(description="Ngày ban hành (YYYY-MM-DD).")
    issuer: Text = Field(description="Cơ quan ban hành, ví dụ 'UBND tỉnh Quảng Ngãi'.")
    title: str | None = Field(None, description="Trích yếu.")
    relation: Literal["encodes", "modeled_on"] = Field(
        "encodes", description="'encodes': nội dung lấy từ văn bản; 'modeled_on': chỉ mô phỏng cấu trúc.")


class Period(Frozen):
    start: IsoDate = Field(alias="from")
    end: IsoDate | None = Field(None, alias="to")


class UnitType(Frozen):
    id: Id
    name: Text


class Block(Frozen):
    """A ranking block (khối): units of the listed types are ranked together."""

    id: Id
    name: Text
    unit_types: tuple[Id, ...] = Field(min_length=1)


class NotApplicableAllowance(Frozen):
    """The unit may answer "Không áp dụng" for this criterion (see :mod:`scoring.rules.notapplicable`)."""

    reason_required: StrictBool = Field(True, description=(
        "true (mặc định): đơn vị chọn \"Không áp dụng\" phải ghi lý do (JSON: "
        "'not_applicable_reason'; Excel: dòng \"Lý do không áp dụng\"), thiếu lý do là lỗi tại ô đó; "
        "false: lý do không bắt buộc."))


class Criterion(Frozen):
    """A leaf criterion scored by one method."""

    id: Id
    name: Text
    guidance: str = Field("", description="Hướng dẫn chấm, tài liệu kiểm chứng cần có.")
    max: Points
    applies_to: tuple[Id, ...] | None = Field(
        None, description="Loại đơn vị áp dụng; bỏ trống là áp dụng như nhóm cha (hoặc tất cả).")
    evidence_required: StrictBool = Field(False, description=(
        "true: điểm tự chấm lớn hơn 0 phải có tài liệu kiểm chứng (cột 'Tài liệu kiểm chứng' / "
        "'evidence'); thiếu thì xử lý theo 'evidence_missing' của bộ tiêu chí."))
    unit_may_declare_not_applicable: NotApplicableAllowance | None = Field(None, description=(
        "Cho phép đơn vị tự khai \"Không áp dụng\" cho tiêu chí này (kèm lý do), ví dụ "
        "{\"reason_required\": true}. Bỏ trống (mặc định): không được tự khai; trả lời \"Không áp "
        "dụng\" là lỗi. Khi đơn vị tự khai, tiêu chí rời khỏi điểm tối đa áp dụng của đơn vị (như "
        "tiêu chí không áp dụng cho loại đơn vị): tỷ lệ % tính trên điểm tối đa đã giảm, nhóm và mức "
        "trần của nhóm tính theo các tiêu chí còn lại. Cấp thẩm định có thể bác bỏ bằng cách nhập "
        "giá trị (tiêu chí được chấm và tính lại vào điểm tối đa) hoặc xác nhận bằng \"Không áp "
        "dụng\". Biểu mẫu Excel chỉ có ô chọn \"Không áp dụng\" ở tiêu chí khai trường này."))
    method: AnyMethod


class Group(Frozen):
    """A group of criteria; its max is the sum of its children's unless ``cap_at_max``."""

    id: Id
    name: Text
    guidance: str = ""
    max: Points = Field(description=(
        "Điểm tối đa của nhóm. Không có 'cap_at_max': phải bằng tổng điểm tối đa các tiêu chí con "
        "áp dụng cho từng loại đơn vị (kiểm tra khi nạp); điểm tối đa áp dụng của nhóm luôn là "
        "tổng đó. Có 'cap_at_max': mức trần của tổng điểm các tiêu chí con."))
    max_by_unit_type: dict[Id, Points] | None = Field(None, description=(
        "Điểm tối đa của nhóm cho từng loại đơn vị, khi khác 'max': ví dụ nhóm có tiêu chí chỉ áp "
        "dụng cho xã là {\"ubnd_xa\": 25, \"co_quan\": 20}. Loại đơn vị không nêu dùng 'max'."))
    cap_at_max: StrictBool = Field(
        False, description="true: tổng điểm các tiêu chí con có thể vượt 'max' và được giới hạn ở 'max'.")
    applies_to: tuple[Id, ...] | None = None
    children: tuple[Node, ...] = Field(min_length=1)

    def max_for(self, unit_type: str) -> Decimal:
        """The declared maximum for ``unit_type`` (``max_by_unit_type`` where given, else ``max``)."""
        if self.max_by_unit_type and unit_type in self.max_by_unit_type:
            return self.max_by_unit_type[unit_type]
        return self.max


Node = Annotated[Union[Group, Criterion], Field(union_mode="left_to_right")]


class PoolItem(Frozen):
    """A counted bonus or deduction item: points_each × count."""

    id: Id
    name: Text
    guidance: str = ""
    points_each: Positive
    max_count: StrictInt | None = Field(None, ge=1, description=(
        "Số lần tối đa được tính của mục (\"tối đa tính 2 lần\"); bỏ trống: không giới hạn (chỉ mức "
        "trần 'cap' của cả nhóm điểm thưởng / điểm trừ). Số lần nhập vượt mức này xử lý theo "
        "'when_above_max_count'."))
    when_above_max_count: Literal["error", "cap"] = Field("error", description=(
        "Khi số lần nhập vượt 'max_count': 'error' (mặc định): lỗi tại ô đó (count-above-limit), "
        "mục không được tính cho tới khi sửa; 'cap': chỉ tính bằng 'max_count' lần, dòng diễn giải "
        "tổng điểm ghi rõ số lần nhập và số lần được tính. Không có 'max_count' thì không dùng."))
    applies_to: tuple[Id, ...] | None = None

    def limit_text(self) -> str:
        """The count limit in words (", tối đa 2 lần…"), empty without one."""
        if not self.max_count:
            return ""
        more = " (nhập nhiều hơn chỉ tính từng ấy lần)" if self.when_above_max_count == "cap" else ""
        return f", tối đa {self.max_count} lần{more}"


class Pool(Frozen):
    """Điểm thưởng or điểm trừ: counted items, the pool total capped at ``cap``."""

    label: Text
    cap: Positive
    items: tuple[PoolItem, ...] = Field(min_length=1)


class Fact(Frozen):
    """An input that carries no points but gates may test (e.g. kỷ luật, nộp chậm)."""

    id: Id
    name: Text
    guidance: str = ""
    kind: Literal["boolean", "integer"] = "boolean"
    applies_to: tuple[Id, ...] | None = None


class Band(Frozen):
    """A class: ``min`` ≤ value < ``max`` (``max`` omitted for the top band, inclusive)."""

    id: Id
    label: Text
    min: Points
    max: Points | None = None


Op = Literal["==", "!=", ">", ">=", "<", "<="]


class InputCondition(Frozen):
    """An entered value: ``input`` names a criterion, pool item or fact; ``field`` its input."""

    input: Id
    field: str | None = None
    op: Op
    value: Number | bool | str


class PointsCondition(Frozen):
    """The final points of a criterion or group."""

    points: Id
    op: Op
    value: Number


class AllCondition(Frozen):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyCondition(Frozen):
    any: tuple[Condition, ...] = Field(min_length=1)


Condition = Annotated[
    Union[InputCondition, PointsCondition, AllCondition, AnyCondition],
    Field(union_mode="left_to_right"),
]


class Gate(Frozen):
    """A condition that overrides the band: cap the class, lower it, force it, or not classify."""

    id: Id
    when: Condition
    effect: Literal["cap", "lower", "force", "not_classified"]
    band: Id | None = Field(None, description="Với 'cap' và 'force': mã xếp loại.")
    levels: StrictInt | None = Field(None, ge=1, description="Với 'lower': số bậc bị hạ.")
    reason: Text = Field(description="Lý do in ra cho người đọc, ví dụ 'Có cán bộ bị kỷ luật'.")


class Quota(Frozen):
    """At most ``max_percent`` % of the units rated in ``of_bands`` may hold ``band``."""

    band: Id
    max_percent: Percent
    of_bands: tuple[Id, ...] = Field(min_length=1)
    scope: Literal["block", "all"] = "block"
    demote_to: Id
    reason: Text
    ties_at_cutoff: Literal["tie_breakers", "keep_all", "demote_all"] = Field(
        "tie_breakers",
        description="Khi các đơn vị bằng nhau đúng tại ngưỡng hạn mức (cùng giá trị xếp hạng và bằng nhau "
                    "ở mọi tiêu chí phụ 'ranking.tie_breakers'): 'tie_breakers' (mặc định) giữ đủ số đơn vị "
                    "theo hạn mức, đơn vị có mã đứng trước được giữ và ghi chú 'quyết định theo mã đơn vị'; "
                    "'keep_all' giữ tất cả các đơn vị bằng nhau, hạn mức bị vượt và ghi chú nói rõ; "
                    "'demote_all' chuyển xuống tất cả các đơn vị bằng nhau, số đơn vị giữ hạng ít hơn hạn mức.")
    percent: Literal["published", "exact"] | None = Field(None, description=(
        "Với classification.basis 'percent': tỷ lệ dùng để chọn đơn vị giữ hạng theo hạn mức và tìm "
        "các đơn vị bằng nhau tại ngưỡng. Bỏ trống (mặc định): như 'ranking.percent'; 'published': "
        "tỷ lệ in ra (làm tròn theo rounding.percent_places); 'exact': tỷ lệ chính xác, không làm "
        "tròn (89,95% thấp hơn 90,00% dù cùng in ra 90,0%)."))


class Classification(Frozen):
    basis: Literal["points", "percent"] = Field(
        "points", description="'percent': xếp loại theo tỷ lệ điểm trên tổng điểm tối đa áp dụng.")
    bands: tuple[Band, ...] = Field(min_length=1, description="Từ cao xuống thấp.")
    gates: tuple[Gate, ...] = ()
    quotas: tuple[Quota, ...] = ()
    not_classified_label: Text = "Không đủ điều kiện xếp loại"
    percent_places: Annotated[int, Field(strict=True, ge=0, le=6)] | Literal["exact"] | None = Field(None, description=(
        "Với basis 'percent': tỷ lệ dùng để xếp loại. Bỏ trống (mặc định): đúng tỷ lệ in ra, tức "
        "đã làm tròn theo rounding.percent_places; một số nguyên 0–6: làm tròn đến số chữ số đó "
        "(theo rounding.mode) chỉ để xếp loại; 'exact': tỷ lệ chính xác, không làm tròn "
        "(89,995% là dưới 90%). Con số in ra vẫn theo rounding.percent_places."))


class Rounding(Frozen):
    """Where points are rounded (half-up, as Excel's ROUND) and to how many decimals."""

    mode: Literal["half_up", "down"] = "half_up"
    criterion_places: StrictInt = Field(2, ge=0, le=6)
    total_places: StrictInt = Field(2, ge=0, le=6)
    percent_places: StrictInt = Field(2, ge=0, le=6, description=(
        "Số chữ số thập phân của tỷ lệ % in ra; cũng là tỷ lệ xếp loại trừ khi "
        "classification.percent_places khai khác."))


class TieBreaker(Frozen):
    type: Literal["fewer_deductions", "more_bonus", "higher_points"]
    node: Id | None = Field(None, description="Với 'higher_points': mã nhóm hoặc tiêu chí.")


class Ranking(Frozen):
    """How units are ordered and numbered in the published table (within each block and overall)."""

    order: Literal["class_then_score", "score"] = Field(
        "class_then_score",
        description="'class_then_score' (mặc định): xếp theo xếp loại cuối cùng trước (sau điều kiện và hạn "
                    "mức; đơn vị bị hạ loại đứng sau mọi đơn vị xếp loại cao hơn dù điểm cao), trong cùng "
                    "xếp loại theo điểm (hoặc tỷ lệ % khi classification.basis = 'percent'); 'score': chỉ "
                    "theo điểm (hoặc tỷ lệ %), không xét xếp loại.")
    ties: Literal["competition", "dense"] = Field(
        "competition", description="'competition': 1, 2, 2, 4; 'dense': 1, 2, 2, 3.")
    tie_breakers: tuple[TieBreaker, ...] = Field(
        (), description="Xét lần lượt khi bằng điểm; vẫn bằng thì đồng hạng, liệt kê theo mã đơn vị.")
    percent: Literal["published", "exact"] = Field("published", description=(
        "Với classification.basis 'percent': tỷ lệ dùng để xếp hạng (và cắt hạn mức, trừ khi hạn mức "
        "khai 'percent' riêng). 'published' (mặc định): tỷ lệ in ra, đã làm tròn theo "
        "rounding.percent_places: hai đơn vị cùng in ra 90,0% là bằng nhau và tiêu chí phụ quyết "
        "định; 'exact': tỷ lệ chính xác, không làm tròn: 90,00% đứng trên 89,95%. Con số in ra vẫn "
        "theo rounding.percent_places."))


class Ruleset(Frozen):
    """A complete criteria ruleset (bộ tiêu chí) with its metadata and policies."""

    schema_ref: str | None = Field(None, alias="$schema")
    id: Id
    version: Text
    title: Text
    decision: Decision
    effective: Period
    status: Literal["official", "illustrative"]
    status_note: str | None = Field(None, description="Bắt buộc khi status = illustrative.")
    scale: Positive = Decimal(100)
    unit_types: tuple[UnitType, ...] = Field(min_length=1)
    blocks: tuple[Block, ...] = ()
    criteria: tuple[Node, ...] = Field(min_length=1)
    bonus: Pool | None = None
    deductions: Pool | None = None
    facts: tuple[Fact, ...] = ()
    total_may_exceed_scale: StrictBool = Field(False, description=(
        "false (mặc định): tổng điểm sau cộng thưởng, trừ điểm không vượt điểm tối đa áp dụng của "
        "đơn vị; true: điểm thưởng có thể đưa tổng vượt lên. Tổng điểm không bao giờ thấp hơn 0."))
    evidence_missing: Literal["warning", "zero_points"] = Field("warning", description=(
        "Tiêu chí 'evidence_required' có điểm tự chấm mà không ghi tài liệu kiểm chứng: 'warning' "
        "(mặc định) giữ điểm và cảnh báo tại ô đó; 'zero_points' không tính điểm tự chấm của tiêu "
        "chí (0 điểm, như thực tế chấm PAR Index) và cảnh báo. Điểm thẩm định, nếu có, vẫn được tính."))
    final_stage: Literal["appraisal_if_given", "self", "lower"] = Field("appraisal_if_given", description=(
        "Điểm cuối cùng của từng tiêu chí, mục: 'appraisal_if_given' (mặc định): giá trị thẩm định "
        "nếu có, không thì giá trị tự chấm; 'self': luôn giá trị tự chấm (thẩm định chỉ để tham "
        "khảo); 'lower': giá trị bất lợi hơn cho đơn vị. Giá trị thẩm định bỏ trống (mọi ô đều "
        "trống) là chưa thẩm định: giá trị tự chấm được giữ. Thẩm định một phần tiêu chí nhiều ô "
        "thay toàn bộ các ô: ô thẩm định bỏ trống là bỏ trống, không lấy giá trị tự chấm. Tệp "
        "Excel, JSON và cổng thông tin đọc như nhau."))
    classification: Classification
    rounding: Rounding = Rounding()
    ranking: Ranking = Ranking()
    # Hand-offs beyond scoring (scoring/rules/extensions.py); left out of the fingerprint.
    model_inputs: tuple[ModelInput, ...] | None = Field(
        None, description="Giá trị lấy từ sổ đăng ký mô hình \"Dân vận khéo\" thay cho số đơn vị tự nhập.")
    model_recognition: ModelRecognition | None = Field(
        None, description="Với bộ tiêu chí đánh giá mô hình: xếp loại nào dẫn tới mức công nhận nào.")
    rewards: Rewards | None = Field(None, description="Quy tắc đề nghị khen thưởng tập thể, cá nhân.")

    @property
    def key(self) -> str:
        """``id@version``, how files name the ruleset they were made from."""
        return f"{self.id}@{self.version}"


Group.model_rebuild()
AllCondition.model_rebuild()
AnyCondition.model_rebuild()
Ruleset.model_rebuild()
