"""Demonstration data of 颅颌面畸形颅面外科矫治技术: staff, profile and a few hundred cases.

The cases span the three kinds of operation (颅眶外科、正颌外科、面部骨轮廓手术) and
the eight quarters of 2023 and 2024, each valid against the craniofacial form,
with follow-up visits recorded as revisions; rare events (fracture, shock,
rescue, death) are frequent enough that every indicator counts some. Patients,
physicians and barcodes are invented. Procedure codes are rows of the 2022 S05
code table as the seed prints them (第二部分 二); the diagnoses are ICD-10
categories of the curated list, chosen for the demonstration only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoCases, DemoStaff, TechnologyDemo
from rtech.plugins.craniofacial.checks import NORM
from rtech.plugins.craniofacial.codes import PROCEDURES as CATALOG

__all__ = ["DEMO"]

#: (name, title, clinical_since, practice scope)
PHYSICIANS = (
    ("张建华", "chief", 1992, "dental"),
    ("李明远", "chief", 1997, "surgery"),
    ("王芳", "associate_chief", 2004, "dental"),
    ("刘洋", "associate_chief", 2008, "surgery"),
    ("陈静", "attending", 2013, "dental"),
    ("杨帆", "resident", 2021, "dental"),
)

_NAMES = {entry.code: entry.name for entry in CATALOG.entries}
#: Procedures by kind of operation: rows of the 2022 S05 table, as printed.
PROCEDURES: Mapping[str, tuple[str, ...]] = {
    "cranio_orbital": ("08.5903",),
    "orthognathic": ("76.6502", "76.6400x017", "76.6500x006", "76.6403", "76.6404"),
    "contouring": ("76.6400x008", "76.6903", "76.6800x002", "76.6700"),
}
DIAGNOSES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "cranio_orbital": (("Q75.0", "颅缝早闭"), ("Q75.2", "眶距增宽症"), ("Q75.1", "颅面骨发育不全")),
    "orthognathic": (("K07.1", "颌颅底关系异常"), ("K07.0", "颌骨大小的重大异常")),
    "contouring": (("K07.0", "颌骨大小的重大异常"), ("Q67.0", "面不对称")),
}
CAUSES = {
    "cranio_orbital": {"congenital": 0.8, "post_traumatic": 0.2},
    "orthognathic": {"developmental": 0.85, "congenital": 0.1, "post_traumatic": 0.05},
    "contouring": {"developmental": 0.9, "post_traumatic": 0.1},
}
COMPLICATIONS = {
    "cranio_orbital": ("csf_leak", "intracranial_infection", "optic_nerve", "wound_infection"),
    "orthognathic": ("inferior_alveolar_nerve", "splint_failure", "wound_infection"),
    "contouring": ("facial_nerve", "inferior_alveolar_nerve", "wound_infection"),
}

#: The craniofacial part of the demonstration institution's profile (the norm of
#: plugins/craniofacial/checks.py): a hospital meeting it.
INSTITUTION: Mapping[str, Any] = {
    "scope": ["cranio_orbital", "orthognathic", "contouring"],
    "dental_hospital": False,
    "capacity_appropriate": True,
    "subjects": ["omfs", "plastic", "neurosurgery", "orthodontics"],
    "specialty": {"since": "2001-03-01", "beds": 45},
    "icu": NORM.declared(
        "icu",
        cleanliness_class="III",
        beds=8,
        area_per_bed=16.5,
        equipment=["multifunction_monitor", "ventilator"],
        physicians_5y=3,
        nurses_5y=10,
    ),
    "support": {
        "departments": ["laboratory", "imaging", "transfusion"],
        "imaging": ["mri", "ct"],
        "pacs": True,
        "transfusion": True,
    },
    "theatre": NORM.declared("theatre", cranio_orbital_class="I", orthognathic_class="II"),
    "other_staff": {"count": 6, "trained": True},
    "management": NORM.declared("management"),
    "training_base": {"applies": False},
}


def _physician(title: str, since: int) -> dict[str, Any]:
    """The craniofacial part of a demonstration physician's profile."""
    part: dict[str, Any] = {
        "specialty_since": f"{since + 1}-09-01",
        "base_work": {"applies": False},
    }
    if title != "resident":
        # the date of the current title (主治 5, 副主任 12, 主任 18 years after starting)
        held = {"attending": 5, "associate_chief": 12, "chief": 18}[title]
        part["title_since"] = f"{since + held}-07-01"
        part["training"] = {
            "route": "base",
            "base_name": "四川省颅颌面畸形颅面外科矫治技术培训基地",
            "base_filed": True,
            "months": 6,
            "cases": 60,
            "managed_cases": 24,
            "passed": True,
        }
    else:
        part["training"] = {"route": "none"}
    return part


class _Cases(DemoCases):
    def case(self, number: int, quarter: date) -> dict[str, Any]:
        rnd, chance = self.rnd, self.chance
        kind = self.pick({"cranio_orbital": 0.18, "orthognathic": 0.52, "contouring": 0.3})
        admitted = self.ctx.day_in(quarter)
        operated = admitted + timedelta(days=rnd.choice((1, 1, 2, 3)))
        discharged = operated + timedelta(days=rnd.choice((5, 6, 7, 8, 10, 14)))
        age = rnd.randrange(1, 6) if kind == "cranio_orbital" else rnd.randrange(18, 36)
        died = chance(0.015 if kind == "cranio_orbital" else 0.004)
        procedure: dict[str, Any] = {
            "date": operated.isoformat(),
            "category": kind,
            "cause": self.pick(CAUSES[kind]),
        }
        if kind == "orthognathic":
            procedure["preop_orthodontics"] = chance(0.85)
        preop = ["ct"] if kind == "cranio_orbital" and chance(0.93) else ["cbct"]
        if kind == "cranio_orbital" and chance(0.4):
            preop.append("mri")
        fracture = chance(0.03)
        course: dict[str, Any] = {
            "unintended_fracture": fracture,
            "hemorrhagic_shock": chance(0.06 if kind == "cranio_orbital" else 0.015),
            "complications": sorted(rnd.sample(COMPLICATIONS[kind], 1))
            if chance(0.25 if kind == "cranio_orbital" else 0.1)
            else [],
        }
        if fracture:
            course["fracture_sites"] = [
                "skull" if kind == "cranio_orbital" else rnd.choice(("maxilla", "mandible"))
            ]
        heavy = kind == "cranio_orbital" or chance(0.12)
        allogeneic = rnd.choice((200, 300, 400, 600)) if heavy and chance(0.6) else 0
        autologous = rnd.choice((150, 300, 400, 500)) if heavy and chance(0.5) else 0
        postop = rnd.choice((200, 400)) if heavy and chance(0.2) else 0
        code = rnd.choice(PROCEDURES[kind])
        diagnosis = rnd.choice(DIAGNOSES[kind])
        consulted = chance(0.9)
        decision: dict[str, Any] = {"mdt_consulted": consulted}
        if consulted:
            decision |= {
                "mdt_specialties": ["omfs", "orthodontics", "anesthesia"]
                + (["neurosurgery"] if kind == "cranio_orbital" else []),
                "mdt_agreed": True,
                "plan_made": chance(0.97),
            }
        else:
            decision["mdt_needed"] = chance(0.3)
        answers: dict[str, Any] = {
            "patient": self.ctx.patient(f"ZY{admitted:%Y}{number:05d}", age, admitted),
            "admission": {
                "admission_date": admitted.isoformat(),
                "discharge_date": discharged.isoformat(),
                "discharge_disposition": "5" if died else "1",
                "total_cost": round(rnd.uniform(30000, 120000), 2),
            },
            "procedure": procedure,
            "coding": {
                "main_diagnosis": {"code": diagnosis[0], "name": diagnosis[1]},
                "procedures": [{"code": code, "name": _NAMES[code]}],
            },
            "imaging": {
                "preop": preop,
                "cad": chance(0.75 if kind == "orthognathic" else 0.5),
                "navigation": kind == "cranio_orbital" and chance(0.3),
            },
            "decision": decision,
            "team": self.ctx.team(),
            "consent": {"signed": True, "date": admitted.isoformat()},
            "course": course,
            "transfusion_intraop": {"allogeneic_ml": allogeneic, "autologous_ml": autologous},
            "transfusion_postop": {"allogeneic_ml": postop, "autologous_ml": 0},
            "reoperation": self._reoperation(operated),
            "rescue": self._rescue(operated, died),
            "death": {"status": "died", "date": discharged.isoformat()}
            if died
            else {"status": "alive"},
            "devices": {
                "items": [
                    {
                        "name": "颌面接骨板系统（钛板、钛钉）",
                        "barcode": self.ctx.barcode(operated + timedelta(days=900)),
                        "manufacturer": "康拓医疗",
                    }
                ]
            },
            "followup": self._followup(discharged, died),
        }
        return answers

    def _reoperation(self, operated: date) -> dict[str, Any]:
        if not self.chance(0.025):
            return {"unplanned": False}
        reason = self.rnd.choice(("术后出血", "固定夹板松脱", "气道梗阻需气管切开"))
        day = operated + timedelta(days=self.rnd.choice((0, 1, 2, 4)))
        return {
            "unplanned": True,
            "events": [{"date": day.isoformat(), "reason": reason, "same_site": True}],
        }

    def _rescue(self, operated: date, died: bool) -> dict[str, Any]:
        if not (died or self.chance(0.02)):
            return {"rescued": False}
        first = operated + timedelta(days=self.rnd.choice((0, 1, 2)))
        events = [{"date": first.isoformat(), "time": "02:30", "survived_24h": not died}]
        if self.chance(0.4):  # a second rescue, within the same 24 hours or later
            later = first + timedelta(days=self.rnd.choice((0, 2)))
            events[0]["survived_24h"] = True
            events.append({"date": later.isoformat(), "time": "21:15", "survived_24h": not died})
        return {"rescued": True, "events": events}

    def _followup(self, discharged: date, died: bool) -> dict[str, Any]:
        if died:
            return {"plan": "none"}
        return self.ctx.followup(
            discharged,
            {"clinic": 0.8, "phone": 0.2},
            (1, 3, 3, 6),
            statuses={"well": 0.93, "event": 0.07},
        )


def _staff() -> list[DemoStaff]:
    return [
        DemoStaff(
            name=name,
            title=title,
            clinical_since=since,
            department="口腔颌面外科",
            general={
                "practice_category": "dental" if scope == "dental" else "clinical",
                "practice_scopes": [scope],
            },
            profile=_physician(title, since),
        )
        for name, title, since, scope in PHYSICIANS
    ]


#: Craniofacial's part of the demonstration hospital.
DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "口腔颌面外科", "beds": 45, "since_year": 2001},),
    staff=_staff(),
    cases=_Cases.each,
)
