"""Cells of a ruleset workbook read as JSON values: numbers as people type them (1,5), yes/no words,
dates (02/01/2025), closed lists by label or code, ``tên: giá trị`` parameter lines.  A wrong cell
raises :class:`Bad` with the finding code that says so."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.jobs.ruleset_xlsx.layout import (
    WORDS_FALSE,
    WORDS_TRUE,
    decode_line_value,
    decode_text,
)
from scoring.jobs.ruleset_xlsx.settings import (
    PARAMETERS,
    SETTINGS,
    Setting,
    code_of,
    fold,
    iso_date,
    labels,
    parameter_key,
)


class Bad(Exception):
    def __init__(self, code: str, reason: str = ""):
        self.code, self.reason = code, reason


#: "Thông tin" rows are told by their label (or, typed by someone who knows it, the JSON key).
SETTING_BY_WORDS = {fold(text): s for s in SETTINGS for text in (s.key, s.label)}


def setting_value(setting: Setting | None, raw: Any) -> Any:
    """The JSON value of a "Thông tin" cell, read as its setting's kind."""
    kind = setting.kind if setting else "value"
    if kind == "date":
        if isinstance(raw, (dt.datetime, dt.date)):
            return convert("text", raw)
        iso = iso_date(as_text(raw))
        if iso is None:
            raise Bad("ruleset-xlsx-date")
        return iso
    if kind == "number":
        return as_number(raw)
    if setting and setting.choices:
        found, code = code_of(setting.choices, as_text(raw) if isinstance(raw, str) else raw)
        if found:
            return code
        if isinstance(raw, str):
            try:
                return as_number(raw)  # an open list (decimal places: a number or "Không làm tròn")
            except Bad:
                raise Bad("ruleset-xlsx-choice", known(setting.choices)) from None
    if kind == "text" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return as_text(raw)  # a version typed as 2025: Excel made it a number
    return convert("value", raw)


def choice(choices: str, value: Any) -> Any:
    found, code = code_of(choices, value)
    if not found:
        raise Bad("ruleset-xlsx-choice", known(choices))
    return code


def choice_list(choices: str, raw: Any) -> list[Any]:
    """A cell naming several items of a closed list, separated by ";" (labels or codes)."""
    return [choice(choices, part.strip()) for part in as_text(raw).split(";") if part.strip()]


def known(choices: str) -> str:
    return ", ".join(f"'{label}'" for label in labels(choices))


def blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def shown(raw: Any) -> str:
    """A cell's value as its reader sees it in Excel (5, not 5.0; 1,5, not 1.5), cut short."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, float):
        return repr(raw).replace(".", ",")
    return str(raw)[:60]


def convert(kind: str, raw: Any) -> Any:
    if isinstance(raw, (dt.datetime, dt.date)):
        raw = raw.date().isoformat() if isinstance(raw, dt.datetime) else raw.isoformat()
    if kind == "text":
        return as_text(raw)
    if kind == "number":
        return as_number(raw)
    if kind == "bool":
        word = as_text(raw).strip().casefold()
        if word in (*WORDS_TRUE, "x"):
            return True
        if word in WORDS_FALSE:
            return False
        raise Bad("ruleset-xlsx-bool")
    if kind == "ids":  # ids or names, split on ";" or "," (a name's own commas: see unit_type_ids)
        return [part.strip() for part in as_text(raw).replace(";", ",").split(",") if part.strip()]
    if kind in ("value", "scalar"):
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return as_number(raw)
        if isinstance(raw, bool):
            return raw
        return scalar(as_text(raw)) if kind == "scalar" else decode(decode_text, raw)
    return lines(raw)


def scalar(text: str) -> Any:
    """A "scalar" cell's text: quoted → that text; có/không → yes/no; a number (1,5) → it; else itself."""
    word = text.strip()
    if word.startswith('"'):
        return decode(decode_text, word)
    if word.casefold() in (*WORDS_TRUE, *WORDS_FALSE):
        return word.casefold() in WORDS_TRUE
    try:
        return as_number(word)
    except Bad:
        return text


def as_text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "có" if raw else "không"
    if isinstance(raw, float):
        number = as_number(raw)
        return str(number) if isinstance(number, int) else f"{number:f}"
    return unicodedata.normalize("NFC", str(raw))


def as_number(raw: Any) -> int | Decimal:
    if isinstance(raw, bool):
        raise Bad("ruleset-xlsx-number")
    if isinstance(raw, int):
        return raw
    # a float cell: its shortest repr is the text the writer (and Excel) stored
    text = repr(raw) if isinstance(raw, float) else str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, as Vietnamese Excel writes
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Bad("ruleset-xlsx-number") from None
    if not number.is_finite():
        raise Bad("ruleset-xlsx-number")
    return int(number) if number == number.to_integral_value() else number


def decode(decode: Any, text: str) -> Any:
    try:
        return decode(text)
    except ValueError as exc:
        raise Bad("ruleset-xlsx-value", f"JSON sai ({exc.args[0].split(':')[0]})") from None


def lines(raw: Any) -> dict[str, Any]:
    """A "Tham số" cell: one ``key: value`` line per parameter."""
    out: dict[str, Any] = {}
    for line in as_text(raw).splitlines():
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip():
            raise Bad("ruleset-xlsx-value", "mỗi dòng ghi 'tên tham số: giá trị', ví dụ 'Bước chấm: 0,5' (tên tham số xem ở trang 'Hướng dẫn')")
        name, read = parameter_key(key.strip(), decode(decode_line_value, value.strip()))
        choices = PARAMETERS.get(name, (name, None))[1]
        if choices and not code_of(choices, read)[0]:  # said here in words, not later as the JSON codes
            raise Bad("ruleset-xlsx-value", f"'{PARAMETERS[name][0]}' ghi một trong: {known(choices)}")
        out[name] = read
    return out
