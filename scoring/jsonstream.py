"""Reading a large JSON object whose one big array is handled item by item (bounded memory).

``ket-qua.json`` of a province-wide round holds thousands of full results (~14 KB each, 140 MB
for 10,000 units); parsed whole it takes ~6x its size in Python objects.  :func:`read_streamed`
parses the top-level object key by key with the standard C scanner and hands each item of the
chosen array to a callback as soon as it is parsed, so only one item is alive at a time.  Any
valid JSON is accepted, whatever its spacing or key order.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Callable

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODE = json.JSONDecoder(parse_float=Decimal)


def read_streamed(text: str, array_key: str, on_item: Callable[[Any], None]) -> dict[str, Any]:
    """The top-level object of ``text`` without ``array_key``, whose items go to ``on_item``.

    Numbers with a fraction are exact :class:`~decimal.Decimal`.  Raises
    :class:`json.JSONDecodeError` (with line and column) on malformed text, and ``ValueError``
    when the document is not an object or ``array_key`` is not an array.
    """
    if not text.startswith("{", _skip(text, 0)):
        json.loads(text)  # malformed: raises JSONDecodeError with its position
        raise ValueError("không phải một đối tượng JSON")
    i = _expect(text, 0, "{")
    head: dict[str, Any] = {}
    if text.startswith("}", i):
        return _end(text, i + 1, head)
    while True:
        if not text.startswith('"', i):
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, i)
        key, i = _DECODE.raw_decode(text, i)
        i = _expect(text, i, ":")
        if key == array_key:
            if not text.startswith("[", i):
                raise ValueError(f"mục \"{array_key}\" không phải là một danh sách")
            i = _items(text, _skip(text, i + 1), on_item)
            head[key] = None
        else:
            head[key], i = _DECODE.raw_decode(text, i)
        i = _skip(text, i)
        if text.startswith(",", i):
            i = _skip(text, i + 1)
            continue
        return _end(text, _expect(text, i, "}"), head)


def _items(text: str, i: int, on_item: Callable[[Any], None]) -> int:
    if text.startswith("]", i):
        return i + 1
    while True:
        item, i = _DECODE.raw_decode(text, i)
        on_item(item)
        i = _skip(text, i)
        if text.startswith(",", i):
            i = _skip(text, i + 1)
            continue
        return _expect(text, i, "]")


def _skip(text: str, i: int) -> int:
    return _SPACE.match(text, i).end()  # type: ignore[union-attr]


def _expect(text: str, i: int, char: str) -> int:
    """The position after ``char`` (spaces before and after skipped)."""
    i = _skip(text, i)
    if not text.startswith(char, i):
        raise json.JSONDecodeError(f"Expecting '{char}'", text, i)
    return _skip(text, i + 1)


def _end(text: str, i: int, head: dict[str, Any]) -> dict[str, Any]:
    if _skip(text, i) != len(text):
        raise json.JSONDecodeError("Extra data", text, _skip(text, i))
    return head
