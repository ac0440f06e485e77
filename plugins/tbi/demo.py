"""Demonstration data of 全身高能X线（及钴60γ线）照射技术: the team, the profile, the
equipment checks of 附件1 and about sixty irradiations over 2023 and 2024.

The staff are the three professions of 管理规范 二 (one technician without the LA
certificate, so that 上岗人员资质符合率 falls short of 100 %); the QA log holds
the monthly and weekly checks of 附件1 with a few out of tolerance; the cases
fall on both sides of 附件2's limits (dose rate, deviation, lung dose) and of
the block placement. Patients and people are invented; the codes come from
curated.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoContext, DemoQaCheck, DemoStaff, TechnologyDemo
from rtech.plugins.tbi.checks import NORM

__all__ = ["DEMO", "case_answers"]

#: (name, title, clinical_since, role, certified)
STAFF = (
    ("杨振华", "chief", 1993, "physician", True),
    ("邓丽", "associate_chief", 2005, "physician", True),
    ("曾凯", "associate_chief", 2008, "physicist", True),
    ("彭海", "attending", 2012, "technician", True),
    ("蒋芳", "attending", 2014, "technician", True),
    ("余涛", "attending", 2016, "technician", False),
)

DIAGNOSES: Mapping[str, tuple[str, str]] = {
    "all": ("C91.0", "急性淋巴细胞白血病"),
    "aml": ("C92.0", "急性髓样白血病"),
    "cml": ("C92.1", "慢性髓样白血病"),
    "mds": ("D46.9", "骨髓增生异常综合征"),
    "lymphoma": ("C85.9", "非霍奇金淋巴瘤"),
    "myeloma": ("C90.0", "多发性骨髓瘤"),
    "aplastic": ("D61.9", "再生障碍性贫血"),
}
PROCEDURE = ("92.2400", "光子远距离放射疗法")

INSTITUTION: Mapping[str, Any] = {
    "base_applies": False,
    "capacity_appropriate": True,
    "department": NORM.declared(
        "department",
        units=["department", "ward", "physics", "technique"],
        since="1990-05-01",
        beds=60,
        cases_3y=48,
    ),
    "safety": {"licence": True, "group": True},
    "equipment": {"machine": True, "dosimetry": True, "mould_room": True, "rules": True},
    "support": {"laboratory": True, "imaging": ["mri", "ct"], "image_transfer": True},
    "staff": {"physicists_senior": 1, "technicians_intermediate": 3},
    "qa": {"schedule": True, "ledger": True},
    "room": {"couch": True, "disinfection": True, "sterile_sheet": True, "monitoring": True},
    "management": NORM.declared("management"),
}

TRAINED = {
    "route": "base",
    "base_name": "四川省全身照射技术培训基地",
    "base_filed": True,
    "months": 3,
    "cases": 5,
    "passed": True,
}


def _profile(title: str, since: int, role: str, certified: bool) -> dict[str, Any]:
    """TBI's part of a demonstration staff member's profile (physician, physicist or
    technician: ``role``); the title is in the registry."""
    if role == "physician":
        return {
            "role": role,
            "certificates": {"la_physician": certified},
            "radiotherapy_since": f"{since + 1}-09-01",
            "training": TRAINED,
            "trainee": {
                "bachelor": True,
                "certified": True,
                "patients": 600,
                "tps": True,
                "whole_course": True,
            },
        }
    if role == "physicist":
        return {
            "role": role,
            "certificates": {"physicist": certified, "la_physicist": certified},
            "physics_since": f"{since + 1}-07-01",
            "radiotherapy_since": f"{since + 1}-07-01",
            "training": TRAINED,
            "trainee": {
                "bachelor": True,
                "certified": True,
                "planning": True,
                "whole_course": True,
            },
        }
    return {
        "role": role,
        "certificates": {"technician": True, "la_technician": certified},
        "technique_since": f"{since + 1}-07-01",
    }


def case_answers(
    number: int,
    admitted: date,
    *,
    team: Mapping[str, Any],
    patient: Mapping[str, Any],
    indication: str = "aml",
    appropriate: bool = True,
    dose_rate: float = 8.0,
    deviation: float = 4.0,
    lung_dose: float = 6.5,
    field_size: float = 165.0,
    block_accurate: bool = True,
    complications: tuple[str, ...] = (),
    stay: int = 30,
) -> dict[str, Any]:
    """One valid case: a 12 Gy, 6-fraction TBI before an allogeneic transplant."""
    first = admitted + timedelta(days=3)
    code, name = DIAGNOSES[indication]
    return {
        "patient": dict(patient),
        "admission": {
            "admission_date": admitted.isoformat(),
            "discharge_date": (admitted + timedelta(days=stay)).isoformat(),
            "discharge_disposition": "1",
            "total_cost": 180000.0 + 1000.0 * (number % 13),
        },
        "procedure": {"date": first.isoformat()},
        "tbi": {
            "indication": indication,
            "transplant": "allogeneic",
            "indication_appropriate": appropriate,
            "source": "x6",
            "prescribed_dose_gy": 12,
            "fractions": 6,
            "field_size_cm": field_size,
            "dose_rate": dose_rate,
            "dose_deviation_pct": deviation,
            "lung_dose_gy": lung_dose,
            "lung_contour_drawn": True,
            "lung_block_thickness_deviation_mm": 0.5,
            "lung_block_transmission_measured": True,
            "lung_block_position_accurate": block_accurate,
            "scatter_screen_cm": 1.6,
            "team_formed": True,
            "team_present": True,
            "parameters_kept": True,
            "complications": list(complications),
        },
        "coding": {
            "main_diagnosis": {"code": code, "name": name},
            "other_diagnoses": [],
            "procedures": [{"code": PROCEDURE[0], "name": PROCEDURE[1]}],
        },
        "team": dict(team),
        "consent": {"signed": True, "date": first.isoformat()},
        "followup": {"plan": "clinic", "interval_months": 3},
    }


def _cases(ctx: DemoContext) -> Iterator[dict[str, Any]]:
    rnd, chance = ctx.rnd, ctx.chance
    physicians = [p for p in ctx.staff if p[1] in ("杨振华", "邓丽")]
    for number, quarter in enumerate(ctx.quarters(), start=1):
        admitted = ctx.day_in(quarter, days=60)
        operator = rnd.choice(physicians)
        team = {
            "operator": {"id": str(operator[0]), "name": operator[1]},
            "assistants": [],
            "deciders": [{"id": str(p[0]), "name": p[1]} for p in physicians],
        }
        yield case_answers(
            number,
            admitted,
            team=team,
            patient=ctx.patient(f"TB{admitted:%Y}{number:04d}", rnd.randrange(12, 55), admitted),
            indication=rnd.choice(list(DIAGNOSES)),
            appropriate=not chance(0.05),
            dose_rate=rnd.choice((5.5, 6.0, 7.5, 8.0, 8.0, 8.5, 8.5, 9.5, 10.0, 10.5)),
            deviation=rnd.choice((2.0, 3.5, 3.5, 5.0, 5.0, 7.0, 9.5, 10.0)),
            lung_dose=rnd.choice((5.8, 6.2, 6.2, 6.5, 6.5, 6.8, 7.0, 7.4)),
            block_accurate=not chance(0.08),
            complications=tuple(
                rnd.sample(["nausea_vomiting", "parotitis", "fever", "diarrhea"], 1)
            )
            if chance(0.35)
            else (),
        )


#: 附件1 items checked in the demonstration (item key, frequency in days, unit).
QA_ITEMS = (
    ("gantry_isocentre", 91, "mm"),
    ("light_field", 7, "mm"),
    ("beam_axis", 30, "mm"),
    ("laser", 7, "mm"),
    ("output_cgy_per_mu", 7, "%"),
    ("flatness", 15, "%"),
    ("symmetry", 15, "%"),
    ("xray_energy", 30, "%"),
)


def _qa(ctx: DemoContext) -> Iterator[DemoQaCheck]:
    rnd = ctx.rnd
    for item, every, unit in QA_ITEMS:
        day = date(2023, 1, 3)
        while day.year < 2025:
            measured = round(rnd.uniform(0.0, 2.4), 1)
            yield DemoQaCheck("医用直线加速器1号", item, day, measured <= 2.0, measured, unit)
            day += timedelta(days=every)


DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "放疗科", "beds": 60, "since_year": 1990},),
    staff=DemoStaff.physicians(
        STAFF, department="放疗科", scopes=["imaging_radiotherapy"], profile=_profile
    ),
    cases=_cases,
    qa_checks=_qa,
    default_cases=64,
)
