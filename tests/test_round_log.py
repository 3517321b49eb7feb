"""``dvk round log`` on SQLite and PostgreSQL (issue 27.5): a change reads back with its keys in
the order it was written (PostgreSQL's jsonb sorted them) and whole (lines were cut)."""

from __future__ import annotations

from decimal import Decimal

from test_round_collect import make_round
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

#: Keys jsonb would put in another order (it sorts by length, then bytes), a long list at the end.
CHANGE = {"state": "published", "number": 2, "units": [f"XA-{i:03}" for i in range(80)],
          "a": Decimal("0.1"), "zz-last": "Đã công bố"}


def test_a_change_reads_back_in_written_order_and_whole(ws, tmp_path):
    from scoring.workspace.audit_view import change_text, log_lines
    from scoring.workspace.models import AuditEntry
    from scoring.workspace.store import audit

    round_ = make_round(ws, tmp_path, code="kt-1")
    audit(round_, "van-phong", "published", "kt-1", before={"z": 1, "b": 2}, after=CHANGE)
    entry = AuditEntry.objects.filter(action="published").get()
    assert list(entry.after) == list(CHANGE)
    assert entry.after == CHANGE and isinstance(entry.after["a"], Decimal)
    assert list(entry.before) == ["z", "b"]
    lines = log_lines(ws, "kt-1")
    after = next(line for line in lines if line.startswith("    sau: {\"state\""))
    assert after == "    sau: " + change_text(CHANGE)
    assert len(after) > 400 and after.endswith('"zz-last": "Đã công bố"}') and "…" not in after
    assert after.index('"state"') < after.index('"number"') < after.index('"units"') < after.index('"a"')


def test_entries_without_a_change_keep_null(ws, tmp_path):
    from scoring.workspace.models import AuditEntry
    from scoring.workspace.store import audit

    round_ = make_round(ws, tmp_path, code="kt-1")
    audit(round_, "van-phong", "state-changed", "kt-1", before=None, after="closed")
    entry = AuditEntry.objects.filter(action="state-changed").get()
    assert entry.before is None and entry.after == "closed"


def test_entries_written_before_the_upgrade_read_back_after_it(ws):
    """Migration 0003 (jsonb/JSON column to text) keeps every existing entry's value."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from scoring.workspace.models import AuditEntry

    before = ("workspace", "0003_round_uid")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = MigrationExecutor(connection).loader.project_state(before).apps.get_model("workspace", "AuditEntry")
    old.objects.create(actor="van-phong", action="published", target="kt-1", at="2026-01-01T00:00:00Z",
                       before=None, after={"number": 1, "points": "1.5", "units": ["XA-1", "XA-2"]})
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    entry = AuditEntry.objects.get(target="kt-1")
    assert entry.after == {"number": 1, "points": "1.5", "units": ["XA-1", "XA-2"]} and entry.before is None
