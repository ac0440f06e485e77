"""Sixteen 颅颌联合根治 cases whose indicator figures the tests count by hand.

Cases 15 and 16 are one patient (one record number) operated twice. Each case is
written out: the two diagnoses, the flap, every exploration, the complications,
every rescue (date and time) and the in-hospital outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

AS_OF = date(2025, 3, 31)


@dataclass(frozen=True)
class Case:
    id: int
    answers: dict[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def code(value: str) -> dict[str, str]:
    return {"code": value, "name": value}


def answers(
    number: int,
    operated: str,
    pre: str,
    post: str,
    *,
    record_no: str | None = None,
    flap: dict[str, Any] | None = None,
    explorations: tuple[tuple[str, str], ...] = (),
    ssi: bool | None = None,
    csf_leak: bool = False,
    intracranial_infection: bool = False,
    systemic: tuple[str, ...] = (),
    rescues: tuple[tuple[str, str, bool], ...] = (),
    outcome: str = "alive",
) -> dict[str, Any]:
    """``ssi``: None no infection, False one not confirmed by pathogen tests, True confirmed."""
    day = date.fromisoformat(operated)
    admitted = date(day.year, day.month, 1).isoformat()
    discharged = date(day.year, day.month, 25).isoformat()
    complications: dict[str, Any] = {
        "ssi": ssi is not None,
        "csf_leak": csf_leak,
        "intracranial_infection": intracranial_infection,
        "systemic": list(systemic),
    }
    if ssi is not None:
        complications |= {"ssi_pathogen_confirmed": ssi, "ssi_date": operated}
        if ssi:
            complications["ssi_pathogen"] = "金黄色葡萄球菌"
    if csf_leak:
        complications["csf_leak_date"] = operated
    if intracranial_infection:
        complications["intracranial_infection_date"] = operated
    death: dict[str, Any] = {"status": outcome}
    if outcome != "alive":
        death["date"] = discharged
    found: dict[str, Any] = {
        "patient": {
            "name": f"患者{number}",
            "sex": "1",
            "age": 50,
            "record_no": record_no or f"H{number:04d}",
        },
        "admission": {
            "admission_date": admitted,
            "discharge_date": discharged,
            "discharge_disposition": "5" if outcome == "died" else "1",
            "total_cost": 120000 + 1000 * number,
        },
        "procedure": {
            "date": operated,
            "origin": "oral_maxillofacial",
            "regions": ["infratemporal"],
            "skull_base_destroyed": True,
        },
        "diagnosis": {"preop_diagnosis": code(pre), "postop_diagnosis": code(post)},
        "coding": {"main_diagnosis": code(post), "procedures": [code("01.5918")]},
        "mdt": {
            "held": True,
            "specialties": ["omfs", "neurosurgery"],
            "agreed": True,
            "plan": True,
        },
        "team": {
            "operator": {"id": "1", "name": "医师1"},
            "deciders": [{"id": "1", "name": "医师1"}, {"id": "2", "name": "医师2"}],
        },
        "consent": {"signed": True, "date": admitted},
        "devices": {"items": []},
        "flap": flap or {"used": False},
        "explorations": {"performed": bool(explorations)},
        "complications": complications,
        "rescue": {"rescued": bool(rescues)},
        "death": death,
        "followup": {"plan": "clinic", "interval_months": 1},
    }
    if explorations:
        found["explorations"]["events"] = [{"date": d, "reason": r} for d, r in explorations]
    if rescues:
        found["rescue"]["events"] = [
            {"date": d, "time": t, "survived_24h": s} for d, t, s in rescues
        ]
    return found


def case(number: int, operated: str, pre: str, post: str, **more: Any) -> Case:
    built = answers(number, operated, pre, post, **more)
    return Case(number, built, date.fromisoformat(built["admission"]["discharge_date"]))


FREE = {"used": True, "kind": "free", "vascular_crisis": True}

CASES = [
    case(1, "2024-01-05", "C41.100", "C41.100"),
    # 2: the parotid 'cancer' was a pleomorphic adenoma (C07 vs D11): no agreement; SSI confirmed
    case(2, "2024-01-12", "C07.x00", "D11.000", ssi=True),
    # 3: C02.900 and C02.900x002 share the subcategory C02.9; SSI not confirmed by pathogen
    case(3, "2024-02-02", "C02.900", "C02.900x002", ssi=False),
    # 4: vascular crisis, explored twice, flap survived
    case(
        4,
        "2024-02-08",
        "C03.100",
        "C03.100",
        flap={**FREE, "survived": True},
        explorations=(("2024-02-10", "vascular_crisis"), ("2024-02-11", "vascular_crisis")),
    ),
    # 5: vascular crisis explored once, flap lost; also a haematoma explored once
    case(
        5,
        "2024-03-04",
        "C31.000",
        "C31.000",
        flap={**FREE, "survived": False},
        explorations=(("2024-03-05", "hematoma"), ("2024-03-07", "vascular_crisis")),
    ),
    # 6: haematoma explored twice; CSF leak
    case(
        6,
        "2024-03-11",
        "C06.000",
        "C06.000",
        explorations=(("2024-03-12", "hematoma"), ("2024-03-15", "hematoma")),
        csf_leak=True,
    ),
    # 7: CSF leak and intracranial infection; two rescues 10 h apart = one episode, survived
    case(
        7,
        "2024-04-01",
        "C41.011",
        "C41.011",
        csf_leak=True,
        intracranial_infection=True,
        rescues=(("2024-04-05", "10:00", False), ("2024-04-05", "20:00", True)),
    ),
    # 8: pulmonary embolism; rescues 49 h apart = two episodes, the second not survived; died
    case(
        8,
        "2024-05-02",
        "C04.900",
        "C04.900",
        systemic=("pulmonary_embolism",),
        rescues=(("2024-05-10", "08:00", True), ("2024-05-12", "09:00", False)),
        outcome="died",
    ),
    # 9: DVT and renal failure; discharged against an irreversible illness
    case(
        9,
        "2024-05-20",
        "C05.900",
        "C05.900",
        systemic=("dvt", "renal_failure"),
        outcome="irreversible_discharge",
    ),
    # 10: explored for another reason (neither haematoma nor vascular crisis)
    case(10, "2024-06-03", "C31.000", "C31.000", explorations=(("2024-06-05", "other"),)),
    # 11: rescues exactly 24 h apart = two episodes; the first survived, the second not; died
    case(
        11,
        "2024-07-01",
        "C41.100",
        "C41.100",
        rescues=(("2024-07-03", "23:00", True), ("2024-07-04", "23:00", False)),
        outcome="died",
    ),
    # 12: a pedicled flap without a crisis
    case(
        12,
        "2024-08-05",
        "C06.900x001",
        "C06.900x001",
        flap={"used": True, "kind": "pedicled", "vascular_crisis": False, "survived": True},
    ),
    # 13: vascular crisis explored once, flap survived
    case(
        13,
        "2024-09-02",
        "C08.900",
        "C08.900",
        flap={**FREE, "survived": True},
        explorations=(("2024-09-03", "vascular_crisis"),),
    ),
    # 14: C41.1 (mandible) before, C41.0 (skull) after: no agreement
    case(14, "2024-10-08", "C41.100", "C41.000x018"),
    # 15 and 16: one patient (H0015). 15 agrees, with a confirmed SSI; 16 does not agree.
    case(15, "2024-11-04", "C31.000", "C31.000", record_no="H0015", ssi=True),
    case(16, "2024-12-02", "C31.000", "C41.011", record_no="H0015"),
]
