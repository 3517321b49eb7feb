"""The office's round set-up from the browser: library calls only, no requests.

A new round is :func:`scoring.workspace.rounds.create_round` and a roster is
:func:`scoring.workspace.rounds.import_roster`, exactly what ``dvk round new`` and
``dvk round roster`` call, with the account as actor.  Uploaded files are written to a temporary
folder (outside the workspace) under the name they had on the user's computer, so findings name
the file as the office knows it, and removed afterwards.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any, Iterator

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.uploads import plain_name, write_chunks


@contextlib.contextmanager
def saved_upload(uploaded: Any) -> Iterator[Path | None]:
    """The uploaded file (a Django ``UploadedFile``) as a temporary file with its own name; None if absent."""
    if uploaded is None:
        yield None
        return
    from scoring.workspace.leftovers import upload_folder

    folder = upload_folder()
    try:
        yield write_chunks(folder / plain_name(uploaded.name), uploaded.chunks())[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def new_round(ws: Any, data: dict[str, Any], roster: Path | None, who: str, office: Any = None) -> Any:
    """Create the round the office's form describes (``data``: the form's cleaned data), of the
    signed-in account's ``office`` (None: the workspace's own)."""
    from scoring.portal.office_forms import DEADLINES
    from scoring.portal.rulesets import ruleset_file
    from scoring.workspace.rounds import RoundSpec, create_round

    with ruleset_file(data["bo_tieu_chi"]) as path:
        if path is None:
            raise DvkError([make("portal-ruleset-unknown", Location(field="bo_tieu_chi"))])
        spec = RoundSpec(ruleset_path=path, year=data["nam"], period=data["ky"], period_name=data["ten_ky"],
                         code=data["ma"] or None, name=data["ten"] or None,
                         deadlines={kind: data[name] for name, kind in DEADLINES.items() if data[name]},
                         roster_path=roster, has_appraisal=not data.get("khong_tham_dinh"),
                         office=office.code if office is not None else None)
        return create_round(ws, spec, who)


def roster_rows(round_: Any) -> list[dict[str, str]]:
    """The round's roster as the office reads it (block, then code), with unit type and block names."""
    from scoring.workspace.rosterstore import roster_entries
    from scoring.workspace.rounds import ruleset_of

    ruleset = ruleset_of(round_)
    types = {t.id: t.name for t in ruleset.unit_types}
    blocks = {b.id: b.name for b in ruleset.blocks}
    return [{"code": e.unit.code, "name": e.name, "unit_type": types.get(e.unit_type, e.unit_type),
             "block": blocks.get(e.block, e.block)}
            for e in roster_entries(round_)]
