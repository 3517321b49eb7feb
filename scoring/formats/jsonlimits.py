"""The limits of JSON inputs (size, nesting, numbers) and the parser's messages in Vietnamese.

Numbers are parsed exactly (:class:`~decimal.Decimal`) but only within what scoring needs and
the decimal context holds (:func:`scoring.core.decimals.in_range`): a number whose magnitude reaches
10^15 or with more than 10 decimal places, is refused with
its JSON path.  Nesting deeper than :data:`MAX_JSON_DEPTH` is refused before anything recursive
(schema validation, models, the tree walks) sees it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterator

from scoring.core.decimals import WHOLE_DIGITS, in_range

MAX_JSON_BYTES = 20 * 1024 * 1024
#: Objects and arrays inside each other; a ruleset's deepest group is about 2 levels per group.
MAX_JSON_DEPTH = 40


class BadNumber:
    """A number the parser refused; kept in place so its JSON path can be found."""

    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token


def parse_float(token: str) -> Decimal | BadNumber:
    """A JSON number with a fraction or exponent, exactly; out of range: a :class:`BadNumber`."""
    number = Decimal(token)
    return number if in_range(number) else BadNumber(token)


def parse_int(token: str) -> int | BadNumber:
    digits = len(token) - (token[0] == "-")
    return int(token) if digits <= WHOLE_DIGITS else BadNumber(token)


def walk_limits(data: Any) -> Iterator[tuple[str, list[Any], str | None]]:
    """("depth", path, None) for the first container deeper than the limit on each branch, and
    ("number", path, token) for every refused number; iterative, in document order."""
    pending: list[tuple[Any, list[Any], int]] = [(data, [], 1)]
    while pending:
        node, path, depth = pending.pop()
        if isinstance(node, BadNumber):
            yield "number", path, node.token
        elif isinstance(node, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                yield "depth", path, None
                continue
            items = node.items() if isinstance(node, dict) else enumerate(node)
            pending.extend(reversed([(value, path + [key], depth + 1) for key, value in items
                                     if isinstance(value, (dict, list, BadNumber))]))


def may_be_too_deep(text: str) -> bool:
    """False when ``text`` has too few brackets to nest past the limit (the usual case, in C)."""
    return text.count("[") + text.count("{") > MAX_JSON_DEPTH


def depth_offset(text: str) -> int:
    """Where nesting first goes past the limit in ``text`` (strings skipped), or -1."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return match.start()
        elif token in "]}":
            depth -= 1
    return -1


_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')

#: The standard parser's messages (their start) in Vietnamese.
_SYNTAX = (
    ("Expecting value", "thiếu giá trị (hoặc có dấu phẩy thừa)"),
    ("Expecting property name enclosed in double quotes", "tên khóa phải đặt trong dấu nháy kép \"…\""),
    ("Expecting ':' delimiter", "thiếu dấu hai chấm ':' sau tên khóa"),
    ("Expecting ',' delimiter", "thiếu dấu phẩy ',' giữa hai phần tử"),
    ("Unterminated string", "chuỗi chưa có dấu nháy kép đóng"),
    ("Invalid control character", "chuỗi chứa ký tự điều khiển (xuống dòng, tab) chưa được thoát"),
    ("Invalid \\escape", "chuỗi có ký tự thoát '\\' không hợp lệ"),
    ("Invalid \\uXXXX escape", "chuỗi có mã \\uXXXX không hợp lệ"),
    ("Extra data", "còn nội dung thừa sau khi kết thúc dữ liệu JSON"),
)


def syntax_reason(message: str) -> str:
    """The JSON parser's English message in Vietnamese (never shown as is)."""
    for english, vietnamese in _SYNTAX:
        if message.startswith(english):
            return vietnamese
    return "sai cú pháp JSON"
