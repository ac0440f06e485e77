"""Eligibility of stored institutions, physicians and cases, on SQLite and PostgreSQL.

The sample profiles (docs/examples/cardio_profiles.toml) pass most cardio
checks and fail the few their header comment names.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL

from rtech.eligibility import service
from rtech.eligibility.profiles import apply_profiles, read_profiles
from rtech.errors import UserError
from rtech.host import Host, get_host
from rtech.store import Store, make_engine, registry, upgrade
from tests.seeds import ROOT
from tests.unit.indicators_data import Case as FixtureCase
from tests.unit.indicators_data import cardio_answers, store_cases

SAMPLE = ROOT / "docs" / "examples" / "cardio_profiles.toml"
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
    ids = {p["name"]: p["id"] for p in report["physicians"]}
    return report["institution"]["id"], ids


def outcomes(assessment: dict[str, Any]) -> dict[str, str]:
    return {f["check_id"]: f["outcome"] for f in assessment["findings"]}


def test_the_sample_institution_fails_exactly_the_announced_clauses(
    store: Store, host: Host
) -> None:
    institution, _ = load_sample(store, host)
    with store.read() as session:
        for edition, number in (("2023", "S05"), ("2022", "S03")):
            assessment = service.assess_institution(
                session, host, "cardio", institution, edition=edition, as_of=AS_OF
            )
            assert assessment["catalog_no"] == number
            results = outcomes(assessment)
            failed = {k for k, v in results.items() if v == "fail"}
            assert failed == {
                "cardio.institution.cardiopulmonary_bypass",
                "cardio.institution.hybrid_room",
            }
            assert "unknown" not in results.values()
            # Not a training base: every 四(二) check is not applicable.
            base = {k: v for k, v in results.items() if k.startswith("cardio.training_base.")}
            assert set(base.values()) == {"not_applicable"}
            assert assessment["outcome"] == "fail"
            explained = {f["check_id"]: f["explanation"] for f in assessment["findings"]}
            assert (
                "每年开展体外循环手术 42例（要求不少于50例）"
                in explained["cardio.institution.cardiopulmonary_bypass"]
            )
            citation = next(
                f["citation"]
                for f in assessment["findings"]
                if f["check_id"] == "cardio.institution.cardiology"
            )
            assert citation == f"{edition} {number} 管理规范 一(二)1"


def test_physicians_under_each_edition(store: Store, host: Host) -> None:
    institution, ids = load_sample(store, host)
    with store.read() as session:
        by_edition = {
            edition: {
                p["subject"]["name"]: p["outcome"]
                for p in service.assess_institution(
                    session, host, "cardio", institution, edition=edition, as_of=AS_OF
                )["physicians"]
            }
            for edition in ("2022", "2023")
        }
        # 赵强 is exempt by the 2022 rule (四(一)4), which 2023 dropped.
        assert by_edition["2022"] == {
            "王建国": "pass",
            "李华": "pass",
            "张敏": "pass",
            "赵强": "pass",
            "陈晨": "fail",
        }
        assert by_edition["2023"] == {**by_edition["2022"], "赵强": "fail"}
        zhao = service.assess_physician(
            session, host, "cardio", ids["赵强"], edition="2023", as_of=AS_OF
        )
        assert outcomes(zhao)["cardio.personnel.training"] == "fail"
        chen = outcomes(service.assess_physician(session, host, "cardio", ids["陈晨"], as_of=AS_OF))
        assert chen["cardio.personnel.title"] == "fail"
        assert chen["cardio.personnel.training"] == "fail"
        assert chen["cardio.personnel.training_base"] == "not_applicable"


def test_missing_profile_data_is_unknown_and_counts_no_physician(store: Store, host: Host) -> None:
    with store.write() as session:
        hospital = registry.create_institution(
            session, name="空白医院", code="EMPTY001", actor="测试", profile={}
        )
        doctor = registry.create_physician(
            session,
            institution_id=hospital.id,
            name="新医师",
            title="chief",
            actor="测试",
            profile={"technologies": {"cardio": {}}},
        )
        hospital_id, doctor_id = hospital.id, doctor.id
    with store.read() as session:
        assessment = service.assess_institution(session, host, "cardio", hospital_id, as_of=AS_OF)
        results = outcomes(assessment)
        assert results["cardio.institution.cardiology"] == "unknown"
        # One physician whose qualification is open cannot make the two required.
        assert results["cardio.institution.physicians"] == "fail"
        explained = {f["check_id"]: f["explanation"] for f in assessment["findings"]}
        assert "另有 1 名资质无法判断：新医师" in explained["cardio.institution.physicians"]
        assert assessment["physicians"][0]["outcome"] == "unknown"
        personnel = service.assess_physician(session, host, "cardio", doctor_id, as_of=AS_OF)
        assert outcomes(personnel)["cardio.personnel.title"] == "pass"
        assert outcomes(personnel)["cardio.personnel.experience"] == "unknown"


def case_with(team: dict[str, Any], **changes: Any) -> FixtureCase:
    answers = cardio_answers(
        1,
        "coronary",
        {
            "presentation": "stable",
            "lesion_types": [],
            "pci_type": "stent",
            "stent_count": 1,
            "residual_stenosis_pct": 0,
            "timi_flow": "3",
            "complications": [],
        },
    )
    answers["team"] = team
    answers.update(changes)
    return FixtureCase(1, answers)


def ref(ids: dict[str, int], name: str) -> dict[str, str]:
    return {"id": str(ids[name]), "name": name}


def test_case_checks_use_the_registry(store: Store, host: Host) -> None:
    institution, ids = load_sample(store, host)
    good = case_with(
        {"operator": ref(ids, "张敏"), "deciders": [ref(ids, "王建国"), ref(ids, "李华")]}
    )
    exempt_decider = case_with(
        {"operator": ref(ids, "陈晨"), "deciders": [ref(ids, "王建国"), ref(ids, "赵强")]},
        consent={"signed": False},
        devices={"items": []},
    )
    stored = store_cases(store, institution, [good])
    draft = store_cases(store, institution, [exempt_decider], submit=False)
    with store.read() as session:
        first = service.assess_case(session, host, stored[1], as_of=AS_OF)
        assert first["edition"] == "2023"  # the case's own edition
        assert first["outcome"] == "pass"
        assert first["subject"]["revision"] == 1
        second = service.assess_case(session, host, draft[1], as_of=AS_OF)
        results = outcomes(second)
        assert results == {
            "cardio.case.deciders": "fail",  # 赵强 is not qualified under 2023
            "cardio.case.operator": "fail",  # 陈晨 fails the personnel checks
            "cardio.case.consent": "fail",
            "cardio.case.followup": "pass",
            "cardio.case.device_barcodes": "fail",
        }
        assert second["subject"]["revision"] == 0
        under_2022 = outcomes(
            service.assess_case(session, host, draft[1], edition="2022", as_of=AS_OF)
        )
        assert under_2022["cardio.case.deciders"] == "pass"
        with pytest.raises(UserError, match="属于技术"):
            service.assess_case(session, host, draft[1], slug="tbi")
        with pytest.raises(UserError, match="不在2022年版目录中"):
            service.assess_institution(session, host, "tbi", institution, edition="2022")


def test_the_sample_also_reads_from_a_path_object(host: Host) -> None:
    profiles = read_profiles(Path(SAMPLE), host, technology="cardio")
    assert profiles.technologies == ["cardio"]
    assert [p["general"]["name"] for p in profiles.physicians] == [
        "王建国",
        "李华",
        "张敏",
        "赵强",
        "陈晨",
    ]


# Every number the cardio norm states for an institution, on its bound: the sample
# passes at the bound itself and fails one below ("不少于" includes the bound).
BOUNDS = [
    ("cardiology", ("cardiology", "beds"), 40),  # 一(二)1 床位不少于40张
    ("cardiac_surgery", ("cardiac_surgery", "beds"), 30),  # 一(二)2 床位不少于30张
    ("cardiopulmonary_bypass", ("cardiac_surgery", "cpb_cases_per_year"), 50),
    ("angiography_machine", ("angiography", "machine_ma"), 800),  # 800mA
    ("angiography_machine", ("angiography", "machine_kv"), 120),  # 120kV
    ("angiography_electrophysiology", ("angiography", "ep_channels"), 8),
    ("icu_setup", ("icu", "beds"), 6),
    ("icu_setup", ("icu", "area_per_bed"), 15),
]


@pytest.mark.parametrize(("check", "path", "bound"), BOUNDS, ids=[f"{b[0]}-{b[2]}" for b in BOUNDS])
def test_institution_numbers_on_their_bound(
    store: Store, host: Host, check: str, path: tuple[str, str], bound: float
) -> None:
    profiles = read_profiles(SAMPLE, host)
    section, field = path
    cardio = profiles.institution["technologies"]["cardio"]
    seen = {}
    for value in (bound, bound - 1):
        cardio[section][field] = value
        with store.write() as session:
            institution = apply_profiles(session, profiles, actor="测试")["institution"]["id"]
        with store.read() as session:
            assessment = service.assess_institution(
                session, host, "cardio", institution, edition="2023", as_of=AS_OF
            )
        seen[value] = outcomes(assessment)[f"cardio.institution.{check}"]
    assert seen == {bound: "pass", bound - 1: "fail"}
