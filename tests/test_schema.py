"""The committed JSON Schemas are exactly what the models generate."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _gen_schema_module():
    spec = importlib.util.spec_from_file_location("gen_schema", ROOT / "tools" / "gen_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["schema.json", "submission.schema.json", "thi-dua/schema.json"])
def test_committed_schema_matches_models(name):
    gen = _gen_schema_module()
    path = ROOT / "criteria" / name
    expected = gen.render(gen.TARGETS[path]())
    assert path.read_text(encoding="utf-8") == expected, "run: python tools/gen_schema.py"


def test_every_ruleset_names_its_schema():
    for path in sorted((ROOT / "criteria").glob("*.json")):
        if path.name.endswith("schema.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data.get("$schema") == "./schema.json", path.name
