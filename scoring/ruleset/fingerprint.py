"""A ruleset's fingerprint: a short hash of its content, printed in every template it makes."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from scoring.decimals import normalized
from scoring.ruleset.models import Ruleset


#: Fields added to the format after workbooks were handed out, with their defaults: left out of
#: the hash while they hold the default, so a workbook made before the field existed still
#: matches the ruleset (the default keeps the earlier behaviour or only changes the ranking).
#: A path is a tuple of keys; "*" stands for every item of a list.
LATER_FIELDS: tuple[tuple[tuple[str, ...], object], ...] = (
    (("ranking", "order"), "class_then_score"),
    (("classification", "quotas", "*", "ties_at_cutoff"), "tie_breakers"),
)


def fingerprint(ruleset: Ruleset) -> str:
    """A short hash of the ruleset's content (not its formatting), printed in every template."""
    content = ruleset.model_dump(by_alias=True, exclude={"schema_ref"})
    for path, default in LATER_FIELDS:
        _drop_default(content, path, default)
    canonical = json.dumps(content,
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=lambda value: str(normalized(value)) if isinstance(value, Decimal) else str(value))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def _drop_default(data: object, path: tuple[str, ...], default: object) -> None:
    """Remove the key at ``path`` from ``data`` (in place) wherever it equals ``default``."""
    head, rest = path[0], path[1:]
    if head == "*":
        for item in data if isinstance(data, (list, tuple)) else ():
            _drop_default(item, rest, default)
    elif isinstance(data, dict) and head in data:
        if rest:
            _drop_default(data[head], rest, default)
        elif data[head] == default:
            del data[head]
