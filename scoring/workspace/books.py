"""Saving the workspace's workbooks: whole or not at all, OS errors as located findings."""

from __future__ import annotations

from pathlib import Path

from scoring.formats.files import book_bytes, output_file


def save_book(book, path: Path) -> Path:
    """Save an openpyxl workbook to ``path`` through :func:`scoring.formats.files.output_file`
    (a full disk or a read-only folder: ``output-unwritable``, no partial file)."""
    data = book_bytes(book)
    with output_file(path) as tmp:
        tmp.write_bytes(data)
    return path
