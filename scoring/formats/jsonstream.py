"""Reading a large JSON object whose one big array is handled item by item (bounded memory).

``ket-qua.json`` of a province-wide round holds thousands of full results (~14 KB each, 140 MB
for 10,000 units); parsed whole it takes ~6x its size in Python objects.  :func:`read_streamed`
reads the file in chunks, parses the top-level object key by key with the standard C scanner
and hands each item of the chosen array to a callback as soon as it is parsed, so only a chunk
of text and one item are alive at a time.  Any valid JSON is accepted, whatever its spacing or
key order.  A malformed file is parsed whole once more, only to say exactly where it breaks.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Callable

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODE = json.JSONDecoder(parse_float=Decimal)
CHUNK_CHARS = 1 << 22
_AFTER = frozenset(" \t\n\r,:]}")


def read_streamed(source: str | Path, array_key: str, on_item: Callable[[Any], None],
                  chunk: int = CHUNK_CHARS) -> dict[str, Any]:
    """The top-level object of a JSON file (or of ``source`` itself, when it is a ``str``) without
    ``array_key``'s items, which go to ``on_item`` one by one (the key maps to None).

    Numbers with a fraction are exact :class:`~decimal.Decimal`; a UTF-8 BOM is allowed.  Raises
    :class:`json.JSONDecodeError` (with line and column) on malformed text, ``ValueError`` when
    the document is not an object or ``array_key`` is not an array, and ``OSError`` /
    ``UnicodeDecodeError`` from reading the file.
    """
    if isinstance(source, str):
        return _object(_Text(io.StringIO(source), len(source) + 1, text=True), array_key, on_item)
    with open(source, "rb") as handle:
        doc = _Text(handle, chunk)
        try:
            return _object(doc, array_key, on_item)
        except json.JSONDecodeError:
            if not doc.trimmed:  # the window still starts at the file's start: the position is exact
                raise
    json.loads(Path(source).read_text(encoding="utf-8-sig"))  # raises, saying where in the whole file
    raise json.JSONDecodeError("Malformed JSON", "", 0)  # pragma: no cover - json.loads raised


class _Text:
    """A window on the document: ``buf`` holds the text not yet consumed, read chunk by chunk."""

    def __init__(self, handle: IO[Any], chunk: int, text: bool = False):
        self.handle, self.chunk, self.text = handle, chunk, text
        self.decoder = None if text else codecs.getincrementaldecoder("utf-8-sig")()
        self.buf, self.eof, self.trimmed = "", False, False

    def more(self) -> bool:
        """Append the next chunk; False at the end of the file."""
        if self.eof:
            return False
        data = self.handle.read(self.chunk)
        self.eof = not data
        self.buf += data if self.decoder is None else self.decoder.decode(data, final=self.eof)
        return True

    def skip(self, i: int) -> int:
        """The position after spaces (reading on while the window ends in spaces)."""
        while True:
            i = _SPACE.match(self.buf, i).end()  # type: ignore[union-attr]
            if i < len(self.buf) or not self.more():
                return i

    def expect(self, i: int, char: str) -> int:
        i = self.skip(i)
        if not self.buf.startswith(char, i):
            raise json.JSONDecodeError(f"Expecting '{char}'", self.buf, i)
        return self.skip(i + 1)

    def value(self, i: int) -> tuple[Any, int]:
        """The JSON value at ``i`` and the position after it, reading on until it is complete: in
        valid JSON a value is followed by a space or a delimiter, so one followed by anything else
        (or by the window's end) may be cut short, as ``0`` of ``0.5`` or ``12`` of ``123``."""
        while True:
            try:
                item, end = _DECODE.raw_decode(self.buf, i)
            except json.JSONDecodeError:
                if self.more():
                    continue
                raise
            if (end < len(self.buf) and self.buf[end] in _AFTER) or not self.more():
                return item, end

    def consumed(self, i: int) -> int:
        """Drop the text before ``i`` once it is big; the position of ``i`` afterwards."""
        if i < self.chunk:
            return i
        self.buf, self.trimmed = self.buf[i:], True
        return 0


def _object(doc: _Text, array_key: str, on_item: Callable[[Any], None]) -> dict[str, Any]:
    i = doc.skip(0)
    if not doc.buf.startswith("{", i):
        doc.value(i)  # malformed: raises JSONDecodeError with its position
        raise ValueError("không phải một đối tượng JSON")
    i = doc.expect(i, "{")
    head: dict[str, Any] = {}
    if doc.buf.startswith("}", i):
        return _end(doc, i + 1, head)
    while True:
        if not doc.buf.startswith('"', i):
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", doc.buf, i)
        key, i = doc.value(i)
        i = doc.expect(i, ":")
        if key == array_key:
            if not doc.buf.startswith("[", i):
                raise ValueError(f"mục \"{array_key}\" không phải là một danh sách")
            i = _items(doc, doc.skip(i + 1), on_item)
            head[key] = None
        else:
            head[key], i = doc.value(i)
        i = doc.skip(i)
        if doc.buf.startswith(",", i):
            i = doc.skip(i + 1)
            continue
        return _end(doc, doc.expect(i, "}"), head)


def _items(doc: _Text, i: int, on_item: Callable[[Any], None]) -> int:
    if doc.buf.startswith("]", i):
        return i + 1
    while True:
        item, i = doc.value(i)
        on_item(item)
        i = doc.consumed(doc.skip(i))
        if doc.buf.startswith(",", i):
            i = doc.skip(i + 1)
            continue
        return doc.expect(i, "]")


def _end(doc: _Text, i: int, head: dict[str, Any]) -> dict[str, Any]:
    i = doc.skip(i)
    if i != len(doc.buf):
        raise json.JSONDecodeError("Extra data", doc.buf, i)
    return head
