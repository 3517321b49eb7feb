"""Loading a ruleset: raw JSON → JSON Schema (all errors) → typed models → semantic checks."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scoring.core.findings import DvkError, Finding, Location, has_errors, make
from scoring.formats.jsonio import read_json, schema_findings, validation_findings
from scoring.rules.fingerprint import fingerprint  # noqa: F401  (part of this module's API)
from scoring.rules.lint import lint
from scoring.rules.models import Ruleset

SCHEMA_ID = "https://dvk.example/criteria/schema.json"



@lru_cache(maxsize=1)
def ruleset_schema() -> dict[str, Any]:
    """The JSON Schema of ruleset files, generated from the models (criteria/schema.json)."""
    schema = _sharpen(Ruleset.model_json_schema(by_alias=True))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "dvk ruleset", **{k: v for k, v in schema.items() if k != "title"}}


#: Unions whose branch is told by a key: (key that selects the branch, branch $ref name).
_KEYED_UNIONS = {
    frozenset({"Group", "Criterion"}): [("children", "Group"), (None, "Criterion")],
    frozenset({"InputCondition", "PointsCondition", "AllCondition", "AnyCondition"}): [
        ("all", "AllCondition"), ("any", "AnyCondition"), ("points", "PointsCondition"),
        (None, "InputCondition")],
}


def _sharpen(node: Any) -> Any:
    """Turn unions into if/then chains so a bad branch reports its own error, not "no branch fits".

    The models decide the same way: the branches are told apart by a key (``children``,
    ``all``...) or by the method's ``type``, and extra keys are forbidden in every branch.
    """
    if isinstance(node, list):
        return [_sharpen(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _sharpen(value) for key, value in node.items()}
    if "oneOf" in node and "discriminator" in node:
        return _by_type(node)
    refs = [branch.get("$ref", "").rsplit("/", 1)[-1] for branch in node.get("anyOf", [])]
    chain = _KEYED_UNIONS.get(frozenset(refs)) if refs else None
    if chain:
        rest = {k: v for k, v in node.items() if k != "anyOf"}
        return {**rest, **_chain(chain)}
    return node


def _chain(chain: list[tuple[str | None, str]]) -> dict[str, Any]:
    key, name = chain[0]
    ref = {"$ref": f"#/$defs/{name}"}
    if key is None:
        return ref
    return {"if": {"type": "object", "required": [key]}, "then": ref, "else": _chain(chain[1:])}


def _by_type(node: dict[str, Any]) -> dict[str, Any]:
    mapping = node["discriminator"]["mapping"]
    key = node["discriminator"]["propertyName"]
    rules: list[dict[str, Any]] = [{"type": "object", "required": [key],
                                    "properties": {key: {"enum": sorted(mapping)}}}]
    rules += [{"if": {"properties": {key: {"const": value}}, "required": [key]}, "then": {"$ref": ref}}
              for value, ref in sorted(mapping.items())]
    return {"allOf": rules}


#: Groups and criteria in one ruleset (a decision has tens of them; the budget keeps every walk
#: and the schema validation short).
MAX_CRITERIA = 2_000


def count_nodes(data: Any) -> int:
    """Groups and criteria in raw ruleset JSON (iteratively; the JSON depth is bounded anyway)."""
    count, pending = 0, [data.get("criteria")] if isinstance(data, dict) else []
    while pending:
        nodes = pending.pop()
        if isinstance(nodes, list):
            count += len(nodes)
            pending.extend(node.get("children") for node in nodes if isinstance(node, dict))
    return count


def parse_ruleset(data: Any, source: str | None = None) -> tuple[Ruleset | None, list[Finding]]:
    """Validate already-parsed JSON data; return the ruleset (None if unusable) and all findings."""
    where = Location(file=source)
    if (count := count_nodes(data)) > MAX_CRITERIA:
        return None, [make("ruleset-too-many-criteria", Location(file=source, json_path="$.criteria"),
                           count=count, limit=MAX_CRITERIA)]
    return parse_checked(data, ruleset_schema(), Ruleset, lint, source)


def parse_checked(data: Any, schema: dict[str, Any], model: Any, checks: Any,
                  source: str | None = None) -> tuple[Any, list[Finding]]:
    """Parsed JSON ``data`` validated by ``schema`` (every violation), then made a ``model`` and
    checked by ``checks`` (a function yielding findings): the model (None if unusable) and every
    finding, located in ``source``.  Rulesets and the emulation rules are read this way."""
    where = Location(file=source)
    findings = schema_findings(data, schema, where)
    if findings:
        return None, findings
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        return None, validation_findings(exc, where)
    findings = [f.located(file=source) for f in checks(parsed)]
    return (None if has_errors(findings) else parsed), findings


def check_ruleset(path: str | Path) -> tuple[Ruleset | None, list[Finding]]:
    """Load and check a ruleset file, collecting every problem instead of raising."""
    try:
        data = read_json(path)
    except DvkError as exc:
        return None, exc.findings
    return parse_ruleset(data, str(path))


def load_ruleset(path: str | Path) -> Ruleset:
    """Load a ruleset file; raise :class:`DvkError` with every finding if it has errors."""
    ruleset, findings = check_ruleset(path)
    if ruleset is None:
        raise DvkError(findings)
    return ruleset
