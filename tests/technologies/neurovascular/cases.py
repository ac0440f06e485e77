"""Twenty-three hand-made neurovascular cases (2023 S09), each valid against the form.

Built with the plugin's own case builder (demo.case_answers) so that the
boilerplate sections are valid; every clinical value that an indicator reads
is given here explicitly. Defaults of the builder: onset 120 min before the
door, door to puncture 75 min, puncture to reperfusion 45 min, mTICI 3, no
haemorrhage, stent retriever, 90-day visit on day 91 (when an mRS is given).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rtech.plugins.neurovascular.demo import case_answers

AS_OF = date(2025, 6, 30)
TEAM = {
    "operator": {"id": "1", "name": "黄志远"},
    "assistants": [],
    "deciders": [{"id": "1", "name": "黄志远"}, {"id": "2", "name": "林晓峰"}],
}


@dataclass(frozen=True)
class Case:
    id: int
    answers: dict[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def _case(number: int, subtype: str, admitted: str, **clinical: Any) -> Case:
    answers = case_answers(
        number,
        subtype,
        date.fromisoformat(admitted),
        team=TEAM,
        patient={"name": f"患者{number}", "sex": "1", "age": 60, "record_no": f"NV{number:04d}"},
        barcode=f"(01)06901234567892(10)L{number:04d}",
        **clinical,
    )
    return Case(number, answers, date.fromisoformat(answers["admission"]["discharge_date"]))


STROKE, STENOSIS = "stroke_evt", "stenosis"
UNRUPTURED, RUPTURED = "unruptured", "ruptured"

CASES: tuple[Case, ...] = (
    # -- acute stroke, endovascular --------------------------------------------
    _case(1, STROKE, "2024-01-10", mrs90=2),
    _case(
        2,
        STROKE,
        "2024-02-10",
        door_to_puncture=90,
        puncture_to_reperfusion=60,
        mtici="2b",
        mrs90=3,
    ),
    _case(
        3,
        STROKE,
        "2024-03-10",
        door_to_puncture=91,
        puncture_to_reperfusion=61,
        mtici="2c",
        mrs90=0,
    ),
    _case(4, STROKE, "2024-04-10", mtici="2a", nihss=(10, 14)),
    _case(5, STROKE, "2024-05-10", nihss=(10, 13), mrs90=6),
    _case(6, STROKE, "2024-06-10", nihss=(12, 12), died=True),
    _case(
        7,
        STROKE,
        "2024-07-10",
        onset_to_door=1380,
        door_to_puncture=60,
        puncture_to_reperfusion=30,
        mrs90=1,
    ),
    _case(8, STROKE, "2024-07-20", onset_to_door=1381, door_to_puncture=60, mrs90=1),
    _case(9, STROKE, "2024-08-10", methods=("dsa_only",), mrs90=1),
    _case(10, STROKE, "2024-08-20", mrs90=1, mrs_day=82),
    _case(11, STROKE, "2024-09-10", mrs90=2, mrs_day=120),
    _case(12, STROKE, "2024-09-20", mrs90=0, mrs_day=121),
    # -- intracranial stenosis --------------------------------------------------
    _case(13, STENOSIS, "2024-03-01", complications=((30, True, "sequelae"),)),
    _case(14, STENOSIS, "2024-03-02", complications=((31, True, "sequelae"),)),
    _case(15, STENOSIS, "2024-03-03", complications=((2, False, "recovered"),)),
    _case(16, STENOSIS, "2024-03-04", symptomatic=False, complications=((3, True, "sequelae"),)),
    _case(17, STENOSIS, "2024-03-05", complications=((5, False, "died"),), died=True),
    # -- aneurysms ----------------------------------------------------------------
    _case(18, UNRUPTURED, "2024-04-01"),
    _case(19, UNRUPTURED, "2024-04-02", hr_vwi=False, complications=((0, True, "sequelae"),)),
    _case(20, UNRUPTURED, "2024-04-03", complications=((1, False, "recovered"),)),
    _case(21, RUPTURED, "2024-05-01", complications=((10, False, "died"),), died=True),
    _case(22, RUPTURED, "2024-05-02"),
    _case(23, RUPTURED, "2025-06-15", stay=5),
)
