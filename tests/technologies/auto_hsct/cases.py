"""Sixteen auto-HSCT cases whose indicator figures the tests count by hand.

Each case is written out: the transplant (reinfusion) day, the stay, the cost,
whether the indication was right, and the follow-up visits. The figures are
computed as of 2025-06-30 (``AS_OF``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

AS_OF = date(2025, 6, 30)


@dataclass(frozen=True)
class Case:
    id: int
    answers: dict[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def visit(day: str, status: str = "well", disease: str | None = "free", **more: Any) -> dict:
    found: dict[str, Any] = {"date": day, "status": status, **more}
    if disease is not None:
        found["disease_status"] = disease
    return found


def answers(
    number: int,
    transplant: str,
    admitted: str,
    discharged: str | None,
    cost: float | None,
    *,
    appropriate: bool = True,
    disposition: str = "1",
    visits: tuple[dict, ...] = (),
    record_no: str | None = None,
) -> dict[str, Any]:
    admission: dict[str, Any] = {"admission_date": admitted}
    if discharged is not None:
        admission |= {"discharge_date": discharged, "discharge_disposition": disposition}
    if cost is not None:
        admission["total_cost"] = cost
    return {
        "patient": {
            "name": f"患者{number}",
            "sex": "1",
            "age": 55,
            "record_no": record_no or f"H{number:04d}",
        },
        "admission": admission,
        "indication": {
            "disease": "multiple_myeloma",
            "disease_status": "vgpr_pr",
            "appropriate": appropriate,
            "contraindications_excluded": True,
        },
        "collection": {
            "supervisor": {"id": "1", "name": "王血"},
            "date": admitted,
            "source": "peripheral_apheresis",
            "cd34_dose": 3.5,
        },
        "procedure": {"date": transplant, "conditioning": "mel"},
        "plan": {"preop_measures": True, "postop_plan": True},
        "coding": {
            "main_diagnosis": {"code": "C90.0", "name": "多发性骨髓瘤"},
            "procedures": [{"code": "41.0400", "name": "自体造血干细胞移植不伴净化"}],
        },
        "team": {
            "operator": {"id": "1", "name": "王血"},
            "deciders": [{"id": "1", "name": "王血"}],
        },
        "consent": {"signed": True, "date": admitted},
        "followup": {"plan": "clinic", "visits": list(visits)},
    }


def _case(number: int, *args: Any, **kwargs: Any) -> Case:
    found = answers(number, *args, **kwargs)
    left = found["admission"].get("discharge_date")
    return Case(number, found, date.fromisoformat(left) if left else None)


CASES = (
    # 1: stay 20 d; well and free at day 100 and at one year.
    _case(
        1,
        "2023-03-10",
        "2023-03-01",
        "2023-03-21",
        150000,
        visits=(visit("2023-06-18"), visit("2024-03-10")),
    ),
    # 2: stay 26 d; died day 61, disease stable: a non-relapse death.
    _case(
        2,
        "2023-04-01",
        "2023-03-20",
        "2023-04-15",
        210000,
        visits=(visit("2023-06-01", "dead", "stable", death_date="2023-06-01"),),
    ),
    # 3: indication wrong; relapse day 80, died day 92 in relapse: a relapse death.
    _case(
        3,
        "2023-05-01",
        "2023-04-20",
        "2023-05-12",
        180000,
        appropriate=False,
        visits=(
            visit("2023-07-20", "event", "relapse"),
            visit("2023-08-01", "dead", "relapse", death_date="2023-08-01"),
        ),
    ),
    # 4: stay 23 d, cost 200000; seen on day 365 itself (2024-05-31), well and free.
    _case(4, "2023-06-01", "2023-05-25", "2023-06-17", 200000, visits=(visit("2024-05-31"),)),
    # 5: died in hospital on day 19 (离院方式 5), no relapse recorded: non-relapse.
    _case(5, "2023-07-01", "2023-06-25", "2023-07-20", 250000, disposition="5"),
    # 6: died on day 100 exactly (2023-11-09), free of disease: counts.
    _case(
        6,
        "2023-08-01",
        "2023-07-25",
        "2023-08-18",
        160000,
        visits=(visit("2023-11-09", "dead", "free", death_date="2023-11-09"),),
    ),
    # 7: died on day 101 (2023-11-10), free of disease: outside the 100 days.
    _case(
        7,
        "2023-08-01",
        "2023-07-20",
        "2023-08-10",
        170000,
        visits=(visit("2023-11-20", "dead", "free", death_date="2023-11-10"),),
    ),
    # 8: indication wrong; well at day 100, then lost (失访): counted as not surviving.
    _case(
        8,
        "2023-09-01",
        "2023-08-20",
        "2023-09-12",
        190000,
        appropriate=False,
        visits=(visit("2023-12-10"), visit("2024-06-01", "lost", None)),
    ),
    # 9: relapsed at six months, alive at one year: survives, not disease-free.
    _case(
        9,
        "2023-09-15",
        "2023-09-05",
        "2023-09-25",
        140000,
        visits=(visit("2024-03-01", "event", "relapse"), visit("2024-09-20", "event", "relapse")),
    ),
    # 10: last seen one day before the year was complete (2024-09-29): lost.
    _case(10, "2023-10-01", "2023-09-20", "2023-10-15", 220000, visits=(visit("2024-09-29"),)),
    # 11 and 12: one patient (病案号 H0011), tandem transplants, well and free at a year.
    _case(
        11,
        "2024-01-10",
        "2024-01-01",
        "2024-01-20",
        130000,
        record_no="H0011",
        visits=(visit("2025-01-12"),),
    ),
    _case(
        12,
        "2024-04-10",
        "2024-04-01",
        "2024-04-22",
        120000,
        record_no="H0011",
        visits=(visit("2025-04-15"),),
    ),
    # 13: transplanted 2025-05-01, still in hospital: 100 days not elapsed.
    _case(13, "2025-05-01", "2025-04-25", None, None),
    # 14: transplanted 2025-03-01 (day 121 on 2025-06-30), alive; stay 28 d.
    _case(14, "2025-03-01", "2025-02-20", "2025-03-20", 190000),
    # 15: transplanted 2024-08-01, well at day 100; its year ends 2025-08-01.
    _case(15, "2024-08-01", "2024-07-20", "2024-08-12", 175000, visits=(visit("2024-11-09"),)),
    # 16: transplanted 2024-06-30: its year ends on AS_OF itself; seen that day, free.
    _case(16, "2024-06-30", "2024-06-20", "2024-07-12", 165000, visits=(visit("2025-06-30"),)),
)
