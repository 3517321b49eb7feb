"""Saving the workspace's workbooks: whole or not at all, OS errors as located findings."""

from __future__ import annotations

from pathlib import Path

from scoring.formats.files import book_bytes, output_file
from scoring.formats.textcells import literal_text


def save_book(book, path: Path) -> Path:
    """Save an openpyxl workbook to ``path`` through :func:`scoring.formats.files.output_file`
    (a full disk or a read-only folder: ``output-unwritable``, no partial file).  The
    workspace's workbooks hold data only: a text that looks like a formula stays text
    (:func:`~scoring.formats.textcells.literal_text`)."""
    literal_text(book)
    data = book_bytes(book)
    with output_file(path) as tmp:
        tmp.write_bytes(data)
    return path
