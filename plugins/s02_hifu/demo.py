"""Demonstration data of 聚焦超声消融恶性肿瘤治疗技术: staff, profile and a few hundred treatments.

Treatments over the eight quarters of 2023 and 2024, each valid against the form:
patients treated once or again (the per-patient indicators count them once), most
within the appendix's indications, lesions planned and ablated with their areas,
serious complications and deaths within 30 days now and then (自动出院 among them),
mRECIST assessments and follow-up visits at 6 months and 1, 2 and 3 years. Patients,
physicians and numbers are invented; procedure codes are rows of the 2022 S02 code
table as printed; diagnoses are ICD-10 categories within C00-C97.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.s02_hifu.checks import NORM
from rtech.plugins.s02_hifu.indicators import FOLLOWUP_POINTS

__all__ = ["DEMO"]

PHYSICIANS = (
    ("王海涛", "chief", 1995),
    ("陈静怡", "associate_chief", 2005),
    ("刘洋", "associate_chief", 2008),
    ("张磊", "attending", 2015),
    ("黄婷", "resident", 2021),
)

#: indication -> (weight, ICD-10 diagnosis, procedure row of the S02 table)
SITES: Mapping[str, tuple[float, tuple[str, str], tuple[str, str]]] = {
    "liver": (0.3, ("C22.0", "肝细胞癌"), ("50.2400x001", "肝病损聚焦超声消融术")),
    "pancreas": (0.2, ("C25.9", "胰腺恶性肿瘤"), ("52.2200x008", "胰腺病损聚焦超声消融术")),
    "uterus": (0.1, ("C55", "子宫恶性肿瘤"), ("00.0901", "高强度聚焦超声治疗")),
    "bone": (0.08, ("C41.9", "骨和关节软骨恶性肿瘤"), ("99.8500x004", "高强度聚焦超声治疗[HIFU]")),
    "soft_tissue": (0.07, ("C49.9", "结缔组织和软组织恶性肿瘤"), ("00.0901", "高强度聚焦超声治疗")),
    "breast": (0.05, ("C50.9", "乳房恶性肿瘤"), ("00.0901", "高强度聚焦超声治疗")),
    "abdominal_pelvic_metastasis": (
        0.1,
        ("C78.6", "腹膜后和腹膜继发性恶性肿瘤"),
        ("99.8500x004", "高强度聚焦超声治疗[HIFU]"),
    ),
    "kidney": (0.05, ("C64", "肾恶性肿瘤"), ("00.0901", "高强度聚焦超声治疗")),
    "other": (0.05, ("C16.9", "胃恶性肿瘤"), ("00.0901", "高强度聚焦超声治疗")),
}
COMPLICATIONS = ("skin_burn", "nerve_injury", "bowel_injury", "bleeding", "pain", "fever")

INSTITUTION_HIFU: Mapping[str, Any] = {
    "training_base": {"applies": False},
    "capacity_appropriate": True,
    "departments": {"registered": True, "oncology_beds": 45},
    "equipment": {"approved_system": True, "approval_documents": True, "treatment_room": True},
    "imaging": {"modalities": ["mri", "ct", "ultrasound"], "pacs": True},
    "lead": {"title": "chief"},
    "other_staff": {"count": 8, "trained": True},
    "management": NORM.declared("management"),
}


def _physician(title: str, since: int) -> dict[str, Any]:
    if title == "resident":
        training: dict[str, Any] = {"route": "none"}
    elif title == "chief":
        training = DemoStaff.exempt_training(clinical_years=20, title="chief", recent_cases=150)
    else:
        training = DemoStaff.base_training(
            "四川省聚焦超声消融恶性肿瘤治疗技术培训基地", months=6, cases=45
        )
    found: dict[str, Any] = {"specialty_since": f"{since}-09-01", "training": training}
    if training["route"] == "base":
        found["training_theory_hours"] = 24
    return found


LAST_VISIT = date(2026, 10, 31)


class _Cases:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.rnd, self.pick, self.chance = ctx, ctx.rnd, ctx.pick, ctx.chance
        self.patients: list[tuple[dict[str, Any], str, int]] = []  # (patient, site, sessions)

    def operator(self) -> dict[str, str]:
        who = self.rnd.choice([p for p in self.ctx.staff if p[2] != "resident"])
        return {"id": str(who[0]), "name": who[1]}

    def case(self, number: int, quarter: date) -> dict[str, Any]:
        rnd = self.rnd
        treated = self.ctx.day_in(quarter)
        if self.patients and self.chance(0.2):  # the same patient treated again
            index = rnd.randrange(len(self.patients))
            patient, site, sessions = self.patients[index]
            sessions += 1
            self.patients[index] = (patient, site, sessions)
        else:
            site = self.pick({k: v[0] for k, v in SITES.items()})
            patient = self.ctx.patient(
                f"ZY{treated:%Y}{number:05d}", rnd.randrange(35, 82), treated
            )
            sessions = 1
            self.patients.append((patient, site, sessions))
        _, diagnosis, procedure_code = SITES[site]
        admitted = treated - timedelta(days=rnd.choice((1, 1, 2, 3)))
        stay = rnd.choice((3, 4, 5, 5, 6, 7, 9, 12))
        discharged = treated + timedelta(days=stay)
        serious_day = rnd.randrange(0, 25) if self.chance(0.04) else None
        death = "alive"
        if self.chance(0.02):
            death = "died" if self.chance(0.5) else "irreversible_discharge"
        death_on = treated + timedelta(days=rnd.randrange(3, 20))
        if death != "alive":
            discharged = death_on
        answers: dict[str, Any] = {
            "patient": dict(patient),
            "admission": {
                "admission_date": admitted.isoformat(),
                "discharge_date": discharged.isoformat(),
                "discharge_disposition": {"alive": "1", "died": "5"}.get(death, "4"),
                "total_cost": round(rnd.uniform(18000, 60000), 2),
            },
            "procedure": {
                "date": treated.isoformat(),
                "session": sessions,
                "intent": "curative" if self.chance(0.45) else "palliative",
                "anesthesia": self.pick({"general": 0.3, "sedation": 0.6, "analgesia": 0.1}),
                "guidance": "ultrasound" if self.chance(0.9) else "mri",
            },
            "indication": {
                "site": site,
                "contraindications": ["acoustic_path_skin"] if self.chance(0.02) else [],
                "mdt_discussed": not self.chance(0.03),
            },
            "coding": {
                "main_diagnosis": {"code": diagnosis[0], "name": diagnosis[1]},
                "procedures": [{"code": procedure_code[0], "name": procedure_code[1]}],
            },
            "parameters": {
                "power_w": rnd.choice((200, 250, 300, 350, 400)),
                "sonication_s": rnd.randrange(300, 3000),
                "treatment_min": rnd.randrange(40, 240),
                "correct": not self.chance(0.04),
            },
        }
        lesions = []
        for _ in range(rnd.choice((1, 1, 1, 2, 3))):
            area = round(rnd.uniform(4, 40), 1)
            ablated = not self.chance(0.06)
            share = rnd.uniform(0.7, 1.0) if ablated else rnd.uniform(0.0, 0.4)
            lesion: dict[str, Any] = {
                "site": "靶病灶",
                "size_mm": round(rnd.uniform(20, 90)),
                "ablated": ablated,
                "area_cm2": area,
            }
            if self.chance(0.95):
                lesion["necrosis_cm2"] = round(area * share, 1)
            lesions.append(lesion)
        answers["lesions"] = {"items": lesions}
        answers["team"] = {"operator": self.operator()}
        answers["consent"] = {"signed": True, "date": (admitted).isoformat()}
        if serious_day is None and not self.chance(0.1):
            answers["complications"] = {"occurred": False}
        else:
            day = serious_day if serious_day is not None else rnd.randrange(0, 10)
            answers["complications"] = {
                "occurred": True,
                "events": [
                    {
                        "kind": rnd.choice(COMPLICATIONS),
                        "onset_date": (treated + timedelta(days=day)).isoformat(),
                        "serious": serious_day is not None,
                        "severity": "severe" if serious_day is not None else "mild",
                        "outcome": "recovered",
                    }
                ],
            }
        answers["death"] = {"status": death}
        if death != "alive":
            answers["death"]["date"] = death_on.isoformat()
        baseline = round(rnd.uniform(20, 120))
        assessments = []
        if death == "alive" and self.chance(0.9):
            grade = self.pick({"CR": 0.35, "PR": 0.35, "SD": 0.2, "PD": 0.1})
            factor = {"CR": 0.0, "PR": 0.5, "SD": 0.9, "PD": 1.3}[grade]
            for weeks in (4, 10):
                assessments.append(
                    {
                        "date": (treated + timedelta(weeks=weeks)).isoformat(),
                        "sum_mm": round(baseline * factor),
                        "new_lesions": False,
                    }
                )
        answers["response"] = {"baseline_sum_mm": baseline, "assessments": assessments}
        followup: dict[str, Any] = {"plan": self.pick({"clinic": 0.8, "phone": 0.17, "none": 0.03})}
        if followup["plan"] != "none":
            followup["interval_months"] = 6
            visits = []
            if death == "alive":
                for _key, _label, days, _before, _after in FOLLOWUP_POINTS:
                    due = treated + timedelta(days=days + rnd.randrange(-20, 20))
                    if due > LAST_VISIT or self.chance(0.15):
                        break
                    visits.append({"date": due.isoformat(), "status": "well"})
            followup["visits"] = visits
        answers["followup"] = followup
        return answers


DEMO = TechnologyDemo(
    institution=INSTITUTION_HIFU,
    departments=({"name": "肿瘤科", "beds": 45, "since_year": 2000},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="肿瘤科", scopes=["internal_medicine"], profile=_physician
    ),
    cases=lambda ctx: ctx.numbered(_Cases(ctx).case),
    default_cases=240,
)
