"""The ground floor: findings, exact decimals, OS error wording, whole-or-nothing publishing.

Imports nothing of dvk; every other package may import it.
"""

from scoring.core import codes  # noqa: F401  (registers the finding codes this package declares)
