"""What is left of the portal's hardening: a Content-Security-Policy on every page, evidence kept
only when it is what it claims, the office's audit log page."""

from __future__ import annotations

import html

import pytest

from portalkit import (UNIT_A, client_for, collect_sample, db, personas, portal_workspace,  # noqa: F401
                       roster)


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("persona,url", [(None, "/dang-nhap/"), ("unit_a", "/don-vi/"), ("office", "/van-phong/"),
                                         ("leader", "/lanh-dao/"), ("appraiser", "/tham-dinh/"),
                                         ("unit_a", "/khong-co-trang-nay/")])
def test_every_page_sends_a_policy_that_allows_only_its_own_stylesheet(personas, roster, persona, url):
    response = client_for(personas[persona] if persona else None).get(url)
    policy = directives(response)
    assert policy["default-src"] == "'none'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
    assert "script-src" not in policy and "unsafe-inline" not in response["Content-Security-Policy"]
    assert "style=" not in page(response)  # an inline style would be blocked: none is written


def test_the_dashboard_bars_need_no_inline_style(personas, roster, db):
    collect_sample(db, roster, UNIT_A)
    text = page(client_for(personas["leader"]).get("/lanh-dao/"))
    assert 'class="bar w-100"' in text and "style=" not in text
