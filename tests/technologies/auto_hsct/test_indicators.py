"""auto_hsct indicators over the sixteen hand-counted cases of ``cases.py``, as of 2025-06-30.

Every expected figure was counted by hand from the case list following the
seed's 定义 (2023 S06 质量控制指标 一 to 六); the comments show the counting.
"""

from __future__ import annotations

from datetime import date

import pytest
from jsonschema import Draft202012Validator

from rtech import Threshold
from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.plugins.auto_hsct.indicators import INDICATORS
from tests.technologies.auto_hsct.cases import AS_OF, CASES

BY_ID = {i.id: i for i in INDICATORS}
ALL = set(range(1, 17))


def figure(indicator_id: str, cases=CASES):  # type: ignore[no-untyped-def]
    return compute_indicator(BY_ID[indicator_id], cases, as_of=AS_OF)


def test_the_cases_are_valid_auto_hsct_cases() -> None:
    schema = get_host().case_form("auto_hsct")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(case.answers)] == [], case.id


def test_every_heading_is_an_indicator() -> None:
    assert len(INDICATORS) == 6


def test_indication_compliance() -> None:
    # Every transplant (1-16); the indication was wrong in 3 and 8: 14/16.
    result = figure("indication_compliance")
    assert set(result.overall.denominator_case_ids) == ALL
    assert set(result.overall.numerator_case_ids) == ALL - {3, 8}
    assert result.value == pytest.approx(100 * 14 / 16)
    assert result.overall.to_json(BY_ID["indication_compliance"])["verdict"] == "not_met"


def test_transplant_related_mortality_per_patient_within_100_days() -> None:
    # 13 (2025-05-01) is not yet observable: day 100 falls on 2025-08-09.
    # Observable: 1-12, 14, 15, 16 = 15 transplants; 11 and 12 are one patient: 14 patients.
    # Non-relapse deaths within 100 days: 2 (day 61), 5 (in hospital, day 19), 6 (day 100).
    # Not: 3 (died in relapse), 7 (day 101). 3/14.
    result = figure("transplant_related_mortality")
    overall = result.overall
    assert overall.not_observable_case_ids == [13]
    assert set(overall.numerator_case_ids) == {2, 5, 6}
    # Per patient: the tandem 11 and 12 are listed once.
    assert set(overall.denominator_case_ids) | {12} == ALL - {13}
    assert len(overall.denominator_case_ids) == 14
    assert (overall.numerator, overall.denominator) == (3, 14)
    assert result.value == pytest.approx(100 * 3 / 14)


def test_overall_survival_at_one_year_lost_counted_dead() -> None:
    # Year complete by 2025-06-30 for transplants up to 2024-06-30: 1-12 and 16 (13 cases);
    # 13, 14, 15 are immature. Alive at a visit on or after day 365: 1, 4 (on day 365),
    # 9, 11, 12, 16 (on day 365 = AS_OF) = 6. Died: 2, 3, 5, 6, 7; lost: 8, 10 (seen a day
    # short of the year). 6/13.
    result = figure("overall_survival_1y")
    overall = result.overall
    assert set(overall.not_observable_case_ids) == {13, 14, 15}
    assert set(overall.numerator_case_ids) == {1, 4, 9, 11, 12, 16}
    assert set(overall.denominator_case_ids) == ALL - {13, 14, 15}
    assert result.value == pytest.approx(100 * 6 / 13)


def test_disease_free_survival_at_one_year() -> None:
    # As overall survival, less 9 (relapsed at six months): 5/13.
    result = figure("disease_free_survival_1y")
    assert set(result.overall.numerator_case_ids) == {1, 4, 11, 12, 16}
    assert set(result.overall.denominator_case_ids) == ALL - {13, 14, 15}
    assert result.value == pytest.approx(100 * 5 / 13)


def test_length_of_stay() -> None:
    # Discharged: all but 13. Days: 20, 26, 22, 23, 25, 24, 21, 23, 20, 25, 19, 21, (13 -),
    # 28, 23, 22 = 342 over 15 = 22.8 (< 23: passes).
    result = figure("length_of_stay")
    assert set(result.overall.denominator_case_ids) == ALL - {13}
    assert (result.overall.numerator, result.overall.denominator) == (342, 15)
    assert result.value == pytest.approx(22.8)
    assert result.overall.to_json(BY_ID["length_of_stay"])["verdict"] == "met"


def test_cost_per_stay() -> None:
    # 150000 + 210000 + 180000 + 200000 + 250000 + 160000 + 170000 + 190000 + 140000
    # + 220000 + 130000 + 120000 + 190000 + 175000 + 165000 = 2650000 over 15.
    result = figure("cost_per_stay")
    assert (result.overall.numerator, result.overall.denominator) == (2650000, 15)
    assert result.value == pytest.approx(2650000 / 15)


def test_thresholds_at_their_boundaries() -> None:
    def met(indicator_id: str, value: float) -> bool:
        threshold = BY_ID[indicator_id].threshold
        assert isinstance(threshold, Threshold)
        return threshold.met(value)

    assert met("indication_compliance", 100)
    assert not met("indication_compliance", 99.99)
    assert met("transplant_related_mortality", 4.99)
    assert not met("transplant_related_mortality", 5)
    assert met("overall_survival_1y", 80.01)
    assert not met("overall_survival_1y", 80)
    assert met("disease_free_survival_1y", 50.01)
    assert not met("disease_free_survival_1y", 50)
    assert met("length_of_stay", 22.99)
    assert not met("length_of_stay", 23)
    assert met("cost_per_stay", 199999.99)
    assert not met("cost_per_stay", 200000)  # 20万元


def test_a_stay_of_23_days_at_200000_fails_both_means() -> None:
    only_4 = [c for c in CASES if c.id == 4]  # 2023-05-25 .. 2023-06-17, 200000 元
    for indicator_id, value in (("length_of_stay", 23), ("cost_per_stay", 200000)):
        result = figure(indicator_id, only_4)
        assert result.value == value
        assert result.overall.to_json(BY_ID[indicator_id])["verdict"] == "not_met"


def test_the_windows_wait_for_their_day() -> None:
    # Case 16's year ends on 2025-06-30: one day earlier it is immature.
    day_before = date(2025, 6, 29)
    result = compute_indicator(BY_ID["overall_survival_1y"], CASES, as_of=day_before)
    assert 16 in result.overall.not_observable_case_ids
    # Case 14's 100 days end on 2025-06-09: on 2025-06-08 it is not yet observable.
    result = compute_indicator(BY_ID["transplant_related_mortality"], CASES, as_of=date(2025, 6, 8))
    assert set(result.overall.not_observable_case_ids) == {13, 14}
