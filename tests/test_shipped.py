"""The rulesets and sample workbooks ship inside the package: a wheel installed on an office's
server has them, and commands find them from the package, whatever folder they start in."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from scoring.rules.bundled import SOURCE_ROOT, bundled_ruleset, shipped_path

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_data_globs_reach_every_shipped_file():
    """setuptools expands these globs under scoring/rules/ (following the links) to fill the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["scoring.rules"]
    package = ROOT / "scoring" / "rules"
    packed = {path.relative_to(package / "shipped").as_posix() for pattern in globs for path in package.glob(pattern)}
    wanted = {path.relative_to(ROOT).as_posix() for folder in ("criteria", "sample_inputs")
              for path in (ROOT / folder).rglob("*") if path.is_file()}
    assert packed == wanted


def test_the_links_are_the_repository_folders_not_copies():
    for name in ("criteria", "sample_inputs"):
        link = SOURCE_ROOT / name
        assert link.is_symlink() and link.resolve() == (ROOT / name).resolve()
    assert bundled_ruleset("dvcq-minh-hoa.json").read_bytes() == (ROOT / "criteria/dvcq-minh-hoa.json").read_bytes()


def test_rank_without_arguments_uses_the_shipped_data_from_any_folder(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "scoring", "rank", "--quiet", "--out", "kq"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    import json

    result = json.loads((tmp_path / "kq" / "ket-qua.json").read_text(encoding="utf-8"))
    samples = sorted((ROOT / "sample_inputs").glob("*.xlsx"))
    assert len(result["units"]) + len(result["rejected"]) == len(samples)
    assert result["ruleset"]["id"] == "dvcq-minh-hoa"


def test_a_checkout_keeps_its_short_names(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    assert shipped_path("criteria/dvcq-minh-hoa.json") == "criteria/dvcq-minh-hoa.json"
    monkeypatch.chdir(tmp_path)
    assert Path(shipped_path("sample_inputs")) == SOURCE_ROOT / "sample_inputs"
