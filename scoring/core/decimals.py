"""Exact decimal helpers: Excel-style half-up rounding and Vietnamese number formatting."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


#: Rounding may need more digits than the default 28: a product of two inputs in range
#: (:func:`in_range`) has up to 30 whole digits, before its decimal places.
_WIDE = Context(prec=80)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round as Excel's ROUND does: halves away from zero (2,345 → 2,35), never half-to-even."""
    return value.quantize(quantum(places), rounding=ROUND_HALF_UP, context=_WIDE)


def truncate(value: Decimal, places: int) -> Decimal:
    return value.quantize(quantum(places), rounding=ROUND_DOWN, context=_WIDE)


def is_multiple(value: Decimal, step: Decimal) -> bool:
    return step == 0 or value % step == 0


#: Inputs are refused (a finding, never an exception) unless smaller than 10^15 in magnitude…
WHOLE_DIGITS = 15
#: …with at most this many decimal places: every sum, product and rounding then fits the context.
MAX_PLACES = 10


def in_range(value: Decimal) -> bool:
    """True when ``value`` is finite, below 10^15 in magnitude, with at most 10 decimal places."""
    if not value.is_finite():
        return False
    if not value:
        return True
    # adjusted() is exponent arithmetic: safe where abs() or normalize() could overflow
    if not -MAX_PLACES <= value.adjusted() < WHOLE_DIGITS:
        return False
    return value.normalize().as_tuple().exponent >= -MAX_PLACES  # type: ignore[operator]


def shown_number(text: str) -> str:
    """A number's text for a message, shortened in the middle when it is very long."""
    return text if len(text) <= 24 else f"{text[:10]}…{text[-10:]} ({len(text)} ký tự)"


def normalized(value: Decimal) -> Decimal:
    """``value`` without trailing zeros, never in exponent form (100, not 1E+2).

    Infinity, NaN and a number too long for the context (which only inputs out of
    :func:`in_range` can be) are returned as they are, to be refused by whoever checks the range.
    """
    if not value.is_finite() or value.adjusted() >= 27:
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@lru_cache(maxsize=8192)
def fmt(value: Decimal | int, places: int | None = None) -> str:
    """Vietnamese number text: decimal comma, no thousands separator below 10 000 (7,78; 100).

    Cached: equal numbers (3 and 3.00) format identically, so the cache is exact.
    """
    number = Decimal(value)
    number = round_half_up(number, places) if places is not None else normalized(number)
    text = f"{number:f}"
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if len(whole) > 4:
        groups = []
        while whole:
            groups.append(whole[-3:])
            whole = whole[:-3]
        whole = ".".join(reversed(groups))
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def to_json_number(value: Decimal) -> int | float:
    """A JSON number: int when whole, else the float whose shortest repr is the decimal's text."""
    n = normalized(value)
    if n == n.to_integral_value():
        return int(n)
    return float(n)
