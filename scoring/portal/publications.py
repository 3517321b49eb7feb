"""A round's publications as the office's page lists them, and the documents it may download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: file name -> (what the page calls it, content type); only these are offered for download.
DOWNLOADS = {
    "xep-hang.xlsx": ("Bảng xếp hạng (Excel)",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "bao-cao.docx": ("Báo cáo (Word)",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "bao-cao.pdf": ("Báo cáo (PDF)", "application/pdf"),
    "de-nghi-khen-thuong.xlsx": ("Đề nghị khen thưởng (Excel)",
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "nguon-du-lieu.csv": ("Nguồn dữ liệu của từng đơn vị (CSV)", "text/csv; charset=utf-8"),
    "dinh-chinh.csv": ("Đính chính: đơn vị thay đổi so với lần trước (CSV)", "text/csv; charset=utf-8"),
}


def publications(round_: Any) -> list[dict[str, Any]]:
    """Each publication of the round, newest first: number, time, who, its downloadable files, and
    the correction it carries (its number, reason, previous publication and the units that changed,
    in the words the publication printed them)."""
    from scoring.portal.present import when
    from scoring.workspace.correction import corrections_by_publication
    from scoring.workspace.publication import publications_of

    corrections = corrections_by_publication(round_)
    listed = []
    for pub in publications_of(round_):
        names = {f["name"] for f in pub.files}
        files = [(name, label) for name, (label, _) in DOWNLOADS.items() if name in names]
        listed.append({"number": pub.number, "at": when(pub.at), "actor": pub.actor, "files": files,
                       "current": pub.pk == round_.current_publication_id,
                       "correction": _correction(corrections.get(pub.pk))})
    return listed


def _correction(correction: Any) -> dict[str, Any] | None:
    if correction is None:
        return None
    from scoring.reports.correction import SHORT_HEADERS, correction_sentence, short_rows
    from scoring.workspace.correction import printed

    shown = printed(correction)
    return {"number": shown.number, "sentence": correction_sentence(shown), "headers": SHORT_HEADERS,
            "rows": short_rows(shown)}


def open_correction_of(round_: Any) -> dict[str, Any] | None:
    """The round's correction under way (number, reason, the publication it corrects), or None."""
    from scoring.workspace.correction import open_correction

    opened = open_correction(round_) if round_.state == "correction" else None
    if opened is None:
        return None
    return {"number": opened.number, "reason": opened.reason, "previous": opened.previous.number}


def published_file(ws: Any, round_: Any, number: int, name: str) -> Path | None:
    """The file ``name`` of the round's publication ``number``; None unless it is a listed document."""
    from scoring.workspace.publication import publication_of

    pub = publication_of(round_, number)
    if pub is None or name not in DOWNLOADS or name not in {f["name"] for f in pub.files}:
        return None
    path = Path(ws.root) / pub.folder / name
    return path if path.is_file() else None
