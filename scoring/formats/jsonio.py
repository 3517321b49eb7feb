"""Reading JSON inputs: exact decimals, syntax errors with line and column, schema errors as findings.

Every problem becomes a :class:`~scoring.core.findings.Finding` with a JSON path ("$.criteria[2].max")
and a Vietnamese explanation; jsonschema's and pydantic's English messages never reach users.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from scoring.core.decimals import MAX_PLACES, shown_number
from scoring.core.findings import DvkError, Finding, Location, make
from scoring.core.oserrors import megabytes, os_reason  # noqa: F401 - os_reason: re-exported
from scoring.formats.jsonlimits import (
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    BadNumber,
    depth_offset,
    may_be_too_deep,
    parse_float,
    parse_int,
    syntax_reason,
    walk_limits,
)
from scoring.formats.readfile import read_input


def read_json(path: str | Path) -> Any:
    """Parse a JSON file with floats as :class:`~decimal.Decimal`; raise located findings.

    The limits of :mod:`scoring.formats.jsonlimits` (size, nesting, numbers) are findings too.
    """
    where = Location(file=str(path))
    raw = read_input(Path(path), MAX_JSON_BYTES, lambda exc, at: make(
        "json-too-large", at, size=megabytes(exc.size), limit=MAX_JSON_BYTES // 1048576))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DvkError([make("file-unreadable", where, reason="tệp không phải văn bản UTF-8")]) from None
    bad: list[BadNumber] = []
    data = _parse(text, where, bad)
    if bad or (may_be_too_deep(text) and next(walk_limits(data), None) is not None):
        raise DvkError(_limit_findings(data, where))
    return data


def _parse(text: str, where: Location, bad: list[BadNumber]) -> Any:
    """``json.loads`` with exact, bounded numbers (refused ones are appended to ``bad``)."""
    def floats(token: str) -> Any:
        number = parse_float(token)
        if number.__class__ is BadNumber:
            bad.append(number)  # type: ignore[arg-type]
        return number

    def ints(token: str) -> Any:
        number = parse_int(token)
        if number.__class__ is BadNumber:
            bad.append(number)  # type: ignore[arg-type]
        return number

    try:
        return json.loads(text, parse_float=floats, parse_int=ints, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        reason = syntax_reason(exc.msg)
        raise DvkError([make("json-syntax", where, line=exc.lineno, column=exc.colno, reason=reason)]) from None
    except RecursionError:
        line, column = _line_column(text, max(depth_offset(text), 0))
        raise DvkError([make("json-too-deep", where, limit=MAX_JSON_DEPTH,
                             where=f" ở dòng {line}, cột {column}")]) from None
    except _NotJsonNumber as exc:  # NaN / Infinity: Python accepts them, JSON does not
        line, column = _line_column(text, text.find(exc.token))
        raise DvkError([make("json-syntax", where, line=line, column=column,
                             reason=f"'{exc.token}' không phải là số hợp lệ trong JSON")]) from None


def _limit_findings(data: Any, where: Location) -> list[Finding]:
    """The refused numbers and too-deep places, each at its JSON path (the first 20)."""
    findings = []
    for kind, path, token in walk_limits(data):
        loc = Location(file=where.file, json_path=json_path(path))
        if kind == "number":
            findings.append(make("json-number-out-of-range", loc, value=shown_number(token), places=MAX_PLACES))
        else:
            findings.append(make("json-too-deep", loc, limit=MAX_JSON_DEPTH, where=""))
        if len(findings) >= 20:
            break
    return findings


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


class _NotJsonNumber(ValueError):
    def __init__(self, token: str):
        super().__init__(token)
        self.token = token


def _refuse_constant(token: str) -> Any:
    raise _NotJsonNumber(token)


def json_path(parts: Iterable[Any]) -> str:
    """``["criteria", 2, "max"]`` → ``$.criteria[2].max``."""
    text = "$"
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part).isidentifier():
            text += f".{part}"
        else:  # ids such as "3.2" would read as two steps with a dot
            text += f"['{part}']"
    return text


@lru_cache(maxsize=8)
def _validator(schema_json: str) -> Any:
    import jsonschema

    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_findings(data: Any, schema: dict[str, Any], where: Location) -> list[Finding]:
    """Every JSON Schema violation of ``data``, as located Vietnamese findings."""
    from jsonschema.exceptions import best_match

    validator = _validator(json.dumps(schema, sort_keys=True))
    findings = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        if error.context:
            error = best_match(error.context) or error
        loc = Location(file=where.file, json_path=json_path(error.absolute_path),
                       criterion_id=_owner_id(data, error.absolute_path))
        finding = make("schema-violation", loc, reason=_describe(error))
        if finding not in findings:  # one "required" error per missing key, all described at once
            findings.append(finding)
    return findings


def _owner_id(data: Any, path: Iterable[Any]) -> str | None:
    """The ``id`` of the deepest object on ``path`` that has one (the criterion being described)."""
    owner, node = None, data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            owner = node["id"]
    return owner


def _describe(error: Any) -> str:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    shown = _show(instance)
    if keyword == "required":
        missing = [key for key in value if isinstance(instance, dict) and key not in instance]
        return "thiếu khóa bắt buộc " + ", ".join(f"'{k}'" for k in missing)
    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(instance) - set(allowed)) if isinstance(instance, dict) else []
        return (f"khóa không được phép: {', '.join(repr(k) for k in extra)}"
                f" (các khóa hợp lệ: {', '.join(allowed)})")
    texts = {
        "type": lambda: f"giá trị {shown} phải có kiểu {_type_vi(value)}",
        "minimum": lambda: f"giá trị {shown} phải ≥ {value}",
        "exclusiveMinimum": lambda: f"giá trị {shown} phải > {value}",
        "maximum": lambda: f"giá trị {shown} phải ≤ {value}",
        "pattern": lambda: f"giá trị {shown} không đúng dạng mã (chữ, số, '.', '_', '-')",
        "minItems": lambda: f"cần ít nhất {value} phần tử",
        "minLength": lambda: "không được để trống",
        "maxLength": lambda: f"dài quá {value} ký tự",
        "const": lambda: f"giá trị {shown} phải là {_show(value)}",
        "enum": lambda: f"giá trị {shown} phải là một trong: {', '.join(_show(v) for v in value)}",
        "format": lambda: f"giá trị {shown} không đúng định dạng {value} (ví dụ ngày: 2025-12-31)",
        "not": lambda: f"giá trị {shown} chứa ký tự không được phép (xuống dòng)",
    }
    return texts.get(keyword, lambda: f"giá trị {shown} không hợp lệ")()


def _type_vi(value: Any) -> str:
    names = {"number": "số", "integer": "số nguyên", "string": "chuỗi", "boolean": "true/false",
             "object": "đối tượng {…}", "array": "danh sách […]", "null": "null"}
    values = value if isinstance(value, list) else [value]
    return " hoặc ".join(names.get(v, v) for v in values)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "{…}" if isinstance(value, dict) else "[…]"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "…"


_PYDANTIC_VI = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được phép",
    "string_pattern_mismatch": "không đúng dạng mã (chữ, số, '.', '_', '-')",
    "bool_type": "phải là true/false",
    "int_type": "phải là số nguyên",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "literal_error": "giá trị không nằm trong danh sách cho phép",
}


def validation_findings(exc: Any, where: Location) -> list[Finding]:
    """Pydantic validation errors as findings (a fallback: the JSON Schema normally catches them)."""
    findings = []
    for err in exc.errors():
        reason = _PYDANTIC_VI.get(err["type"])
        if reason is None:  # our own validators raise ValueError with Vietnamese text
            cause = (err.get("ctx") or {}).get("error")
            reason = str(cause) if cause else f"giá trị không hợp lệ ({err['type']})"
        path = json_path(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))
        findings.append(make("schema-violation", Location(file=where.file, json_path=path), reason=reason))
    return findings


def is_json_schema(path: str) -> bool:
    """True for a JSON Schema file (``"$schema"`` naming json-schema.org), such as criteria/schema.json:
    ``dvk check criteria/*.json`` skips those instead of calling them broken rulesets."""
    try:
        data = read_json(path)
    except DvkError:
        return False  # unreadable or not JSON: the ruleset check reports it with its own message
    return isinstance(data, dict) and str(data.get("$schema", "")).startswith(("https://json-schema.org/",
                                                                                 "http://json-schema.org/"))
