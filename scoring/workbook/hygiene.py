"""Input hygiene: what people type into cells, turned into plain values plus what was assumed.

Every function returns ``(value, notes)`` where a note is ``(finding code, params)`` — a warning
the reader locates at the cell.  Values the reader cannot make sense of are passed on unchanged
(as cleaned text) so the engine reports them exactly once (input-not-number, level-unknown…).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from scoring.core.decimals import fmt, normalized
from scoring.workbook.layout import NO, YES

Note = tuple[str, dict[str, Any]]

_ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u3000\t\r\n]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")
_ODD_OR_ZERO_WIDTH = re.compile(f"{_ODD_SPACES.pattern}|{_ZERO_WIDTH.pattern}")
_MULTI_SPACE = re.compile(" {2,}")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")  # 1.234,5 (Vietnamese grouping)
_TRUE = {"có", "co", "x", "c", "yes", "y", "đạt", "true", "đúng", "v", "✓", "✔"}
_FALSE = {"không", "khong", "k", "ko", "no", "n", "false", "sai", "chưa", "-"}
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        # Every odd space is whitespace to str.strip(); only zero-width characters need removing.
        if value.isascii():
            return not value.strip()
        return not _ZERO_WIDTH.sub("", value).strip()
    return False


def _is_clean(text: str) -> bool:
    """True when :func:`clean_text` would return ``text`` unchanged (the usual case, checked fast)."""
    if text != text.strip() or "  " in text:
        return False
    if text.isascii():
        return text.isprintable()
    return unicodedata.is_normalized("NFC", text) and not _ODD_OR_ZERO_WIDTH.search(text)


def to_decimal(value: int | float | Decimal) -> Decimal:
    """A cell number as an exact decimal: floats via repr (8.5, not 8.4999…), 7.0 → 7."""
    if isinstance(value, float):
        number = _FLOATS.get(value)
        if number is None:
            number = normalized(Decimal(repr(value)))
            if value and len(_FLOATS) < FLOAT_CACHE_SIZE:  # not ±0.0: equal as keys, "0" vs "-0"
                _FLOATS[value] = number
        return number
    return normalized(Decimal(value))


#: Cell numbers repeat (points, counts, 0.5 steps): their exact decimals are kept.
_FLOATS: dict[float, Decimal] = {}
FLOAT_CACHE_SIZE = 4096


def clean_text(raw: str) -> tuple[str, list[Note]]:
    """NFC, ordinary spaces, trimmed; a note for NFD input and for stray or odd spaces."""
    if _is_clean(raw):
        return raw, []
    notes: list[Note] = []
    text = unicodedata.normalize("NFC", raw)
    if text != raw:
        notes.append(("workbook-unicode-nfd", {"value": text.strip()}))
    cleaned = _MULTI_SPACE.sub(" ", _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))).strip()
    if cleaned != text:
        notes.append(("workbook-stray-spaces", {"raw": raw, "value": cleaned}))
    return cleaned, notes


def free_text(value: Any) -> str | None:
    """Evidence and notes: kept as typed, only normalised (NFC, odd spaces, trimmed)."""
    if value.__class__ is str and unicodedata.is_normalized("NFC", value) and not _ODD_OR_ZERO_WIDTH.search(value):
        return value.strip() or None  # the usual case: nothing to replace (3x faster)
    if is_blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return fmt(to_decimal(value))
    text = unicodedata.normalize("NFC", str(value))
    return _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text)).strip()


def parse_number_text(text: str) -> tuple[Decimal | None, str | None]:
    """``"8,5"`` → (8.5, "workbook-decimal-comma"); ``"7"`` → (7, "workbook-number-as-text")."""
    if _PLAIN.match(text):
        return normalized(Decimal(text)), "workbook-number-as-text"
    if _COMMA.match(text):
        return normalized(Decimal(text.replace(",", "."))), "workbook-decimal-comma"
    if _GROUPED.match(text):
        return normalized(Decimal(text.replace(".", "").replace(",", "."))), "workbook-decimal-comma"
    return None, None


def as_number(value: Any, integer: bool = False) -> tuple[Any, list[Note]]:
    """A numeric input; text that is not a number is passed on for the engine to report."""
    if is_blank(value):
        return None, []
    if isinstance(value, bool):
        return value, []
    if isinstance(value, (int, float, Decimal)):
        return _whole(to_decimal(value), integer), []
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%d/%m/%Y}", []
    text, notes = clean_text(str(value))
    number, code = parse_number_text(text)
    if number is None:
        return text, notes
    notes = [n for n in notes if n[0] != "workbook-stray-spaces"]
    notes.append((code, {"raw": str(value), "value": fmt(number)}))
    return _whole(number, integer), notes


def _whole(number: Decimal, integer: bool) -> Any:
    if integer and number == number.to_integral_value():
        return int(number)
    return number


def as_boolean(value: Any) -> tuple[Any, list[Note]]:
    """Có/Không; "x", "c", "k", "có", 1/0, TRUE/FALSE are understood with a warning."""
    if is_blank(value):
        return None, []
    if isinstance(value, bool):
        return value, []
    if isinstance(value, (int, float, Decimal)):
        number = to_decimal(value)
        if number in (0, 1):
            answer = number == 1
            return answer, [("workbook-boolean-assumed", {"raw": fmt(number), "value": YES if answer else NO})]
        return fmt(number), []
    text, notes = clean_text(str(value))
    if text in (YES, NO):
        return text == YES, notes
    folded = text.casefold()
    for answer, words in ((True, _TRUE), (False, _FALSE)):
        if folded in words:
            return answer, notes + [("workbook-boolean-assumed", {"raw": str(value), "value": YES if answer else NO})]
    return text, notes


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def as_choice(value: Any, choices: tuple[tuple[str, str], ...]) -> tuple[Any, list[Note]]:
    """A level: its label from the dropdown; its id, or a label typed loosely, with a warning."""
    if is_blank(value):
        return None, []
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raw, notes = fmt(to_decimal(value)).replace(",", "."), []
        text = raw
    else:
        raw = str(value)
        text, notes = clean_text(raw)
    for choice_id, label in choices:
        if text == label:
            return choice_id, notes
    for choice_id, label in choices:
        if text == choice_id or _fold(text) in (_fold(label), _fold(choice_id)):
            return choice_id, notes + [("workbook-choice-assumed", {"raw": raw, "value": label})]
    return text, notes


def as_date(value: Any) -> tuple[dt.date | None, list[Note], bool]:
    """A date cell (or dd/mm/yyyy text, with a warning); the flag is False if unreadable."""
    if is_blank(value):
        return None, [], True
    if isinstance(value, dt.datetime):
        return value.date(), [], True
    if isinstance(value, dt.date):
        return value, [], True
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 2958466:
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        return day, [], True
    text, notes = clean_text(str(value))
    for pattern, order in ((_DATE, (2, 1, 0)), (_ISO, (0, 1, 2))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                day = dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                break
            return day, notes + [("workbook-date-assumed", {"raw": str(value), "value": f"ngày {day.day} tháng {day.month} năm {day.year}"})], True
    return None, notes, False
