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
}


def publications(round_: Any) -> list[dict[str, Any]]:
    """Each publication of the round, newest first: number, time, who, and its downloadable files."""
    from scoring.portal.present import when
    from scoring.workspace.publication import publications_of

    listed = []
    for pub in publications_of(round_):
        names = {f["name"] for f in pub.files}
        files = [(name, label) for name, (label, _) in DOWNLOADS.items() if name in names]
        listed.append({"number": pub.number, "at": when(pub.at), "actor": pub.actor, "files": files,
                       "current": pub.pk == round_.current_publication_id})
    return listed


def published_file(ws: Any, round_: Any, number: int, name: str) -> Path | None:
    """The file ``name`` of the round's publication ``number``; None unless it is a listed document."""
    from scoring.workspace.publication import publication_of

    pub = publication_of(round_, number)
    if pub is None or name not in DOWNLOADS or name not in {f["name"] for f in pub.files}:
        return None
    path = Path(ws.root) / pub.folder / name
    return path if path.is_file() else None
