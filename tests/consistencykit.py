"""One round of the bundled samples, and every surface that shows it, read back as a person would.

:func:`make_inputs` writes the files (the samples plus a late, a council-appraised, a
"Không áp dụng", a warned, a merged, a broken and a duplicated file, and one of a unit off the
roster), :func:`run_rank` ranks them with ``dvk rank``, :func:`run_round` takes them through
``dvk round`` (collect, late collect, the council's workbook, publish).  The readers turn each
surface into :class:`Row` values (one per unit) and :class:`Refusal` values (one per refused
file) so that :func:`differences` can compare any two surfaces field by field.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "criteria" / "dvcq-minh-hoa.json"
SAMPLES = ROOT / "sample_inputs"
NOT_APPLICABLE_JSON = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-khong-ap-dung.json"

#: Collected after the deadline (the round's late fact F1 lowers their class one level).
LATE = ("xa-minhhoa.xlsx", "so-mauso1.xlsx")
#: Not on the round's roster: ranked by ``dvk rank``, refused by the round.
OFF_ROSTER = "bv-mau.xlsx"
#: On the roster, never sends anything.
NEVER = ("XA-VANG", "UBND xã Vắng Mặt", "ubnd_xa")
#: The council's changes: (unit, input key of the appraisal sheet, value, reason).
COUNCIL = (("SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau ngày 31/3"),
           ("PHUONG-THUNGHIEM", "T2|count", 2, "Có thêm Bằng khen của UBND tỉnh số 15/QĐ-UBND"))
WARNED = "phuong-vidu.xlsx"          # 1.4's count typed as text, 1.1's evidence left out
MERGED = "xa-kiemthu.xlsx"            # an input cell merged with its neighbour: refused
DUPLICATED = "cd-thunghiem.xlsx"      # sent twice (two different files): both refused
BROKEN = "hong.xlsx"
ROSTER_HEAD = "Mã đơn vị,Tên đơn vị,Loại đơn vị\n"


@dataclass(frozen=True)
class Inputs:
    """The round's files: on time and late folders (``dvk rank`` reads their parent), the roster."""

    inbox: Path
    on_time: Path
    late: Path
    roster: Path
    year: int


def year_of_samples() -> int:
    """The assessment year the samples declare (all the same)."""
    from openpyxl import load_workbook

    years = set()
    for path in sorted(SAMPLES.glob("*.xlsx")):
        sheet = load_workbook(path, read_only=True)["Thông tin đơn vị"]
        years |= {row[1] for row in sheet.iter_rows(values_only=True) if row[2] == "dvk:year"}
    (year,) = years
    return int(year)


def make_inputs(folder: Path) -> Inputs:
    """Write the round's files and roster under ``folder``."""
    inbox = folder / "hop-thu"
    on_time, late = inbox / "dung-han", inbox / "muon"
    on_time.mkdir(parents=True)
    late.mkdir()
    for path in sorted(SAMPLES.glob("*.xlsx")):
        shutil.copy2(path, (late if path.name in LATE else on_time) / path.name)
    shutil.copy2(NOT_APPLICABLE_JSON, on_time / NOT_APPLICABLE_JSON.name)
    _edit(on_time / WARNED, _warned)
    _edit(on_time / MERGED, lambda sheet: sheet.merge_cells(_cell_of(sheet, "1.1", "E") + ":" + _cell_of(sheet, "1.1", "E", 1)))
    shutil.copy2(on_time / DUPLICATED, on_time / "cd-thunghiem-ban-sua.xlsx")
    _edit(on_time / "cd-thunghiem-ban-sua.xlsx", lambda sheet: None, prepared_by="Người lập khác")
    (on_time / BROKEN).write_bytes(b"PK\x03\x04 day khong phai bang tinh")
    roster = folder / "danh-sach.csv"
    roster.write_text(ROSTER_HEAD + "".join(f"{code},{name},{kind}\n" for code, name, kind in roster_rows()),
                      encoding="utf-8")
    return Inputs(inbox, on_time, late, roster, year_of_samples())


def roster_rows() -> list[tuple[str, str, str]]:
    """Every sample's unit except :data:`OFF_ROSTER`, the JSON file's unit, and :data:`NEVER`."""
    from openpyxl import load_workbook

    from scoring.rules.load import load_ruleset

    types = {t.name: t.id for t in load_ruleset(RULESET).unit_types}
    rows = []
    for path in sorted(SAMPLES.glob("*.xlsx")):
        if path.name == OFF_ROSTER:
            continue
        info = {r[2]: r[1] for r in load_workbook(path, read_only=True)["Thông tin đơn vị"].iter_rows(values_only=True)}
        rows.append((info["dvk:unit_code"], info["dvk:unit_name"], types[info["dvk:unit_type"]]))
    unit = json.loads(NOT_APPLICABLE_JSON.read_text(encoding="utf-8"))["unit"]
    return [*rows, (unit["code"], unit["name"], unit["unit_type"]), NEVER]


def _edit(path: Path, change, prepared_by: str | None = None) -> None:
    from openpyxl import load_workbook

    from scoring.formats.files import save_workbook

    book = load_workbook(path)
    change(book["Tự chấm điểm"])
    if prepared_by is not None:
        for row in book["Thông tin đơn vị"].iter_rows():
            if row[2].value == "dvk:prepared_by":
                row[1].value = prepared_by
    save_workbook(book, path)


def _cell_of(sheet, criterion: str, column: str, below: int = 0) -> str:
    """The cell of ``column`` on the (first) row of ``criterion``, ``below`` rows further."""
    for row in sheet.iter_rows(min_row=5):
        if row[0].value == criterion:
            return f"{column}{row[0].row + below}"
    raise AssertionError(f"no row {criterion}")


def _warned(sheet) -> None:
    """1.4's first count as text ('2'), 1.1's evidence (required) left out."""
    count = sheet[_cell_of(sheet, "1.4", "E", 1)]
    count.value = str(count.value if count.value is not None else 2)
    sheet[_cell_of(sheet, "1.1", "G")].value = None


# --- running the surfaces -----------------------------------------------------------------------

def dvk(*argv: str | Path) -> int:
    """``dvk ARGV`` as the command line runs it; its exit code."""
    from scoring.cli.app import main

    return main([str(a) for a in argv])


def run_rank(inputs: Inputs, out: Path) -> Path:
    """``dvk rank`` on every file of the round (both folders); its output folder."""
    assert dvk("rank", RULESET, inputs.inbox, "--out", out, "--quiet") == 3  # some files refused
    return out


def run_round(inputs: Inputs, workspace: Path, sheet_folder: Path) -> Path:
    """The round by ``dvk round``: collect, late collect, the council's workbook, publish; the
    publication folder."""
    from scoring.workspace.models import Round
    from wsfixtures import deadline_passes

    w = ("-w", workspace)
    assert dvk("round", "new", RULESET, "--year", inputs.year, "--code", "dot-nhat-quan", "--roster", inputs.roster,
               "--deadline", "31/12/2099", "--late-fact", "F1", *w) == 0
    assert dvk("round", "collect", inputs.on_time, "--jobs", 1, *w) == 3
    deadline_passes("dot-nhat-quan")  # what came so far is on time, the next folder late
    assert dvk("round", "collect", inputs.late, "--jobs", 1, *w) == 0
    for state in ("closed", "appraisal"):
        assert dvk("round", "state", state, *w) == 0
    sheet = sheet_folder / "tham-dinh.xlsx"
    assert dvk("round", "appraisal-sheet", "-o", sheet, *w) == 0
    for unit, key, value, reason in COUNCIL:
        fill(sheet, unit, key, value, reason)
    assert dvk("round", "import-appraisal", sheet, *w) == 0
    assert dvk("round", "state", "final", *w) == 0
    assert dvk("round", "publish", *w) == 0
    return workspace / Round.objects.get(code="dot-nhat-quan").current_publication.folder


def fill(path: Path, unit: str, key: str, value: Any, reason: str) -> None:
    """Type ``value`` and its reason into the council's workbook, row ``unit``, input ``key``."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets:
        keys = [c.value for c in sheet[4]]
        if f"{key}|appraisal" not in keys:
            continue
        for row in sheet.iter_rows(min_row=5):
            if row[0].value == unit:
                row[keys.index(f"{key}|appraisal")].value = value
                row[keys.index(key.split("|")[0] + "||reason")].value = reason
                book.save(path)
                return
    raise AssertionError(f"no row {unit} / column {key}")


# --- what a surface says, unit by unit ----------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One unit as a surface shows it; None where the surface does not show that fact."""

    points: Decimal | None = None
    percent: Decimal | None = None
    band: str | None = None
    rank: int | None | str = "?"  # block rank; None: listed without a rank; "?": not shown
    gates: tuple[str, ...] | None = None
    changes: frozenset[tuple[str, str]] | None = None  # (criterion or item id, reason)
    errors: int | None = None
    warnings: int | None = None


@dataclass
class Surface:
    """A surface read back: units by code, refused files (name → finding codes), warnings per file."""

    name: str
    units: dict[str, Row] = field(default_factory=dict)
    refused: dict[str, frozenset[str]] | None = None
    warnings: dict[str, int] | None = None
    #: Units whose class is not their score's (report §IV): code → (class the score reaches, class).
    moved: dict[str, tuple[str, str]] | None = None


def differences(a: Surface, b: Surface, skip: Iterable[str] = ()) -> list[str]:
    """Every fact both surfaces show and tell differently: "UNIT field: a=… b=…" lines
    (``skip``: units left out, those whose difference is expected and checked on its own)."""
    out = []
    skip = set(skip)
    both = a.units and b.units  # a surface that lists no unit (the status) is compared on files only
    for code in sorted((set(a.units) | set(b.units)) - skip if both else ()):
        one, two = a.units.get(code), b.units.get(code)
        if one is None or two is None:
            out.append(f"{code}: only on {a.name if two is None else b.name}")
            continue
        for f in fields(Row):
            x, y = getattr(one, f.name), getattr(two, f.name)
            if _shown(x, f.name) and _shown(y, f.name) and x != y:
                out.append(f"{code} {f.name}: {a.name}={x!r} {b.name}={y!r}")
    for kind in ("refused", "warnings", "moved"):
        x, y = getattr(a, kind), getattr(b, kind)
        if x is not None and y is not None and x != y:
            out.append(f"{kind}: {a.name}={x!r} {b.name}={y!r}")
    return out


def _shown(value: Any, name: str) -> bool:
    return value != "?" if name == "rank" else value is not None


def number(text: Any) -> Decimal | None:
    """A number as printed (decimal comma or point, maybe a % sign) or stored (int, float)."""
    if text is None or text == "":
        return None
    if isinstance(text, float):
        return Decimal(repr(text))
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    return Decimal(str(text).strip().rstrip("%").replace(".", "").replace(",", ".")
                   if "," in str(text) else str(text).strip().rstrip("%"))


def same(value: Decimal | None, places: int = 2) -> Decimal | None:
    """``value`` to the printed places (a stored float or int compares with printed text)."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-places))


def gate_reasons(notes: str) -> tuple[str, ...]:
    """The ruleset's gate reasons a "Ghi chú" text names, in the ruleset's order."""
    reasons = [g["reason"] for g in json.loads(RULESET.read_text(encoding="utf-8"))["classification"]["gates"]]
    return tuple(r for r in reasons if r in notes)


def _unit_row(points, percent, band, rank, notes) -> Row:
    rank = int(rank) if str(rank or "").strip().isdigit() else None
    return Row(same(number(points)), same(number(percent)), band, rank, gate_reasons(notes or ""))


# json: ket-qua.json

def read_json(folder: Path) -> Surface:
    """``ket-qua.json``: everything per unit (the rank is the block rank)."""
    doc = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))
    surface = Surface("ket-qua.json", refused={})
    surface.warnings = {}
    for u in doc["units"]:
        r, final = u["result"], u["result"]["final"]
        findings = r["findings"]
        changes = {(c["id"], c["appraisal_note"] or "") for c in r["criteria"]
                   if c["diff"] not in (None, 0) and c["self"] is not None and c["self"]["applicable"]}
        changes |= {(p["id"], p["appraisal_note"] or "") for p in r["pool"]
                    if p["appraisal_count"] is not None and p["appraisal_count"] != p["self_count"]}
        surface.units[u["unit_code"]] = Row(
            same(number(final["total"])), same(number(final["percent"])), u["band_label"], u["rank"],
            tuple(final["gate_reasons"]), frozenset(changes),
            sum(f["severity"] == "error" for f in findings), sum(f["severity"] == "warning" for f in findings))
        warned = sum(f["severity"] == "warning" for f in findings)
        if warned:
            surface.warnings[Path(r["source"]).name] = warned
    for rej in doc["rejected"]:
        surface.refused[Path(rej["file"]).name] = frozenset(f["code"] for f in rej["findings"] if f["severity"] == "error")
    surface.moved = {c["unit_code"]: (c["score_band"], c["band_label"]) for c in doc["class_changes"]}
    return surface


def score_band(percent: Decimal) -> str:
    """The class a percent reaches by the ruleset's bands alone (before gates and quotas)."""
    return next(b["label"] for b in _bands() if percent >= b["min"] and ("max" not in b or percent < b["max"]))


def moved_by_rows(surface: Surface) -> dict[str, tuple[str, str]]:
    """The units whose printed class is not the one their printed percent reaches."""
    return {code: (score_band(row.percent), row.band) for code, row in surface.units.items()
            if row.percent is not None and score_band(row.percent) != row.band}


# csv: xep-hang-<block>.csv, chenh-lech-tieu-chi.csv, canh-bao.csv, tep-bi-loai.csv

def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_csv(folder: Path) -> Surface:
    surface = Surface("csv")
    for path in sorted(folder.glob("xep-hang-*.csv")):
        for row in _csv(path):
            final = row["Điểm thẩm định"] or row["Điểm tự chấm"]
            surface.units[row["Mã đơn vị"]] = _unit_row(final, row["Tỷ lệ (%)"], row["Xếp loại"], row["Hạng"],
                                                        row["Ghi chú"])
    _add_changes(surface, [(r["Mã đơn vị"], r["Mã tiêu chí"], r["Ý kiến thẩm định"])
                           for r in _csv(folder / "chenh-lech-tieu-chi.csv")])
    surface.moved = moved_by_rows(surface)
    surface.warnings = _count([(r["Tệp"], r["Mức độ"]) for r in _csv(folder / "canh-bao.csv")], "Cảnh báo")
    surface.refused = _codes([(r["Tệp"], r["Mã lỗi"], r["Mức độ"]) for r in _csv(folder / "tep-bi-loai.csv")])
    return surface


def _add_changes(surface: Surface, triples: list[tuple[str, str, str]]) -> None:
    found: dict[str, set[tuple[str, str]]] = {}
    for code, cid, note in triples:
        found.setdefault(code, set()).add((cid, note or ""))
    for code, row in surface.units.items():
        surface.units[code] = _with(row, changes=frozenset(found.get(code, ())))


def _with(row: Row, **changes: Any) -> Row:
    from dataclasses import replace

    return replace(row, **changes)


def _count(pairs: list[tuple[str, str]], kind: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for file, level in pairs:
        if level == kind:
            out[Path(file).name] = out.get(Path(file).name, 0) + 1
    return out


def _codes(triples: list[tuple[str, str, str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for file, code, level in triples:
        if level == "Lỗi":
            out.setdefault(Path(file).name, set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


# xlsx: xep-hang.xlsx, one sheet per block and the findings sheets

def read_xlsx(folder: Path) -> Surface:
    from openpyxl import load_workbook

    book = load_workbook(folder / "xep-hang.xlsx", read_only=True)
    surface = Surface("xep-hang.xlsx")
    for sheet in book.worksheets:
        rows = _sheet_rows(sheet)
        if sheet.title == "Xếp hạng chung" or not rows or "Hạng" not in rows[0]:
            if sheet.title == "Chênh lệch theo tiêu chí":
                changes = [(r["Mã đơn vị"], r["Mã tiêu chí"], r["Ý kiến thẩm định"] or "") for r in rows]
            elif sheet.title == "Cảnh báo":
                surface.warnings = _count([(r["Tệp"], r["Mức độ"]) for r in rows], "Cảnh báo")
            elif sheet.title == "Tệp bị loại":
                surface.refused = _codes([(r["Tệp"], r["Mã lỗi"], r["Mức độ"]) for r in rows])
            continue
        for r in (r for r in rows if r.get("Mã đơn vị")):
            final = r["Điểm thẩm định"] if r["Điểm thẩm định"] is not None else r["Điểm tự chấm"]
            surface.units[r["Mã đơn vị"]] = _unit_row(final, r["Tỷ lệ (%)"], r["Xếp loại"], r["Hạng"], r["Ghi chú"])
    _add_changes(surface, changes)
    surface.moved = moved_by_rows(surface)
    return surface


def _sheet_rows(sheet) -> list[dict[str, Any]]:
    """The sheet's table as dicts by header (the header is the first row starting 'STT')."""
    values = list(sheet.iter_rows(values_only=True))
    for i, row in enumerate(values):
        if row and row[0] == "STT":
            head = list(row)
            return [dict(zip(head, r)) for r in values[i + 1:] if r and r[0] is not None]
    return []


# docx and html: tables of text

def read_docx(folder: Path) -> Surface:
    import docx

    surface = Surface("bao-cao.docx", moved={})
    for table in docx.Document(folder / "bao-cao.docx").tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if rows and rows[0] == ["Đơn vị", "Mã đơn vị", "Xếp loại theo điểm", "Xếp loại", "Lý do"]:  # §IV
            surface.moved |= {r[1]: (r[2].split(" (")[0], r[3]) for r in rows[1:]}
        if rows and rows[0][:2] == ["Hạng", "Mã đơn vị"]:
            for r in (dict(zip(rows[0], row)) for row in rows[1:]):
                surface.units[r["Mã đơn vị"]] = _unit_row(r["Điểm cuối cùng"], r["Tỷ lệ (%)"], r["Xếp loại"],
                                                          r["Hạng"], r["Ghi chú"])
    return surface


def html_tables(text: str) -> list[tuple[str, list[list[str]]]]:
    """Every table of an HTML page as rows of cell texts, each with the heading before it."""
    from html.parser import HTMLParser

    class Tables(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, list[list[str]]]] = []
            self.heading, self.cell, self.in_heading = "", None, False

        def handle_starttag(self, tag, attrs):
            if tag in ("h1", "h2", "h3"):
                self.in_heading, self.heading = True, ""
            elif tag == "table":
                self.found.append((self.heading.strip(), []))
            elif tag == "tr" and self.found:
                self.found[-1][1].append([])
            elif tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("h1", "h2", "h3"):
                self.in_heading = False
            elif tag in ("td", "th") and self.cell is not None and self.found and self.found[-1][1]:
                self.found[-1][1][-1].append(" ".join(self.cell.split()))
                self.cell = None

        def handle_data(self, data):
            if self.in_heading:
                self.heading += data
            if self.cell is not None:
                self.cell += data

    parser = Tables()
    parser.feed(text)
    return parser.found


def read_html(folder: Path) -> Surface:
    surface = Surface("bao-cao.html", refused={}, moved={})
    for heading, rows in html_tables((folder / "bao-cao.html").read_text(encoding="utf-8")):
        if not rows:
            continue
        head = rows[0]
        if head[:2] == ["Hạng", "Tên đơn vị"]:
            for r in (dict(zip(head, row)) for row in rows[1:]):
                surface.units[r["Mã đơn vị"]] = _unit_row(r["Điểm"], r["Tỷ lệ (%)"], r["Xếp loại"], r["Hạng"],
                                                          r["Ghi chú"])
        elif heading.startswith("Tệp bị loại"):
            surface.refused = _codes([(r[0], r[3], "Lỗi") for r in rows[1:]])
        elif heading == "Đơn vị không được xếp loại hoặc bị chuyển xếp loại":
            surface.moved = {r[1]: (r[2], r[3]) for r in rows[1:]}
    return surface


# --- what the publication should differ by ------------------------------------------------------

LATE_GATE = "Nộp hồ sơ tự đánh giá quá hạn: hạ một bậc"
#: The round's reason for what ``dvk rank`` refuses as "duplicate-unit" (two files of one unit).
ROUND_CODE_OF = {"duplicate-unit": "collect-duplicate"}


def expected_publication(rank_folder: Path) -> Surface:
    """``dvk rank``'s ket-qua.json changed by what the round adds, computed here step by step:
    the unit off the roster refused, the late units lowered one class with the late warning, the
    council's two changes (criterion 1.1 of SO-VIDU worth its self points; two more T2 awards of
    PHUONG-THUNGHIEM at 1 point each), then the blocks ranked again."""
    doc = json.loads((rank_folder / "ket-qua.json").read_text(encoding="utf-8"))
    surface = read_json(rank_folder)
    units = {u["unit_code"]: u for u in doc["units"]}
    off = next(code for code, u in units.items() if Path(u["result"]["source"]).name == OFF_ROSTER)
    del surface.units[off]
    surface.refused = {name: frozenset(ROUND_CODE_OF.get(c, c) for c in codes) for name, codes in surface.refused.items()}
    surface.refused[OFF_ROSTER] = frozenset({"collect-not-on-roster"})
    for code, u in units.items():
        name = Path(u["result"]["source"]).name
        if name in LATE:
            row = surface.units[code]
            surface.units[code] = _with(row, band=_lower(row.band), gates=gate_reasons("; ".join((*row.gates, LATE_GATE))),
                                        warnings=row.warnings + 1)
            surface.warnings[name] = surface.warnings.get(name, 0) + 1
    (vidu, key, _, why), (phuong, item, count, because) = COUNCIL
    criterion = next(c for c in units[vidu]["result"]["criteria"] if c["id"] == key.split("|")[0])
    _move(surface, units, vidu, -number(criterion["self"]["points"]), (criterion["id"], why))
    line = next(p for p in units[phuong]["result"]["pool"] if p["id"] == item.split("|")[0])
    _move(surface, units, phuong, number(line["points_each"]) * (count - line["final_count"]), (line["id"], because))
    _rank_blocks(surface, {code: u["block"] for code, u in units.items()})
    surface.moved = moved_by_rows(surface)
    return surface


def _bands() -> list[dict[str, Any]]:
    return json.loads(RULESET.read_text(encoding="utf-8"))["classification"]["bands"]


def _lower(label: str) -> str:
    labels = [b["label"] for b in _bands()]
    return labels[min(labels.index(label) + 1, len(labels) - 1)]


def _move(surface: Surface, units: dict[str, Any], code: str, points: Decimal, change: tuple[str, str]) -> None:
    """``code``'s total moved by ``points``: its percent of the same maximum and its class again."""
    from decimal import ROUND_HALF_UP

    row = surface.units[code]
    total = row.points + points
    percent = (total * 100 / number(units[code]["result"]["final"]["applicable_max"])).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)
    band = next(b["label"] for b in _bands() if percent >= b["min"] and ("max" not in b or percent < b["max"]))
    surface.units[code] = _with(row, points=total, percent=percent, band=band, changes=row.changes | {change})


def _rank_blocks(surface: Surface, blocks: dict[str, str]) -> None:
    """Block ranks: class first, then percent (the ruleset's basis), equal values sharing a rank
    (1, 2, 2, 4); units without a class have no rank.  (No two units here tie on percent, so the
    tie-breaker on deductions never decides.)"""
    labels = [b["label"] for b in _bands()]
    for block in set(blocks.values()):
        members = [(code, row) for code, row in surface.units.items() if blocks[code] == block]
        ranked = sorted((m for m in members if m[1].band in labels),
                        key=lambda m: (labels.index(m[1].band), -m[1].percent))
        for place, (code, row) in enumerate(ranked, 1):
            surface.units[code] = _with(row, rank=place)
        assert len({(r.band, r.percent) for _, r in ranked}) == len(ranked), "a tie: rank it by the tie-breakers"


# --- the portal's pages -------------------------------------------------------------------------

PASSWORD = "mat-khau-thu"


def signed_in(username: str, role: str, unit_code: str = ""):
    """A test client signed in as a (new or existing) account of ``role``."""
    from django.test import Client

    from scoring.portal.accounts import ensure_account
    from scoring.workspace.rosterstore import unit_for

    user = ensure_account(username, PASSWORD, role, username, unit_for(unit_code) if unit_code else None)
    client = Client()
    client.force_login(user)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _text(html: str) -> str:
    import html as html_lib

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _dd(html: str, label: str) -> str:
    """The text of the ``<dd>`` after the ``<dt>`` saying ``label``."""
    found = re.search(rf"<dt>{re.escape(label)}[^<]*</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.DOTALL)
    assert found, label
    return _text(found.group(1))


def read_unit_pages(round_code: str) -> Surface:
    """Each counted unit's score page, seen by the unit's own account."""
    from scoring.workspace.models import RosterEntry

    surface = Surface("trang kết quả của đơn vị")
    entries = RosterEntry.objects.filter(round__code=round_code, current__isnull=False).select_related("unit")
    for entry in entries:
        client = signed_in(f"dv-{entry.unit.code.lower()}", "unit", entry.unit.code)
        html = page(client, f"/don-vi/ket-qua/{entry.current_id}/")
        surface.units[entry.unit.code] = unit_page_row(html)
    return surface


def unit_page_row(html: str) -> Row:
    """The score page's totals, class, reasons, the appraisal's changes and the findings counted."""
    return Row(*_totals(html, "Tổng điểm"), "?", _gates(html), appraisal_changes(html),
               html.count('class="finding is-error"'), html.count('class="finding is-warning"'))


def _totals(html: str, label: str) -> tuple[Decimal | None, Decimal | None, str]:
    return same(number(_dd(html, label).split("/")[0])), same(number(_dd(html, "Tỷ lệ"))), _dd(html, "Xếp loại")


def _gates(html: str) -> tuple[str, ...]:
    return gate_reasons("; ".join(_text(g) for g in re.findall(r'<p class="gate">Lý do: (.*?)</p>', html, re.DOTALL)))


def appraisal_changes(html: str) -> frozenset[tuple[str, str]]:
    """The page's list of what the appraisal changed: (criterion or item id, reason) pairs."""
    return frozenset((m.group(1), _text(m.group(2))) for m in re.finditer(
        r'<tr class="gap" data-id="([^"]+)">.*?<td class="reason">(.*?)</td>', html, re.DOTALL))


def read_appraiser_pages(round_code: str) -> Surface:
    """Each counted unit's page in the appraiser's queue: totals, class, the council's reasons."""
    from scoring.workspace.models import RosterEntry

    client = signed_in("tham-dinh", "appraiser")
    surface = Surface("trang thẩm định")
    for entry in RosterEntry.objects.filter(round__code=round_code, current__isnull=False).select_related("unit"):
        html = page(client, f"/tham-dinh/dot/{round_code}/don-vi/{entry.pk}/")
        surface.units[entry.unit.code] = Row(*_totals(html, "Sau thẩm định"), gates=_gates(html),
                                             changes=appraisal_changes(html))
    return surface


def read_dashboard(round_code: str) -> Surface:
    """The leadership dashboard: per block, rank, unit (by name), points, percent, class."""
    from scoring.workspace.models import RosterEntry

    codes = dict(RosterEntry.objects.filter(round__code=round_code).values_list("name", "unit__code"))
    html = page(signed_in("lanh-dao", "leader"), f"/lanh-dao/?dot={round_code}")
    surface = Surface("trang lãnh đạo")
    for _heading, rows in html_tables(html):
        if rows and rows[0][:2] == ["Hạng", "Đơn vị"]:
            for r in (dict(zip(rows[0], row)) for row in rows[1:]):
                rank = int(r["Hạng"]) if r["Hạng"].isdigit() else None
                surface.units[codes[r["Đơn vị"]]] = Row(same(number(r["Điểm"])), same(number(r["Tỷ lệ"])),
                                                        r["Xếp loại"], rank)
    return surface


def read_office_page(round_code: str) -> tuple[Surface, list[str]]:
    """The office's round page: the refused files (name → codes) and the units that sent nothing."""
    html = page(signed_in("van-phong", "office"), f"/van-phong/?dot={round_code}")
    refused: dict[str, set[str]] = {}
    for item in re.findall(r'<li class="finding is-error">(.*?)</li>', html, re.DOTALL):
        name = re.search(r'<span class="filename">([^<]*)</span>', item)
        codes = re.findall(r'<span class="message" data-code="([^"]+)">', item)
        refused.setdefault(_text(name.group(1)) if name else "?", set()).update(codes)
    missing = re.findall(r'<li><strong>([^<]+)</strong>', html.split('id="danh-sach-chua-nop"', 1)[-1].split("</ul>")[0])
    return Surface("trang văn phòng", refused={k: frozenset(v) for k, v in refused.items()}), missing


def read_status_output(text: str) -> tuple[Surface, list[str]]:
    """``dvk round status``'s printout: refused files (name → codes) and the units that sent nothing."""
    refused: dict[str, set[str]] = {}
    missing: list[str] = []
    section, current = "", ""
    for line in text.splitlines():
        if line.startswith("Đơn vị chưa nộp"):
            section = "missing"
        elif line.startswith("Tệp bị loại"):
            section = "refused"
        elif section == "missing" and line.startswith("  "):
            missing.append(line.split()[0])
        elif section == "refused" and line.startswith("    ["):
            refused[current].add(line.strip()[1:].split("]")[0])
        elif section == "refused" and line.startswith("  "):
            current = Path(line.strip().split(" (đơn vị ")[0]).name
            refused.setdefault(current, set())
    return Surface("dvk round status", refused={k: frozenset(v) for k, v in refused.items()}), missing


# --- what a correction (đính chính) says, unit by unit ------------------------------------------

@dataclass(frozen=True)
class Moved:
    """A unit in a correction's table: (before, after) of points, percent, class, block rank,
    overall rank; None on a side where the unit is absent, or a fact the surface does not show."""

    points: tuple[Decimal | None, Decimal | None] | None = None
    percent: tuple[Decimal | None, Decimal | None] | None = None
    band: tuple[str | None, str | None] | None = None
    rank: tuple[int | None, int | None] | None = None
    overall: tuple[int | None, int | None] | None = None


def expected_correction(old_folder: Path, new_folder: Path) -> dict[str, Moved]:
    """What a correction must list, from the two publications' ``ket-qua.json`` read raw: every
    unit whose figures differ or that is in one of them only."""
    def units(folder: Path) -> dict[str, tuple]:
        data = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"), parse_float=Decimal)
        return {u["unit_code"]: (same(Decimal(str(u["result"]["final"]["total"]))),
                                 same(Decimal(str(u["result"]["final"]["percent"]))), u["band_label"],
                                 u["rank"], u["overall_rank"]) for u in data["units"]}

    old, new = units(old_folder), units(new_folder)
    out = {}
    for code in set(old) | set(new):
        a, b = old.get(code), new.get(code)
        if a != b:
            out[code] = Moved(*[(a[i] if a else None, b[i] if b else None) for i in range(5)])
    return out


def read_correction_json(folder: Path) -> dict[str, Moved]:
    data = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"), parse_float=Decimal)

    def side(s: dict | None, key: str) -> Any:
        if s is None:
            return None
        return same(Decimal(str(s[key]))) if key in ("total", "percent") else s[key]

    return {u["unit_code"]: Moved(*[(side(u["before"], k), side(u["after"], k))
                                    for k in ("total", "percent", "band_label", "rank", "overall_rank")])
            for u in data["correction"]["units"]}


def read_correction_csv(folder: Path) -> dict[str, Moved]:
    out = {}
    for r in _csv(folder / "dinh-chinh.csv"):
        pairs = []
        for label in ("Điểm", "Tỷ lệ (%)", "Xếp loại", "Hạng trong khối", "Hạng chung"):
            a, b = (r[k] for k in r if k.startswith(f"{label} lần"))
            convert = (lambda t: same(number(t))) if label in ("Điểm", "Tỷ lệ (%)") else \
                (lambda t: int(t) if t else None) if label.startswith("Hạng") else (lambda t: t or None)
            pairs.append((convert(a), convert(b)))
        out[r["Mã đơn vị"]] = Moved(*pairs)
    return out


def correction_rows(rows: list[list[str]]) -> dict[str, Moved]:
    """The short table of the docx, the HTML page and the portal ("trước → sau" cells, the code in
    brackets after the name)."""
    def pair(text: str, convert) -> tuple:
        a, _, b = text.partition(" → ")
        b = b or a
        return tuple(None if t == "—" else convert(t) for t in (a, b))

    out = {}
    for row in rows[1:]:
        code = row[0].rsplit("(", 1)[1].rstrip(")")
        decimal = lambda t: same(number(t))  # noqa: E731
        out[code] = Moved(pair(row[2], decimal), pair(row[3], decimal), pair(row[4], str), pair(row[5], int),
                          pair(row[6], int))
    return out


CORRECTION_HEAD = ["Đơn vị", "Thay đổi", "Điểm", "Tỷ lệ (%)", "Xếp loại", "Hạng trong khối", "Hạng chung"]


def read_correction_docx(folder: Path) -> dict[str, Moved]:
    import docx

    for table in docx.Document(folder / "bao-cao.docx").tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if rows and rows[0] == CORRECTION_HEAD:
            return correction_rows(rows)
    return {}


def read_correction_html(text: str) -> dict[str, Moved]:
    """From a page's text: the report page, or the office's page (its publications' tables)."""
    for _heading, rows in html_tables(text):
        if rows and rows[0] == CORRECTION_HEAD:
            return correction_rows(rows)
    return {}
