"""``dvk serve --demo``: a workspace with a round of the bundled ruleset over ``sample_inputs/``.

The round's roster is every sample workbook's unit; most samples are already collected (so the
office and leadership pages have something to show), a few units are left missing, and the
first two, ``XA-MINHHOA`` and ``SO-VIDU``, are left for the visitor to upload.  Every unit has an
account (user name = unit code); one appraiser, one office and one leadership account are added.
Passwords are fixed and printed: a demo is not a deployment.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

DEMO_RULESET = "criteria/dvcq-minh-hoa.json"
DEMO_INPUTS = "sample_inputs"
DEMO_ROUND = "demo-2025"
LEFT_TO_UPLOAD = ("XA-MINHHOA", "SO-VIDU")
LEFT_MISSING = ("XA-TAPDUOT", "VIEN-THUNGHIEM")
UNIT_PASSWORD = "donvi-demo"
STAFF = (("thamdinh", "Thẩm định viên (demo)", "appraiser", "thamdinh-demo"),
         ("vanphong", "Văn phòng (demo)", "office", "vanphong-demo"),
         ("lanhdao", "Lãnh đạo (demo)", "leader", "lanhdao-demo"))


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    unit: str


def source_root() -> Path:
    """The folder holding ``criteria/`` and ``sample_inputs/`` (the repository checkout)."""
    from scoring.rules.bundled import SOURCE_ROOT

    return SOURCE_ROOT


def demo_units(root: Path) -> list[tuple[str, str, str, Path]]:
    """(code, name, unit type, workbook) of each sample workbook's unit, in file order."""
    from scoring.intake.pipeline import read_submission
    from scoring.rules.load import load_ruleset

    ruleset = load_ruleset(root / DEMO_RULESET)
    units = {}
    for path in sorted((root / DEMO_INPUTS).glob("*.xlsx")):
        unit = read_submission(path, ruleset)[0].unit
        units.setdefault(unit.code, (unit.code, unit.name, unit.unit_type, path))
    return list(units.values())


def make_demo(ws, root: Path | None = None) -> list[DemoAccount]:
    """Fill the open workspace ``ws`` with the demo round and accounts (once; later runs reuse them)."""
    from scoring.workspace.rounds import round_by_code

    root = root or source_root()
    units = demo_units(root)
    if round_by_code(DEMO_ROUND) is None:
        _round(ws, root, units)
    made = [_unit_account(code, name) for code, name, _type, _path in units]
    return made + [_staff_account(*row) for row in STAFF]


def _round(ws, root: Path, units) -> None:
    from scoring.workspace.collect import collect
    from scoring.workspace.rounds import RoundSpec, create_round

    roster = Path(ws.root) / "danh-sach-don-vi-demo.csv"
    with roster.open("w", encoding="utf-8-sig", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
        rows.writerows([code, name, unit_type] for code, name, unit_type, _ in units)
    due = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    create_round(ws, RoundSpec(ruleset_path=root / DEMO_RULESET, year=2025, code=DEMO_ROUND,
                               name="Đánh giá công tác dân vận chính quyền năm 2025 (demo)",
                               deadlines={"submission": due}, roster_path=roster), who="demo")
    sent = [str(path) for code, _, _, path in units if code not in LEFT_TO_UPLOAD + LEFT_MISSING]
    collect(ws, DEMO_ROUND, sent, who="demo", jobs=1)


def _unit_account(code: str, name: str) -> DemoAccount:
    from scoring.portal.accounts import ensure_account
    from scoring.workspace.rosterstore import unit_for

    ensure_account(code, UNIT_PASSWORD, "unit", name, unit_for(code, name), reset=False)
    return DemoAccount(code, UNIT_PASSWORD, "unit", name)


def _staff_account(username: str, label: str, role: str, password: str) -> DemoAccount:
    from scoring.portal.accounts import ensure_account

    ensure_account(username, password, role, label, reset=False)
    return DemoAccount(username, password, role, label)
