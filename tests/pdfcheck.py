"""A person's eye on a rendered PDF, automated: page size, smallest text, overlapping lines, texts.

Documents are rendered by LibreOffice (``render``) once per session and inspected with pdfplumber.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

A4_PT = (595.3, 841.9)
MIN_TEXT_PT = 10.0
#: Two words overlap when their boxes share more than this many points in both directions (words,
#: not lines: a line that mixes 14 pt and 11 pt text in two columns is taller than either column).
OVERLAP_PT = 1.0


def render(soffice: str, sources: list[Path], out_dir: Path) -> dict[str, Path]:
    """Convert every source to PDF in one LibreOffice run; return {source name: pdf path}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dvk-test-soffice-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, sources)],
                       check=True, capture_output=True, timeout=600, env={"HOME": profile, "PATH": "/usr/bin:/bin"})
    made = {source.name: out_dir / f"{source.stem}.pdf" for source in sources}
    missing = [name for name, pdf in made.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice did not render {missing}"
    return made


@dataclass
class Page:
    number: int
    width: float
    height: float
    text: str
    min_size: float
    overlaps: list[tuple[str, str]]
    #: The rightmost point any character reaches (text cut at the page edge reaches the edge).
    right_edge: float = 0.0

    @property
    def is_a4(self) -> bool:
        size = sorted((self.width, self.height))
        return abs(size[0] - A4_PT[0]) < 2 and abs(size[1] - A4_PT[1]) < 2


def inspect(pdf: Path) -> list[Page]:
    """Every page's size, text, smallest character size and overlapping text lines."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            chars = [c for c in page.chars if c["text"].strip()]
            words = page.extract_words(keep_blank_chars=False, x_tolerance=1.5)
            pages.append(Page(number, float(page.width), float(page.height), page.extract_text() or "",
                              min((float(c["size"]) for c in chars), default=99.0), _overlaps(words),
                              max((float(c["x1"]) for c in chars), default=0.0)))
    return pages


def _overlaps(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap (text printed over other text)."""
    found = []
    ordered = sorted(words, key=lambda word: word["top"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b["top"] >= a["bottom"] - OVERLAP_PT:
                break
            vertical = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            horizontal = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            if vertical > OVERLAP_PT and horizontal > OVERLAP_PT:
                found.append((a["text"][:40], b["text"][:40]))
    return found


def problems(pages: list[Page]) -> list[str]:
    """What a reader would object to: non-A4 pages, text under 10 pt, overlapping lines."""
    found = []
    for page in pages:
        if not page.is_a4:
            found.append(f"page {page.number}: {page.width:.0f}x{page.height:.0f} pt is not A4")
        if page.min_size < MIN_TEXT_PT:
            found.append(f"page {page.number}: text at {page.min_size:.1f} pt")
        found += [f"page {page.number}: '{a}' overlaps '{b}'" for a, b in page.overlaps]
    return found


def full_text(pages: list[Page]) -> str:
    """The document's text with runs of whitespace made single spaces."""
    return " ".join(" ".join(page.text.split()) for page in pages)
