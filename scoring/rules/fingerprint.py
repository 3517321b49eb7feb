"""A ruleset's fingerprint: a short hash of its content, printed in every template it makes."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from scoring.core.decimals import normalized
from scoring.rules.models import Ruleset

#: Not part of the content a workbook is made from: the hand-offs (model inputs, recognition,
#: rewards) can be edited without making every filled workbook "from another version".
EXCLUDED = {"schema_ref", "model_inputs", "model_recognition", "rewards"}


def fingerprint(ruleset: Ruleset) -> str:
    """A short hash of the ruleset's content (not its formatting), printed in every template.

    Fields left at their default are left out, so a ruleset written before a new optional field
    existed keeps its fingerprint (and its units' workbooks stay valid) when dvk gains one.
    """
    canonical = json.dumps(ruleset.model_dump(by_alias=True, exclude=EXCLUDED, exclude_defaults=True),
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=lambda value: str(normalized(value)) if isinstance(value, Decimal) else str(value))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]
