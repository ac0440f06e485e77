"""The built-in code tables match the seed text exactly.

These re-parse the 2022 seed (tools/seed_codes.py, which lives in this
repository only) and compare every code, name and remark with what the plugins
ship; the well-formedness of every plugin's rules is the testing kit's
(rtech.testing.test_code_rules).
"""

from __future__ import annotations

import pytest

from rtech.catalog import Technology
from rtech.host import Host
from tests.seeds import seed_text
from tools.seed_codes import parse_seed

EXPECTED = {"S01": 5, "S02": 4, "S03": 132, "S04": 434, "S05": 31}


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
