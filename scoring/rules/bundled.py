"""The rulesets shipped with dvk: ``criteria/`` beside the ``scoring`` package, found from the
package itself, never from the folder a command runs in.

One copy only: ``criteria/`` is where authors read and edit them (README, tests and examples name
``criteria/…``); a command's default ruleset is that file wherever dvk is started from.
"""

from __future__ import annotations

from pathlib import Path

#: The checkout (or editable install) holding ``scoring/`` and ``criteria/``.
SOURCE_ROOT = Path(__file__).resolve().parents[2]


def bundled_folder() -> Path:
    """``criteria/`` of the installation dvk runs from."""
    return SOURCE_ROOT / "criteria"


def bundled_ruleset(name: str) -> Path:
    """The shipped ruleset ``name`` (e.g. ``dvk-mo-hinh.json``), as an absolute path."""
    return bundled_folder() / name
