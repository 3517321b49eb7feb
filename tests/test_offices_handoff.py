"""Offices on separate machines hand off by file (issue 25 items 1 and 5), on SQLite and PostgreSQL.

Three lower offices' publications are made once with the real round functions in a workspace of
their own (``huyen-a``: 2 of 3 roster units counted; ``huyen-b``: 2 of 2; ``huyen-c``: under
a ruleset whose text differs, so another fingerprint).  The higher office's workspace imports
them: a publication altered, missing a file or with a file added is refused whole (nothing
stored); the same one twice is a no-op; the aggregate is checked against figures computed here
from the offices' own stored results (not from the aggregate's code); rankings across offices
whose rulesets differ are refused, naming them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scoring.core.decimals import round_half_up
from scoring.core.findings import DvkError
from test_round_collect import inbox
from wsfixtures import RULESET, backend, fresh_workspace, pg_url, ws  # noqa: F401 - fixtures

OFFICE_A = "Phòng Nội vụ huyện A"
OFFICE_B = '=HYPERLINK("http://x","Phòng Nội vụ huyện B")'  # a name that looks like a formula stays text
OFFICE_C = "Phòng Nội vụ huyện C"
ROSTERS = {
    "huyen-a": ("BAN-MINHHOA,Ban Minh Họa tỉnh,so_ban_nganh,\nSO-GIALAP,Sở Giả Lập,so_ban_nganh,\n"
                "SO-VIDU,Sở Ví Dụ,so_ban_nganh,\n", ("ban-minhhoa.xlsx", "so-gialap.xlsx")),
    "huyen-b": ("XA-HUCAU,UBND xã Hư Cấu,ubnd_xa,\nSO-VIDU,Sở Ví Dụ,so_ban_nganh,\n", ("xa-hucau.xlsx", "so-vidu.xlsx")),
    "huyen-c": ("SO-GIALAP,Sở Giả Lập,so_ban_nganh,\n", ("so-gialap.xlsx",)),
}


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """{round code: (publication folder, [(code, percent, class)] of its counted units, roster size)}."""
    from django.db import connections

    from scoring.workspace.collect import collect
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import RoundSpec, create_round, move_round

    base = tmp_path_factory.mktemp("cap-duoi")
    lower = fresh_workspace(base / "ws", "sqlite")
    other = json.loads(RULESET.read_text(encoding="utf-8"))
    other["title"] += " (sửa đổi của huyện C)"
    other_path = base / "bo-khac.json"
    other_path.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    made = {}
    for code, (rows, files) in ROSTERS.items():
        roster = base / f"{code}.csv"
        roster.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\n" + rows, encoding="utf-8")
        create_round(lower, RoundSpec(other_path if code == "huyen-c" else RULESET, 2025, code=code,
                                      roster_path=roster, deadlines={"submission": "31/12/2099"}, has_appraisal=False))
        collect(lower, code, [inbox(base / code, files)])
        move_round(code, "closed")
        move_round(code, "final")
        folder = lower.root / publish_round(lower, code).folder
        counted = [(e.unit.code, e.current.percent, e.current.band_label)
                   for e in RosterEntry.objects.filter(round__code=code, current__isnull=False).select_related("unit", "current")]
        made[code] = (folder, counted, len(rows.splitlines()))
    connections.close_all()
    return made


def copy_of(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "gui-len" / folder.name
    shutil.copytree(folder, target)
    return target


def stored_count(ws) -> tuple[int, int]:
    from scoring.workspace.models import ImportedPublication

    blobs = sum(1 for p in ws.files_dir.rglob("*") if p.is_file()) if ws.files_dir.is_dir() else 0
    return ImportedPublication.objects.count(), blobs


def test_a_publication_lists_every_file_with_its_hash(published):
    from scoring.workspace.backup import damaged_files, listing
    from scoring.workspace.handoff import FILE_LIST

    folder = published["huyen-a"][0]
    manifest = json.loads((folder / FILE_LIST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(listing(folder, FILE_LIST)) >= {"ket-qua.json", "nguon-du-lieu.csv"}
    assert damaged_files(folder, manifest["files"], FILE_LIST) == []
    assert (manifest["round"]["code"], manifest["number"], manifest["ruleset"]["id"]) == ("huyen-a", 1, "dvcq-minh-hoa")


def alter(folder: Path) -> str:
    """A unit moved up one place in the results."""
    path = folder / "ket-qua.json"
    text = path.read_bytes()
    assert b'"overall_rank":2' in text
    path.write_bytes(text.replace(b'"overall_rank":2', b'"overall_rank":1', 1))
    return "ket-qua.json"


def remove(folder: Path) -> str:
    (folder / "nguon-du-lieu.csv").unlink()
    return "nguon-du-lieu.csv"


def add(folder: Path) -> str:
    (folder / "ghi-chu.txt").write_text("thêm vào", encoding="utf-8")
    return "ghi-chu.txt"


@pytest.mark.parametrize("damage, what", [(alter, "đã bị thay đổi"), (remove, "không còn"),
                                          (add, "không có trong bản kê")])
def test_a_damaged_publication_is_refused_whole(ws, published, tmp_path, damage, what):
    from scoring.workspace.handoff import import_publication

    folder = copy_of(published["huyen-a"][0], tmp_path)
    name = damage(folder)
    before = stored_count(ws)
    with pytest.raises(DvkError) as caught:
        import_publication(ws, folder, OFFICE_A)
    [finding] = caught.value.findings
    assert finding.code == "handoff-file-damaged" and f"'{name}' {what}" in finding.message
    assert finding.location.file == f"{folder}/{name}" and "Không nhập gì" in finding.message
    assert stored_count(ws) == before == (0, 0)


def test_a_folder_without_file_list_is_no_publication(ws, published, tmp_path):
    from scoring.workspace.handoff import import_publication
    from scoring.workspace.handoff import FILE_LIST

    folder = copy_of(published["huyen-a"][0], tmp_path)
    (folder / FILE_LIST).unlink()
    with pytest.raises(DvkError) as caught:
        import_publication(ws, folder, OFFICE_A)
    assert [f.code for f in caught.value.findings] == ["handoff-no-manifest"]
    assert stored_count(ws) == (0, 0)


def zipped(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / f"{folder.name}.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, Path(folder.name, path.relative_to(folder)).as_posix())
    return target


def expected_summary(counted, roster) -> tuple[Counter, Decimal, Decimal]:
    """Hand-computed from the lower office's own stored results: classes, mean percent, rate."""
    mean = sum((p for _, p, _ in counted), Decimal(0)) / len(counted)
    return Counter(b for _, _, b in counted), round_half_up(mean, 2), round_half_up(Decimal(100 * len(counted)) / roster, 2)


def test_import_then_aggregate_against_hand_computed_figures(ws, published, tmp_path):
    from scoring.workspace.handoff import import_publication, office_aggregate
    from scoring.workspace.models import AuditEntry, ImportedPublication

    record, created = import_publication(ws, copy_of(published["huyen-a"][0], tmp_path), OFFICE_A)
    assert created and (record.office, record.round_code, record.number, record.ruleset_id) == (
        OFFICE_A, "huyen-a", 1, "dvcq-minh-hoa")
    assert all((ws.files_dir / sha[:2]).is_dir() for sha in record.files.values())
    again, created = import_publication(ws, published["huyen-a"][0], OFFICE_A)
    assert not created and again.pk == record.pk  # the same publication twice: nothing done
    with pytest.raises(DvkError) as caught:
        import_publication(ws, published["huyen-a"][0], OFFICE_B)
    assert caught.value.findings[0].code == "handoff-office-differs"
    assert import_publication(ws, zipped(published["huyen-b"][0], tmp_path), f"  {OFFICE_B} ")[1]
    assert ImportedPublication.objects.count() == 2
    assert AuditEntry.objects.filter(action="publication-imported").count() == 2

    result = office_aggregate(ws, tmp_path / "tong-hop")
    by_office = {s.source.office: s for s in result.summaries}
    units = []
    for office, code in ((OFFICE_A, "huyen-a"), (OFFICE_B, "huyen-b")):
        _, counted, roster = published[code]
        classes, mean, rate = expected_summary(counted, roster)
        s = by_office[office]
        assert (s.counted, s.roster) == (len(counted), roster)
        assert round_half_up(s.mean_percent, 2) == mean and round_half_up(s.submission_rate, 2) == rate
        assert {k: v for k, v in s.classes.items() if v} == dict(classes)
        units += [(p, office, c) for c, p, _ in counted]
    assert by_office[OFFICE_A].submission_rate.quantize(Decimal("0.01")) == Decimal("66.67")
    order = [(r.office, r.unit.code) for r in result.ranking]
    assert order == [(o, c) for _, o, c in sorted(units, key=lambda u: (-u[0], u[1], u[2]))]
    assert [r.rank for r in result.ranking] == sorted(r.rank for r in result.ranking) and result.ranking[0].rank == 1

    book = load_workbook(result.outputs[0])
    rows = [[c.value for c in row] for row in book["Theo cơ quan"].iter_rows()]
    cell = next(c for row in book["Theo cơ quan"].iter_rows() for c in row if c.value == OFFICE_B)
    assert cell.data_type == "s"  # the formula-looking name stays text
    header = next(r for r in rows if "Tỷ lệ nộp (%)" in r)
    a_row = dict(zip(header, next(r for r in rows if OFFICE_A in r)))
    assert Decimal(str(a_row["Tỷ lệ nộp (%)"])) == Decimal("66.67")
    assert Decimal(str(a_row["Tỷ lệ điểm bình quân (%)"])) == round_half_up(by_office[OFFICE_A].mean_percent, 2)
    assert len(list(book["Xếp hạng chung"].iter_rows())) >= len(units)


def test_a_publication_says_whether_the_round_had_appraisal_and_an_older_one_imports(ws, published, tmp_path):
    """The lower rounds were made without appraisal: their ket-qua.json says so; a publication of
    a dvk before it said so (the key absent, its file list hashing that file) imports, not known."""
    import hashlib

    from scoring.workspace.handoff import import_publication, imported_rounds
    from scoring.workspace.publication import FILE_LIST

    folder = published["huyen-a"][0]
    assert json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))["has_appraisal"] is False
    older = copy_of(published["huyen-b"][0], tmp_path / "cu")
    document = json.loads((older / "ket-qua.json").read_text(encoding="utf-8"))
    del document["has_appraisal"]
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (older / "ket-qua.json").write_bytes(data)
    manifest = json.loads((older / FILE_LIST).read_text(encoding="utf-8"))
    manifest["files"]["ket-qua.json"] = {**manifest["files"]["ket-qua.json"], "size": len(data),
                                         "sha256": hashlib.sha256(data).hexdigest()}
    (older / FILE_LIST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert import_publication(ws, copy_of(folder, tmp_path), OFFICE_A)[1]
    assert import_publication(ws, older, OFFICE_C)[1]
    said = {r.office: r.results.has_appraisal for r in imported_rounds(ws)}
    assert said == {OFFICE_A: False, OFFICE_C: None}


def run(ws, *argv: str) -> tuple[int, str, str]:
    """``python -m scoring ARGV`` on the test's workspace: exit code, stdout, stderr."""
    where = ["-w", str(ws.root)] + (["--database", ws.url] if ws.url else [])
    done = subprocess.run([sys.executable, "-m", "scoring", *argv, *where], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).resolve().parents[1])
    return done.returncode, done.stdout, done.stderr


def test_rulesets_that_differ_are_not_ranked_together(ws, published, tmp_path):
    from django.db import connections

    connections.close_all()  # the commands open the workspace themselves
    assert run(ws, "cap-tren", "nhap", str(published["huyen-a"][0]), "--co-quan", OFFICE_A)[0] == 0
    code, out, err = run(ws, "cap-tren", "nhap", str(published["huyen-c"][0]), "--co-quan", OFFICE_C)
    assert code == 0 and f"Đã nhập kết quả công bố của {OFFICE_C}" in out, err
    code, out, _ = run(ws, "cap-tren", "nhap", str(published["huyen-c"][0]), "--co-quan", OFFICE_C)
    assert code == 0 and "đã được nhập trước đây" in out
    code, out, err = run(ws, "cap-tren", "tong-hop", "--out", str(tmp_path / "th"))
    assert code == 1 and "Không lập xếp hạng chung" in err and "Traceback" not in err
    assert f"{OFFICE_A} (huyen-a)" in err and f"{OFFICE_C} (huyen-c)" in err
    assert OFFICE_A in out and "tỷ lệ nộp 66,67%" in out and "Xếp hạng chung" not in out
    assert load_workbook(tmp_path / "th" / "tong-hop-cap-duoi.xlsx").sheetnames == ["Theo cơ quan"]
    code, out, err = run(ws, "cap-tren", "tong-hop", "--co-quan", OFFICE_A)
    assert code == 0 and "Xếp hạng chung 2 đơn vị" in out, err


def test_the_frames_of_imported_offices(ws, published):
    from scoring.jobs.dataframes import offices_frame
    from scoring.workspace.handoff import import_publication, imported_rounds

    for office, code in ((OFFICE_A, "huyen-a"), (OFFICE_B, "huyen-b")):
        import_publication(ws, published[code][0], office)
    frame = offices_frame(imported_rounds(ws))
    assert list(frame.columns) == ["office", "round", "number", "unit_code", "unit_name", "points", "percent", "band",
                                   "rank", "overall_rank"]
    expected = {(o, c): p for o, code in ((OFFICE_A, "huyen-a"), (OFFICE_B, "huyen-b"))
                for c, p, _ in published[code][1]}
    assert {(r.office, r.unit_code): round_half_up(r.percent, 4) for r in frame.itertuples()} == expected
    assert str(frame["rank"].dtype) == "Int64" and set(frame["round"]) == {"huyen-a", "huyen-b"}
    floats = offices_frame(imported_rounds(ws), decimals="float")
    assert str(floats["percent"].dtype) == "float64"


def test_an_imported_file_changed_in_the_store_stops_the_aggregate(ws, published):
    from scoring.workspace.handoff import import_publication, office_aggregate
    from scoring.workspace.models import StoredFile

    record, _ = import_publication(ws, published["huyen-b"][0], OFFICE_B)
    kept = ws.root / StoredFile.objects.get(sha256=record.files["ket-qua.json"]).path
    kept.write_bytes(kept.read_bytes().replace(b'"overall_rank":2', b'"overall_rank":1', 1))
    with pytest.raises(DvkError) as caught:
        office_aggregate(ws)
    [finding] = caught.value.findings
    assert finding.code == "handoff-stored-damaged" and finding.location.file == str(kept) and OFFICE_B in str(finding)


def test_what_is_no_publication_is_said_where(ws, tmp_path, monkeypatch):
    import scoring.workspace.handoff as handoff
    from scoring.workspace.handoff import import_publication, office_aggregate

    not_zip = tmp_path / "cong-bo.zip"
    not_zip.write_text("không phải tệp nén", encoding="utf-8")
    empty = tmp_path / "rong"
    empty.mkdir()
    for source, office, code in ((tmp_path / "khong-co", OFFICE_A, "handoff-not-found"),
                                 (not_zip, OFFICE_A, "handoff-bad-zip"), (empty, OFFICE_A, "handoff-no-manifest"),
                                 (empty, "  ", "handoff-no-office")):
        with pytest.raises(DvkError) as caught:
            import_publication(ws, source, office)
        [finding] = caught.value.findings
        assert finding.code == code and (code == "handoff-no-office" or str(source) in str(finding))
        assert "zip file" not in str(finding)  # no English
    many = tmp_path / "nhieu.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(3):
            archive.writestr(f"so-01/t{i}.txt", "x")
    monkeypatch.setattr(handoff, "ZIP_MAX_FILES", 2)
    with pytest.raises(DvkError) as caught:
        import_publication(ws, many, OFFICE_A)
    assert [f.code for f in caught.value.findings] == ["handoff-bad-zip"] and "quá 2 tệp" in str(caught.value.findings[0])
    with pytest.raises(DvkError) as caught:
        office_aggregate(ws, None, 2025)
    assert [f.code for f in caught.value.findings] == ["handoff-none"] and "năm 2025" in str(caught.value.findings[0])
    assert stored_count(ws) == (0, 0)
