"""Sixteen cochlear implant cases whose indicator figures the tests count by hand.

Each case differs from a plain successful implantation only where written out:
the diagnoses before and after, the post-operative imaging and the electrode's
turns, impedance and NRT, the complications. Every case is operated in 2024
(``AS_OF`` 2025-06-30).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.unit.indicators_data import Case

AS_OF = date(2025, 6, 30)

H90_3 = {"code": "H90.3", "name": "双侧感音神经性聋"}


def answers(
    number: int,
    *,
    preop: dict[str, str] = H90_3,
    postop: dict[str, str] = H90_3,
    imaging: str = "ct",
    turns: float | None = 1.5,
    impedance: bool = True,
    nrt: bool = True,
    complications: tuple[str, ...] = (),
    hearing_loss_db: float = 100,
    **sections: Any,
) -> dict[str, Any]:
    month = (number - 1) % 12 + 1
    day, discharged = f"2024-{month:02d}-10", f"2024-{month:02d}-17"
    implant: dict[str, Any] = {
        "impedance_ok": impedance,
        "nrt_ok": nrt,
        "postop_imaging": imaging,
        "complications": [
            {"kind": kind, "onset_date": day, "severity": "mild", "outcome": "recovered"}
            for kind in complications
        ],
    }
    if turns is not None:
        implant["electrode_turns"] = turns
    found: dict[str, Any] = {
        "patient": {"name": f"患者{number}", "sex": "1", "age": 3, "record_no": f"CI{number:04d}"},
        "admission": {
            "admission_date": day,
            "discharge_date": discharged,
            "discharge_disposition": "1",
            "total_cost": 200000.0,
        },
        "procedure": {"date": day, "side": "right"},
        "diagnosis": {"preop": preop, "postop": postop},
        "indication": {
            "hearing_loss_db": hearing_loss_db,
            "stable_months": 6,
            "no_organic_disease": True,
            "inner_ear_malformation": False,
            "hearing_aid_months": 6,
            "no_aid_benefit": True,
            "expectations_ok": True,
            "contraindications_present": False,
        },
        "plan": {"treatment_plan": True, "drug_plan": True, "material_choice": False},
        "implant": implant,
        "coding": {
            "main_diagnosis": postop,
            "procedures": [{"code": "20.98", "name": "多通道耳蜗假体装置的植入或置换"}],
        },
        "team": {
            "operator": {"id": "1", "name": "林耳"},
            "deciders": [{"id": "1", "name": "林耳"}, {"id": "2", "name": "何蜗"}],
        },
        "consent": {"signed": True, "date": day},
        "devices": {
            "items": [{"name": "人工耳蜗植入体", "barcode": f"(01)0690000000{number:04d}"}]
        },
        "followup": {"plan": "clinic", "interval_months": 1},
    }
    found.update(sections)
    return found


SPECS: dict[int, dict[str, Any]] = {
    1: {},
    # The same 亚目 in a longer clinical-edition code: agrees.
    2: {"postop": {"code": "H90.300", "name": "双侧感音神经性聋"}},
    # Another diagnosis after the operation: disagrees.
    3: {
        "preop": {"code": "H90.5", "name": "感音神经性聋"},
        "postop": {"code": "Q16.5", "name": "先天性内耳畸形"},
    },
    4: {"turns": 1.0},  # one turn exactly: 一圈以上 -> success
    5: {"turns": 0.99},  # short of one turn: no success
    6: {"imaging": "xray", "turns": 1.25},  # 耳蜗摄片 counts like CT
    7: {"imaging": "none", "turns": None},  # no imaging cannot show the electrode
    8: {"impedance": False},
    9: {"nrt": False},
    10: {"complications": ("facial_palsy_temporary",)},
    11: {"complications": ("infection", "subcutaneous_hematoma")},  # one case, two events
    12: {
        "preop": {"code": "H91.3", "name": "聋哑症"},
        "postop": {"code": "H93.3", "name": "听神经疾患"},
    },
    13: {},
    14: {},
    15: {},
    16: {},
}

CASES = [Case(n, answers(n, **spec)) for n, spec in SPECS.items()]
