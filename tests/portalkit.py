"""Shared set-up of the portal tests: one Django configuration per test session, personas, workbooks.

Django can be configured once per process, so every portal test runs on one temporary workspace
(``portal_workspace``); the ``db`` fixture rolls each test's database changes back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
RULESET_PATH = ROOT / "criteria" / "dvcq-minh-hoa.json"
SAMPLES = ROOT / "sample_inputs"
UNIT_A, UNIT_B = "XA-MINHHOA", "SO-VIDU"
PASSWORD = "mat-khau-thu"
FAST_HASHER = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}


def sample_of(code: str) -> Path:
    return SAMPLES / f"{code.lower()}.xlsx"


@pytest.fixture(scope="session")
def portal_workspace(tmp_path_factory) -> Path:
    """A configured, migrated, empty workspace for the portal tests."""
    workspace = tmp_path_factory.mktemp("portal-workspace")
    from scoring.portal.settings import configure

    configure(workspace, overrides=FAST_HASHER)
    from scoring.workspace.store import open_workspace

    open_workspace(workspace, create=True)
    return workspace.resolve()


@pytest.fixture
def db(portal_workspace, monkeypatch):
    """Django pointed at the portal workspace; each test's database writes are rolled back."""
    from django.db import transaction

    from scoring.portal.settings import configure

    monkeypatch.delenv("DVK_DATABASE_URL", raising=False)
    configure(portal_workspace)  # the workspace tests point the process at their own folders
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield portal_workspace
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def make_account(username: str, role: str, unit_code: str = ""):
    from scoring.portal.accounts import ensure_account
    from scoring.workspace.rosterstore import unit_for

    return ensure_account(username, PASSWORD, role, username, unit_for(unit_code) if unit_code else None)


@pytest.fixture
def personas(db) -> dict:
    """unit_a, unit_b (two communes' accounts), appraiser, office, leader, and a user without a role."""
    from django.contrib.auth import get_user_model

    users = {
        "unit_a": make_account("don-vi-a", "unit", UNIT_A),
        "unit_b": make_account("don-vi-b", "unit", UNIT_B),
        "appraiser": make_account("tham-dinh", "appraiser"),
        "office": make_account("van-phong", "office"),
        "leader": make_account("lanh-dao", "leader"),
        "nobody": get_user_model().objects.create_user("khong-vai-tro", password=PASSWORD),
    }
    return users


@pytest.fixture
def roster(personas, db, tmp_path) -> object:
    """An open round of the bundled ruleset whose roster lists unit A (commune) and unit B (department)."""
    from scoring.workspace.rounds import RoundSpec, create_round
    from scoring.workspace.store import Workspace

    listing = tmp_path / "danh-sach.csv"
    listing.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\n"
                       f"{UNIT_A},UBND xã Minh Họa,ubnd_xa\n{UNIT_B},Sở Ví Dụ,so_ban_nganh\n", encoding="utf-8")
    return create_round(Workspace(db), RoundSpec(
        ruleset_path=RULESET_PATH, year=2025, code="2025-nam", deadlines={"submission": "31/12/2099"},
        roster_path=listing), who="van-phong")


def collect_sample(workspace: Path, round_, code: str) -> None:
    """The unit's sample workbook collected into the round by the office (as ``dvk round collect``)."""
    from scoring.workspace.collect import collect
    from scoring.workspace.store import Workspace

    collect(Workspace(workspace), round_.code, [sample_of(code)], who="van-phong", jobs=1)


def client_for(user=None, **options):
    """A test client, signed in as ``user`` when given."""
    from django.test import Client

    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client
