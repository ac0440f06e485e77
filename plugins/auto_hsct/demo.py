"""Demonstration data of 自体造血干细胞移植技术: staff, profile and a few dozen transplants.

A haematology department meeting the norm (2023 S06), its physicians (those
who lead the transplant work and those who take part), and transplants spread
over the eight quarters of 2023 and 2024, each with its 100-day and 1-year
visits recorded as revisions. Most go well; a few die within 100 days (of
relapse or not), relapse within the year or are lost to follow-up, and a few
stay 23 days or longer or cost 20万元 or more, so that every indicator has
passing and failing cases. Patients and physicians are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.auto_hsct.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since, part in the transplant work)
PHYSICIANS = (
    ("李志华", "chief", 1996, "lead"),
    ("张海燕", "chief", 1999, "lead"),
    ("陈晓峰", "associate_chief", 2006, "lead"),
    ("王雪梅", "associate_chief", 2009, "lead"),
    ("刘洋", "attending", 2014, "participant"),
    ("赵丽", "attending", 2016, "participant"),
    ("孙浩", "resident", 2021, "participant"),
)

DISEASES: Mapping[str, tuple[float, tuple[str, str]]] = {
    "multiple_myeloma": (0.5, ("C90.0", "多发性骨髓瘤")),
    "lymphoma_nhl": (0.3, ("C83", "非滤泡性淋巴瘤")),
    "lymphoma_hl": (0.1, ("C81", "霍奇金淋巴瘤")),
    "amyloidosis": (0.05, ("E85", "淀粉样变性")),
    "aml": (0.05, ("C92.0", "急性髓样白血病")),
}
CONDITIONING = {
    "multiple_myeloma": "mel",
    "amyloidosis": "mel",
    "lymphoma_nhl": "beam",
    "lymphoma_hl": "beam",
    "aml": "bu_based",
}
PROCEDURE = {"code": "41.0400", "name": "自体造血干细胞移植不伴净化"}

#: The auto_hsct part of the demonstration institution's profile: a hospital meeting the norm.
INSTITUTION: Mapping[str, Any] = {
    "tbi_conditioning": True,
    "capacity_appropriate": True,
    "hospital": {"haematology_registered": True, "auxiliary": True},
    "ward": NORM.declared(
        "ward",
        laminar_beds=8,
        equipment=["call_system", "ecg_monitor", "electric_suction", "oxygen"],
    ),
    "collection": NORM.declared("collection", area=32.5),
    "laboratory": NORM.declared(
        "laboratory",
        source="own",
        abilities=["cd34_flow", "progenitor", "cryopreservation", "nucleated_count"],
    ),
    "workup": NORM.declared(
        "workup",
        source="partner",
        abilities=["microbiology", "haematology_pathology", "cytogenetics"],
    ),
    "radiotherapy": {"source": "own", "tbi": True, "dosimetry": True},
    "staff": NORM.declared(
        "staff", trained_nurses=12, trained_other=3, head_nurse_since="2008-07-01", collectors=2
    ),
    "management": NORM.declared("management"),
    "training_base": {"applies": False},
}

#: Follow-up visits are recorded up to this day.
LAST_VISIT = date(2025, 12, 31)


def _physician(title: str, since: int, role: str) -> dict[str, Any]:
    if title == "resident":
        training: dict[str, Any] = {"route": "none"}
    else:
        training = {
            "route": "base",
            "base_name": "四川省造血干细胞移植技术培训基地",
            "base_filed": True,
            "months": 6,
            "cases": 12,
            "managed_cases": 12,
            "passed": True,
        }
    return {
        "training": training,
        "transplant_role": role,
        "haematology_since": f"{since + 1}-09-01",
        "title_at_qualifying_hospital": True,
        "complication_capability": role == "lead",
    }


def _visit(day: date, status: str, disease: str | None, **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"date": day.isoformat(), "status": status, **more}
    if disease is not None:
        found["disease_status"] = disease
    return found


def _case(ctx: DemoContext, number: int, quarter: date) -> dict[str, Any]:
    rnd, pick, chance = ctx.rnd, ctx.pick, ctx.chance
    disease = pick({k: w for k, (w, _) in DISEASES.items()})
    admitted = ctx.day_in(quarter, days=80)
    collected = admitted + timedelta(days=rnd.choice((1, 2, 3)))
    transplanted = collected + timedelta(days=rnd.choice((3, 4, 5)))
    stay = rnd.choice((14, 15, 16, 17, 17, 18, 18, 19, 19, 20, 21, 22, 24, 26))
    fate = pick(
        {"well": 0.74, "relapse": 0.12, "late_death": 0.04, "lost": 0.03}
        | {"nrm_hospital": 0.02, "nrm_followup": 0.02, "relapse_death": 0.03}
    )
    seniors = [p for p in ctx.staff if p[2] in ("chief", "associate_chief")]
    operators = [p for p in ctx.staff if p[2] != "resident"]
    operator, decider, supervisor = (
        rnd.choice(operators),
        rnd.choice(seniors),
        rnd.choice(seniors),
    )
    if chance(0.04):  # now and then decided by a junior physician, for the checks
        decider = rnd.choice([p for p in ctx.staff if p[2] in ("attending", "resident")])
    died_in_hospital = fate == "nrm_hospital"
    if died_in_hospital:
        stay = transplanted.toordinal() - admitted.toordinal() + rnd.choice((8, 12, 15))
    discharged = admitted + timedelta(days=stay)
    if discharged < transplanted:
        discharged = transplanted + timedelta(days=10)
    cost = rnd.choice((120000, 140000, 150000, 160000, 170000, 180000, 190000, 215000, 240000))
    patient = ctx.patient(f"XY{admitted:%Y}{number:04d}", rnd.randrange(18, 66), admitted)
    signed = not chance(0.02)
    answers: dict[str, Any] = {
        "patient": patient,
        "admission": {
            "admission_date": admitted.isoformat(),
            "discharge_date": discharged.isoformat(),
            "discharge_disposition": "5" if died_in_hospital else "1",
            "total_cost": float(cost),
        },
        "indication": {
            "disease": disease,
            "disease_status": pick(
                {"cr1": 0.45, "cr2_plus": 0.15, "vgpr_pr": 0.35, "stable": 0.05}
            ),
            "appropriate": not chance(0.04),
            "contraindications_excluded": True,
        },
        "collection": {
            "supervisor": {"id": str(supervisor[0]), "name": supervisor[1]},
            "date": collected.isoformat(),
            "source": "peripheral_apheresis" if chance(0.95) else "bone_marrow",
            "cd34_dose": round(rnd.uniform(2.0, 6.5), 2),
        },
        "procedure": {"date": transplanted.isoformat(), "conditioning": CONDITIONING[disease]},
        "plan": {"preop_measures": True, "postop_plan": not chance(0.02)},
        "coding": {
            "main_diagnosis": dict(zip(("code", "name"), DISEASES[disease][1], strict=True)),
            "procedures": [dict(PROCEDURE)],
        },
        "team": {
            "operator": {"id": str(operator[0]), "name": operator[1]},
            "deciders": [{"id": str(decider[0]), "name": decider[1]}],
        },
        "consent": {"signed": signed},
        "followup": {"plan": "clinic", "interval_months": 3},
    }
    if signed:
        answers["consent"]["date"] = admitted.isoformat()
    answers["followup"]["visits"] = [
        v for v in _visits(ctx, fate, transplanted) if date.fromisoformat(v["date"]) <= LAST_VISIT
    ]
    return answers


def _visits(ctx: DemoContext, fate: str, day0: date) -> list[dict[str, Any]]:
    at_100 = day0 + timedelta(days=100 + ctx.rnd.randrange(0, 14))
    at_year = day0 + timedelta(days=365 + ctx.rnd.randrange(0, 30))
    if fate == "nrm_hospital":
        return []
    if fate == "nrm_followup":
        died = day0 + timedelta(days=ctx.rnd.randrange(30, 100))
        return [_visit(died, "dead", "free", death_date=died.isoformat())]
    if fate == "relapse_death":
        relapsed = day0 + timedelta(days=ctx.rnd.randrange(40, 70))
        died = relapsed + timedelta(days=ctx.rnd.randrange(10, 25))
        return [
            _visit(relapsed, "event", "relapse"),
            _visit(died, "dead", "relapse", death_date=died.isoformat()),
        ]
    visits = [_visit(at_100, "well", "free")]
    if fate == "lost":
        return [*visits, _visit(at_100 + timedelta(days=90), "lost", None)]
    if fate == "late_death":
        died = day0 + timedelta(days=ctx.rnd.randrange(150, 330))
        return [*visits, _visit(died, "dead", "progression", death_date=died.isoformat())]
    if fate == "relapse":
        relapsed = day0 + timedelta(days=ctx.rnd.randrange(150, 330))
        return [
            *visits,
            _visit(relapsed, "event", "relapse"),
            _visit(at_year, "event", "relapse"),
        ]
    return [*visits, _visit(at_year, "well", "free")]


#: auto_hsct's part of the demonstration hospital.
DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "血液内科", "beds": 80, "since_year": 1995},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="血液内科", scopes=["internal_medicine"], profile=_physician
    ),
    cases=lambda ctx: ctx.numbered(lambda n, q: _case(ctx, n, q)),
    default_cases=64,
)
