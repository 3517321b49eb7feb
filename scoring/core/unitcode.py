"""How a unit code is read and matched, wherever it comes from (roster, workbook, sheet, portal).

A code is compared by what a person sees: NFKC (full-width ``ＸＡ`` is ``XA``), without format
characters (zero-width space, joiners, soft hyphen, byte-order mark, direction marks), spaces
folded and trimmed, case ignored.  Two codes that differ only in those ways are the same unit; a
code holding a control character (a NUL byte, a line break) is not a code a person typed.
"""

from __future__ import annotations

import unicodedata


def clean_code(code: str) -> str:
    """The code as it is shown and stored: NFKC, no format characters, single spaces, trimmed."""
    if not code.isascii():  # (an ASCII code has neither look-alikes nor format characters)
        code = "".join(c for c in unicodedata.normalize("NFKC", code) if unicodedata.category(c) != "Cf")
    return " ".join(part for part in code.split(" ") if part)


def unit_key(code: str) -> str:
    """How unit codes are matched (duplicates, rosters, year-over-year): :func:`clean_code`,
    case ignored."""
    return clean_code(code).casefold()


def control_characters(code: str) -> str:
    """The control characters in ``code`` as a person can read them (``U+0000``…), "" if none."""
    found = dict.fromkeys(c for c in code if unicodedata.category(c) == "Cc")
    return ", ".join(f"U+{ord(c):04X}" for c in found)
