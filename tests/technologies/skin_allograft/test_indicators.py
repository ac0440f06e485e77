"""同种异体皮肤移植技术 indicators over 16 hand-counted 例次 (cases.py).

Every expected figure was counted by hand from cases.py following the seed's
definitions (2023 S01 质量控制指标 一 to 七); the comments show the counting.
The row engine (on 2024-12-31), the packed engine and ``rtech indicators
compute`` over stored cases (today: every window elapsed) must give them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.indicators.outcomes import Layout
from rtech.plugins.skin_allograft.indicators import INDICATORS
from rtech.store import Store, registry
from rtech.store import cases as store_cases
from tests.cli import rtech
from tests.technologies.skin_allograft.cases import AS_OF, CASES, ROWS, answers
from tests.unit.indicators_data import Case

BY_ID = {i.id: i for i in INDICATORS}
ALL = set(range(1, 17))
LIVING = {3, 4, 5, 7, 13, 15, 16}

# 一 Σ深度创面面积 = Σ surface x deep%: 0.20+0.30+0.90+0.48+0.68+0.10+0.90+0.285+0.40
#    +0.14+0.40+0.15+0.36+0.16+0.15+0.40 = 6.005 m²; Σ全身体表面积 = 27.4 m².
DEEP = (6.005, 27.4)
# 二 Σ异体皮肤面积 = 35500 cm² = 3.55 m² over the same 27.4 m².
ALLOGRAFT = (3.55, 27.4)
# 三 One week after 2024-12-26 (15) has not elapsed; 10 has no surviving area
#    (incomplete). Surviving 1000+1800+4000+3000+3500+500+3000+1500+2500+2000+900
#    +2000+1000+1600 = 28300 of 33500 cm².
SURVIVAL = (28300.0, 33500.0)


def figure(indicator_id: str, cases: list[Case] = CASES, as_of: date = AS_OF) -> Any:
    return compute_indicator(BY_ID[indicator_id], cases, as_of=as_of).overall


def test_every_case_is_valid_against_the_form() -> None:
    schema = get_host().case_form("skin_allograft")
    assert schema is not None
    registry_, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry_)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(dict(case.answers))] == [], case.id


def test_every_heading_is_an_indicator() -> None:
    assert [i.name for i in INDICATORS] == [
        "深度创面比例",
        "异体移植皮肤面积比例",
        "异体移植皮肤成活率",
        "自异体皮肤混合移植成活率",
        "活体供体供皮区平均愈合时间",
        "活体供体供皮区并发症发生率",
        "活体供体平均住院日",
    ]


@pytest.mark.parametrize(
    ("indicator_id", "sums"),
    [
        ("deep_wound_ratio", DEEP),
        ("allograft_area_ratio", ALLOGRAFT),
        ("allograft_survival", SURVIVAL),
    ],
)
def test_areas_are_ratios_of_sums(indicator_id: str, sums: tuple[float, float]) -> None:
    found = figure(indicator_id)
    assert found.numerator == pytest.approx(sums[0])
    assert found.denominator == pytest.approx(sums[1])
    assert found.value(BY_ID[indicator_id]) == pytest.approx(100 * sums[0] / sums[1])


def test_survival_waits_a_week_and_skips_the_unassessed() -> None:
    found = figure("allograft_survival")
    assert found.not_observable_case_ids == [15]
    assert found.incomplete_case_ids == [10]
    # The week's bound: operated 2024-12-24 is judged on 2024-12-31, 2024-12-25 is not.
    on_day = Case(90, answers(90, "2024-12-24", 2.0, 10, 1000, 800, "allo", None, "product", None))
    day_late = Case(
        91, answers(91, "2024-12-25", 2.0, 10, 1000, 800, "allo", None, "product", None)
    )
    bound = figure("allograft_survival", [on_day, day_late])
    assert bound.denominator_case_ids == [90]
    assert bound.not_observable_case_ids == [91]


def test_mixed_graft_survival_counts_per_case_over_every_graft() -> None:
    # Mixed and surviving at one week: 3, 5, 7, 13, 16 (4 and 9 did not survive; the
    # single allografts are in the denominator too). 15 is within its week.
    found = figure("mixed_graft_survival")
    assert set(found.numerator_case_ids) == {3, 5, 7, 13, 16}
    assert set(found.denominator_case_ids) == ALL - {15}
    assert found.value(BY_ID["mixed_graft_survival"]) == pytest.approx(100 * 5 / 15)


def test_donor_healing_is_a_mean_over_living_donors() -> None:
    # 14 + 21 + 22 + 12 + 15 = 84 days over 5 donors; 13 and 15 have not healed.
    found = figure("donor_healing_days")
    assert set(found.denominator_case_ids) == {3, 4, 5, 7, 16}
    assert set(found.incomplete_case_ids) == {13, 15}
    assert found.value(BY_ID["donor_healing_days"]) == pytest.approx(16.8)


def test_donor_site_complications_after_three_weeks() -> None:
    # Judged once 21 days have passed: 15 (5 days) and 16 (20 days) not yet.
    # 5 healed on day 22 (延迟愈合，超过3周), 7 infected; 4 healed on day 21 exactly is
    # no complication; 13 has not healed and lists none: cannot tell.
    found = figure("donor_site_complications")
    assert set(found.numerator_case_ids) == {5, 7}
    assert set(found.denominator_case_ids) == {3, 4, 5, 7}
    assert set(found.not_observable_case_ids) == {15, 16}
    assert found.incomplete_case_ids == [13]
    assert found.value(BY_ID["donor_site_complications"]) == pytest.approx(50.0)


def test_donor_mean_stay() -> None:
    # 4 + 5 + 6 + 6 + 3 + 4 + 5 = 33 days over the 7 living donors.
    found = figure("donor_mean_stay")
    assert set(found.denominator_case_ids) == LIVING
    assert found.value(BY_ID["donor_mean_stay"]) == pytest.approx(33 / 7)


def test_types_and_directions_are_inferred_and_say_so() -> None:
    for indicator in INDICATORS:
        assert indicator.threshold is None  # the seed states no target
        assert "未印指标类型与表达方式" in indicator.note


def test_the_packed_engine_agrees_with_the_row_engine() -> None:
    layout = Layout("skin_allograft", list(INDICATORS), "1")
    rows = [(c.id, 1, date(2024, 12, 30), *layout.evaluate(c.answers, c.id)) for c in CASES]
    packed = layout.pack(rows)
    mask = np.ones(len(rows), dtype=bool)
    for indicator in INDICATORS:
        by_rows = compute_indicator(indicator, CASES, as_of=AS_OF).overall
        by_pack = layout.figure(indicator, packed, mask, as_of=AS_OF).overall
        assert by_pack.to_json(indicator) == by_rows.to_json(indicator), indicator.id


def test_indicators_compute_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open()
    try:
        with store.write() as session:
            hospital = registry.create_institution(
                session, name="示例烧伤医院", code="H-0101", actor="管理员"
            ).id
            for case in CASES:
                stored = store_cases.create_case(
                    session,
                    technology="skin_allograft",
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
    shown = rtech(
        capsys,
        "indicators",
        "compute",
        "--period",
        "2024",
        "--technology",
        "skin_allograft",
        "--format",
        "json",
    )
    assert shown.code == 0, shown.err
    rows = {row["id"]: row for row in shown.json()}
    assert len(ROWS) == 16
    # Today every window has elapsed: 15 joins the one-week figures (as incomplete: no
    # surviving area, no survival recorded) and 16 the donor's (15 days, none: no
    # complication); 15 has not healed: incomplete.
    assert rows["deep_wound_ratio"]["value"] == pytest.approx(100 * 6.005 / 27.4)
    assert rows["allograft_area_ratio"]["value"] == pytest.approx(100 * 3.55 / 27.4)
    assert rows["allograft_survival"]["value"] == pytest.approx(100 * 28300 / 33500)
    assert (
        rows["mixed_graft_survival"]["numerator"],
        rows["mixed_graft_survival"]["denominator"],
    ) == (5, 15)
    assert (
        rows["donor_site_complications"]["numerator"],
        rows["donor_site_complications"]["denominator"],
    ) == (2, 5)
    assert rows["donor_healing_days"]["value"] == pytest.approx(16.8)
    assert rows["donor_mean_stay"]["value"] == pytest.approx(33 / 7)
