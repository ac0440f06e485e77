"""Cardio indicators over 27 hand-counted cases (tests/unit/indicators_data.py).

Every expected figure below was counted by hand from the case list, case by
case, following the seed's definition; the comments show the counting.
"""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator, format_value
from rtech.indicators.model import Indicator
from rtech.plugins.cardio.indicators import INDICATORS
from tests.unit.indicators_data import CASES, Case, _case, _coronary, _device

BY_ID = {i.id: i for i in INDICATORS}

# id -> (numerator case ids, denominator case ids), counted by hand.
RATES: dict[str, tuple[set[int], set[int]]] = {
    # Coronary cases 1-7 are every PCI (接受冠脉介入治疗).
    # Success = stent & residual < 20 or balloon & residual < 50, and TIMI 3:
    # 1 (stent 10, TIMI 3) yes; 2 (stent 25) no; 3 (balloon 40, TIMI 3) yes;
    # 4 (TIMI 2) no; 5 (stent 5) yes; 6 (stent 0) yes; 7 (balloon 55) no.
    "coronary_immediate_success": ({1, 3, 5, 6}, {1, 2, 3, 4, 5, 6, 7}),
    # Discharged dead (离院方式 5): 3 and 5.
    "coronary_mortality": ({3, 5}, {1, 2, 3, 4, 5, 6, 7}),
    # Elective = not STEMI P-PCI (1, 3) and not NSTE-ACS urgent PCI (4): 2, 5, 6, 7.
    "coronary_elective_mortality": ({5}, {2, 5, 6, 7}),
    # acute MI (2), major bleeding (4), tamponade + malignant arrhythmia (7).
    "coronary_severe_complications": ({2, 4, 7}, {1, 2, 3, 4, 5, 6, 7}),
    # NSTE-ACS: 4 (stratified), 5 (not).
    "nste_acs_risk_stratification": ({4}, {4, 5}),
    # STEMI in the time window with an indication: 1 and 2 (3 is outside); P-PCI: 1.
    "stemi_emergency_revascularization": ({1}, {1, 2}),
    # 2023 先心病: ASD 8, 9, VSD 10, 11, PDA 12, pulmonary stenosis 16; successful 8, 9, 10, 12.
    "chd_success": ({8, 9, 10, 12}, {8, 9, 10, 11, 12, 16}),
    # ASD/VSD 8-11; severe AV block: 9 (other severe), 10 (complete).
    "chd_severe_avb": ({9, 10}, {8, 9, 10, 11}),
    # Any complication among the 2023 先心病: 9, 10, 11.
    "chd_severe_complications": ({9, 10, 11}, {8, 9, 10, 11, 12, 16}),
    # 2022 先心病及卵圆孔未闭: ASD, VSD, PDA, PFO = 8-14; all but 11 successful.
    "chd_pfo_success": ({8, 9, 10, 12, 13, 14}, {8, 9, 10, 11, 12, 13, 14}),
    # VSD 10, 11; third-degree block within a week: 10.
    "vsd_complete_avb": ({10}, {10, 11}),
    "chd_pfo_device_embolization": ({11, 14}, {8, 9, 10, 11, 12, 13, 14}),
    "chd_pfo_surgery": ({11}, {8, 9, 10, 11, 12, 13, 14}),
    "chd_pfo_mortality": ({11}, {8, 9, 10, 11, 12, 13, 14}),
    # PFO 13 (prior cryptogenic stroke) and 14 (none).
    "pfo_prior_stroke": ({13}, {13, 14}),
    # Pacemakers 17, 18, 19; with prophylaxis 17, 18; 1st/2nd generation cephalosporin: 17.
    "pacemaker_antibiotic_cephalosporin": ({17}, {17, 18}),
    # All pacemakers; prophylaxis in the prescribed time: 17 (18 late, 19 none).
    "pacemaker_antibiotic_timing": ({17}, {17, 18, 19}),
    # Pocket haematoma: 18.
    "pacemaker_complications": ({18}, {17, 18, 19}),
    # Left bundle branch (17), His (19).
    "physiological_pacing": ({17, 19}, {17, 18, 19}),
    # CRT-D 20 with a lead dislodgement (the ICD 21 is not CRT).
    "crt_complications": ({20}, {20}),
    "dual_chamber_pacemaker": ({17, 19}, {17, 18, 19}),
    # Pacemaker with AF and CHA2DS2-VASc >= 2: 17 (3), 19 (4) - not 18 (1); anticoagulated: 17.
    "pacemaker_af_anticoagulation": ({17}, {17, 19}),
    # PSVT ablation 22, 23.
    "psvt_immediate_success": ({22}, {22, 23}),
    "psvt_severe_complications": ({23}, {22, 23}),
    "psvt_redo": ({23}, {22, 23}),
    # AF ablation 24 (pulmonary vein stenosis), 25.
    "af_severe_complications": ({24}, {24, 25}),
    # Ventricular arrhythmia ablation 26 with tamponade.
    "va_severe_complications": ({26}, {26}),
}

# id -> (sum of values, number of cases, case ids), counted by hand.
MEANS: dict[str, tuple[float, int, set[int]]] = {
    # Stents 2 + 1 + 0 (balloon) + 3 + 1 + 2 + 0 (balloon) = 9 over 7 PCI.
    "coronary_stents_per_procedure": (9, 7, {1, 2, 3, 4, 5, 6, 7}),
    # 30000 + 32000 + 45000 + 80000 + 20000 + 28000 + 30000 = 265000 over 7.
    "chd_pfo_mean_cost": (265000, 7, {8, 9, 10, 11, 12, 13, 14}),
    # Stays: 17: 02-01..02-06 = 5; 18: same day = 1; 19: 03-01..03-09 = 8. 14 over 3.
    "pacemaker_mean_stay": (14, 3, {17, 18, 19}),
    # 60000 + 40000 + 70000 = 170000 over 3.
    "pacemaker_mean_cost": (170000, 3, {17, 18, 19}),
    # 20000 + 35000 = 55000 over 2.
    "psvt_mean_cost": (55000, 2, {22, 23}),
    # First AF ablation: 24 only.
    "af_first_ablation_mean_cost": (90000, 1, {24}),
}


def test_every_indicator_has_a_hand_counted_expectation() -> None:
    assert set(RATES) | set(MEANS) == set(BY_ID)
    assert len(get_host().indicators("cardio", "2023")) == 14
    assert len(get_host().indicators("cardio", "2022")) == 26


def test_the_fixture_cases_are_valid_cardio_cases() -> None:
    schema = get_host().case_form("cardio")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(dict(case.answers))] == [], case.id


@pytest.mark.parametrize("indicator_id", sorted(RATES))
def test_rate_matches_the_hand_count(indicator_id: str) -> None:
    numerator, denominator = RATES[indicator_id]
    result = compute_indicator(BY_ID[indicator_id], CASES)
    figure = result.overall
    assert set(figure.numerator_case_ids) == numerator
    assert set(figure.denominator_case_ids) == denominator
    assert figure.numerator == len(numerator)
    assert figure.denominator == len(denominator)
    assert figure.incomplete_case_ids == []
    assert result.value == pytest.approx(100 * len(numerator) / len(denominator), abs=1e-12)


@pytest.mark.parametrize("indicator_id", sorted(MEANS))
def test_mean_matches_the_hand_count(indicator_id: str) -> None:
    total, count, ids = MEANS[indicator_id]
    result = compute_indicator(BY_ID[indicator_id], CASES)
    assert set(result.overall.denominator_case_ids) == ids
    assert result.overall.numerator == total
    assert result.overall.denominator == count
    assert result.value == pytest.approx(total / count, abs=1e-9)


def test_displayed_values_are_rounded_as_counted() -> None:
    def shown(indicator_id: str) -> str:
        indicator = BY_ID[indicator_id]
        return format_value(indicator, compute_indicator(indicator, CASES).value)

    assert shown("coronary_immediate_success") == "57.14%"  # 4/7
    assert shown("coronary_severe_complications") == "42.86%"  # 3/7
    assert shown("chd_success") == "66.67%"  # 4/6
    assert shown("coronary_stents_per_procedure") == "1.29 个/例次"  # 9/7
    assert shown("pacemaker_mean_stay") == "4.67 天"  # 14/3
    assert shown("chd_pfo_mean_cost") == "37857.14 元"  # 265000/7
    assert shown("crt_complications") == "100.00%"


def _strata(indicator: Indicator) -> dict[str, tuple[float, int]]:
    result = compute_indicator(indicator, CASES)
    return {f.key or "": (f.numerator, f.denominator) for f in result.strata}


def test_each_congenital_lesion_is_a_stratum_as_the_2022_seed_asks() -> None:
    # 每种先心病及卵圆孔未闭: ASD 8, 9; VSD 10, 11; PDA 12; PFO 13, 14.
    assert _strata(BY_ID["chd_pfo_success"]) == {
        "asd": (2, 2),
        "vsd": (1, 2),
        "pda": (1, 1),
        "pfo": (2, 2),
    }
    assert _strata(BY_ID["chd_pfo_device_embolization"]) == {
        "asd": (0, 2),
        "vsd": (1, 2),
        "pda": (0, 1),
        "pfo": (1, 2),
    }
    # Costs: ASD 30000 + 32000, VSD 45000 + 80000, PDA 20000, PFO 28000 + 30000.
    assert _strata(BY_ID["chd_pfo_mean_cost"]) == {
        "asd": (62000, 2),
        "vsd": (125000, 2),
        "pda": (20000, 1),
        "pfo": (58000, 2),
    }
    # 单腔 18: 40000; 双腔 17, 19: 60000 + 70000.
    assert _strata(BY_ID["pacemaker_mean_cost"]) == {"single": (40000, 1), "dual": (130000, 2)}


def test_a_stratum_without_cases_says_so_and_is_not_zero() -> None:
    result = compute_indicator(BY_ID["chd_pfo_success"], [c for c in CASES if c.id != 12])
    pda = next(f for f in result.strata if f.key == "pda")
    assert (pda.numerator, pda.denominator) == (0, 0)
    data = pda.to_json(BY_ID["chd_pfo_success"])
    assert data["value"] is None
    assert data["display"] == "无病例"
    assert data["verdict"] == "no_cases"


def test_an_indicator_without_cases_is_reported_as_no_cases() -> None:
    coronary_only = [c for c in CASES if c.answers["procedure"]["category"] == "coronary"]
    indicator = BY_ID["pacemaker_complications"]
    result = compute_indicator(indicator, coronary_only)
    data = result.overall.to_json(indicator)
    assert (data["numerator"], data["denominator"], data["value"]) == (0, 0, None)
    assert data["display"] == "无病例"
    assert data["numerator_case_ids"] == data["denominator_case_ids"] == []


# -- limits: a case on every bound the seed states ----------------------------


def test_immediate_success_residual_limits_are_strict() -> None:
    # 2023 S05 一(一): 支架 残余狭窄 <20%, 球囊 <50% — 20 and 50 fail, 19.9 and 49.9 pass.
    cases = (
        _case(101, "coronary", _coronary("stemi", "stent", 19.9, "3", [], stents=1)),
        _case(102, "coronary", _coronary("stemi", "stent", 20, "3", [], stents=1)),
        _case(103, "coronary", _coronary("stemi", "balloon_only", 49.9, "3", [])),
        _case(104, "coronary", _coronary("stemi", "balloon_only", 50, "3", [])),
    )
    figure = compute_indicator(BY_ID["coronary_immediate_success"], cases).overall
    assert set(figure.numerator_case_ids) == {101, 103}
    assert set(figure.denominator_case_ids) == {101, 102, 103, 104}


def test_anticoagulation_counts_a_cha2ds2_vasc_of_exactly_two() -> None:
    # 2022 S03: "CHA2DS2-VASc 2" read as >= 2: a score of 2 is in, 1 is out.
    def paced(number: int, score: int) -> Case:
        section = _device(
            "pacemaker",
            prophylaxis=False,
            complications=[],
            af=True,
            chambers="dual",
            site="lbb",
            cha2ds2_vasc=score,
            anticoagulated=True,
        )
        return _case(number, "arrhythmia", section)

    cases = (paced(201, 1), paced(202, 2), paced(203, 3))
    figure = compute_indicator(BY_ID["pacemaker_af_anticoagulation"], cases).overall
    assert set(figure.denominator_case_ids) == {202, 203}
