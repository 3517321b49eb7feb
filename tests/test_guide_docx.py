"""The printed guide (``dvk huong-dan``): a Decree 30 document holding every part, section, step
and command of the guide's source, that LibreOffice renders on A4 without small or overlapping text."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from pdfcheck import full_text, inspect, problems, render
from scoring.cli.app import main
from scoring.reports.guide import load_guide
from sysdeps import require

ROOT = Path(__file__).parent.parent


def tiny_png(path: Path, width: int = 40, height: int = 30) -> Path:
    """A grey PNG of the given size (stands for a screenshot)."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("huong-dan-in")
    shots = folder / "anh"
    shots.mkdir()
    tiny_png(shots / "don-vi-ket-qua.png")
    out = folder / "huong-dan-su-dung.docx"
    assert main(["huong-dan", "-o", str(out), "--anh", str(shots), "--ho-so", str(ROOT / "ho-so-mau.toml")]) == 0
    return out


def words_of(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_every_part_section_step_and_command_is_printed(printed):
    text = words_of(printed)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "HƯỚNG DẪN" in text
    for part in load_guide():
        assert part.title.upper() in text
        for section in part.sections:
            assert section.title in text
            for block in section.blocks:
                if block.kind in ("step", "bullet", "para"):
                    assert block.plain() in text
                for command in block.commands:
                    assert f"$ {command.line}" in text
    assert "{" not in text.replace("{#", "") and "<!--" not in text and "mã thoát" not in text


def test_a_screenshot_is_placed_only_where_one_was_made(printed):
    from docx import Document

    pictures = Document(str(printed)).inline_shapes
    assert len(pictures) == 1
    assert "Kết quả chấm điểm và các lỗi, cảnh báo tại từng ô" in words_of(printed)


def test_libreoffice_prints_it_on_a4_with_readable_text(printed, tmp_path):
    pages = inspect(render(require("soffice"), [printed], tmp_path)[printed.name])
    assert problems(pages) == []
    assert all(page.right_edge <= page.width - 30 for page in pages)  # nothing runs into the right margin
    text = full_text(pages)
    for part in load_guide():
        assert part.sections[0].title in text


def test_an_unwritable_output_is_a_finding_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("x", encoding="utf-8")
    assert main(["huong-dan", "-o", str(blocker / "huong-dan.docx")]) == 1
    said = capsys.readouterr().err
    assert "huong-dan.docx" in said and "Traceback" not in said
