"""Internal exception text, shown to users only when ``DVK_DEBUG=1`` is set.

Messages are Vietnamese; what a parser or the interpreter said in English is a developer's
clue, added (in brackets) only in debug mode.
"""

from __future__ import annotations

import os


def debugging() -> bool:
    return bool(os.environ.get("DVK_DEBUG"))


def detail(exc: BaseException) -> str:
    """`` [TypeName: text]`` in debug mode, else ``""``."""
    if not debugging():
        return ""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f" [{type(exc).__name__}{': ' + text[:160] if text else ''}]"
