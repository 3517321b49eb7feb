"""The zip directory read straight from a workbook's bytes accepts nothing the zipfile check refuses.

``check_file`` reads the central directory itself (fast) and falls back to :mod:`zipfile` for
anything unusual; these tests pin both halves: ordinary workbooks take the fast path, and any zip
the fast path calls fine passes the zipfile check too.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.findings import DvkError, Location
from scoring.formats import safety
from scoring.formats.safety import _check_sizes, _plain_directory_ok, check_file

from casekit import ROOT

WORKBOOKS = sorted((ROOT / "sample_inputs").glob("*.xlsx"))


def zipfile_verdict(data: bytes) -> str | None:
    """What the zipfile-based check says: None (fine) or the finding code."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_sizes(archive.infolist(), Location(file="x.xlsx"))
    except DvkError as exc:
        return exc.findings[0].code
    except (zipfile.BadZipFile, OSError, ValueError):
        return "workbook-not-xlsx"
    return None


def build_zip(members: list[tuple[str, int]], method: int = zipfile.ZIP_DEFLATED, comment: bytes = b"",
              prefix: bytes = b"", extra: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    buffer.write(prefix)
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.comment = comment
        for name, size in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            info.extra = extra
            archive.writestr(info, b"<a/>" * (size // 4))
    return buffer.getvalue()


def test_bundled_workbooks_take_the_fast_path(monkeypatch):
    assert WORKBOOKS
    calls = []
    monkeypatch.setattr(safety, "_check_zip", lambda *args: calls.append(args) or [])
    for path in WORKBOOKS:
        data = check_file(path, members=False)
        assert data == path.read_bytes()
        assert _plain_directory_ok(data)
    assert calls == []


def test_the_openpyxl_path_still_checks_every_member(monkeypatch):
    calls = []
    monkeypatch.setattr(safety, "_check_zip", lambda *args: calls.append(args) or [])
    check_file(WORKBOOKS[0], members=True)
    assert len(calls) == 1 and calls[0][2] is True


@pytest.mark.parametrize("members, kwargs, expected", [
    ([("xl/workbook.xml", 100)], {}, None),
    ([("word/document.xml", 100)], {}, "workbook-not-excel-zip"),
    ([("xl/workbook.xml", 100)] + [(f"x/{i}.xml", 4) for i in range(safety.MAX_ENTRIES)], {}, "workbook-too-large"),
    ([("xl/workbook.xml", 100), ("xl/big.xml", 2 * 1024 * 1024)], {}, "workbook-too-large"),
    ([("xl/workbook.xml", 100)], {"prefix": b"MZ" + b"\0" * 100}, None),
    ([("xl/workbook.xml", 100)], {"comment": b"a plain comment"}, None),
    ([("xl/workbook.xml", 100)], {"comment": b"PK\x05\x06 looks like a record"}, "workbook-not-xlsx"),
    ([("xl/workbook.xml", 100)], {"extra": struct.pack("<HH", 0xCAFE, 40)}, "workbook-not-xlsx"),
    ([("XL/Workbook.XML", 100), ("xl/tên.xml", 10)], {}, None),
])
def test_fast_path_agrees_or_defers(members, kwargs, expected):
    data = build_zip(members, **kwargs)
    assert zipfile_verdict(data) == expected
    if expected is not None:
        assert not _plain_directory_ok(data)


@settings(max_examples=80, deadline=None)
@given(names=st.lists(st.sampled_from(["xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml", "a/b.bin",
                                       "xl/worksheets/sheet1.xml", "Ảnh.png"]), min_size=1, max_size=6, unique=True),
       sizes=st.lists(st.integers(min_value=0, max_value=3 * 1024 * 1024), min_size=6, max_size=6),
       stored=st.booleans(), comment=st.binary(max_size=30), prefix=st.binary(max_size=10),
       cut=st.integers(min_value=0, max_value=40))
def test_whatever_the_fast_path_accepts_zipfile_accepts(names, sizes, stored, comment, prefix, cut):
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    data = build_zip(list(zip(names, sizes)), method=method, comment=comment, prefix=prefix)
    for variant in (data, data[:-cut] if cut else data, data[cut:]):
        if _plain_directory_ok(variant):
            assert zipfile_verdict(variant) is None


def test_unreadable_and_oversized_files_are_explained(tmp_path, monkeypatch):
    folder = tmp_path / "thu-muc.xlsx"
    folder.mkdir()
    with pytest.raises(DvkError) as caught:
        check_file(folder, members=False)
    assert caught.value.findings[0].code == "file-unreadable"
    big = tmp_path / "lon.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * 2000)
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    with pytest.raises(DvkError) as caught:
        check_file(big, members=False)
    assert caught.value.findings[0].code == "workbook-too-large"
    with pytest.raises(DvkError) as caught:
        check_file(Path(tmp_path / "khong-co.xlsx"), members=False)
    assert caught.value.findings[0].code == "file-not-found"
