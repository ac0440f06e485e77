"""Sixteen laryngeal endoscopy cases for the hand-counted indicator tests (2023 S13).

Each row is one case: (id, grade, indication meets the guideline, prophylactic
antibiotic per the guideline, complications). :func:`answers` fills in the rest,
valid against the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

ROWS: tuple[tuple[int, str, bool, bool, tuple[str, ...]], ...] = (
    (1, "3", True, True, ()),
    (2, "3", True, False, ()),
    (3, "4", False, True, ("bleeding",)),
    (4, "4", True, True, ()),
    (5, "3", True, True, ("tongue_numbness",)),
    (6, "3", False, False, ()),
    (7, "3", True, True, ("pharyngeal_tear", "loose_teeth")),
    (8, "4", True, True, ("infection",)),
    (9, "3", True, True, ()),
    (10, "3", True, False, ("arrest", "death")),
    (11, "4", True, True, ()),
    (12, "3", True, True, ("other",)),
    (13, "3", False, True, ()),
    (14, "4", True, False, ()),
    (15, "3", True, True, ()),
    (16, "3", True, True, ()),
)


@dataclass(frozen=True)
class Case:
    id: int
    answers: dict[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def answers(
    number: int, grade: str, indicated: bool, antibiotic: bool, complications: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "patient": {"name": f"患者{number}", "sex": "2", "age": 52, "record_no": f"YH{number:05d}"},
        "admission": {
            "admission_date": "2024-05-06",
            "discharge_date": "2024-05-10",
            "discharge_disposition": "5" if "death" in complications else "1",
            "total_cost": 12000,
        },
        "procedure": {"category": "suspension_laryngoscopy", "date": "2024-05-07"},
        "grade": {"grade": grade},
        "indication": {"meets_guideline": indicated, "antibiotic_per_guideline": antibiotic},
        "coding": {
            "main_diagnosis": {"code": "J38.1", "name": "声带和喉息肉"},
            "procedures": [{"code": "30.0900", "name": "喉病损的其他切除术或破坏术"}],
        },
        "team": {
            "operator": {"id": "1", "name": "王建国"},
            "deciders": [{"id": "1", "name": "王建国"}],
        },
        "consent": {"signed": True, "date": "2024-05-06"},
        "outcome": {"complications": list(complications)},
        "followup": {"plan": "clinic", "interval_months": 1},
    }


CASES = tuple(Case(row[0], answers(*row), discharge_date=date(2024, 5, 10)) for row in ROWS)
