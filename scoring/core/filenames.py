"""File names a person's words can safely become, on Windows too.

Vietnamese names lose their accents (đ → d) and everything but ASCII letters, digits and single
hyphens; Windows' reserved device names (CON, NUL, COM1…) and trailing dots are avoided; names are
kept short (Windows' 260-character paths are reached quickly in nested office folders).
"""

from __future__ import annotations

import re
import unicodedata

#: The longest stem :func:`file_stem` returns (the code is kept whole unless it alone is longer).
MAX_STEM = 80
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def plain_ascii(text: object) -> str:
    """``text`` without accents (NFKD, combining marks dropped, đ → d): letters keep their case."""
    raw = unicodedata.normalize("NFKD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in raw if not unicodedata.combining(c))


def slug(text: object) -> str:
    """Lower-case ASCII words joined by hyphens ("Xã An Bình" → "xa-an-binh"); "" when none."""
    return "-".join(re.findall(r"[a-z0-9]+", plain_ascii(text).lower()))


def file_stem(name: object, code: object) -> str:
    """The stem of a unit's file: its code then its name as slugs ("XA-01-xa-an-binh"), short,
    never a Windows device name; the code (ASCII letters, digits, hyphens) keeps it unique."""
    code_part = "-".join(re.findall(r"[A-Za-z0-9]+", plain_ascii(code))) or "don-vi"
    stem = code_part[:MAX_STEM]
    room = MAX_STEM - len(stem) - 1
    name_part = slug(name)[:max(room, 0)].strip("-")
    if name_part:
        stem = f"{stem}-{name_part}"
    return f"{stem}-" if stem.split(".")[0].upper() in _RESERVED else stem


def unique_stem(stem: str, taken: set[str]) -> str:
    """``stem``, numbered (``-2``, ``-3``…) when an earlier file of the same folder took it, case
    ignored as Windows ignores it (two codes may give one stem: "XA 1" and "XA-1"); recorded in
    ``taken``."""
    found, n = stem, 1
    while found.lower() in taken:
        n += 1
        found = f"{stem}-{n}"
    taken.add(found.lower())
    return found
