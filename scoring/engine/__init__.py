"""Scoring as a pure function: submission and inputs → scores, totals, classes and gates →
ranking, with an explanation for every point.  Knows nothing of files, databases or the web.
"""

from scoring.engine import codes  # noqa: F401  (registers the finding codes this package declares)
