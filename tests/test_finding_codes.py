"""Finding codes are declared in one catalogue per package (``scoring/<package>/codes.py``: code,
severity, Vietnamese template); a code used but not declared, or declared but never used, fails.

"Used" means made into a finding (``make("code", …)``) or named as a method's problem
(``Problem("code", …)``), which the engine turns into a finding.  A package may use the codes of
its own catalogue and of the layers below it, never one above (see ``test_layers.py``).
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from test_layers import LAYERS

PACKAGE = Path(__file__).resolve().parent.parent / "scoring"
CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")  # what a finding code looks like


def _package(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def _sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]


def _declared() -> dict[str, str]:
    """Code → the package whose catalogue declares it."""
    found: dict[str, str] = {}
    for path in PACKAGE.glob("*/codes.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "register":
                code = node.args[0].value
                assert code not in found, f"{code} declared in {found[code]} and {_package(path)}"
                found[code] = _package(path)
    return found


def _made(sources: list[tuple[str, str]] | None = None) -> dict[str, set[str]]:
    """Code → the packages that make a finding of it (literal first arguments, either branch of
    an ``x if c else y`` included); ``sources``: (package, text) pairs, the package's by default."""
    if sources is None:
        sources = [(_package(p), p.read_text(encoding="utf-8")) for p in _sources() if p.name != "codes.py"]
    made: dict[str, set[str]] = {}
    for package, text in sources:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("make", "Problem") and node.args:
                chosen = _literals(node.args[0])
            elif isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["code"]:
                chosen = [c for c in _literals(node.value) if CODE.match(c)]  # code = "a" if … else "b"
            else:
                continue
            for code in chosen:
                made.setdefault(code, set()).add(package)
    return made


def _literals(node: ast.expr) -> list[str]:
    """The strings an expression can be: a literal, or either branch of ``x if c else y``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _mentioned() -> set[str]:
    """Every string literal outside the catalogues (and every word of the portal's templates)."""
    words: set[str] = set()
    for path in _sources():
        if path.name != "codes.py":
            words |= {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                      if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    for path in PACKAGE.rglob("*.html"):
        words |= set(path.read_text(encoding="utf-8").replace('"', " ").split())
    return words


def test_no_code_is_registered_outside_a_catalogue():
    for path in _sources():
        if path.name == "codes.py":
            continue
        calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "register"]
        assert not calls, f"{path.relative_to(PACKAGE)} registers finding codes: move them to its package's codes.py"


def misdeclared(declared: dict[str, str], made: dict[str, set[str]]) -> list[str]:
    """Each code made but declared in no catalogue, or declared above a package that makes it."""
    wrong = []
    for code, packages in sorted(made.items()):
        if code not in declared:
            wrong.append(f"{code}: made in {sorted(packages)}, declared in no catalogue")
            continue
        wrong += [f"{code}: made in {package}, declared above it in {declared[code]}"
                  for package in sorted(packages) if LAYERS.index(declared[code]) > LAYERS.index(package)]
    return wrong


def test_every_code_made_is_declared_at_or_below_its_layer():
    assert misdeclared(_declared(), _made()) == []


def test_every_declared_code_is_used():
    mentioned = _mentioned()
    assert sorted(code for code in _declared() if code not in mentioned) == []


def test_importing_a_package_registers_its_catalogue():
    from scoring.core.findings import CATALOG

    for package in sorted(set(_declared().values())):
        importlib.import_module(f"scoring.{package}")
    assert set(_declared()) <= set(CATALOG)
    for code, kind in CATALOG.items():
        assert kind.severity in ("error", "warning"), code
        assert kind.template.strip() and not kind.template.isascii(), f"{code}: the template is not Vietnamese"


def test_the_check_sees_an_undeclared_code_and_one_declared_too_high():
    made = _made([("engine", 'code = "ma-a" if x else "ma-b"\nmake(code, where)\nkind = "utf-16-le"\n'),
                  ("intake", 'make("ma-c", where, reason=r)\nProblem("ma-d", "field")\n')])
    assert made == {"ma-a": {"engine"}, "ma-b": {"engine"}, "ma-c": {"intake"}, "ma-d": {"intake"}}
    declared = {"ma-a": "core", "ma-b": "workspace", "ma-c": "intake"}
    assert misdeclared(declared, made) == ["ma-b: made in engine, declared above it in workspace",
                                           "ma-d: made in ['intake'], declared in no catalogue"]
