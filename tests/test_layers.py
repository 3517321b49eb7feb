"""The layers of ``scoring`` import downwards only (see the README's layout section).

Each top-level package (or module) of ``scoring`` is a layer; a module may import its own layer
and the layers below it, never one above.  Imports made inside functions and under
``TYPE_CHECKING`` count: they tie the layers as much as top-level ones do.
"""

from __future__ import annotations

from test_import_cycles import _graph

#: From the ground up.  ``scoring`` itself (the lazy public API) and ``__main__`` sit above all.
LAYERS = ("core", "formats", "rules", "engine", "workbook", "intake", "reports", "models_dvk", "jobs",
          "workspace", "portal", "cli")


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return len(LAYERS)
    assert parts[1] in LAYERS, f"{module} is in no layer: add its package to LAYERS"
    return LAYERS.index(parts[1])


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every ``importer -> imported`` pair whose target lies on a higher layer."""
    return sorted(f"{name} -> {target}" for name, targets in graph.items() for target in targets
                  if _layer(target) > _layer(name))


def test_every_module_is_in_a_layer():
    for name in _graph():
        _layer(name)


def test_no_import_points_up():
    assert upward_imports(_graph()) == []


def test_the_check_sees_an_upward_import():
    graph = {"scoring.engine.score": {"scoring.core.findings", "scoring.workspace.models"},
             "scoring.portal.views": {"scoring.cli.app"}, "scoring.cli.app": {"scoring.portal.serve"}}
    assert upward_imports(graph) == ["scoring.engine.score -> scoring.workspace.models",
                                     "scoring.portal.views -> scoring.cli.app"]
