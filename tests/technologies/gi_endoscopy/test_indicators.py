"""gi_endoscopy indicators (2023 S11 质量控制指标) over 34 hand-counted cases (cases.py).

Every expected figure was counted by hand from the case list following the
seed's definition; the comments show the counting. Boundaries: Hb down exactly
30 g/L (counts) and 29 (not), a measurement on day 4 (outside 三天内); SIRS 2 of
4 (counts) and 1 (not); cyst 50 % (not: 大于) and 52.5 %; pain 50 % (counts:
以上); bilirubin 30 % (not: 大于); duct 50 % (counts); ileum 10 cm (counts)
and 9; rebleed day 7 (counts) and 8 (not); EUS varices rebleed day 56 (within
8周: not effective); deaths on day 56/57, 84/85, 365.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.indicators.scores import derived_rows
from rtech.plugins.gi_endoscopy.indicators import HB_DROP, INDICATORS, SIRS
from rtech.store import Store, registry
from rtech.store import cases as store_cases
from tests.cli import rtech
from tests.technologies.gi_endoscopy.cases import AS_OF, CASES, Case, answers, day, hb

BY_ID = {i.id: i for i in INDICATORS}
EUS = set(range(13, 23))
ENTERO = set(range(23, 29))
VARICES = {29, 30, 31, 32}

# id -> (numerator case ids, denominator case ids), counted by hand.
RATES: dict[str, tuple[set[int], set[int]]] = {
    # 一: ERCP 1-5; normal anatomy and no papilla surgery: 1, 2, 4 (3 altered, 5 papilla).
    # Deep cannulation: 1 yes, 2 no, 4 yes.
    "ercp_cannulation": ({1, 4}, {1, 2, 4}),
    # 二: therapy of the three kinds: 1 stone, 2 lithotripsy, 5 pancreatic (3 other, 4 none);
    # single-session success: 1, 5.
    "ercp_therapy_success": ({1, 5}, {1, 2, 5}),
    # 四: ESD 6-8; R0 (en bloc, both margins negative): 6 only (7 vertical +, 8 piecemeal).
    "esd_r0": ({6}, {6, 7, 8}),
    # 五: every ESD has a judgement; pathology agrees: 6 (hgin), 7 (early cancer); 8 lgin->cancer.
    "esd_pathology_concordance": ({6, 7}, {6, 7, 8}),
    # 七: EUS-FNA/B 9-12; success 9, 10.
    "eus_fna_success": ({9, 10}, {9, 10, 11, 12}),
    # 八: with a clinical diagnosis: 9, 10, 12 (11 none); positive: 9 (12 got no sample).
    "eus_fna_positive": ({9}, {9, 10, 12}),
    # 九: EUS-guided 13-22; indication met but for 14 and 18.
    "eus_intervention_indication": (EUS - {14, 18}, EUS),
    # 十: technical success but for 16.
    "eus_intervention_success": (EUS - {16}, EUS),
    # 十一: 13 cyst 40->19 (52.5 % > 50) yes; 14 cyst 40->20 (50 %, not > 50) no;
    # 15 pain 8->4 (50 %, 以上) yes; 16 bilirubin 200->140 (30 %, not > 30) no;
    # 17 GOOSS 2 no vomiting yes; 18 pseudocyst 60 % but antibiotics escalated no;
    # 19 EUS varices rebleed on day 56 (within 8周) no; 20 portal blood + CTC yes;
    # 21 duct 6->3 (50 %) yes; 22 tumour local, survival not inferior yes.
    "eus_intervention_effective": ({13, 15, 17, 20, 21, 22}, EUS),
    # 十二: serious complication in hospital: 16 (transfusion).
    "eus_intervention_serious": ({16}, EUS),
    # 十三: 16 died in hospital on day 10, related: yes; 17 died day 85 (after 12周) no;
    # 22 died day 84 but unrelated: no.
    "eus_intervention_death_12w": ({16}, EUS),
    # 十四: 23 oral reached, image: yes; 24 anal 10 cm, image: yes; 25 anal 9 cm: no;
    # 26 both directions reached but no image: no; 27 oral not reached: no; 28 anal 20: yes.
    "enteroscopy_success": ({23, 24, 28}, ENTERO),
    # 十五: therapy in 24 (success), 25 (failed), 27 (success).
    "enteroscopy_therapy_success": ({24, 27}, {24, 25, 27}),
    # 十六 double balloon 23-25: 25 stricture out; docked 23, not 24.
    "enteroscopy_docking_double": ({23}, {23, 24}),
    # 十六 single balloon 26-28: 27 lesion found out; docked 26, not 28.
    "enteroscopy_docking_single": ({26}, {26, 28}),
    # 十七: every enteroscopy; serious: 25 (perforation to surgery).
    "enteroscopy_serious": ({25}, ENTERO),
    # 十八-十九: varices 29-32; 31 neither indicated nor successful.
    "varices_indication": ({29, 30, 32}, VARICES),
    "varices_success": ({29, 30, 32}, VARICES),
    # 二十: rebleed on day 7 (29) counts; day 8 (30) not.
    "varices_rebleed_1w": ({29}, VARICES),
    # 二十一: 30 ulcer bleeding; 32 Hb 120 -> 85 on day 3 (serious bleeding).
    "varices_complications": ({30, 32}, VARICES),
    # 二十二: deaths on day 56 (29) yes, 57 (31) no, 365 (32) no; 30 alive at day 400.
    "varices_death_8w": ({29}, VARICES),
    # 二十三: deaths within 365 days: 29, 31, 32 (day 365 counts).
    "varices_death_1y": ({29, 31, 32}, VARICES),
}

# 三 and 六 divide by the aggregate of every GI endoscopy of the period (entered: 500).
AGGREGATE = 500.0
AGGREGATES: dict[str, tuple[set[int], set[int]]] = {
    # 三: ERCP with a serious complication: 2 (Hb 130 -> 100 on day 2: exactly 30),
    # 3 (severe pancreatitis), 5 (SIRS: 38.5 ℃ and 95/min = 2 of 4); not 4 (29 g/L by
    # day 2; 40 g/L only on day 4). Admitted cases bound it: ERCP 1-5.
    "ercp_serious_complications": ({2, 3, 5}, {1, 2, 3, 4, 5}),
    # 六: every case with a serious complication: 2, 3, 5, 16, 25, 32 and 33 (death);
    # 8 meets one SIRS criterion only.
    "serious_complications": ({2, 3, 5, 16, 25, 32, 33}, {c.id for c in CASES}),
}


def test_every_heading_has_a_hand_counted_expectation() -> None:
    assert set(RATES) | set(AGGREGATES) == set(BY_ID)
    # 23 headings, 十六 split by its two targets (double and single balloon).
    assert len(INDICATORS) == 24


def test_the_fixture_cases_are_valid_against_the_form() -> None:
    schema = get_host().case_form("gi_endoscopy")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(dict(case.answers))] == [], case.id


@pytest.mark.parametrize("indicator_id", sorted(RATES))
def test_rate_matches_the_hand_count(indicator_id: str) -> None:
    numerator, denominator = RATES[indicator_id]
    result = compute_indicator(BY_ID[indicator_id], CASES, as_of=AS_OF)
    figure = result.overall
    assert set(figure.numerator_case_ids) == numerator
    assert set(figure.denominator_case_ids) == denominator
    assert figure.incomplete_case_ids == []
    assert figure.not_observable_case_ids == []
    assert result.value == pytest.approx(100 * len(numerator) / len(denominator))


@pytest.mark.parametrize("indicator_id", sorted(AGGREGATES))
def test_aggregate_rates_divide_by_every_endoscopy(indicator_id: str) -> None:
    numerator, admitted = AGGREGATES[indicator_id]
    indicator = BY_ID[indicator_id]
    result = compute_indicator(indicator, CASES, as_of=AS_OF, aggregate=AGGREGATE)
    figure = result.overall
    assert set(figure.numerator_case_ids) == numerator
    assert set(figure.denominator_case_ids) == admitted
    assert result.value == pytest.approx(100 * len(numerator) / AGGREGATE)
    assert compute_indicator(indicator, CASES, as_of=AS_OF).value is None


@pytest.mark.parametrize(
    ("indicator_id", "verdict"),
    [
        ("enteroscopy_success", False),  # 50 % against > 95 %
        ("enteroscopy_therapy_success", True),  # 66.7 % against > 60 %
        ("enteroscopy_docking_double", False),  # 50 % against > 60 %
        ("enteroscopy_docking_single", True),  # 50 % against > 10 %
        ("enteroscopy_serious", False),  # 16.7 % against < 5 %
    ],
)
def test_the_seed_targets_judge_the_figures(indicator_id: str, verdict: bool) -> None:
    indicator = BY_ID[indicator_id]
    assert indicator.threshold is not None
    value = compute_indicator(indicator, CASES, as_of=AS_OF).value
    assert value is not None
    assert indicator.threshold.met(value) is verdict


def test_targets_are_strict_as_printed() -> None:
    # 大于95% / 大于60% / 大于10% / 小于5%: the bound itself does not meet them.
    success, docking = BY_ID["enteroscopy_success"], BY_ID["enteroscopy_docking_single"]
    assert success.threshold is not None
    assert docking.threshold is not None
    assert not success.threshold.met(95.0)
    assert success.threshold.met(95.01)
    assert not docking.threshold.met(10.0)
    assert docking.threshold.met(10.01)
    serious = BY_ID["enteroscopy_serious"].threshold
    assert serious is not None
    assert not serious.met(5.0)
    assert serious.met(4.99)


def test_windows_not_yet_elapsed_are_not_observable() -> None:
    # As of day 6 a varices case cannot yet be judged for 1周; as of day 7 it can.
    rebleed = BY_ID["varices_rebleed_1w"]
    case = next(c for c in CASES if c.id == 29)
    early = compute_indicator(rebleed, [case], as_of=CASES[0].discharge_date).overall
    assert early.not_observable_case_ids == [29]
    on_day_7 = compute_indicator(rebleed, [case], as_of=date.fromisoformat(day(7))).overall
    assert on_day_7.numerator_case_ids == [29]
    death = compute_indicator(BY_ID["varices_death_1y"], [case], as_of=date.fromisoformat(day(364)))
    assert death.overall.not_observable_case_ids == [29]


def test_hb_measured_after_three_days_is_not_severe_bleeding() -> None:
    # 术后三天内: day 3 counts (case 32), day 4 does not.
    late = Case(90, answers(90, "other", complications=hb(130, (4, 90))))
    on_day_3 = Case(91, answers(91, "other", complications=hb(130, (3, 100))))
    figure = compute_indicator(
        BY_ID["serious_complications"], [late, on_day_3], as_of=AS_OF, aggregate=AGGREGATE
    ).overall
    assert figure.numerator_case_ids == [91]


def test_a_death_of_unknown_relation_is_incomplete_not_a_success() -> None:
    # 十三: a death within 12周 without the relation recorded cannot be counted either way.
    found = answers(
        92,
        "eus_intervention",
        {"technique": "eus_ge", "indication_met": True, "technical_success": True}
        | {"gooss": "3", "vomiting": False},
        visits=[{"date": day(30), "status": "dead", "death_date": day(20)}],
    )
    figure = compute_indicator(
        BY_ID["eus_intervention_death_12w"], [Case(92, found)], as_of=AS_OF
    ).overall
    assert figure.incomplete_case_ids == [92]


def _store_cases() -> None:
    store = Store.open()
    try:
        with store.write() as session:
            hospital = registry.create_institution(
                session, name="示例医院", code="H-0001", actor="管理员"
            ).id
            for case in CASES:
                created = store_cases.create_case(
                    session,
                    technology="gi_endoscopy",
                    edition="2023",
                    institution_id=hospital,
                    actor="测试",
                    form_version="1",
                )
                version = store_cases.save_draft(
                    session,
                    created.id,
                    expected_version=created.version,
                    answers=case.answers,
                    cursor={"path": "@review"},
                    actor="测试",
                )
                store_cases.submit_case(session, created.id, expected_version=version, actor="测试")
    finally:
        store.dispose()


def test_the_same_figures_through_indicators_compute(capsys: pytest.CaptureFixture[str]) -> None:
    _store_cases()
    entered = rtech(
        capsys,
        "aggregates", "set", "--technology", "gi_endoscopy", "--key", "gi_endoscopy_total",
        "--period", "2024", "--value", "500", "--institution", "1",
    )  # fmt: skip
    assert entered.code == 0, entered.err
    result = rtech(
        capsys,
        "indicators", "compute", "--period", "2024", "--technology", "gi_endoscopy",
        "--format", "json",
    )  # fmt: skip
    assert result.code == 0, result.err
    rows: dict[str, Any] = {r["id"]: r for r in result.json()}
    assert set(rows) == set(BY_ID)
    for indicator_id, (numerator, denominator) in (RATES | AGGREGATES).items():
        row = rows[indicator_id]
        # Stored case ids follow the fixture's order (1-34).
        assert set(row["numerator_case_ids"]) == numerator, indicator_id
        assert set(row["denominator_case_ids"]) == denominator, indicator_id
        assert row["incomplete_case_ids"] == [], indicator_id
    assert rows["serious_complications"]["value"] == pytest.approx(100 * 7 / 500)
    assert rows["ercp_serious_complications"]["aggregate"]["value"] == 500
    assert rows["enteroscopy_docking_double"]["verdict"] == "not_met"
    assert rows["enteroscopy_docking_single"]["verdict"] == "met"


def test_the_review_shows_the_computed_bleeding_and_infection() -> None:
    assert get_host().derived_scores("gi_endoscopy") == [HB_DROP, SIRS]
    by_id = {c.id: c.answers for c in CASES}
    rows = dict(derived_rows([HB_DROP, SIRS], by_id[2]))
    assert rows["血红蛋白下降"].startswith("下降 30 g/L（依据：术前(g/L) 130")
    assert "六 说明 1" in rows["血红蛋白下降"]
    assert rows["全身感染（SIRS）"].startswith("尚不能计算")  # no signs, nothing measured
    infected = dict(derived_rows([SIRS], by_id[5]))
    assert infected["全身感染（SIRS）"].startswith("符合 2 项")
