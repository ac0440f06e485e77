"""Hand-counted gi_endoscopy cases (2023 S11), valid against the case form.

Every case has its procedure on 2024-03-01 (``day(0)``); ``day(n)`` is n days
later, so windows read as the seed writes them: 1周 = day 7, 8周 = day 56,
12周 = day 84, 1年 = day 365. The figures are computed as of ``AS_OF``, when
every window has elapsed. test_indicators.py counts each indicator by hand.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = ["AS_OF", "CASES", "Case", "answers", "day"]

START = date(2024, 3, 1)
AS_OF = date(2026, 1, 1)


def day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


@dataclass(frozen=True)
class Case:
    id: int
    answers: Mapping[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


NONE = {"serious": [], "hb_checked": False, "infection_signs": False}


def answers(
    number: int,
    kind: str,
    section: Mapping[str, Any] | None = None,
    *,
    complications: Mapping[str, Any] = NONE,
    discharged: int = 3,
    disposition: str = "1",
    visits: list[dict[str, Any]] | None = None,
    grade: str = "4",
) -> dict[str, Any]:
    """A complete case of ``kind`` (procedure.type) with its section's answers."""
    found: dict[str, Any] = {
        "patient": {"name": f"患者{number}", "sex": "1", "age": 60, "record_no": f"ZY{number:05d}"},
        "admission": {
            "admission_date": day(-1),
            "discharge_date": day(discharged),
            "discharge_disposition": disposition,
            "total_cost": 30000,
        },
        "procedure": {"type": kind, "date": day(0)},
        "grade": {"grade": grade},
        "coding": {
            "main_diagnosis": {"code": "K80.5", "name": "胆管结石不伴有胆管炎或胆囊炎"},
            "procedures": [{"code": "51.8800", "name": "内镜下胆管结石去除术"}],
        },
        "team": {
            "operator": {"id": "1", "name": "王建国"},
            "deciders": [{"id": "2", "name": "李华"}],
        },
        "consent": {"signed": True, "date": day(-1)},
        "complications": copy.deepcopy(dict(complications)),
        "followup": {"plan": "clinic", "interval_months": 1, "visits": visits or []},
    }
    if section is not None:
        found[kind] = copy.deepcopy(dict(section))
    return found


def ercp(
    cannulated: bool,
    therapy: str,
    success: bool | None = None,
    *,
    altered: bool = False,
    papilla: bool = False,
) -> dict[str, Any]:
    section: dict[str, Any] = {
        "altered_anatomy": altered,
        "prior_papilla_surgery": papilla,
        "deep_cannulation": cannulated,
        "therapy": therapy,
    }
    if success is not None:
        section["therapy_success"] = success
    return section


def esd(preop: str, postop: str, en_bloc: bool, horizontal: bool, vertical: bool) -> dict[str, Any]:
    return {
        "site": "stomach",
        "preop_judgement": preop,
        "en_bloc": en_bloc,
        "postop_pathology": postop,
        "horizontal_margin_negative": horizontal,
        "vertical_margin_negative": vertical,
    }


def fna(success: bool, known: bool, positive: bool | None = None) -> dict[str, Any]:
    section: dict[str, Any] = {
        "target": "pancreas",
        "method": "fnb",
        "success": success,
        "clinical_diagnosis_known": known,
    }
    if positive is not None:
        section["pathology_positive"] = positive
    return section


def eus(technique: str, indicated: bool, success: bool, **fields: Any) -> dict[str, Any]:
    return {
        "technique": technique,
        "indication_met": indicated,
        "technical_success": success,
        **fields,
    }


def entero(
    device: str, route: str, image: bool, docking: str, therapy: list[str], **fields: Any
) -> dict[str, Any]:
    return {
        "device": device,
        "route": route,
        "image_kept": image,
        "docking": docking,
        "therapy": therapy,
        **fields,
    }


def varices(
    indicated: bool, success: bool, rebleed_on: int | None, complications: list[str], **more: Any
) -> dict[str, Any]:
    section: dict[str, Any] = {
        "cause": more.pop("cause", "portal_hypertension"),
        "treatment": ["ligation"],
        "indication_met": indicated,
        "technical_success": success,
        "rebleed": rebleed_on is not None,
        "complications": complications,
    }
    if rebleed_on is not None:
        section["rebleed_date"] = day(rebleed_on)
    return section


def dead_on(n: int) -> list[dict[str, Any]]:
    return [{"date": day(n + 2), "status": "dead", "death_date": day(n)}]


def well_on(n: int) -> list[dict[str, Any]]:
    return [{"date": day(n), "status": "well"}]


def hb(before: float, *after: tuple[int, float]) -> dict[str, Any]:
    return {
        "serious": [],
        "hb_checked": True,
        "hb_before": before,
        "hb_after": [{"at": day(n), "hb": value} for n, value in after],
        "infection_signs": False,
    }


def infection(**sirs: float) -> dict[str, Any]:
    return {"serious": [], "hb_checked": False, "infection_signs": True, "sirs": sirs}


def serious(*kinds: str) -> dict[str, Any]:
    return {"serious": list(kinds), "hb_checked": False, "infection_signs": False}


_SPECS: list[tuple[int, str, dict[str, Any] | None, dict[str, Any]]] = [
    # ERCP 1-5
    (1, "ercp", ercp(True, "stone_extraction", True), {}),
    (2, "ercp", ercp(False, "lithotripsy_extraction", False), {"complications": hb(130, (2, 100))}),
    (
        3,
        "ercp",
        ercp(True, "other", altered=True),
        {"complications": serious("severe_pancreatitis")},
    ),
    (4, "ercp", ercp(True, "none"), {"complications": hb(130, (2, 101), (4, 90))}),
    (
        5,
        "ercp",
        ercp(False, "pancreatic_ablation", True, papilla=True),
        {"complications": infection(temperature=38.5, heart_rate=95, respiratory_rate=18, wbc=8)},
    ),
    # ESD 6-8
    (6, "esd", esd("hgin", "hgin", True, True, True), {}),
    (7, "esd", esd("early_cancer", "early_cancer", True, True, False), {}),
    (
        8,
        "esd",
        esd("lgin", "early_cancer", False, True, True),
        {"complications": infection(temperature=37, heart_rate=95, respiratory_rate=18, wbc=8)},
    ),
    # EUS-FNA/B 9-12
    (9, "eus_fna", fna(True, True, True), {}),
    (10, "eus_fna", fna(True, True, False), {}),
    (11, "eus_fna", fna(False, False), {}),
    (12, "eus_fna", fna(False, True), {}),
    # EUS-guided interventions 13-22
    (
        13,
        "eus_intervention",
        eus("cyst_injection", True, True, size_before_mm=40, size_6m_mm=19),
        {},
    ),
    (
        14,
        "eus_intervention",
        eus("cyst_injection", False, True, size_before_mm=40, size_6m_mm=20),
        {},
    ),
    (15, "eus_intervention", eus("celiac_block", True, True, pain_before=8, pain_after=4), {}),
    (
        16,
        "eus_intervention",
        eus("eus_bd", True, False, bilirubin_before=200, bilirubin_1w=140, death_related=True),
        {"complications": serious("transfusion"), "discharged": 10, "disposition": "5"},
    ),
    (
        17,
        "eus_intervention",
        eus("eus_ge", True, True, gooss="2", vomiting=False, death_related=True),
        {"visits": dead_on(85)},
    ),
    (
        18,
        "eus_intervention",
        eus(
            "pseudocyst_drainage",
            False,
            True,
            size_before_mm=100,
            size_1w_mm=40,
            antibiotics_escalated=True,
        ),
        {},
    ),
    (
        19,
        "eus_intervention",
        eus("varices", True, True, rebleed=True, rebleed_date=day(56)),
        {},
    ),
    (
        20,
        "eus_intervention",
        eus("portal_ctc", True, True, portal_blood_obtained=True, ctc_detected=True),
        {},
    ),
    (21, "eus_intervention", eus("eus_pd", True, True, duct_before_mm=6, duct_1w_mm=3), {}),
    (
        22,
        "eus_intervention",
        eus("tumour_local", True, True, survival_not_inferior=True, death_related=False),
        {"visits": dead_on(84)},
    ),
    # Enteroscopy 23-28
    (
        23,
        "enteroscopy",
        entero("double_balloon", "oral", True, "docked", [], oral_reached_jejunum=True),
        {},
    ),
    (
        24,
        "enteroscopy",
        entero(
            "double_balloon",
            "anal",
            True,
            "not_docked",
            ["hemostasis"],
            anal_ileum_cm=10,
            therapy_success=True,
        ),
        {},
    ),
    (
        25,
        "enteroscopy",
        entero(
            "double_balloon",
            "anal",
            True,
            "stricture",
            ["polypectomy"],
            anal_ileum_cm=9,
            therapy_success=False,
        ),
        {"complications": serious("perforation_surgery")},
    ),
    (
        26,
        "enteroscopy",
        entero(
            "single_balloon",
            "both",
            False,
            "docked",
            [],
            oral_reached_jejunum=True,
            anal_ileum_cm=15,
        ),
        {},
    ),
    (
        27,
        "enteroscopy",
        entero(
            "single_balloon",
            "oral",
            True,
            "lesion_found",
            ["stent"],
            oral_reached_jejunum=False,
            therapy_success=True,
        ),
        {},
    ),
    (
        28,
        "enteroscopy",
        entero("single_balloon", "anal", True, "not_docked", [], anal_ileum_cm=20),
        {},
    ),
    # Varices 29-32
    (29, "varices", varices(True, True, 7, []), {"visits": dead_on(56)}),
    (30, "varices", varices(True, True, 8, ["ulcer_bleeding"]), {"visits": well_on(400)}),
    (31, "varices", varices(False, False, None, [], cause="other"), {"visits": dead_on(57)}),
    (
        32,
        "varices",
        varices(True, True, None, []),
        {"complications": hb(120, (3, 85)), "visits": dead_on(365)},
    ),
    # Other GI endoscopy 33-34
    (33, "other", None, {"complications": serious("death"), "disposition": "5"}),
    (34, "other", None, {"grade": "3"}),
]

CASES = [
    Case(number, answers(number, kind, section, **options), date.fromisoformat(day(3)))
    for number, kind, section, options in _SPECS
]
for _i, _case in enumerate(CASES):
    discharged = _case.answers["admission"]["discharge_date"]
    CASES[_i] = Case(_case.id, _case.answers, date.fromisoformat(discharged))
