"""口腔颌面部肿瘤颅颌联合根治技术: the norm's checks of both editions, at their boundaries.

2022 S04 一(四)-(七) tier each department's beds and yearly tumour patients by the
hospital's type (综合医院 30张/400例; its own 专科医院 60 or 100张 / 900 or 1800例);
2023 S04 一(二) asks 200 (综合医院) or 400 (口腔专科医院). 2022 二4 asks 2 主任医师,
2023 一(三) 2 副主任及以上. Training: 2022 20 cases and 10 managed, 2023 2 and 2;
exemptions: 2022 15 years, 副主任, 50 cases in 5 years; 2023 主任, 3 a year for 3 years.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech import Outcome
from rtech.plugins.maxillofacial_tumor.checks import NORM

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN
SLUG = "maxillofacial_tumor"


def outcome(edition: str, name: str, subject: dict[str, Any]) -> Outcome:
    checks = {c.id: c for c in NORM.checks(edition)}
    section = next(
        k for k in ("institution", "personnel", "case") if f"{SLUG}.{k}.{name}" in checks
    )
    return checks[f"{SLUG}.{section}.{name}"].evaluate({"as_of": AS_OF, **subject}).outcome


def institution(kind: str, grade: str = "3A", **profile: Any) -> dict[str, Any]:
    return {"general": {"kind": kind, "grade": grade}, "profile": profile}


def department(beds: int, since: str = "2014-06-30") -> dict[str, Any]:
    return {"registered": True, "since": since, "beds": beds}


def test_2022_a_general_hospitals_department_needs_30_beds_10_years_and_400_patients() -> None:
    good = institution(
        "general", departments=["ent"], ent=department(30), volume={"annual_tumour_patients": 400}
    )
    assert outcome("2022", "ent_general", good) is PASS
    assert (
        outcome(
            "2022", "ent_general", {**good, "profile": {**good["profile"], "ent": department(29)}}
        )
        is FAIL
    )
    fewer = {**good["profile"], "volume": {"annual_tumour_patients": 399}}
    assert outcome("2022", "ent_general", {**good, "profile": fewer}) is FAIL
    # 10 years counted day by day: from 2014-07-01 the tenth year is not yet full
    late = {**good["profile"], "ent": department(30, since="2014-07-01")}
    assert outcome("2022", "ent_general", {**good, "profile": late}) is FAIL
    # the specialty tier does not apply to a general hospital
    assert outcome("2022", "ent_specialty", good) is NA
    # a general hospital without the department: not applicable
    assert outcome("2022", "head_neck_general", good) is NA


def test_2022_a_specialty_hospital_is_held_to_its_own_numbers() -> None:
    oncology = institution(
        "specialized",
        specialty="oncology",
        head_neck=department(60),
        volume={"annual_tumour_patients": 1800},
    )
    assert outcome("2022", "head_neck_specialty", oncology) is PASS
    short = {**oncology["profile"], "volume": {"annual_tumour_patients": 1799}}
    assert outcome("2022", "head_neck_specialty", {**oncology, "profile": short}) is FAIL
    # 神经外科专科医院: 100 beds, 900 patients
    neuro = institution(
        "specialized",
        specialty="neurosurgery",
        neurosurgery=department(99),
        volume={"annual_tumour_patients": 900},
    )
    assert outcome("2022", "neurosurgery_specialty", neuro) is FAIL
    neuro["profile"]["neurosurgery"] = department(100)
    assert outcome("2022", "neurosurgery_specialty", neuro) is PASS
    # the oncology tier is not this hospital's; the general tier neither
    assert outcome("2022", "head_neck_specialty", neuro) is NA
    assert outcome("2022", "neurosurgery_general", neuro) is NA
    # unknown hospital type: the tier cannot be told
    assert outcome("2022", "ent_general", {"profile": {}}) is UNKNOWN


def test_2022_general_hospital_departments_and_subjects() -> None:
    subjects = ["ent", "oncology", "neurosurgery", "omfs"]
    good = institution(
        "general", departments=["ent", "neurosurgery", "head_neck"], registered_subjects=subjects
    )
    assert outcome("2022", "general_hospital_2022", good) is PASS
    no_omfs = institution(
        "general", departments=["ent", "neurosurgery"], registered_subjects=subjects
    )
    assert outcome("2022", "general_hospital_2022", no_omfs) is FAIL
    missing = institution(
        "general", departments=["ent", "neurosurgery", "omfs"], registered_subjects=subjects[:3]
    )
    assert outcome("2022", "general_hospital_2022", missing) is FAIL
    assert outcome("2022", "general_hospital_2022", institution("specialized")) is NA


def test_2023_hospital_grade_and_volume_by_type() -> None:
    assert outcome("2023", "hospital_2023", institution("general", "3A")) is PASS
    assert outcome("2023", "hospital_2023", institution("general", "3B")) is FAIL
    assert (
        outcome("2023", "hospital_2023", institution("specialized", "3B", specialty="stomatology"))
        is PASS
    )
    assert (
        outcome("2023", "hospital_2023", institution("specialized", "3A", specialty="oncology"))
        is FAIL
    )
    subjects = ["omfs", "neurosurgery", "ent_hns", "critical_care"]
    general = institution(
        "general",
        registered_subjects=subjects,
        angiography_tier3=True,
        volume={"annual_tumour_patients": 200},
    )
    assert outcome("2023", "general_hospital_2023", general) is PASS
    general["profile"]["volume"] = {"annual_tumour_patients": 199}
    assert outcome("2023", "general_hospital_2023", general) is FAIL
    dental = institution(
        "specialized",
        specialty="stomatology",
        registered_related_subjects=True,
        neurosurgery_consultation=True,
        critical_care_unit=True,
        volume={"annual_tumour_patients": 400},
    )
    assert outcome("2023", "stomatology_hospital_2023", dental) is PASS
    dental["profile"]["volume"] = {"annual_tumour_patients": 399}
    assert outcome("2023", "stomatology_hospital_2023", dental) is FAIL
    # 2023 一(二)2: neurosurgery asked of the general hospital only
    assert outcome("2023", "neurosurgery_2023", dental) is NA
    good = institution("general", neurosurgery=department(30, since="2009-06-30"))
    assert outcome("2023", "neurosurgery_2023", good) is PASS
    late = institution("general", neurosurgery=department(30, since="2009-07-01"))
    assert outcome("2023", "neurosurgery_2023", late) is FAIL


def test_icu_cleanliness_and_beds_differ_by_edition() -> None:
    icu = {
        "standard_compliant": True,
        "cleanliness_class": "III",
        "beds": 6,
        "area_per_bed": 15,
        "meets_needs": True,
    }
    assert outcome("2022", "icu_setup_2022", {"profile": {"icu": icu}}) is PASS
    assert outcome("2022", "icu_setup_2022", {"profile": {"icu": {**icu, "beds": 5}}}) is FAIL
    assert (
        outcome("2022", "icu_setup_2022", {"profile": {"icu": {**icu, "area_per_bed": 14.9}}})
        is FAIL
    )
    # 2023: Ⅱ级 and 10 beds
    assert outcome("2023", "icu_setup_2023", {"profile": {"icu": {**icu, "beds": 10}}}) is FAIL
    ii = {**icu, "cleanliness_class": "II", "beds": 10}
    assert outcome("2023", "icu_setup_2023", {"profile": {"icu": ii}}) is PASS
    assert outcome("2023", "icu_setup_2023", {"profile": {"icu": {**ii, "beds": 9}}}) is FAIL


def test_2022_imaging_is_mri_or_ct_with_pacs() -> None:
    def imaging(*items: str) -> dict[str, Any]:
        return {"profile": {"imaging": {"equipment": list(items)}}}

    assert outcome("2022", "imaging_2022", imaging("ct", "pacs")) is PASS
    assert outcome("2022", "imaging_2022", imaging("mri", "pacs")) is PASS
    assert outcome("2022", "imaging_2022", imaging("mri", "ct")) is FAIL
    assert outcome("2023", "imaging_2023", imaging("mri", "pacs")) is FAIL
    assert outcome("2023", "imaging_2023", imaging("ct", "pacs")) is PASS


def roster(*titles: str) -> dict[str, Any]:
    return {
        "physicians": [
            {"id": n, "name": f"医师{n}", "title": t, "registered_here": True, "qualified": "pass"}
            for n, t in enumerate(titles, 1)
        ]
    }


def test_qualified_physicians_chiefs_in_2022_associate_chiefs_in_2023() -> None:
    assert outcome("2022", "physicians_2022", roster("chief", "chief")) is PASS
    assert outcome("2022", "physicians_2022", roster("chief", "associate_chief")) is FAIL
    assert outcome("2023", "physicians_2023", roster("chief", "associate_chief")) is PASS
    assert outcome("2023", "physicians_2023", roster("associate_chief", "attending")) is FAIL


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {
        "title": title,
        "licence_no": "110510100000001",
        "general": {"practice_scopes": ["dental"]},
        "profile": profile,
    }


def test_experience_fifteen_years_day_by_day() -> None:
    assert outcome("2023", "experience", physician("chief", specialty_since="2009-06-30")) is PASS
    assert outcome("2023", "experience", physician("chief", specialty_since="2009-07-01")) is FAIL
    assert outcome("2022", "title", physician("associate_chief")) is PASS
    assert outcome("2022", "title", physician("attending")) is FAIL


BASE = {"route": "base", "base_filed": True, "months": 6, "passed": True}


def test_training_at_a_base_counts_per_edition() -> None:
    trained_2023 = physician("associate_chief", training={**BASE, "cases": 2, "managed_cases": 2})
    assert outcome("2023", "training", trained_2023) is PASS
    assert outcome("2022", "training", trained_2023) is FAIL  # 2022 asks 20 and 10
    trained_2022 = physician("associate_chief", training={**BASE, "cases": 20, "managed_cases": 10})
    assert outcome("2022", "training", trained_2022) is PASS
    short = physician(
        "associate_chief", training={**BASE, "months": 5, "cases": 20, "managed_cases": 10}
    )
    assert outcome("2022", "training", short) is FAIL
    one_managed = physician("associate_chief", training={**BASE, "cases": 2, "managed_cases": 1})
    assert outcome("2023", "training", one_managed) is FAIL


def test_exemptions_differ_by_edition() -> None:
    exemption = {"clinical_years": 15, "title": "associate_chief", "recent_cases": 50}
    exempt = physician(
        "associate_chief",
        training={"route": "exempt", "exemption": {**exemption, "serious_adverse_event": False}},
    )
    assert outcome("2022", "training_exemption", exempt) is PASS
    assert outcome("2023", "training_exemption", exempt) is FAIL  # 2023 asks a 主任医师
    fewer = physician(
        "associate_chief",
        training={
            "route": "exempt",
            "exemption": {**exemption, "recent_cases": 49, "serious_adverse_event": False},
        },
    )
    assert outcome("2022", "training_exemption", fewer) is FAIL
    chief = physician(
        "chief",
        training={
            "route": "exempt",
            "exemption": {"title": "chief", "recent_cases": 3, "serious_adverse_event": False},
        },
    )
    assert outcome("2023", "training_exemption", chief) is PASS
    chief["profile"]["training"]["exemption"]["recent_cases"] = 2
    assert outcome("2023", "training_exemption", chief) is FAIL


def test_2022_each_case_is_decided_by_a_multidisciplinary_consultation() -> None:
    def case(**mdt: Any) -> dict[str, Any]:
        return {"answers": {"mdt": mdt}}

    good = case(held=True, specialties=["ent", "neurosurgery", "omfs"], agreed=True, plan=True)
    assert outcome("2022", "mdt", good) is PASS
    assert (
        outcome("2022", "mdt", case(held=True, specialties=["omfs"], agreed=True, plan=True))
        is FAIL
    )
    assert (
        outcome("2022", "mdt", case(held=True, specialties=["omfs", "ent"], agreed=True, plan=True))
        is PASS
    )
    assert outcome("2022", "mdt", case(held=False)) is FAIL
    assert "mdt" not in {c.id.rsplit(".", 1)[-1] for c in NORM.checks("2023")}


def test_training_base_quality_rates_at_their_limits() -> None:
    rates = {
        "admission_discharge": 90,
        "pre_post_operative": 80,
        "clinical_pathological": 60,
        "cure": 90,
        "improvement": 80,
        "rescue_success": 70,
        "aseptic_wound_infection": 1,
        "hospital_infection": 15,
        "death_24h_anaesthesia": 0.1,
    }
    base = {"training_base_applies": True, "base_quality": rates}
    assert outcome("2022", "base_quality_2022", {"profile": base}) is PASS
    for key, worse in (
        ("cure", 89.9),
        ("aseptic_wound_infection", 1.01),
        ("death_24h_anaesthesia", 0.11),
    ):
        worse_base = {**base, "base_quality": {**rates, key: worse}}
        assert outcome("2022", "base_quality_2022", {"profile": worse_base}) is FAIL, key
    assert outcome("2022", "base_quality_2022", {"profile": {"training_base_applies": False}}) is NA
    # 比例大于50%: exactly 50 is not enough
    tutors = {"tutors": 4, "chief_tutors": 2, "senior_share": 50}
    at_half = {"training_base_applies": True, "base": tutors}
    assert outcome("2022", "base_tutors_2022", {"profile": at_half}) is FAIL
    above = {"training_base_applies": True, "base": {**tutors, "senior_share": 50.5}}
    assert outcome("2022", "base_tutors_2022", {"profile": above}) is PASS


def test_2022_specialty_tiers_of_ent_and_oral_hospitals() -> None:
    ent = institution(
        "specialized", specialty="ent", ent=department(60), volume={"annual_tumour_patients": 900}
    )
    assert outcome("2022", "ent_specialty", ent) is PASS
    ent["profile"]["ent"] = department(59)
    assert outcome("2022", "ent_specialty", ent) is FAIL
    oral = institution(
        "specialized",
        specialty="stomatology",
        omfs=department(60),
        volume={"annual_tumour_patients": 899},
    )
    assert outcome("2022", "omfs_specialty", oral) is FAIL
    oral["profile"]["volume"] = {"annual_tumour_patients": 900}
    assert outcome("2022", "omfs_specialty", oral) is PASS


def test_2022_theatres_four_clean_rooms_with_microscope_and_power_system() -> None:
    def theatre(rooms: int, *equipment: str) -> dict[str, Any]:
        return {"profile": {"theatre": {"clean_rooms": rooms, "equipment": list(equipment)}}}

    assert outcome("2022", "theatres", theatre(4, "microscope", "power_system")) is PASS
    assert outcome("2022", "theatres", theatre(3, "microscope", "power_system")) is FAIL
    assert outcome("2022", "theatres", theatre(4, "microscope")) is FAIL


def test_training_base_volumes_and_tutors_by_edition() -> None:
    def base(kind: str, **numbers: Any) -> dict[str, Any]:
        return institution(kind, training_base_applies=True, base=numbers)

    assert outcome("2022", "base_volume_general_2022", base("general", annual_cases=100)) is PASS
    assert outcome("2022", "base_volume_general_2022", base("general", annual_cases=99)) is FAIL
    specialty = base("specialized", annual_cases=149)
    assert outcome("2022", "base_volume_specialty_2022", specialty) is FAIL
    assert outcome("2022", "base_volume_general_2022", specialty) is NA
    specialty["profile"]["base"]["annual_cases"] = 150
    assert outcome("2022", "base_volume_specialty_2022", specialty) is PASS
    # 2023: 累计5例, 4 tutors of whom 2 主任医师
    assert outcome("2023", "base_volume_2023", base("general", total_cases=5)) is PASS
    assert outcome("2023", "base_volume_2023", base("general", total_cases=4)) is FAIL
    assert outcome("2023", "base_tutors_2023", base("general", tutors=4, chief_tutors=2)) is PASS
    assert outcome("2023", "base_tutors_2023", base("general", tutors=4, chief_tutors=1)) is FAIL
    assert outcome("2023", "base_tutors_2023", base("general", tutors=3, chief_tutors=2)) is FAIL
    not_a_base = institution("general", training_base_applies=False)
    assert outcome("2023", "base_tutors_2023", not_a_base) is NA


def test_the_base_questions_are_asked_of_a_training_base_only() -> None:
    from jsonschema import Draft202012Validator

    from rtech.eligibility.formfields import schema_registry
    from rtech.host import get_host

    schema = get_host().profile_form(SLUG, "institution")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    base = {"base": {"tutors": 4, "chief_tutors": 2}, "base_quality": {"cure": 90}}
    assert list(validator.iter_errors({"training_base_applies": True, **base})) == []
    refused = [e.message for e in validator.iter_errors({"training_base_applies": False, **base})]
    assert len(refused) == 1
    assert "unexpected" in refused[0]
    assert list(validator.iter_errors({"training_base_applies": False})) == []
