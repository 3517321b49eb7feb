"""Files in, results out: listing inputs, reading and evaluating one file (workbook or JSON) with
its findings, and evaluating many through the process pool that survives a dying worker.
"""

from scoring.intake import codes  # noqa: F401  (registers the finding codes this package declares)
