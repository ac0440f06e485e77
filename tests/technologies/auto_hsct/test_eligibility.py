"""auto_hsct eligibility (2023 S06 管理规范) on the sample profiles and stored cases.

The sample (docs/examples/auto_hsct_profiles.toml) fails exactly what its
header announces; 三(六) is computed from the institution's own cases.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import URL

from rtech.eligibility import conditions as c
from rtech.eligibility import service
from rtech.eligibility.profiles import apply_profiles, read_profiles
from rtech.host import Host, get_host
from rtech.plugins.auto_hsct.checks import NORM
from rtech.store import Store, make_engine, upgrade
from rtech.store import cases as case_store
from tests.seeds import ROOT
from tests.technologies.auto_hsct.cases import CASES

SAMPLE = ROOT / "docs" / "examples" / "auto_hsct_profiles.toml"
SLUG = "auto_hsct"


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


def store_cases(store: Store, institution: int, lead: int) -> None:
    for case in CASES:
        answers = copy.deepcopy(case.answers)
        ref = {"id": str(lead), "name": "罗建华"}
        answers["team"] = {"operator": ref, "deciders": [ref]}
        answers["collection"]["supervisor"] = ref
        with store.write() as session:
            created = case_store.create_case(
                session,
                technology=SLUG,
                edition="2023",
                institution_id=institution,
                actor="测试",
                answers=answers,
            )
            case_store.submit_case(
                session, created.id, expected_version=created.version, actor="测试"
            )


def test_every_clause_of_the_norm_has_a_check() -> None:
    clauses = {c.citation.clause.split()[-1] for c in NORM.checks("2023")}
    for top, count in (("一", 5), ("三", 9)):
        for number in "一二三四五六七八九"[:count]:
            assert any(c.startswith(f"{top}({number})") for c in clauses), (top, number)
    assert {"二(一)3", "二(二)3", "二(三)", "四(一)4", "四(二)1(5)", "四(二)2(4)"} <= clauses


def test_the_sample_institution_fails_exactly_the_announced_clauses(
    store: Store, host: Host
) -> None:
    institution, ids = load_sample(store, host)
    with store.read() as session:
        assessment = service.assess_institution(
            session, host, SLUG, institution, as_of=date(2024, 6, 30)
        )
    results = outcomes(assessment)
    assert {k for k, v in results.items() if v == "fail"} == {
        "institution.ward",  # 3 laminar-flow beds
        "institution.radiotherapy",  # no dosimetry
        "institution.volume",  # no case recorded yet
    }
    assert {k for k, v in results.items() if v == "unknown"} == {"institution.mortality"}
    assert {k for k, v in results.items() if k.startswith("institution.base_")} <= {
        k for k, v in results.items() if v == "not_applicable"
    }
    assert results["institution.physicians"] == "pass"  # 4 of the 5 qualify
    people = {p["subject"]["name"]: outcomes(p) for p in assessment["physicians"]}
    assert people["周婷"]["personnel.participant"] == "fail"  # haematology since 2022
    assert people["周婷"]["personnel.lead"] == "not_applicable"
    assert people["罗建华"]["personnel.training_exemption"] == "pass"
    assert people["罗建华"]["personnel.participant"] == "not_applicable"
    assert people["邓强"]["personnel.training_overseas"] == "pass"
    assert {p for p, r in people.items() if "fail" in r.values()} == {"周婷"}
    assert ids


def test_volume_and_mortality_come_from_the_stored_cases(store: Store, host: Host) -> None:
    institution, ids = load_sample(store, host)
    store_cases(store, institution, ids["罗建华"])

    def assessed(as_of: date) -> dict[str, dict[str, Any]]:
        with store.read() as session:
            found = service.assess_institution(session, host, SLUG, institution, as_of=as_of)
        return {f["check_id"]: f for f in found["findings"]}

    # Year 2023-04-01..2024-03-31: transplants 2-11 (10, at least 5).
    # Mortality year ends 100 days earlier, 2022-12-23..2023-12-22: transplants 1-10;
    # non-relapse deaths within 100 days 2, 5, 6: 3/10 = 30 % (not below 5 %).
    found = assessed(date(2024, 3, 31))
    volume, mortality = (
        found["auto_hsct.institution.volume"],
        found["auto_hsct.institution.mortality"],
    )
    assert volume["outcome"] == "pass"
    assert "2023-04-01至2024-03-31本平台登记的自体造血干细胞移植 10 例" in volume["explanation"]
    assert mortality["outcome"] == "fail"
    assert "10 例，其中 3 例（30.0%）" in mortality["explanation"]
    # Year 2025-07-01..2026-06-30: none; the mortality year 2025-03-23..2026-03-22 has none.
    found = assessed(date(2026, 6, 30))
    assert found["auto_hsct.institution.volume"]["outcome"] == "fail"
    assert found["auto_hsct.institution.mortality"]["outcome"] == "unknown"


def test_the_case_checks_read_the_team_and_the_collection(store: Store, host: Host) -> None:
    institution, ids = load_sample(store, host)
    answers = copy.deepcopy(CASES[0].answers)
    lead, junior = (
        {"id": str(ids["罗建华"]), "name": "罗建华"},
        {"id": str(ids["杨帆"]), "name": "杨帆"},
    )
    answers["team"] = {"operator": lead, "deciders": [lead]}
    answers["collection"]["supervisor"] = lead
    with store.read() as session:
        found = outcomes(
            service.assess_answers(session, host, SLUG, institution_id=institution, answers=answers)
        )
    assert found["case.collection"] == found["case.deciders"] == found["case.operator"] == "pass"
    assert found["case.plans"] == found["case.consent"] == found["case.followup"] == "pass"
    answers["team"]["deciders"] = [junior]  # 主治医师: not 副主任医师以上
    answers["collection"]["supervisor"] = {"id": "999", "name": "外院医师"}
    answers["plan"]["postop_plan"] = False
    with store.read() as session:
        found = outcomes(
            service.assess_answers(session, host, SLUG, institution_id=institution, answers=answers)
        )
    assert found["case.deciders"] == "fail"
    assert found["case.collection"] == "unknown"  # not in the registry
    assert found["case.plans"] == "fail"


def test_the_exemption_asks_five_in_each_of_the_three_years() -> None:
    rule = NORM.training_rule("2023")
    assert rule.exemption is not None
    condition = c.exemption_rule(rule.exemption, path="profile.training.exemption")
    declared = {
        "clinical_years": 15,
        "title": "associate_chief",
        "recent_cases": 20,
        "fewest_year_cases": 5,
        "serious_adverse_event": False,
    }

    def outcome(**changed: Any) -> str:
        subject = {
            "profile": {"training": {"exemption": declared | changed}},
            "as_of": "2024-01-01",
        }
        return condition(subject).outcome.value

    assert outcome() == "pass"  # 15 years, 20 cases, 5 in the fewest year: every bound holds
    assert outcome(fewest_year_cases=4) == "fail"
    assert outcome(recent_cases=19) == "fail"
    assert outcome(clinical_years=14) == "fail"
    assert outcome(title="attending") == "fail"
    assert "其中每年至少5例" in rule.exemption.describe()


def test_a_general_hospital_of_2a_or_a_haematology_hospital() -> None:
    (check,) = [c for c in NORM.checks("2023") if c.id == "auto_hsct.institution.hospital"]
    part = {"haematology_registered": True, "auxiliary": True}

    def outcome(kind: str, grade: str, haematology: bool | None = None) -> str:
        hospital = part if haematology is None else part | {"haematology_hospital": haematology}
        subject = {"general": {"kind": kind, "grade": grade}, "profile": {"hospital": hospital}}
        return check(subject | {"as_of": "2024-01-01"}).outcome.value

    assert outcome("general", "2A") == "pass"  # 二级甲等 itself
    assert outcome("general", "2B") == "fail"
    assert outcome("specialized", "2B", True) == "pass"  # a haematology hospital, any grade
    assert outcome("specialized", "3A", False) == "fail"


def test_the_training_base_is_worded_as_each_clause_words_it() -> None:
    """二(一)2: system training at a base filed "省级以上" for 造血干细胞移植技术;
    四(一)3: overseas training assessed at a provincially filed base."""
    rule = NORM.training_rule("2023")
    subject = {
        "profile": {
            "training": {
                "route": "base",
                "base_filed": False,
                "certificate": True,
                "assessed_by_filed_base": False,
            }
        }
    }
    base = c.training_route("base", rule)(subject)
    assert base.outcome.value == "fail"
    assert "培训基地为省级以上卫生健康行政部门备案的造血干细胞移植技术培训基地" in base.explanation
    subject["profile"]["training"]["route"] = "overseas"
    overseas = c.training_route("overseas", rule)(subject)
    assert overseas.outcome.value == "fail"
    assert "经省级卫生健康行政部门备案的培训基地考核合格" in overseas.explanation
    assert "省级以上" not in overseas.explanation
