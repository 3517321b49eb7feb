"""Regenerate criteria/schema.json and criteria/submission.schema.json from the pydantic models.

Run after changing scoring/rules/models.py, scoring/rules/methods/*.py or scoring/engine/submission.py;
tests/test_schema.py fails while the committed files differ from the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.rules.load import ruleset_schema  # noqa: E402
from scoring.engine.submission import submission_schema  # noqa: E402
from scoring.rules.emulation import emulation_schema  # noqa: E402

TARGETS = {
    ROOT / "criteria" / "schema.json": ruleset_schema,
    ROOT / "criteria" / "submission.schema.json": submission_schema,
    ROOT / "criteria" / "thi-dua" / "schema.json": emulation_schema,
}


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> int:
    for path, build in TARGETS.items():
        path.write_text(render(build()), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
