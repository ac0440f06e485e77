"""maxillofacial_tumor indicators over the sixteen hand-counted cases of ``cases.py``.

Every expected figure was counted by hand from the case list following the seed's
定义 (2022 S04 and 2023 S04 质量控制指标 一 to 十, the same in both editions); the
comments show the counting. Cases 15 and 16 are one patient: the "患者数" indicators
count 15 patients, the "例次" ones 16 operations.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.plugins.maxillofacial_tumor.indicators import INDICATORS
from rtech.store import Store, registry
from rtech.store import cases as store_cases
from tests.cli import rtech
from tests.technologies.maxillofacial_tumor.cases import AS_OF, CASES

BY_ID = {i.id: i for i in INDICATORS}
PATIENTS = set(range(1, 16))  # 16 is listed under 15, the patient's first case
OPERATIONS = set(range(1, 17))


def figure(indicator_id: str, cases=CASES):  # type: ignore[no-untyped-def]
    return compute_indicator(BY_ID[indicator_id], cases, as_of=AS_OF)


def test_the_cases_are_valid_cases() -> None:
    schema = get_host().case_form("maxillofacial_tumor")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(case.answers)] == [], case.id


def test_every_heading_of_both_editions_is_an_indicator() -> None:
    names = [
        "诊断符合率",
        "术后手术部位感染率",
        "术后血肿手术探查率",
        "血管危象手术探查率",
        "手术探查后皮瓣成活率",
        "术后脑脊液漏发生率",
        "术后颅内感染发生率",
        "术后全身系统严重并发症发生率",
        "术后抢救率",
        "术后抢救成功率",
        "术后死亡率",
    ]
    host = get_host()
    for edition in ("2022", "2023"):
        assert [i.name for i in host.indicators("maxillofacial_tumor", edition)] == names


@pytest.mark.parametrize(
    ("indicator_id", "numerator", "denominator"),
    [
        # 一: disagreeing 2 (C07 / D11) and 14 (C41.1 / C41.0); 3 agrees (C02.9 both);
        # patient 15/16 agrees in 15 (16 does not): 13 of 15 patients.
        ("diagnosis_agreement", PATIENTS - {2, 14}, PATIENTS),
        # 二: confirmed by pathogen in 2 and 15; 3's infection was not confirmed.
        ("surgical_site_infection", {2, 15}, PATIENTS),
        # 五: explored for a vascular crisis: 4 (twice, one case), 5, 13; flap survived 4, 13.
        ("flap_survival_after_exploration", {4, 13}, {4, 5, 13}),
        # 六: 6 and 7. 七: 7. 八: 8 (pulmonary embolism), 9 (DVT, renal failure).
        ("csf_leak", {6, 7}, PATIENTS),
        ("intracranial_infection", {7}, PATIENTS),
        ("systemic_complications", {8, 9}, PATIENTS),
        # 十: died 8 and 11; 9 discharged against an irreversible illness.
        ("postoperative_mortality", {8, 9, 11}, PATIENTS),
    ],
)
def test_rates_match_the_hand_count(
    indicator_id: str, numerator: set[int], denominator: set[int]
) -> None:
    overall = figure(indicator_id).overall
    assert set(overall.numerator_case_ids) == numerator
    assert set(overall.denominator_case_ids) == denominator
    assert overall.incomplete_case_ids == []
    assert figure(indicator_id).value == pytest.approx(100 * len(numerator) / len(denominator))


@pytest.mark.parametrize(
    ("indicator_id", "numerator", "denominator"),
    [
        # 三: haematoma explorations, every one counted: 5 (1), 6 (2) = 3 over 16 operations.
        ("hematoma_exploration", 3, 16),
        # 四: vascular-crisis explorations: 4 (2), 5 (1), 13 (1) = 4 over 16; 10's "other" is not.
        ("vascular_crisis_exploration", 4, 16),
        # 九 抢救率: episodes (rescues within 24 h of an episode's first are one):
        # 7: 10:00 and 20:00 the same day = 1; 8: 49 h apart = 2; 11: exactly 24 h apart = 2.
        ("rescue_rate", 5, 16),
        # 九 抢救成功率: over those 5 episodes; an episode succeeds by its last rescue:
        # 7 yes; 8 first yes, second no; 11 first yes, second no = 3 of 5.
        ("rescue_success", 3, 5),
    ],
)
def test_ratios_match_the_hand_count(indicator_id: str, numerator: int, denominator: int) -> None:
    result = figure(indicator_id)
    assert (result.overall.numerator, result.overall.denominator) == (numerator, denominator)
    assert result.overall.incomplete_case_ids == []
    assert result.value == pytest.approx(100 * numerator / denominator)


def test_rescue_success_counts_only_rescued_cases() -> None:
    assert set(figure("rescue_success").overall.denominator_case_ids) == {7, 8, 11}


def _with_rescues(times: tuple[str, str]) -> list:  # type: ignore[type-arg]
    eleven = CASES[10]
    answers = copy.deepcopy(eleven.answers)
    answers["rescue"]["events"][0]["time"], answers["rescue"]["events"][1]["time"] = times
    return [replace(eleven, answers=answers)]


def test_two_rescues_one_minute_short_of_24_hours_are_one_episode() -> None:
    # 2024-07-03 23:00 and 2024-07-04 22:59: 23 h 59 min, one 例次 (its last rescue not survived).
    result = figure("rescue_rate", _with_rescues(("23:00", "22:59")))
    assert (result.overall.numerator, result.overall.denominator) == (1, 1)
    assert figure("rescue_success", _with_rescues(("23:00", "22:59"))).overall.numerator == 0
    # 24 h exactly: two episodes
    assert figure("rescue_rate", _with_rescues(("23:00", "23:00"))).overall.numerator == 2


def test_a_rescue_without_its_time_leaves_the_case_incomplete() -> None:
    eleven = CASES[10]
    answers = copy.deepcopy(eleven.answers)
    del answers["rescue"]["events"][1]["time"]
    result = figure("rescue_rate", [replace(eleven, answers=answers)])
    assert result.overall.incomplete_case_ids == [11]


def test_per_patient_counting_lists_a_patient_once() -> None:
    # 16 operations, 15 patients: the second operation of H0015 is not counted again.
    overall = figure("csf_leak").overall
    assert 16 not in overall.denominator_case_ids
    assert (overall.numerator, overall.denominator) == (2, 15)


#: (numerator, denominator) of every indicator over the sixteen cases, as counted above.
COUNTED = {
    "diagnosis_agreement": (13, 15),
    "surgical_site_infection": (2, 15),
    "hematoma_exploration": (3, 16),
    "vascular_crisis_exploration": (4, 16),
    "flap_survival_after_exploration": (2, 3),
    "csf_leak": (2, 15),
    "intracranial_infection": (1, 15),
    "systemic_complications": (2, 15),
    "rescue_rate": (5, 16),
    "rescue_success": (3, 5),
    "postoperative_mortality": (3, 15),
}


def test_indicators_compute_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """The same figures through ``rtech indicators compute`` over stored cases (all
    discharged in 2024), in both editions, and as the trend's last point."""
    store = Store.open()
    try:
        with store.write() as session:
            hospital = registry.create_institution(
                session, name="示例口腔医院", code="H-0620", actor="管理员"
            ).id
            for case in CASES:
                stored = store_cases.create_case(
                    session,
                    technology="maxillofacial_tumor",
                    edition="2023",
                    institution_id=hospital,
                    actor="t",
                    answers=case.answers,
                )
                store_cases.submit_case(
                    session, stored.id, expected_version=stored.version, actor="t"
                )
    finally:
        store.dispose()
    for edition in ("2022", "2023"):
        shown = rtech(
            capsys,
            "indicators",
            "compute",
            "--period",
            "2024",
            "--technology",
            "maxillofacial_tumor",
            "--edition",
            edition,
            "--trend",
            "2",
            "--format",
            "json",
        )
        assert shown.code == 0, shown.err
        rows = {row["id"]: row for row in shown.json()}
        assert set(rows) == set(COUNTED)
        for indicator_id, counted in COUNTED.items():
            row = rows[indicator_id]
            assert (row["numerator"], row["denominator"]) == counted, indicator_id
            point = row["trend"][-1]
            assert point["period"] == "2024"
            assert (point["numerator"], point["denominator"]) == counted, indicator_id
