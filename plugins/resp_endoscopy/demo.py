"""Demonstration data of 呼吸内镜诊疗技术 (2023 S10): staff, profile, cases, totals.

A hospital that performs the 四级 tier and medical thoracoscopy. The cases filed
over 2023 and 2024 are the 三级 and 四级 procedures (biopsies, EBUS-TBNA, foreign
bodies, thermal ablation, cryo-resection, stents, rigid bronchoscopy,
thoracoscopy); the quarter's total of every respiratory endoscopy, filed or not,
is entered as an aggregate (质量控制指标 二). Now and then a report short of an
element, a test or the monitoring missing, a biopsy without a diagnosis, a
severe complication, so that every indicator has passing and failing cases.
Patients and staff are invented.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoAggregate, DemoCases, DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.resp_endoscopy.checks import NORM
from rtech.plugins.resp_endoscopy.indicators import ALL_ENDOSCOPY

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("梁志强", "chief", 1996),
    ("宋佳", "associate_chief", 2006),
    ("许文", "attending", 2012),
    ("邹蕾", "attending", 2016),
    ("潘浩", "resident", 2022),
)
ELEMENTS = ("patient", "anaesthesia", "procedure", "diagnosis", "images", "signatures")
#: technique -> (category, grade, weight)
TECHNIQUES: Mapping[str, tuple[str, str, float]] = {
    "biopsy": ("flexible", "3", 0.34),
    "ebus_tbna": ("flexible", "3", 0.2),
    "foreign_body": ("flexible", "3", 0.05),
    "thermal_ablation": ("flexible", "4", 0.12),
    "cryo_resection": ("flexible", "4", 0.08),
    "stent": ("flexible", "4", 0.05),
    "rigid": ("rigid", "4", 0.06),
    "pleural": ("thoracoscopy", "3", 0.1),
}
CODES: Mapping[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "biopsy": (("C34", "支气管和肺恶性肿瘤"), ("33.2700", "闭合性肺内镜活组织检查")),
    "ebus_tbna": (("R91", "肺诊断性影像异常所见"), ("33.2400", "闭合性[内镜的]支气管活组织检查")),
    "foreign_body": (("T17.5", "支气管内异物"), ("98.1500", "不切开去除气管和支气管腔内异物")),
    "thermal_ablation": (
        ("C34", "支气管和肺恶性肿瘤"),
        ("32.0100", "内镜下支气管病损切除术或破坏术"),
    ),
    "cryo_resection": (
        ("C34", "支气管和肺恶性肿瘤"),
        ("32.0100", "内镜下支气管病损切除术或破坏术"),
    ),
    "stent": (("J98.0", "支气管疾病，不可归类在他处者"), ("96.0500", "其他呼吸道插管")),
    "rigid": (
        ("J98.0", "支气管疾病，不可归类在他处者"),
        ("32.0100", "内镜下支气管病损切除术或破坏术"),
    ),
    "pleural": (("J90", "胸腔积液，不可归类在他处者"), ("34.2100", "经胸膜胸腔镜检查")),
}
SEVERE = ("malignant_arrhythmia", "arrest", "severe_bleeding", "massive_pneumothorax")
INSTITUTION: Mapping[str, Any] = {
    "grade4": True,
    "thoracoscopy": True,
    "tumour": True,
    "capacity_appropriate": True,
    "clinical": {"subject_registered": True, "department": True, "beds": 90},
    "prep_room": {"independent": True, "area": 18.0, "oxygen": True, "staffed": True},
    "rooms": NORM.declared(
        "rooms",
        smallest_area=24.0,
        emergency=[
            "ecg_spo2_monitor",
            "defibrillator",
            "oxygen",
            "intubation",
            "bag_valve",
            "haemostasis",
            "emergency_drugs",
        ],
    ),
    "recovery": NORM.declared(
        "recovery", area=30.0, equipment=["oxygen", "suction", "monitor", "rescue", "beds", "staff"]
    ),
    "disinfection": {"equipment": True, "storage": True},
    "grade4_conditions": NORM.declared(
        "grade4_conditions",
        cases_5y=14000,
        grade3_cases_5y=3800,
        departments=["imaging", "anaesthesia", "thoracic_surgery"],
        physicians=3,
    ),
    "other_staff": {"trained": True},
    "management": NORM.declared("management"),
    "training_base": {"applies": False},
}


def _physician_part(title: str, since: int) -> dict[str, Any]:
    part: dict[str, Any] = {
        "grade4_independent": title != "resident",
        "specialty_since": f"{since + 1}-09-01",
        "respiratory_now": True,
        "system_training": True,
    }
    if part["grade4_independent"]:
        part |= {
            "cases_independent": (2024 - since) * 120,
            "grade3_done": (2024 - since) * 40,
            "training": {
                "route": "base",
                "base_name": "四川省呼吸内镜诊疗技术培训基地",
                "base_filed": True,
                "months": 6,
                "cases": 55,
                "managed_cases": 110,
                "passed": True,
            },
        }
    return part


class _Cases(DemoCases):
    def case(self, number: int, quarter: date) -> dict[str, Any]:
        ctx, rnd = self.ctx, self.rnd
        technique = ctx.pick({k: v[2] for k, v in TECHNIQUES.items()})
        category, grade, _ = TECHNIQUES[technique]
        admitted, operated, discharged = ctx.stay(quarter, (1, 1, 2), (1, 2, 3, 5, 8))
        elements = list(ELEMENTS)
        if number % 11 == 3:  # a report without the images or the signatures
            elements.remove(rnd.choice(("images", "signatures")))
        biopsy: dict[str, Any] = {"sent": technique in ("biopsy", "ebus_tbna", "pleural")}
        if biopsy["sent"]:
            biopsy["result"] = ctx.pick(
                {"malignant": 0.55, "benign_specific": 0.2, "nonspecific": 0.22, "pending": 0.03}
            )
        severe = [rnd.choice(SEVERE)] if ctx.chance(0.02 if grade == "3" else 0.06) else []
        code = CODES[technique]
        answers: dict[str, Any] = {
            "patient": ctx.patient(f"HX{admitted:%Y}{number:05d}", rnd.randrange(18, 85), admitted),
            "admission": {
                "admission_date": admitted.isoformat(),
                "discharge_date": discharged.isoformat(),
                "discharge_disposition": ctx.pick({"1": 0.96, "2": 0.04}),
                "total_cost": round(rnd.uniform(5000, 60000 if grade == "4" else 18000), 2),
            },
            "procedure": {
                "category": category,
                "date": operated.isoformat(),
                "techniques": [technique],
                "anaesthesia": "general"
                if grade == "4"
                else ctx.pick({"local": 0.4, "sedation": 0.6}),
            },
            "grade": {"grade": grade},
            "preop": {
                "blood_count": number % 23 != 7,
                "coagulation": number % 23 != 7 and ctx.chance(0.98),
                "chest_ct": number % 19 != 2 and ctx.chance(0.98),
            },
            "monitoring": {"ecg_spo2": number % 29 != 11},
            "report": {"electronic": ctx.chance(0.99), "elements": elements},
            "biopsy": biopsy,
            "coding": {
                "main_diagnosis": {"code": code[0][0], "name": code[0][1]},
                "procedures": [{"code": code[1][0], "name": code[1][1]}],
            },
            "team": ctx.team(),
            "consent": {"signed": True, "date": (operated - timedelta(days=1)).isoformat()},
            "outcome": {"severe_complications": severe},
        }
        answers["followup"] = self._followup(discharged)
        return answers

    def _followup(self, discharged: date) -> dict[str, Any]:
        return self.ctx.followup(
            discharged, {"clinic": 0.8, "phone": 0.15, "none": 0.05}, (1, 1, 3)
        )


def _aggregates(ctx: DemoContext) -> Iterator[DemoAggregate]:
    """Every respiratory endoscopy of each quarter (质量控制指标 二), diagnostic ones included."""
    for year in (2023, 2024):
        for quarter in range(1, 5):
            yield DemoAggregate(ALL_ENDOSCOPY.key, f"{year}Q{quarter}", 150 + 10 * quarter)


DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "呼吸与危重症医学科", "beds": 90, "since_year": 1988},),
    staff=DemoStaff.physicians(
        PHYSICIANS,
        department="呼吸与危重症医学科",
        scopes=["internal_medicine"],
        profile=_physician_part,
    ),
    cases=_Cases.each,
    aggregates=_aggregates,
    default_cases=240,
)
