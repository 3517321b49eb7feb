"""Findings of a refused action are said on the next page by one helper (scoring.portal.flash),
not by a loop copied into each view: the views are read, and the helper is run on a request."""

from __future__ import annotations

import ast
from pathlib import Path

from portalkit import db, portal_workspace  # noqa: F401 - fixtures

VIEWS = Path(__file__).resolve().parents[1] / "scoring" / "portal" / "views"


def _loops_into_messages(tree: ast.AST) -> list[int]:
    """Lines of ``for … in ….findings`` loops whose body calls ``messages.error``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.iter, ast.Attribute) and node.iter.attr == "findings":
            calls = [c for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                     and c.func.attr == "error" and getattr(c.func.value, "id", "") == "messages"]
            if calls:
                found.append(node.lineno)
    return found


def test_no_view_turns_findings_into_messages_itself():
    copies = {path.name: lines for path in sorted(VIEWS.glob("*.py"))
              if (lines := _loops_into_messages(ast.parse(path.read_text(encoding="utf-8"))))}
    assert copies == {}, "gọi scoring.portal.flash.refused thay cho vòng lặp"
    users = [p.name for p in VIEWS.glob("*.py") if "refused(request, exc.findings" in p.read_text(encoding="utf-8")]
    assert len(users) >= 7, users


def test_each_finding_is_one_error_message_after_the_prefix(db):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    import scoring.engine  # noqa: F401 - registers the codes below
    from scoring.core.findings import Location, make
    from scoring.portal.flash import refused

    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    findings = [make("input-negative", Location(), field="Số", stage="tự chấm", value="-1"), make("input-missing", Location(), field="Số", stage="tự chấm")]
    refused(request, findings, "Tiêu chí 1.2: ")
    said = [(m.level_tag, m.message) for m in get_messages(request)]
    assert said == [("error", f"Tiêu chí 1.2: {f.message}") for f in findings]
