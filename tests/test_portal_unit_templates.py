"""The portal hands each unit its own prefilled workbook (issue 24, item 4): name, code, type and
year filled and locked; never another unit's (there is no address naming one: 404 without an
entry, 403 for other roles); filled and sent back, it counts as the plain template would."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

from openpyxl import load_workbook

from portalkit import (RULESET_PATH, UNIT_A, UNIT_B, client_for, db, personas,  # noqa: F401
                       portal_workspace, roster)
from scoring.rules.load import load_ruleset
from scoring.workbook.layout import SHEET_META

RULESET = load_ruleset(RULESET_PATH)


def download(client, tmp_path: Path, url: str = "/don-vi/bieu-mau/") -> tuple[Path, str]:
    response = client.get(url)
    assert response.status_code == 200
    path = tmp_path / f"tai-{len(list(tmp_path.iterdir()))}.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    return path, re.search(r'filename="([^"]+)"', response["Content-Disposition"]).group(1)


def prefilled(path: Path) -> dict[str, object]:
    meta = {r[0].value: r[1].value for r in load_workbook(path)[SHEET_META].iter_rows()}
    return {k[len("prefilled_"):]: v for k, v in meta.items() if str(k).startswith("prefilled_")}


def test_each_unit_downloads_only_its_own_prefilled_workbook(personas, roster, tmp_path):
    from scoring.workbook.read import read_workbook

    got = {}
    for persona, code, name, unit_type in (("unit_a", UNIT_A, "UBND xã Minh Họa", "ubnd_xa"),
                                           ("unit_b", UNIT_B, "Sở Ví Dụ", "so_ban_nganh")):
        client = client_for(personas[persona])
        path, filename = download(client, tmp_path)
        assert prefilled(path) == {"unit_name": name, "unit_code": code, "year": 2025}
        read = read_workbook(path, RULESET).submission
        assert (read.unit.code, read.unit.name, read.unit.unit_type, read.year) == (code, name, unit_type, 2025)
        assert filename.isascii() and filename.startswith(f"bieu-mau-{code}-")
        # a query naming the other unit changes nothing: the signed-in unit's entry is the only one
        other = UNIT_B if code == UNIT_A else UNIT_A
        again, _ = download(client, tmp_path, f"/don-vi/bieu-mau/?unit={other}&don_vi={other}")
        assert prefilled(again)["unit_code"] == code
        got[code] = path.read_bytes()
    assert got[UNIT_A] != got[UNIT_B]


def test_a_unit_on_no_roster_gets_404_and_other_roles_403(personas, tmp_path):
    assert client_for(personas["unit_a"]).get("/don-vi/bieu-mau/").status_code == 404
    for persona in ("appraiser", "office", "leader", "nobody"):
        assert client_for(personas[persona]).get("/don-vi/bieu-mau/").status_code == 403


def test_a_renamed_unit_downloads_its_new_name(personas, roster, tmp_path):
    from scoring.workspace.models import RosterEntry

    client = client_for(personas["unit_a"])
    first, _ = download(client, tmp_path)
    RosterEntry.objects.filter(round=roster, unit__code=UNIT_A).update(name="UBND xã Minh Họa Mới")
    second, name = download(client, tmp_path)
    assert prefilled(first)["unit_name"] == "UBND xã Minh Họa"
    assert prefilled(second)["unit_name"] == "UBND xã Minh Họa Mới" and "minh-hoa-moi" in name


def test_the_downloaded_workbook_filled_and_sent_counts_as_the_plain_template_would(personas, roster, tmp_path):
    from scoring.engine.score import score
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.read import read_workbook
    from scoring.workbook.synth import random_submission
    from scoring.workbook.template import write_template
    from scoring.workspace.models import RosterEntry

    client = client_for(personas["unit_a"])
    path, _ = download(client, tmp_path)
    sub = random_submission(RULESET, "ubnd_xa", random.Random(7), code=UNIT_A, name="UBND xã Minh Họa", year=2025)
    filled = fill_workbook(path, RULESET, sub, tmp_path / "da-dien.xlsx")
    plain = fill_workbook(write_template(RULESET, "ubnd_xa", tmp_path / "mau.xlsx"), RULESET, sub, tmp_path / "p.xlsx")
    expected = score(RULESET, read_workbook(plain, RULESET).submission).final.total
    data = io.BytesIO(filled.read_bytes())
    data.name = "da-dien.xlsx"
    assert client.post("/don-vi/nop/", {"tep": data}).status_code == 302
    entry = RosterEntry.objects.select_related("current").get(round=roster, unit__code=UNIT_A)
    assert entry.current.status == "accepted" and entry.current.total == expected


def test_a_locked_cell_changed_in_the_downloaded_workbook_is_refused_at_its_cell(personas, roster, tmp_path):
    import html

    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.synth import random_submission
    from scoring.workspace.models import RosterEntry

    client = client_for(personas["unit_a"])
    path, _ = download(client, tmp_path)
    sub = random_submission(RULESET, "ubnd_xa", random.Random(2), code=UNIT_A, name="UBND xã Minh Họa", year=2025)
    filled = fill_workbook(path, RULESET, sub, tmp_path / "sua.xlsx", details_raw={"year": 2024})
    data = io.BytesIO(filled.read_bytes())
    data.name = "sua.xlsx"
    response = client.post("/don-vi/nop/", {"tep": data}, follow=True)
    page = html.unescape(response.content.decode("utf-8"))
    assert "Năm đánh giá trên trang 'Thông tin đơn vị' đã được điền sẵn" in page and "ô B6" in page
    assert RosterEntry.objects.get(round=roster, unit__code=UNIT_A).current is None
