"""Sixteen nasal endoscopy cases for the hand-counted indicator tests (2023 S12).

Each row is one case: (id, grade, indication meets the guideline, severe
complications, unplanned reoperations as same-site flags or None). The rest of
each case is filled in by :func:`answers`, valid against the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

ROWS: tuple[tuple[int, str, bool, tuple[str, ...], tuple[bool, ...] | None], ...] = (
    (1, "3", True, (), None),
    (2, "3", True, (), None),
    (3, "4", False, (), None),
    (4, "4", True, ("intracranial",), None),
    (5, "3", True, ("orbital", "major_bleeding"), (True,)),
    (6, "3", False, (), (False,)),
    (7, "4", True, ("arrest",), None),
    (8, "3", True, ("death",), None),
    (9, "3", True, ("other_severe",), None),
    (10, "4", True, (), (True, False)),
    (11, "3", False, (), None),
    (12, "3", True, (), None),
    (13, "4", True, (), (False,)),
    (14, "3", True, (), None),
    (15, "4", True, (), None),
    (16, "3", True, ("major_bleeding",), (True,)),
)


@dataclass(frozen=True)
class Case:
    id: int
    answers: dict[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def answers(
    number: int,
    grade: str,
    indicated: bool,
    severe: tuple[str, ...],
    reoperations: tuple[bool, ...] | None,
    *,
    operated: str = "2024-03-05",
) -> dict[str, Any]:
    day = date.fromisoformat(operated)
    reoperation: dict[str, Any] = {"unplanned": reoperations is not None}
    if reoperations is not None:
        reoperation["events"] = [
            {"date": f"2024-03-{10 + n:02d}", "reason": "术后出血", "same_site": same}
            for n, same in enumerate(reoperations)
        ]
    return {
        "patient": {"name": f"患者{number}", "sex": "1", "age": 45, "record_no": f"BK{number:05d}"},
        "admission": {
            "admission_date": (day.replace(day=day.day - 1)).isoformat(),
            "discharge_date": "2024-03-20",
            "discharge_disposition": "5" if "death" in severe else "1",
            "total_cost": 18000,
        },
        "procedure": {"category": "sinonasal", "date": operated, "side": "bilateral"},
        "grade": {"grade": grade},
        "indication": {"meets_guideline": indicated},
        "coding": {
            "main_diagnosis": {"code": "J32", "name": "慢性鼻窦炎"},
            "procedures": [{"code": "22.6300", "name": "筛窦切除术"}],
        },
        "team": {
            "operator": {"id": "1", "name": "王建国"},
            "deciders": [{"id": "1", "name": "王建国"}],
        },
        "consent": {"signed": True, "date": "2024-03-04"},
        "outcome": {"severe_complications": list(severe)},
        "reoperation": reoperation,
        "followup": {"plan": "clinic", "interval_months": 1},
    }


CASES = tuple(Case(row[0], answers(*row), discharge_date=date(2024, 3, 20)) for row in ROWS)
