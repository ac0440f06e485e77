"""Every indicator kind on hand-computed fixtures, with the boundary of each comparison.

Each test states its cases and works the figure out in a comment; the property
tests at the end check, over generated cases, that a numerator never holds a
case its denominator does not and that a case whose window is still open never
reaches a numerator.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtech import (
    Citation,
    DemoContext,
    Direction,
    F,
    Indicator,
    IndicatorKind,
    IndicatorType,
    Stratifier,
    Threshold,
)
from rtech.indicators.compute import IndicatorResult, StructureData, compute_indicator
from rtech.indicators.events import Events, Window, date_within, minutes_between
from rtech.indicators.expr import constant
from rtech.indicators.followup import died_within
from rtech.indicators.model import (
    Aggregate,
    Per,
    QaPassRate,
    StaffPerCases,
    StaffQualified,
    Survival,
)
from rtech.indicators.outcomes import Layout
from tests.unit.indicators_data import Case

CITE = Citation("2023", "S09", "质量控制指标 测试", "测试定义。")
ALL = F("t").eq("x")
DAY0 = date(2024, 3, 1)
AS_OF = date(2025, 6, 30)


def make(kind: IndicatorKind = IndicatorKind.RATE, **kwargs: Any) -> Indicator:
    values: dict[str, Any] = {
        "id": "kind_test",
        "name": "测试指标",
        "citations": (CITE,),
        "type": IndicatorType.OUTCOME,
        "direction": Direction.DOWN,
        "denominator": ALL,
        "kind": kind,
    }
    values.update(kwargs)
    return Indicator(**values)


def case(id_: int, **answers: Any) -> Case:
    return Case(id_, {"t": "x", "procedure": {"date": DAY0.isoformat()}, **answers})


def on(days: int, base: date = DAY0) -> str:
    return (base + timedelta(days=days)).isoformat()


# -- event within N days, not yet observable ------------------------------------

COMPLICATIONS = Events("complications", date="onset_date")


def test_event_within_seven_days_counts_day_seven_not_day_eight() -> None:
    # 2022 S03 "介入治疗后1周内": window [procedure day, +7 d] both included.
    # 1: onset day 7 -> in; 2: day 8 -> out; 3: day 0 -> in; 4: no complication;
    # 5: a complication of another kind on day 2 -> out; 6: undated -> unknown.
    # Numerator {1, 3}; denominator {1, 2, 3, 4, 5}; 6 incomplete. 2/5 = 40 %.
    avb = COMPLICATIONS.where(kind="avb_complete").within(7, after="procedure.date")
    indicator = make(numerator=avb.any(), observe=Window("procedure.date", 7))
    cases = [
        case(1, complications=[{"kind": "avb_complete", "onset_date": on(7)}]),
        case(2, complications=[{"kind": "avb_complete", "onset_date": on(8)}]),
        case(3, complications=[{"kind": "avb_complete", "onset_date": on(0)}]),
        case(4, complications=[]),
        case(5, complications=[{"kind": "tamponade", "onset_date": on(2)}]),
        case(6, complications=[{"kind": "avb_complete"}]),
    ]
    figure = compute_indicator(indicator, cases, as_of=AS_OF).overall
    assert figure.numerator_case_ids == [1, 3]
    assert figure.denominator_case_ids == [1, 2, 3, 4, 5]
    assert figure.incomplete_case_ids == [6]
    assert figure.value(indicator) == pytest.approx(40.0)


def test_open_window_is_not_yet_observable_and_never_a_success() -> None:
    # Window of 30 days after 2024-03-01 elapses on 2024-03-31.
    # As of 2024-03-30 (day 29): every case is not yet observable, even the one
    # whose complication already happened; the figure has no value and says so.
    # As of 2024-03-31 (day 30): all three count: 1 of 3.
    within = COMPLICATIONS.within(30, after="procedure.date")
    indicator = make(numerator=within.any(), observe=Window("procedure.date", 30))
    cases = [
        case(1, complications=[{"kind": "bleeding", "onset_date": on(3)}]),
        case(2, complications=[]),
        case(3, complications=[]),
    ]
    early = compute_indicator(indicator, cases, as_of=date(2024, 3, 30)).overall
    assert early.not_observable_case_ids == [1, 2, 3]
    assert early.numerator_case_ids == []
    assert early.denominator == 0
    assert early.state(indicator) == "not_observable"
    assert early.to_json(indicator)["display"] == "尚不可观察"
    ready = compute_indicator(indicator, cases, as_of=date(2024, 3, 31)).overall
    assert ready.numerator_case_ids == [1]
    assert ready.denominator_case_ids == [1, 2, 3]
    assert ready.not_observable_case_ids == []


def test_a_date_field_within_a_window() -> None:
    # 一周内二次手术率: reoperation day 7 in, day 8 out, none -> False, garbled -> unknown.
    predicate = date_within("reoperation.date", 7, after="procedure.date")
    assert predicate({"procedure": {"date": on(0)}, "reoperation": {"date": on(7)}}) is True
    assert predicate({"procedure": {"date": on(0)}, "reoperation": {"date": on(8)}}) is False
    assert predicate({"procedure": {"date": on(0)}}) is False
    assert predicate({"procedure": {"date": on(0)}, "reoperation": {"date": "昨天"}}) is None
    # The procedure day itself is day 0 and counts; the day before does not.
    assert predicate({"procedure": {"date": on(0)}, "reoperation": {"date": on(0)}}) is True
    assert predicate({"procedure": {"date": on(0)}, "reoperation": {"date": on(-1)}}) is False


def test_zero_day_windows_are_the_anchor_day() -> None:
    # "术中" or "当天": a window of 0 days is allowed and matures on the anchor day.
    assert Window("procedure.date", 0).matures_on({"procedure": {"date": on(0)}}) == DAY0
    with pytest.raises(ValueError, match="window"):
        Window("procedure.date", -1)
    same_day = COMPLICATIONS.within(0, after="procedure.date").any()
    assert same_day(case(1, complications=[{"kind": "x", "onset_date": on(0)}]).answers) is True
    assert same_day(case(2, complications=[{"kind": "x", "onset_date": on(1)}]).answers) is False


def test_death_within_days_includes_in_hospital_death_and_follow_up() -> None:
    # 2022 S02 七 "30天内死亡（包括因不可逆疾病而自动出院的患者）":
    # 1 died in hospital (离院方式 5) on day 12 -> in; 2 died at home day 30 -> in;
    # 3 died day 31 -> out; 4 alive -> out. 2 of 4.
    indicator = make(numerator=died_within(30), observe=Window("procedure.date", 30))
    cases = [
        case(1, admission={"discharge_disposition": "5", "discharge_date": on(12)}),
        case(2, followup={"visits": [{"date": on(30), "status": "dead"}]}),
        case(
            3,
            followup={"visits": [{"date": on(40), "status": "dead", "death_date": on(31)}]},
        ),
        case(4, followup={"visits": [{"date": on(35), "status": "well"}]}),
    ]
    figure = compute_indicator(indicator, cases, as_of=AS_OF).overall
    assert figure.numerator_case_ids == [1, 2]
    assert figure.denominator == 4


# -- event counts per case and per 例次; rescues de-duplicated within 24 h ------


def test_event_counts_per_case_and_rescues_deduplicated_within_24_hours() -> None:
    # 2022 S04 九: "同一患者24小时内行多次抢救，记为‘一例次’"; 抢救成功 = 存活超过24小时.
    # Case 1: rescues at 08:00, 20:00 (12 h later: same episode) and the next day
    #   08:00 (exactly 24 h after the first: a new episode) -> 2 episodes; the
    #   first episode's last rescue survived, the second did not -> 1 success.
    # Case 2: one rescue, survived -> 1 episode, 1 success.
    # Case 3: no rescue.
    # 抢救率 (per 例次) = 3 episodes / 3 cases = 100 %; 抢救成功率 = 2 / 3 episodes.
    rescues = Events("rescues", date="at")
    rate = make(
        IndicatorKind.RATIO,
        numerator_value=rescues.count(dedupe_hours=24),
        denominator_value=constant(1),
    )
    success = make(
        IndicatorKind.RATIO,
        numerator_value=rescues.count_episodes(hours=24, outcome=lambda r: r.get("survived_24h")),
        denominator_value=rescues.count(dedupe_hours=24),
    )
    cases = [
        case(
            1,
            rescues=[
                {"at": "2024-03-02T08:00", "survived_24h": False},
                {"at": "2024-03-02T20:00", "survived_24h": True},
                {"at": "2024-03-03T08:00", "survived_24h": False},
            ],
        ),
        case(2, rescues=[{"at": "2024-03-05T10:30", "survived_24h": True}]),
        case(3, rescues=[]),
    ]
    figure = compute_indicator(rate, cases, as_of=AS_OF).overall
    assert (figure.numerator, figure.denominator) == (3, 3)
    assert figure.numerator_case_ids == [1, 2]
    assert figure.value(rate) == pytest.approx(100.0)
    won = compute_indicator(success, cases, as_of=AS_OF).overall
    assert (won.numerator, won.denominator) == (2, 3)
    assert won.value(success) == pytest.approx(200 / 3)


def test_23_hours_59_minutes_is_one_episode() -> None:
    rescues = Events("rescues", date="at").count(dedupe_hours=24)
    one = {"rescues": [{"at": "2024-03-02T08:00"}, {"at": "2024-03-03T07:59"}]}
    two = {"rescues": [{"at": "2024-03-02T08:00"}, {"at": "2024-03-03T08:00"}]}
    assert rescues(one) == 1
    assert rescues(two) == 2
    assert rescues({"rescues": [{"at": "不详"}]}) is None


# -- ratio of sums --------------------------------------------------------------


def test_ratio_of_sums_is_area_weighted() -> None:
    # 2023 S01 三 异体移植皮肤成活率 = 成活面积 / 同期异体移植皮肤总面积.
    # Areas (cm2): 100 of 200 survive, 90 of 100 survive -> (100+90)/(200+100) = 63.33 %,
    # not the mean of 50 % and 90 % (70 %). A case without its areas is incomplete.
    indicator = make(
        IndicatorKind.RATIO,
        numerator_value=F("graft.surviving_area").number(),
        denominator_value=F("graft.area").number(),
    )
    cases = [
        case(1, graft={"area": 200, "surviving_area": 100}),
        case(2, graft={"area": 100, "surviving_area": 90}),
        case(3, graft={"area": 50}),
    ]
    figure = compute_indicator(indicator, cases, as_of=AS_OF).overall
    assert figure.value(indicator) == pytest.approx(190 / 300 * 100)
    assert figure.incomplete_case_ids == [3]
    data = figure.to_json(indicator)
    assert (data["numerator"], data["denominator"]) == (190, 300)


def test_ratio_sums_carry_no_binary_noise() -> None:
    # 0.1 + 0.2 cm² is 0.30000000000000004 in binary floating point; the figure says 0.3.
    indicator = make(
        IndicatorKind.RATIO,
        numerator_value=F("graft.surviving_area").number(),
        denominator_value=F("graft.area").number(),
    )
    cases = [
        case(1, graft={"area": 1, "surviving_area": 0.1}),
        case(2, graft={"area": 1, "surviving_area": 0.2}),
    ]
    data = compute_indicator(indicator, cases, as_of=AS_OF).overall.to_json(indicator)
    assert (data["numerator"], data["denominator"]) == (0.3, 2)


# -- a count with bands -----------------------------------------------------------


def test_a_count_names_its_band_and_the_seed_gap_at_twelve() -> None:
    # 2022 S01 二(二) 远位取骨例数: "年度病例超过12例可视作常规开展，1-11例可视作时有开展".
    # 13 distant harvests -> 常规开展; 11 -> 时有开展; 0 of 3 cases -> 未开展; 12 falls
    # between the seed's bands and is said so; no admitted case -> no figure.
    from rtech import Band

    bands = (Band(13, None, "常规开展"), Band(1, 11, "时有开展"), Band(0, 0, "未开展"))
    indicator = make(
        IndicatorKind.COUNT, numerator=F("h").eq("distant"), unit="例", scale=1, bands=bands
    )
    for count, words in ((13, "常规开展"), (11, "时有开展"), (12, "不在所列区间内")):
        cases = [case(i, h="distant") for i in range(count)] + [case(99, h="intraoral")]
        figure = compute_indicator(indicator, cases, as_of=AS_OF).overall
        data = figure.to_json(indicator)
        assert (data["value"], data["numerator"], data["denominator"]) == (count, count, count + 1)
        assert data["display"] == f"{count} 例"
        assert words in data["detail"]
        same(indicator, cases, AS_OF)
    none = compute_indicator(indicator, [case(1, h="intraoral")], as_of=AS_OF).overall
    assert none.value(indicator) == 0
    assert "未开展" in none.detail(indicator)
    assert compute_indicator(indicator, [], as_of=AS_OF).overall.value(indicator) is None
    with pytest.raises(ValueError, match="bands belong to a count"):
        make(numerator=ALL, bands=bands)


# -- survival at a horizon -------------------------------------------------------


def survival_cases() -> list[Case]:
    # Transplant on 2024-03-01; the 1-year horizon is 2025-03-01 (365 days).
    return [
        # 1 alive at a visit exactly on the horizon day -> survived
        case(1, followup={"visits": [{"date": on(365), "status": "well"}]}),
        # 2 died exactly on the horizon day -> dead within the year
        case(2, followup={"visits": [{"date": on(365), "status": "dead"}]}),
        # 3 last seen alive on day 364, then nothing -> lost
        case(3, followup={"visits": [{"date": on(364), "status": "well"}]}),
        # 4 alive on day 400 but relapsed on day 200 -> survived, not disease-free
        case(
            4,
            followup={
                "visits": [
                    {"date": on(200), "status": "well", "disease_status": "relapse"},
                    {"date": on(400), "status": "well", "disease_status": "relapse"},
                ]
            },
        ),
        # 5 alive and free of disease on day 380 -> survived, disease-free
        case(
            5,
            followup={"visits": [{"date": on(380), "status": "well", "disease_status": "free"}]},
        ),
    ]


def test_one_year_survival_counts_lost_patients_as_dead() -> None:
    # 2023 S06 三 "自体造血干细胞移植后 1 年（失访者按未存活患者统计）尚存活的患者数":
    # survived {1, 4, 5}; dead {2}; lost {3} counted as dead -> 3 / 5 = 60 %.
    indicator = make(survival=Survival(365), kind=IndicatorKind.SURVIVAL, direction=Direction.UP)
    figure = compute_indicator(indicator, survival_cases(), as_of=AS_OF).overall
    assert figure.numerator_case_ids == [1, 4, 5]
    assert figure.denominator_case_ids == [1, 2, 3, 4, 5]
    assert figure.lost_case_ids == [3]
    assert figure.value(indicator) == pytest.approx(60.0)
    assert figure.to_json(indicator)["horizon_days"] == 365


def test_disease_free_survival_and_excluding_lost_patients() -> None:
    # 2023 S06 四 无病生存: 4 relapsed -> out of the numerator: {1?, 5}. Case 1's
    # visit does not say whether free of disease: lost for disease-free survival.
    # Lost excluded (the other rule): denominator {2, 4, 5}, numerator {5} = 1/3.
    indicator = make(
        kind=IndicatorKind.SURVIVAL,
        survival=Survival(365, disease_free=True, lost="excluded"),
    )
    figure = compute_indicator(indicator, survival_cases(), as_of=AS_OF).overall
    assert figure.numerator_case_ids == [5]
    assert figure.denominator_case_ids == [2, 4, 5]
    assert figure.lost_case_ids == [1, 3]


def test_survival_before_the_horizon_is_not_yet_observable() -> None:
    # As of 2025-02-28 (day 364) nobody can be judged; on 2025-03-01 (day 365) all can.
    indicator = make(kind=IndicatorKind.SURVIVAL, survival=Survival(365))
    early = compute_indicator(indicator, survival_cases(), as_of=date(2025, 2, 28)).overall
    assert early.not_observable_case_ids == [1, 2, 3, 4, 5]
    assert early.numerator_case_ids == []
    on_time = compute_indicator(indicator, survival_cases(), as_of=date(2025, 3, 1)).overall
    assert on_time.not_observable_case_ids == []


# -- time between datetimes ------------------------------------------------------


def test_minutes_against_a_limit_60_counts_61_does_not() -> None:
    # 2023 S09 三 "从完成动脉穿刺到成功再灌注时间（PRT）在60分钟内":
    # 1: 60 min -> within; 2: 61 min -> not; 3: 30 min -> within;
    # 4: reperfusion before puncture -> a data error, incomplete; 5: missing time.
    # Share within = 2/3 = 66.67 %; median of 30, 60, 61 = 60.
    indicator = make(
        IndicatorKind.DURATION,
        value=minutes_between("times.puncture", "times.reperfusion"),
        limit=60,
        direction=Direction.UP,
    )

    def times(puncture: str, reperfusion: str | None) -> dict[str, Any]:
        data = {"puncture": f"2024-03-01T{puncture}"}
        if reperfusion:
            data["reperfusion"] = f"2024-03-01T{reperfusion}"
        return data

    cases = [
        case(1, times=times("10:00", "11:00")),
        case(2, times=times("10:00", "11:01")),
        case(3, times=times("10:00", "10:30")),
        case(4, times=times("10:00", "09:59")),
        case(5, times=times("10:00", None)),
    ]
    figure = compute_indicator(indicator, cases, as_of=AS_OF).overall
    assert figure.numerator_case_ids == [1, 3]
    assert figure.denominator_case_ids == [1, 2, 3]
    assert figure.incomplete_case_ids == [4, 5]
    data = figure.to_json(indicator)
    assert data["median_minutes"] == 60
    assert data["within_limit"] == 2
    assert data["value"] == pytest.approx(200 / 3)


# -- aggregate denominators --------------------------------------------------------

STROKE = Aggregate(
    "stroke_admissions_24h",
    "收治发病24小时内脑梗死患者总数",
    Citation("2023", "S09", "质量控制指标 一", "同期收治发病24小时内脑梗死患者总数"),
)


def test_aggregate_denominator_missing_is_never_zero() -> None:
    # 2023 S09 一: 4 cases treated; the administrator entered 40 admissions -> 10 %.
    # Without the number the figure is "缺少汇总数据", not 0 and not 100 %.
    indicator = make(numerator=F("t").eq("x"), aggregate=STROKE, direction=Direction.UP)
    cases = [case(i) for i in range(1, 5)]
    figure = compute_indicator(indicator, cases, as_of=AS_OF, aggregate=40).overall
    assert figure.value(indicator) == pytest.approx(10.0)
    assert figure.to_json(indicator)["aggregate"]["value"] == 40
    missing = compute_indicator(indicator, cases, as_of=AS_OF).overall
    assert missing.value(indicator) is None
    data = missing.to_json(indicator)
    assert data["state"] == "aggregate_missing"
    assert data["verdict"] == "aggregate_missing"
    assert data["display"] == "缺少汇总数据"
    assert data["aggregate"]["missing"] is True


# -- structure indicators ----------------------------------------------------------

STAFF = [
    {"id": 1, "role": "physician", "active": True, "registered_here": True, "title": "chief"},
    {"id": 2, "role": "physician", "active": True, "registered_here": True, "title": "attending"},
    {"id": 3, "role": "physicist", "active": True, "registered_here": True, "title": "attending"},
    {"id": 4, "role": "physician", "active": True, "registered_here": False, "title": "chief"},
]


def test_physicians_per_ten_thousand_cases() -> None:
    # 2022 S05 一 医患比: 2 physicians on duty here (1, 2; 4 is not 本医疗机构)
    # over 4 cases -> 2 * 10000 / 4 = 5000 per 万例次.
    indicator = make(
        IndicatorKind.STRUCTURE,
        structure=StaffPerCases(F("role").eq("physician") & F("registered_here").is_true()),
        unit="人/万例次",
        scale=10000,
        type=IndicatorType.STRUCTURE,
    )
    cases = [case(i) for i in range(1, 5)]
    figure = compute_indicator(
        indicator, cases, as_of=AS_OF, structure=StructureData(staff=STAFF)
    ).overall
    assert figure.numerator_record_ids == [1, 2]
    assert figure.denominator_case_ids == [1, 2, 3, 4]
    assert figure.value(indicator) == pytest.approx(5000.0)


def test_staff_qualification_and_equipment_qa_rates() -> None:
    # 2023 S07 一: of the 4 staff, qualified = associate chief or above -> {1, 4}: 50 %.
    # 2023 S07 二: dose-rate checks 3 of 4 passed = 75 %; a lung-dose check is
    # another item and not counted.
    qualified = make(
        IndicatorKind.STRUCTURE,
        structure=StaffQualified(
            F("active").is_true(), F("title").isin(("associate_chief", "chief"))
        ),
    )
    figure = compute_indicator(
        qualified, [], as_of=AS_OF, structure=StructureData(staff=STAFF)
    ).overall
    assert (figure.numerator_record_ids, figure.denominator_record_ids) == ([1, 4], [1, 2, 3, 4])
    checks = [
        {"id": 10, "item": "dose_rate", "passed": True},
        {"id": 11, "item": "dose_rate", "passed": True},
        {"id": 12, "item": "dose_rate", "passed": False},
        {"id": 13, "item": "dose_rate", "passed": True},
        {"id": 14, "item": "lung_dose", "passed": False},
    ]
    qa = make(IndicatorKind.STRUCTURE, structure=QaPassRate(("dose_rate",)))
    figure = compute_indicator(
        qa, [], as_of=AS_OF, structure=StructureData(qa_checks=checks)
    ).overall
    assert figure.value(qa) == pytest.approx(75.0)
    assert figure.to_json(qa)["records"] == "qa_checks"


# -- per patient ------------------------------------------------------------------


def test_per_patient_counts_a_patient_once() -> None:
    # Patient A has two cases (one with the event), patient B one without:
    # per 例次 1/3; per patient 1/2.
    event = F("event").is_true()
    a = {"patient": {"id_number": "A"}}
    cases = [
        case(1, event=False, **a),
        case(2, event=True, **a),
        case(3, event=False, patient={"id_number": "B"}),
    ]
    per_case = compute_indicator(make(numerator=event), cases, as_of=AS_OF).overall
    assert (per_case.numerator, per_case.denominator) == (1, 3)
    per_patient_indicator = make(numerator=event, per=Per.PATIENT)
    per_patient = compute_indicator(per_patient_indicator, cases, as_of=AS_OF).overall
    assert (per_patient.numerator, per_patient.denominator) == (1, 2)
    assert per_patient.numerator_case_ids == [1]  # patient A, by their first case


# -- targets ----------------------------------------------------------------------


def test_targets_are_cited_thresholds_with_a_verdict() -> None:
    # 2023 S06 五 "合格标准<23天": 22.99 meets it, 23 does not.
    target = Citation("2023", "S06", "质量控制指标 五", "结果质控(合格标准<23天)")
    indicator = make(
        IndicatorKind.MEAN,
        value=F("days").number(),
        unit="天",
        scale=1,
        threshold=Threshold("<", 23, target),
    )
    met = compute_indicator(indicator, [case(1, days=22.99)], as_of=AS_OF).overall
    assert met.to_json(indicator)["verdict"] == "met"
    missed = compute_indicator(indicator, [case(1, days=23)], as_of=AS_OF).overall
    assert missed.to_json(indicator)["verdict"] == "not_met"


def test_declarations_name_what_each_kind_needs() -> None:
    with pytest.raises(ValueError, match="needs a limit and a value"):
        make(IndicatorKind.DURATION, value=constant(1))
    with pytest.raises(ValueError, match="aggregate denominator needs a rate"):
        make(IndicatorKind.MEAN, value=constant(1), aggregate=STROKE)
    with pytest.raises(ValueError, match="no observe window"):
        make(IndicatorKind.SURVIVAL, survival=Survival(100), observe=Window("procedure.date", 1))
    with pytest.raises(ValueError, match="lost to follow-up"):
        Survival(100, lost="ignored")


# -- properties ---------------------------------------------------------------------

_events = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(("bleeding", "infection")),
            "onset_date": st.one_of(
                st.integers(-3, 60).map(lambda d: on(d)), st.just("不详"), st.none()
            ),
        }
    ),
    max_size=4,
)
_cases = st.lists(
    st.builds(
        lambda offset, events, dead, alive_day: {
            "t": st_choice(offset),
            "procedure": {"date": on(offset, date(2024, 1, 1))},
            "complications": events,
            "admission": {
                "discharge_disposition": "5" if dead else "1",
                "discharge_date": on(offset + 3, date(2024, 1, 1)),
            },
            "followup": {
                "visits": []
                if alive_day is None
                else [{"date": on(offset + alive_day, date(2024, 1, 1)), "status": "well"}]
            },
        },
        st.integers(0, 500),
        _events,
        st.booleans(),
        st.one_of(st.none(), st.integers(0, 500)),
    ),
    max_size=25,
)


def st_choice(offset: int) -> str:
    return "x" if offset % 5 else "y"


WINDOWED = (
    make(
        numerator=COMPLICATIONS.where(kind="bleeding").within(30, after="procedure.date").any(),
        observe=Window("procedure.date", 30),
    ),
    make(numerator=died_within(100), observe=Window("procedure.date", 100)),
    make(kind=IndicatorKind.SURVIVAL, survival=Survival(365)),
    make(kind=IndicatorKind.SURVIVAL, survival=Survival(100, lost="excluded")),
    make(
        IndicatorKind.RATIO,
        numerator_value=COMPLICATIONS.within(7, after="procedure.date").count(),
        denominator_value=constant(1),
        observe=Window("procedure.date", 7),
    ),
)


@settings(max_examples=150, deadline=None)
@given(_cases, st.integers(0, 900))
def test_numerators_stay_inside_denominators_and_immature_cases_outside(
    answers: list[dict[str, Any]], as_of_offset: int
) -> None:
    as_of = date(2024, 1, 1) + timedelta(days=as_of_offset)
    cases = [Case(i, a) for i, a in enumerate(answers, start=1)]
    for indicator in WINDOWED:
        figure = compute_indicator(indicator, cases, as_of=as_of).overall
        numerator, denominator = set(figure.numerator_case_ids), set(figure.denominator_case_ids)
        immature = set(figure.not_observable_case_ids)
        assert numerator <= denominator
        assert not immature & numerator
        assert not immature & denominator
        assert not set(figure.incomplete_case_ids) & denominator
        # A case is not observable exactly when its window ends after as_of.
        days = indicator.survival.horizon_days if indicator.survival else indicator.observe.days  # type: ignore[union-attr]
        for c in cases:
            admitted = indicator.denominator(c.answers)
            start = date.fromisoformat(c.answers["procedure"]["date"])
            if admitted and start + timedelta(days=days) > as_of:
                assert c.id in immature
        value = figure.value(indicator)
        if value is not None and indicator.kind is not IndicatorKind.RATIO:
            assert 0 <= value <= 100


# -- the packed engine gives the row engine's figures ------------------------------------

STRATIFIED = make(
    numerator=COMPLICATIONS.where(kind="bleeding").any(),
    stratify=Stratifier("t", "类别", {"x": "甲"}),
    per=Per.PATIENT,
)


def packed_figures(
    indicator: Indicator, cases: list[Case], as_of: date, **extra: Any
) -> IndicatorResult:
    layout = Layout("test", [indicator], "1")
    rows = [(c.id, 1, date(2024, 1, 1), *layout.evaluate(c.answers, c.id)) for c in cases]
    packed = layout.pack(rows)
    mask = np.ones(len(rows), dtype=bool)
    return layout.figure(indicator, packed, mask, as_of=as_of, **extra)


def same(indicator: Indicator, cases: list[Case], as_of: date, **extra: Any) -> None:
    rows = compute_indicator(indicator, cases, as_of=as_of, **extra)
    packed = packed_figures(indicator, cases, as_of, **extra)
    assert packed.overall.to_json(indicator) == rows.overall.to_json(indicator)
    assert [f.to_json(indicator) for f in packed.strata] == [
        f.to_json(indicator) for f in rows.strata
    ]


def test_a_per_patient_figure_without_its_case_lists_keeps_its_counts() -> None:
    # A trend asks for counts only (case_ids=False); the patients are still collapsed
    # from the cases: patient A (cases 1, 2; the event in 2) and patient B: 1 of 2.
    a = {"patient": {"id_number": "A"}}
    cases = [
        case(1, event=False, **a),
        case(2, event=True, **a),
        case(3, event=False, patient={"id_number": "B"}),
    ]
    indicator = make(numerator=F("event").is_true(), per=Per.PATIENT)
    layout = Layout("test", [indicator], "1")
    rows = [(c.id, 1, date(2024, 1, 1), *layout.evaluate(c.answers, c.id)) for c in cases]
    packed = layout.pack(rows)
    mask = np.ones(len(rows), dtype=bool)
    counts = layout.figure(indicator, packed, mask, as_of=AS_OF, case_ids=False).overall
    assert (counts.numerator, counts.denominator) == (1, 2)
    data = counts.to_json(indicator, case_ids=False)
    assert data["case_ids_omitted"] is True
    assert "numerator_case_ids" not in data


@settings(max_examples=60, deadline=None)
@given(_cases, st.integers(0, 900))
def test_the_packed_engine_agrees_with_the_row_engine(
    answers: list[dict[str, Any]], as_of_offset: int
) -> None:
    as_of = date(2024, 1, 1) + timedelta(days=as_of_offset)
    for index, a in enumerate(answers):
        a["patient"] = {"id_number": f"P{index % 3}"}
    cases = [Case(i, a) for i, a in enumerate(answers, start=1)]
    for indicator in (*WINDOWED, STRATIFIED):
        same(indicator, cases, as_of)
    same(make(numerator=ALL, aggregate=STROKE), cases, as_of, aggregate=7)


def test_the_packed_engine_agrees_on_the_cardio_demonstration() -> None:
    from rtech.host import get_host

    host = get_host()
    supplied = host.demo("cardio")
    assert supplied is not None
    staff = [(i + 1, m.name, m.title) for i, m in enumerate(supplied.staff)]
    context = DemoContext(rnd=random.Random(5), staff=staff, count=400)
    cases = [Case(i, a) for i, a in enumerate(supplied.cases(context), start=1)]
    indicators = host.indicators("cardio", "2023") + host.indicators("cardio", "2022")
    for indicator in indicators:
        same(indicator, cases, AS_OF)


def test_minutes_between_on_its_bounds() -> None:
    # Same minute: 0 minutes, not unknown; a reversed order: unknown; seconds drop.
    span = minutes_between("t.a", "t.b")
    assert span({"t": {"a": "2024-01-01 08:00", "b": "2024-01-01 08:00"}}) == 0
    assert span({"t": {"a": "2024-01-01 08:00", "b": "2024-01-01 09:00:59"}}) == 60
    assert span({"t": {"a": "2024-01-01 08:01", "b": "2024-01-01 08:00"}}) is None
    assert span({"t": {"a": "2024-01-01 08:00"}}) is None


def test_episodes_from_separate_date_and_time_fields() -> None:
    # "24小时内…记为一例次": 08:00 and 20:00 one episode; 08:00 the next day a second
    # (24 h is not "within"); a rescue without its time cannot be placed: unknown.
    count = Events("r", date="date", time="time").count(dedupe_hours=24)
    day1, day2 = "2024-01-01", "2024-01-02"
    same = [{"date": day1, "time": "08:00"}, {"date": day1, "time": "20:00"}]
    assert count({"r": same}) == 1
    assert count({"r": [same[0], {"date": day2, "time": "08:00"}]}) == 2
    assert count({"r": [same[0], {"date": day2, "time": "07:59"}]}) == 1
    assert count({"r": [{"date": day1}]}) is None
    assert count({"r": [{"date": day1, "time": 8}]}) is None
