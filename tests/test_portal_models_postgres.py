"""The portal's model register tests (tests/test_portal_models.py) again on PostgreSQL, with the
PostgreSQL ``db`` of tests/test_portal_postgres.py."""

from __future__ import annotations

from portalkit import personas, roster  # noqa: F401 - fixtures, resolved against this module's db
from test_portal_models import (  # noqa: F401
    test_a_unit_registers_by_the_form_and_sees_its_models_only,
    test_a_wrong_or_taken_registration_is_refused_at_the_form_and_nothing_is_kept,
    test_after_the_deadline_a_registration_is_kept_and_marked_late,
    test_the_office_records_statuses_replication_and_the_deadline)
from test_portal_postgres import db, pg_portal  # noqa: F401
from wsfixtures import pg_url  # noqa: F401
