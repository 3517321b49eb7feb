"""``dvk co-quan`` and the office arguments of other commands (issue 25 item 1), on SQLite and
PostgreSQL: offices declared under their higher office, a round put under an office, and every
refusal (unknown code, cycle, bad code) said in Vietnamese naming the argument, exit 1, no traceback."""

from __future__ import annotations

import pytest

from test_offices_handoff import run
from wsfixtures import RULESET, backend, fresh_workspace, pg_url, ws  # noqa: F401 - fixtures


@pytest.fixture
def cli(ws):  # noqa: F811
    from django.db import connections

    connections.close_all()  # the commands open the workspace themselves
    return lambda *argv: run(ws, *argv)


def test_offices_are_declared_listed_and_moved_and_rounds_put_under_them(cli):
    code, out, err = cli("co-quan", "ds")
    assert code == 0 and "Chưa khai báo cơ quan nào" in out, err
    assert cli("co-quan", "them", "TINH", "--ten", "Ban Dân vận tỉnh")[0] == 0
    code, out, err = cli("co-quan", "them", "HUYEN-A", "--ten", "Phòng Nội vụ huyện A", "--cap-tren", "tinh")
    assert code == 0 and "Đã khai báo cơ quan HUYEN-A (Phòng Nội vụ huyện A), cấp trên: TINH" in out, err
    assert cli("co-quan", "them", "HUYEN-B", "--ten", "Phòng Nội vụ huyện B", "--cap-tren", "TINH")[0] == 0
    code, out, err = cli("round", "new", str(RULESET), "--year", "2025", "--code", "a-2025", "--co-quan", "HUYEN-A")
    assert code == 0, err
    assert cli("round", "new", str(RULESET), "--year", "2025", "--code", "goc-2025")[0] == 0
    code, out, err = cli("co-quan", "ds")
    assert code == 0 and out.splitlines()[1:] == ["  TINH (Ban Dân vận tỉnh): 0 đợt, 0 tài khoản",
                                                  "    HUYEN-A (Phòng Nội vụ huyện A): 1 đợt, 0 tài khoản",
                                                  "    HUYEN-B (Phòng Nội vụ huyện B): 0 đợt, 0 tài khoản"], out
    code, out, err = cli("co-quan", "dot", "a-2025", "--co-quan", "HUYEN-B")
    assert code == 0 and "Đợt a-2025 nay thuộc cơ quan HUYEN-B" in out, err
    code, out, err = cli("co-quan", "cap-tren", "HUYEN-B", "--truc-thuoc-goc")
    assert code == 0 and "nay trực thuộc cơ quan của không gian làm việc" in out, err
    from scoring.workspace.models import AuditEntry, Round

    assert dict(Round.objects.values_list("code", "office__code")) == {"a-2025": "HUYEN-B", "goc-2025": None}
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"office-added", "office-moved", "round-office"}


@pytest.mark.parametrize("argv, code, argument", [
    (("co-quan", "them", "HUYEN-C", "--ten", "Huyện C", "--cap-tren", "KHONG-CO"), "office-unknown", "--cap-tren"),
    (("co-quan", "them", "TINH", "--ten", "Trùng"), "office-exists", "MÃ"),
    (("co-quan", "them", "huyện c", "--ten", "Huyện C"), "office-bad-code", "MÃ"),
    (("co-quan", "cap-tren", "TINH", "--cap-tren", "HUYEN-A"), "office-cycle", "--cap-tren"),
    (("co-quan", "dot", "a-2025", "--co-quan", "KHONG-CO"), "office-unknown", "--co-quan"),
    (("round", "new", str(RULESET), "--year", "2025", "--code", "x-2025", "--co-quan", "KHONG-CO"), "office-unknown",
     "--co-quan"),
    (("cap-tren", "tong-hop", "--cua", "KHONG-CO"), "office-unknown", "--cua"),
])
def test_every_refusal_names_the_argument(cli, argv, code, argument):
    assert cli("co-quan", "them", "TINH", "--ten", "Tỉnh")[0] == 0
    assert cli("co-quan", "them", "HUYEN-A", "--ten", "Huyện A", "--cap-tren", "TINH")[0] == 0
    assert cli("round", "new", str(RULESET), "--year", "2025", "--code", "a-2025")[0] == 0
    done, out, err = cli(*argv)
    assert done == 1 and f"[{code}]" in err and argument in err and "Traceback" not in err, (out, err)
    from scoring.workspace.models import Office, Round

    assert Office.objects.count() == 2 and Round.objects.count() == 1 and Round.objects.get().office_id is None
