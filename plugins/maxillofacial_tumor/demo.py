"""Demonstration data of 口腔颌面部肿瘤颅颌联合根治技术: staff, profile and eighty cases.

The cases span the eight quarters of 2023 and 2024, each valid against the form:
diagnoses before and after that mostly agree, flaps now and then in vascular
crisis and explored (once or twice), haematomas explored, infections with and
without a pathogen, CSF leaks, intracranial infections, systemic complications,
rescues (some within 24 hours of each other) and deaths, so that every indicator
has cases in its numerator and beside it. The patients, physicians and barcodes
are invented; diagnoses and procedures are the curated lists' (``curated.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from rtech import DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.maxillofacial_tumor.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("周建华", "chief", 1992),
    ("钱立新", "chief", 1996),
    ("孙海波", "associate_chief", 2005),
    ("吴晓燕", "attending", 2013),
)

#: Diagnoses of the curated list (2022 S04 table) and what the pathology may show instead.
DIAGNOSES = (
    ("C41.011", "上颌骨恶性肿瘤"),
    ("C41.100", "下颌骨恶性肿瘤"),
    ("C31.000", "上颌窦恶性肿瘤"),
    ("C07.x00", "腮腺恶性肿瘤"),
    ("C76.000x010", "颞下窝恶性肿瘤"),
    ("C72.800x002", "颅底沟通恶性肿瘤"),
    ("D16.500", "下颌骨良性肿瘤"),
)
REVISED = (("D11.000", "腮腺良性肿瘤"), ("C41.000x018", "颅骨恶性肿瘤"))
PROCEDURE = ("01.5918", "颅底病损切除术")
REGIONS = ("parapharyngeal", "infratemporal", "parotid", "tmj", "orbit", "paranasal_sinus")
SYSTEMIC = {
    "pulmonary_embolism": 0.2,
    "respiratory_failure": 0.2,
    "ischaemic_stroke": 0.15,
    "dvt": 0.25,
    "myocardial_infarction": 0.1,
    "renal_failure": 0.1,
}

#: The demonstration institution's part (a 三级甲等综合医院): it meets both norms but
#: for its 重症医学科 beds — 8, enough for 2022 一(八)1 (6) and short of 2023 一(二)4(1) (10).
INSTITUTION: Mapping[str, Any] = {
    "specialty": "none",
    "departments": ["ent", "neurosurgery", "omfs"],
    "training_base_applies": False,
    "capacity_appropriate": True,
    "registered_subjects": ["ent", "oncology", "neurosurgery", "omfs", "ent_hns", "critical_care"],
    "angiography_tier3": True,
    "volume": {"annual_tumour_patients": 460},
    "ent": {"registered": True, "since": "1985-03-01", "beds": 40},
    "neurosurgery": {"registered": True, "since": "1988-06-01", "beds": 45},
    "omfs": {"registered": True, "since": "1990-09-01", "beds": 35},
    "icu": NORM.declared(
        "icu",
        cleanliness_class="II",
        beds=8,
        area_per_bed=16.0,
        equipment=["laminar_flow", "multifunction_monitor", "ventilator"],
        monitor_parameters=["ecg", "respiration", "blood_pressure", "pulse", "spo2"],
        physicians_5y=4,
        nurses_5y=12,
    ),
    "theatre": {"clean_rooms": 6, "equipment": ["microscope", "power_system"]},
    "imaging": {"equipment": ["mri", "ct", "pacs"], "dsa": True, "doppler": True},
    "other_staff": {"count": 8, "trained": True},
    "management": NORM.declared("management"),
}

#: Follow-up visits are recorded up to this day (the demonstration's "today").
LAST_VISIT = date(2025, 3, 31)


def _physician(title: str, since: int) -> dict[str, Any]:
    senior = title in ("chief", "associate_chief")
    training: dict[str, Any] = {
        "route": "base",
        "base_name": "四川省口腔颌面部肿瘤颅颌联合根治技术培训基地",
        "base_filed": True,
        "months": 6,
        "cases": 22,
        "managed_cases": 12,
        "passed": True,
    }
    return {
        "specialty_since": f"{since}-09-01",
        "training": training if senior else {"route": "none"},
    }


def _explorations(ctx: DemoContext, operated: date, reason: str) -> list[dict[str, Any]]:
    days = sorted(ctx.rnd.sample(range(6), ctx.rnd.choice((1, 1, 2))))
    return [{"date": (operated + timedelta(days=d)).isoformat(), "reason": reason} for d in days]


def _rescues(ctx: DemoContext, operated: date) -> list[dict[str, Any]]:
    day = operated + timedelta(days=ctx.rnd.choice((1, 2, 3)))
    first = datetime(day.year, day.month, day.day, ctx.rnd.randrange(0, 24), 30)
    events = [{"date": f"{first:%Y-%m-%d}", "time": f"{first:%H:%M}", "survived_24h": True}]
    if ctx.chance(0.5):  # a second rescue: within 24 hours (one 例次) or later
        moment = first + timedelta(hours=ctx.rnd.choice((6, 20, 30, 50)))
        events.append(
            {
                "date": f"{moment:%Y-%m-%d}",
                "time": f"{moment:%H:%M}",
                "survived_24h": not ctx.chance(0.4),
            }
        )
    else:
        events[0]["survived_24h"] = not ctx.chance(0.35)
    return events


def _case(ctx: DemoContext, number: int, quarter: date) -> dict[str, Any]:
    rnd, chance, pick = ctx.rnd, ctx.chance, ctx.pick
    admitted = ctx.day_in(quarter, days=70)
    operated = admitted + timedelta(days=rnd.choice((3, 4, 5, 7)))
    stay = rnd.choice((12, 14, 16, 18, 21, 25))
    age = rnd.choice((28, 35, 42, 48, 53, 58, 61, 66, 72))
    before = rnd.choice(DIAGNOSES)
    after = rnd.choice(REVISED) if chance(0.12) else before
    answers: dict[str, Any] = {
        "patient": ctx.patient(f"ZY{admitted:%Y}{number:05d}", age, admitted),
        "procedure": {
            "date": operated.isoformat(),
            "origin": pick({"oral_maxillofacial": 0.85, "intracranial": 0.15}),
            "regions": sorted(rnd.sample(REGIONS, rnd.choice((1, 2, 3)))),
            "skull_base_destroyed": True,
        },
        "diagnosis": {
            "preop_diagnosis": {"code": before[0], "name": before[1]},
            "postop_diagnosis": {"code": after[0], "name": after[1]},
        },
        "coding": {
            "main_diagnosis": {"code": after[0], "name": after[1]},
            "procedures": [{"code": PROCEDURE[0], "name": PROCEDURE[1]}],
        },
    }
    mdt: dict[str, Any] = {"held": not chance(0.03)}
    if mdt["held"]:
        mdt["specialties"] = sorted(
            rnd.sample(
                ("ent", "oncology", "neurosurgery", "omfs", "plastic"), rnd.choice((1, 3, 4))
            )
        )
        mdt |= {"agreed": True, "plan": True}
    answers["mdt"] = mdt
    answers["team"] = ctx.team()
    signed = not chance(0.02)
    answers["consent"] = {"signed": signed}
    if signed:
        answers["consent"]["date"] = (operated - timedelta(days=rnd.choice((1, 2)))).isoformat()
    answers["devices"] = {
        "items": [
            {
                "name": "钛板钛钉系统",
                "barcode": ctx.barcode(operated + timedelta(days=1200)),
                "manufacturer": pick({"康拓": 0.5, "双申": 0.5}),
            }
        ]
    }
    explorations: list[dict[str, Any]] = []
    flap: dict[str, Any] = {"used": chance(0.75)}
    if flap["used"]:
        crisis = chance(0.14)
        flap |= {"kind": pick({"free": 0.8, "pedicled": 0.2}), "vascular_crisis": crisis}
        flap["survived"] = not (crisis and chance(0.3)) and not chance(0.01)
        if crisis:
            explorations += _explorations(ctx, operated, "vascular_crisis")
    if chance(0.07):
        explorations += _explorations(ctx, operated, "hematoma")
    if chance(0.02):
        explorations += _explorations(ctx, operated, "other")
    answers["flap"] = flap
    answers["explorations"] = {"performed": bool(explorations)}
    if explorations:
        explorations.sort(key=lambda e: e["date"])
        answers["explorations"]["events"] = explorations
    complications: dict[str, Any] = {
        "ssi": chance(0.08),
        "csf_leak": chance(0.07),
        "intracranial_infection": chance(0.04),
        "systemic": [pick(SYSTEMIC)] if chance(0.06) else [],
    }
    if complications["ssi"]:
        confirmed = chance(0.7)
        complications["ssi_pathogen_confirmed"] = confirmed
        complications["ssi_date"] = (operated + timedelta(days=rnd.choice((3, 5, 7)))).isoformat()
        if confirmed:
            complications["ssi_pathogen"] = pick(
                {"金黄色葡萄球菌": 0.4, "铜绿假单胞菌": 0.3, "肺炎克雷伯菌": 0.3}
            )
    for key in ("csf_leak", "intracranial_infection"):
        if complications[key]:
            onset = operated + timedelta(days=rnd.choice((1, 2, 4, 6)))
            complications[f"{key}_date"] = onset.isoformat()
    answers["complications"] = complications
    rescued = chance(0.08)
    answers["rescue"] = {"rescued": rescued}
    outcome = "alive"
    if rescued:
        events = _rescues(ctx, operated)
        answers["rescue"]["events"] = events
        if not events[-1]["survived_24h"]:
            outcome = "died"
    elif chance(0.02):
        outcome = "irreversible_discharge"
    discharged = operated + timedelta(days=stay)
    answers["admission"] = {
        "admission_date": admitted.isoformat(),
        "discharge_date": discharged.isoformat(),
        "discharge_disposition": "5" if outcome == "died" else "1",
        "total_cost": round(rnd.uniform(150000, 320000), 2),
    }
    answers["death"] = {"status": outcome}
    if outcome != "alive":
        answers["death"]["date"] = discharged.isoformat()
        answers["death"]["cause"] = "多器官功能衰竭" if outcome == "died" else "家属要求自动出院"
    followup: dict[str, Any] = {"plan": "none" if outcome != "alive" else "clinic"}
    if outcome == "alive":
        followup["interval_months"] = 1
        visit = discharged + timedelta(days=30)
        if visit <= LAST_VISIT and not chance(0.1):
            followup["visits"] = [
                {"date": visit.isoformat(), "status": pick({"well": 0.9, "event": 0.1})}
            ]
    answers["followup"] = followup
    return answers


DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=(
        {"name": "口腔颌面外科", "beds": 35, "since_year": 1990},
        {"name": "神经外科", "beds": 45, "since_year": 1988},
        {"name": "耳鼻咽喉科", "beds": 40, "since_year": 1985},
    ),
    staff=DemoStaff.physicians(
        PHYSICIANS,
        department="口腔颌面外科",
        scopes=["dental"],
        profile=_physician,
        category="dental",
    ),
    cases=lambda ctx: ctx.numbered(lambda n, q: _case(ctx, n, q)),
    default_cases=80,
)
