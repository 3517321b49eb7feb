"""The offices' scoping and aggregate tests (``test_offices_scoped``) again on PostgreSQL, with
``test_portal_postgres``'s transaction-per-test set-up on a fresh database of the throwaway
cluster (``wsfixtures.pg_url``)."""

from __future__ import annotations

from test_offices_scoped import (offices, personas,  # noqa: F401 - fixtures and tests, run against this db
                                 test_a_district_has_no_aggregate_and_rulesets_that_differ_are_refused_naming_the_offices,
                                 test_a_districts_audit_log_and_password_resets_reach_only_its_own,
                                 test_a_siblings_evidence_document_is_not_found_and_the_province_reads_it,
                                 test_the_higher_office_pages_are_the_offices_and_leaderships_only,
                                 test_a_district_never_reaches_its_siblings_or_the_provinces_rounds,
                                 test_a_province_round_takes_a_districts_result_kept_in_the_same_workspace,
                                 test_a_districts_year_documents_rest_on_its_own_rounds,
                                 test_a_publication_sent_by_file_belongs_to_the_office_that_took_it,
                                 test_the_failed_sign_ins_of_every_office_are_the_workspace_offices_page,
                                 test_the_model_register_of_an_office_reaches_its_units_and_those_below_never_a_siblings,
                                 test_offices_are_declared_without_cycles_or_unknown_codes,
                                 test_the_aggregate_page_gives_the_hand_computed_figures_and_the_command_the_same,
                                 test_the_lower_offices_page_lists_each_district_and_its_published_round,
                                 test_the_province_sees_both_districts_read_only,
                                 test_what_an_office_makes_in_the_portal_is_its_own)
from test_portal_postgres import db, pg_portal  # noqa: F401 - the portal's PostgreSQL set-up, reused
from wsfixtures import fresh_workspace, pg_url  # noqa: F401
