"""``/huong-dan/``: the user guide (:mod:`scoring.reports.guide`) as help pages, open without signing in.

Every page's "?" link (``help_url``, :func:`scoring.portal.context.portal`) opens the section that
explains it.  Screenshots are shown when ``tools/guide_screenshots.py`` has written them into
:data:`SHOTS` (they are not kept in the repository: they are regenerated from the real pages).
"""

from __future__ import annotations

from pathlib import Path

from django.http import Http404
from django.shortcuts import render

#: Where ``tools/guide_screenshots.py`` writes the guide's screenshots (served as static files).
SHOTS = Path(__file__).resolve().parent.parent / "static" / "portal" / "huong-dan"


def guide_index(request):
    from scoring.reports.guide import load_guide

    return render(request, "portal/guide_index.html", {"parts": load_guide()})


def guide_part(request, slug: str):
    from scoring.reports.guide import load_guide, part_by_slug

    part = part_by_slug(slug)
    if part is None:
        raise Http404("Không có phần hướng dẫn này.")
    sections = [{"title": s.title, "anchor": s.anchor, "groups": groups(s.blocks)} for s in part.sections]
    return render(request, "portal/guide_part.html", {"part": part, "intro": groups(part.intro),
                                                      "sections": sections, "parts": load_guide()})


def groups(blocks) -> list[dict]:
    """Blocks as the template lays them out: consecutive steps in one numbered list, bullets in one
    list; an image only when its screenshot exists."""
    out: list[dict] = []
    for block in blocks:
        if block.kind == "image":
            name = block.raw[0]
            if (SHOTS / f"{name}.png").is_file():
                out.append({"kind": "image", "src": f"portal/huong-dan/{name}.png", "caption": block.text})
            continue
        item = {"pieces": block.pieces(), "lines": block.raw}
        if out and out[-1]["kind"] == block.kind and block.kind in ("step", "bullet"):
            out[-1]["items"].append(item)
        else:
            out.append({"kind": block.kind, "items": [item]})
    return out
