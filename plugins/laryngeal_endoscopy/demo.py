"""Demonstration data of 咽喉内镜诊疗技术 (2023 S13): staff, profile and cases.

A hospital that performs the 四级 tier; cases over 2023 and 2024, most under
suspension laryngoscopy, some rigid bronchoscopies and oesophagoscopies for
foreign bodies, a fifth 按照四级手术管理. Now and then an indication or an
antibiotic prophylaxis outside the guideline, a complication, a 四级 case decided
by an attending, so that every indicator and case check has passing and failing
cases. Patients and staff are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoCases, DemoStaff, TechnologyDemo
from rtech.plugins.laryngeal_endoscopy.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("谢国平", "chief", 1994),
    ("唐慧", "associate_chief", 2005),
    ("冯涛", "associate_chief", 2009),
    ("韩雪梅", "attending", 2014),
    ("曹阳", "attending", 2017),
    ("邓佳", "resident", 2021),
)

CATEGORIES = {
    "suspension_laryngoscopy": 0.8,
    "rigid_bronchoscopy": 0.08,
    "esophagoscopy": 0.08,
    "other": 0.04,
}
CODES: Mapping[str, tuple[tuple[tuple[str, str], tuple[str, str]], ...]] = {
    "suspension_laryngoscopy": (
        (("J38.1", "声带和喉息肉"), ("30.0900", "喉病损的其他切除术或破坏术")),
        (("J38.2", "声带小结"), ("30.0900", "喉病损的其他切除术或破坏术")),
        (("D14.1", "喉良性肿瘤"), ("30.0900", "喉病损的其他切除术或破坏术")),
        (("C32", "喉恶性肿瘤"), ("30.2200", "声带切除术")),
    ),
    "rigid_bronchoscopy": (
        (("T17.5", "支气管内异物"), ("98.1500", "不切开去除气管和支气管腔内异物")),
    ),
    "esophagoscopy": ((("T18.1", "食管内异物"), ("98.0200", "不切开去除食管腔内异物")),),
    "other": ((("C32", "喉恶性肿瘤"), ("31.4300", "闭合性[内镜的]喉活组织检查")),),
}
GRADE4 = {"suspension_laryngoscopy": 0.2, "rigid_bronchoscopy": 0.3, "esophagoscopy": 0.2}
COMPLICATIONS = ("bleeding", "tongue_numbness", "pharyngeal_tear", "loose_teeth", "infection")
INSTITUTION: Mapping[str, Any] = {
    "grade4": True,
    "tumour": True,
    "capacity_appropriate": True,
    "laryngology": NORM.declared("laryngology", patients_per_year=860, treated_per_year=640),
    "other_staff": {"count": 10, "trained": True},
    "grade4_conditions": NORM.declared(
        "grade4_conditions",
        cases_5y=2600,
        grade3_cases_5y=1100,
        departments=["cardiothoracic", "neurosurgery", "vascular_intervention"],
        physicians=3,
    ),
    "management": NORM.declared("management"),
    "training_base": {"applies": False},
}


def _physician_part(title: str, since: int) -> dict[str, Any]:
    part: dict[str, Any] = {
        "grade4_independent": title in ("chief", "associate_chief"),
        "specialty_since": f"{since + 1}-09-01",
        "laryngology_now": True,
        "cases_assisted": max(0, (2024 - since) * 50),
        "system_training": title != "resident",
    }
    if part["grade4_independent"]:
        part |= {
            "laryngology_since": f"{since + 1}-09-01",
            "cases_done": (2024 - since) * 60,
            "grade3_independent": (2024 - since) * 20,
            "training": DemoStaff.base_training(
                "四川省咽喉科内镜诊疗技术培训基地", months=3, cases=12, managed=22
            ),
        }
    return part


class _Cases(DemoCases):
    def case(self, number: int, quarter: date) -> dict[str, Any]:
        ctx, rnd = self.ctx, self.rnd
        category = ctx.pick(CATEGORIES)
        admitted, operated, discharged = ctx.stay(quarter, (0, 1, 1, 2), (1, 2, 3, 4, 6))
        grade = "4" if ctx.chance(GRADE4.get(category, 0.0)) else "3"
        complications = [rnd.choice(COMPLICATIONS)] if ctx.chance(0.06) else []
        died = ctx.chance(0.003)
        if died:
            complications += ["arrest", "death"]
        diagnosis, procedure = rnd.choice(CODES[category])
        answers: dict[str, Any] = {
            "patient": ctx.patient(f"YH{admitted:%Y}{number:05d}", rnd.randrange(3, 80), admitted),
            "admission": {
                "admission_date": admitted.isoformat(),
                "discharge_date": discharged.isoformat(),
                "discharge_disposition": "5" if died else ctx.pick({"1": 0.96, "2": 0.04}),
                "total_cost": round(rnd.uniform(6000, 40000 if grade == "4" else 15000), 2),
            },
            "procedure": {"category": category, "date": operated.isoformat()},
            "grade": {"grade": grade},
            # One case in nineteen outside the guideline, one in thirteen without the right
            # prophylaxis, every period.
            "indication": {
                "meets_guideline": number % 19 != 4 and ctx.chance(0.98),
                "antibiotic_per_guideline": number % 13 != 6 and ctx.chance(0.95),
            },
            "coding": {
                "main_diagnosis": {"code": diagnosis[0], "name": diagnosis[1]},
                "procedures": [{"code": procedure[0], "name": procedure[1]}],
            },
            "team": ctx.team(),
            "consent": {"signed": True, "date": (operated - timedelta(days=1)).isoformat()},
            "outcome": {"complications": complications},
        }
        if grade == "4" and ctx.chance(0.05):  # now and then an attending decides a 四级 case
            juniors = [p for p in ctx.staff if p[2] == "attending"]
            who = rnd.choice(juniors)
            answers["team"]["deciders"] = [{"id": str(who[0]), "name": who[1]}]
        answers["followup"] = self._followup(discharged, died)
        return answers

    def _followup(self, discharged: date, died: bool) -> dict[str, Any]:
        return self.ctx.followup(
            discharged, {"clinic": 0.85, "phone": 0.1, "none": 0.05}, (1, 1, 3), alive=not died
        )


DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "耳鼻咽喉头颈外科", "beds": 52, "since_year": 1984},),
    staff=DemoStaff.physicians(
        PHYSICIANS,
        department="耳鼻咽喉头颈外科",
        scopes=["ent_ophthalmology"],
        profile=_physician_part,
    ),
    cases=_Cases.each,
    default_cases=240,
)
