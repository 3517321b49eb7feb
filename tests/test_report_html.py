"""bao-cao.html in headless Chromium: fits a 390 px phone and a 1280 px screen, sorts, says what matters.

The page is loaded in an iframe of the tested width inside a small host page, whose script records
the page's scroll width against its client width (and the effect of clicking a column heading)
into the DOM that ``--dump-dom`` prints.  Headless Chromium will not make a window narrower than
500 px, an iframe has exactly the width asked for.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sysdeps import require

from scoring.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (390, 1280)
_HOST = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="bao-cao.html" style="width:{width}px;height:900px;border:0"></iframe>
<script>
var f = document.getElementById("f");
f.addEventListener("load", function () {{
  var d = f.contentDocument, root = d.documentElement, table = d.querySelector("table.sap-xep");
  var before = root.scrollWidth + " " + root.clientWidth;
  var button = table.querySelectorAll("th button")[{column}];
  button.click(); button.click();  /* twice: descending */
  var values = Array.prototype.map.call(table.tBodies[0].rows, function (r) {{
    return r.cells[{column}].textContent.trim(); }});
  document.body.setAttribute("data-width", before);
  document.body.setAttribute("data-sorted", values.join("|"));
}});
</script></body></html>"""


@pytest.fixture(scope="session")
def page_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "out"
    assert main(["rank", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs"),
                 "--out", str(out), "--quiet"]) == 0
    return out


def _chromium(args: list[str]) -> str:
    done = subprocess.run([require("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--allow-file-access-from-files", *args],
                          capture_output=True, text=True, timeout=120)
    return done.stdout


@pytest.fixture(scope="session")
def measured(page_dir) -> dict[int, tuple[int, int, list[str]]]:
    """Per width: (scroll width, client width, the "Điểm" column after sorting it descending)."""
    column = 4  # Hạng, Tên, Mã, Tự chấm, Điểm
    found = {}
    for width in WIDTHS:
        host = page_dir / f"do-{width}.html"
        host.write_text(_HOST.format(width=width, column=column), encoding="utf-8")
        dom = _chromium(["--virtual-time-budget=10000", "--dump-dom", host.as_uri()])
        host.unlink()
        scroll, client = map(int, re.search(r'data-width="(\d+) (\d+)"', dom).groups())
        found[width] = (scroll, client, re.search(r'data-sorted="([^"]*)"', dom).group(1).split("|"))
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_page_does_not_scroll_sideways(measured, width):
    scroll, client, _ = measured[width]
    assert client <= width and scroll <= client


def test_clicking_a_heading_sorts_the_full_ranking(measured, page_dir):
    values = measured[1280][2]
    numbers = [Decimal(v.replace(",", ".")) for v in values]
    assert numbers == sorted(numbers, reverse=True)
    page = (page_dir / "bao-cao.html").read_text(encoding="utf-8")
    assert len(values) == page.count("</tr>", page.index("sap-xep"), page.index("</table>", page.index("sap-xep"))) - 1


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshot_at_phone_and_desktop_width(page_dir, tmp_path, width):
    shot = tmp_path / f"bao-cao-{width}.png"
    _chromium(["--hide-scrollbars", f"--screenshot={shot}", f"--window-size={width},1200",
               (page_dir / "bao-cao.html").as_uri()])
    header = shot.read_bytes()[:24]
    assert header.startswith(b"\x89PNG") and int.from_bytes(header[16:20], "big") == width


def test_every_unit_is_listed_with_issuer_date_viewport_and_print_css(page_dir):
    import json

    page = (page_dir / "bao-cao.html").read_text(encoding="utf-8")
    results = json.loads((page_dir / "ket-qua.json").read_text(encoding="utf-8"))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media print" in page and "break-after:avoid" in page and "size:A4" in page
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Lập ngày " in page
    for unit in results["units"]:
        assert f"<td class=\"phu\">{unit['unit_code']}</td>" in page
    assert page.count('class="sap-xep"') == len({u["block"] for u in results["units"]})
    # the criterion groups are named next to their codes; the CSV files are explained
    assert "Nhóm tiêu chí" in page and "Lãnh đạo, chỉ đạo" in page
    assert "xep-hang.xlsx" in page and "From Text/CSV" in page
