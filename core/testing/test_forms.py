"""Conformance: every plugin's case form (and profile parts) is a valid, askable form."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from rtech.catalog import EDITIONS, Technology
from rtech.forms.lint import lint_form
from rtech.host import Host
from rtech.intake.codeindex import code_index


def _codesets(host: Host) -> set[str]:
    return code_index(host).set_ids


def test_case_form_is_valid_and_passes_the_engine_lint(technology: Technology, host: Host) -> None:
    schema = host.case_form(technology.slug)
    if schema is None:
        pytest.skip(f"{technology.slug} has no case form yet")
    Draft202012Validator.check_schema(dict(schema))
    problems = lint_form(schema, codesets=_codesets(host))
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("profile", ["institution", "physician"])
def test_profile_parts_are_valid_and_pass_the_engine_lint(
    technology: Technology, host: Host, profile: str
) -> None:
    from rtech.intake.registration import profile_schema

    if host.profile_form(technology.slug, profile) is None:
        pytest.skip(f"{technology.slug} adds nothing to the {profile} profile")
    schema = profile_schema(host, profile, [technology.slug])
    assert [str(p) for p in lint_form(schema, codesets=_codesets(host))] == []


def test_code_rules_value_sets_are_searchable(technology: Technology, host: Host) -> None:
    index = code_index(host)
    found = False
    for edition in EDITIONS:
        rules = host.code_rules(technology.slug, edition)
        for value_set in rules.value_sets if rules else ():
            found = True
            for entry in value_set.entries[:5]:
                assert index.get(entry.code, value_set.id) is not None, entry.code
    if not found:
        pytest.skip(f"{technology.slug} supplies no code tables")
