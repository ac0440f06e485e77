"""hyperthermia eligibility (2023 S02 管理规范) on the sample profiles and case answers.

The sample (docs/examples/hyperthermia_profiles.toml) fails exactly what its
header announces; the whole-body clauses apply only where whole-body
hyperthermia is performed; 三(四) is read on the case.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import URL

from rtech.eligibility import service
from rtech.eligibility.profiles import apply_profiles, read_profiles
from rtech.host import Host, get_host
from rtech.plugins.hyperthermia.checks import NORM
from rtech.store import Store, make_engine, registry, upgrade
from tests.seeds import ROOT
from tests.technologies.hyperthermia.cases import CASES

SAMPLE = ROOT / "docs" / "examples" / "hyperthermia_profiles.toml"
SLUG = "hyperthermia"
AS_OF = date(2024, 6, 30)


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


@pytest.fixture
def host() -> Host:
    return get_host()


def load_sample(store: Store, host: Host) -> tuple[int, dict[str, int]]:
    with store.write() as session:
        report = apply_profiles(session, read_profiles(SAMPLE, host), actor="测试")
    return report["institution"]["id"], {p["name"]: p["id"] for p in report["physicians"]}


def outcomes(assessment: dict[str, Any]) -> dict[str, str]:
    return {f["check_id"].removeprefix(f"{SLUG}."): f["outcome"] for f in assessment["findings"]}


def test_every_numbered_clause_has_a_check() -> None:
    clauses = {c.citation.clause.split()[-1] for c in NORM.checks("2023")}
    for number in "一二三四五六":
        assert f"一({number})" in clauses
    for number in "一二三四五六七八":
        assert f"三({number})" in clauses
    assert {"二(一)1", "二(一)2", "二(一)3", "二(二)", "三(九)1", "三(九)2"} <= clauses
    assert {"四(一)1", "四(一)2", "四(一)3", "四(二)1(3)", "四(二)2(4)"} <= clauses


def test_the_sample_institution_fails_exactly_the_announced_clauses(
    store: Store, host: Host
) -> None:
    institution, _ = load_sample(store, host)
    with store.read() as session:
        assessment = service.assess_institution(session, host, SLUG, institution, as_of=AS_OF)
    results = outcomes(assessment)
    assert {k for k, v in results.items() if v == "fail"} == {
        "institution.whole_body_equipment",  # no respiration on the monitor
        "institution.lead",  # the lead is 主治医师
    }
    assert "unknown" not in results.values()
    assert results["institution.physicians"] == "pass"  # 唐海 and 许静
    people = {p["subject"]["name"]: outcomes(p) for p in assessment["physicians"]}
    assert people["吴凡"]["personnel.experience"] == "fail"  # since 2022-09-01: under 3 years
    assert people["许静"]["personnel.training_overseas"] == "pass"
    assert people["许静"]["personnel.theory"] == "not_applicable"  # trained abroad
    assert people["唐海"]["personnel.theory"] == "pass"  # 24 学时
    assert people["吴凡"]["personnel.theory"] == "pass"  # 20 学时: the bound itself
    assert {p for p, r in people.items() if "fail" in r.values()} == {"吴凡"}


def test_whole_body_clauses_apply_only_to_whole_body_hyperthermia(store: Store, host: Host) -> None:
    institution, _ = load_sample(store, host)
    with store.write() as session:
        found = registry.get_institution(session, institution)
        profile = copy.deepcopy(found.profile)
        profile["technologies"][SLUG]["modalities"] = ["deep"]
        registry.update_institution_profile(
            session, institution, profile=profile, actor="测试", expected_version=found.version
        )
    with store.read() as session:
        results = outcomes(
            service.assess_institution(session, host, SLUG, institution, as_of=AS_OF)
        )
    assert results["institution.whole_body_equipment"] == "not_applicable"
    assert results["institution.whole_body_room"] == "not_applicable"
    assert results["institution.deep_equipment"] == "pass"


def test_monitoring_is_read_on_the_case(store: Store, host: Host) -> None:
    institution, ids = load_sample(store, host)
    operator = {"id": str(ids["唐海"]), "name": "唐海"}

    def checked(case_id: int, **procedure: Any) -> dict[str, str]:
        answers = copy.deepcopy(next(c for c in CASES if c.id == case_id).answers)
        answers["team"]["operator"] = operator
        answers["procedure"] |= procedure
        with store.read() as session:
            return outcomes(
                service.assess_answers(
                    session, host, SLUG, institution_id=institution, answers=answers
                )
            )

    deep = checked(1)
    assert deep["case.monitoring"] == deep["case.operator"] == deep["case.consent"] == "pass"
    assert checked(6)["case.monitoring"] == "fail"  # no real-time measurement
    assert checked(7)["case.monitoring"] == "pass"  # whole-body, vital signs monitored
    assert checked(7, vital_signs_monitored=False)["case.monitoring"] == "fail"


def test_twenty_hours_of_theory_at_a_base() -> None:
    (check,) = [c for c in NORM.checks("2023") if c.id == "hyperthermia.personnel.theory"]

    def outcome(route: str, hours: int) -> str:
        profile = {"training": {"route": route}, "theory_hours": hours}
        return check({"profile": profile, "as_of": "2024-01-01"}).outcome.value

    assert outcome("base", 20) == "pass"
    assert outcome("base", 19) == "fail"
    assert outcome("overseas", 0) == "not_applicable"
