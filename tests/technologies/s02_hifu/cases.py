"""聚焦超声消融恶性肿瘤治疗技术: 17 treatments written out for the hand-counted tests.

``answers(n, **changes)`` is a complete treatment valid against the form: a liver
cancer treated on 2024-03-01 (admitted 02-28, discharged 03-05: 6 days), one lesion
of 10 cm² ablated to 9 cm² of necrosis, a complete response confirmed 44 days on, no
complication, alive, no follow-up visit yet. Each case of ``CASES`` changes only what
its line says. Judged on ``AS_OF`` 2030-01-01, when every 5-year window has closed.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from tests.unit.indicators_data import Case

AS_OF = date(2030, 1, 1)
DAY0 = "2024-03-01"

CR = [
    {"date": "2024-04-01", "sum_mm": 0, "new_lesions": False},
    {"date": "2024-05-15", "sum_mm": 0, "new_lesions": False},
]


def answers(number: int, **changes: Any) -> dict[str, Any]:
    """A complete treatment; ``changes`` replaces whole sections (or ``section.field``)."""
    base: dict[str, Any] = {
        "patient": {"name": f"患者{number}", "sex": "1", "age": 60, "record_no": f"ZY{number:04d}"},
        "admission": {
            "admission_date": "2024-02-28",
            "discharge_date": "2024-03-05",
            "discharge_disposition": "1",
            "total_cost": 30000,
        },
        "procedure": {
            "date": DAY0,
            "session": 1,
            "intent": "curative",
            "anesthesia": "sedation",
            "guidance": "ultrasound",
        },
        "indication": {"site": "liver", "contraindications": [], "mdt_discussed": True},
        "coding": {
            "main_diagnosis": {"code": "C22.0", "name": "肝细胞癌"},
            "procedures": [{"code": "50.2400x001", "name": "肝病损聚焦超声消融术"}],
        },
        "parameters": {"power_w": 300, "sonication_s": 1200, "treatment_min": 120, "correct": True},
        "lesions": {
            "items": [
                {
                    "site": "肝右叶",
                    "size_mm": 40,
                    "ablated": True,
                    "area_cm2": 10,
                    "necrosis_cm2": 9,
                }
            ]
        },
        "team": {"operator": {"id": "1", "name": "李明"}},
        "consent": {"signed": True, "date": "2024-02-29"},
        "complications": {"occurred": False},
        "death": {"status": "alive"},
        "response": {"baseline_sum_mm": 40, "assessments": CR},
        "followup": {"plan": "clinic", "interval_months": 6, "visits": []},
    }
    for key, value in changes.items():
        section, _, field = key.partition(".")
        if field:
            base[section][field] = value
        else:
            base[section] = value
    return copy.deepcopy(base)


def lesion(ablated: bool, area: float, necrosis: float | None) -> dict[str, Any]:
    found: dict[str, Any] = {"site": "肝左叶", "size_mm": 30, "ablated": ablated, "area_cm2": area}
    if necrosis is not None:
        found["necrosis_cm2"] = necrosis
    return found


def serious(day: str, is_serious: bool = True) -> dict[str, Any]:
    return {
        "occurred": True,
        "events": [
            {
                "kind": "skin_burn",
                "onset_date": day,
                "serious": is_serious,
                "severity": "severe" if is_serious else "mild",
                "outcome": "recovered",
            }
        ],
    }


def assessed(*points: tuple[str, float, bool]) -> dict[str, Any]:
    items = [{"date": d, "sum_mm": s, "new_lesions": n} for d, s, n in points]
    return {"baseline_sum_mm": 40, "assessments": items}


def visits(*items: tuple[str, str]) -> dict[str, Any]:
    return {
        "plan": "clinic",
        "interval_months": 6,
        "visits": [{"date": d, "status": s} for d, s in items],
    }


SECOND = {  # case 4: patient 1 treated again on 2024-06-01 (admitted 05-30, out 06-04: 5 days)
    "patient": {"name": "患者1", "sex": "1", "age": 60, "record_no": "ZY0001"},
    "admission": {
        "admission_date": "2024-05-30",
        "discharge_date": "2024-06-04",
        "discharge_disposition": "1",
        "total_cost": 28000,
    },
    "procedure.date": "2024-06-01",
    "procedure.session": 2,
    "consent.date": "2024-05-31",
}

RECENT = {  # case 16: treated 12 days before AS_OF (admitted 2029-12-18, out 12-24: 6 days)
    "admission": {
        "admission_date": "2029-12-18",
        "discharge_date": "2029-12-24",
        "discharge_disposition": "1",
        "total_cost": 30000,
    },
    "procedure.date": "2029-12-20",
    "consent.date": "2029-12-19",
    "response": {"baseline_sum_mm": 40, "assessments": []},
}

CASES = [
    Case(1, answers(1)),
    Case(2, answers(2, **{"indication.site": "other", "parameters.correct": False})),
    Case(3, answers(3, **{"indication.contraindications": ["cns"]})),
    Case(4, answers(4, **SECOND)),
    Case(5, answers(5, lesions={"items": [lesion(True, 10, 8), lesion(False, 6, 0)]})),
    Case(6, answers(6, lesions={"items": [lesion(True, 20, None)]})),
    Case(7, answers(7, complications=serious("2024-03-31"))),
    Case(8, answers(8, complications=serious("2024-04-01"))),
    Case(
        9,
        answers(
            9,
            **{
                "admission.discharge_date": "2024-03-20",
                "admission.discharge_disposition": "4",
            },
            death={"status": "irreversible_discharge", "date": "2024-03-20"},
        ),
    ),
    Case(
        10,
        answers(
            10,
            **{
                "admission.discharge_date": "2024-04-01",
                "admission.discharge_disposition": "5",
            },
            death={"status": "died", "date": "2024-04-01"},
        ),
    ),
    Case(11, answers(11, response=assessed(("2024-04-01", 50, False)))),
    Case(12, answers(12, response=assessed(("2024-04-01", 35, False), ("2024-05-15", 34, False)))),
    Case(13, answers(13, response={"baseline_sum_mm": 40, "assessments": []})),
    Case(14, answers(14, response=assessed(("2024-04-01", 20, False), ("2024-05-15", 25, False)))),
    Case(
        15,
        answers(
            15,
            followup=visits(
                ("2024-09-01", "well"),
                ("2025-03-01", "well"),
                ("2026-03-01", "event"),
                ("2027-03-01", "lost"),
            ),
        ),
    ),
    Case(16, answers(16, **RECENT)),
    Case(
        17,
        answers(
            17,
            followup={
                "plan": "clinic",
                "interval_months": 6,
                "visits": [{"date": "2024-06-01", "status": "dead", "death_date": "2024-05-20"}],
            },
        ),
    ),
]
