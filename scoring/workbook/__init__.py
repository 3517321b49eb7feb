"""Excel workbooks: self-assessment templates, reading filled workbooks, annotated return copies.

- :mod:`scoring.workbook.template` — ``write_template(ruleset, unit_type, path)``;
- :mod:`scoring.workbook.read` — ``read_workbook(path, ruleset, engine)`` → ``SubmissionInput``
  (= ``read_opened(open_workbook(path, engine), ruleset)``: file I/O and parsing, then reading);
- :mod:`scoring.workbook.annotate` — ``write_annotated(source, result, ruleset, out)``;
- :mod:`scoring.workbook.fill` — ``fill_workbook(template, submission, out)`` (samples, benchmarks).

The sheet layout they share is described in :mod:`scoring.workbook.layout`.
"""

from scoring.workbook import codes  # noqa: F401  (registers the finding codes this package declares)
