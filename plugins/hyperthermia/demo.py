"""Demonstration data of 肿瘤深部热疗和全身热疗技术: staff, profile and about a hundred sessions.

An oncology department performing deep and whole-body hyperthermia (2023 S02),
its physicians, and sessions spread over the eight quarters of 2023 and 2024:
most indicated and within the temperature and time of 注2, a few not; now and
then a complication within 30 days or a death in hospital; solid tumours
measured before and at four and eight weeks (the response is computed), some
with necrosis measured or an effusion, and pain, KPS and weight followed four
and eight weeks on (the quality-of-life verdict is computed). Patients and
physicians are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.hyperthermia.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("黄志明", "chief", 1995),
    ("林晓燕", "associate_chief", 2004),
    ("高建军", "associate_chief", 2008),
    ("罗敏", "attending", 2014),
    ("谢婷", "resident", 2021),
)

DIAGNOSES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "head_neck": (("C49", "其他结缔组织和软组织恶性肿瘤"),),
    "chest": (("C34", "支气管和肺恶性肿瘤"), ("C78.2", "胸膜继发性恶性肿瘤")),
    "abdomen": (("C16", "胃恶性肿瘤"), ("C22", "肝和肝内胆管恶性肿瘤"), ("C25", "胰恶性肿瘤")),
    "pelvis": (("C53", "子宫颈恶性肿瘤"), ("C56", "卵巢恶性肿瘤"), ("C20", "直肠恶性肿瘤")),
    "limbs": (("C43", "皮肤恶性黑色素瘤"),),
    "unresectable": (("C25", "胰恶性肿瘤"),),
    "systemic_malignancy": (("C34", "支气管和肺恶性肿瘤"), ("C18", "结肠恶性肿瘤")),
    "none": (("C71", "脑恶性肿瘤"),),
}
PROCEDURE = {"code": "99.8500", "name": "恶性肿瘤热疗"}

#: The hyperthermia part of the demonstration institution's profile: a hospital meeting the norm.
INSTITUTION: Mapping[str, Any] = {
    "modalities": ["deep", "whole_body"],
    "capacity_appropriate": True,
    "departments": {"oncology_registered": True},
    "equipment": NORM.declared(
        "equipment",
        guidance=["ultrasound", "ct"],
        monitor_parameters=["ecg", "respiration", "blood_pressure", "pulse", "spo2"],
    ),
    "whole_body_room": NORM.declared(
        "whole_body_room",
        emergency_equipment=["oxygen", "defibrillator", "suction", "emergency_drugs"],
    ),
    "staff": {"other_trained": 4, "lead_title": "chief"},
    "other_staff": {"trained": True},
    "management": NORM.declared("management"),
    "training_base": {"applies": False},
}

COMPLICATIONS = {
    "deep": ("burn", "fat_necrosis", "pulmonary_oedema", "bleeding"),
    "whole_body": ("burn", "fever", "pulmonary_oedema", "bleeding"),
}


def _physician(title: str, since: int) -> dict[str, Any]:
    if title == "resident":
        training: dict[str, Any] = {"route": "none"}
    else:
        training = {
            "route": "base",
            "base_name": "四川省肿瘤热疗技术培训基地",
            "base_filed": True,
            "months": 3,
            "cases": 60,
            "managed_cases": 55,
            "passed": True,
        }
    found: dict[str, Any] = {"specialty_since": f"{since + 1}-09-01", "training": training}
    if training["route"] == "base":
        found["theory_hours"] = 24
    return found


def _procedure(ctx: DemoContext, modality: str, day: date) -> dict[str, Any]:
    rnd, chance = ctx.rnd, ctx.chance
    p: dict[str, Any] = {
        "date": day.isoformat(),
        "modality": modality,
        "heating": ctx.pick({"radiofrequency": 0.6, "microwave": 0.25, "capacitive": 0.15}),
        "combined": ["chemotherapy"] if chance(0.6) else ["radiotherapy"],
        "realtime_monitoring": not chance(0.03),
    }
    if modality == "deep":
        p["temperature_c"] = (
            rnd.choice((40.5, 41, 41.5, 42, 42.5, 43)) if not chance(0.08) else 39.5
        )
        p["duration_min"] = rnd.choice((40, 45, 50, 60)) if not chance(0.05) else 30
        return p
    anaesthesia = chance(0.3)
    p |= {"anaesthesia": anaesthesia, "vital_signs_monitored": True}
    p["temperature_site"] = "rectal" if chance(0.9) else "oesophageal"
    if anaesthesia:
        p["temperature_c"] = rnd.choice((41.0, 41.2, 41.5, 41.8)) if not chance(0.1) else 42.0
        p["duration_min"] = rnd.choice((60, 90, 120))
    else:
        p["temperature_c"] = rnd.choice((39.0, 39.3, 39.5, 39.8))
        p["duration_min"] = 120 if not chance(0.1) else 90
    return p


def _response(ctx: DemoContext, day: date) -> dict[str, Any]:
    rnd = ctx.rnd
    base = float(rnd.randrange(30, 120))
    fate = ctx.pick({"PR": 0.3, "SD": 0.45, "PD": 0.15, "CR": 0.05, "open": 0.05})
    factor = {"CR": 0.0, "PR": 0.6, "SD": 0.9, "PD": 1.3, "open": 0.6}[fate]
    later = 42 if fate != "open" else 20  # an unconfirmed response: 20 days apart
    return {
        "solid_tumour": True,
        "baseline_sum_mm": base,
        "assessments": [
            {
                "date": (day + timedelta(days=28 + d)).isoformat(),
                "sum_mm": round(base * factor * rnd.uniform(0.95, 1.0), 1),
                "new_lesions": False,
            }
            for d in (0, later - 14)
        ],
    }


def _qol(ctx: DemoContext, day: date) -> dict[str, Any]:
    rnd = ctx.rnd
    pain, kps, weight = rnd.randrange(3, 8), rnd.choice((50, 60, 70, 80)), rnd.uniform(45, 75)
    trend = ctx.pick({"better": 0.45, "stable": 0.35, "worse": 0.2})
    after = {
        "better": (max(0, pain // 2), min(100, kps + 20), weight),
        "stable": (pain, kps, weight * (1.08 if ctx.chance(0.3) else 1.0)),
        "worse": (min(10, pain + 2), max(0, kps - 20), weight * 0.95),
    }[trend]
    return {
        "baseline": {"pain": pain, "kps": kps, "weight_kg": round(weight, 1)},
        "assessments": [
            {
                "date": (day + timedelta(days=d)).isoformat(),
                "pain": after[0],
                "kps": after[1],
                "weight_kg": round(after[2], 1),
            }
            for d in (28, 56)
        ],
    }


def _case(ctx: DemoContext, number: int, quarter: date) -> dict[str, Any]:
    rnd, chance, pick = ctx.rnd, ctx.chance, ctx.pick
    modality = pick({"deep": 0.75, "whole_body": 0.25})
    admitted = ctx.day_in(quarter, days=80)
    day = admitted + timedelta(days=rnd.choice((1, 2)))
    discharged = day + timedelta(days=rnd.choice((3, 5, 7, 10)))
    category = (
        pick({"chest": 0.35, "abdomen": 0.25, "pelvis": 0.25, "head_neck": 0.05, "limbs": 0.05})
        if modality == "deep"
        else "systemic_malignancy"
    )
    if chance(0.03):
        category = "none"
    died = chance(0.03)
    irreversible = not died and chance(0.01)
    operator = rnd.choice([p for p in ctx.staff if p[2] != "resident"])
    answers: dict[str, Any] = {
        "patient": ctx.patient(f"RL{admitted:%Y}{number:05d}", rnd.randrange(30, 80), admitted),
        "admission": {
            "admission_date": admitted.isoformat(),
            "discharge_date": discharged.isoformat(),
            "discharge_disposition": "5" if died else "1",
            "total_cost": float(rnd.randrange(8000, 60000)),
        },
        "procedure": _procedure(ctx, modality, day),
        "indication": {
            "category": category,
            "contraindications": ["fat_thick"] if modality == "deep" and chance(0.03) else [],
        },
        "coding": {
            "main_diagnosis": dict(
                zip(("code", "name"), rnd.choice(DIAGNOSES[category]), strict=True)
            ),
            "procedures": [dict(PROCEDURE)],
        },
        "team": {"operator": {"id": str(operator[0]), "name": operator[1]}},
        "consent": {"signed": True, "date": admitted.isoformat()},
        "complications": {"occurred": False},
        "outcome": {
            "status": "died" if died else "irreversible_discharge" if irreversible else "alive"
        },
        "response": {"solid_tumour": False},
        "necrosis": {"assessed": False},
        "effusion": {"present": False},
        "qol": _qol(ctx, day)
        if not died
        else {"baseline": {"pain": 6, "kps": 40, "weight_kg": 50.0}, "assessments": []},
        "followup": {"plan": "clinic", "interval_months": 1},
    }
    if died or irreversible:
        answers["outcome"]["date"] = discharged.isoformat()
    if chance(0.08):
        answers["complications"] = {
            "occurred": True,
            "events": [
                {
                    "kind": rnd.choice(COMPLICATIONS[modality]),
                    "onset_date": (day + timedelta(days=rnd.choice((0, 1, 3, 12, 29)))).isoformat(),
                    "severity": "mild",
                    "outcome": "recovered",
                }
            ],
        }
    if category != "none" and not died and chance(0.6):
        answers["response"] = _response(ctx, day)
    if chance(0.3):
        area = round(rnd.uniform(8, 60), 1)
        answers["necrosis"] = {
            "assessed": True,
            "tumour_area_cm2": area,
            "necrosis_area_cm2": round(area * rnd.uniform(0.1, 0.7), 1),
        }
    if category in ("chest", "abdomen", "pelvis") and chance(0.3):
        before = float(rnd.randrange(300, 2000, 50))
        answers["effusion"] = {
            "present": True,
            "site": {"chest": "pleural", "abdomen": "abdominal", "pelvis": "pelvic"}[category],
            "before_ml": before,
            "after_ml": round(before * rnd.uniform(0.2, 1.2), -1),
        }
    return answers


#: hyperthermia's part of the demonstration hospital.
DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "肿瘤科", "beds": 60, "since_year": 2000},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="肿瘤科", scopes=["internal_medicine"], profile=_physician
    ),
    cases=lambda ctx: ctx.numbered(lambda n, q: _case(ctx, n, q)),
    default_cases=120,
)
