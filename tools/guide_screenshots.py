"""Regenerate the user guide's screenshots from the real pages: ``python tools/guide_screenshots.py``.

Walks the whole guide exactly as ``tests/test_guide.py`` does (``dvk serve --demo`` in a
throw-away workspace, headless Chromium, the bundled sample data) and photographs the page at each
``{ảnh|…}`` mark into ``scoring/portal/static/portal/huong-dan/`` (not kept in git: the
images are made again whenever the pages change).  The portal's help pages and ``dvk huong-dan``
then show them.  ``--docx FILE`` also writes the printed guide with them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SHOTS = ROOT / "scoring" / "portal" / "static" / "portal" / "huong-dan"
WIDTH = 1024  # wide enough for the office's tables, narrow enough to read at 15 cm on paper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=Path, help="also write the printed guide here")
    parser.add_argument("--out", type=Path, default=SHOTS, help=f"screenshot folder (default {SHOTS})")
    args = parser.parse_args()
    from guidekit import Walker, sample_folder, start_serve, timeline
    from playwright.sync_api import sync_playwright
    from sysdeps import require

    from scoring.reports.guide import load_guide

    with tempfile.TemporaryDirectory(prefix="dvk-huong-dan-") as tmp:
        work = sample_folder(Path(tmp) / "lam-viec")
        proc, url = start_serve([sys.executable, "-m", "scoring", "serve", "--demo", "--port", "0",
                                 "--workspace", str(work / "cong-dvk")], ROOT)  # the guide's portal workspace
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=require("chromium"), args=["--no-sandbox"])
                walker = Walker(browser, url, work, shots=args.out, width=WIDTH)
                for part, section in timeline(load_guide()):
                    walker.walk(part, section)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    shots = sorted(args.out.glob("*.png"))
    print(f"{len(shots)} ảnh, {sum(p.stat().st_size for p in shots) // 1024} KiB: {args.out}")
    if args.docx:
        from scoring.reports.guide.printed import write_guide

        print(write_guide(args.docx, images=args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
