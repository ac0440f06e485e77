"""Sixteen skin allograft 例次 whose indicator figures the tests count by hand.

Each row gives the recipient's 全身体表面积 (m²) and 深度创面 (% of it), the
allograft and its area surviving at one week (cm²), single or mixed graft, the
skin's source and, for a living donor, the donor site's healing days,
complications and stay. Judged on 2024-12-31 (``AS_OF``): 15 (2024-12-26) is
within its first week, 16 (2024-12-11) within the donor's three weeks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.unit.indicators_data import Case

AS_OF = date(2024, 12, 31)

#: number: (operated, surface m², deep %, allograft cm², surviving cm² or None,
#:          technique, mixed survived or None, source, donor or None)
ROWS: dict[int, tuple[Any, ...]] = {
    1: ("2024-01-10", 2.0, 10, 1000, 1000, "allo", None, "product", None),
    2: ("2024-01-20", 1.5, 20, 2000, 1800, "allo", None, "product", None),
    3: ("2024-02-10", 1.8, 50, 5000, 4000, "mixed", True, "donor", (14, [], 4)),
    4: ("2024-03-10", 1.6, 30, 3000, 3000, "mixed", False, "donor", (21, [], 5)),
    5: ("2024-04-10", 1.7, 40, 4000, 3500, "mixed", True, "donor", (22, [], 6)),
    6: ("2024-05-10", 2.0, 5, 500, 500, "allo", None, "donor", "deceased"),
    7: ("2024-06-10", 1.5, 60, 6000, 3000, "mixed", True, "donor", (12, ["infection"], 6)),
    8: ("2024-07-10", 1.9, 15, 1500, 1500, "allo", None, "product", None),
    9: ("2024-08-10", 1.6, 25, 2500, 2500, "mixed", False, "product", None),
    10: ("2024-09-10", 1.4, 10, 1000, None, "allo", None, "product", None),
    11: ("2024-09-20", 2.0, 20, 2000, 2000, "allo", None, "product", None),
    12: ("2024-10-10", 1.5, 10, 1000, 900, "allo", None, "product", None),
    13: ("2024-11-10", 1.8, 20, 2000, 2000, "mixed", True, "donor", (None, [], 3)),
    14: ("2024-11-20", 1.6, 10, 1000, 1000, "allo", None, "product", None),
    15: ("2024-12-26", 1.5, 10, 1000, None, "mixed", None, "donor", (None, [], 4)),
    16: ("2024-12-11", 2.0, 20, 2000, 1600, "mixed", True, "donor", (15, [], 5)),
}


def answers(
    number: int,
    operated: str,
    surface: float,
    deep: float,
    allograft: float,
    survived: float | None,
    technique: str,
    mixed: bool | None,
    source: str,
    donor: Any,
) -> dict[str, Any]:
    graft: dict[str, Any] = {"source": source, "technique": technique, "allograft_cm2": allograft}
    if survived is not None:
        graft["survived_cm2"] = survived
    if source == "donor":
        graft["aseptic_harvest"] = True
    if mixed is not None:
        graft["mixed_survived"] = mixed
    found: dict[str, Any] = {
        "patient": {"name": f"患者{number}", "sex": "1", "age": 40, "record_no": f"SK{number:04d}"},
        "admission": {
            "admission_date": operated,
            "discharge_date": "2024-12-30",
            "discharge_disposition": "1",
            "total_cost": 120000.0,
        },
        "procedure": {"date": operated},
        "wound": {"cause": "burn", "body_surface_m2": surface, "deep_wound_pct": deep},
        "graft": graft,
        "coding": {
            "main_diagnosis": {"code": "T29.3", "name": "多个部位的烧伤，至少提及一处三度烧伤"},
            "procedures": [{"code": "86.66", "name": "同种移植物移植至皮肤"}],
        },
        "team": {
            "operator": {"id": "1", "name": "黄烧"},
            "deciders": [{"id": "1", "name": "黄烧"}],
        },
        "consent": {"signed": True, "date": operated},
        "devices": {"items": []},
    }
    if source == "product":
        found["devices"] = {
            "items": [{"name": "同种异体皮肤", "barcode": f"(01)0690{number:010d}"}]
        }
    if donor == "deceased":
        found["donor"] = {"living": False}
    elif donor is not None:
        healing, complications, stay = donor
        found["donor"] = {
            "living": True,
            "relation": "母亲",
            "sex": "2",
            "age": 50,
            "site_complications": complications,
            "stay_days": stay,
        }
        if healing is not None:
            found["donor"]["healing_days"] = healing
    return found


CASES = [Case(n, answers(n, *row)) for n, row in ROWS.items()]
