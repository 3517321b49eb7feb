"""The ruleset the portal scores with: ``ruleset.json`` in the workspace, loaded once per change."""

from __future__ import annotations

from pathlib import Path

from scoring.ruleset.models import Ruleset

RULESET_FILE = "ruleset.json"
_loaded: dict[Path, tuple[float, Ruleset]] = {}


def workspace_ruleset(workspace: Path) -> Ruleset:
    """The workspace's ruleset (raises :class:`~scoring.findings.DvkError` if it is unusable)."""
    from scoring.ruleset.load import load_ruleset

    path = Path(workspace) / RULESET_FILE
    stamp = path.stat().st_mtime if path.exists() else -1.0
    cached = _loaded.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    ruleset = load_ruleset(path)
    _loaded[path] = (stamp, ruleset)
    return ruleset
