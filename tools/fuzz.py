"""Fixed-seed fuzzing of dvk's inputs: mutated rulesets, submissions and workbooks.

Every mutant must end as a result or as located findings (never an exception, never
``batch-unexpected-error``).  The test suite runs a few hundred of each
(``tests/test_fuzz.py``); the long run is this script::

    python tools/fuzz.py --count 10000 [--seed 1] [--kind roster] [--kind appraisal_sheets] …

It prints, per kind, how many mutants ran, how many were accepted and refused, the failures
(none expected) and the time taken.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import random
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from scoring.intake.batch import Rejected, evaluate_one  # noqa: E402
from scoring.core.findings import DvkError  # noqa: E402
from scoring.rules.load import check_ruleset, load_ruleset  # noqa: E402

RULESET = ROOT / "criteria" / "dvk-mo-hinh.json"
RULESET_EXAMPLE = ROOT / "criteria" / "examples" / "dvk-mo-hinh" / "duong-giao-thong.json"
DEFAULT = ROOT / "criteria" / "dvcq-minh-hoa.json"
SUBMISSION = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-mau-son.json"
WORKBOOK = ROOT / "tests" / "workbooks" / "clean.xlsx"
WORKBOOK_RULESET = ROOT / "tests" / "workbooks" / "quirks-ruleset.json"

ODD_VALUES: list[Any] = [
    -1, 0, 1e308, "", "x" * 5000, None, True, False, [], {}, "$\\frac{1}{$",
    "=HYPERLINK(\"x\")", "\x1b[31m", "\u0000", "ﷺ", 2 ** 64, -0.0, 0.1, 99999999999999999,
]
ODD_TOKENS = ["1e309", "1e-400", "1e99999999", "-1e400", "9" * 5000, "NaN", "Infinity", "0.00000000001",
              "[" * 1500 + "]" * 1500]


@dataclass
class Tally:
    kind: str
    runs: int = 0
    accepted: int = 0
    refused: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.kind}: {self.runs} mutants, {self.accepted} accepted, {self.refused} refused "
                f"with findings, {len(self.failures)} failures, {self.seconds:.1f} s")


# --- JSON mutations -----------------------------------------------------------------------------

def _containers(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    found = [(path, node)] if isinstance(node, (dict, list)) else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        found += _containers(value, path + (key,))
    return found


def mutate_json(data: Any, rng: random.Random) -> str:
    """One to three structural or textual mutations of ``data``, as JSON text."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        containers = [c for c in _containers(data) if c[1]]
        if not containers:
            break
        _, node = rng.choice(containers)
        key = rng.choice(list(node) if isinstance(node, dict) else range(len(node)))
        op = rng.random()
        if op < 0.45:
            node[key] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif op < 0.6 and isinstance(node, dict):
            del node[key]
        elif op < 0.7:
            node[key] = [node[key]] if rng.random() < 0.5 else {"children": [node[key]], "id": "G", "max": 1}
        elif op < 0.8:  # a node holding a copy of itself: repeated ids, maybe a cycle
            node[key] = {**node[key], "children": [copy.deepcopy(node[key])]} if isinstance(node[key], dict) else node[key]
        elif op < 0.9:
            nested: Any = 1
            for _ in range(rng.choice([10, 45, 200])):
                nested = [nested]
            node[key] = nested
        else:
            node[key] = "@@TOKEN@@"
    text = json.dumps(data, ensure_ascii=False, default=str)
    while "\"@@TOKEN@@\"" in text:
        text = text.replace("\"@@TOKEN@@\"", rng.choice(ODD_TOKENS), 1)
    if rng.random() < 0.1:  # a text-level cut or stray byte
        cut = rng.randrange(len(text))
        text = text[:cut] + rng.choice(["", "}", "\"", ",", "\u0000", "ạ"]) + text[cut + rng.randint(0, 3):]
    return text


# --- workbook mutations -------------------------------------------------------------------------

def mutate_workbook(source: bytes, rng: random.Random) -> bytes:
    """A workbook with XML parts, the zip directory or raw bytes changed."""
    op = rng.random()
    if op < 0.15:  # raw bytes: flips, a cut
        data = bytearray(source)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data[:rng.randrange(len(data))] if rng.random() < 0.3 else data)
    with zipfile.ZipFile(io.BytesIO(source)) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    name = rng.choice([n for n in parts if n.endswith(".xml")] + ["xl/worksheets/sheet3.xml"] * 4)
    xml = parts[name]
    choice = rng.random()
    if choice < 0.25:
        ref = rng.choice(["XFD1048576", "A10000", "ZZ5", "E11", "A1", "CZ9999", "B7"])
        value = rng.choice([b"1E+28", b"1e309", b"-5", b"abc", b"99999999999999999999", b"0.5"])
        cell = b'<row r="%s"><c r="%s" t="n"><v>%s</v></c></row>' % (
            "".join(ch for ch in ref if ch.isdigit()).encode(), ref.encode(), value)
        xml = xml.replace(b"</sheetData>", cell + b"</sheetData>")
    elif choice < 0.45:
        texts = [b"$\\frac{1}{$", b"=1+1", b"\xe1\xba\xa1" * 3000, b"", b"&amp;", b"1e400", b"  7,5 "]
        starts = [i for i in range(len(xml)) if xml.startswith(b"<t", i)][:400]
        if starts:
            at = xml.find(b">", rng.choice(starts)) + 1
            end = xml.find(b"<", at)
            xml = xml[:at] + rng.choice(texts) + xml[end:]
    elif choice < 0.6:
        at = rng.randrange(len(xml))
        xml = xml[:at] + xml[at + rng.randint(1, 40):]
    elif choice < 0.7:
        xml = xml.replace(b"<dimension ref=\"", b"<dimension ref=\"A1:XFD1048576\" x=\"", 1)
    elif choice < 0.8:
        parts["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                         b'count="%d" uniqueCount="%d"><si><t>a</t></si></sst>'
                                         % ((rng.choice([1, 4000000000, 200000]),) * 2))
    elif choice < 0.9:
        parts.pop(name, None)
        xml = None
    else:
        xml = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + xml
    if xml is not None:
        parts[name] = xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for part, data in parts.items():
            zout.writestr(zipfile.ZipInfo(part, (2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- running ------------------------------------------------------------------------------------

def _located(findings: Any) -> bool:
    return all(f.location.file for f in findings)


def _run(tally: Tally, label: str, action: Callable[[], str]) -> None:
    tally.runs += 1
    try:
        verdict = action()
    except Exception as exc:  # noqa: BLE001 - exactly what is being looked for
        tally.failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
        return
    if verdict == "accepted":
        tally.accepted += 1
    elif verdict == "refused":
        tally.refused += 1
    else:
        tally.failures.append(f"{label}: {verdict}")


def _outcome(evaluated: Any) -> str:
    outcome = evaluated.outcome
    if isinstance(outcome, Rejected):
        if any(f.code in ("batch-unexpected-error", "batch-worker-died") for f in outcome.findings):
            return f"rejected as a bug: {outcome.findings[0].message}"
        return "refused" if _located(outcome.findings) else "a finding without a file"
    return "accepted"


def fuzz_rulesets(count: int, seed: int, folder: Path) -> Tally:
    rng, tally, start = random.Random(seed), Tally("rulesets"), time.perf_counter()
    base = json.loads(RULESET.read_text(encoding="utf-8"))
    for i in range(count):
        path = folder / f"r{i % 50}.json"
        path.write_text(mutate_json(base, rng), encoding="utf-8")

        def action() -> str:
            ruleset, findings = check_ruleset(path)
            if ruleset is None:
                return "refused" if findings and _located(findings) else "refused without a located finding"
            return _outcome(evaluate_one(ruleset, str(RULESET_EXAMPLE)))
        _run(tally, f"ruleset #{i}", action)
    tally.seconds = time.perf_counter() - start
    return tally


def fuzz_submissions(count: int, seed: int, folder: Path) -> Tally:
    rng, tally, start = random.Random(seed), Tally("submissions"), time.perf_counter()
    ruleset = load_ruleset(DEFAULT)
    base = json.loads(SUBMISSION.read_text(encoding="utf-8"))
    for i in range(count):
        path = folder / f"s{i % 50}.json"
        path.write_text(mutate_json(base, rng), encoding="utf-8")
        _run(tally, f"submission #{i}", lambda: _outcome(evaluate_one(ruleset, str(path))))
    tally.seconds = time.perf_counter() - start
    return tally


def fuzz_workbooks(count: int, seed: int, folder: Path) -> Tally:
    rng, tally, start = random.Random(seed), Tally("workbooks"), time.perf_counter()
    ruleset = load_ruleset(WORKBOOK_RULESET)
    source = WORKBOOK.read_bytes()
    for i in range(count):
        path = folder / f"w{i % 50}.xlsx"
        path.write_bytes(mutate_workbook(source, rng))
        _run(tally, f"workbook #{i}", lambda: _outcome(evaluate_one(ruleset, str(path))))
    tally.seconds = time.perf_counter() - start
    return tally


# --- rosters (dvk round new --roster, dvk round roster) -----------------------------------------
#
# A mutant is built from the base roster's rows, so the mutator knows what a right reader must do:
# take exactly N units, refuse the file (a look-alike duplicate, a control character, a formula
# saved without its value, a far cell…), or either (a cut or a flipped byte) — but never crash,
# hang, or take fewer units than the file holds without a word.

ROSTER_BASE = ROOT / "tests" / "cases" / "round" / "roster" / "base-roster.csv"
ROSTER_BOOK = ROOT / "tests" / "cases" / "round" / "roster" / "far-row.xlsx"  # its parts, its sheet replaced
ROSTER_SECONDS = 20  # a mutant that takes longer is a hang
_SHEET_HEAD = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b'<dimension ref="%s"/><sheetData>')
_SHEET_TAIL = b"</sheetData></worksheet>"


@dataclass
class RosterMutant:
    """A roster file and what a right reader does with it: ``units`` taken (None: refused, -1: either)."""

    data: bytes
    suffix: str
    units: int | None


def _roster_rows() -> list[list[str]]:
    return [line.split(",") for line in ROSTER_BASE.read_text(encoding="utf-8").splitlines()]


def _row_edits(rows: list[list[str]], rng: random.Random) -> tuple[list[list[Any]], int | None]:
    """One to three edits of the rows; the units a right reader takes (None: it must refuse)."""
    rows = [list(r) for r in rows]
    wrong: list[list[str]] = []  # rows a right reader refuses (unless a later edit blanked them)
    for _ in range(rng.randint(1, 3)):  # (each edit on a unit's row: a blank row stays blank)
        data = rng.choice([i for i, row in enumerate(rows) if i and not _blank(row)])
        op = rng.random()
        if op < 0.15:  # a look-alike of another row's code
            code = rows[data][0]
            twin = rng.choice([code[:2] + "\u200b" + code[2:], "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c
                                                                       for c in code), f" {code.lower()}\ufeff ",
                               code.replace("-", "\u00ad-")])
            rows.append([twin, "Trùng " + rows[data][1], rows[data][2], ""])
            wrong.append(rows[-1])
        elif op < 0.3:  # a control character in a cell
            col = rng.randrange(3)
            cell = rows[data][col]
            at = rng.randrange(len(cell) + 1)
            rows[data][col] = cell[:at] + rng.choice(["\x00", "\x01", "\x1b", "\x7f"]) + cell[at:]
            wrong.append(rows[data])
        elif op < 0.4:  # a huge or long field
            rows[data][1] = "x" * rng.choice([501, 5000, 200_000])
            wrong.append(rows[data])
        elif op < 0.55:  # blank rows between units and at the end
            rows.insert(data, ["", "", "", ""])
            rows.append(["", " ", "", ""])
        elif op < 0.65:  # a required cell emptied, or an unknown unit type
            if rng.random() < 0.5:
                rows[data][rng.choice([0, 1, 2])] = rng.choice(["", " ", "\u200b"])
            else:
                rows[data][2] = "khong_co_loai"
            wrong.append(rows[data])
        elif op < 0.8:  # spacing, case, NBSP, full-width in names and types (still the same units)
            rows[data][1] = "  " + rows[data][1].replace(" ", "\u00a0") + " "
            rows[data][2] = rows[data][2].upper()
        else:  # a new unit, with an odd but valid code
            rows.append([rng.choice(["XA-MỚI", "101", "Ｘ-ＭＯＩ", "xa moi  2"]) + str(len(rows)), "Xã mới", "ubnd_xa", ""])
    units = len({_key(r[0]) for r in rows[1:] if not _blank(r)})
    return rows, None if any(not _blank(r) for r in wrong) else units


def _blank(row: list[Any]) -> bool:
    """Whether a row holds nothing a person sees (spaces and zero-width characters only)."""
    from scoring.core.unitcode import FORMAT_CHARACTERS

    return not any(FORMAT_CHARACTERS.sub("", c).strip() for c in row if isinstance(c, str))


def _key(code: str) -> str:
    from scoring.core.unitcode import unit_key

    return unit_key(code)


def mutate_roster_csv(rng: random.Random) -> RosterMutant:
    rows, units = _row_edits(_roster_rows(), rng)
    delimiter = rng.choice([",", ";", "\t"])
    lines = [delimiter.join('"' + c.replace('"', '""') + '"' if delimiter in c or '"' in c else c for c in row)
             for row in rows]
    text = rng.choice(["\r\n", "\n", "\r"]).join(lines) + rng.choice(["", "\n"])
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le"])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # (a lone surrogate cannot be saved: plain UTF-8 with it replaced)
        data = text.encode("utf-8", "replace")
    if rng.random() < 0.12:  # a cut, or flipped bytes: anything may follow but a crash
        data = bytearray(data)
        for _ in range(rng.randint(0, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data, units = bytes(data[:rng.randrange(len(data) + 1)] if rng.random() < 0.5 else data), -1
    return RosterMutant(data, ".csv", units)


def _cell_xml(ref: str, value: Any) -> bytes:
    from xml.sax.saxutils import escape

    if value == "":
        return b""
    if isinstance(value, tuple):  # a formula, with or without its stored value
        formula, cached = value
        stored = b"<v>%s</v>" % escape(cached).encode() if cached else b""
        return b'<c r="%s" t="str"><f>%s</f>%s</c>' % (ref.encode(), escape(formula).encode(), stored)
    # (XML cannot hold most control characters: Excel writes them as _xHHHH_)
    text = "".join(f"_x{ord(c):04X}_" if ord(c) < 32 and c not in "\t\n\r" else c for c in value)
    return b'<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref.encode(), escape(text).encode())


def mutate_roster_xlsx(rng: random.Random) -> RosterMutant:
    rows, units = _row_edits(_roster_rows(), rng)
    extra = b""
    op = rng.random()
    if op < 0.2:  # a formula: saved by a program that does not compute (no value) or by Excel
        data = rng.randrange(1, len(rows))
        col = rng.randrange(3)
        cached = rng.random() < 0.5
        rows[data][col] = (f'"{rows[data][col]}"', rows[data][col] if cached else "")
        if not cached or not rows[data][col][0].strip('"'):
            units = None if units != -1 else units
    elif op < 0.35:  # a far cell with a value, or blank formatted cells and rows far down
        ref = rng.choice(["XFD1048576", "A1048576", "A100000", "DA2", "CZ99999"])
        row = "".join(ch for ch in ref if ch.isdigit())
        if rng.random() < 0.5:
            extra = b'<row r="%s"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row>' % (row.encode(), ref.encode())
            units = None
        else:
            extra = b'<row r="%s" customHeight="1" ht="20"><c r="%s" s="0"/></row>' % (row.encode(), ref.encode())
    body = b"".join(b'<row r="%d">%s</row>' % (i + 1, b"".join(_cell_xml(f"{'ABCD'[j]}{i + 1}", v)
                                                                 for j, v in enumerate(row)))
                    for i, row in enumerate(rows))
    sheet = _SHEET_HEAD % rng.choice([b"A1:D%d" % len(rows), b"A1", b"A1:XFD1048576"]) + body + extra + _SHEET_TAIL
    if b"XFD1048576" in sheet[:200]:
        units = None  # the declared extent alone is refused (as for a unit's form)
    with zipfile.ZipFile(ROSTER_BOOK) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet
    if rng.random() < 0.08:
        parts["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                         b'count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>')
        units = None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for part, content in parts.items():
            zout.writestr(zipfile.ZipInfo(part, (2025, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    data = out.getvalue()
    if rng.random() < 0.1:  # a cut, or flipped bytes
        cut = bytearray(data)
        for _ in range(rng.randint(0, 6)):
            cut[rng.randrange(len(cut))] = rng.randrange(256)
        data, units = bytes(cut[:rng.randrange(len(cut) + 1)] if rng.random() < 0.5 else cut), -1
    return RosterMutant(data, rng.choice([".xlsx", ".xlsm"]), units)


def _roster_verdict(path: Path, ruleset: Any, expected: int | None) -> str:
    """What the roster reader did with a mutant, against what a right reader does."""
    import signal

    from scoring.workspace.roster import read_roster

    def hang(*_: Any) -> None:
        raise TimeoutError(f"over {ROSTER_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(ROSTER_SECONDS)
    try:
        units = read_roster(path, ruleset)
    except DvkError as exc:
        if not _located(exc.findings):
            return "a finding without a file"
        english = [f.message for f in exc.findings if any(w in f.message for w in (" the ", "Error", "Cannot", " is "))]
        if english:
            return f"English in a finding: {english[0][:120]}"
        return "refused" if expected in (None, -1) else f"refused a good roster: {exc.findings[0].message[:160]}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if expected is None:
        return f"took a roster it must refuse ({len(units)} units)"
    if expected != -1 and len(units) != expected:
        return f"silent drop: {len(units)} units taken of {expected}"
    return "accepted"


def fuzz_roster(count: int, seed: int, folder: Path) -> Tally:
    """Mutated roster .xlsx and .csv files through the reader of ``dvk round new --roster`` and
    ``dvk round roster`` (:func:`scoring.workspace.roster.read_roster`)."""
    rng, tally, start = random.Random(seed), Tally("roster"), time.perf_counter()
    ruleset = load_ruleset(DEFAULT)
    for i in range(count):
        mutant = mutate_roster_csv(rng) if rng.random() < 0.5 else mutate_roster_xlsx(rng)
        path = folder / f"ds{i % 50}{mutant.suffix}"
        path.write_bytes(mutant.data)
        _run(tally, f"roster #{i} ({path.name}, seed {seed})",
             lambda: _roster_verdict(path, ruleset, mutant.units))
    tally.seconds = time.perf_counter() - start
    return tally


# --- round council sheets (appraisal, explanations): see tools/fuzz_council.py ------------------

def fuzz_appraisal_sheets(count: int, seed: int, folder: Path) -> Tally:
    """Mutants of the council's appraisal sheet through ``import_appraisal``."""
    return _council("appraisal", count, seed, folder)


def fuzz_explanations_sheets(count: int, seed: int, folder: Path) -> Tally:
    """Mutants of the units' explanations sheet through ``import_explanations``."""
    return _council("explanations", count, seed, folder)


def _council(kind: str, count: int, seed: int, folder: Path) -> Tally:
    from fuzz_council import fuzz_council

    tally, start = Tally(f"{kind} sheets"), time.perf_counter()
    fuzz_council(kind, count, seed, folder, tally, _run, mutate_workbook)
    tally.seconds = time.perf_counter() - start
    return tally


KINDS = {"rulesets": fuzz_rulesets, "submissions": fuzz_submissions, "workbooks": fuzz_workbooks,
         "roster": fuzz_roster, "appraisal_sheets": fuzz_appraisal_sheets,
         "explanations_sheets": fuzz_explanations_sheets}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="mutants of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kind", choices=sorted(KINDS), action="append",
                        help="only these kinds (repeatable; default: all)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tallies = [KINDS[kind](args.count, args.seed, Path(tmp)) for kind in (args.kind or KINDS)]
    for tally in tallies:
        print(tally.line())
        for failure in tally.failures[:20]:
            print("  ", failure)
    return 1 if any(t.failures for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
