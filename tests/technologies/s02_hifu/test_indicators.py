"""聚焦超声消融恶性肿瘤治疗技术 indicators over 17 hand-counted treatments (cases.py).

Every expected figure was counted by hand from the case list following the seed's
definition (2022 S02 质量控制指标); the comments show the counting. Patients (一、七),
treatments (二、五、六、八), lesions (三) and areas (四) are counted as each definition
says. The row engine (behind ``rtech indicators compute``) and the packed engine agree.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.indicators.outcomes import Layout
from rtech.plugins.s02_hifu.indicators import INDICATORS, RESPONSE
from tests.technologies.s02_hifu.cases import AS_OF, CASES, answers
from tests.unit.indicators_data import Case

BY_ID = {i.id: i for i in INDICATORS}
ALL = set(range(1, 18))


def figure(indicator_id: str):  # type: ignore[no-untyped-def]
    return compute_indicator(BY_ID[indicator_id], CASES, as_of=AS_OF).overall


def counted(indicator_id: str) -> tuple[set[int], set[int]]:
    found = figure(indicator_id)
    return set(found.numerator_case_ids), set(found.denominator_case_ids)


def test_every_case_is_valid_against_the_form() -> None:
    schema = get_host().case_form("s02_hifu")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(dict(case.answers))] == [], case.id


def test_every_heading_has_its_indicators() -> None:
    # 一 to 九, with 八 once per time point: 8 + 5 = 13.
    assert len(get_host().indicators("s02_hifu", "2022")) == 13


def test_indications_count_patients() -> None:
    # 16 patients (case 4 is patient 1 again, listed by case 1); 2 (other site) and
    # 3 (a contraindication) do not conform: 14/16.
    numerator, denominator = counted("indication_conformity")
    assert denominator == ALL - {4}
    assert numerator == ALL - {2, 3, 4}


def test_parameters_count_treatments() -> None:
    assert counted("parameters_correct") == (ALL - {2}, ALL)


def test_completion_counts_lesions() -> None:
    # One lesion ablated in every case but 5 (two planned, one ablated): 17/18.
    data = figure("ablation_completion").to_json(BY_ID["ablation_completion"])
    assert (data["numerator"], data["denominator"]) == (17, 18)


def test_necrosis_is_a_ratio_of_areas() -> None:
    # 6 lacks its necrosis area: incomplete. 15 cases of 9/10 cm² and 5 with 8/16 cm²:
    # (135 + 8) / (150 + 16) = 143/166 = 86.14 %, not the mean of the cases' ratios.
    indicator = BY_ID["necrosis_ratio"]
    data = figure(indicator.id).to_json(indicator)
    assert (data["numerator"], data["denominator"]) == (143, 166)
    assert data["value"] == pytest.approx(100 * 143 / 166)
    assert data["incomplete_case_ids"] == [6]


def test_local_control_by_mrecist() -> None:
    # CR in the base cases, SD (12), PR (14) are controlled; PD (11) is not; 13 and 16
    # have no assessment: incomplete. 14/15.
    numerator, denominator = counted("local_control")
    assert denominator == ALL - {13, 16}
    assert numerator == ALL - {11, 13, 16}
    assert figure("local_control").incomplete_case_ids == [13, 16]


def test_serious_complications_within_thirty_days() -> None:
    # 16 (12 days old) is not yet observable. A serious burn on day 30 (7) counts, on
    # day 31 (8) not: 1/16.
    found = figure("serious_complications_30d")
    assert set(found.numerator_case_ids) == {7}
    assert set(found.denominator_case_ids) == ALL - {16}
    assert found.not_observable_case_ids == [16]


def test_death_within_thirty_days_includes_irreversible_discharge() -> None:
    # Patients: 15 observable (16 not yet; 4 is patient 1). 自动出院 on day 19 (9)
    # counts; died on day 31 (10) and at day 80 (17) do not: 1/15.
    numerator, denominator = counted("mortality_30d")
    assert numerator == {9}
    assert denominator == ALL - {4, 16}


@pytest.mark.parametrize(
    ("key", "numerator"),
    [
        # 15: visits on days 184, 365 and 730 (well / event), lost at 1095. Deaths known
        # before every window count as followed up: 9 (自动出院 day 19), 10 (died in
        # hospital day 31), 17 (died day 80, told at a visit). 16 is not yet observable.
        ("6m", {9, 10, 15, 17}),
        ("1y", {9, 10, 15, 17}),
        ("2y", {9, 10, 15, 17}),
        ("3y", {9, 10, 17}),
        ("5y", {9, 10, 17}),
    ],
)
def test_followup_at_each_time_point(key: str, numerator: set[int]) -> None:
    assert counted(f"followup_{key}") == (numerator, ALL - {16})


def test_mean_stay() -> None:
    # 13 stays of 6 days, 16 of 6, 4 of 5, 9 of 21, 10 of 33: 143/17.
    indicator = BY_ID["length_of_stay"]
    assert figure(indicator.id).value(indicator) == pytest.approx(143 / 17)


def test_windows_at_their_bounds() -> None:
    # Day 30 in, day 31 out, for complications and deaths alike.
    dead = BY_ID["mortality_30d"].numerator
    assert dead is not None
    on_30 = answers(1, death={"status": "died", "date": "2024-03-31"})
    on_31 = answers(1, death={"status": "died", "date": "2024-04-01"})
    assert dead(on_30) is True
    assert dead(on_31) is False
    # The 6-month window is days 152 to 212.
    six = BY_ID["followup_6m"].numerator
    assert six is not None
    for day, inside in (("2024-07-31", True), ("2024-07-30", False), ("2024-09-29", True)):
        visit = {"plan": "clinic", "visits": [{"date": day, "status": "well"}]}
        assert six(answers(1, followup=visit)) is inside, day
    late = {"plan": "clinic", "visits": [{"date": "2024-09-30", "status": "well"}]}
    assert six(answers(1, followup=late)) is False


def test_the_response_is_shown_with_its_inputs() -> None:
    found = RESPONSE.explain(CASES[13].answers)
    assert found is not None
    assert found.value == "PR"
    assert "mRECIST" in RESPONSE.citation


def test_the_packed_engine_agrees_with_the_row_engine() -> None:
    layout = Layout("s02_hifu", list(INDICATORS), "1")
    rows = [(c.id, 1, date(2024, 3, 5), *layout.evaluate(c.answers, c.id)) for c in CASES]
    packed = layout.pack(rows)
    mask = np.ones(len(rows), dtype=bool)
    for indicator in INDICATORS:
        rows_figure = compute_indicator(indicator, CASES, as_of=AS_OF).overall
        packed_figure = layout.figure(indicator, packed, mask, as_of=AS_OF).overall
        assert packed_figure.to_json(indicator) == rows_figure.to_json(indicator), indicator.id


def test_a_lesion_without_its_area_leaves_the_case_incomplete() -> None:
    case = Case(99, answers(99, lesions={"items": [{"site": "肝", "size_mm": 1, "ablated": True}]}))
    found = compute_indicator(BY_ID["necrosis_ratio"], [case], as_of=AS_OF).overall
    assert found.incomplete_case_ids == [99]
