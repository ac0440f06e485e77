"""Demonstration data of 心血管疾病介入诊疗技术: staff, profile and a few hundred cases.

The cases span the three sub-technologies (coronary, structural heart disease,
arrhythmia) and the eight quarters of 2023 and 2024, each valid against the
cardio form, with follow-up visits recorded as revisions. The patients,
physicians and barcodes are invented. Procedure codes are rows of the 2022 S03
code table as the seed prints them (第二部分 二); the diagnoses are ICD-10
categories chosen for the demonstration only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import DemoCases, DemoStaff, TechnologyDemo
from rtech.plugins.cardio.checks import NORM

__all__ = ["DEMO"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("陈建国", "chief", 1994),
    ("刘卫东", "chief", 1998),
    ("王静", "associate_chief", 2003),
    ("赵磊", "associate_chief", 2006),
    ("孙丽华", "associate_chief", 2008),
    ("周强", "attending", 2012),
    ("吴敏", "attending", 2015),
    ("郑涛", "resident", 2020),
)

#: Demonstration diagnoses (ICD-10 categories), by sub-technology.
DIAGNOSES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "stemi": (("I21.0", "急性前壁透壁性心肌梗死"), ("I21.1", "急性下壁透壁性心肌梗死")),
    "nste_acs": (("I21.4", "急性心内膜下心肌梗死"), ("I20.0", "不稳定型心绞痛")),
    "stable": (("I25.1", "动脉硬化性心脏病"), ("I20.8", "其他类型的心绞痛")),
    "asd": (("Q21.1", "房间隔缺损"),),
    "vsd": (("Q21.0", "室间隔缺损"),),
    "pda": (("Q25.0", "动脉导管未闭"),),
    "pfo": (("Q21.1", "卵圆孔未闭"),),
    "pulmonary_stenosis": (("Q22.1", "先天性肺动脉瓣狭窄"),),
    "tavi": (("I35.0", "主动脉瓣狭窄"),),
    "laa_closure": (("I48", "心房颤动"),),
    "pacemaker": (("I49.5", "病态窦房结综合征"), ("I44.2", "三度房室传导阻滞")),
    "icd": (("I47.2", "室性心动过速"),),
    "crt_p": (("I50.0", "充血性心力衰竭"),),
    "crt_d": (("I50.0", "充血性心力衰竭"),),
    "psvt": (("I47.1", "室上性心动过速"),),
    "af": (("I48", "心房颤动"),),
    "at": (("I47.1", "房性心动过速"),),
    "va": (("I49.3", "室性早搏"), ("I47.2", "室性心动过速")),
}
OTHER_DIAGNOSES = (("I10", "原发性高血压"), ("E11.9", "2型糖尿病"), ("E78.5", "高脂血症"))

#: Procedures: rows of the 2022 S03 code table (第二部分 二), as printed.
PROCEDURES: Mapping[str, tuple[str, str]] = {
    "stent": ("36.0700", "药物洗脱冠状动脉支架置入"),
    "balloon_only": ("00.6600x008", "经皮冠状动脉药物球囊扩张成形术"),
    "asd": ("35.5200x001", "经皮房间隔缺损封堵术"),
    "vsd": ("35.5500x001", "经皮室间隔缺损封堵术"),
    "pda": ("39.7900x008", "经皮动脉导管未闭封堵术"),
    "pfo": ("35.5200x002", "经皮卵圆孔未闭封堵术"),
    "pulmonary_stenosis": ("35.9601", "经导管肺动脉瓣球囊扩张成形术"),
    "tavi": ("35.0501", "经导管主动脉瓣植入术"),
    "laa_closure": ("37.9000x001", "经皮左心耳封堵术"),
    "pacemaker": ("37.8000x001", "永久起搏器置入术"),
    "icd": ("37.9400x001", "单腔植入型心律转复除颤器（ICD）置入术"),
    "crt_p": ("00.5001", "心脏再同步起搏器（CRT-P）置入术"),
    "crt_d": ("00.5101", "心脏再同步除颤器（CRT-D）置入术"),
    "ablation": ("37.3401", "经导管心脏射频消融术"),
    "af": ("37.3400x001", "经皮环肺静脉电隔离术"),
}

DEVICES: Mapping[str, tuple[str, str]] = {
    "stent": ("药物洗脱冠状动脉支架", "乐普医疗"),
    "balloon_only": ("药物涂层球囊导管", "乐普医疗"),
    "asd": ("房间隔缺损封堵器", "先健科技"),
    "vsd": ("室间隔缺损封堵器", "先健科技"),
    "pda": ("动脉导管未闭封堵器", "先健科技"),
    "pfo": ("卵圆孔未闭封堵器", "先健科技"),
    "pulmonary_stenosis": ("瓣膜球囊扩张导管", "先健科技"),
    "tavi": ("经导管主动脉瓣膜系统", "启明医疗"),
    "laa_closure": ("左心耳封堵器", "先健科技"),
    "pacemaker": ("植入式心脏起搏器", "美敦力"),
    "icd": ("植入式心律转复除颤器", "美敦力"),
    "crt_p": ("心脏再同步治疗起搏器", "雅培"),
    "crt_d": ("心脏再同步治疗除颤器", "雅培"),
    "ablation": ("射频消融导管", "强生"),
    "af": ("压力监测射频消融导管", "强生"),
}

#: The cardio part of the demonstration institution's profile
#: (generated from plugins/cardio/checks.py's norm): a hospital meeting the norm.
INSTITUTION_CARDIO: Mapping[str, Any] = {
    "scope": ["coronary", "structural", "arrhythmia"],
    "tavi": True,
    "capacity_appropriate": True,
    "cardiology": NORM.declared("cardiology", since="1998-03-01", beds=60),
    "cardiac_surgery": NORM.declared(
        "cardiac_surgery",
        department="cardiac_surgery",
        since="2005-09-01",
        beds=32,
        cpb_cases_per_year=64,
    ),
    "angiography": NORM.declared(
        "angiography",
        machine_ma=1000,
        machine_kv=125,
        machine_functions=["motorized", "dsa", "roadmap"],
        emergency_equipment=[
            "oxygen",
            "anesthesia_machine",
            "defibrillator",
            "suction",
            "emergency_drugs",
        ],
        special_equipment=[
            "iabp",
            "invasive_pressure",
            "spo2_monitor",
            "ep_recorder",
            "mapping_3d",
        ],
        ep_channels=16,
    ),
    "icu": NORM.declared(
        "icu",
        cleanliness_class="III",
        beds=8,
        area_per_bed=16.5,
        equipment=["laminar_flow", "multifunction_monitor", "ventilator"],
        monitor_parameters=["ecg", "blood_pressure", "spo2"],
        physicians_5y=3,
        nurses_5y=10,
    ),
    "imaging": {"doppler_echo": True, "equipment": ["mri", "ct", "pacs"]},
    "other_staff": {"count": 12, "trained": True},
    "management": NORM.declared("management", database_staff=2),
    "training_base": {"applies": False},
}


def _physician_cardio(title: str, since: int) -> dict[str, Any]:
    """The cardio part of a demonstration physician's profile (training by title)."""
    if title == "resident":
        training: dict[str, Any] = {"route": "none"}
    elif title == "chief":
        training = {"route": "nhc_base", "base_name": "国家心血管病中心", "passed": True}
    else:
        training = {
            "route": "base",
            "base_name": "四川省心血管疾病介入诊疗技术培训基地",
            "base_filed": True,
            "months": 12,
            "cases": 60,
            "managed_cases": 35,
            "passed": True,
        }
    return {"specialty_since": f"{since + 2}-09-01", "training": training}


class _Cases(DemoCases):
    """Cardio case answers, drawn from the demonstration's random source."""

    def case(self, number: int, quarter: date) -> dict[str, Any]:
        rnd = self.rnd
        category = self.pick({"coronary": 0.6, "structural": 0.12, "arrhythmia": 0.28})
        admitted = quarter + timedelta(days=rnd.randrange(0, 88))
        operated = admitted + timedelta(days=rnd.choice((0, 1, 1, 2, 3)))
        stay = rnd.choice((2, 3, 3, 4, 5, 6, 8, 11))
        discharged = operated + timedelta(days=stay)
        age = rnd.randrange(38, 86)
        if category == "structural" and self.chance(0.5):
            age = rnd.randrange(3, 40)
        patient = self.ctx.patient(f"ZY{admitted:%Y}{number:05d}", age, admitted)
        died = self.chance(0.012)
        answers: dict[str, Any] = {
            "patient": patient,
            "admission": {
                "admission_date": admitted.isoformat(),
                "discharge_date": discharged.isoformat(),
                "discharge_disposition": "5"
                if died
                else self.pick({"1": 0.93, "2": 0.04, "4": 0.03}),
            },
            "procedure": {"category": category, "date": operated.isoformat()},
        }
        key, cost = getattr(self, f"_{category}")(answers)
        answers["admission"]["total_cost"] = round(cost * rnd.uniform(0.8, 1.3), 2)
        diagnosis = rnd.choice(DIAGNOSES[key])
        other = rnd.sample(OTHER_DIAGNOSES, rnd.choice((0, 1, 1, 2)))
        procedure_key = {
            "stemi": answers.get("coronary", {}).get("pci_type"),
            "nste_acs": answers.get("coronary", {}).get("pci_type"),
            "stable": answers.get("coronary", {}).get("pci_type"),
            "psvt": "ablation",
            "at": "ablation",
            "va": "ablation",
        }.get(key, key)
        code, name = PROCEDURES[str(procedure_key)]
        answers["coding"] = self.ctx.coding(diagnosis, other, [(code, name)])
        answers["team"] = self.ctx.team()
        answers["consent"] = self.ctx.consent(operated)
        count = answers.get("coronary", {}).get("stent_count", 1)
        expiry = operated + timedelta(days=700)
        device = DEVICES[str(procedure_key)]
        answers["devices"] = {"items": [self.ctx.device(*device, expiry) for _ in range(count)]}
        answers["followup"] = self.ctx.followup(
            discharged,
            {"clinic": 0.7, "phone": 0.2, "online": 0.05, "none": 0.05},
            (1, 1, 3, 6),
            statuses={"well": 0.9, "event": 0.08, "lost": 0.02},
            alive=not died,
        )
        return answers

    def _coronary(self, answers: dict[str, Any]) -> tuple[str, float]:
        rnd = self.rnd
        presentation = self.pick({"stemi": 0.25, "nste_acs": 0.35, "stable": 0.4})
        section: dict[str, Any] = {"presentation": presentation}
        if presentation == "stemi":
            section["stemi_in_window"] = self.chance(0.85)
            section["pci_setting"] = (
                "primary" if section["stemi_in_window"] and self.chance(0.9) else "elective"
            )
        elif presentation == "nste_acs":
            section["risk_stratified"] = self.chance(0.93)
            section["pci_setting"] = "urgent" if self.chance(0.4) else "elective"
        section["lesion_types"] = sorted(
            rnd.sample(
                ["cto", "calcified", "left_main", "bifurcation", "multivessel"],
                rnd.choice((0, 0, 1, 1, 2)),
            )
        )
        pci_type = "stent" if self.chance(0.85) else "balloon_only"
        section["pci_type"] = pci_type
        if pci_type == "stent":
            section["stent_count"] = rnd.choice((1, 1, 1, 2, 2, 3))
            section["residual_stenosis_pct"] = (
                rnd.choice((0, 0, 5, 5, 10, 10, 15)) if self.chance(0.96) else 25
            )
        else:
            section["residual_stenosis_pct"] = (
                rnd.choice((10, 20, 30, 40)) if self.chance(0.94) else 55
            )
        section["timi_flow"] = "3" if self.chance(0.95) else rnd.choice(("1", "2"))
        section["complications"] = (
            rnd.sample(["acute_mi", "tamponade", "malignant_arrhythmia", "major_bleeding"], 1)
            if self.chance(0.03)
            else []
        )
        answers["coronary"] = section
        cost = 45000 + 18000 * section.get("stent_count", 0)
        return presentation, cost

    def _structural(self, answers: dict[str, Any]) -> tuple[str, float]:
        kind = self.pick(
            {
                "asd": 0.3,
                "vsd": 0.15,
                "pda": 0.12,
                "pfo": 0.18,
                "pulmonary_stenosis": 0.05,
                "tavi": 0.12,
                "laa_closure": 0.08,
            }
        )
        section: dict[str, Any] = {"structural_type": kind, "success": self.chance(0.96)}
        if kind == "pfo":
            section["prior_stroke"] = self.chance(0.6)
        complications = []
        if kind in ("asd", "vsd") and self.chance(0.03):
            complications.append("avb_complete" if kind == "vsd" else "avb_severe_other")
        if self.chance(0.015):
            complications.append("device_embolization")
        if complications and self.chance(0.3):
            complications.append("surgery_required")
        section["complications"] = complications
        if complications:  # each dated: the 2022 AVB indicator counts the first week only
            operated = date.fromisoformat(answers["procedure"]["date"])
            outcomes = {"recovered": 0.8, "sequelae": 0.15, "ongoing": 0.05}
            section["complication_events"] = [
                self.ctx.event(kind, operated, (0, 1, 3, 7, 9), severity="severe", outcome=outcomes)
                for kind in complications
            ]
        answers["structural"] = section
        return kind, {"tavi": 260000.0, "laa_closure": 120000.0}.get(kind, 38000.0)

    def _arrhythmia(self, answers: dict[str, Any]) -> tuple[str, float]:
        rnd = self.rnd
        if self.chance(0.6):
            device = self.pick({"pacemaker": 0.7, "icd": 0.1, "crt_p": 0.1, "crt_d": 0.1})
            section: dict[str, Any] = {"kind": "device", "device_type": device}
            if device == "pacemaker":
                section["chambers"] = "dual" if self.chance(0.7) else "single"
                section["pacing_site"] = self.pick({"conventional": 0.6, "his": 0.15, "lbb": 0.25})
            section["antibiotic_prophylaxis"] = self.chance(0.92)
            if section["antibiotic_prophylaxis"]:
                section["antibiotic_class"] = self.pick(
                    {"ceph1": 0.55, "ceph2": 0.35, "other": 0.1}
                )
                section["antibiotic_timing_ok"] = self.chance(0.9)
            section["complications"] = (
                rnd.sample(
                    ["pneumothorax", "lead_dislodgement", "pocket_hematoma", "pocket_infection"], 1
                )
                if self.chance(0.04)
                else []
            )
            section["atrial_fibrillation"] = self.chance(0.3)
            if section["atrial_fibrillation"]:
                section["cha2ds2_vasc"] = rnd.randrange(0, 7)
                section["anticoagulated_at_discharge"] = self.chance(
                    0.8 if section["cha2ds2_vasc"] >= 2 else 0.3
                )
            answers["arrhythmia"] = section
            return device, {"pacemaker": 65000.0, "icd": 160000.0}.get(device, 180000.0)
        target = self.pick({"psvt": 0.4, "af": 0.35, "at": 0.1, "va": 0.15})
        section = {"kind": "ablation", "ablation_target": target}
        if target == "af":
            section["first_af_ablation"] = self.chance(0.8)
        section["immediate_success"] = self.chance(0.95)
        if target == "psvt":
            section["redo_before_discharge"] = self.chance(0.02)
        section["complications"] = (
            ["tamponade"]
            if self.chance(0.01)
            else (["pv_stenosis"] if target == "af" and self.chance(0.01) else [])
        )
        answers["arrhythmia"] = section
        return target, {"af": 90000.0}.get(target, 42000.0)


#: Cardio's part of the demonstration hospital.
DEMO = TechnologyDemo(
    institution=INSTITUTION_CARDIO,
    departments=({"name": "心血管内科", "beds": 60, "since_year": 1998},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="心血管内科", scopes=["internal_medicine"], profile=_physician_cardio
    ),
    cases=_Cases.each,
)
