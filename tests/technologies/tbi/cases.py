"""Fifteen hand-made TBI cases (2023 S07), each valid against the form, and the staff
and QA records of the structure indicators.

Built with the plugin's own case builder (demo.case_answers); every value an
indicator reads is given here. Builder defaults: dose rate 8 cGy/min, deviation
4 %, lung dose 6.5 Gy, field 165 cm, block placed accurately, indication
appropriate, no complication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rtech.plugins.tbi.demo import case_answers

AS_OF = date(2025, 6, 30)
TEAM = {
    "operator": {"id": "1", "name": "杨振华"},
    "assistants": [],
    "deciders": [{"id": "1", "name": "杨振华"}],
}


@dataclass(frozen=True)
class Case:
    id: int
    answers: dict[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def _case(number: int, admitted: str, **clinical: Any) -> Case:
    answers = case_answers(
        number,
        date.fromisoformat(admitted),
        team=TEAM,
        patient={"name": f"患者{number}", "sex": "2", "age": 30, "record_no": f"TB{number:04d}"},
        **clinical,
    )
    return Case(number, answers, date.fromisoformat(answers["admission"]["discharge_date"]))


CASES: tuple[Case, ...] = (
    _case(1, "2024-01-05"),
    _case(2, "2024-01-20", dose_rate=6.0),
    _case(3, "2024-02-05", dose_rate=10.0),
    _case(4, "2024-02-20", dose_rate=5.9),
    _case(5, "2024-03-05", dose_rate=10.1),
    _case(6, "2024-03-20", deviation=9.9),
    _case(7, "2024-04-05", deviation=10.0),
    _case(8, "2024-04-20", lung_dose=6.99),
    _case(9, "2024-05-05", lung_dose=7.0),
    _case(10, "2024-05-20", appropriate=False),
    _case(11, "2024-06-05", block_accurate=False),
    _case(12, "2024-06-20", complications=("nausea_vomiting",)),
    _case(13, "2024-07-05", complications=("pneumonitis",), block_accurate=False),
    _case(14, "2024-07-20", appropriate=False, complications=("fever",)),
    _case(15, "2024-08-05"),
)


def staff(
    number: int,
    role: str | None,
    title: str,
    *,
    active: bool = True,
    **certificates: bool,
) -> dict[str, Any]:
    """A registry record as the structure indicators read it (``None``: no TBI part)."""
    technologies = {} if role is None else {"tbi": {"role": role, "certificates": certificates}}
    return {
        "id": number,
        "name": f"员工{number}",
        "role": "physician",
        "title": title,
        "active": active,
        "registered_here": True,
        "technologies": sorted(technologies),
        "profile": {"general": {}, "technologies": technologies},
    }


STAFF = (
    staff(1, "physician", "associate_chief", la_physician=True),  # qualified
    staff(2, "physician", "attending", la_physician=True),  # 主治: below 副高
    staff(3, "physicist", "associate_chief", physicist=True, la_physicist=True),  # qualified
    staff(4, "physicist", "chief", physicist=True, la_physicist=False),  # no LA certificate
    staff(5, "technician", "attending", technician=True, la_technician=True),  # qualified
    staff(6, "technician", "resident", technician=True, la_technician=True),  # below 中级
    staff(7, None, "chief"),  # not on the TBI team
    staff(8, "physician", "chief", active=False, la_physician=True),  # left
)

QA_CHECKS = (
    {"id": 1, "item": "light_field", "passed": True, "performed_on": date(2024, 3, 1)},
    {"id": 2, "item": "laser", "passed": True, "performed_on": date(2024, 3, 1)},
    {"id": 3, "item": "flatness", "passed": False, "performed_on": date(2024, 3, 15)},
    {"id": 4, "item": "symmetry", "passed": True, "performed_on": date(2024, 3, 15)},
    {"id": 5, "item": "output_cgy_per_mu", "passed": True, "performed_on": date(2024, 3, 20)},
)
