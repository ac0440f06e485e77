"""Conformance: code rules are well-formed, cite the seed, and match the seed text.

Every plugin runs these; a plugin without code rules passes the first two
trivially. The last test re-parses the 2022 seed (tools/seed_codes.py) and
compares every code, name and remark with what the plugins ship.
"""

from __future__ import annotations

import pytest

from rtech.catalog import EDITIONS, Technology
from rtech.codes.model import CodeKind, CodeRules
from rtech.codes.normalize import code_key, is_plausible
from rtech.codes.rules import value_set_to_dict
from rtech.host import Host
from tests.seeds import seed_text
from tools.seed_codes import parse_seed

EXPECTED = {"S01": 5, "S02": 4, "S03": 132, "S04": 434, "S05": 31}


def _rules(host: Host, technology: Technology) -> list[CodeRules]:
    return [r for e in EDITIONS if (r := host.code_rules(technology.slug, e)) is not None]


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
    if "2023" in technology.editions:
        assert host.code_rules(technology.slug, "2023") is None


def test_tables_match_the_seed_exactly(technology: Technology, host: Host) -> None:
    number = technology.catalog_no("2022")
    if number is None:
        pytest.skip("not in the 2022 catalog: no code tables")
    seed = parse_seed(seed_text("2022"))[number]
    rules = host.code_rules(technology.slug, "2022")
    assert rules is not None
    shipped = [(e.code, e.name, e.remark) for v in rules.value_sets for e in v.entries]
    printed = [row for table in seed.tables for row in table.rows]
    assert shipped == printed
    assert len(shipped) == EXPECTED[number]
    ranges = [(r.start, r.end) for v in rules.value_sets for r in v.ranges]
    assert ranges == [(s, e) for s, e, _ in seed.ranges]
    for table, value_set in zip(
        seed.tables, [v for v in rules.value_sets if v.entries], strict=True
    ):
        assert value_set.citation is not None
        assert value_set.citation.clause == f"第二部分 {table.clause}"


def test_all_606_codes() -> None:
    # The issue counts "601 codes in all", but its own per-table counts
    # (5 + 4 + 132 + 429 + 5 + 31) and the seed both give 606.
    seed = parse_seed(seed_text("2022"))
    assert {no: t.codes for no, t in seed.items()} == EXPECTED
    assert sum(t.codes for t in seed.values()) == 606
