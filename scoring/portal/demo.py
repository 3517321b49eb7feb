"""``dvk serve --demo``: a workspace made from the bundled ruleset and ``sample_inputs/``, with accounts.

Each sample workbook's unit gets a unit account (user name = unit code); one appraiser, one office
and one leadership account are added.  Passwords are fixed and printed: a demo is not a deployment.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from scoring.portal.rules import RULESET_FILE

DEMO_RULESET = "criteria/dvcq-minh-hoa.json"
DEMO_INPUTS = "sample_inputs"
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
    return Path(__file__).resolve().parents[2]


def demo_units(root: Path) -> list[tuple[str, str, str]]:
    """(code, name, unit type) of each sample workbook's unit, in file order."""
    from scoring.pipeline import read_submission
    from scoring.ruleset.load import load_ruleset

    ruleset = load_ruleset(root / DEMO_RULESET)
    units = {}
    for path in sorted((root / DEMO_INPUTS).glob("*.xlsx")):
        unit = read_submission(path, ruleset)[0].unit
        units.setdefault(unit.code, (unit.code, unit.name, unit.unit_type))
    return list(units.values())


def make_demo(workspace: Path, root: Path | None = None) -> list[DemoAccount]:
    """Fill ``workspace`` (Django already configured and migrated) with the demo ruleset and accounts."""
    from scoring.portal.accounts import ensure_account, unit_for

    root = root or source_root()
    shutil.copyfile(root / DEMO_RULESET, Path(workspace) / RULESET_FILE)
    made = []
    for code, name, _unit_type in demo_units(root):
        ensure_account(code, UNIT_PASSWORD, "unit", name, unit_for(code, name))
        made.append(DemoAccount(code, UNIT_PASSWORD, "unit", name))
    for username, label, role, password in STAFF:
        ensure_account(username, password, role, label)
        made.append(DemoAccount(username, password, role, label))
    return made
