"""The rulesets and sample workbooks shipped with dvk, found from the package itself, never from
the folder a command runs in.

One copy only: ``criteria/`` and ``sample_inputs/`` at the top of the repository are where authors
read and edit them (README, tests and examples name ``criteria/…``). ``scoring/rules/shipped/``
holds two symbolic links to them, so that a checkout or an editable install reads them in place,
and a built wheel carries their files inside the package (``package-data`` follows the links):
``pip install dvk`` on an office's server has the default ruleset, the models' ruleset and the demo.
"""

from __future__ import annotations

from pathlib import Path

#: The folder holding ``criteria/`` and ``sample_inputs/`` of the installation dvk runs from.
SOURCE_ROOT = Path(__file__).resolve().parent / "shipped"


def bundled_folder() -> Path:
    """``criteria/`` of the installation dvk runs from."""
    return SOURCE_ROOT / "criteria"


def bundled_ruleset(name: str) -> Path:
    """The shipped ruleset ``name`` (e.g. ``dvk-mo-hinh.json``), as an absolute path."""
    return bundled_folder() / name


def shipped_path(relative: str) -> str:
    """A shipped file or folder (``criteria/…``, ``sample_inputs``) as a command should name it: the
    short relative name when the current folder is the checkout (same file), else the absolute path
    inside the installation, so that a command's defaults never depend on where it is started."""
    shipped = SOURCE_ROOT / relative
    try:
        if Path(relative).resolve() == shipped.resolve():
            return relative
    except OSError:
        pass
    return str(shipped)
