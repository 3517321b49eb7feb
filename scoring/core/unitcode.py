"""How a unit code is read and matched, wherever it comes from (roster, workbook, sheet, portal).

A code is compared by what a person sees: NFKC (full-width ``ＸＡ`` is ``XA``), without format
characters (zero-width space, joiners, soft hyphen, byte-order mark, direction marks), spaces
folded and trimmed, case ignored.  Two codes that differ only in those ways are the same unit; a
code holding a control character (a NUL byte, a line break) is not a code a person typed.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode's format characters (category Cf, as of Unicode 14; tests/test_round_roster_files.py
#: checks it against the running Python): invisible, they only change how text is shown.
FORMAT_CHARACTERS = re.compile(
    "[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890-\u0891\u08E2\u180E\u200B-\u200F\u202A-\u202E"
    "\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\U000110BD\U000110CD\U00013430-\U0001343F"
    "\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001\U000E0020-\U000E007F]")
#: Control characters (category Cc): never part of text a person typed into a cell.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean_code(code: str) -> str:
    """The code as it is shown and stored: NFKC, no format characters, single spaces, trimmed."""
    if not code.isascii():  # (an ASCII code has neither look-alikes nor format characters)
        code = FORMAT_CHARACTERS.sub("", unicodedata.normalize("NFKC", code))
    return " ".join(part for part in code.split(" ") if part)


def unit_key(code: str) -> str:
    """How unit codes are matched (duplicates, rosters, year-over-year): :func:`clean_code`,
    case ignored."""
    return clean_code(code).casefold()


def control_characters(code: str) -> str:
    """The control characters in ``code`` as a person can read them (``U+0000``…), "" if none."""
    if not _CONTROL.search(code):
        return ""
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(_CONTROL.findall(code)))
