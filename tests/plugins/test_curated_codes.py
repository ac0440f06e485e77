"""Conformance: a technology's curated code lists (``rtech_curated_codes``).

Well-formed lists of their technology, and never an invented name: a code the
2022 seed prints carries the seed's name, exactly.
"""

from __future__ import annotations

import pytest

from rtech.catalog import Technology
from rtech.codes.normalize import code_key, is_plausible
from rtech.host import Host
from tests.seeds import seed_text
from tools.seed_codes import parse_seed


def test_curated_lists_are_well_formed(technology: Technology, host: Host) -> None:
    lists = host.curated_codes(technology.slug)
    if not lists:
        pytest.skip(f"{technology.slug} ships no curated code list yet")
    for value_set in lists:
        assert value_set.id.startswith(f"{technology.slug}."), value_set.id
        assert value_set.title.strip()
        keys = [code_key(e.code) for e in value_set.entries]
        assert keys, f"{value_set.id} is empty"
        assert len(keys) == len(set(keys)), f"{value_set.id}: duplicate codes"
        for entry in value_set.entries:
            assert entry.name.strip(), entry.code
            assert is_plausible(code_key(entry.code), value_set.kind), entry.code
            assert all(a.strip() and a != entry.name for a in entry.aliases), entry


def test_curated_codes_printed_in_the_seed_carry_the_seeds_names(
    technology: Technology, host: Host
) -> None:
    lists = host.curated_codes(technology.slug)
    if not lists:
        pytest.skip(f"{technology.slug} ships no curated code list yet")
    printed = {
        code_key(code): name
        for table in parse_seed(seed_text("2022")).values()
        for section in table.tables
        for code, name, _remark in section.rows
    }
    for value_set in lists:
        for entry in value_set.entries:
            if code_key(entry.code) in printed:
                assert entry.name == printed[code_key(entry.code)], entry.code
