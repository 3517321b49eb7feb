"""The guide as the portal's help pages: open without signing in, every section shown, and each
page's "?" link opening the section that explains it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from portalkit import client_for, db, personas, portal_workspace, roster  # noqa: F401 - fixtures
from scoring.reports.guide import load_guide


def visible(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode("utf-8"))
    return " ".join(text.split())


def test_the_index_lists_every_part_without_signing_in(db):  # noqa: F811
    response = Client().get("/huong-dan/")
    assert response.status_code == 200
    assert 'href="/huong-dan/">Hướng dẫn sử dụng</a>' in Client().get("/dang-nhap/").content.decode("utf-8")
    for part in load_guide():
        assert f'href="/huong-dan/{part.info.slug}/"' in response.content.decode("utf-8")


@pytest.mark.parametrize("part", load_guide(), ids=lambda part: part.info.slug)
def test_each_part_shows_its_sections_names_and_commands(db, part):  # noqa: F811
    response = Client().get(f"/huong-dan/{part.info.slug}/")
    assert response.status_code == 200
    html, text = response.content.decode("utf-8"), visible(response)
    for section in part.sections:
        assert f'id="{section.anchor}"' in html and section.title in text
        for block in section.blocks:
            for mark in block.marks:
                assert f"“{mark.label}”" in text
            for command in block.commands:
                assert command.line.replace('"', "&quot;") in html
    assert "{nút|" not in html and "<!--" not in html and "chỗ:" not in html


def test_an_unknown_part_is_a_vietnamese_404(db):  # noqa: F811
    response = Client().get("/huong-dan/khong-co/")
    assert response.status_code == 404 and "Không" in visible(response)


@pytest.mark.parametrize("who, url, section", [
    (None, "/dang-nhap/", "/huong-dan/don-vi/#dang-nhap"),
    ("unit_a", "/don-vi/", "/huong-dan/don-vi/#gui-bang-tinh"),
    ("unit_a", "/don-vi/dien/", "/huong-dan/don-vi/#dien-truc-tuyen"),
    ("appraiser", "/tham-dinh/", "/huong-dan/tham-dinh/#hang-doi"),
    ("office", "/van-phong/", "/huong-dan/van-phong/#tinh-hinh"),
    ("office", "/van-phong/dot-moi/", "/huong-dan/van-phong/#tao-dot"),
    ("leader", "/lanh-dao/", "/huong-dan/lanh-dao/#ket-qua"),
])
def test_every_page_has_a_question_mark_opening_its_section(personas, roster, who, url, section):  # noqa: F811
    client = client_for(personas[who]) if who else Client()
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert f'class="help-link" href="{section}"' in response.content.decode("utf-8")
