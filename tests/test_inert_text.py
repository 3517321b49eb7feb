"""Text users type (unit names) is inert in every output: charts, xlsx, CSV, HTML, terminal."""

from __future__ import annotations

import csv
import json
import zipfile

from scoring.cli.app import main
from test_batch_helpers import RULESET_PATH, submission, write_submission

NASTY = "Ban $\\frac{1}{$ dự án =HYPERLINK(\"x\") <b>đậm</b> \x1b[31m漢 ${ab}$"


def _strings(node) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_strings(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_strings(v) for v in node)) if node else set()
    return {node} if isinstance(node, str) else set()


def test_a_unit_name_with_mathtext_markup_and_escapes_is_printed_as_typed(tmp_path, capfd):
    folder = tmp_path / "nop-bai"
    folder.mkdir()
    write_submission(folder, "a.json", submission("A", name=NASTY, index=80))
    write_submission(folder, "b.json", submission("B", index=70))
    out = tmp_path / "ket-qua"
    assert main(["rank", str(RULESET_PATH), str(folder), "--out", str(out), "--quiet"]) == 0
    captured = capfd.readouterr()
    assert "Warning" not in captured.err and "Glyph" not in captured.err and "Lỗi nội bộ" not in captured.err
    assert "\x1b" not in captured.out  # no terminal escape reaches the summary
    assert any(p.name.startswith("bieu-do-xep-hang") for p in out.iterdir())
    html = (out / "bao-cao.html").read_text(encoding="utf-8")
    assert "<b>đậm</b>" not in html and "&lt;b&gt;đậm&lt;/b&gt;" in html
    rows = list(csv.reader((out / "xep-hang.csv").open(encoding="utf-8-sig")))
    names = [cell for row in rows for cell in row if "dự án" in cell]
    assert names and all(not cell.startswith(("=", "+", "-", "@")) for cell in names)
    data = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))
    assert NASTY.replace("\x1b", "") in _strings(data)  # kept as typed, less the control character
    with zipfile.ZipFile(out / "xep-hang.xlsx") as book:
        sheets = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets.split("dự án")[0][-200:]  # the name is a text cell, never a formula
