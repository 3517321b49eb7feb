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
    """A configured, migrated workspace holding the bundled illustrative ruleset."""
    workspace = tmp_path_factory.mktemp("portal-workspace")
    from scoring.portal.settings import configure

    configure(workspace, overrides=FAST_HASHER)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from scoring.portal.rules import RULESET_FILE

    shutil.copyfile(RULESET_PATH, workspace / RULESET_FILE)
    return workspace


@pytest.fixture
def db(portal_workspace):
    """Each test's database writes are rolled back afterwards."""
    from django.db import transaction

    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield portal_workspace
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def make_account(username: str, role: str, unit_code: str = ""):
    from scoring.portal.accounts import ensure_account, unit_for

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
def roster(personas) -> object:
    """A round of the bundled ruleset whose roster lists unit A (commune) and unit B (department)."""
    import datetime as dt

    from scoring.ruleset.load import fingerprint, load_ruleset
    from scoring.workspace.models import Round, RosterEntry, RulesetVersion, Unit

    ruleset = load_ruleset(RULESET_PATH)
    stored = RulesetVersion.objects.create(ruleset_id=ruleset.id, version=ruleset.version,
                                           fingerprint=fingerprint(ruleset), title=ruleset.title,
                                           source_json=RULESET_PATH.read_text(encoding="utf-8"),
                                           stored_at=dt.datetime.now(dt.timezone.utc))
    round_ = Round.objects.create(code="2025-nam", name="Đánh giá năm 2025", ruleset=stored, year=2025,
                                  period="nam", created_at=dt.datetime.now(dt.timezone.utc), created_by="test")
    for code, unit_type, block in ((UNIT_A, "ubnd_xa", "khoi_xa"), (UNIT_B, "so_ban_nganh", "khoi_tinh")):
        unit = Unit.objects.get(code=code)
        RosterEntry.objects.create(round=round_, unit=unit, name=unit.name or code, unit_type=unit_type, block=block)
    return round_


def client_for(user=None, **options):
    """A test client, signed in as ``user`` when given."""
    from django.test import Client

    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client
