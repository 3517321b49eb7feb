"""The portal's fixed-date documents tests (tests/test_portal_documents.py) again on PostgreSQL,
with the PostgreSQL ``db`` of tests/test_portal_postgres.py."""

from __future__ import annotations

from portalkit import personas, roster  # noqa: F401 - fixtures, resolved against this module's db
from test_portal_documents import (declared,  # noqa: F401
                                   test_a_unit_uploads_only_what_its_type_owes,
                                   test_a_wrong_file_is_refused_as_evidence_is_and_nothing_is_kept,
                                   test_the_office_records_a_receipt_and_sees_each_unit_per_document,
                                   test_the_unit_sees_what_it_owes_and_uploads_it,
                                   test_the_units_page_shows_the_class_the_round_gives_now_not_the_one_stored,
                                   test_the_units_score_page_counts_its_documents_with_the_evidence,
                                   test_the_web_form_says_the_round_sets_the_criterion_and_takes_it_blank)
from test_portal_postgres import db, pg_portal  # noqa: F401
from wsfixtures import pg_url  # noqa: F401
