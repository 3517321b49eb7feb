"""A higher office's round whose criterion takes a lower office's published result: its declaration.

A province's office assesses the districts' people's committees; its ruleset may score a district
by what the district's own round found ("tỷ lệ đơn vị cấp dưới xếp loại Tốt trở lên", the
submission rate, the mean percent, the number of units rated Yếu).  The round declares which
criterion takes which figure, and which roster unit is which lower office, in a small JSON file
(``dvk round cap-duoi khai-bao TỆP``)::

    {"criterion": "6.1", "figure": {"kind": "share", "classes_at_least": "tot"},
     "year": 2026, "ruleset": "dvcq-minh-hoa",
     "units": {"UBND-HUYEN-A": "Phòng Nội vụ huyện A", "UBND-HUYEN-B": "Phòng Nội vụ huyện B"}}

``figure.kind`` is one of :data:`scoring.jobs.offices.FIGURE_KINDS`: ``share`` (the units in the
chosen classes over the units with a result, or over the roster with ``"of": "roster"``),
``count`` (the units in the chosen classes), ``submission_rate``, ``mean_percent``; the classes are
chosen by ``classes`` (a list), ``classes_at_least`` or ``classes_at_most`` (one class), named as
the lower office's publication prints them or by their id ("Tốt", "tot") — checked against each
lower round when the value is taken, since the lower rulesets are theirs.  ``year`` (default the
round's) picks the lower offices' rounds; ``ruleset`` (optional, a ruleset id) picks one when an
office published several rounds that year.  An office is named as its publications were imported
(``dvk cap-tren nhap --co-quan``).

Which method takes which figure (:func:`fitting`): a ratio method (``linear_ratio``,
``percent_bands``) takes a share or the submission rate as its numerator and denominator, exact;
``index_mapping`` with ``index_max`` 100 takes a share, the submission rate or the mean percent
as the aggregate prints it (two places); ``index_mapping``, a ``count_deduction`` with one kind and
an integer fact take a count.  The value itself is :mod:`scoring.workspace.lowerfacts`'.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.workspace.stages import OPEN_STATES
from scoring.workspace.store import Workspace, actor, audit

_CLASS = {"type": "string", "minLength": 1, "maxLength": 200}
_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["criterion", "figure", "units"],
    "properties": {
        "criterion": {"type": "string", "minLength": 1, "maxLength": 200},
        "figure": {"type": "object", "additionalProperties": False, "required": ["kind"], "properties": {
            "kind": {"enum": ["share", "count", "submission_rate", "mean_percent"]},
            "classes": {"type": "array", "minItems": 1, "maxItems": 20, "items": _CLASS},
            "classes_at_least": _CLASS, "classes_at_most": _CLASS,
            "of": {"enum": ["counted", "roster"]}}},
        "year": {"type": "integer", "minimum": 1900, "maximum": 2200},
        "ruleset": {"type": "string", "minLength": 1, "maxLength": 200},
        "units": {"type": "object", "minProperties": 1, "maxProperties": 5000,
                  "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 300}},
    },
}
#: The words of each figure, for messages and the status.
FIGURE_WORDS = {"share": "tỷ lệ đơn vị theo xếp loại", "count": "số đơn vị theo xếp loại",
                "submission_rate": "tỷ lệ đơn vị nộp hồ sơ", "mean_percent": "tỷ lệ điểm bình quân"}
_PERCENTS = ("share", "submission_rate", "mean_percent")


def declare_lower(ws: Workspace, round_code: str | None, path: Path, who: str | None = None) -> dict[str, Any]:
    """``dvk round cap-duoi khai-bao``: the criterion the lower offices' results feed, as ``path``
    declares it (replacing the previous declaration), with its audit entry; the stored rule."""
    from django.db import transaction

    from scoring.workspace.models import Round
    from scoring.workspace.rounds import find_round, require_state

    who = who or actor()
    round_ = find_round(round_code)
    rule = read_declaration(path, round_)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        require_state(round_, OPEN_STATES, "khai báo tiêu chí lấy kết quả của cơ quan cấp dưới")
        before = round_.lower_rule or None
        round_.lower_rule = rule
        round_.save(update_fields=["lower_rule"])
        audit(round_, who, "lower-declared", str(path), before=before, after=rule)
    return rule


def read_declaration(path: Path, round_) -> dict[str, Any]:
    """The declaration in ``path``, checked against the round's ruleset and roster (every problem
    located by its JSON path); the rule as stored (office names with single spaces, the year set)."""
    from scoring.formats.jsonio import read_json, schema_findings
    from scoring.workspace.rounds import ruleset_of

    data = read_json(path)
    findings = schema_findings(data, _SCHEMA, Location(file=str(path)))
    if findings:
        raise DvkError(findings)
    ruleset = ruleset_of(round_)
    findings += _figure_findings(data["figure"], path)
    findings += _criterion_findings(ruleset, data["criterion"], data["figure"]["kind"], path)
    if (round_.documents_rule or {}).get("id") == data["criterion"]:  # two sources for one value: refused
        findings.append(make("lower-criterion-taken", Location(file=str(path), json_path="$.criterion",
                                                               criterion_id=data["criterion"]),
                             criterion=data["criterion"]))
    units = {code.strip(): " ".join(office.split()) for code, office in data["units"].items()}
    findings += _unit_findings(round_, ruleset, data["criterion"], units, path)
    if findings:
        raise DvkError(findings)
    rule = {"criterion": data["criterion"], "figure": data["figure"], "year": data.get("year", round_.year),
            "units": units}
    if data.get("ruleset"):
        rule["ruleset"] = data["ruleset"].strip()
    return rule


def _figure_findings(spec: dict[str, Any], path: Path) -> list[Finding]:
    """A count or a share chooses its classes one way; the other figures choose none."""
    from scoring.jobs.offices import CLASS_CHOICES

    chosen = [c for c in CLASS_CHOICES if c in spec]
    wants = spec["kind"] in ("share", "count")
    where = Location(file=str(path), json_path="$.figure")
    if (len(chosen) != 1 if wants else bool(chosen)) or ("of" in spec and spec["kind"] != "share"):
        return [make("lower-figure", where, kind=spec["kind"], what=FIGURE_WORDS[spec["kind"]])]
    blank = [c for c in chosen for name in ([spec[c]] if isinstance(spec[c], str) else spec[c]) if not name.strip()]
    return [make("lower-figure", where, kind=spec["kind"], what=FIGURE_WORDS[spec["kind"]])] if blank else []


def _criterion_findings(ruleset, input_id: str, kind: str, path: Path) -> list[Finding]:
    """The input must exist and its method take the figure (:func:`fitting`)."""
    where = Location(file=str(path), json_path="$.criterion", criterion_id=input_id)
    slot = input_slot(ruleset, input_id)
    if slot is None:
        return [make("lower-criterion-unknown", where, criterion=input_id)]
    if kind not in fitting(slot):
        takes = ", ".join(FIGURE_WORDS[k] for k in fitting(slot)) or "không nhận số liệu nào của cơ quan cấp dưới"
        return [make("lower-criterion-method", where, criterion=input_id, what=FIGURE_WORDS[kind], takes=takes)]
    return []


def _unit_findings(round_, ruleset, input_id: str, units: dict[str, str], path: Path) -> list[Finding]:
    """Each unit must be on the round's roster, once, and the criterion apply to its type."""
    from scoring.core.unitcode import unit_key
    from scoring.formats.jsonio import json_path
    from scoring.workspace.models import RosterEntry

    keys = {code: unit_key(code) for code in units}
    entries = {e.unit.code_key: e for e in RosterEntry.objects.filter(round=round_, unit__code_key__in=set(keys.values()))
               .select_related("unit")}
    findings, seen = [], set()
    for code, office in units.items():
        where = Location(file=str(path), json_path=json_path(["units", code]))
        entry = entries.get(keys[code])
        if entry is None or keys[code] in seen:
            findings.append(make("lower-unit-unknown" if entry is None else "lower-unit-twice", where,
                                 unit=code, round=round_.code))
        elif not office:
            findings.append(make("lower-no-office", where, unit=code))
        elif not applies(ruleset, input_id, entry.unit_type):
            findings.append(make("lower-unit-not-applicable", where, unit=code, criterion=input_id,
                                 unit_type=entry.unit_type))
        seen.add(keys[code])
    return findings


def input_slot(ruleset, input_id: str) -> tuple[str, Any] | None:
    """What kind of input ``input_id`` is, as far as a figure goes: ("ratio", None),
    ("index", index_max), ("kind", the one kind id of a count deduction), ("integer", None) for
    an integer fact, ("other", None) for any other input (a bonus or deduction item too); None when
    the ruleset has no such input."""
    from scoring.rules.index import index_of
    from scoring.rules.methods import CountDeduction, IndexMapping
    from scoring.rules.methods.ratio import RatioMethod

    index = index_of(ruleset)
    info = index.by_id.get(input_id)
    if info is not None and info.is_leaf:
        method = info.node.method
        if isinstance(method, RatioMethod):
            return "ratio", None
        if isinstance(method, IndexMapping):
            return "index", method.index_max
        if isinstance(method, CountDeduction) and len(method.kinds) == 1:
            return "kind", method.kinds[0].id
        return "other", None
    fact = next((f.fact for f in index.facts if f.fact.id == input_id), None)
    if fact is None:  # a bonus or deduction item takes no figure (yet); anything else is unknown
        return ("other", None) if any(p.item.id == input_id for p in index.pool_items) else None
    return ("integer", None) if fact.kind == "integer" else ("other", None)


def fitting(slot: tuple[str, Any]) -> tuple[str, ...]:
    """The figure kinds an input of ``slot`` (:func:`input_slot`) takes."""
    shape, param = slot
    if shape == "ratio":
        return ("share", "submission_rate")
    if shape == "index":
        return (*(_PERCENTS if param == 100 else ()), "count")
    return ("count",) if shape in ("kind", "integer") else ()


def applies(ruleset, input_id: str, unit_type: str) -> bool:
    """Whether the criterion (or fact) ``input_id`` applies to units of ``unit_type``."""
    from scoring.rules.index import index_of

    index = index_of(ruleset)
    info = index.by_id.get(input_id)
    if info is not None:
        return info.applies(unit_type)
    fact = next((f for f in index.facts if f.fact.id == input_id), None)
    return fact is not None and unit_type in fact.applies_to


def value_of(slot: tuple[str, Any], figure) -> Any:
    """The self value the input of ``slot`` takes from ``figure`` (a
    :class:`scoring.jobs.offices.Figure` of a kind it fits); None when the figure does not exist
    (a mean, or a share into an index, of a round with no unit counted)."""
    shape, param = slot
    if shape == "ratio":
        return {"numerator": Decimal(figure.numerator), "denominator": Decimal(figure.denominator)}
    if figure.value is None:
        return None
    if shape == "index":
        return figure.value if figure.kind == "count" else figure.rounded
    return {param: int(figure.value)} if shape == "kind" else int(figure.value)
