"""``ket-qua.json``: every result with its ranks, class after quotas and notes, and every rejected file.

The format (``"format": "dvk-ket-qua"``, ``"format_version": 1``) is what ``dvk compare`` reads:

    {"format", "format_version", "ruleset": {id, version, title, status, fingerprint},
     "year", "policy": [...], "counts": {...},
     "units": [{"unit_code", "block", "rank", "overall_rank", "band_id", "band_label",
                "demotion": {from_band, to_band, reason} | null, "notes": [...],
                "result": Result.to_dict()}],
     "rejected": [{"file", "unit_code", "findings": [Finding.to_dict()]}],
     "skipped": [...], "notes": [...]}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scoring.batch import Batch
from scoring.ranking import Ranking, RankedUnit
from scoring.ruleset.load import fingerprint
from scoring.ruleset.models import Ruleset

FORMAT = "dvk-ket-qua"
FORMAT_VERSION = 1


def results_document(ruleset: Ruleset, batch: Batch, ranking: Ranking) -> dict[str, Any]:
    """The JSON-ready document of a ranking round."""
    return _head(ruleset, batch, ranking) | {"units": [_unit(unit) for unit in ranking.overall]} | _tail(batch)


def _head(ruleset: Ruleset, batch: Batch, ranking: Ranking) -> dict[str, Any]:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "ruleset": {"id": ruleset.id, "version": ruleset.version, "title": ruleset.title,
                    "status": ruleset.status, "fingerprint": fingerprint(ruleset)},
        "year": batch.year,
        "policy": list(ranking.policy),
        "counts": {"files": len(batch.files), "accepted": len(batch.accepted),
                   "rejected": len(batch.rejected), "skipped": len(batch.skipped),
                   "classes": ranking.class_counts()},
    }


def _tail(batch: Batch) -> dict[str, Any]:
    return {
        "rejected": [{"file": r.file, "unit_code": r.unit_code, "findings": [f.to_dict() for f in r.findings]}
                     for r in batch.rejected],
        "skipped": list(batch.skipped),
        "notes": list(batch.notes),
    }


def _unit(unit: RankedUnit) -> dict[str, Any]:
    demotion = unit.demotion
    return {
        "unit_code": unit.unit_code, "block": unit.result.block_id, "rank": unit.rank,
        "overall_rank": unit.overall_rank, "band_id": unit.band_id, "band_label": unit.band_label,
        "demotion": None if demotion is None else {"from_band": demotion.from_band,
                                                   "to_band": demotion.to_band, "reason": demotion.reason},
        "notes": list(unit.notes),
        "result": unit.result.to_dict(),
    }


#: Units encoded per write: the document is streamed, never held whole in memory.
CHUNK = 256


def write_json(path: Path, ruleset: Ruleset, batch: Batch, ranking: Ranking) -> Path:
    """Write the document as one line, unit by unit; the text equals ``json.dumps`` of
    :func:`results_document` with ``separators=(",", ":")`` and ``ensure_ascii=False``."""
    # compact, no indent: the C encoder is ~5x faster, which matters at thousands of units
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    units = ranking.overall
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(encode(_head(ruleset, batch, ranking))[:-1] + ',"units":[')
        for start in range(0, len(units), CHUNK):
            text = ",".join(encode(_unit(unit)) for unit in units[start:start + CHUNK])
            handle.write("," + text if start else text)
        handle.write("]," + encode(_tail(batch))[1:] + "\n")
    return path
