"""Whether a document is what its suffix claims, by its structure, not only its first bytes.

A file can be two things at once: ``%PDF-`` followed by an HTML page, a PNG with a script after
its end, a zip with a web page in front.  The portal serves evidence as a download with
``nosniff`` and a sandboxing policy, but keeps only what parses as the type it claims:

- PDF: the header, the ``%%EOF`` end marker at the end, a cross-reference (``startxref`` or a
  ``trailer``) and no HTML anywhere;
- PNG: every chunk walked with its CRC, ``IHDR`` first and ``IEND`` last, nothing after it;
- JPEG: start-of-image first, end-of-image last (nothing appended), no HTML;
- DOCX / XLSX: a zip that starts as one (nothing in front) and holds the package's main part
  (read from the directory only: a zip bomb is never expanded).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

_HTML = re.compile(rb"<(?:html|script|body|head|iframe|svg|!doctype|meta|object|embed|form)[\s>/]", re.IGNORECASE)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PACKAGE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def is_kind(path: Path, kind: str) -> bool:
    """Whether ``path`` parses as ``kind`` (pdf, png, jpeg, docx, xlsx) and nothing else."""
    data = path.read_bytes()  # evidence is at most a few MB, checked once on arrival
    if kind in _PACKAGE_PART:
        return data.startswith(b"PK\x03\x04") and _package_holds(path, _PACKAGE_PART[kind])
    if _HTML.search(data):
        return False
    return {"pdf": _pdf, "png": _png, "jpeg": _jpeg}[kind](data)


def _pdf(data: bytes) -> bool:
    tail = data[-1024:]
    return (re.match(rb"%PDF-[12]\.\d", data) is not None and tail.rstrip().endswith(b"%%EOF")
            and (b"startxref" in tail or b"trailer" in data))


def _png(data: bytes) -> bool:
    if not data.startswith(_PNG_SIGNATURE):
        return False
    at, first = len(_PNG_SIGNATURE), True
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if end > len(data) or (first and kind != b"IHDR"):
            return False
        crc = struct.unpack(">I", data[end - 4:end])[0]
        if zlib.crc32(data[at + 4:end - 4]) & 0xFFFFFFFF != crc:
            return False
        if kind == b"IEND":
            return end == len(data)
        at, first = end, False
    return False


def _jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff") and data.endswith(b"\xff\xd9")


def _package_holds(path: Path, part: str) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return part in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
