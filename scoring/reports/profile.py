"""The issuing profile (hồ sơ cơ quan): who issues and signs the round's report, written once.

A small TOML or JSON file passed with ``dvk rank --ho-so FILE``; ``ho-so-mau.toml`` in the
repository is a commented example.  Every key is optional: a missing one prints as "………" in the
report, so the office fills it by hand before signing.  Keys (ASCII, Vietnamese words):

=====================  ==========================================================================
``co_quan_chu_quan``   governing body, first header line, e.g. "UBND TỈNH QUẢNG NGÃI"
``co_quan_ban_hanh``   issuing body, e.g. "SỞ NỘI VỤ" (also names the office in the body text)
``so_ky_hieu``         number and symbol after "Số:", e.g. "    /BC-SNV"
``dia_danh``           place before the date, e.g. "Quảng Ngãi"
``ngay``               date of the document, 2026-01-15 or "15/01/2026" (absent: "ngày … tháng … năm …")
``quyen_han``          signing authority, e.g. "KT. GIÁM ĐỐC" (may be empty)
``chuc_vu``            signer's title, e.g. "PHÓ GIÁM ĐỐC"
``nguoi_ky``           signer's full name
``noi_nhan``           recipients, a list of lines ("Lưu: VT, …" last, as Decree 30 writes it)
=====================  ==========================================================================

Problems (unreadable file, syntax error, unknown key, wrong type, bad date) are findings that name
the file and the key.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.core.oserrors import megabytes
from scoring.formats.jsonlimits import syntax_reason
from scoring.formats.readfile import read_input

PLACEHOLDER = "………"


@dataclass(frozen=True)
class Profile:
    """The issuing body and signer of a report; ``None`` fields print as :data:`PLACEHOLDER`."""

    co_quan_chu_quan: str | None = None
    co_quan_ban_hanh: str | None = None
    so_ky_hieu: str | None = None
    dia_danh: str | None = None
    ngay: date | None = None
    quyen_han: str | None = None
    chuc_vu: str | None = None
    nguoi_ky: str | None = None
    noi_nhan: tuple[str, ...] = ()

    def text(self, name: str) -> str:
        """The field's text, or the placeholder when it was not given."""
        value = getattr(self, name)
        return value if value else PLACEHOLDER

    def date_line(self) -> str:
        """'Quảng Ngãi, ngày 05 tháng 02 năm 2026' (Decree 30: days < 10 and months 1–2 zero-padded)."""
        place = self.text("dia_danh")
        if self.ngay is None:
            return f"{place}, ngày {PLACEHOLDER} tháng {PLACEHOLDER} năm {PLACEHOLDER}"
        d = self.ngay
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


_KNOWN = tuple(f.name for f in fields(Profile))
#: A profile is a few lines; a bigger file is not one (and is not read whole).
MAX_PROFILE_BYTES = 1024 * 1024
_TOML_PLACE = re.compile(r"at line (\d+), column (\d+)")


def load_profile(path: Path) -> Profile:
    """Read a profile from a ``.toml`` or ``.json`` file; raise :class:`DvkError` with findings."""
    where = Location(file=str(path))
    raw = read_input(Path(path), MAX_PROFILE_BYTES, lambda exc, at: make(  # (never blocks on a FIFO)
        "profile-unreadable", at, path=path, reason=f"tệp nặng {megabytes(exc.size)} MB, không phải hồ sơ cơ quan"))
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text) if Path(path).suffix.lower() == ".json" else tomllib.loads(text)
    except UnicodeDecodeError:
        raise DvkError([make("profile-unreadable", where, path=path,
                             reason="tệp không phải văn bản UTF-8")]) from None
    except json.JSONDecodeError as exc:
        raise DvkError([make("profile-syntax", where, kind="JSON", detail=(
            f"dòng {exc.lineno}, cột {exc.colno}: {syntax_reason(exc.msg)}"))]) from None
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_PLACE.search(str(exc))  # (the parser's English text is never shown)
        place = f"dòng {at.group(1)}, cột {at.group(2)}" if at else "không rõ vị trí"
        raise DvkError([make("profile-syntax", where, kind="TOML", detail=(
            f"{place} (kiểm tra dấu '=', dấu nháy kép quanh chữ, tên khóa)"))]) from None
    return profile_from_dict(data, where)


def profile_from_dict(data: Any, where: Location = Location()) -> Profile:
    """A profile from already-parsed data (a web form, a database row); findings on bad keys."""
    if not isinstance(data, dict):
        raise DvkError([make("profile-bad-value", where, key="$", expected="cần một bảng khóa = giá trị")])
    findings, values = [], {}
    for key, value in data.items():
        at = Location(file=where.file, json_path=f"$.{key}")
        if key not in _KNOWN:
            findings.append(make("profile-unknown-key", at, key=key, known=", ".join(_KNOWN)))
            continue
        checked, expected = _check(key, value)
        if expected:
            findings.append(make("profile-bad-value", at, key=key, expected=expected))
        else:
            values[key] = checked
    if findings:
        raise DvkError(findings)
    return Profile(**values)


def _date(text: str) -> tuple[date | None, str | None]:
    """'2026-01-15' or the Vietnamese '15/01/2026'."""
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day), None
        return date.fromisoformat(text), None
    except ValueError:
        return None, "cần ngày dạng 2026-01-15 hoặc 15/01/2026"


def _check(key: str, value: Any) -> tuple[Any, str | None]:
    """(cleaned value, None), or (None, what was expected) when the value is not acceptable."""
    if key == "noi_nhan":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, "cần một danh sách dòng chữ, ví dụ [\"UBND tỉnh;\", \"Lưu: VT.\"]"
        return tuple(v.strip() for v in value if v.strip()), None
    if key == "ngay":
        if isinstance(value, date):  # a TOML date literal (a datetime is a date too)
            return date(value.year, value.month, value.day), None
        return _date(str(value).strip())
    if not isinstance(value, str):
        return None, "cần một dòng chữ đặt trong dấu nháy kép"
    # "so_ky_hieu" keeps its leading blank: "      /BC-SNV" leaves room for the number by hand.
    cleaned = value.rstrip() if key == "so_ky_hieu" else value.strip()
    return (cleaned if cleaned.strip() else None), None
