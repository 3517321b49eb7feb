"""The ``dvk`` command: argument parsing, one library call per command, exit codes.

``app`` holds the top-level parser and the single-file commands; ``round``, ``authors`` and
``models_dvk`` add the round, rule-author and "Dân vận khéo" commands.
"""

from scoring.cli.app import main, run

__all__ = ["main", "run"]
