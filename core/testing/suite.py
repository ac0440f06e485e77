"""Every test of the conformance suite, to import into a plugin's own test module::

    from rtech.testing.suite import *  # noqa: F403 - rtech's conformance suite

Like SQLAlchemy's dialect suite: the tests ship with rtech and run in the
plugin's test run, parametrised over ``rtech_technologies`` (the ini option) or
``--rtech-technology``.
"""

from rtech.testing.test_code_rules import (
    test_every_rule_and_value_set_cites_its_clause,
    test_the_2023_edition_has_no_code_tables,
    test_value_sets_are_well_formed,
)
from rtech.testing.test_forms import (
    test_case_form_is_valid_and_passes_the_engine_lint,
    test_code_rules_value_sets_are_searchable,
    test_profile_parts_are_valid_and_pass_the_engine_lint,
)
from rtech.testing.test_metadata import (
    test_metadata_is_complete,
    test_name_and_definitions_are_quoted_from_the_seed,
    test_name_and_numbers_match_the_seed_readme,
    test_sources_cite_the_technology_itself,
)
from rtech.testing.test_quality import (
    test_check_fields_exist_in_the_forms,
    test_check_quotes_are_the_seeds_words,
    test_checks_cite_a_clause_of_their_own_edition,
    test_every_institution_and_personnel_clause_has_a_check,
    test_indicator_fields_exist_in_the_case_form,
    test_indicator_names_and_definitions_are_the_seeds_words,
    test_indicators_cite_a_clause_of_their_own_edition,
    test_profile_forms_follow_the_form_conventions,
)

__all__ = [
    "test_case_form_is_valid_and_passes_the_engine_lint",
    "test_check_fields_exist_in_the_forms",
    "test_check_quotes_are_the_seeds_words",
    "test_checks_cite_a_clause_of_their_own_edition",
    "test_code_rules_value_sets_are_searchable",
    "test_every_institution_and_personnel_clause_has_a_check",
    "test_every_rule_and_value_set_cites_its_clause",
    "test_indicator_fields_exist_in_the_case_form",
    "test_indicator_names_and_definitions_are_the_seeds_words",
    "test_indicators_cite_a_clause_of_their_own_edition",
    "test_metadata_is_complete",
    "test_name_and_definitions_are_quoted_from_the_seed",
    "test_name_and_numbers_match_the_seed_readme",
    "test_profile_forms_follow_the_form_conventions",
    "test_profile_parts_are_valid_and_pass_the_engine_lint",
    "test_sources_cite_the_technology_itself",
    "test_the_2023_edition_has_no_code_tables",
    "test_value_sets_are_well_formed",
]
