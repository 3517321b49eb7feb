""""Dân vận khéo" models: a register of models (their own subject, several per unit), their
evaluation with a model ruleset, a per-unit roll-up that unit rulesets score from, and outputs.

- :mod:`.model`: the model record, its statuses and fields of work (Vietnamese labels);
- :mod:`.register`: reading registrations from JSON lists or workbooks, late-registration findings;
- :mod:`.evaluate`: scoring each model's evaluation and moving its status to the recognition level;
- :mod:`.rollup`: per-unit counts, and filling a unit submission's inputs from them;
- :mod:`.outputs`: the register workbook (with recognised models per level and field) and a chart.
"""

from scoring.models_dvk import codes  # noqa: F401  (registers the finding codes this package declares)
