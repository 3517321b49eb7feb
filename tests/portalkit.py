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


def make_account(username: str, role: str, unit_code: str = "", unit_type: str = ""):
    from django.contrib.auth import get_user_model

    from scoring.portal.models import Account

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Account.objects.create(user=user, role=role, unit_code=unit_code, unit_name=unit_code, unit_type=unit_type)
    return user


@pytest.fixture
def personas(db) -> dict:
    """unit_a, unit_b (two communes' accounts), appraiser, office, leader, and a user without a role."""
    from django.contrib.auth import get_user_model

    users = {
        "unit_a": make_account("don-vi-a", "unit", UNIT_A, "ubnd_xa"),
        "unit_b": make_account("don-vi-b", "unit", UNIT_B, "so_ban_nganh"),
        "appraiser": make_account("tham-dinh", "appraiser"),
        "office": make_account("van-phong", "office"),
        "leader": make_account("lanh-dao", "leader"),
        "nobody": get_user_model().objects.create_user("khong-vai-tro", password=PASSWORD),
    }
    return users


def client_for(user=None, **options):
    """A test client, signed in as ``user`` when given."""
    from django.test import Client

    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client
