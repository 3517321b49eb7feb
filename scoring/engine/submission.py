"""A unit's submission: its answers per criterion for the self and appraisal stages.

Submissions come from JSON files (this module) or from workbooks (``scoring.workbook.read``);
both produce the same :class:`Submission`, so the engine cannot tell them apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema

from scoring.core.findings import DvkError, Finding, Location
from scoring.formats.jsonio import read_json, schema_findings, validation_findings
from scoring.rules.notapplicable import REASON_FIELD
from scoring.rules.types import Id, Text

_SCALAR = {"type": ["number", "boolean", "string", "null"]}
#: What a person enters for a criterion: a scalar for one-field methods, else an object of fields.
InputValue = Annotated[
    Any,
    WithJsonSchema({"anyOf": [_SCALAR, {"type": "object", "additionalProperties": _SCALAR}]}),
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Answer(_Model):
    """Inputs for one criterion, pool item or fact."""

    self_value: InputValue = Field(None, alias="self", description=(
        "Giá trị tự đánh giá: một giá trị cho phương pháp một ô nhập, hoặc một object theo từng ô. "
        "Số ghi dạng văn bản (\"8\", \"8,5\") được chấp nhận kèm cảnh báo, như trong tệp Excel; "
        "văn bản không phải số là lỗi. Bỏ trống là chưa nhập. Văn bản \"Không áp dụng\" thay cho giá "
        "trị: đơn vị tự khai tiêu chí không áp dụng (chỉ với tiêu chí có "
        "'unit_may_declare_not_applicable'; ghi lý do ở 'not_applicable_reason'), tiêu chí rời khỏi "
        "điểm tối đa áp dụng."))
    appraisal: InputValue = Field(None, description=(
        "Giá trị thẩm định (bỏ trống nếu chưa thẩm định); cùng quy tắc như 'self'. Bỏ trống, hoặc "
        "một object mà mọi ô đều trống, là chưa thẩm định: giá trị tự chấm được giữ. Với tiêu chí "
        "nhiều ô, giá trị thẩm định thay toàn bộ các ô tự chấm: ô thẩm định bỏ trống là bỏ trống "
        "(thiếu dữ liệu, hoặc mục chưa đạt với danh mục), không lấy giá trị tự chấm. Tệp Excel và "
        "cổng thông tin đọc như vậy. Với tiêu chí đơn vị được tự khai không áp dụng: nhập giá trị là "
        "bác bỏ (tiêu chí được chấm theo giá trị đó), \"Không áp dụng\" là xác nhận."))
    not_applicable_reason: str | None = Field(None, description=(
        "Lý do đơn vị tự khai \"Không áp dụng\" (khi 'self' là \"Không áp dụng\"); bắt buộc "
        "nếu bộ tiêu chí khai reason_required."))
    evidence: str | None = Field(None, description="Tài liệu kiểm chứng.")
    note: str | None = Field(None, description="Ghi chú của đơn vị.")
    appraisal_note: str | None = Field(None, description="Ý kiến thẩm định.")


class RulesetRef(_Model):
    id: Id
    version: Text
    fingerprint: str | None = None


class Unit(_Model):
    code: Text = Field(description="Mã đơn vị, dùng để đối chiếu giữa các năm.")
    name: Text
    unit_type: Id


class Submission(_Model):
    """One unit's self-assessment (and, where given, its appraisal) for one year."""

    schema_ref: str | None = Field(None, alias="$schema")
    ruleset: RulesetRef
    unit: Unit
    year: int = Field(ge=2000, le=2100)
    prepared_by: str | None = None
    prepared_on: dt.date | None = None
    answers: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")], Answer] = {}

    def answer(self, node_id: str) -> Answer | None:
        return self.answers.get(node_id)

    def as_data(self) -> dict[str, Any]:
        """The submission as JSON-ready data (decimals kept), the form a round stores."""
        return self.model_dump(by_alias=True, exclude_none=True)


class SomeFields(dict):
    """Values of some fields of a multi-field criterion set from outside the file: merged into the
    fields the unit typed (the other fields keep the unit's values), not in place of them."""


def with_values(submission: Submission, facts: Mapping[str, Any] | None = None,
                appraisal: Mapping[str, tuple[Any, str | None]] | None = None,
                evidence: Mapping[str, str] | None = None) -> Submission:
    """The submission with values set from outside the file, before it is scored.

    ``facts``: input id → the self value a round sets (its lateness fact for a late file, the
    count of its fixed-date documents late and missing); a :class:`SomeFields` value sets only its
    fields of the typed mapping.
    ``appraisal``: input id → (the council's value, its reason); the value replaces the file's
    appraisal (None clears it) and the reason becomes the answer's "Ý kiến thẩm định".
    ``evidence``: input id → what a fact set by the round rests on, in place of the unit's own text.
    """
    changes: dict[str, Answer] = {}
    for node_id, value in (facts or {}).items():
        old = submission.answers.get(node_id) or Answer()
        if isinstance(value, SomeFields):
            value = {**(old.self_value if isinstance(old.self_value, dict) else {}), **value}
        update = {"self_value": value}
        if evidence and node_id in evidence:
            update["evidence"] = evidence[node_id]
        changes[node_id] = old.model_copy(update=update)
    for node_id, (value, reason) in (appraisal or {}).items():
        old = changes.get(node_id) or submission.answers.get(node_id) or Answer()
        update = {"appraisal": value} if reason is None else {"appraisal": value, "appraisal_note": reason}
        changes[node_id] = old.model_copy(update=update)
    if not changes:
        return submission
    return submission.model_copy(update={"answers": {**submission.answers, **changes}})


@lru_cache(maxsize=1)
def submission_schema() -> dict[str, Any]:
    """The JSON Schema of submission files (criteria/submission.schema.json)."""
    schema = Submission.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "dvk submission", **schema}


#: (node id, stage or None, field key or None) → where that input lives in the source file.
#: A plain dict for JSON; the workbook reader's map builds each Location only when asked.
CellMap = Mapping[tuple[str, str | None, str | None], Location]


@dataclass(frozen=True)
class SubmissionInput:
    """A submission as read from a file, with the reader's own findings and where each input is."""

    submission: Submission
    findings: tuple[Finding, ...] = ()
    cells: CellMap = dc_field(default_factory=dict)


def read_submission_json(path: str | Path) -> Submission:
    """Read and validate a JSON submission; raise :class:`DvkError` with every located problem."""
    data = read_json(path)
    where = Location(file=str(path))
    findings = schema_findings(data, submission_schema(), where)
    if findings:
        raise DvkError(findings)
    try:
        return Submission.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - the schema catches these first
        raise DvkError(validation_findings(exc, where)) from None



def read_json_input(path: str | Path) -> SubmissionInput:
    """A JSON submission with every input mapped to its JSON path (for located findings)."""
    submission = read_submission_json(path)
    cells: dict[tuple[str, str | None, str | None], Location] = {}
    for node_id, answer in submission.answers.items():
        cells[(node_id, None, None)] = Location(json_path=f"$.answers['{node_id}']")
        cells[(node_id, "self", REASON_FIELD)] = Location(json_path=f"$.answers['{node_id}'].{REASON_FIELD}")
        for stage, value in (("self", answer.self_value), ("appraisal", answer.appraisal)):
            base = f"$.answers['{node_id}'].{stage}"
            cells[(node_id, stage, None)] = Location(json_path=base)
            for key in value if isinstance(value, dict) else ():
                cells[(node_id, stage, key)] = Location(json_path=f"{base}.{key}")
    return SubmissionInput(submission, (), cells)
