"""What the district office's walk through a round tripped on (issue 24, item 6): placeholders
in the help, errors without a location, the demo's folder, the shipped rulesets found from any
folder, the duplicate-file advice, the quota tie note in "Ghi chú"."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from test_batch_helpers import default_ruleset, make_result, ruleset_with

from scoring.cli.app import _parser, main

TESTS = Path(__file__).parent
#: Placeholders argparse makes from an option's English name, or English words chosen by hand.
ENGLISH = re.compile(r"\b(DIR|FILE|INPUT|OUT|RULESET|SUBMISSION|YEAR|UNIT_TYPE|HOST|PORT|NAME|CODE|PERIOD|DUE)\b")


def _options(parser: argparse.ArgumentParser, path: str = "dvk"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _options(sub, f"{path} {name}")
        elif action.nargs != 0 and not isinstance(action, argparse._HelpAction):
            yield path, action


def test_every_value_in_the_help_has_a_vietnamese_placeholder():
    options = list(_options(_parser()))
    assert len(options) > 60  # every command's, sub-commands included
    unnamed = [(path, a.option_strings or a.dest) for path, a in options if a.metavar is None and not a.choices]
    assert unnamed == []
    english = [(path, a.metavar) for path, a in options if a.metavar and ENGLISH.search(a.metavar)]
    assert english == []


def test_round_new_help_shows_the_vietnamese_placeholders(capsys):
    with pytest.raises(SystemExit):
        main(["round", "new", "--help"])
    text = capsys.readouterr().out
    assert "--year NĂM" in text and "--code MÃ_ĐỢT" in text and "BỘ_TIÊU_CHÍ" in text and "YEAR" not in text


def test_a_finding_without_a_location_prints_none():
    import scoring.workspace.codes  # noqa: F401 - registers round-none
    from scoring.core.findings import Location, make

    assert str(make("round-none", Location())).startswith("LỖI [round-none]: ")
    assert str(make("collect-late", Location(file="a.xlsx"), deadline="x")).startswith("CẢNH BÁO [collect-late] a.xlsx: ")


def test_the_demo_takes_a_folder_and_otherwise_makes_a_fresh_one(monkeypatch, tmp_path):
    import scoring.portal.serve as serve_module
    from scoring.portal.serve import demo_workspace

    one, two = demo_workspace(), demo_workspace()
    try:
        assert one != two and one.is_dir() and not any(one.iterdir())
    finally:
        one.rmdir()
        two.rmdir()
    seen = []
    monkeypatch.setattr(serve_module, "serve", lambda workspace, host, port, demo, **kw: seen.append((workspace, demo)) or 0)
    assert main(["serve", "--demo", str(tmp_path / "demo")]) == 0
    assert main(["serve", "--demo", "--port", "0"]) == 0
    assert main(["serve", "--workspace", str(tmp_path / "ws")]) == 0
    assert seen == [(tmp_path / "demo", True), (None, True), (tmp_path / "ws", False)]


def test_the_models_summary_finds_its_shipped_ruleset_from_any_folder(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)  # no criteria/ here
    code = main(["mo-hinh", "tong-hop", str(TESTS / "models" / "dang-ky.json"), "--danh-gia",
                 str(TESTS / "models" / "danh-gia"), "--out", str(tmp_path / "mh")])
    assert code == 3, capsys.readouterr()  # one register row refused, as from the repository
    assert (tmp_path / "mh" / "tong-hop-mo-hinh.json").is_file()


def test_the_duplicate_file_refusal_names_the_option_that_keeps_the_newest(tmp_path):
    from test_batch import submission, write_submission

    from scoring.intake.batch import run_batch

    write_submission(tmp_path, "a.json", submission("XA-1", index=90))
    write_submission(tmp_path, "b.json", submission("XA-1", index=60))
    batch = run_batch(default_ruleset(), [tmp_path], jobs=1)
    messages = [r.message for item in batch.rejected for r in item.reasons]
    assert len(messages) == 2 and all("--prefer latest" in m for m in messages)


def test_the_quota_tie_note_reads_as_a_sentence_in_ghi_chu():
    from scoring.engine.ranking import rank

    quota = {"band": "tot", "max_percent": 20, "of_bands": ["tot", "kha", "trung_binh", "yeu"],
             "scope": "block", "demote_to": "kha", "reason": "Tốt không quá 20% số đơn vị",
             "ties_at_cutoff": "demote_all"}
    results = [make_result("Q0", 99)] + [make_result(code, 95) for code in ("Q3", "Q1", "Q2")] + \
              [make_result(f"L{i}", 50) for i in range(6)]
    ranking = rank(ruleset_with(cls_quotas=[quota]), results)
    tied = ranking.unit("Q1")
    assert len(tied.notes) >= 2 and tied.notes[0].endswith(".")  # sentences, as the engine writes them
    assert ".;" not in tied.notes_text and all(note in tied.notes_text for note in tied.notes)
    from scoring.intake.batch import Batch
    from scoring.reports.tables import build_tables

    batch = Batch(tuple(r.source or r.unit_code for r in results), tuple(results), (), year=2025)
    cells = [str(cell) for table in build_tables(default_ruleset(), batch, ranking) for row in table.rows
             for cell in row]
    assert not any(".;" in cell for cell in cells)
