"""Demonstration data of 同种异体皮肤移植技术: staff, profile and about a hundred 例次.

Each case is one allograft operation over the eight quarters of 2023 and 2024,
valid against the form: burns and wounds of every size, allografts from donors
(a third of them living, with the donor site's healing and stay) and from
approved products, single and mixed grafts, surviving areas at one week now
and then short. The patients, physicians and barcodes are invented; the codes are
the curated lists' (``curated.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.skin_allograft.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("黄建平", "chief", 1992),
    ("曾丽", "chief", 1998),
    ("高翔", "associate_chief", 2004),
    ("唐敏", "associate_chief", 2007),
    ("宋杰", "attending", 2012),
)

BURNS = (
    ("T29.3", "多个部位的烧伤，至少提及一处三度烧伤"),
    ("T21.3", "躯干三度烧伤"),
    ("T24.3", "髋和下肢三度烧伤，除外踝和足"),
)
TRAUMA = (("T14.1", "身体未特指部位的开放性伤口"),)
PROCEDURES = {
    "allo": ("86.66", "同种移植物移植至皮肤"),
    "mixed": ("86.69", "其他皮肤移植至其他部位"),
}

#: The demonstration institution's part (generated from checks.py's norm): it meets
#: the norm but for the BICU's beds (18: 一(五)1 asks 20).
INSTITUTION: Mapping[str, Any] = {
    "capacity_appropriate": True,
    "burns": NORM.declared("burns", since="1985-03-01", beds=60, wound_repair_per_year=420),
    "bicu": NORM.declared(
        "bicu",
        cleanliness_class="III",
        beds=18,
        area_per_bed=16.0,
        equipment=["ecg_monitor", "tissue_perfusion", "central_oxygen", "central_suction"],
        physicians_5y=4,
        nurses_5y=16,
    ),
    "operating_room": NORM.declared(
        "operating_room",
        emergency=["oxygen", "anesthesia_machine", "defibrillator", "suction", "emergency_drugs"],
        instruments=["electric_dermatome", "drum_dermatome", "mesher"],
    ),
    "lab": {"compliant": True, "eqa_passed": True, "immunosuppressant_tdm": True},
    "imaging": {"burn_support": True},
    "other_staff": {"count": 10, "trained": True},
    "management": NORM.declared("management", database_staff=1),
    "training_base": {"applies": False},
}


def _physician(title: str, since: int) -> dict[str, Any]:
    if title == "chief" and since < 1995:
        # 四(一)4: 15 years, 副主任医师 and 150 repairs a year before the norm.
        training: dict[str, Any] = {
            "route": "exempt",
            "exemption": {
                "clinical_years": 30,
                "title": "chief",
                "recent_cases": 180,
                "serious_adverse_event": False,
            },
        }
    else:
        training = {
            "route": "base",
            "base_name": "四川省同种异体皮肤移植技术培训基地",
            "base_filed": True,
            "months": 6,
            "cases": 8,
            "managed_cases": 6,
            "passed": True,
        }
    return {"specialty_since": f"{since}-09-01", "training": training}


def _case(ctx: DemoContext, number: int, quarter: date) -> dict[str, Any]:
    rnd, chance, pick = ctx.rnd, ctx.chance, ctx.pick
    admitted = ctx.day_in(quarter, days=70)
    operated = admitted + timedelta(days=rnd.choice((2, 3, 5, 7)))
    discharged = operated + timedelta(days=rnd.choice((14, 21, 28, 35, 42)))
    burn = chance(0.85)
    surface = round(rnd.uniform(1.3, 2.0), 2)
    deep_pct = rnd.choice((5, 10, 15, 20, 30, 40, 55, 70)) if burn else rnd.choice((2, 4, 8))
    diagnosis = rnd.choice(BURNS if burn else TRAUMA)
    technique = pick({"allo": 0.6, "mixed": 0.4})
    source = pick({"donor": 0.45, "product": 0.55})
    allograft = round(deep_pct / 100 * surface * 10000 * rnd.uniform(0.1, 0.35) / 10) * 10
    allograft = max(allograft, 50)
    graft: dict[str, Any] = {
        "source": source,
        "technique": technique,
        "allograft_cm2": allograft,
        "survived_cm2": round(allograft * rnd.choice((1.0, 0.95, 0.9, 0.85, 0.7))),
    }
    if source == "donor":
        graft["aseptic_harvest"] = not chance(0.03)
    if technique == "mixed":
        graft["mixed_survived"] = not chance(0.12)
    answers: dict[str, Any] = {
        "patient": ctx.patient(f"ZY{admitted:%Y}{number:05d}", rnd.randrange(3, 75), admitted),
        "admission": {
            "admission_date": admitted.isoformat(),
            "discharge_date": discharged.isoformat(),
            "discharge_disposition": "5" if chance(0.02) else "1",
            "total_cost": round(rnd.uniform(40000, 400000), 2),
        },
        "procedure": {"date": operated.isoformat()},
        "wound": {
            "cause": "burn" if burn else "trauma",
            "body_surface_m2": surface,
            "deep_wound_pct": deep_pct,
        },
        "graft": graft,
    }
    if source == "donor":
        living = chance(0.6)
        donor: dict[str, Any] = {"living": living}
        if living:
            healing = rnd.choice((10, 12, 14, 14, 16, 18, 21, 25))
            donor |= {
                "relation": pick({"父亲": 0.3, "母亲": 0.3, "配偶": 0.2, "子女": 0.2}),
                "sex": rnd.choice(("1", "2")),
                "age": rnd.randrange(22, 60),
                "healing_days": healing,
                "site_complications": ["infection"] if chance(0.05) else [],
                "stay_days": rnd.choice((3, 4, 5, 6, 8)),
            }
            if healing > 21:
                donor["site_complications"] = ["delayed_healing"]
        answers["donor"] = donor
    code, name = PROCEDURES[technique]
    answers["coding"] = {
        "main_diagnosis": {"code": diagnosis[0], "name": diagnosis[1]},
        "procedures": [{"code": code, "name": name}],
    }
    answers["team"] = ctx.team()
    answers["consent"] = {"signed": True, "date": operated.isoformat()}
    if source == "product":
        answers["devices"] = {
            "items": [
                {
                    "name": "同种异体皮肤（生物制品）",
                    "barcode": ctx.barcode(operated + timedelta(days=365)),
                }
            ]
        }
    else:
        answers["devices"] = {"items": []}
    return answers


DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "烧伤整形科", "beds": 60, "since_year": 1985},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="烧伤整形科", scopes=["surgery"], profile=_physician
    ),
    cases=lambda ctx: ctx.numbered(lambda n, q: _case(ctx, n, q)),
    default_cases=100,
)
