"""Demonstration data of 神经血管介入技术: staff, profile, cases and the stroke aggregate.

The cases span the four sub-technologies (acute stroke thrombectomy, symptomatic
intracranial stenosis, unruptured and ruptured aneurysm coiling) over the
eight quarters of 2023 and 2024, each valid against the neurovascular form;
every indicator gets a denominator with cases that pass and cases that fail
(late punctures, failed reperfusion, symptomatic haemorrhages, poor 90-day
outcomes, disabling complications, aneurysms treated without HR-VWI). The
90-day mRS is a follow-up visit recorded as a revision. The patients,
physicians and barcodes are invented; the codes come from curated.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from rtech import DemoAggregate, DemoContext, DemoStaff, TechnologyDemo
from rtech.plugins.neurovascular.checks import NORM

__all__ = ["DEMO", "case_answers"]

#: (name, title, clinical_since)
PHYSICIANS = (
    ("黄志远", "chief", 1995),
    ("林晓峰", "associate_chief", 2004),
    ("何春梅", "associate_chief", 2007),
    ("罗斌", "attending", 2013),
    ("谢宇", "resident", 2021),
)

DIAGNOSES: Mapping[str, tuple[str, str]] = {
    "stroke_evt": ("I63.5", "大脑动脉闭塞或狭窄引起的脑梗死"),
    "stenosis": ("I66.0", "大脑中动脉闭塞和狭窄"),
    "unruptured": ("I67.1", "大脑动脉瘤，未破裂"),
    "ruptured": ("I60.7", "颅内动脉的蛛网膜下出血"),
}
PROCEDURES: Mapping[str, tuple[str, str]] = {
    "stroke_evt": ("39.7400", "头和颈部血管阻塞的血管内去除术"),
    "stenosis": ("00.6500", "颅内血管经皮支架置入"),
    "unruptured": ("39.7500", "使用裸弹簧圈的头和颈部血管的血管内栓塞或闭塞术"),
    "ruptured": ("39.7500", "使用裸弹簧圈的头和颈部血管的血管内栓塞或闭塞术"),
}
DEVICES: Mapping[str, tuple[str, str]] = {
    "stroke_evt": ("取栓支架", "心玮医疗"),
    "stenosis": ("颅内球囊扩张支架", "微创神通"),
    "unruptured": ("弹簧圈", "微创神通"),
    "ruptured": ("弹簧圈", "微创神通"),
}
COSTS = {"stroke_evt": 98000.0, "stenosis": 86000.0, "unruptured": 120000.0, "ruptured": 150000.0}

#: The neurovascular part of the demonstration institution's profile
#: (generated from plugins/neurovascular/checks.py's norm): a hospital meeting it.
INSTITUTION: Mapping[str, Any] = {
    "scope": ["stenosis", "unruptured", "ruptured", "stroke"],
    "base_applies": False,
    "capacity_appropriate": True,
    "support": NORM.declared(
        "support",
        departments=["neurology", "neurosurgery", "imaging", "interventional"],
        imaging=["mri", "ct", "pacs"],
    ),
    "unit": {"beds": 48, "physicians": 7, "doppler": True},
    "icu": NORM.declared("icu", beds=10, ventilators=4, monitors=10, associate_chiefs_2y=2),
    "room": NORM.declared(
        "room",
        dsa_functions=["dsa", "roadmap", "intraop_ct"],
        emergency_equipment=[
            "oxygen",
            "anesthesia_machine",
            "defibrillator",
            "suction",
            "oximeter",
            "emergency_drugs",
        ],
    ),
    "management": NORM.declared("management"),
}


def _physician(title: str, since: int) -> dict[str, Any]:
    """The neurovascular part of a demonstration physician's profile."""
    if title == "resident":
        return {"training": {"route": "none"}, "intracranial": {"performs": False}}
    training = {
        "route": "base",
        "base_name": "四川省神经血管介入技术培训基地",
        "base_filed": True,
        "months": 12,
        "cases": 36,
        "managed_cases": 55,
        "passed": True,
    }
    return {
        "trainee": {"rotations": True, "attending_3y": True, "angiographies": 240},
        "specialty_since": f"{since + 3}-09-01",
        "associate_chief_since": f"{since + 10}-07-01",
        "training": training,
        "intracranial": {
            "performs": title != "attending",
            **(
                {"independent_cases": 260, "supervised_per_year": 14}
                if title != "attending"
                else {}
            ),
        },
    }


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def case_answers(
    number: int,
    subtype: str,
    admitted: date,
    *,
    team: Mapping[str, Any],
    patient: Mapping[str, Any],
    barcode: str,
    died: bool = False,
    stay: int = 8,
    onset_to_door: int = 120,
    door_to_puncture: int = 75,
    puncture_to_reperfusion: int | None = 45,
    mtici: str = "3",
    methods: tuple[str, ...] = ("stent_retriever",),
    nihss: tuple[int, int | None] = (14, None),
    mrs90: int | None = None,
    mrs_day: int = 91,
    symptomatic: bool = True,
    hr_vwi: bool = True,
    complications: tuple[tuple[int, bool, str], ...] = (),
) -> dict[str, Any]:
    """One valid case: ``complications`` are (days after the procedure, disabling, outcome);
    ``nihss`` the pre-operative score and, with a haemorrhage on CT, the score after it;
    ``mrs90`` the mRS recorded at the visit ``mrs_day`` days after the procedure (none:
    no visit)."""
    operated = admitted
    discharged = admitted + timedelta(days=stay)
    answers: dict[str, Any] = {
        "patient": dict(patient),
        "admission": {
            "admission_date": admitted.isoformat(),
            "discharge_date": discharged.isoformat(),
            "discharge_disposition": "5" if died else "1",
            "total_cost": COSTS[subtype] + 1000.0 * (number % 17),
        },
        "procedure": {
            "subtype": subtype,
            "date": operated.isoformat(),
            "alternatives_informed": number % 23 != 0,
        },
    }
    if subtype == "stroke_evt":
        door = datetime(admitted.year, admitted.month, admitted.day, 9, 0)
        puncture = door + timedelta(minutes=door_to_puncture)
        stroke: dict[str, Any] = {
            "onset_at": _at(door - timedelta(minutes=onset_to_door)),
            "door_at": _at(door),
            "methods": list(methods),
            "puncture_at": _at(puncture),
            "nihss_before": nihss[0],
            "mtici": mtici,
            "ich": nihss[1] is not None,
        }
        if mtici in ("2b", "2c", "3") and puncture_to_reperfusion is not None:
            stroke["reperfusion_at"] = _at(puncture + timedelta(minutes=puncture_to_reperfusion))
        if nihss[1] is not None:
            stroke["nihss_after"] = nihss[1]
        answers["stroke"] = stroke
    elif subtype == "stenosis":
        answers["stenosis"] = {"symptomatic": symptomatic, "technique": "stent"}
    else:
        answers["aneurysm"] = {"technique": "coil" if number % 3 else "stent_assisted"}
        if subtype == "unruptured":
            answers["preop"] = {"dsa": True, "hr_vwi": hr_vwi, "hemodynamics": number % 2 == 0}
    if subtype != "stroke_evt":
        section: dict[str, Any] = {"any": bool(complications)}
        if complications:
            section["events"] = [
                {
                    "kind": "ischemic" if disabling else "puncture_site",
                    "onset_date": (operated + timedelta(days=days)).isoformat(),
                    "severity": "severe" if disabling or outcome == "died" else "mild",
                    "outcome": outcome,
                    "disabling": disabling,
                }
                for days, disabling, outcome in complications
            ]
        answers["complications"] = section
    code, name = DIAGNOSES[subtype]
    procedure_code, procedure_name = PROCEDURES[subtype]
    answers["coding"] = {
        "main_diagnosis": {"code": code, "name": name},
        "other_diagnoses": [],
        "procedures": [{"code": procedure_code, "name": procedure_name}],
    }
    answers["team"] = dict(team)
    answers["consent"] = {"signed": True, "date": operated.isoformat()}
    device, maker = DEVICES[subtype]
    answers["devices"] = {"items": [{"name": device, "barcode": barcode, "manufacturer": maker}]}
    followup: dict[str, Any] = {"plan": "clinic", "interval_months": 3}
    if mrs90 is not None:
        followup["visits"] = [
            {
                "date": (operated + timedelta(days=mrs_day)).isoformat(),
                "status": "dead" if mrs90 == 6 else "well",
                "scores": {"mrs": mrs90},
            }
        ]
    answers["followup"] = followup
    return answers


#: Follow-up visits are recorded up to this day (the demonstration's "today").
LAST_VISIT = date(2025, 3, 31)


def _cases(ctx: DemoContext) -> Iterator[dict[str, Any]]:
    rnd, pick, chance = ctx.rnd, ctx.pick, ctx.chance
    seen: dict[str, int] = {}
    for number, quarter in enumerate(ctx.quarters(), start=1):
        subtype = pick({"stroke_evt": 0.55, "stenosis": 0.15, "unruptured": 0.15, "ruptured": 0.15})
        seen[subtype] = seen.get(subtype, 0) + 1
        admitted = ctx.day_in(quarter)
        died = chance(0.04 if subtype in ("stroke_evt", "ruptured") else 0.01)
        age = rnd.randrange(35, 85)
        extra: dict[str, Any] = {}
        if subtype == "stroke_evt":
            mtici = pick({"3": 0.45, "2c": 0.1, "2b": 0.28, "2a": 0.1, "1": 0.04, "0": 0.03})
            ich = chance(0.08)
            before = rnd.randrange(6, 24)
            mrs = None
            if not died and admitted + timedelta(days=91) <= LAST_VISIT and chance(0.85):
                mrs = rnd.choice((0, 1, 1, 2, 2, 3, 3, 4, 5, 6))
            extra = {
                "onset_to_door": rnd.choice((60, 120, 180, 300, 600, 900, 1300)),
                "door_to_puncture": rnd.choice((45, 60, 75, 85, 90, 95, 120, 150)),
                "puncture_to_reperfusion": rnd.choice((20, 30, 45, 55, 60, 70, 95)),
                "mtici": mtici,
                "methods": ("dsa_only",)
                if chance(0.03)
                else tuple(sorted(rnd.sample(["stent_retriever", "aspiration", "balloon"], 1))),
                "nihss": (before, before + rnd.choice((1, 3, 4, 8)) if ich else None),
                "mrs90": mrs,
            }
        elif subtype == "stenosis":
            extra = {"symptomatic": chance(0.95)}
        elif subtype == "unruptured":
            extra = {"hr_vwi": chance(0.7)}
        if subtype != "stroke_evt" and seen[subtype] % 5 == 2:
            # Every fifth treated lesion: a disabling complication within the month.
            extra["complications"] = ((rnd.choice((0, 1, 3, 12)), True, "sequelae"),)
        elif subtype != "stroke_evt" and chance(0.2):
            extra["complications"] = (
                (
                    rnd.choice((0, 1, 2, 10, 28, 30, 31, 40)),
                    chance(0.6),
                    pick({"sequelae": 0.6, "died": 0.1, "recovered": 0.3}),
                ),
            )
        yield case_answers(
            number,
            subtype,
            admitted,
            team=ctx.team(),
            patient=ctx.patient(f"NV{admitted:%Y}{number:05d}", age, admitted),
            barcode=ctx.barcode(admitted + timedelta(days=700)),
            died=died,
            stay=rnd.choice((5, 7, 9, 12, 16)),
            **extra,
        )


def _aggregates(ctx: DemoContext) -> Iterator[DemoAggregate]:
    """Stroke patients admitted within 24 h of onset: about six for each one treated."""
    for year in (2023, 2024):
        for quarter in range(1, 5):
            yield DemoAggregate("stroke_admissions_24h", f"{year}Q{quarter}", 40 + 3 * quarter)


DEMO = TechnologyDemo(
    institution=INSTITUTION,
    departments=({"name": "神经内科", "beds": 48, "since_year": 1996},),
    staff=DemoStaff.physicians(
        PHYSICIANS, department="神经内科", scopes=["internal_medicine"], profile=_physician
    ),
    cases=_cases,
    aggregates=_aggregates,
    default_cases=160,
)
