"""Names a rule author writes where the ruleset keeps ids: unit types and classes read back as
their ids, and the check's per-type hint (JSON) said as the column to fill."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from scoring.jobs.ruleset_xlsx.layout import CRITERIA_COLUMNS, PER_TYPE, POOL_COLUMNS, TABLES, unit_type_ids
from scoring.jobs.ruleset_xlsx.settings import CHOICES, SETTINGS, fold, label_of

_PER_TYPE_JSON = re.compile(r'"max_by_unit_type": \{([^{}]*)\}')
_ENTRY = re.compile(r'"([^"]+)": ([-\d.]+)')


def per_type_words(message: str, data: dict[str, Any]) -> str:
    """A per-type maximum the check spells in JSON, said as the column to fill."""
    names = {t.get("id"): t.get("name") for t in data.get("unit_types") or () if isinstance(t, dict)}

    def words(match: re.Match[str]) -> str:
        cells = [f"cột '{PER_TYPE}{names.get(i, i)}' ghi {v.replace('.', ',')}" for i, v in _ENTRY.findall(match.group(1))]
        return "; ".join(cells)
    return _PER_TYPE_JSON.sub(words, message)


#: Column heading (or "Thông tin" label) → the closed list it shows.
_CHOICES_BY_HEADING = {
    **{s.label: s.choices for s in SETTINGS if s.choices},
    **{c.header: c.choices for cols in (CRITERIA_COLUMNS, POOL_COLUMNS, *(t.columns for t in TABLES))
       for c in cols if c.choices},
}


def choice_words(message: str, heading: str) -> str:
    """Codes of the closed list shown in column ``heading`` that a message quotes ("cap"), said as
    the labels the workbook shows ('Chỉ tính số lần tối đa')."""
    choices = _CHOICES_BY_HEADING.get(heading)
    if choices is None:
        return message
    codes = {str(code) for code, _ in CHOICES[choices]}
    return re.sub(r'"([^"]+)"', lambda m: f"'{label_of(choices, m.group(1))}'" if m.group(1) in codes else m.group(0),
                  message)


def name_unit_types(data: dict[str, Any]) -> None:
    """Unit types written by name in "Đối tượng áp dụng" and a block's "Loại đơn vị", as ids (in place:
    the lists' cells are noted in the origins)."""
    types = data.get("unit_types") if isinstance(data.get("unit_types"), list) else []
    names = {fold(t["name"]): t["id"] for t in types
             if isinstance(t, dict) and isinstance(t.get("name"), str) and isinstance(t.get("id"), str)}
    lists = [b.get("unit_types") for b in data.get("blocks") or () if isinstance(b, dict)]
    for pool in ("bonus", "deductions"):
        items = data[pool].get("items") if isinstance(data.get(pool), dict) else None
        lists += [i.get("applies_to") for i in items or () if isinstance(i, dict)]
    lists += [f.get("applies_to") for f in data.get("facts") or () if isinstance(f, dict)]
    pending = list(data.get("criteria") or ())
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            lists.append(node.get("applies_to"))
            pending += node.get("children") or () if isinstance(node.get("children"), list) else ()
    for parts in lists:
        if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
            parts[:] = unit_type_ids(parts, names)


def name_classes(data: dict[str, Any], more: Iterable[dict[str, Any]] = ()) -> None:
    """Classes written by label in gates, quotas, reward rules and the records ``more`` (model
    recognition rows), as ids (an id typed there stays itself)."""
    c = data.get("classification") if isinstance(data.get("classification"), dict) else {}
    bands = c.get("bands") if isinstance(c.get("bands"), list) else []
    ids = {fold(b["label"]): b["id"] for b in bands
           if isinstance(b, dict) and isinstance(b.get("label"), str) and isinstance(b.get("id"), str)}
    rewards = data.get("rewards") if isinstance(data.get("rewards"), dict) else {}
    rules = rewards.get("rules") if isinstance(rewards.get("rules"), list) else []
    for record in [*(c.get("gates") or ()), *(c.get("quotas") or ()), *rules, *more]:
        if not isinstance(record, dict):
            continue
        for key in ("band", "demote_to"):
            if isinstance(record.get(key), str):
                record[key] = ids.get(fold(record[key]), record[key])
        for key in ("of_bands", "bands"):
            if isinstance(record.get(key), list):
                record[key][:] = [ids.get(fold(b), b) if isinstance(b, str) else b for b in record[key]]
