"""Demonstration data of 人工耳蜗植入技术: staff, profile and about a hundred cases.

The cases span the eight quarters of 2023 and 2024, each valid against the
cochlear implant form: indications near the limits (90 dB, 3 and 6 months),
diagnoses before and after that mostly agree, electrodes at and below one turn,
impedance and NRT now and then failed, complications now and then, so that
every indicator has cases on both sides and its quarters fall on both sides of
the seed's targets. The patients, physicians and barcodes are invented; the
diagnoses and procedure codes are the curated lists' (``curated.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.cochlear_implant.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("林志远", "chief", 1996),
    ("何晓梅", "chief", 2000),
    ("邓文斌", "associate_chief", 2006),
    ("罗佳", "attending", 2014),
)

#: Diagnoses (ICD-10 亚目 of curated.py): the usual one, and what a later finding may show.
DIAGNOSES = (
    ("H90.3", "双侧感音神经性聋"),
    ("H90.5", "感音神经性聋"),
    ("H91.3", "聋哑症"),
)
REVISED = (("Q16.5", "先天性内耳畸形"), ("H93.3", "听神经疾患"))
PROCEDURE = ("20.98", "多通道耳蜗假体装置的植入或置换")
COMPLICATIONS = {
    "facial_palsy_temporary": 0.3,
    "subcutaneous_hematoma": 0.25,
    "infection": 0.2,
    "csf_otorrhea": 0.1,
    "implant_migration": 0.1,
    "implant_exposure": 0.05,
}

#: The demonstration institution's part (generated from checks.py's norm): it meets
#: the norm but for the otology beds (10: 一(三) asks more than 10).
INSTITUTION: Mapping[str, Any] = {
    "capacity_appropriate": True,
    "ent": NORM.declared(
        "ent",
        since="1990-05-01",
        beds=45,
        otology_beds=10,
        ci_min_annual_3y=36,
        ci_total_3y=120,
        middle_ear_min_annual_3y=260,
    ),
    "operating_room": NORM.declared(
        "operating_room",
        equipment=["microscope", "micro_instruments", "special_instruments", "monitoring"],
        emergency=["oxygen", "anesthesia_machine", "defibrillator", "suction", "emergency_drugs"],
    ),
    "ci_team": NORM.declared(
        "ci_team",
        members=[
            "otologist",
            "audiologist",
            "hearing_aid_fitter",
            "rehab_teacher",
            "pediatrician",
            "psychologist",
        ],
    ),
    "support": NORM.declared("support", departments=["anesthesia", "pediatrics", "icu"]),
    "imaging": {"equipment": ["mri", "ct16", "bedside_xray"]},
    "lab": {"preop_tests": True},
    "other_staff": {"count": 6, "trained": True},
    "anesthesia": {"associate_chief_count": 3},
    "management": NORM.declared("management"),
    "training_base": {"applies": False},
}


def _physician(title: str, since: int) -> dict[str, Any]:
    senior = title in ("chief", "associate_chief")
    training: dict[str, Any] = {
        "route": "base",
        "base_name": "四川省人工耳蜗植入技术培训基地",
        "base_filed": True,
        "months": 6,
        "cases": 24,
        "managed_cases": 22,
        "passed": True,
    }
    return {
        "senior_associate": senior,
        "specialty_since": f"{since}-09-01",
        "ear_microsurgery_since": f"{since + 4}-03-01",
        "ci_cases_3y": 30 if senior else 4,
        "no_malpractice_3y": True,
        "training": training if senior else {"route": "none"},
    }


def _case(ctx: DemoContext, number: int, quarter: date) -> dict[str, Any]:
    rnd, chance, pick = ctx.rnd, ctx.chance, ctx.pick
    admitted = ctx.day_in(quarter, days=80)
    operated = admitted + timedelta(days=rnd.choice((1, 1, 2, 3)))
    discharged = operated + timedelta(days=rnd.choice((5, 6, 7, 8, 10)))
    age = rnd.choice((1, 2, 3, 4, 6, 12, 25, 45, 60, 70))
    answers: dict[str, Any] = {
        "patient": ctx.patient(f"ZY{admitted:%Y}{number:05d}", age, admitted),
        "admission": {
            "admission_date": admitted.isoformat(),
            "discharge_date": discharged.isoformat(),
            "discharge_disposition": "1",
            "total_cost": round(rnd.uniform(180000, 260000), 2),
        },
        "procedure": {
            "date": operated.isoformat(),
            "side": pick({"right": 0.45, "left": 0.4, "bilateral": 0.15}),
        },
    }
    before = rnd.choice(DIAGNOSES)
    after = rnd.choice(REVISED) if chance(0.08) else before
    answers["diagnosis"] = {
        "preop": {"code": before[0], "name": before[1]},
        "postop": {"code": after[0], "name": after[1]},
    }
    malformation = after[0] == "Q16.5" or chance(0.05)
    indication: dict[str, Any] = {
        "hearing_loss_db": rnd.choice((85, 90, 95, 100, 105, 110, 120)),
        "stable_months": rnd.choice((2, 3, 6, 12, 24)),
        "no_organic_disease": not chance(0.03),
        "inner_ear_malformation": malformation,
        "hearing_aid_months": rnd.choice((5, 6, 6, 9, 12, 24)),
        "no_aid_benefit": not chance(0.03),
        "expectations_ok": not chance(0.02),
        "contraindications_present": chance(0.01),
    }
    if malformation:
        indication["malformation_risk_told"] = not chance(0.1)
    answers["indication"] = indication
    choice = chance(0.5)
    plan: dict[str, Any] = {
        "treatment_plan": True,
        "drug_plan": not chance(0.03),
        "material_choice": choice,
    }
    if choice:
        plan["material_explained"] = True
        plan["material_signed"] = not chance(0.04)
    answers["plan"] = plan
    imaging = pick({"ct": 0.6, "xray": 0.395, "none": 0.005})
    implant: dict[str, Any] = {
        "impedance_ok": not chance(0.005),
        "nrt_ok": not chance(0.005),
        "postop_imaging": imaging,
    }
    if imaging != "none":  # one turn counts (一圈以上); now and then short of it
        implant["electrode_turns"] = 0.9 if chance(0.01) else rnd.choice((1.0, 1.25, 1.5, 1.75))
    events = []
    if chance(0.09):
        kind = pick(COMPLICATIONS)
        events.append(
            {
                "kind": kind,
                "onset_date": (operated + timedelta(days=rnd.choice((0, 1, 3, 10)))).isoformat(),
                "severity": pick({"mild": 0.6, "moderate": 0.3, "severe": 0.1}),
                "treatment": "对症处理",
                "outcome": pick({"recovered": 0.85, "sequelae": 0.1, "ongoing": 0.05}),
            }
        )
    implant["complications"] = events
    answers["implant"] = implant
    answers["coding"] = {
        "main_diagnosis": answers["diagnosis"]["postop"],
        "procedures": [{"code": PROCEDURE[0], "name": PROCEDURE[1]}],
    }
    answers["team"] = ctx.team()
    signed = not chance(0.02)
    answers["consent"] = {"signed": signed}
    if signed:
        answers["consent"]["date"] = (operated - timedelta(days=rnd.choice((0, 1)))).isoformat()
    answers["devices"] = {
        "items": [
            {
                "name": "人工耳蜗植入体",
                "barcode": ctx.barcode(operated + timedelta(days=900)),
                "manufacturer": pick({"诺尔康": 0.5, "科利耳": 0.3, "美笛森": 0.2}),
            }
        ]
    }
    answers["followup"] = ctx.followup(
        discharged, {"clinic": 0.85, "phone": 0.15}, (1,), statuses={"well": 0.93, "event": 0.07}
    )
    return answers


DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "耳鼻咽喉科", "beds": 45, "since_year": 1990},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="耳鼻咽喉科", scopes=["ent_ophthalmology"], profile=_physician
    ),
    cases=lambda ctx: ctx.numbered(lambda n, q: _case(ctx, n, q)),
    default_cases=120,
)
