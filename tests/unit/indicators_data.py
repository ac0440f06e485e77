"""Cardio cases for the indicator tests: realistic answers, valid against the form.

``CASES`` is a fixed set of 27 cases whose indicator values the tests work out
by hand. Each case is written out in full so a reader can count along.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["CASES", "Case", "cardio_answers"]


@dataclass(frozen=True)
class Case:
    """What the indicator computation needs of a case (like a store CaseRecord)."""

    id: int
    answers: Mapping[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def cardio_answers(
    number: int,
    category: str,
    section: Mapping[str, Any],
    *,
    admitted: str = "2023-02-01",
    discharged: str = "2023-02-06",
    disposition: str = "1",
    cost: float = 50000,
    operator: tuple[str, str] = ("1", "王建国"),
    deciders: tuple[tuple[str, str], ...] = (("1", "王建国"), ("2", "李华")),
    consent: bool = True,
    devices: bool = True,
) -> dict[str, Any]:
    """A complete cardio case; ``section`` is the answers of ``coronary`` /
    ``structural`` / ``arrhythmia``."""
    answers: dict[str, Any] = {
        "patient": {"name": f"患者{number}", "sex": "1", "age": 60, "record_no": f"ZY{number:05d}"},
        "admission": {
            "admission_date": admitted,
            "discharge_date": discharged,
            "discharge_disposition": disposition,
            "total_cost": cost,
        },
        "procedure": {"category": category, "date": admitted},
        "coding": {
            "main_diagnosis": {"code": "I21.000", "name": "急性心肌梗死"},
            "procedures": [{"code": "36.0600", "name": "冠状动脉药物洗脱支架置入"}],
        },
        "team": {
            "operator": {"id": operator[0], "name": operator[1]},
            "deciders": [{"id": i, "name": n} for i, n in deciders],
        },
        "consent": {"signed": True, "date": admitted} if consent else {"signed": False},
        "devices": {
            "items": [{"name": "导引导丝", "barcode": f"(01)0690123456{number:04d}"}]
            if devices
            else []
        },
        "followup": {"plan": "clinic", "interval_months": 1},
        category: copy.deepcopy(dict(section)),
    }
    return answers


def _coronary(
    presentation: str,
    pci_type: str,
    residual: float,
    timi: str,
    complications: list[str],
    *,
    stents: int = 0,
    setting: str | None = None,
    in_window: bool | None = None,
    risk_stratified: bool | None = None,
) -> dict[str, Any]:
    section: dict[str, Any] = {
        "presentation": presentation,
        "lesion_types": [],
        "pci_type": pci_type,
        "residual_stenosis_pct": residual,
        "timi_flow": timi,
        "complications": complications,
    }
    if pci_type == "stent":
        section["stent_count"] = stents
    if setting is not None:
        section["pci_setting"] = setting
    if in_window is not None:
        section["stemi_in_window"] = in_window
    if risk_stratified is not None:
        section["risk_stratified"] = risk_stratified
    return section


def _structural(
    kind: str, success: bool, complications: list[str], prior_stroke: bool | None = None
) -> dict[str, Any]:
    section: dict[str, Any] = {
        "structural_type": kind,
        "success": success,
        "complications": complications,
    }
    if prior_stroke is not None:
        section["prior_stroke"] = prior_stroke
    return section


def _device(
    device_type: str,
    *,
    prophylaxis: bool,
    complications: list[str],
    af: bool,
    chambers: str | None = None,
    site: str | None = None,
    antibiotic: str | None = None,
    timing_ok: bool | None = None,
    cha2ds2_vasc: int | None = None,
    anticoagulated: bool | None = None,
) -> dict[str, Any]:
    section: dict[str, Any] = {
        "kind": "device",
        "device_type": device_type,
        "antibiotic_prophylaxis": prophylaxis,
        "complications": complications,
        "atrial_fibrillation": af,
    }
    if chambers is not None:
        section["chambers"] = chambers
        section["pacing_site"] = site
    if prophylaxis:
        section["antibiotic_class"] = antibiotic
        section["antibiotic_timing_ok"] = timing_ok
    if af:
        section["cha2ds2_vasc"] = cha2ds2_vasc
        section["anticoagulated_at_discharge"] = anticoagulated
    return section


def _ablation(
    target: str,
    success: bool,
    complications: list[str],
    *,
    redo: bool | None = None,
    first_af: bool | None = None,
) -> dict[str, Any]:
    section: dict[str, Any] = {
        "kind": "ablation",
        "ablation_target": target,
        "immediate_success": success,
        "complications": complications,
    }
    if redo is not None:
        section["redo_before_discharge"] = redo
    if first_af is not None:
        section["first_af_ablation"] = first_af
    return section


def _case(number: int, category: str, section: dict[str, Any], **kwargs: Any) -> Case:
    answers = cardio_answers(number, category, section, **kwargs)
    return Case(number, answers, date.fromisoformat(answers["admission"]["discharge_date"]))


CASES: tuple[Case, ...] = (
    # -- coronary -----------------------------------------------------------
    _case(
        1,
        "coronary",
        _coronary("stemi", "stent", 10, "3", [], stents=2, setting="primary", in_window=True),
    ),
    _case(
        2,
        "coronary",
        _coronary(
            "stemi", "stent", 25, "3", ["acute_mi"], stents=1, setting="elective", in_window=True
        ),
    ),
    _case(
        3,
        "coronary",
        _coronary("stemi", "balloon_only", 40, "3", [], setting="primary", in_window=False),
        disposition="5",
    ),
    _case(
        4,
        "coronary",
        _coronary(
            "nste_acs",
            "stent",
            15,
            "2",
            ["major_bleeding"],
            stents=3,
            setting="urgent",
            risk_stratified=True,
        ),
    ),
    _case(
        5,
        "coronary",
        _coronary(
            "nste_acs", "stent", 5, "3", [], stents=1, setting="elective", risk_stratified=False
        ),
        disposition="5",
    ),
    _case(6, "coronary", _coronary("stable", "stent", 0, "3", [], stents=2)),
    _case(
        7,
        "coronary",
        _coronary("stable", "balloon_only", 55, "3", ["tamponade", "malignant_arrhythmia"]),
    ),
    # -- structural ---------------------------------------------------------
    _case(8, "structural", _structural("asd", True, []), cost=30000),
    _case(9, "structural", _structural("asd", True, ["avb_severe_other"]), cost=32000),
    # Its AVB began on day 3 after the procedure (2023-02-01): within "1周内".
    _case(
        10,
        "structural",
        {
            **_structural("vsd", True, ["avb_complete"]),
            "complication_events": [
                {
                    "kind": "avb_complete",
                    "onset_date": "2023-02-04",
                    "severity": "severe",
                    "outcome": "recovered",
                }
            ],
        },
        cost=45000,
    ),
    _case(
        11,
        "structural",
        _structural("vsd", False, ["device_embolization", "surgery_required"]),
        cost=80000,
        disposition="5",
    ),
    _case(12, "structural", _structural("pda", True, []), cost=20000),
    _case(13, "structural", _structural("pfo", True, [], prior_stroke=True), cost=28000),
    _case(
        14,
        "structural",
        _structural("pfo", True, ["device_embolization"], prior_stroke=False),
        cost=30000,
    ),
    _case(15, "structural", _structural("tavi", True, []), cost=260000),
    _case(16, "structural", _structural("pulmonary_stenosis", False, []), cost=25000),
    # -- arrhythmia: devices ------------------------------------------------
    _case(
        17,
        "arrhythmia",
        _device(
            "pacemaker",
            chambers="dual",
            site="lbb",
            prophylaxis=True,
            antibiotic="ceph1",
            timing_ok=True,
            complications=[],
            af=True,
            cha2ds2_vasc=3,
            anticoagulated=True,
        ),
        admitted="2023-02-01",
        discharged="2023-02-06",
        cost=60000,
    ),
    _case(
        18,
        "arrhythmia",
        _device(
            "pacemaker",
            chambers="single",
            site="conventional",
            prophylaxis=True,
            antibiotic="other",
            timing_ok=False,
            complications=["pocket_hematoma"],
            af=True,
            cha2ds2_vasc=1,
            anticoagulated=False,
        ),
        admitted="2023-02-10",
        discharged="2023-02-10",
        cost=40000,
    ),
    _case(
        19,
        "arrhythmia",
        _device(
            "pacemaker",
            chambers="dual",
            site="his",
            prophylaxis=False,
            complications=[],
            af=True,
            cha2ds2_vasc=4,
            anticoagulated=False,
        ),
        admitted="2023-03-01",
        discharged="2023-03-09",
        cost=70000,
    ),
    _case(
        20,
        "arrhythmia",
        _device(
            "crt_d",
            prophylaxis=True,
            antibiotic="ceph2",
            timing_ok=True,
            complications=["lead_dislodgement"],
            af=False,
        ),
        cost=150000,
    ),
    _case(
        21,
        "arrhythmia",
        _device(
            "icd", prophylaxis=True, antibiotic="ceph1", timing_ok=True, complications=[], af=False
        ),
        cost=120000,
    ),
    # -- arrhythmia: ablation -----------------------------------------------
    _case(22, "arrhythmia", _ablation("psvt", True, [], redo=False), cost=20000),
    _case(23, "arrhythmia", _ablation("psvt", False, ["avb_pacemaker"], redo=True), cost=35000),
    _case(24, "arrhythmia", _ablation("af", True, ["pv_stenosis"], first_af=True), cost=90000),
    _case(25, "arrhythmia", _ablation("af", True, [], first_af=False), cost=70000),
    _case(26, "arrhythmia", _ablation("va", True, ["tamponade"]), cost=60000),
    _case(27, "arrhythmia", _ablation("at", True, []), cost=40000),
)


def store_cases(
    store: Any, institution_id: int, cases: tuple[Case, ...] | list[Case], *, submit: bool = True
) -> dict[int, int]:
    """Store ``cases`` (submitted unless ``submit`` is false); fixture id -> stored id."""
    from rtech.store import cases as case_store

    stored: dict[int, int] = {}
    for case in cases:
        with store.write() as session:
            created = case_store.create_case(
                session,
                technology="cardio",
                edition="2023",
                institution_id=institution_id,
                actor="测试",
                answers=case.answers,
            )
            if submit:
                case_store.submit_case(
                    session, created.id, expected_version=created.version, actor="测试"
                )
            stored[case.id] = created.id
    return stored


def coronary_case(number: int, discharged: str, *, dead: bool = False) -> Case:
    """A plain elective stent PCI discharged on ``discharged`` (for periods and trends)."""
    section = _coronary("stable", "stent", 5, "3", [], stents=1)
    answers = cardio_answers(
        number,
        "coronary",
        section,
        admitted=discharged,
        discharged=discharged,
        disposition="5" if dead else "1",
    )
    return Case(number, answers, date.fromisoformat(discharged))
