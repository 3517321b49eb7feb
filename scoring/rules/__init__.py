"""The rulesets: pydantic models, loading (raw → JSON Schema → models → semantic checks), the
index of criteria, lint, version diff, fingerprints and the scoring methods (``rules.methods``).
Rules declare; :mod:`scoring.engine` executes them.
"""

from scoring.rules import codes  # noqa: F401  (registers the finding codes this package declares)
