"""Sixteen hyperthermia cases whose indicator figures the tests count by hand (as of
2024-12-31). Each case states what differs from a plain deep session at 42 ℃ for
60 minutes under real-time monitoring, for a chest tumour, without complications."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

AS_OF = date(2024, 12, 31)


@dataclass(frozen=True)
class Case:
    id: int
    answers: dict[str, Any]
    discharge_date: date | None = None
    institution_id: int = 1


def _day(start: str, days: int) -> str:
    return (date.fromisoformat(start) + timedelta(days=days)).isoformat()


def make(
    number: int,
    day: str = "2024-03-01",
    *,
    modality: str = "deep",
    procedure: dict[str, Any] | None = None,
    indication: dict[str, Any] | None = None,
    complications: tuple[tuple[str, int], ...] = (),
    outcome: str = "alive",
    response: tuple[float, tuple[tuple[int, float, bool], ...]] | None = None,
    necrosis: tuple[float, float] | None = None,
    effusion: tuple[float, float] | None = None,
    qol: tuple[tuple[int, int, float], tuple[tuple[int, int, int, float], ...]] = (
        (5, 70, 60.0),
        (),
    ),
    record_no: str | None = None,
) -> Case:
    """``response``: baseline sum and (day, sum, new lesions); ``qol``: baseline (pain,
    KPS, weight) and (day, pain, KPS, weight); days counted from the session."""
    discharged = _day(day, 5)
    p: dict[str, Any] = {
        "date": day,
        "modality": modality,
        "heating": "radiofrequency",
        "combined": ["chemotherapy"],
        "realtime_monitoring": True,
        "temperature_c": 42,
        "duration_min": 60,
    }
    if modality == "whole_body":
        p |= {"temperature_site": "rectal", "anaesthesia": False, "vital_signs_monitored": True}
        p |= {"temperature_c": 39.5, "duration_min": 120}
    p |= procedure or {}
    category = "chest" if modality == "deep" else "systemic_malignancy"
    answers: dict[str, Any] = {
        "patient": {
            "name": f"患者{number}",
            "sex": "2",
            "age": 58,
            "record_no": record_no or f"RL{number:04d}",
        },
        "admission": {
            "admission_date": _day(day, -1),
            "discharge_date": discharged,
            "discharge_disposition": "5" if outcome == "died" else "1",
            "total_cost": 30000,
        },
        "procedure": p,
        "indication": {"category": category, "contraindications": []} | (indication or {}),
        "coding": {
            "main_diagnosis": {"code": "C34.9", "name": "肺恶性肿瘤"},
            "procedures": [{"code": "99.8500", "name": "恶性肿瘤热疗"}],
        },
        "team": {"operator": {"id": "1", "name": "李明"}},
        "consent": {"signed": True, "date": _day(day, -1)},
        "complications": {"occurred": bool(complications)},
        "outcome": {"status": outcome},
        "response": {"solid_tumour": response is not None},
        "necrosis": {"assessed": necrosis is not None},
        "effusion": {"present": effusion is not None},
        "followup": {"plan": "clinic", "interval_months": 1, "visits": []},
    }
    if complications:
        answers["complications"]["events"] = [
            {
                "kind": kind,
                "onset_date": _day(day, days),
                "severity": "mild",
                "outcome": "recovered",
            }
            for kind, days in complications
        ]
    if outcome != "alive":
        answers["outcome"]["date"] = discharged
    if response is not None:
        base, items = response
        answers["response"] |= {
            "baseline_sum_mm": base,
            "assessments": [
                {"date": _day(day, d), "sum_mm": s, "new_lesions": new} for d, s, new in items
            ],
        }
    if necrosis is not None:
        answers["necrosis"] |= {"tumour_area_cm2": necrosis[0], "necrosis_area_cm2": necrosis[1]}
    if effusion is not None:
        answers["effusion"] |= {
            "site": "pleural",
            "before_ml": effusion[0],
            "after_ml": effusion[1],
        }
    (pain, kps, weight), items = qol
    answers["qol"] = {
        "baseline": {"pain": pain, "kps": kps, "weight_kg": weight},
        "assessments": [
            {"date": _day(day, d), "pain": a, "kps": k, "weight_kg": w} for d, a, k, w in items
        ],
    }
    return Case(number, copy.deepcopy(answers), date.fromisoformat(discharged))


CASES = (
    # 1: PR at day 30 (100 -> 60 mm) held at day 60 (65 mm); pain 6 -> 3, 2 and KPS
    # 60 -> 80, 80: both 有效 for four weeks: improved.
    make(
        1,
        response=(100, ((30, 60, False), (60, 65, False))),
        qol=((6, 60, 50.0), ((30, 3, 80, 50.0), (60, 2, 80, 51.0))),
    ),
    # 2: 45 ℃ for 40 min (both bounds); a burn on day 30; CR held four weeks; pain and
    # KPS stable, weight 60 -> 65 kg (+8.3 %) held: improved.
    make(
        2,
        procedure={"temperature_c": 45, "duration_min": 40},
        complications=(("burn", 30),),
        response=(50, ((30, 0, False), (60, 0, False))),
        qol=((5, 70, 60.0), ((30, 5, 70, 65.0), (60, 5, 70, 65.0))),
        record_no="RL0002",
    ),
    # 3: 45.5 ℃: wrong; a burn on day 31: outside; SD (80 -> 70, 72); pain 4 -> 6, 6: 无效.
    make(
        3,
        procedure={"temperature_c": 45.5},
        complications=(("burn", 31),),
        response=(80, ((30, 70, False), (60, 72, False))),
        qol=((4, 70, 60.0), ((30, 6, 70, 60.0), (60, 6, 70, 60.0))),
    ),
    # 4: 39.9 ℃: wrong; no listed indication.
    make(4, procedure={"temperature_c": 39.9}, indication={"category": "none"}),
    # 5: 61 minutes: wrong; a relative contraindication (皮下脂肪过厚).
    make(5, procedure={"duration_min": 61}, indication={"contraindications": ["fat_thick"]}),
    # 6: no real-time monitoring: wrong.
    make(6, procedure={"realtime_monitoring": False}),
    # 7: whole-body 39.5 ℃ rectal for 120 min: right; PD (100 -> 125 mm); all stable: not improved.
    make(
        7,
        modality="whole_body",
        response=(100, ((30, 125, False),)),
        qol=((3, 80, 60.0), ((30, 3, 80, 60.0), (60, 3, 80, 60.0))),
    ),
    # 8: whole-body 39.0 ℃ (bound) but 119 min: wrong.
    make(8, modality="whole_body", procedure={"temperature_c": 39.0, "duration_min": 119}),
    # 9: under anaesthesia 41.0 ℃ oesophageal for 60 min (bounds): right; died in hospital.
    make(
        9,
        modality="whole_body",
        procedure={
            "anaesthesia": True,
            "temperature_site": "oesophageal",
            "temperature_c": 41.0,
            "duration_min": 60,
        },
        outcome="died",
    ),
    # 10: under anaesthesia 41.9 ℃ for 90 min: neither reading: wrong.
    make(
        10,
        modality="whole_body",
        procedure={"anaesthesia": True, "temperature_c": 41.9, "duration_min": 90},
    ),
    # 11: measured elsewhere than rectum or oesophagus: wrong; discharged for an
    # irreversible disease (counts as a death).
    make(
        11,
        modality="whole_body",
        procedure={"temperature_site": "other", "temperature_c": 40, "duration_min": 150},
        outcome="irreversible_discharge",
    ),
    # 12: PR at day 20 and 40 only: not confirmed (20 days apart); effusion 1000 -> 400 ml.
    make(12, response=(60, ((20, 30, False), (40, 25, False))), effusion=(1000, 400)),
    # 13: effusion 500 -> 700 ml (|200|); necrosis 8 of 20 cm².
    make(13, effusion=(500, 700), necrosis=(20, 8)),
    # 14: necrosis 6 of 10 cm².
    make(14, necrosis=(10, 6)),
    # 15: treated 2024-12-15: its 30 days end after 2024-12-31.
    make(15, "2024-12-15"),
    # 16: the patient of case 2 again (RL0002), a second course with a burn on day 5.
    make(16, "2024-06-01", complications=(("burn", 5),), record_no="RL0002"),
)
