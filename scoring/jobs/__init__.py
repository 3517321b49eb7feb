"""Whole jobs built on intake, engine and reports: ``dvk rank``, compare, what-if, examples,
DataFrames, the ruleset shown as text or as an xlsx workbook, reward proposals.
"""

from scoring.jobs import codes  # noqa: F401  (registers the finding codes this package declares)
