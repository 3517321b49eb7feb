"""The portal's server-side tests again on PostgreSQL: every permission rule and the submission flows.

The tests are the SQLite ones, imported here so they run a second time with this module's ``db``
fixture: the same transaction-per-test set-up, pointed at a workspace whose database is a fresh
PostgreSQL database of the throwaway cluster (``wsfixtures.pg_url``, Debian's postgresql package
through sysdeps).
"""

from __future__ import annotations

import pytest

from portalkit import personas, roster  # noqa: F401 - fixtures, resolved against this module's db
from test_portal_access import (test_anonymous_is_sent_to_sign_in, test_csrf_is_enforced,  # noqa: F401
                                test_each_role_starts_on_its_own_page, test_role_url_matrix)
from test_portal_appraisal import (appraising, test_change_with_reason_updates_total_and_is_audited_and_the_unit_sees_it,  # noqa: F401,E501
                                   test_only_appraisers_appraise)
from test_portal_office import (collected, test_leader_cannot_act_on_the_round,  # noqa: F401
                                test_office_and_leadership_pages_are_refused_to_others,
                                test_office_closes_the_round_and_the_change_is_audited)
from test_portal_office_late import (late_b, test_an_allowance_without_what_it_needs_is_a_message_and_nothing_changes,  # noqa: F401,E501
                                     test_office_waives_a_units_lateness_with_a_reason_and_every_surface_shows_it,
                                     test_only_the_office_grants_allowances)
from test_portal_office_rounds import (closed, no_libreoffice, test_only_the_office_creates_staff_accounts,  # noqa: F401,E501
                                       test_office_creates_a_round_with_its_roster_and_the_creation_is_audited,
                                       test_office_publishes_and_downloads_the_ranking_and_the_report,
                                       test_office_set_up_pages_are_refused_to_others,
                                       test_roster_with_one_bad_row_is_refused_with_the_cell_and_the_roster_kept)
from test_portal_units import (test_a_unit_never_sees_another_units_upload,  # noqa: F401
                               test_another_units_workbook_is_refused_and_not_collected,
                               test_good_workbook_is_collected_and_shows_the_engines_total_class_and_warning_cell)
from test_portal_correction import (published_late,  # noqa: F401
                                    test_only_the_office_reopens_a_published_round,
                                    test_the_office_reopens_with_a_reason_after_a_confirmation_and_publishes_the_correction)
from test_portal_hardening import logged, test_the_office_filters_the_audit_log  # noqa: F401
from test_portal_no_appraisal import (  # noqa: F401
    test_a_unit_is_offered_no_appraisal_results_in_a_round_without_appraisal,
    test_the_council_only_criterion_asks_no_reason_in_the_appraisers_form,
    test_the_office_creates_a_round_without_appraisal_and_locks_it_without_a_council)
from test_portal_passwords import (  # noqa: F401
    test_every_user_changes_their_own_password_and_it_is_logged,
    test_the_office_resets_a_units_password_audited_and_printed_with_the_public_address)
from test_portal_words import (late_round, test_locking_the_results_is_said_first_and_done_on_the_second_press,  # noqa: F401,E501
                               test_publishing_is_said_first_and_done_on_the_second_press,
                               test_the_dashboard_lists_units_without_a_result_and_uses_the_rosters_names)
from wsfixtures import fresh_workspace, pg_url  # noqa: F401


@pytest.fixture(scope="module")
def pg_portal(pg_url, tmp_path_factory):  # noqa: F811
    """A migrated portal workspace on its own PostgreSQL database."""
    folder = tmp_path_factory.mktemp("portal-postgres")
    fresh_workspace(folder, "postgres", pg_url)
    return folder.resolve()


@pytest.fixture
def db(pg_portal, monkeypatch):
    """As ``portalkit.db``, on PostgreSQL: each test's writes are rolled back."""
    from django.db import connection, transaction

    from portalkit import FAST_HASHER
    from scoring.portal.settings import configure

    monkeypatch.delenv("DVK_DATABASE_URL", raising=False)
    configure(pg_portal, overrides=FAST_HASHER)
    assert connection.vendor == "postgresql"
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield pg_portal
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
