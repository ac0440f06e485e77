"""Demonstration data of 消化内镜诊疗技术: staff, profile, cases and the endoscopy totals.

The cases span ERCP, ESD, EUS-FNA/B, EUS-guided interventions, enteroscopy,
variceal treatment and other GI endoscopy over the eight quarters of 2023 and
2024, each valid against the gi_endoscopy form, with follow-up visits (deaths
among them) recorded as revisions; every indicator gets cases that meet it and
cases that do not. The totals of every GI endoscopy per quarter (the
denominators of 质量控制指标 三、六) are entered as aggregates. Patients and
physicians are invented; the procedure codes are ICD-9-CM-3 categories and the
diagnoses ICD-10 categories chosen for the demonstration only (curated.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoAggregate, DemoCases, DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.gi_endoscopy.checks import NORM
from rtech.plugins.gi_endoscopy.indicators import ALL_ENDOSCOPY

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("何志刚", "chief", 1992),
    ("罗海燕", "chief", 1997),
    ("唐建华", "associate_chief", 2004),
    ("冯晓东", "associate_chief", 2007),
    ("邓丽", "attending", 2013),
    ("曹阳", "attending", 2016),
    ("许文", "resident", 2021),
)

#: (diagnosis, procedure) per kind: ICD-10 and ICD-9-CM-3 categories (curated.py).
CODES: Mapping[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "ercp": (("K80.5", "胆管结石不伴有胆管炎或胆囊炎"), ("51.8800", "内镜下胆管结石去除术")),
    "esd": (("D00.2", "胃原位癌"), ("43.4100", "内镜下胃病损或胃组织切除术或破坏术")),
    "eus_fna": (("K86.2", "胰腺囊肿"), ("52.1100", "胰腺闭合性[抽吸][针吸]活组织检查")),
    "eus_intervention": (("K86.3", "胰腺假性囊肿"), ("52.4000", "胰腺囊肿内引流术")),
    "enteroscopy": (("K92.2", "胃肠出血"), ("45.1300", "小肠其他内镜检查")),
    "varices": (
        ("I85.0", "食管静脉曲张伴有出血"),
        ("42.9100", "食管静脉曲张结扎术"),
    ),
    "other": (("K63.5", "结肠息肉"), ("45.4200", "内镜下大肠息肉切除术")),
}
WEIGHTS = {
    "ercp": 0.2,
    "esd": 0.17,
    "eus_fna": 0.1,
    "eus_intervention": 0.15,
    "enteroscopy": 0.14,
    "varices": 0.14,
    "other": 0.1,
}
LESIONS = ("early_cancer", "hgin", "lgin", "smt", "non_neoplastic")
SERIOUS = (
    "transfusion",
    "hemostasis_surgery_dsa",
    "severe_pancreatitis",
    "perforation_surgery",
    "other_surgery",
)

#: The gi_endoscopy part of the demonstration institution's profile (checks.py).
INSTITUTION: Mapping[str, Any] = {
    "tier4": True,
    "painless": True,
    "oncology": True,
    "capacity_appropriate": True,
    "gastroenterology": NORM.declared("gastroenterology", beds=65, annual_cases=5200),
    "general_surgery": {"meets_norm": True},
    "rooms": NORM.declared(
        "rooms",
        kinds=["preparation", "procedure", "recovery", "reprocessing"],
        min_area=24,
        integrated=[
            "endoscope_host",
            "display",
            "electrosurgical_unit",
            "medical_gas",
            "cables",
            "drainage_gas_ports",
        ],
        facilities=[
            "ventilation",
            "water",
            "power",
            "suction",
            "oxygen",
            "computer_port",
            "emergency_equipment",
            "air_purification",
            "disinfection",
            "drugs",
            "storage_cabinet",
            "independent_ventilation",
        ],
        emergency=["monitor", "defibrillator", "crash_cart"],
    ),
    "recovery": NORM.declared(
        "recovery",
        equipment=["monitoring", "oxygen", "suction", "call_system", "emergency_equipment"],
    ),
    "reprocessing": NORM.declared(
        "reprocessing", equipment=["washer", "ultrasonic_cleaner", "leak_tester", "dryer"]
    ),
    "other_staff": {"count": 14, "trained": True},
    "tier4_institution": NORM.declared(
        "tier4_institution", cases_5y=42000, grade3_cases_5y=6100, capable_physicians=4
    ),
    "management": NORM.declared("management"),
    "training_base": {"applies": False},
}


def _physician(title: str, since: int) -> dict[str, Any]:
    """The gi_endoscopy part of a demonstration physician's profile."""
    profile: dict[str, Any] = {
        "experience": {
            "clinical_since": f"{since}-08-01",
            "digestive_now": True,
            "assisted_cases": 300 if title != "resident" else 120,
        }
    }
    if title == "resident":
        profile["training"] = {"route": "none"}
        profile["tier4_physician"] = {"independent": False}
        return profile
    if title == "chief":
        profile["training"] = {
            "route": "exempt",
            "exemption": {
                "clinical_years": 2023 - since - 3,
                "title": "attending",
                "title_years": 12,
                "recent_cases": 800,
                "serious_adverse_event": False,
            },
        }
    else:
        profile["training"] = {
            "route": "base",
            "base_name": "四川省消化内镜诊疗技术培训基地",
            "base_filed": True,
            "months": 6,
            "cases": 80,
            "managed_cases": 65,
            "passed": True,
        }
    senior = title in ("chief", "associate_chief")
    profile["tier4_physician"] = {
        "independent": senior,
        **(
            {
                "endoscopy_since": f"{since + 3}-01-01",
                "independent_cases": 4200 if title == "chief" else 3100,
                "grade3_cases": 600 if title == "chief" else 320,
            }
            if senior
            else {}
        ),
    }
    return profile


#: Follow-up visits are recorded up to this day (the demonstration's "today").
LAST_VISIT = date(2025, 3, 31)


class _Cases(DemoCases):
    """gi_endoscopy case answers, drawn from the demonstration's random source."""

    def case(self, number: int, quarter: date) -> dict[str, Any]:
        rnd = self.rnd
        kind = self.pick(WEIGHTS)
        admitted = quarter + timedelta(days=rnd.randrange(0, 88))
        operated = admitted + timedelta(days=rnd.choice((0, 1, 1, 2)))
        discharged = operated + timedelta(days=rnd.choice((1, 2, 3, 3, 5, 7, 10)))
        died = self.chance(0.04 if kind in ("varices", "eus_intervention") else 0.005)
        answers: dict[str, Any] = {
            "patient": self.ctx.patient(
                f"ZY{admitted:%Y}{number:05d}", rnd.randrange(28, 86), admitted
            ),
            "admission": {
                "admission_date": admitted.isoformat(),
                "discharge_date": discharged.isoformat(),
                "discharge_disposition": "5"
                if died
                else self.pick({"1": 0.94, "2": 0.03, "4": 0.03}),
                "total_cost": round(rnd.uniform(6000, 60000), 2),
            },
            "procedure": {"type": kind, "date": operated.isoformat()},
            "grade": {
                "grade": "4"
                if kind in ("ercp", "esd", "eus_intervention") or self.chance(0.3)
                else "3"
            },
        }
        if kind != "other":
            answers[kind] = getattr(self, f"_{kind}")(operated)
        (dx_code, dx_name), (px_code, px_name) = CODES[kind]
        answers["coding"] = {
            "main_diagnosis": {"code": dx_code, "name": dx_name},
            "procedures": [{"code": px_code, "name": px_name}],
        }
        answers["team"] = self.ctx.team()
        signed = not self.chance(0.02)
        answers["consent"] = {"signed": signed}
        if signed:
            answers["consent"]["date"] = (operated - timedelta(days=rnd.choice((0, 1)))).isoformat()
        answers["complications"] = self._complications(kind, operated, died)
        answers["followup"] = self._followup(kind, operated, discharged, died)
        return answers

    # -- sections -------------------------------------------------------------

    def _ercp(self, operated: date) -> dict[str, Any]:
        therapy = self.pick(
            {
                "none": 0.15,
                "stone_extraction": 0.4,
                "lithotripsy_extraction": 0.15,
                "pancreatic_ablation": 0.05,
                "other": 0.25,
            }
        )
        section: dict[str, Any] = {
            "altered_anatomy": self.chance(0.06),
            "prior_papilla_surgery": self.chance(0.1),
            "deep_cannulation": self.chance(0.92),
            "therapy": therapy,
        }
        if therapy in ("stone_extraction", "lithotripsy_extraction", "pancreatic_ablation"):
            section["therapy_success"] = self.chance(0.88)
        return section

    def _esd(self, operated: date) -> dict[str, Any]:
        preop = self.pick({"early_cancer": 0.35, "hgin": 0.3, "lgin": 0.2, "smt": 0.15})
        postop = preop if self.chance(0.82) else self.rnd.choice(LESIONS)
        return {
            "site": self.pick({"esophagus": 0.3, "stomach": 0.45, "colorectum": 0.25}),
            "preop_judgement": preop,
            "en_bloc": self.chance(0.94),
            "postop_pathology": postop,
            "horizontal_margin_negative": self.chance(0.93),
            "vertical_margin_negative": self.chance(0.95),
        }

    def _eus_fna(self, operated: date) -> dict[str, Any]:
        success = self.chance(0.88)
        section: dict[str, Any] = {
            "target": self.pick({"pancreas": 0.6, "lymph_node": 0.2, "subepithelial": 0.2}),
            "method": self.pick({"fna": 0.4, "fnb": 0.6}),
            "success": success,
            "clinical_diagnosis_known": self.chance(0.8),
        }
        if success:
            section["pathology_positive"] = self.chance(0.82)
        return section

    def _eus_intervention(self, operated: date) -> dict[str, Any]:
        rnd, chance = self.rnd, self.chance
        technique = self.pick(
            {
                "cyst_injection": 0.12,
                "tumour_local": 0.08,
                "celiac_block": 0.14,
                "varices": 0.1,
                "portal_ctc": 0.05,
                "pseudocyst_drainage": 0.2,
                "eus_bd": 0.13,
                "eus_pd": 0.06,
                "eus_ge": 0.08,
                "other": 0.04,
            }
        )
        section: dict[str, Any] = {
            "technique": technique,
            "indication_met": chance(0.93),
            "technical_success": chance(0.9),
        }
        good = chance(0.8)
        if technique == "cyst_injection":
            before = rnd.randrange(25, 60)
            section |= {"size_before_mm": before}
            if operated + timedelta(days=182) <= LAST_VISIT:
                section["size_6m_mm"] = round(before * (0.35 if good else 0.7))
        elif technique == "tumour_local":
            section["survival_not_inferior"] = good
        elif technique == "celiac_block":
            before = rnd.randrange(6, 10)
            section |= {"pain_before": before, "pain_after": round(before * (0.3 if good else 0.7))}
        elif technique == "varices":
            section["rebleed"] = not good
            if not good:
                section["rebleed_date"] = (
                    operated + timedelta(days=rnd.randrange(2, 80))
                ).isoformat()
        elif technique == "portal_ctc":
            section |= {"portal_blood_obtained": chance(0.95), "ctc_detected": good}
        elif technique == "pseudocyst_drainage":
            before = rnd.randrange(50, 150)
            section |= {
                "size_before_mm": before,
                "size_1w_mm": round(before * (0.4 if good else 0.7)),
                "antibiotics_escalated": chance(0.1),
            }
        elif technique == "eus_bd":
            before = rnd.randrange(120, 400)
            section |= {
                "bilirubin_before": before,
                "bilirubin_1w": round(before * (0.5 if good else 0.85)),
            }
        elif technique == "eus_pd":
            before = rnd.choice((5, 6, 7, 8))
            section |= {"duct_before_mm": before, "duct_1w_mm": before * (0.4 if good else 0.8)}
        elif technique == "eus_ge":
            section |= {"gooss": rnd.choice(("2", "3", "4")) if good else "1", "vomiting": False}
        else:
            section["clinically_effective"] = good
        return section

    def _enteroscopy(self, operated: date) -> dict[str, Any]:
        chance = self.chance
        route = self.pick({"oral": 0.45, "anal": 0.35, "both": 0.2})
        therapy = (
            [self.pick({"hemostasis": 0.4, "polypectomy": 0.3, "dilation_incision": 0.2})]
            if chance(0.35)
            else []
        )
        section: dict[str, Any] = {
            "device": self.pick({"double_balloon": 0.6, "single_balloon": 0.4}),
            "route": route,
            "image_kept": chance(0.97),
            "docking": self.pick(
                {"docked": 0.45, "not_docked": 0.35, "stricture": 0.08, "lesion_found": 0.12}
            ),
            "therapy": sorted(set(therapy)),
        }
        if route in ("oral", "both"):
            section["oral_reached_jejunum"] = chance(0.96)
        if route in ("anal", "both"):
            section["anal_ileum_cm"] = self.rnd.choice((5, 10, 15, 20, 30, 40, 50, 60))
        if section["therapy"]:
            section["therapy_success"] = chance(0.75)
        return section

    def _varices(self, operated: date) -> dict[str, Any]:
        rnd, chance = self.rnd, self.chance
        rebleed = chance(0.15)
        section: dict[str, Any] = {
            "cause": "portal_hypertension" if chance(0.95) else "other",
            "treatment": sorted(
                set(rnd.sample(["ligation", "sclerotherapy", "tissue_glue"], rnd.choice((1, 2))))
            ),
            "indication_met": chance(0.94),
            "technical_success": chance(0.9),
            "rebleed": rebleed,
            "complications": ["ulcer_bleeding"]
            if chance(0.06)
            else (["stricture"] if chance(0.03) else []),
        }
        if rebleed:
            section["rebleed_date"] = (operated + timedelta(days=rnd.randrange(1, 12))).isoformat()
        return section

    # -- complications and follow-up ----------------------------------------------

    def _complications(self, kind: str, operated: date, died: bool) -> dict[str, Any]:
        rnd, chance = self.rnd, self.chance
        risk = {"ercp": 0.06, "esd": 0.04, "eus_intervention": 0.06, "enteroscopy": 0.03}
        found: dict[str, Any] = {
            "serious": (["death"] if died else [])
            + ([rnd.choice(SERIOUS)] if chance(risk.get(kind, 0.015)) else []),
            "hb_checked": chance(0.3),
            "infection_signs": chance(0.08),
        }
        if kind == "ercp" and "severe_pancreatitis" not in found["serious"] and chance(0.02):
            found["serious"].append("severe_pancreatitis")
        if found["hb_checked"]:
            before = rnd.randrange(105, 150)
            drop = rnd.choice((5, 10, 12, 15, 20)) if chance(0.92) else rnd.choice((30, 35, 40))
            found["hb_before"] = before
            found["hb_after"] = [
                {
                    "at": (operated + timedelta(days=rnd.choice((1, 2, 3)))).isoformat(),
                    "hb": before - drop,
                }
            ]
        if found["infection_signs"]:
            severe = chance(0.4)
            found["sirs"] = {
                "temperature": 38.6 if severe else 37.9,
                "heart_rate": 104 if severe else 86,
                "respiratory_rate": 22 if severe else 18,
                "wbc": 13.5 if severe else 9.2,
            }
        return found

    def _followup(self, kind: str, operated: date, discharged: date, died: bool) -> dict[str, Any]:
        rnd = self.rnd
        plan = self.pick({"clinic": 0.75, "phone": 0.2, "none": 0.05})
        followup: dict[str, Any] = {"plan": plan}
        if plan == "none" or died:
            return followup | ({"interval_months": 1} if plan != "none" else {})
        followup["interval_months"] = rnd.choice((1, 1, 3, 6))
        visits: list[dict[str, Any]] = []
        watched = kind in ("varices", "eus_intervention")
        if watched and self.chance(0.15):  # a death after discharge, within the windows
            death = operated + timedelta(days=rnd.choice((20, 50, 70, 120, 300)))
            if death + timedelta(days=3) <= LAST_VISIT:
                visits.append(
                    {
                        "date": (death + timedelta(days=3)).isoformat(),
                        "status": "dead",
                        "death_date": death.isoformat(),
                    }
                )
        if not visits:
            for days in (60, 400) if watched else (30 * followup["interval_months"],):
                visit = discharged + timedelta(days=days)
                if visit <= LAST_VISIT and not self.chance(0.1):
                    visits.append({"date": visit.isoformat(), "status": "well"})
        if visits:
            followup["visits"] = visits
        return followup


def _cases(ctx: DemoContext) -> Iterator[dict[str, Any]]:
    generator = _Cases(ctx)
    for number, quarter in enumerate(ctx.quarters(), start=1):
        case = generator.case(number, quarter)
        if "eus_intervention" in case and _dies(case):
            # 十三: the relation of a death to the procedure, recorded for each death
            case["eus_intervention"]["death_related"] = ctx.chance(0.5)
        yield case


def _dies(case: Mapping[str, Any]) -> bool:
    visits = case.get("followup", {}).get("visits", [])
    return case["admission"]["discharge_disposition"] == "5" or any(
        v.get("status") == "dead" for v in visits
    )


def _aggregates(ctx: DemoContext) -> Iterator[DemoAggregate]:
    """Every GI endoscopy of each quarter (质量控制指标 三、六), gastroscopies included."""
    for year in (2023, 2024):
        for quarter in range(1, 5):
            yield DemoAggregate(ALL_ENDOSCOPY.key, f"{year}Q{quarter}", 5200 + 150 * quarter)


#: gi_endoscopy's part of the demonstration hospital.
DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "消化内科", "beds": 65, "since_year": 1992},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="消化内科", scopes=["internal_medicine"], profile=_physician
    ),
    cases=_cases,
    aggregates=_aggregates,
)
