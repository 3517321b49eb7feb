"""A unit's upload when the office closes the round while it is being read (issue 27.1): the page
says why it was refused and nothing is recorded (the two-connection race: test_round_close_race.py)."""

from __future__ import annotations

import html
import io

from portalkit import UNIT_A, client_for, db, personas, portal_workspace, roster, sample_of  # noqa: F401


def test_an_upload_overtaken_by_the_close_is_refused_on_the_page(personas, roster, monkeypatch):
    import scoring.workspace.blobs as blobs
    from scoring.workspace.models import Submission
    from scoring.workspace.rounds import move_round

    real = blobs.store_blobs

    def close_then_store(*args, **kwargs):  # the round was open when the upload was checked
        move_round(roster.code, "closed", who="van-phong")
        return real(*args, **kwargs)

    monkeypatch.setattr(blobs, "store_blobs", close_then_store)
    data = io.BytesIO(sample_of(UNIT_A).read_bytes())
    data.name = "bang-tu-cham.xlsx"
    response = client_for(personas["unit_a"]).post("/don-vi/nop/", {"tep": data}, follow=True)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Đợt đang ở trạng thái 'Đã khóa nhận hồ sơ': không nhận hồ sơ được nữa." in page
    assert not Submission.objects.filter(round=roster).exists()
