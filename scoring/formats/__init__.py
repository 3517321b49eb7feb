"""Reading and writing JSON and xlsx safely: size and nesting limits, zip and XML checks, cached
values, styles, the streaming xlsx writer.  Knows no ruleset and no self-assessment form.
"""

from scoring.formats import codes  # noqa: F401  (registers the finding codes this package declares)
