"""JSON for the workspace's JSON columns that keeps decimals exact.

Inputs (points, counts, percents) are :class:`~decimal.Decimal`.  They are written as JSON numbers
(the float whose shortest text is the decimal's, which parses back to the same decimal) or, when
no float has that text (more than 15 significant digits), as a string; they are read back as
decimals, never as floats.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from scoring.core.decimals import normalized, to_json_number


def exact_number(value: Decimal) -> int | float | str:
    """``value`` as a JSON number when that is exact, else as its text."""
    number = to_json_number(value)
    return number if isinstance(number, int) or Decimal(repr(number)) == normalized(value) else str(value)


class ExactEncoder(json.JSONEncoder):
    """Decimals as exact JSON numbers; dates and times in ISO 8601."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return exact_number(o)
        if isinstance(o, (dt.date, dt.datetime)):
            return o.isoformat()
        return super().default(o)


class DecimalDecoder(json.JSONDecoder):
    """JSON numbers with a fraction or exponent come back as decimals."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs["parse_float"] = Decimal
        super().__init__(*args, **kwargs)
