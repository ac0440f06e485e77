"""Conditions on the institution's own cases (``cases`` of the institution subject):
每年完成…至少N例 and a share of them below a limit (移植相关死亡率低于5%)."""

from __future__ import annotations

from typing import Any

from rtech import Outcome
from rtech.eligibility import conditions as c

AS_OF = "2024-06-30"  # the year up to it: 2023-07-01 .. 2024-06-30


def case(day: str, **answers: Any) -> dict[str, Any]:
    return {"id": day, "procedure_date": day, "answers": answers}


def died(answers: Any) -> bool | None:
    return answers.get("died")


def run(condition: c.Condition, cases: Any) -> tuple[Outcome, str]:
    result = condition({"as_of": AS_OF, "cases": cases})
    return result.outcome, result.explanation


def test_cases_per_year_counts_the_year_up_to_the_assessment_day() -> None:
    rule = c.cases_per_year(2, label="自体造血干细胞移植")
    assert rule.fields == frozenset({"cases"})
    # 2023-07-01 is the first day of the year, 2023-06-30 falls out, 2024-07-01 is later.
    inside = [case("2023-07-01"), case("2024-06-30")]
    outcome, text = run(rule, [*inside, case("2023-06-30"), case("2024-07-01")])
    assert outcome is Outcome.PASS, text
    assert "2023-07-01至2024-06-30" in text
    assert " 2 例" in text
    assert "至少2例" in text
    outcome, text = run(rule, [case("2023-06-30"), case("2024-06-30")])
    assert outcome is Outcome.FAIL
    assert " 1 例" in text
    assert run(rule, [])[0] is Outcome.FAIL
    verdict = c.cases_per_year(2, label="甲")({"as_of": AS_OF})
    outcome, text = verdict.outcome, verdict.explanation
    assert outcome is Outcome.UNKNOWN
    assert "未提供" in text


def test_case_share_below_is_strict_and_lags_by_the_window() -> None:
    rule = c.case_share_below(5, died, label="移植相关死亡率", lag_days=100)
    # as_of - 100 days = 2024-03-22: the year 2023-03-23 .. 2024-03-22.
    well = [case("2023-03-23", died=False)] * 19
    outcome, text = run(rule, [*well, case("2024-03-22", died=True)])  # 1/20 = 5 %: not below
    assert outcome is Outcome.FAIL, text
    assert "2023-03-23至2024-03-22" in text
    assert "20 例" in text
    assert "5.0%" in text
    outcome, text = run(
        rule, [*well, case("2024-03-22", died=False), case("2023-03-22", died=True)]
    )
    assert outcome is Outcome.PASS, text  # the death before the year does not count
    outcome, _ = run(rule, [*well, case("2024-03-23", died=True), case("2024-01-01", died=False)])
    assert outcome is Outcome.PASS  # 2024-03-23: its 100 days have not elapsed on 2024-06-30


def test_case_share_below_unknown_when_open_cases_could_change_it() -> None:
    rule = c.case_share_below(5, died, label="移植相关死亡率")
    well = [case("2024-01-01", died=False)] * 19
    outcome, text = run(rule, [*well, case("2024-01-02")])
    assert outcome is Outcome.UNKNOWN
    assert "1 例资料不全" in text
    outcome, _ = run(rule, [*well * 2, case("2024-01-02")])  # at most 1/39 = 2.6 %
    assert outcome is Outcome.PASS
    outcome, _ = run(rule, [case("2024-01-02", died=True), case("2024-01-03")])
    assert outcome is Outcome.FAIL  # 50 % already
    outcome, text = run(rule, [case("2022-01-01", died=True)])
    assert outcome is Outcome.UNKNOWN
    assert "无登记" in text


def succeeded(answers: Any) -> bool | None:
    return answers.get("ok")


def test_case_share_at_least_counts_the_boundary_as_met() -> None:
    rule = c.case_share_at_least(98, succeeded, label="手术成功率")
    assert rule.fields == frozenset({"cases"})
    good = [case("2024-01-01", ok=True)] * 49
    outcome, text = run(rule, [*good, case("2024-01-02", ok=False)])  # 49/50 = 98 %: met
    assert outcome is Outcome.PASS, text
    assert "50 例，其中 49 例（98.0%）" in text
    outcome, text = run(rule, [*good[:48], case("2024-01-02", ok=False)])  # 48/49 = 97.96 %
    assert outcome is Outcome.FAIL, text
    outcome, text = run(rule, [*good, case("2024-01-02")])  # 49/50 .. 50/50: met either way
    assert outcome is Outcome.PASS, text
    outcome, text = run(rule, [*good[:48], case("2024-01-02")])  # 48/49 .. 49/49: open
    assert outcome is Outcome.UNKNOWN
    assert "补全后方可判断" in text
    outcome, text = run(rule, [])
    assert outcome is Outcome.UNKNOWN
    assert "无登记" in text
