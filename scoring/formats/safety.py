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
when parsing fails, to give the same clear finding (see ``scoring.formats.grid.Book``).

The zip directory is first read straight from the file's bytes (:func:`_plain_directory`, ~20 µs
against ~100 µs for :mod:`zipfile`); anything unusual or over a limit goes through
:mod:`zipfile`, which gives the findings, so both paths refuse exactly the same files.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

from scoring.core.debug import detail
from scoring.core.findings import DvkError, Location, make
from scoring.core.oserrors import megabytes
from scoring.formats.budget import FORM, INFLATE_ERRORS, Limits, check_budget
from scoring.formats.readfile import read_input

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200          # a member may inflate at most 200×…
RATIO_FLOOR = 1024 * 1024  # …once it is bigger than 1 MiB (small XML compresses very well)
PROLOG_BYTES = 4096
#: The round's council sheets (appraisal, explanations): a row per unit of a big round
#: (10,000 units) and three columns per criterion, bonus item and fact (about 150 columns).
#: Read whole by calamine, a sheet at the limit is about 300 MB of Python values.
COUNCIL = Limits(rows=50_000, cols=2_000, cells=3_000_000, sheet_xml=256 * 1024 * 1024,
                 shared_strings=1_000_000, file_bytes=100 * 1024 * 1024, unpacked=512 * 1024 * 1024)
_ROOT_TAG = re.compile(rb"<(?![?!])")


def check_file(path: Path, members: bool = True, limits: Limits = FORM) -> bytes:
    """Raise :class:`DvkError` with one clear finding if ``path`` is not a safe .xlsx file.

    Returns the file's bytes (read once, for the parser).  ``members=False`` skips the per-part
    XML prolog check (:func:`check_members`); the zip directory's declared sizes, entry count and
    ratios are always checked, and the sheets against ``limits`` (:mod:`~scoring.formats.budget`;
    a unit's form's unless given, e.g. :data:`COUNCIL`).
    """
    where = Location(file=str(path))
    most = limits.file_bytes or MAX_FILE_BYTES
    data = read_input(path, most, lambda exc, at: make(
        "workbook-too-large", at, reason=f"tệp nặng {megabytes(exc.size)} MB, vượt giới hạn "
                                         f"{most // 1048576} MB"))
    if not data:
        raise DvkError([make("workbook-empty-file", where)])
    if data[:8] == OLE2_MAGIC:
        code = "workbook-encrypted" if "EncryptionInfo".encode("utf-16-le") in data else "workbook-xls-format"
        raise DvkError([make(code, where)])
    if data[:4] not in ZIP_MAGICS:
        raise DvkError([make("workbook-not-xlsx", where)])
    unpacked = limits.unpacked or MAX_UNCOMPRESSED
    entries = _plain_directory(data, unpacked)
    if members or entries is None:
        entries = _check_zip(data, where, members, unpacked)
    try:
        check_budget(data, entries, where, limits)
    except (ValueError, struct.error, *INFLATE_ERRORS) as exc:
        raise DvkError([make("workbook-corrupt", where, reason="có thành phần bị hỏng" + detail(exc))]) from None
    return data


def check_members(path: Path) -> None:
    """Raise ``workbook-corrupt`` if an XML part declares a DOCTYPE/ENTITY or cannot be inflated."""
    where = Location(file=str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            _check_prologs(archive, archive.infolist(), where)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise DvkError([make("workbook-not-xlsx", where)]) from exc


_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record (22 bytes)
_ENTRY = struct.Struct("<4s4x2H4x4x2L3H")  # a central directory header up to its comment length (34 bytes)
_ENTRY_SIZE = 46
_OFFSET = struct.Struct("<L")  # a central directory header's local header offset (at 42)
#: A zip member: (name, compression method, uncompressed size, local header offset).
Member = tuple[str, int, int, int]
_UTF8_NAMES = 0x800


def _plain_directory_ok(data: bytes) -> bool:
    """True when the zip directory in ``data`` is plain and within every limit of :func:`_check_sizes`."""
    return _plain_directory(data) is not None


def _plain_directory(data: bytes, unpacked: int | None = None) -> list[Member] | None:
    """The members of a plain zip directory within every limit of :func:`_check_sizes`, or None.

    None means "not sure" (no directory, zip64, a prefix, a bad header, extra fields, a name to
    decode, or a limit reached): the caller then runs the :mod:`zipfile` check, which explains the problem.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if end < 20 or len(data) - end < _EOCD.size or data[end - 20:end - 16] == b"PK\x06\x07":
        return None
    _, disk, cd_disk, on_disk, count, cd_size, cd_offset, _comment = _EOCD.unpack_from(data, end)
    if disk or cd_disk or on_disk != count or count > MAX_ENTRIES or cd_offset + cd_size != end:
        return None
    pos, total, workbook, found = cd_offset, 0, False, []
    for _ in range(count):
        if pos + _ENTRY_SIZE > end:
            return None
        magic, flags, method, packed, size, name_len, extra_len, comment_len = _ENTRY.unpack_from(data, pos)
        if magic != b"PK\x01\x02" or extra_len or size == 0xFFFFFFFF or packed == 0xFFFFFFFF:
            return None
        name = data[pos + _ENTRY_SIZE:pos + _ENTRY_SIZE + name_len]
        if not name.isascii():
            return None
        if size > RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
            return None
        workbook = workbook or name.lower() == b"xl/workbook.xml"
        total += size
        found.append((name.decode("ascii"), method, size, _OFFSET.unpack_from(data, pos + 42)[0]))
        pos += _ENTRY_SIZE + name_len + extra_len + comment_len
    return found if workbook and total <= (unpacked or MAX_UNCOMPRESSED) and pos == end else None


def _check_zip(data: bytes, where: Location, members: bool, unpacked: int) -> list[Member]:
    """The zipfile check of the bytes already read (the file is not opened again); its members."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_sizes(infos, where, unpacked)
            if members:
                _check_prologs(archive, infos, where)
            return [(i.filename, i.compress_type, i.file_size, i.header_offset) for i in infos]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise DvkError([make("workbook-not-xlsx", where)]) from exc


def _check_sizes(infos: list[zipfile.ZipInfo], where: Location, unpacked: int | None = None) -> None:
    unpacked = unpacked or MAX_UNCOMPRESSED
    names = {info.filename.lower() for info in infos}
    if "xl/workbook.xml" not in names:
        raise DvkError([make("workbook-not-excel-zip", where)])
    if len(infos) > MAX_ENTRIES:
        raise DvkError([make("workbook-too-large", where,
                             reason=f"tệp nén có {len(infos)} thành phần (giới hạn {MAX_ENTRIES})")])
    total = sum(info.file_size for info in infos)
    if total > unpacked:
        raise DvkError([make("workbook-too-large", where, reason=(
            f"nội dung giải nén khai báo {total // 1048576} MB, vượt giới hạn "
            f"{unpacked // 1048576} MB"))])
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
