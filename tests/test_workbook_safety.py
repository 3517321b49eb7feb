"""Hostile files are refused before any parser inflates them: quickly and with little memory."""

from __future__ import annotations

import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from scoring.core.findings import DvkError
from scoring.rules.load import load_ruleset
from scoring.formats.files import rewrite_zip
from scoring.workbook.read import read_workbook

HERE = Path(__file__).parent / "workbooks"
RULESET = load_ruleset(HERE / "quirks-ruleset.json")
CLEAN = HERE / "clean.xlsx"
SHEET = "xl/worksheets/sheet3.xml"


def zip_bomb(path: Path, megabytes: int = 60) -> Path:
    """A workbook whose sheet inflates to ``megabytes`` of zeros (streamed, never in memory)."""
    with zipfile.ZipFile(CLEAN) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == SHEET:
                with out.open(SHEET, "w", force_zip64=True) as member:
                    chunk = b"0" * (1 << 20)
                    for _ in range(megabytes):
                        member.write(chunk)
            else:
                out.writestr(info, src.read(info.filename))
    return path


def ratio_bomb(path: Path) -> Path:
    """Small in total (under the size limit) but one member inflates more than 200:1."""
    return zip_bomb(path, megabytes=20)


def xml_bomb(path: Path) -> Path:
    """Billion laughs in the criteria sheet."""
    with zipfile.ZipFile(CLEAN) as z:
        xml = z.read(SHEET).decode()
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
    xml = xml.replace("<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet", 1)
    xml = re.sub(r'(<c r="B6"[^>]*><is><t[^>]*>)[^<]*', r"\1&lol9;", xml)
    rewrite_zip(CLEAN, path, replace={SHEET: xml.encode()})
    return path


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
@pytest.mark.parametrize("build, code", [
    (zip_bomb, "workbook-too-large"), (ratio_bomb, "workbook-too-large"), (xml_bomb, "workbook-corrupt"),
])
def test_bombs_refused_quickly_with_little_memory(tmp_path, engine, build, code):
    path = build(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1_000_000  # the bomb itself is small
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DvkError) as caught:
            read_workbook(path, RULESET, engine=engine)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [finding] = caught.value.findings
    assert finding.code == code
    assert elapsed < 1.0
    assert peak < 5_000_000


def test_xml_bomb_message_says_why(tmp_path):
    with pytest.raises(DvkError) as caught:
        read_workbook(xml_bomb(tmp_path / "b.xlsx"), RULESET)
    assert "DOCTYPE" in caught.value.findings[0].message


def test_corrupt_member_is_refused(tmp_path):
    data = bytearray(CLEAN.read_bytes())
    with zipfile.ZipFile(CLEAN) as z:
        info = z.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + 10
    data[start:start + 200] = bytes(200)
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(DvkError) as caught:
        read_workbook(path, RULESET)
    assert caught.value.findings[0].code in ("workbook-corrupt", "workbook-not-xlsx")
