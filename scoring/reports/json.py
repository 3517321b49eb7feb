"""``ket-qua.json``: every result with its ranks, class after quotas and notes, and every rejected file.

The format (``"format": "dvk-ket-qua"``, ``"format_version": 1``) is what ``dvk compare`` reads:

    {"format", "format_version", "ruleset": {id, version, title, status, fingerprint},
     "year", "policy": [...], "counts": {...},
     "class_changes": [{"unit_code", "score_band", "band_label", "reasons": [...]}],
     "units": [{"unit_code", "block", "rank", "overall_rank", "band_id", "band_label",
                "demotion": {from_band, to_band, reason} | null, "notes": [...],
                "result": Result.to_dict()}],
     "rejected": [{"file", "unit_code", "findings": [Finding.to_dict()]}],
     "skipped": [...], "notes": [...],
     "roster": {"missing": [{code, name, block, state}], "late": [{code, name, block, received_at, deadline}]},
     "has_appraisal": true | false,
     "correction": {"number", "reason", "publication", "previous": {"number", "date"},
                    "units": [{"unit_code", "name", "block", "changed": [...], "before": {total, percent,
                               band_label, rank, overall_rank} | null, "after": {...} | null}]}}

``"roster"`` and ``"has_appraisal"`` (whether the round had the council's appraisal stage; absent
from publications before it was written, which readers take as not known) are written only for a
round's publication (:mod:`scoring.reports.roll`),
``"correction"`` only for a publication that corrects the previous one (:mod:`scoring.reports.correction`).

The file is written by :class:`UnitEncoder`, which produces exactly the text of ``json.dumps`` (compact
separators, ``ensure_ascii=False``) of :func:`results_document` without building the dicts: a round
repeats the same criteria, groups and point values thousands of times, so each distinct criterion,
group and pool line is encoded once and reused as UTF-8 bytes.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, Callable, Sequence

from scoring.engine.exceptions import exceptions
from scoring.engine.ranking import RankedUnit, Ranking
from scoring.engine.result import (
    CriterionResult,
    NodeTotal,
    PoolLine,
    Result,
    StageScore,
    Totals,
    _jsonable,
    _num,
)
from scoring.intake.batch import Batch
from scoring.reports.roll import RoundRoll, roll_document
from scoring.rules.load import fingerprint
from scoring.rules.models import Ruleset

FORMAT = "dvk-ket-qua"
FORMAT_VERSION = 1


def results_document(ruleset: Ruleset, batch: Batch, ranking: Ranking,
                     roll: RoundRoll | None = None) -> dict[str, Any]:
    """The JSON-ready document of a ranking round (with its roll, for a round's publication)."""
    units = {"units": [_unit(unit) for unit in ranking.overall]}
    return _head(ruleset, batch, ranking) | units | _tail(batch, roll)


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
        "class_changes": [{"unit_code": e.unit.unit_code, "score_band": e.score_band, "band_label": e.band,
                           "reasons": list(e.reasons)} for e in exceptions(ranking)],
    }


def _tail(batch: Batch, roll: RoundRoll | None = None) -> dict[str, Any]:
    tail = {
        "rejected": [{"file": r.file, "unit_code": r.unit_code, "findings": [f.to_dict() for f in r.findings]}
                     for r in batch.rejected],
        "skipped": list(batch.skipped),
        "notes": list(batch.notes),
    }
    if roll is None:
        return tail
    if roll.correction is not None:
        from scoring.reports.correction import correction_document

        tail["correction"] = correction_document(roll.correction)
    return tail | {"roster": roll_document(roll), "has_appraisal": roll.has_appraisal}


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
#: Distinct fragments kept per kind before the cache starts over (bounds memory on odd inputs).
CACHE_MAX = 200_000

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_BOOL = {True: "true", False: "false"}


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _scalar(value: Any) -> str:
    """JSON of a plain int, str, bool or None (anything else goes through the encoder)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is bool or value is None:
        return "null" if value is None else _BOOL[value]
    return repr(value) if kind is int else _encode(value)


def _itself(record: NodeTotal | PoolLine) -> tuple:
    """Node totals and pool lines are NamedTuples of hashable fields: each is its own cache key.

    Decimals compare by value there (2 == 2.00), which is exact here: a JSON number is the
    decimal's value without trailing zeros, so equal decimals are written identically.
    """
    return record


class UnitEncoder:
    """Encodes ranked units as the UTF-8 bytes of their JSON, reusing repeated fragments.

    Each cache key holds every field its fragment is built from, so a hit is exact: node totals
    and pool lines are their own keys (see :func:`_itself`), a criterion's scored part is keyed
    by the identities of its shared stage scores, and the other decimals by their text;
    booleans are keyed as themselves (the engine only puts ``bool`` in boolean fields).
    """

    def __init__(self) -> None:
        self._numbers: dict[str, str] = {}
        self._nodes: dict[tuple, bytes] = {}
        self._scored: dict[tuple, tuple[Any, Any, str]] = {}
        self._pool: dict[tuple, bytes] = {}
        # node and criterion texts up to their points (the two kinds of key differ in length)
        self._heads: dict[tuple, str] = {}
        self._stages: dict[tuple, str] = {}

    def unit(self, unit: RankedUnit, out: list[bytes]) -> None:
        """Append the parts of ``unit``'s JSON object to ``out``."""
        demotion = unit.demotion
        moved = "null" if demotion is None else (
            f'{{"from_band":{_scalar(demotion.from_band)},"to_band":{_scalar(demotion.to_band)},'
            f'"reason":{_scalar(demotion.reason)}}}')
        notes = "[" + ",".join(map(_scalar, unit.notes)) + "]" if unit.notes else "[]"
        out.append(
            f'{{"unit_code":{_scalar(unit.unit_code)},"block":{_text(unit.result.block_id)},'
            f'"rank":{_scalar(unit.rank)},"overall_rank":{_scalar(unit.overall_rank)},'
            f'"band_id":{_scalar(unit.band_id)},"band_label":{_scalar(unit.band_label)},"demotion":{moved},'
            f'"notes":{notes},"result":'.encode())
        self.result(unit.result, out)
        out.append(b"}")

    def result(self, r: Result, out: list[bytes]) -> None:
        """Append the parts of ``json.dumps(r.to_dict())`` (compact, not ASCII-escaped) to ``out``."""
        out.append(
            f'{{"ruleset":{{"id":{_text(r.ruleset_id)},"version":{_text(r.ruleset_version)}}},'
            f'"unit":{{"code":{_text(r.unit_code)},"name":{_text(r.unit_name)},"unit_type":{_text(r.unit_type)},'
            f'"unit_type_name":{_text(r.unit_type_name)},"block":{_text(r.block_id)},'
            f'"block_name":{_text(r.block_name)}}},"year":{_scalar(r.year)},"source":{_text(r.source)},'
            f'"appraised":{_BOOL[r.appraised]},"self":{self.totals(r.self_totals)},'
            f'"final":{self.totals(r.final)},"nodes":['.encode())
        self._array(out, r.nodes, self._nodes, _itself, self.node)
        out.append(b'],"criteria":[')
        self._criteria(out, r.criteria)
        out.append(b'],"pool":[')
        self._array(out, r.pool, self._pool, _itself, self.pool_line)
        findings = _encode([_jsonable(f.to_dict()) for f in r.findings]) if r.findings else "[]"
        out.append(f'],"findings":{findings}}}'.encode())

    def _array(self, out: list[bytes], items: Sequence[Any], cache: dict[tuple, bytes],
               key_of: Callable[[Any], tuple], encode: Callable[[Any], str]) -> None:
        """Append the array items' fragments (cached with a leading comma; the first drops it)."""
        for item in items:
            key = key_of(item)
            try:
                out.append(cache[key])
            except KeyError:
                out.append(self._store(cache, key, encode(item)))
        if items:
            out[-len(items)] = out[-len(items)][1:]

    @staticmethod
    def _keep(cache: dict[tuple, str], key: tuple, text: str) -> str:
        if len(cache) >= CACHE_MAX:
            cache.clear()
        cache[key] = text
        return text

    @staticmethod
    def _store(cache: dict[tuple, bytes], key: tuple, text: str) -> bytes:
        if len(cache) >= CACHE_MAX:
            cache.clear()
        part = cache[key] = b"," + text.encode()
        return part

    def number(self, value: Decimal | None) -> str:
        """The JSON text of a point value (as :func:`scoring.engine.result._num` makes it)."""
        if value is None:
            return "null"
        key = str(value)
        try:
            return self._numbers[key]
        except KeyError:
            if len(self._numbers) >= CACHE_MAX:
                self._numbers.clear()
            number = _num(value)
            # what the C encoder writes for an int or a finite float, without building an encoder
            text = repr(number) if number.__class__ is int or math.isfinite(number) else _encode(number)
            self._numbers[key] = text
            return text

    def totals(self, t: Totals) -> str:
        num = self.number
        reasons = _encode(list(t.gate_reasons)) if t.gate_reasons else "[]"
        lines = ",".join(f'{{"text":{_text(text)},"points":{num(points)}}}' for text, points in t.lines)
        return (f'{{"base":{num(t.base)},"bonus":{num(t.bonus)},"deductions":{num(t.deductions)},'
                f'"total":{num(t.total)},"applicable_max":{num(t.applicable_max)},"percent":{num(t.percent)},'
                f'"band_id":{_text(t.band_id)},"band_label":{_text(t.band_label)},'
                f'"classified":{_BOOL[t.classified]},"band_before_gates":{_text(t.band_before_gates)},'
                f'"gate_reasons":{reasons},"explanation":[{lines}]}}')

    def node(self, n: NodeTotal) -> str:
        key = (n.id, n.name, n.depth, n.is_group, str(n.max))
        head = self._heads.get(key)
        if head is None:  # the part every unit shares
            head = self._keep(self._heads, key, (
                f'{{"id":{_text(n.id)},"name":{_text(n.name)},"depth":{_scalar(n.depth)},'
                f'"is_group":{_BOOL[n.is_group]},"max":{self.number(n.max)},"self_points":'))
        return f'{head}{self.number(n.self_points)},"final_points":{self.number(n.final_points)}}}'

    def stage(self, s: StageScore | None) -> str:
        if s is None:
            return "null"
        key = (str(s.points), s.explanation, s.applicable, s.valid)
        text = self._stages.get(key)
        if text is None:
            text = self._keep(self._stages, key, (
                f'{{"points":{self.number(s.points)},"explanation":{_text(s.explanation)},'
                f'"applicable":{_BOOL[s.applicable]},"valid":{_BOOL[s.valid]}}}'))
        return text

    def _criteria(self, out: list[bytes], criteria: Sequence[CriterionResult]) -> None:
        """Append the criteria array's items as bytes: the cached part their scores decide (kept
        encoded, with a leading comma the first drops), then each unit's own texts."""
        first = len(out)
        for c in criteria:
            own, appraisal = c.self, c.appraisal
            # The engine shares one StageScore among every unit that entered the same inputs, so
            # the scores' identities find the cached part; the entry keeps them alive and checks them.
            key = (id(own), id(appraisal), c.id, c.name, c.max, c.applies, c.final_stage)
            hit = self._scored.get(key)
            if hit is None or hit[0] is not own or hit[1] is not appraisal:
                hit = (own, appraisal, b"," + self._scored_part(c).encode())
                if len(self._scored) >= CACHE_MAX:
                    self._scored.clear()
                self._scored[key] = hit
            out.append(hit[2])
            evidence, note, appraisal_note = c.evidence, c.note, c.appraisal_note  # mostly None
            out.append(b'"evidence":%s,"note":%s,"appraisal_note":%s}' % (
                b"null" if evidence is None else encode_basestring(evidence).encode(),
                b"null" if note is None else encode_basestring(note).encode(),
                b"null" if appraisal_note is None else encode_basestring(appraisal_note).encode()))
        if len(out) > first:
            out[first] = out[first][1:]

    def _scored_part(self, c: CriterionResult) -> str:
        own, appraisal = c.self, c.appraisal
        diff = None if own is None or appraisal is None else appraisal.points - own.points
        key = (c.id, c.name, str(c.max), c.applies)
        head = self._heads.get(key)
        if head is None:
            head = self._keep(self._heads, key, (
                f'{{"id":{_text(c.id)},"name":{_text(c.name)},"max":{self.number(c.max)},'
                f'"applies":{_BOOL[c.applies]},"self":'))
        return (f'{head}{self.stage(own)},"appraisal":{self.stage(appraisal)},'
                f'"final_stage":{_text(c.final_stage)},"diff":{self.number(diff)},')

    def pool_line(self, p: PoolLine) -> str:
        num = self.number
        return (f'{{"id":{_text(p.id)},"name":{_text(p.name)},"pool":{_text(p.pool)},'
                f'"points_each":{num(p.points_each)},"self_count":{_scalar(p.self_count)},'
                f'"appraisal_count":{_scalar(p.appraisal_count)},"final_count":{_scalar(p.final_count)},'
                f'"appraisal_note":{"null" if p.appraisal_note is None else _text(p.appraisal_note)},'
                f'"entered":{_encode(p.entered and list(p.entered))},"limit":{_scalar(p.limit)},'
                f'"final_points":{num(p.final_points)}}}')


def result_json(result: Result) -> str:
    """``json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))``, encoded directly."""
    out: list[bytes] = []
    UnitEncoder().result(result, out)
    return b"".join(out).decode()


def write_json(path: Path, ruleset: Ruleset, batch: Batch, ranking: Ranking,
               roll: RoundRoll | None = None) -> Path:
    """Write the document as one line, chunk by chunk; the text equals ``json.dumps`` of
    :func:`results_document` with ``separators=(",", ":")`` and ``ensure_ascii=False``."""
    encoder, units = UnitEncoder(), ranking.overall
    with open(path, "wb") as handle:
        handle.write((_encode(_head(ruleset, batch, ranking))[:-1] + ',"units":[').encode())
        for start in range(0, len(units), CHUNK):
            out: list[bytes] = [b","] if start else []
            for i, unit in enumerate(units[start:start + CHUNK]):
                if i:
                    out.append(b",")
                encoder.unit(unit, out)
            handle.write(b"".join(out))
        handle.write(("]," + _encode(_tail(batch, roll))[1:] + "\n").encode())
    return path
