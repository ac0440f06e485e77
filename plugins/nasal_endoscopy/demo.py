"""Demonstration data of 鼻科内镜诊疗技术 (2023 S12): staff, profile and cases.

A hospital that performs the 四级 tier; its cases span 2023 and 2024: sinus
surgery mostly, some skull base and naso-orbital operations, a third of them
按照四级手术管理. Now and then an indication outside the guideline, a severe
complication, an unplanned reoperation (at the same site or another), a 四级
case decided by a 副主任医师 of less than three years, so that every indicator
and case check has passing and failing cases. Patients and staff are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoCases, DemoStaff, TechnologyDemo
from rtech.plugins.nasal_endoscopy.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since, title_since)
PHYSICIANS = (
    ("杨振华", "chief", 1995, "2012-12-01"),
    ("何文静", "associate_chief", 2004, "2016-12-01"),
    ("罗晓东", "associate_chief", 2008, "2024-06-01"),  # three years only from 2027-06-01
    ("马丽", "attending", 2013, "2019-12-01"),
    ("高鹏", "attending", 2016, "2022-12-01"),
    ("林雪", "resident", 2021, "2023-07-01"),
)

CATEGORIES = {"sinonasal": 0.72, "skull_base": 0.12, "naso_orbital": 0.12, "other": 0.04}
#: Demonstration codes, by category: ICD-10 diagnosis and ICD-9-CM-3 procedure (curated.py).
CODES: Mapping[str, tuple[tuple[tuple[str, str], tuple[str, str]], ...]] = {
    "sinonasal": (
        (("J32", "慢性鼻窦炎"), ("22.6300", "筛窦切除术")),
        (("J33", "鼻息肉"), ("21.3100", "鼻内病损局部切除术或破坏术")),
        (("J34.2", "鼻中隔偏曲"), ("21.8800", "其他鼻中隔成形术")),
        (("D14.0", "中耳、鼻腔和鼻窦良性肿瘤"), ("22.6000", "鼻窦切除术")),
    ),
    "skull_base": (
        (("D35.2", "垂体良性肿瘤"), ("07.6200", "经蝶骨垂体部分切除术")),
        (("G96.0", "脑脊液漏"), ("02.1200", "其他脑脊膜修补术")),
    ),
    "naso_orbital": (
        (("H04.4", "泪道慢性炎症"), ("09.8100", "泪囊鼻腔吻合术")),
        (("S04.0", "视神经和视觉通路损伤"), ("04.4200", "其他脑神经减压术")),
    ),
    "other": ((("R04.0", "鼻出血"), ("21.0300", "用烧灼术控制鼻出血")),),
}
#: Share of 四级 operations by category.
GRADE4 = {"sinonasal": 0.15, "skull_base": 0.95, "naso_orbital": 0.5, "other": 0.05}
SEVERE = ("intracranial", "orbital", "major_bleeding", "arrest", "other_severe")
INSTITUTION: Mapping[str, Any] = {
    "grade4": True,
    "tumour": False,
    "capacity_appropriate": True,
    "ent": {"subject_registered": True, "department": True, "outpatient": True, "ward": True},
    "theatre": NORM.declared(
        "theatre", emergency=["monitor_spo2", "defibrillator", "bag_valve", "emergency_drugs"]
    ),
    "support": NORM.declared("support", medtech=["imaging", "laboratory", "pathology"]),
    "other_staff": {"count": 8, "trained": True},
    "grade4_conditions": {
        "rhinology_beds": 36,
        "cases_5y": 3200,
        "grade3_cases_5y": 1400,
        "critical_care": True,
        "skull_base": True,
        "angiography": True,
        "support": True,
        "physicians": 3,
    },
    "management": NORM.declared("management"),
    "training_base": {"applies": False},
}


def _physician_part(title: str, since: int, title_since: str) -> dict[str, Any]:
    part: dict[str, Any] = {
        "grade4_independent": title in ("chief", "associate_chief"),
        "specialty_since": f"{since + 1}-09-01",
        "rhinology_now": True,
        "cases_assisted": max(0, (2024 - since) * 60),
        "system_training": title != "resident",
        "title_since": title_since,
    }
    if part["grade4_independent"]:
        part |= {
            "rhinology_since": f"{since + 1}-09-01",
            "cases_done": (2024 - since) * 90,
            "grade3_independent": (2024 - since) * 30,
            "training": DemoStaff.base_training(
                "四川大学华西医院鼻科内镜诊疗技术培训基地", months=6, cases=20, managed=32
            ),
        }
    return part


class _Cases(DemoCases):
    def case(self, number: int, quarter: date) -> dict[str, Any]:
        ctx, rnd = self.ctx, self.rnd
        category = ctx.pick(CATEGORIES)
        admitted, operated, discharged = ctx.stay(quarter, (0, 1, 1, 2), (2, 3, 4, 5, 7, 10))
        grade = "4" if ctx.chance(GRADE4[category]) else "3"
        severe = [rnd.choice(SEVERE)] if ctx.chance(0.03 if grade == "3" else 0.08) else []
        died = ctx.chance(0.004)
        if died:
            severe.append("death")
        diagnosis, procedure = rnd.choice(CODES[category])
        answers: dict[str, Any] = {
            "patient": ctx.patient(f"BK{admitted:%Y}{number:05d}", rnd.randrange(12, 80), admitted),
            "admission": {
                "admission_date": admitted.isoformat(),
                "discharge_date": discharged.isoformat(),
                "discharge_disposition": "5" if died else ctx.pick({"1": 0.95, "2": 0.05}),
                "total_cost": round(rnd.uniform(9000, 60000 if grade == "4" else 25000), 2),
            },
            "procedure": {
                "category": category,
                "date": operated.isoformat(),
                "side": ctx.pick({"bilateral": 0.6, "left": 0.18, "right": 0.18, "midline": 0.04}),
            },
            "grade": {"grade": grade},
            # One case in seventeen outside the guideline, every period.
            "indication": {"meets_guideline": number % 17 != 5 and ctx.chance(0.97)},
            "coding": {
                "main_diagnosis": {"code": diagnosis[0], "name": diagnosis[1]},
                "procedures": [{"code": procedure[0], "name": procedure[1]}],
            },
            "team": ctx.team(),
            "consent": {"signed": True, "date": (operated - timedelta(days=1)).isoformat()},
            "outcome": {"severe_complications": severe},
            "reoperation": self._reoperation(operated),
        }
        if ctx.chance(0.02):
            answers["consent"] = {"signed": False}
        answers["followup"] = self._followup(discharged, died)
        return answers

    def _reoperation(self, operated: date) -> dict[str, Any]:
        if not self.ctx.chance(0.04):
            return {"unplanned": False}
        same = self.ctx.chance(0.7)
        return {
            "unplanned": True,
            "events": [
                {
                    "date": (operated + timedelta(days=self.rnd.choice((1, 2, 5, 20)))).isoformat(),
                    "reason": "术后出血" if same else "对侧鼻窦病变残留",
                    "same_site": same,
                }
            ],
        }

    def _followup(self, discharged: date, died: bool) -> dict[str, Any]:
        return self.ctx.followup(
            discharged, {"clinic": 0.85, "phone": 0.1, "none": 0.05}, (1, 1, 3), alive=not died
        )


DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "耳鼻咽喉科", "beds": 48, "since_year": 1986},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="耳鼻咽喉科", scopes=["ent_ophthalmology"], profile=_physician_part
    ),
    cases=_Cases.each,
    default_cases=240,
)
