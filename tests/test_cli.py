"""The dvk command: exit codes, located messages, and light start-up."""

from __future__ import annotations

import argparse

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "criteria" / "dvcq-minh-hoa.json"
EXAMPLE = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-mau-son.json"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_check_valid_rulesets_prints_a_summary_each(capsys):
    rulesets = sorted(p for p in (ROOT / "criteria").glob("*.json") if not p.name.endswith("schema.json"))
    code, out, _ = run(capsys, "check", *rulesets)
    assert code == 0
    assert out.count("OK ") == len(rulesets)
    assert "dvcq-minh-hoa 2025.1" in out


def test_check_reports_every_finding_with_json_path_and_exits_1(capsys, tmp_path):
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    data["criteria"][0]["max"] = 11
    data["criteria"][1]["children"][0]["id"] = "1.1"
    bad = _write(tmp_path, "bad.json", data)
    code, out, _ = run(capsys, "check", bad, DEFAULT)
    assert code == 1
    assert "[group-sum-mismatch]" in out and "$.criteria[0].max" in out
    assert "[duplicate-id]" in out and "$.criteria[1].children[0].id" in out
    assert "OK " in out  # the valid file is still reported


def test_check_json_syntax_error_gives_line_and_column(capsys, tmp_path):
    bad = _write(tmp_path, "syntax.json", '{\n  "id": "x",\n  "version": \n}')
    code, out, _ = run(capsys, "check", bad)
    assert code == 1
    assert "[json-syntax]" in out and "dòng 4" in out


def test_check_schema_violation_is_located_and_vietnamese(capsys, tmp_path):
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    data["criteria"][0]["children"][0]["max"] = "ba"
    code, out, _ = run(capsys, "check", _write(tmp_path, "s.json", data))
    assert code == 1
    assert "$.criteria[0].children[0].max" in out and "phải có kiểu số" in out


def test_show_renders_the_tree_and_policies(capsys):
    code, out, _ = run(capsys, "show", DEFAULT)
    assert code == 0
    for text in ("MINH HỌA", "2.1b", "Theo mức", "Xếp loại:", "Tốt (tot): từ 90%", "hạ 1 bậc"):
        assert text in out


def test_show_filters_by_unit_type(capsys):
    _, out, _ = run(capsys, "show", DEFAULT, "--unit-type", "dvsncl")
    assert "2.1b" in out and "Người đứng đầu tiếp công dân" not in out


def test_show_prints_each_unit_types_maxima(capsys):
    _, out, _ = run(capsys, "show", DEFAULT)
    section = out.split("Điểm tối đa theo loại đơn vị:")[1].split("\n\n")[0]
    for unit_type in ("so_ban_nganh", "dvsncl", "ubnd_xa"):
        assert f"({unit_type}): 21 tiêu chí, tổng điểm các tiêu chí 100; điểm tối đa áp dụng 100" in section
    assert "điểm thưởng tối đa 5; điểm trừ tối đa 10" in section


def test_show_one_unit_type_gives_its_group_maxima():
    """A group with a commune-only criterion is worth less to the other unit types."""
    from scoring.rules.models import Ruleset
    from scoring.jobs.show import render_ruleset

    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    data["criteria"][0]["children"][0]["applies_to"] = ["ubnd_xa"]  # 1.1, 3 of group 1's 10 points
    ruleset = Ruleset.model_validate(data)
    cells = [re.split(r"\s{2,}", line) for line in render_ruleset(ruleset, "dvsncl").splitlines()]
    rows = {row[0]: row for row in cells if len(row) > 3}
    assert rows["1"][2] == "7" and "1.1" not in rows
    assert "(dvsncl): 20 tiêu chí, tổng điểm các tiêu chí 97; điểm tối đa áp dụng 97" in \
        render_ruleset(ruleset, "dvsncl")
    assert "(ubnd_xa): 21 tiêu chí, tổng điểm các tiêu chí 100" in render_ruleset(ruleset)


def test_show_prints_settings_that_differ_from_the_defaults():
    """when_blank, evidence and the unit's "Không áp dụng" where declared; nothing where default."""
    from scoring.rules.models import Ruleset
    from scoring.jobs.show import render_ruleset

    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    plain = render_ruleset(Ruleset.model_validate(data))
    for text in ("Ô trống là mục chưa đạt", "0 điểm)", "Đơn vị được tự khai «Không áp dụng»"):
        assert text not in plain
    leaf = data["criteria"][0]["children"][1]  # 1.2, binary, no evidence required
    leaf["evidence_required"] = True
    leaf["unit_may_declare_not_applicable"] = {"reason_required": False}
    checklist = data["criteria"][0]["children"][2]  # 1.3
    assert checklist["method"]["type"] == "checklist"
    checklist["method"]["when_blank"] = "zero"
    data["evidence_missing"] = "zero_points"
    text = " ".join(render_ruleset(Ruleset.model_validate(data)).split())
    assert ("Có: 2 điểm; Không: 0 điểm. Bắt buộc có tài liệu kiểm chứng; thiếu thì không tính điểm tự "
            "chấm (0 điểm). Đơn vị được tự khai «Không áp dụng» (lý do không bắt buộc); khi đó tiêu chí "
            "không tính vào điểm tối đa, cấp thẩm định có thể bác bỏ") in text
    assert "Ô trống là mục chưa đạt (không báo chưa nhập)" in text


def test_show_refuses_an_unknown_unit_type(capsys):
    code, out, err = run(capsys, "show", DEFAULT, "--unit-type", "xa")
    assert code == 1 and out == ""
    assert err.strip() == (f"LỖI [unit-type-not-declared] {DEFAULT}, $.unit_types: Loại đơn vị 'xa' không có "
                           "trong bộ tiêu chí (có: so_ban_nganh, dvsncl, ubnd_xa).")


def test_show_never_doubles_a_word(capsys):
    for ruleset in sorted(DEFAULT.parent.glob("*.json")):
        if ruleset.name.endswith("schema.json"):
            continue
        _, out, _ = run(capsys, "show", ruleset)
        assert not re.search(r"\b(\w+) \1\b", out, flags=re.IGNORECASE), ruleset


def test_score_prints_table_totals_and_class(capsys):
    code, out, _ = run(capsys, "score", DEFAULT, EXAMPLE)
    assert code == 0
    assert "7/9 buổi tiếp công dân = 77,78% → 2,33/3 điểm" in out
    assert "XẾP LOẠI: Khá" in out and "85,14%" in out
    # 3.2 appraised 3 against a self-score of 5: over-claimed by 2, positive as in the published tables
    row = next(line for line in out.splitlines() if line.startswith("3.2 "))
    assert re.split(r"\s{2,}", row)[2:6] == ["5", "5", "3", "2"]
    assert "* Chênh = tự chấm − thẩm định (dương: tự chấm cao hơn thẩm định)" in out


def test_score_json_output_is_the_full_result(capsys):
    code, out, _ = run(capsys, "score", DEFAULT, EXAMPLE, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["final"]["total"] == 81.73 and data["final"]["band_id"] == "kha"
    assert {c["id"] for c in data["criteria"]} >= {"1.1", "7.1"}


def test_score_bad_submission_exits_1_with_located_findings(capsys, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["answers"]["6.3"] = {"self": 2.7}
    data["answers"]["9.9"] = {"self": 1}
    code, out, _ = run(capsys, "score", DEFAULT, _write(tmp_path, "sub.json", data))
    assert code == 1
    assert "[input-off-step]" in out and "$.answers['6.3'].self" in out
    assert "[answer-unknown-criterion]" in out and "tiêu chí 9.9" in out
    # not classified while errors remain: no class is printed
    assert "CHƯA XẾP LOẠI: còn 2 lỗi" in out and "XẾP LOẠI: " not in out.replace("CHƯA XẾP LOẠI: ", "")


def test_score_missing_file_exits_1(capsys, tmp_path):
    code, _, err = run(capsys, "score", DEFAULT, tmp_path / "nope.json")
    assert code == 1 and "[file-not-found]" in err


def test_score_with_invalid_ruleset_exits_1(capsys, tmp_path):
    code, _, err = run(capsys, "score", _write(tmp_path, "r.json", "[]"), EXAMPLE)
    assert code == 1 and "[schema-violation]" in err


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "dvk" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["score"], ["nonsense"], ["rank", "--jobs", "x"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "lỗi cú pháp lệnh" in err and "Cách dùng: dvk" in err
    assert "usage" not in err and "argument" not in err  # Vietnamese only on stderr


def _every_command(parser, prefix=()):
    """(argv, parser) of dvk and of each command and subcommand."""
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _every_command(sub, prefix + (name,))


def test_the_help_of_every_command_and_subcommand_is_in_vietnamese(capsys):
    from scoring.cli.app import _parser

    commands = list(_every_command(_parser()))
    assert len(commands) > 20  # dvk, its commands, and round/mo-hinh/ruleset/workspace tasks
    for argv, _ in commands:
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--help"])
        out = capsys.readouterr().out
        assert exc.value.code == 0 and out.startswith("Cách dùng: dvk"), argv
        for english in ("usage:", "options:", "positional arguments", "show this help", "show program"):
            assert english not in out, (argv, english)


def test_a_command_group_without_its_task_prints_vietnamese_help_and_exits_2(capsys):
    assert main(["ruleset"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: dvk ruleset") and "Tùy chọn:" in out and "usage" not in out


def test_python_dash_m_scoring_works():
    proc = subprocess.run([sys.executable, "-m", "scoring", "check", str(DEFAULT)],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0 and "OK" in proc.stdout


def test_the_command_exits_quickly_with_everything_written_and_said(tmp_path):
    """`dvk` skips the interpreter's teardown: the reports, the summary on stdout and the exit
    code must all be complete anyway, also when the output goes to a pipe."""
    out = tmp_path / "ket-qua"
    proc = subprocess.run([sys.executable, "-m", "scoring", "rank", str(DEFAULT), str(ROOT / "sample_inputs"),
                           "--out", str(out), "--jobs", "1"], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().endswith(f"Kết quả đã ghi vào thư mục {out}.")
    assert json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))["counts"]["accepted"] == 20
    bad = subprocess.run([sys.executable, "-m", "scoring", "score", str(DEFAULT), str(tmp_path / "khong-co.json")],
                         capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 1 and "khong-co.json" in bad.stderr and "Traceback" not in bad.stderr


def test_a_closed_pipe_stops_quietly():
    """`dvk show … | head`: when the reader goes away, dvk stops without an error message."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-m", "scoring", "show", str(DEFAULT)], stdout=write_end,
                              stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert proc.returncode == 141 and proc.stderr == b""


def test_cli_start_up_imports_no_heavy_modules():
    code = ("import sys, scoring.cli.app; heavy = [m for m in ('pandas', 'matplotlib', 'openpyxl', "
            "'pydantic', 'jsonschema', 'numpy') if m in sys.modules]; print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "[]"


def test_internal_error_is_one_line_not_a_traceback(capsys, monkeypatch):
    import scoring.jobs.show

    def boom(*_a, **_k):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(scoring.jobs.show, "render_ruleset", boom)
    monkeypatch.delenv("DVK_DEBUG", raising=False)
    code, _, err = run(capsys, "show", DEFAULT)
    assert code == 70
    assert "Lỗi nội bộ" in err and "Traceback" not in err


def test_a_folder_given_as_submission_is_explained_in_vietnamese(capsys, tmp_path):
    code, _, err = run(capsys, "score", DEFAULT, tmp_path)
    assert code == 1
    assert "[file-unreadable]" in err and "đây là một thư mục" in err and "Is a directory" not in err


def test_missing_required_keys_are_reported_once(capsys, tmp_path):
    code, _, err = run(capsys, "score", DEFAULT, _write(tmp_path, "empty.json", {}))
    assert code == 1
    assert err.count("thiếu khóa bắt buộc 'ruleset', 'unit', 'year'") == 1


def test_nan_is_a_json_syntax_error_with_its_position(capsys, tmp_path):
    bad = _write(tmp_path, "nan.json", '{\n  "id": NaN\n}')
    code, out, _ = run(capsys, "check", bad)
    assert code == 1
    assert "[json-syntax]" in out and "dòng 2, cột 9" in out and "'NaN'" in out


def test_answer_ids_with_dots_are_bracketed_in_json_paths(capsys, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["answers"]["3.2"] = {"self": {"level": [1]}}
    code, _, err = run(capsys, "score", DEFAULT, _write(tmp_path, "sub.json", data))
    assert code == 1
    assert "$.answers['3.2'].self" in err
