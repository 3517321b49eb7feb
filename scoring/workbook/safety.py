"""Refusing files that are not usable workbooks, before any parser touches them.

Cheap checks on the bytes and the zip directory: empty files, legacy .xls (OLE2), password-
encrypted workbooks (OLE2 holding an ``EncryptionInfo`` stream), zips that are not workbooks
(a renamed .docx), random bytes, zip bombs (declared uncompressed size, entry count and
compression ratio) and XML entity bombs: no part of a real workbook has a DOCTYPE, so any XML
member whose prolog declares one is refused (``workbook-corrupt``) with a message saying so.

The prolog check (:func:`check_members`) inflates the head of every XML part, which costs more
than calamine's whole parse of a small workbook.  It runs up front for openpyxl only (defusedxml
would refuse an entity bomb too, less clearly).  calamine's XML parser never expands entities —
a bomb makes it fail with "unrecognized entity" — so the calamine reader runs the check only
when parsing fails, to give the same clear finding (see ``scoring.workbook.grid.Book``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from scoring.findings import DvkError, Location, make
from scoring.jsonio import os_reason
from scoring.workbook import codes  # noqa: F401  (registers the finding codes)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200          # a member may inflate at most 200×…
RATIO_FLOOR = 1024 * 1024  # …once it is bigger than 1 MiB (small XML compresses very well)
PROLOG_BYTES = 4096
_ROOT_TAG = re.compile(rb"<(?![?!])")


def check_file(path: Path, members: bool = True) -> None:
    """Raise :class:`DvkError` with one clear finding if ``path`` is not a safe .xlsx file.

    ``members=False`` skips the per-part XML prolog check (:func:`check_members`); the zip
    directory's declared sizes, entry count and ratios are always checked.
    """
    where = Location(file=str(path))
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DvkError([make("file-not-found", where)]) from None
    except OSError as exc:
        raise DvkError([make("file-unreadable", where, reason=os_reason(exc))]) from None
    if size == 0:
        raise DvkError([make("workbook-empty-file", where)])
    if size > MAX_FILE_BYTES:
        raise DvkError([make("workbook-too-large", where, reason=f"tệp nặng {size // 1048576} MB, "
                             f"vượt giới hạn {MAX_FILE_BYTES // 1048576} MB")])
    with open(path, "rb") as handle:
        head = handle.read(8)
        if head == OLE2_MAGIC:
            code = "workbook-encrypted" if _ole2_encrypted(handle) else "workbook-xls-format"
            raise DvkError([make(code, where)])
    if head[:4] not in ZIP_MAGICS:
        raise DvkError([make("workbook-not-xlsx", where)])
    _check_zip(path, where, members)


def check_members(path: Path) -> None:
    """Raise ``workbook-corrupt`` if an XML part declares a DOCTYPE/ENTITY or cannot be inflated."""
    where = Location(file=str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            _check_prologs(archive, archive.infolist(), where)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DvkError([make("workbook-not-xlsx", where)]) from exc


def _ole2_encrypted(handle) -> bool:
    """Office puts an encrypted .xlsx in an OLE2 container with an EncryptionInfo stream."""
    handle.seek(0)
    data = handle.read()
    return "EncryptionInfo".encode("utf-16-le") in data


def _check_zip(path: Path, where: Location, members: bool) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(infos, where)
            if members:
                _check_prologs(archive, infos, where)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DvkError([make("workbook-not-xlsx", where)]) from exc


def _check_sizes(infos: list[zipfile.ZipInfo], where: Location) -> None:
    names = {info.filename.lower() for info in infos}
    if "xl/workbook.xml" not in names:
        raise DvkError([make("workbook-not-excel-zip", where)])
    if len(infos) > MAX_ENTRIES:
        raise DvkError([make("workbook-too-large", where,
                             reason=f"tệp nén có {len(infos)} thành phần (giới hạn {MAX_ENTRIES})")])
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise DvkError([make("workbook-too-large", where, reason=(
            f"nội dung giải nén khai báo {total // 1048576} MB, vượt giới hạn "
            f"{MAX_UNCOMPRESSED // 1048576} MB"))])
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DvkError([make("workbook-too-large", where, reason=(
                f"thành phần '{info.filename}' nén với tỷ lệ bất thường "
                f"({info.file_size // max(info.compress_size, 1)}:1)"))])


def _check_prologs(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], where: Location) -> None:
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as member:
                head = member.read(PROLOG_BYTES)
        except Exception as exc:  # corrupt deflate stream, bad CRC…
            raise DvkError([make("workbook-corrupt", where, reason=f"thành phần '{info.filename}' hỏng")]) from exc
        root = _ROOT_TAG.search(head)
        prolog = head if root is None else head[:root.start()]
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog or (root is None and len(head) == PROLOG_BYTES):
            raise DvkError([make("workbook-corrupt", where, reason=(
                f"thành phần '{info.filename}' có khai báo DOCTYPE/ENTITY, dấu hiệu của tấn công "
                "\"XML bomb\""))])
