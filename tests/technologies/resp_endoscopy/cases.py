"""Sixteen respiratory endoscopy cases for the hand-counted indicator tests (2023 S10).

Each row is one case: (id, grade, electronic report, report elements, blood count,
clotting, chest CT, ECG and SpO2 monitoring, biopsy result or None when no biopsy
was sent, severe complications). :func:`answers` fills in the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

ALL6 = ("patient", "anaesthesia", "procedure", "diagnosis", "images", "signatures")
NO_IMAGES = tuple(e for e in ALL6 if e != "images")
NO_SIGNATURES = tuple(e for e in ALL6 if e != "signatures")

Row = tuple[int, str, bool, tuple[str, ...], bool, bool, bool, bool, str | None, tuple[str, ...]]
T, F = True, False
ROWS: tuple[Row, ...] = (
    (1, "3", T, ALL6, T, T, T, T, None, ()),
    (2, "3", T, NO_IMAGES, T, T, T, T, "malignant", ()),
    (3, "4", T, ALL6, T, F, T, T, None, ("severe_bleeding",)),
    (4, "4", F, ALL6, T, T, F, T, "malignant", ()),
    (5, "3", T, ALL6, F, F, T, T, "nonspecific", ()),
    (6, "3", T, ALL6, T, T, T, F, None, ("arrest",)),
    (7, "4", T, ALL6, T, T, T, T, "benign_specific", ()),
    (8, "3", T, NO_SIGNATURES, T, T, F, T, None, ()),
    (9, "4", T, ALL6, T, T, T, T, "pending", ("massive_pneumothorax",)),
    (10, "3", T, ALL6, T, T, T, T, "malignant", ()),
    (11, "3", T, ALL6, T, T, T, T, None, ()),
    (12, "4", T, (), T, T, T, T, None, ("transfer_intervention",)),
    (13, "3", T, ALL6, T, T, T, T, None, ()),
    (14, "3", T, ALL6, T, T, T, T, "malignant", ()),
    (15, "4", T, ALL6, T, T, T, F, None, ()),
    (16, "3", T, ALL6, T, T, T, T, None, ("malignant_arrhythmia",)),
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
    electronic: bool,
    elements: tuple[str, ...],
    blood: bool,
    clotting: bool,
    ct: bool,
    monitored: bool,
    biopsy: str | None,
    severe: tuple[str, ...],
) -> dict[str, Any]:
    sent: dict[str, Any] = {"sent": biopsy is not None}
    if biopsy is not None:
        sent["result"] = biopsy
    return {
        "patient": {"name": f"患者{number}", "sex": "1", "age": 60, "record_no": f"HX{number:05d}"},
        "admission": {
            "admission_date": "2024-08-01",
            "discharge_date": "2024-08-06",
            "discharge_disposition": "1",
            "total_cost": 20000,
        },
        "procedure": {
            "category": "flexible",
            "date": "2024-08-02",
            "techniques": ["thermal_ablation"] if grade == "4" else ["biopsy"],
            "anaesthesia": "sedation",
        },
        "grade": {"grade": grade},
        "preop": {"blood_count": blood, "coagulation": clotting, "chest_ct": ct},
        "monitoring": {"ecg_spo2": monitored},
        "report": {"electronic": electronic, "elements": list(elements)},
        "biopsy": sent,
        "coding": {
            "main_diagnosis": {"code": "C34", "name": "支气管和肺恶性肿瘤"},
            "procedures": [{"code": "33.2400", "name": "闭合性[内镜的]支气管活组织检查"}],
        },
        "team": {
            "operator": {"id": "1", "name": "王建国"},
            "deciders": [{"id": "1", "name": "王建国"}],
        },
        "consent": {"signed": True, "date": "2024-08-01"},
        "outcome": {"severe_complications": list(severe)},
        "followup": {"plan": "clinic", "interval_months": 1},
    }


CASES = tuple(Case(row[0], answers(*row), discharge_date=date(2024, 8, 6)) for row in ROWS)
