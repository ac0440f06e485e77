"""Demonstration data of 口腔颌面复杂种植技术: staff, profile and a few hundred cases.

Outpatient and inpatient implant operations over the eight quarters of 2023 and
2024, each valid against the form: CT or CBCT nearly always, zygomatic implants
now and then (rarely into the orbit), distant bone harvest, implants recorded with
barcodes, the 2-week check, the restoration and peri-implantitis. Patients,
physicians and barcodes are invented; procedure codes are rows of the 2022 S01
code table as printed; diagnoses are ICD-10 categories chosen for the demonstration.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoCases, DemoStaff, TechnologyDemo
from rtech.plugins.s01_implant.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("李志刚", "chief", 1996),
    ("何晓东", "associate_chief", 2004),
    ("杨雪梅", "associate_chief", 2009),
    ("邓凯", "attending", 2014),
    ("蒋文", "resident", 2021),
)

DIAGNOSES = (
    ("K08.1", "由于意外事故、拔牙或局部牙周病引起的牙缺失"),
    ("K08.2", "无牙牙槽嵴萎缩"),
)
JAW = (("D16.5", "下颌骨良性肿瘤"), ("S02.6", "下颌骨骨折"), ("C41.1", "下颌骨恶性肿瘤"))
IMPLANT = ("23.6x00x003", "义齿种植一期手术(种植体固定钉置入术)")
RECONSTRUCTION = (
    ("76.4300x003", "下颌骨重建术"),
    ("76.4600x007", "上颌骨重建术"),
)
MAKERS = ("士卓曼", "诺贝尔", "奥齿泰", "登腾")

INSTITUTION_IMPLANT: Mapping[str, Any] = {
    "training_base": {"applies": False},
    "capacity_appropriate": True,
    "departments": {"dental_department": True, "dental_registered": True},
    "clinic": NORM.declared(
        "clinic",
        equipment=[
            "implant_motor",
            "surgical_instruments",
            "prosthetic_instruments",
            "special_instruments",
        ],
    ),
    "other_staff": {"count": 6, "trained": True, "radiation_licence": True},
    "management": NORM.declared("management"),
}


def _physician(title: str, since: int) -> dict[str, Any]:
    if title == "resident":
        training: dict[str, Any] = {"route": "none"}
    elif title == "chief":
        training = DemoStaff.exempt_training(clinical_years=25, title="chief", recent_cases=60)
    else:
        training = DemoStaff.base_training("四川省口腔颌面复杂种植技术培训基地", months=6, cases=15)
    return {"specialty_since": f"{since}-09-01", "training": training}


LAST_VISIT = date(2025, 3, 31)


class _Cases(DemoCases):
    def operator(self) -> dict[str, str]:
        seniors = [p for p in self.ctx.staff if p[2] != "resident"]
        who = self.rnd.choice(seniors)
        return {"id": str(who[0]), "name": who[1]}

    def case(self, number: int, quarter: date) -> dict[str, Any]:
        rnd = self.rnd
        operated = self.ctx.day_in(quarter)
        inpatient = self.chance(0.3)
        techniques = sorted(
            {self.pick({"zygomatic": 0.2, "jaw_reconstruction": 0.15, "bone_block": 0.4})}
            | ({"sinus_lift"} if self.chance(0.2) else set())
        )
        zygomatic = "zygomatic" in techniques
        implants = rnd.choice((4, 4, 6)) if zygomatic else rnd.choice((1, 2, 2, 3, 4))
        harvest = self.pick({"none": 0.45, "intraoral": 0.35, "distant": 0.2})
        if "jaw_reconstruction" in techniques:
            harvest = "distant"
        procedure: dict[str, Any] = {
            "date": operated.isoformat(),
            "techniques": techniques,
            "implant_count": implants,
            "bone_harvest": harvest,
        }
        if zygomatic:
            procedure["orbit_entry"] = self.chance(0.06)
        if harvest == "distant":
            procedure["harvest_site"] = self.pick({"iliac": 0.5, "fibula": 0.35, "calvaria": 0.15})
        record = f"{'ZY' if inpatient else 'MZ'}{operated:%Y}{number:05d}"
        answers: dict[str, Any] = {
            "patient": self.ctx.patient(record, rnd.randrange(28, 80), operated),
            "care": {"setting": "inpatient" if inpatient else "outpatient"},
            "procedure": procedure,
        }
        if inpatient:
            admitted = operated - timedelta(days=rnd.choice((0, 1, 1, 2)))
            discharged = operated + timedelta(days=rnd.choice((2, 3, 4, 6, 8)))
            answers["admission"] = {
                "admission_date": admitted.isoformat(),
                "discharge_date": discharged.isoformat(),
                "discharge_disposition": self.pick({"1": 0.97, "4": 0.03}),
                "total_cost": round(rnd.uniform(30000, 90000), 2),
            }
        preop = ["cbct"] if self.chance(0.8) else ["ct"]
        if self.chance(0.02):
            preop = ["xray"]  # a case without CT, for the 100 % target
        answers["imaging"] = {
            "preop": preop,
            "cad": self.chance(0.55),
            "navigation": self.chance(0.7 if zygomatic else 0.2),
        }
        diagnosis = rnd.choice(JAW if "jaw_reconstruction" in techniques else DIAGNOSES)
        procedures = [dict(zip(("code", "name"), IMPLANT, strict=True))]
        if "jaw_reconstruction" in techniques:
            procedures.append(dict(zip(("code", "name"), rnd.choice(RECONSTRUCTION), strict=True)))
        answers["coding"] = {
            "main_diagnosis": {"code": diagnosis[0], "name": diagnosis[1]},
            "procedures": procedures,
        }
        answers["team"] = {"operator": self.operator()}
        signed_on = operated - timedelta(days=rnd.choice((0, 1, 3, 7)))
        answers["consent"] = {"signed": True, "date": signed_on.isoformat()}
        answers["materials"] = {
            "high_value_consent": not self.chance(0.02),
            "clinical_research": False,
        }
        maker = rnd.choice(MAKERS)
        recorded = not self.chance(0.03)
        answers["devices"] = {
            "items": [
                {
                    "name": "牙种植体",
                    "barcode": self.ctx.barcode(operated + timedelta(days=1500)),
                    "manufacturer": maker,
                }
                for _ in range(implants if recorded else 0)
            ]
        }
        reoperated = self.chance(0.03)
        answers["reoperation"] = {"unplanned": reoperated}
        if reoperated:
            answers["reoperation"]["events"] = [
                {
                    "date": (operated + timedelta(days=rnd.choice((1, 3, 6, 12)))).isoformat(),
                    "reason": rnd.choice(("术区出血", "种植体位置不良", "感染")),
                    "same_site": True,
                }
            ]
        loose = sum(self.chance(0.05) for _ in range(implants))
        answers["early"] = {"loose_implants": loose} if self.chance(0.95) else {}
        restoration: dict[str, Any] = {}
        if self.chance(0.93):
            months = rnd.choice((3, 4, 4, 5, 5, 5, 6, 7))
            restoration["date"] = (
                operated + timedelta(days=30 * months + rnd.randrange(0, 3))
            ).isoformat()
        answers["restoration"] = restoration
        peri = self.chance(0.06)
        answers["peri_implant"] = {"occurred": peri}
        if peri:
            answers["peri_implant"] |= {
                "onset_date": (operated + timedelta(days=rnd.randrange(30, 200))).isoformat(),
                "stage": self.pick({"after_implant": 0.4, "after_restoration": 0.6}),
            }
        plan = self.pick({"clinic": 0.85, "phone": 0.1, "none": 0.05})
        followup: dict[str, Any] = {"plan": plan}
        if plan != "none":
            followup["interval_months"] = 6
            visits = []
            if answers["early"]:  # the 2-week check at suture removal (拆线时)
                checked = operated + timedelta(days=rnd.choice((10, 12, 14)))
                visits.append({"date": checked.isoformat(), "status": "well"})
            visit = operated + timedelta(days=182)
            if visit <= LAST_VISIT and not self.chance(0.1):
                visits.append(
                    {
                        "date": visit.isoformat(),
                        "status": "event" if peri else self.pick({"well": 0.97, "lost": 0.03}),
                    }
                )
            if visits:
                followup["visits"] = visits
        answers["followup"] = followup
        return answers


DEMO = TechnologyDemo(
    institution=INSTITUTION_IMPLANT,
    departments=({"name": "口腔颌面外科", "beds": 30, "since_year": 1995},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="口腔颌面外科", scopes=["dental"], profile=_physician
    ),
    cases=_Cases.each,
    default_cases=240,
)
