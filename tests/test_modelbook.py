"""The model register through the year in the workspace (issue 25 item 2): registration before
and after the year's deadline, the status life cycle (impossible moves refused), replication, the
workspace's register equal to the file reader's for the same models, a round taking it (values
and evidence as ``--mo-hinh`` gives them for a file) and its publication proposing individuals —
on SQLite and PostgreSQL, through the command line."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import replace

import pytest
from test_round_collect import inbox, make_round
from test_round_lateness import cli
from wsfixtures import RULESET, backend, pg_url, ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError, Location
from scoring.models_dvk.model import STATUSES

#: One registration file: a model and an exemplar recognised, one late, one in every other state.
MODELS = [
    {"code": "MH-01", "name": "Chợ quê không rác", "field": "kinh_te", "unit_code": "XA-HUCAU",
     "unit_name": "UBND xã Hư Cấu", "registered_on": "2025-03-01", "status": "cong_nhan_tinh"},
    {"code": "CN-01", "name": "Cán bộ tư pháp tận tụy", "field": "xay_dung_htct", "unit_code": "XA-HUCAU",
     "unit_name": "UBND xã Hư Cấu", "registered_on": "2025-03-02", "status": "cong_nhan_tinh",
     "individual": "Nguyễn Thị Mẫu"},
    {"code": "MH-02", "name": "Một cửa thân thiện", "field": "xay_dung_htct", "unit_code": "SO-GIALAP",
     "unit_name": "Sở Giả Lập", "registered_on": "2025-04-05", "status": "trien_khai",
     "from": "2025-04-01", "to": "2025-12-31"},
    {"code": "MH-03", "name": "Dân vận trong trường học", "field": "van_hoa_xa_hoi", "unit_code": "BAN-MINHHOA",
     "unit_name": "Ban Minh Họa tỉnh", "registered_on": "2025-02-10", "status": "cong_nhan_huyen"},
    {"code": "MH-04", "name": "Tuần tra an toàn", "field": "quoc_phong_an_ninh", "unit_code": "XA-MOI",
     "unit_name": "UBND xã Mới", "registered_on": "2025-03-31", "status": "khong_cong_nhan"},
    {"code": "MH-05", "name": "Đường làng sáng", "field": "kinh_te", "unit_code": "XA-KHAC",
     "unit_name": "UBND xã Khác", "registered_on": "2025-03-15", "status": "danh_gia"},
]


def register_file(tmp_path, models=MODELS, deadline="31/03/2025"):
    path = tmp_path / "dang-ky.json"
    path.write_text(json.dumps({"deadline": deadline, "models": models}, ensure_ascii=False), encoding="utf-8")
    return path


def so(ws, *argv) -> int:
    return cli(ws, "mo-hinh", "so", *argv, "--nam", "2025")


def bare(register_):
    """A register's models without where each was read, and its finding codes."""
    return [replace(m, where=Location()) for m in register_.models], sorted(f.code for f in register_.findings)


def test_registration_before_and_after_the_deadline(ws, tmp_path, capsys):
    from scoring.workspace.modelbook import year_register

    make_round(ws, tmp_path)
    assert so(ws, "han", "31/03/2025") == 0
    assert so(ws, "dang-ky", "MH-A", "--don-vi", "xa-hucau", "--ten", "Mô hình A", "--linh-vuc", "Kinh tế",
              "--doi-tuong", "Hộ nghèo", "--ngay", "31/03/2025") == 0
    assert so(ws, "dang-ky", "MH-B", "--don-vi", "XA-HUCAU", "--ten", "Mô hình B", "--linh-vuc", "kinh_te",
              "--ngay", "02/04/2025") == 0
    out = capsys.readouterr().out
    assert "sau hạn đăng ký 31/03/2025 (2 ngày)" in out and "(đăng ký muộn)" in out
    register_ = year_register(2025)
    assert [(m.code, m.late, m.unit_code) for m in register_.models] == [("MH-A", False, "XA-HUCAU"),
                                                                         ("MH-B", True, "XA-HUCAU")]
    assert [f.code for f in register_.findings] == ["model-late-registration"]
    assert register_.deadline == dt.date(2025, 3, 31)
    # refused, nothing kept: a code taken, a unit not in the workspace, a field not in the list, a future date
    for argv, code in ((("MH-A", "--don-vi", "XA-MOI", "--ten", "X", "--linh-vuc", "kinh_te", "--ngay", "1/3/2025"),
                        "modelbook-duplicate-code"),
                       (("MH-C", "--don-vi", "XA-KHONG-CO", "--ten", "X", "--linh-vuc", "kinh_te"),
                        "modelbook-unknown-unit"),
                       (("MH-C", "--don-vi", "XA-MOI", "--ten", "X", "--linh-vuc", "nong nghiep", "--ngay", "1/3/2025"),
                        "model-bad-choice"),
                       (("MH-C", "--don-vi", "XA-MOI", "--ten", "X", "--linh-vuc", "kinh_te", "--ngay", "1/1/2099"),
                        "modelbook-future-date")):
        assert so(ws, "dang-ky", *argv) == 1
        assert f"[{code}]" in capsys.readouterr().err
    assert len(year_register(2025).models) == 2
    assert so(ws, "ds") == 0
    listing = capsys.readouterr().out
    assert "2 mô hình, hạn đăng ký 31/03/2025" in listing and "đăng ký 02/04/2025 (muộn)\tĐăng ký" in listing


def test_a_deadline_set_after_registrations_marks_the_late_ones_as_the_file_reader_does(ws, tmp_path, capsys):
    from scoring.workspace.modelbook import book_rows, year_register

    make_round(ws, tmp_path)
    for code, day in (("MH-A", "20/03/2025"), ("MH-B", "05/04/2025")):
        assert so(ws, "dang-ky", code, "--don-vi", "XA-HUCAU", "--ten", code, "--linh-vuc", "kinh_te", "--ngay", day) == 0
    assert "muộn" not in capsys.readouterr().out  # no deadline yet: none late
    assert so(ws, "han", "31/03/2025") == 0
    assert [(m.code, m.late) for m in year_register(2025).models] == [("MH-A", False), ("MH-B", True)]
    assert [(r.code, r.late) for r in book_rows(2025)] == [("MH-A", False), ("MH-B", True)]
    assert so(ws, "han", "30/04/2025") == 0  # moved later: none late
    assert not any(m.late for m in year_register(2025).models) and not year_register(2025).findings


@pytest.mark.parametrize("path, refused", [
    ((), "cong_nhan_tinh"),  # registered → recognised: not deployed nor reviewed
    ((), "danh_gia"),
    (("trien_khai",), "cong_nhan_co_so"),
    (("trien_khai", "danh_gia", "cong_nhan_tinh"), "cong_nhan_huyen"),  # no going down a level
    (("trien_khai", "danh_gia", "khong_cong_nhan"), "cong_nhan_co_so"),  # final for the year
    (("trien_khai",), "dang_ky"),
])
def test_an_impossible_status_move_is_refused_saying_what_is_allowed(ws, tmp_path, capsys, path, refused):
    from scoring.workspace.modelbook import year_register
    from scoring.workspace.modelmoves import MOVES

    make_round(ws, tmp_path)
    assert so(ws, "dang-ky", "MH-A", "--don-vi", "XA-HUCAU", "--ten", "A", "--linh-vuc", "kinh_te",
              "--ngay", "1/3/2025") == 0
    for status in path:
        assert so(ws, "trang-thai", "MH-A", "--trang-thai", status, "--ngay", "1/6/2025",
                  "--quyet-dinh", "12/QĐ-UBND") == 0
    capsys.readouterr()
    assert so(ws, "trang-thai", "MH-A", "--trang-thai", refused, "--ngay", "1/7/2025", "--quyet-dinh", "1/QĐ") == 1
    err = capsys.readouterr().err
    current = path[-1] if path else "dang_ky"
    assert "[modelbook-bad-move]" in err and f"đang ở trạng thái '{STATUSES[current]}'" in err
    for allowed in MOVES[current]:
        assert f"'{STATUSES[allowed]}' ({allowed})" in err
    if not MOVES[current]:
        assert "trạng thái cuối" in err
    assert year_register(2025).models[0].status == current  # nothing recorded


def test_a_status_needs_its_date_in_order_and_a_recognition_its_decision(ws, tmp_path, capsys):
    from scoring.workspace.models import ModelStatusChange

    make_round(ws, tmp_path)
    assert so(ws, "dang-ky", "MH-A", "--don-vi", "XA-HUCAU", "--ten", "A", "--linh-vuc", "kinh_te",
              "--ngay", "1/3/2025") == 0
    assert so(ws, "trang-thai", "MH-A", "--trang-thai", "trien_khai", "--ngay", "28/2/2025") == 1
    assert "[modelbook-date-order]" in capsys.readouterr().err
    assert so(ws, "trang-thai", "MH-A", "--trang-thai", "trien_khai", "--ngay", "1/4/2025") == 0
    assert so(ws, "trang-thai", "MH-A", "--trang-thai", "danh_gia", "--ngay", "1/9/2025") == 0
    assert so(ws, "trang-thai", "MH-A", "--trang-thai", "cong_nhan_huyen", "--ngay", "1/10/2025") == 1
    assert "số quyết định công nhận" in capsys.readouterr().err
    assert so(ws, "trang-thai", "MH-A", "--trang-thai", "cong_nhan_huyen", "--ngay", "1/10/2025",
              "--quyet-dinh", "45/QĐ-UBND", "--ngay-quyet-dinh", "30/9/2025", "--co-quan", "UBND huyện") == 0
    assert so(ws, "trang-thai", "MH-KHONG", "--trang-thai", "trien_khai") == 1
    assert "[modelbook-unknown-model]" in capsys.readouterr().err
    history = list(ModelStatusChange.objects.order_by("id").values_list("status", "decision_number", "decision_issuer"))
    assert history == [("trien_khai", "", ""), ("danh_gia", "", ""), ("cong_nhan_huyen", "45/QĐ-UBND", "UBND huyện")]
    from scoring.workspace.models import AuditEntry

    from scoring.workspace.audit_view import audit_row

    steps = [(e.before, e.after["status"]) for e in AuditEntry.objects.filter(action="model-status").order_by("id")]
    assert {audit_row(e)[2] for e in AuditEntry.objects.filter(action__startswith="model-")} == {
        "Đăng ký mô hình", "Ghi trạng thái mô hình"}
    assert steps == [({"status": "dang_ky"}, "trien_khai"), ({"status": "trien_khai"}, "danh_gia"),
                     ({"status": "danh_gia"}, "cong_nhan_huyen")]


def test_replication_is_the_other_units_model_linked_to_the_original(ws, tmp_path, capsys):
    from scoring.workspace.modelbook import year_register
    from scoring.workspace.models import RegisteredModel

    make_round(ws, tmp_path)
    assert so(ws, "dang-ky", "MH-A", "--don-vi", "XA-HUCAU", "--ten", "Chợ quê", "--linh-vuc", "kinh_te",
              "--doi-tuong", "Tiểu thương", "--ngay", "1/3/2025") == 0
    assert so(ws, "nhan-rong", "MH-A", "--don-vi", "XA-MOI", "--ngay", "5/3/2025") == 0
    assert "Đơn vị XA-MOI nhân rộng mô hình MH-A: đăng ký mô hình MH-A-XA-MOI." in capsys.readouterr().out
    assert so(ws, "nhan-rong", "MH-A", "--don-vi", "XA-HUCAU") == 1
    assert "[modelbook-replicate-own]" in capsys.readouterr().err
    copy = RegisteredModel.objects.get(code="MH-A-XA-MOI")
    assert (copy.replicates.code, copy.unit.code, copy.name, copy.field, copy.target_group) == (
        "MH-A", "XA-MOI", "Chợ quê", "kinh_te", "Tiểu thương")
    assert [r.code for r in RegisteredModel.objects.get(code="MH-A").replications.all()] == ["MH-A-XA-MOI"]
    assert [(m.code, m.unit_code, m.status, m.replicates, m.target_group) for m in year_register(2025).models] == [
        ("MH-A", "XA-HUCAU", "dang_ky", None, "Tiểu thương"), ("MH-A-XA-MOI", "XA-MOI", "dang_ky", "MH-A", "Tiểu thương")]


@pytest.mark.parametrize("deadline", ["31/03/2025", None])
def test_the_workspaces_register_is_the_file_readers_for_the_same_models(ws, tmp_path, capsys, deadline):
    from scoring.models_dvk.register import read_register
    from scoring.workspace.modelbook import year_register

    make_round(ws, tmp_path)
    path = register_file(tmp_path, deadline=deadline)
    assert so(ws, "nhap", str(path)) == 0
    late = 1 if deadline else 0
    assert f"Đã nhập {len(MODELS)} mô hình vào sổ năm 2025 ({late} đăng ký muộn)." in capsys.readouterr().out
    from_file, from_workspace = read_register([path]), year_register(2025)
    assert bare(from_workspace) == bare(from_file)
    assert from_workspace.deadline == from_file.deadline
    # the same register through the roll-up
    from scoring.models_dvk.rollup import level_field_counts

    assert level_field_counts(from_workspace) == level_field_counts(from_file)


def test_an_import_is_whole_or_nothing(ws, tmp_path, capsys):
    from scoring.workspace.models import RegisteredModel

    make_round(ws, tmp_path)
    unknown = [*MODELS, {**MODELS[0], "code": "MH-99", "unit_code": "XA-KHONG-CO"}]
    assert so(ws, "nhap", str(register_file(tmp_path, unknown))) == 1
    assert "[modelbook-unknown-unit]" in capsys.readouterr().err
    broken = [*MODELS, {**MODELS[0], "code": "MH-98", "field": "nong_nghiep"}]
    assert so(ws, "nhap", str(register_file(tmp_path, broken))) == 1
    err = capsys.readouterr().err
    assert "[model-bad-choice]" in err and "[modelbook-import-invalid]" in err
    assert not RegisteredModel.objects.exists()
    assert so(ws, "nhap", str(register_file(tmp_path))) == 0
    assert so(ws, "nhap", str(register_file(tmp_path))) == 1  # the same again: codes taken
    assert "[modelbook-duplicate-code]" in capsys.readouterr().err
    assert RegisteredModel.objects.count() == len(MODELS)


def _round_with_register(ws, tmp_path):
    from scoring.workspace.rounds import find_round

    round_ = make_round(ws, tmp_path)
    assert so(ws, "nhap", str(register_file(tmp_path))) == 0
    assert cli(ws, "round", "collect", str(inbox(tmp_path))) == 3  # bv-mau is not on the roster
    assert cli(ws, "mo-hinh", "so", "dot", round_.code) == 0
    return find_round(round_.code)


def test_a_round_taking_the_register_scores_units_with_its_values_and_evidence(ws, tmp_path, capsys):
    from scoring.models_dvk.rollup import apply_models
    from scoring.workspace.modelbook import year_register
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import effective_submission, round_results, stored_submission
    from scoring.workspace.rounds import ruleset_of

    round_ = _round_with_register(ws, tmp_path)
    assert "Đợt 2025-nam lấy số mô hình từ sổ đăng ký năm 2025" in capsys.readouterr().out
    ruleset, register_ = ruleset_of(round_), year_register(2025)
    seen = {}
    for entry in RosterEntry.objects.filter(round=round_, current__isnull=False).select_related("current", "unit"):
        taken = effective_submission(round_, entry.current)
        by_file, _ = apply_models(ruleset, stored_submission(entry.current), register_)
        for input_ in ("6.2", "T1"):  # the round sets what --mo-hinh sets for a file, evidence included
            assert taken.answers[input_] == by_file.answers[input_]
        seen[entry.unit.code] = {k: (taken.answers[k].self_value, taken.answers[k].evidence) for k in ("6.2", "T1")}
    named = "Theo sổ đăng ký mô hình \"Dân vận khéo\": "
    assert seen["XA-HUCAU"] == {"6.2": ("tinh", named + "MH-01, CN-01"), "T1": (1, named + "MH-01")}
    assert seen["SO-GIALAP"] == {"6.2": ("dang_ky", named + "MH-02"), "T1": (0, named + "không có mô hình nào")}
    assert seen["BAN-MINHHOA"]["6.2"] == ("co_so", named + "MH-03")
    _, batch = round_results(round_)
    assert {r.unit_code for r in batch.accepted} == {"XA-HUCAU", "SO-GIALAP", "BAN-MINHHOA"}
    # without the office's choice the units' own values count
    assert cli(ws, "mo-hinh", "so", "dot", round_.code, "--bo") == 0
    round_.refresh_from_db()
    entry = RosterEntry.objects.get(round=round_, unit__code="XA-HUCAU")
    assert effective_submission(round_, entry.current).answers["6.2"] == stored_submission(entry.current).answers["6.2"]
    assert [(e.before, e.after) for e in round_.audit.filter(action="round-model-register").order_by("id")] == [
        ({"uses_model_register": False}, {"uses_model_register": True}),
        ({"uses_model_register": True}, {"uses_model_register": False})]


def test_a_round_whose_ruleset_takes_no_models_refuses_the_register(ws, tmp_path, capsys):
    ruleset = json.loads(RULESET.read_text(encoding="utf-8"))
    del ruleset["model_inputs"]
    path = tmp_path / "khong-mo-hinh.json"
    path.write_text(json.dumps(ruleset, ensure_ascii=False), encoding="utf-8")
    from scoring.workspace.rounds import RoundSpec, create_round

    roster = tmp_path / "ds.csv"
    roster.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\nXA-MOI,UBND xã Mới,ubnd_xa,\n", encoding="utf-8")
    round_ = create_round(ws, RoundSpec(path, 2025, roster_path=roster))
    assert cli(ws, "mo-hinh", "so", "dot", round_.code) == 1
    assert "[modelbook-round-no-inputs]" in capsys.readouterr().err


def test_the_publication_proposes_the_individuals_of_the_register(ws, tmp_path):
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import RoundSpec, create_round

    ruleset = json.loads(RULESET.read_text(encoding="utf-8"))
    ruleset["rewards"] = {"label": "Đề nghị khen thưởng", "rules": [
        {"id": "ca_nhan", "title": "Bằng khen cá nhân", "subject": "individual", "model_statuses": ["cong_nhan_tinh"]}]}
    path = tmp_path / "co-khen-thuong.json"
    path.write_text(json.dumps(ruleset, ensure_ascii=False), encoding="utf-8")
    roster = tmp_path / "ds.csv"
    from test_round_collect import ROSTER

    roster.write_text(ROSTER, encoding="utf-8")
    round_ = create_round(ws, RoundSpec(path, 2025, roster_path=roster, deadlines={"submission": "31/12/2099"},
                                        has_appraisal=False))
    assert so(ws, "nhap", str(register_file(tmp_path))) == 0
    assert cli(ws, "round", "collect", str(inbox(tmp_path))) == 3
    assert cli(ws, "mo-hinh", "so", "dot", round_.code) == 0
    assert cli(ws, "round", "state", "closed") == 0 and cli(ws, "round", "state", "final") == 0
    publication = publish_round(ws, round_.code)
    rows = list(csv.DictReader((publication_folder(ws, publication) / "de-nghi-khen-thuong.csv")
                               .open(encoding="utf-8-sig")))
    people = [r for r in rows if "Nguyễn Thị Mẫu" in " ".join(r.values())]
    assert len(people) == 1, rows
    assert "CN-01" in " ".join(people[0].values())


def publication_folder(ws, publication):
    from pathlib import Path

    return Path(publication.folder) if Path(publication.folder).is_absolute() else ws.root / publication.folder


def test_the_registers_reader_and_a_command_refuse_the_same_row(ws, tmp_path):
    """A registration is checked by the file reader's own row check: a period backwards is refused."""
    from scoring.workspace.modelstore import find_unit, register_model

    make_round(ws, tmp_path)
    with pytest.raises(DvkError) as refused:
        register_model(ws, 2025, find_unit("XA-MOI"), {"code": "MH-Z", "name": "Z", "field": "kinh_te",
                                                       "registered_on": "1/3/2025", "from": "1/6/2025",
                                                       "to": "1/5/2025"})
    assert [f.code for f in refused.value.findings] == ["model-period-order"]


def _models_strategy():
    from hypothesis import strategies as st

    from scoring.models_dvk.model import FIELDS

    units = [("XA-HUCAU", "UBND xã Hư Cấu"), ("SO-GIALAP", "Sở Giả Lập"), ("XA-MOI", "UBND xã Mới")]
    day = st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    words = st.text("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃ ", min_size=1, max_size=30).filter(lambda t: t.strip())
    one = st.fixed_dictionaries({
        "name": words, "field": st.sampled_from(sorted(FIELDS)), "unit": st.sampled_from(units),
        "registered_on": day, "status": st.sampled_from(sorted(STATUSES)),
        "individual": st.one_of(st.none(), words), "period": st.one_of(st.none(), st.tuples(day, day).map(sorted))})
    return st.lists(one, min_size=1, max_size=8), st.one_of(st.none(), day)


def test_property_the_workspaces_register_is_the_file_readers(ws, tmp_path, backend):
    """For any registration file, importing it and reading the year back gives the file's register."""
    from hypothesis import HealthCheck, given, settings

    from scoring.models_dvk.register import read_register
    from scoring.workspace.modelbook import year_register
    from scoring.workspace.models import ModelStatusChange, ModelYear, RegisteredModel
    from scoring.workspace.modelstore import import_register

    if backend != "sqlite":
        pytest.skip("one backend is enough for the property: the data-driven case runs on both")
    make_round(ws, tmp_path)
    models, deadlines = _models_strategy()

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(models, deadlines)
    def check(rows, deadline):
        ModelStatusChange.objects.all().delete()
        RegisteredModel.objects.all().delete()
        ModelYear.objects.all().delete()
        items = [{"code": f"MH-{i}", "name": r["name"], "field": r["field"], "unit_code": r["unit"][0],
                  "unit_name": r["unit"][1], "registered_on": r["registered_on"].isoformat(), "status": r["status"],
                  **({"individual": r["individual"]} if r["individual"] else {}),
                  **({"period": {"from": r["period"][0].isoformat(), "to": r["period"][1].isoformat()}}
                     if r["period"] else {})} for i, r in enumerate(rows)]
        path = tmp_path / "dang-ky.json"
        path.write_text(json.dumps({"deadline": deadline.isoformat() if deadline else None, "models": items}
                                   if deadline else items, ensure_ascii=False), encoding="utf-8")
        import_register(ws, 2025, [path], who="kiem-thu")
        assert bare(year_register(2025)) == bare(read_register([path]))

    check()


def test_fields_of_one_criterion_set_from_the_register_keep_the_units_other_fields():
    """Two model inputs on fields of one count criterion: both set, the field the unit typed that
    no input names kept — for a file (``apply_models``) and a round (``unit_facts`` → ``with_values``)."""
    from casekit import ruleset_from, submission_for

    from scoring.engine.submission import with_values
    from scoring.models_dvk.model import Model, Register
    from scoring.models_dvk.rollup import apply_models, rollup, unit_facts, unit_of

    ruleset = ruleset_from({
        "criterion": {"max": 10, "method": {"type": "count_deduction", "kinds": [
            {"id": "tinh", "label": "Cấp tỉnh", "points_each": 1}, {"id": "dang_ky", "label": "Đăng ký", "points_each": 1},
            {"id": "khac", "label": "Khác", "points_each": 1}]}},
        "model_inputs": [{"input": "c", "field": "tinh", "count": ["cong_nhan_tinh"]},
                         {"input": "c", "field": "dang_ky", "count": ["dang_ky", "trien_khai"]}]})
    register_ = Register(tuple(Model(code, code, "kinh_te", "U1", "Đơn vị 1", dt.date(2025, 3, 1), status=status)
                               for code, status in (("A", "cong_nhan_tinh"), ("B", "trien_khai"), ("C", "dang_ky"))))
    submission = submission_for(ruleset, {"c": {"self": {"tinh": 0, "dang_ky": 0, "khac": 4}}})
    by_file, warned = apply_models(ruleset, submission, register_)
    facts = unit_facts(ruleset, unit_of(rollup(register_), "u1"))
    by_round = with_values(submission, {k: v for k, (v, _) in facts.items()}, evidence={k: e for k, (_, e) in facts.items()})
    assert by_file.answers["c"].self_value == by_round.answers["c"].self_value == {"tinh": 1, "dang_ky": 2, "khac": 4}
    assert by_file.answers["c"].evidence == by_round.answers["c"].evidence == (
        "Theo sổ đăng ký mô hình \"Dân vận khéo\": tinh: A; dang_ky: B, C")
    assert sorted(f.location.field for f in warned) == ["dang_ky", "tinh"]


def test_a_round_with_final_results_keeps_its_choice(ws, tmp_path, capsys):
    round_ = make_round(ws, tmp_path, has_appraisal=False)
    assert cli(ws, "round", "state", "closed") == 0 and cli(ws, "round", "state", "final") == 0
    capsys.readouterr()
    assert cli(ws, "mo-hinh", "so", "dot", round_.code) == 1
    err = capsys.readouterr().err
    assert "[modelbook-round-state]" in err and "'Đã chốt kết quả'" in err
    round_.refresh_from_db()
    assert not round_.uses_model_register
