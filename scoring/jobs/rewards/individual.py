"""Reward rules for individuals: the persons behind recognised "Dân vận khéo" models.

A person is considered once per rule (the first rule met wins), from the register's models that
name an individual exemplar, highest recognition first.  Conditions on the unit (class, rank,
gates, minimum) apply to the person's unit as ranked in this round.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scoring.engine.proposal import Entry
from scoring.engine.ranking import Ranking
from scoring.jobs.rewards.base import unit_failure, value_text
from scoring.models_dvk.model import RECOGNISED, STATUSES, Model
from scoring.rules.extensions import RewardRule


def individuals(rule: RewardRule, ranking: Ranking, register_: Any, bands: dict[str, str],
                taken: set[tuple[str, str | None]]) -> list[Entry]:
    """Entries of ``rule`` for every individual exemplar of the register not yet proposed."""
    statuses = rule.model_statuses or RECOGNISED
    order = {status: i for i, status in enumerate(STATUSES)}
    people = sorted((m for m in register_.models if m.individual), key=lambda m: (-order[m.status], m.code))
    per_block: Counter[str] = Counter()
    entries = []
    for model in people:
        key = (model.unit_code, model.individual)
        if key in taken:
            continue
        unit = ranking.unit(model.unit_code)
        block = (unit.result.block_name or "Toàn bộ") if unit else "—"
        failure = _failure(rule, model, unit, statuses, bands, ranking.basis)
        if failure is None and rule.max_per_block is not None and per_block[block] >= rule.max_per_block:
            failure = f"Đủ điều kiện nhưng ngoài giới hạn {rule.max_per_block} người/khối"
        reason = failure or _met(model, unit, ranking.basis)
        entries.append(Entry(rule.id, rule.title, rule.subject, block, model.unit_code,
                             unit.result.unit_name if unit else model.unit_name, model.individual,
                             unit.rank if unit else None, unit.band_label if unit else "",
                             unit.value if unit else None, failure is None, reason))
        if failure is None:
            per_block[block] += 1
            taken.add(key)
    return entries


def _failure(rule: RewardRule, model: Model, unit: Any, statuses: tuple[str, ...], bands: dict[str, str],
             basis: str) -> str | None:
    if model.status not in statuses:
        wanted = " hoặc ".join(STATUSES[s] for s in statuses)
        return f"Mô hình {model.code} «{model.name}»: {model.status_label}; cần {wanted}"
    unit_rules = rule.bands or rule.rank_max or rule.no_gates or rule.min_percent is not None or rule.min_points is not None
    if unit_rules and unit is None:
        return f"Đơn vị {model.unit_code} không có trong kết quả xếp hạng đợt này"
    if unit_rules:
        failure = unit_failure(rule, unit, unit.rank, bands, basis)
        return f"Đơn vị {unit.result.unit_name}: {failure}" if failure else None
    return None


def _met(model: Model, unit: Any, basis: str) -> str:
    text = f"Điển hình của mô hình {model.code} «{model.name}», {model.status_label.lower()}"
    if unit is not None:
        text += f"; đơn vị xếp loại {unit.band_label} ({value_text(unit, basis)})"
    return text
