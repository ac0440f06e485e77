"""Conformance: every technology's eligibility checks and indicators.

Each check and indicator cites a clause of its own technology and edition,
quotes the seed's words, and reads only fields its forms define (resolved
through ``$ref`` into forms/ and every ``if``/``then`` branch). Where a
technology supplies checks, every clause of its norm's 医疗机构基本要求,
人员基本要求 and 培训管理要求 (拟开展技术的医师) has one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import pytest

from rtech.catalog import Technology
from rtech.eligibility.formfields import form_fields
from rtech.eligibility.model import Check, Level
from rtech.eligibility.subjects import CORE_KEYS
from rtech.forms.loader import load_fragment
from rtech.host import Host
from rtech.indicators.model import Indicator, IndicatorKind
from rtech.testing.seeds import catalog_from_readme, seed_text, squash

_PROFILE = {Level.INSTITUTION: "institution", Level.PERSONNEL: "physician"}


def _checks(host: Host, technology: Technology) -> dict[str, list[Check]]:
    found = {e: host.eligibility_checks(technology.slug, e) for e in technology.editions}
    if not any(found.values()):
        pytest.skip(f"{technology.slug} supplies no eligibility checks yet")
    return found


def _indicators(host: Host, technology: Technology) -> dict[str, list[Indicator]]:
    found = {e: host.indicators(technology.slug, e) for e in technology.editions}
    if not any(found.values()):
        pytest.skip(f"{technology.slug} supplies no indicators yet")
    return found


def _builtin(technology: Technology) -> None:
    if technology.slug not in catalog_from_readme():
        pytest.skip(f"{technology.slug} is not a technology of the seed catalog")


# -------------------------------------------------------------------------
# Eligibility checks
# -------------------------------------------------------------------------


def test_checks_cite_a_clause_of_their_own_edition(technology: Technology, host: Host) -> None:
    for edition, checks in _checks(host, technology).items():
        ids = [c.id for c in checks]
        assert len(ids) == len(set(ids)), f"{edition}: duplicate check ids"
        for check in checks:
            assert isinstance(check, Check)
            assert check.citation.edition == edition, check.id
            assert check.citation.catalog_no == technology.catalog_no(edition), check.id
            assert check.citation.clause.strip(), check.id
            assert check.citation.quote.strip(), f"{check.id} quotes no seed words"
            assert check.title.strip()
            assert check.id.startswith(f"{technology.slug}."), check.id


def test_check_quotes_are_the_seeds_words(technology: Technology, host: Host) -> None:
    _builtin(technology)
    for edition, checks in _checks(host, technology).items():
        text = squash(seed_text(edition))
        for check in checks:
            assert squash(check.citation.quote) in text, f"{check.id}: {check.citation.quote}"


@cache
def _fields(schema_id: str, schema: Any) -> frozenset[str]:
    return frozenset(form_fields(schema))


def _form_paths(host: Host, technology: Technology, kind: str) -> frozenset[str]:
    if kind == "case":
        schema = host.case_form(technology.slug)
    elif kind.startswith("shared:"):
        schema = load_fragment(f"{kind.removeprefix('shared:')}.schema.json")
    else:
        schema = host.profile_form(technology.slug, kind)
    assert schema is not None, f"{technology.slug} reads {kind} fields but has no {kind} form"
    return frozenset(form_fields(schema))


def test_check_fields_exist_in_the_forms(technology: Technology, host: Host) -> None:
    for edition, checks in _checks(host, technology).items():
        for check in checks:
            assert check.fields, f"{edition} {check.id} declares no fields"
            for path in check.fields:
                head, _, rest = path.partition(".")
                if head == "profile" and check.level in _PROFILE:
                    known = _form_paths(host, technology, _PROFILE[check.level])
                elif head == "general" and check.level in _PROFILE:
                    known = _form_paths(host, technology, f"shared:{_PROFILE[check.level]}")
                elif head == "answers" and check.level is Level.CASE:
                    known = _form_paths(host, technology, "case")
                else:
                    assert path in CORE_KEYS[check.level.value], f"{check.id} reads {path}"
                    continue
                assert rest in known, f"{edition} {check.id} reads {path}, not in the form"


# -------------------------------------------------------------------------
# Indicators
# -------------------------------------------------------------------------


def test_indicators_cite_a_clause_of_their_own_edition(technology: Technology, host: Host) -> None:
    for edition, indicators in _indicators(host, technology).items():
        ids = [i.id for i in indicators]
        assert len(ids) == len(set(ids)), f"{edition}: duplicate indicator ids"
        for indicator in indicators:
            assert isinstance(indicator, Indicator)
            assert edition in indicator.editions, indicator.id
            citation = indicator.citation_for(edition)
            assert citation.catalog_no == technology.catalog_no(edition), indicator.id
            assert citation.clause.strip(), indicator.id
            assert citation.quote.strip(), indicator.id
            if indicator.kind in (IndicatorKind.RATE, IndicatorKind.COUNT):
                assert indicator.numerator is not None
            elif indicator.kind in (IndicatorKind.MEAN, IndicatorKind.DURATION):
                assert indicator.value is not None
            # RATIO, SURVIVAL and STRUCTURE carry their own parts (checked by Indicator).
            if indicator.threshold is not None:
                assert indicator.threshold.citation is not None, f"{indicator.id}: uncited limit"


def test_indicator_names_and_definitions_are_the_seeds_words(
    technology: Technology, host: Host
) -> None:
    _builtin(technology)
    for edition, indicators in _indicators(host, technology).items():
        text = squash(seed_text(edition))
        names = [i.name for i in indicators]
        assert len(names) == len(set(names)), f"{edition}: two indicators share a name"
        for indicator in indicators:
            # A heading the seed repeats carries the seed's own words that tell it apart:
            # 住院死亡率（先心病及卵圆孔未闭）.
            stem, _, qualifier = indicator.name.removesuffix("）").partition("（")
            if squash(indicator.name) not in text:
                assert qualifier, f"{edition}: {indicator.name}"
                assert squash(stem) in text, f"{edition}: {indicator.name}"
                assert squash(qualifier) in text, f"{edition}: {indicator.name}"
            quote = indicator.citation_for(edition).quote
            assert squash(quote) in text, f"{edition} {indicator.id}: {quote}"


def test_indicator_fields_exist_in_the_case_form(technology: Technology, host: Host) -> None:
    for edition, indicators in _indicators(host, technology).items():
        known = _form_paths(host, technology, "case")
        for indicator in indicators:
            assert indicator.fields, indicator.id
            for predicate in (indicator.numerator, indicator.denominator, indicator.value):
                if predicate is not None:
                    unknown = sorted(set(predicate.fields) - known)
                    assert unknown == [], f"{edition} {indicator.id} reads {unknown}"
            if indicator.stratify is not None:
                assert indicator.stratify.path in known, indicator.id


# -------------------------------------------------------------------------
# Every clause of the norm's institution and personnel requirements is checked
# -------------------------------------------------------------------------

_TOP = re.compile(r"^([一二三四五六七八九十]+)、")
_SECTION = re.compile(r"^（([一二三四五六七八九十]+)）")
_ITEM = re.compile(r"^(\d+)[.．]")
_SUBITEM = re.compile(r"^（(\d+)）")


def norm_lines(edition: str, technology: Technology) -> list[str]:
    """The lines of the technology's 管理规范 in ``edition``'s seed, heading excluded.

    The heading is the catalog number with 规范 on its line or the next (a heading
    the extraction broke in two). Where the heading is lost (2022 S04), the norm
    starts at its preamble ``为规范<technology name>…``; where the indicators'
    heading is lost too, it ends at the first indicator heading (``一、…`` followed
    by ``定义：``).
    """
    number = technology.catalog_no(edition)
    assert number is not None
    lines = [line.strip().strip("\u3000") for line in seed_text(edition).splitlines()]

    def opens_norm(at: int) -> bool:
        return any(f.startswith("一、医疗机构基本要求") for f in lines[at + 1 : at + 12])

    for start, line in enumerate(lines):
        heading = line + (lines[start + 1] if start + 1 < len(lines) else "")
        if line.startswith(number) and "规范" in heading and opens_norm(start):
            break
    else:
        preamble = [
            at
            for at, line in enumerate(lines)
            if line.startswith("为规范") and technology.name in line and opens_norm(at)
        ]
        if len(preamble) != 1:
            pytest.skip(f"{edition} {number}: the norm's heading is not found in the seed text")
        start = preamble[0] - 1
    end = start + 1
    while end < len(lines) and not (
        re.match(r"^S\d\d", lines[end])
        or lines[end] == "附录"
        or "质量控制指标" in lines[end]
        or (
            _TOP.match(lines[end])
            and lines[end + 1 : end + 2] != []
            and lines[end + 1].startswith("定义")
        )
    ):
        end += 1
    return lines[start + 1 : end]


def norm_clauses(lines: list[str]) -> dict[str, bool]:
    """clause id (``一(二)3(5)``) -> whether it has sub-clauses."""
    clauses: dict[str, bool] = {}
    top = section = item = ""
    for line in lines:
        if found := _TOP.match(line):
            top, section, item = found.group(1), "", ""
            clause = top
        elif found := _SECTION.match(line):
            section, item = f"({found.group(1)})", ""
            clause = top + section
            clauses[top] = True
        elif found := _ITEM.match(line):
            item = found.group(1)
            clause = top + section + item
            clauses[top + section] = True
        elif found := _SUBITEM.match(line):
            clause = top + section + item + f"({found.group(1)})"
            clauses[top + section + item] = True
        else:
            continue
        clauses.setdefault(clause, False)
    return clauses


def required_clauses(lines: list[str]) -> set[str]:
    """The leaf clauses of 一 (institution), 二 (personnel) and 四(一) (physicians' training)."""
    return {
        clause
        for clause, has_children in norm_clauses(lines).items()
        if not has_children and (clause[0] in "一二" or clause.startswith("四(一)"))
    }


def test_every_institution_and_personnel_clause_has_a_check(
    technology: Technology, host: Host
) -> None:
    _builtin(technology)
    checks = _checks(host, technology)
    for edition, listed in checks.items():
        required = required_clauses(norm_lines(edition, technology))
        assert required, f"{edition}: no clauses parsed from the seed"
        cited = {
            c.citation.clause.split()[-1]
            for c in listed
            if c.level in (Level.INSTITUTION, Level.PERSONNEL)
        }
        missing = sorted(required - cited)
        assert missing == [], f"{edition} {technology.catalog_no(edition)}: no check for {missing}"
        case_level = [c for c in listed if c.level is Level.CASE]
        assert case_level, f"{edition}: no case-level check of 技术管理基本要求"
        assert {c.citation.clause.split()[-1][0] for c in case_level} == {"三"}


def test_profile_forms_follow_the_form_conventions(technology: Technology, host: Host) -> None:
    forms = {k: host.profile_form(technology.slug, k) for k in ("institution", "physician")}
    if not any(forms.values()):
        pytest.skip(f"{technology.slug} adds nothing to the profiles")
    for kind, schema in forms.items():
        if schema is None:
            continue
        assert schema.get("$schema", "").endswith("2020-12/schema")
        assert str(schema.get("$id", "")).startswith("https://schemas.rtech.local/plugins/")
        for path, field in form_fields(schema).items():
            for branch in field.schemas:
                assert branch.get("title"), f"{kind} {path} has no title"
                _check_object(kind, path, branch)


def _check_object(kind: str, path: str, schema: Mapping[str, Any]) -> None:
    if schema.get("type") == "object":
        assert schema.get("unevaluatedProperties") is False, f"{kind} {path}"
    elif "x-prompt" not in schema:
        pytest.fail(f"{kind} {path}: a question needs an x-prompt")
