"""Conformance: code rules are well-formed and cite their clause.

A technology without code rules skips these with its reason. (rtech's own
tests also re-parse the 2022 seed and compare every code, name and remark.)
"""

from __future__ import annotations

import pytest

from rtech.catalog import EDITIONS, Technology
from rtech.codes.model import CodeKind, CodeRules
from rtech.codes.normalize import code_key, is_plausible
from rtech.codes.rules import value_set_to_dict
from rtech.host import Host


def _rules(host: Host, technology: Technology) -> list[CodeRules]:
    found = [r for e in EDITIONS if (r := host.code_rules(technology.slug, e)) is not None]
    if not found:
        pytest.skip(f"{technology.slug} supplies no code rules")
    return found


def test_value_sets_are_well_formed(technology: Technology, host: Host) -> None:
    for rules in _rules(host, technology):
        assert rules.edition in technology.editions, "rules only for editions the technology is in"
        assert rules.value_sets, "rules read at least one value set"
        ids = [v.id for v in rules.value_sets]
        assert len(ids) == len(set(ids))
        for value_set in rules.value_sets:
            keys = [code_key(e.code) for e in value_set.entries]
            assert len(keys) == len(set(keys)), f"{value_set.id}: duplicate codes"
            for entry in value_set.entries:
                assert entry.name.strip(), f"{entry.code} has no name"
                assert is_plausible(code_key(entry.code), value_set.kind), entry.code
            for code_range in value_set.ranges:
                assert value_set.kind is CodeKind.DIAGNOSIS
                assert code_range.start <= code_range.end
            assert value_set.entries or value_set.ranges, f"{value_set.id} is empty"
            assert value_set_to_dict(value_set)["codes"] == [
                {"code": e.code, "name": e.name, "remark": e.remark} for e in value_set.entries
            ]
        assert set(rules.rule.value_sets()) <= set(rules.value_sets)


def test_every_rule_and_value_set_cites_its_clause(technology: Technology, host: Host) -> None:
    for rules in _rules(host, technology):
        number = technology.catalog_no(rules.edition)
        citations = [rules.citation] + [v.citation for v in rules.value_sets]
        for citation in citations:
            assert citation is not None
            assert citation.edition == rules.edition
            assert citation.catalog_no == number
            assert citation.clause.strip()
        assert rules.rule.describe().strip()
        assert rules.rule.to_dict()["shape"] == rules.rule.id
        assert rules.rule.trigger_keys(), "every rule names the codes that can trigger it"


def test_the_2023_edition_has_no_code_tables(technology: Technology, host: Host) -> None:
    if "2023" not in technology.editions:
        pytest.skip(f"{technology.slug} is not in the 2023 edition")
    assert host.code_rules(technology.slug, "2023") is None
