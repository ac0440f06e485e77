"""Sixteen craniofacial cases whose indicator figures the tests count by hand.

Fifteen patients: case 8 is the second operation of case 4's patient (H0004).
Operations: 颅眶 1, 2, 3, 15; 正颌 4, 5, 6, 7, 8, 9, 16; 面部骨轮廓 10-14.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

AS_OF = date(2024, 12, 31)


@dataclass(frozen=True)
class Case:
    id: int
    answers: dict[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def rescue(*events: tuple[str, str, bool]) -> dict[str, Any]:
    if not events:
        return {"rescued": False}
    return {
        "rescued": True,
        "events": [{"date": d, "time": t, "survived_24h": s} for d, t, s in events],
    }


def answers(
    number: int,
    category: str,
    day: str,
    *,
    ortho: bool | None = None,
    preop: tuple[str, ...] = ("ct",),
    cad: bool = False,
    fracture: tuple[str, ...] = (),
    intraop: tuple[float, float] = (0, 0),
    postop: tuple[float, float] = (0, 0),
    shock: bool = False,
    complications: tuple[str, ...] = (),
    reoperation: bool = False,
    rescues: tuple[tuple[str, str, bool], ...] = (),
    death: str = "alive",
    record_no: str | None = None,
) -> dict[str, Any]:
    """One case: admitted two days before ``day`` (the operation), discharged ten after."""
    operated = date.fromisoformat(day)
    admitted = date.fromordinal(operated.toordinal() - 2).isoformat()
    discharged = date.fromordinal(operated.toordinal() + 10).isoformat()
    procedure: dict[str, Any] = {"date": day, "category": category, "cause": "developmental"}
    if ortho is not None:
        procedure["preop_orthodontics"] = ortho
    course: dict[str, Any] = {
        "unintended_fracture": bool(fracture),
        "hemorrhagic_shock": shock,
        "complications": list(complications),
    }
    if fracture:
        course["fracture_sites"] = list(fracture)
    found: dict[str, Any] = {
        "patient": {
            "name": f"患者{number}",
            "sex": "1",
            "age": 24,
            "record_no": record_no or f"H{number:04d}",
        },
        "admission": {
            "admission_date": admitted,
            "discharge_date": discharged,
            "discharge_disposition": "5" if death == "died" else "1",
            "total_cost": 60000 + number * 1000,
        },
        "procedure": procedure,
        "coding": {
            "main_diagnosis": {"code": "K07.1", "name": "颌颅底关系异常"},
            "procedures": [{"code": "76.6502", "name": "上颌LefortⅠ型截骨成形术"}],
        },
        "imaging": {"preop": list(preop), "cad": cad, "navigation": False},
        "decision": {
            "mdt_consulted": True,
            "mdt_specialties": ["omfs", "orthodontics", "anesthesia"],
            "mdt_agreed": True,
            "plan_made": True,
        },
        "team": {
            "operator": {"id": "1", "name": "张颅"},
            "deciders": [{"id": "1", "name": "张颅"}, {"id": "2", "name": "李面"}],
        },
        "consent": {"signed": True, "date": admitted},
        "course": course,
        "transfusion_intraop": {"allogeneic_ml": intraop[0], "autologous_ml": intraop[1]},
        "transfusion_postop": {"allogeneic_ml": postop[0], "autologous_ml": postop[1]},
        "reoperation": {"unplanned": reoperation},
        "rescue": rescue(*rescues),
        "death": {"status": death},
        "devices": {"items": [{"name": "钛板", "barcode": f"UDI{number:05d}"}]},
        "followup": {"plan": "clinic", "interval_months": 3},
    }
    if reoperation:
        found["reoperation"]["events"] = [
            {"date": discharged, "reason": "固定夹板松脱", "same_site": True}
        ]
    if death != "alive":
        found["death"]["date"] = discharged
    return found


CASES = [
    Case(
        1,
        answers(
            1,
            "cranio_orbital",
            "2024-01-10",
            intraop=(300, 100),
            complications=("csf_leak", "optic_nerve"),
        ),
    ),
    Case(
        2,
        answers(
            2,
            "cranio_orbital",
            "2024-02-05",
            preop=("mri",),
            cad=True,
            fracture=("skull",),
            intraop=(0, 450),
            complications=("intracranial_infection", "csf_leak"),
            reoperation=True,
            rescues=(("2024-02-08", "09:00", True),),
        ),
    ),
    Case(
        3,
        answers(
            3,
            "cranio_orbital",
            "2024-03-08",
            intraop=(200, 0),
            postop=(199, 0),
            rescues=(("2024-03-10", "23:00", True), ("2024-03-11", "22:59", False)),
            death="died",
        ),
    ),
    Case(
        4,
        answers(
            4,
            "orthognathic",
            "2024-03-20",
            ortho=True,
            cad=True,
            complications=("inferior_alveolar_nerve",),
        ),
    ),
    Case(
        5,
        answers(
            5,
            "orthognathic",
            "2024-04-02",
            ortho=False,
            complications=("splint_failure",),
            reoperation=True,
        ),
    ),
    Case(
        6,
        answers(
            6,
            "orthognathic",
            "2024-04-15",
            ortho=True,
            cad=True,
            complications=("facial_nerve", "wound_infection"),
        ),
    ),
    Case(
        7,
        answers(
            7,
            "orthognathic",
            "2024-05-06",
            ortho=True,
            fracture=("mandible",),
            intraop=(100, 0),
            postop=(300, 0),
        ),
    ),
    Case(8, answers(8, "orthognathic", "2024-06-03", ortho=False, cad=True, record_no="H0004")),
    Case(
        9,
        answers(
            9,
            "orthognathic",
            "2024-04-28",
            ortho=True,
            cad=True,
            intraop=(800, 0),
            shock=True,
            rescues=(("2024-05-01", "10:00", True), ("2024-05-03", "10:00", True)),
        ),
    ),
    Case(10, answers(10, "contouring", "2024-07-01", preop=("cbct",), cad=True)),
    Case(
        11,
        answers(
            11, "contouring", "2024-07-15", preop=("cbct",), complications=("wound_infection",)
        ),
    ),
    Case(
        12, answers(12, "contouring", "2024-08-01", preop=("cbct",), death="irreversible_discharge")
    ),
    Case(13, answers(13, "contouring", "2024-08-20", preop=("cbct",), cad=True, intraop=(0, 400))),
    Case(14, answers(14, "contouring", "2024-09-02", preop=("cbct",), intraop=(399, 0))),
    Case(
        15,
        answers(
            15,
            "cranio_orbital",
            "2024-09-16",
            rescues=(("2024-09-18", "23:00", True), ("2024-09-19", "23:00", True)),
        ),
    ),
    Case(16, answers(16, "orthognathic", "2024-10-08", ortho=True, cad=True)),
]

#: The registry as the structure indicator reads it (rtech.indicators.service.staff_record).
STAFF = [
    {
        "id": 1,
        "role": "physician",
        "active": True,
        "registered_here": True,
        "technologies": ["craniofacial"],
    },
    {
        "id": 2,
        "role": "physician",
        "active": True,
        "registered_here": True,
        "technologies": ["cardio", "craniofacial"],
    },
    {
        "id": 3,
        "role": "physician",
        "active": True,
        "registered_here": False,
        "technologies": ["craniofacial"],
    },
    {
        "id": 4,
        "role": "physician",
        "active": False,
        "registered_here": True,
        "technologies": ["craniofacial"],
    },
    {
        "id": 5,
        "role": "physician",
        "active": True,
        "registered_here": True,
        "technologies": ["cardio"],
    },
    {
        "id": 6,
        "role": "nurse",
        "active": True,
        "registered_here": True,
        "technologies": ["craniofacial"],
    },
]
