"""口腔颌面复杂种植技术: 17 cases written out for the hand-counted indicator tests.

``answers(n, **changes)`` is a complete outpatient case valid against the form;
each case of ``CASES`` changes only what its line says, so a reader can count
along. Procedure day 2024-03-01 unless said; judged on ``AS_OF`` 2025-06-30.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from tests.unit.indicators_data import Case

AS_OF = date(2025, 6, 30)
DAY0 = "2024-03-01"


def answers(number: int, **changes: Any) -> dict[str, Any]:
    """A complete case; ``changes`` maps ``section.field`` (or a section) to its value."""
    base: dict[str, Any] = {
        "patient": {"name": f"患者{number}", "sex": "1", "age": 50, "record_no": f"MZ{number:04d}"},
        "care": {"setting": "outpatient"},
        "procedure": {
            "date": DAY0,
            "techniques": ["bone_block"],
            "implant_count": 2,
            "bone_harvest": "intraoral",
        },
        "imaging": {"preop": ["cbct"], "cad": False, "navigation": False},
        "coding": {
            "main_diagnosis": {"code": "K08.1", "name": "牙缺失"},
            "procedures": [{"code": "23.6x00x003", "name": "义齿种植一期手术(种植体固定钉置入术)"}],
        },
        "team": {"operator": {"id": "1", "name": "王医生"}},
        "consent": {"signed": True, "date": DAY0},
        "materials": {"high_value_consent": True, "clinical_research": False},
        "devices": {
            "items": [
                {"name": "种植体", "barcode": f"(01)0690123456789{number % 10}(10)A{number}"},
                {"name": "种植体", "barcode": f"(01)0690123456789{number % 10}(10)B{number}"},
            ]
        },
        "reoperation": {"unplanned": False},
        "early": {"loose_implants": 0},
        "restoration": {"date": "2024-07-01"},
        "peri_implant": {"occurred": False},
        "followup": {"plan": "clinic", "interval_months": 6},
    }
    for key, value in changes.items():
        section, _, field = key.partition(".")
        if field:
            base[section][field] = value
        else:
            base[section] = value
    return copy.deepcopy(base)


ZYGOMATIC = {"techniques": ["zygomatic"], "implant_count": 4}

CASES = [
    Case(1, answers(1)),
    Case(2, answers(2, **{"imaging.preop": ["xray"], "imaging.cad": True})),
    Case(
        3, answers(3, **{"imaging.preop": ["ct"], "imaging.cad": True, "imaging.navigation": True})
    ),
    Case(
        4,
        answers(
            4,
            procedure={**answers(4)["procedure"], **ZYGOMATIC, "orbit_entry": True},
            early={"loose_implants": 1},
        ),
    ),
    Case(5, answers(5, procedure={**answers(5)["procedure"], **ZYGOMATIC, "orbit_entry": False})),
    Case(
        6,
        answers(
            6,
            procedure={
                **answers(6)["procedure"],
                "bone_harvest": "distant",
                "harvest_site": "iliac",
            },
        ),
    ),
    Case(
        7,
        answers(
            7,
            procedure={
                **answers(7)["procedure"],
                "bone_harvest": "distant",
                "harvest_site": "fibula",
            },
        ),
    ),
    Case(8, answers(8, devices={"items": []})),
    Case(
        9,
        answers(
            9,
            reoperation={
                "unplanned": True,
                "events": [{"date": "2024-03-08", "reason": "出血", "same_site": True}],
            },
        ),
    ),
    Case(
        10,
        answers(
            10,
            reoperation={
                "unplanned": True,
                "events": [{"date": "2024-03-09", "reason": "感染", "same_site": True}],
            },
        ),
    ),
    Case(11, answers(11, restoration={"date": "2024-08-31"})),
    Case(12, answers(12, restoration={"date": "2024-09-01"})),
    Case(
        13,
        answers(
            13,
            restoration={},
            peri_implant={"occurred": True, "onset_date": "2024-05-10", "stage": "after_implant"},
        ),
    ),
    Case(14, answers(14, early={})),
    Case(
        15,
        answers(
            15,
            procedure={**answers(15)["procedure"], "date": "2025-06-25"},
            restoration={},
            early={},
            **{"imaging.preop": ["ct"], "consent.date": "2025-06-25"},
        ),
    ),
    Case(
        16,
        answers(
            16,
            procedure={**answers(16)["procedure"], "date": "2025-06-23"},
            restoration={},
            early={},
            **{"consent.date": "2025-06-23"},
        ),
    ),
    Case(
        17,
        answers(
            17,
            procedure={**answers(17)["procedure"], "date": "2025-06-16"},
            restoration={},
            **{"consent.date": "2025-06-16"},
        ),
    ),
]
