"""The indicator framework: predicates, periods, computation, thresholds."""

from __future__ import annotations

from datetime import date

import pytest

from rtech import Citation, Direction, F, Indicator, IndicatorKind, IndicatorType, Threshold
from rtech.errors import UserError
from rtech.indicators.compute import compute_indicator, format_value, verdict_of
from rtech.indicators.expr import days_between, value_if
from rtech.indicators.periods import parse_period
from tests.unit.indicators_data import Case

CITE = Citation("2023", "S05", "质量控制指标 测试", "测试定义。")


def rate(**kwargs: object) -> Indicator:
    values: dict[str, object] = {
        "id": "test_rate",
        "name": "测试率",
        "citations": (CITE,),
        "type": IndicatorType.OUTCOME,
        "direction": Direction.UP,
        "denominator": F("a").eq("x"),
        "numerator": F("b").is_true(),
    }
    values.update(kwargs)
    return Indicator(**values)  # type: ignore[arg-type]


# -- predicates ---------------------------------------------------------------


def test_predicates_are_three_valued() -> None:
    stent = F("c.pci_type").eq("stent")
    few = F("c.stent_count").lt(3)
    both = stent & few
    assert both({"c": {"pci_type": "stent", "stent_count": 2}}) is True
    assert both({"c": {"pci_type": "stent", "stent_count": 5}}) is False
    # A balloon-only case has no stent count: False, not unknown.
    assert both({"c": {"pci_type": "balloon_only"}}) is False
    # A stent case without its count cannot be decided.
    assert both({"c": {"pci_type": "stent"}}) is None
    assert (stent | few)({"c": {"pci_type": "stent"}}) is True
    assert (stent | few)({"c": {"pci_type": "balloon_only"}}) is None
    assert (~stent)({}) is None
    assert (~stent)({"c": {"pci_type": "balloon_only"}}) is True
    assert both.fields == {"c.pci_type", "c.stent_count"}


@pytest.mark.parametrize(
    ("op", "below", "at", "above"),
    [
        ("lt", True, False, False),
        ("le", True, True, False),
        ("gt", False, False, True),
        ("ge", False, True, True),
    ],
)
def test_comparisons_on_their_bound(op: str, below: bool, at: bool, above: bool) -> None:
    # A value just below, on and just above the bound 20: the bound decides.
    predicate = getattr(F("x"), op)(20)
    assert predicate({"x": 19.99}) is below
    assert predicate({"x": 20}) is at
    assert predicate({"x": 20.01}) is above


def test_threshold_verdicts_on_every_operator_bound() -> None:
    for operator, at, beyond, inside in (
        ("<", "not_met", 5.01, 4.99),
        ("<=", "met", 5.01, 4.99),
        (">", "not_met", 4.99, 5.01),
        (">=", "met", 4.99, 5.01),
    ):
        indicator = rate(threshold=Threshold(operator, 5.0, CITE))
        assert verdict_of(indicator, 5.0) == at, operator
        assert verdict_of(indicator, beyond) == "not_met", operator
        assert verdict_of(indicator, inside) == "met", operator


def test_not_equal_and_days_between() -> None:
    assert F("x").ne("a")({"x": "b"}) is True
    assert F("x").ne("a")({"x": "a"}) is False
    assert F("x").ne("a")({}) is None
    stay = days_between("a.in", "a.out")
    assert stay({"a": {"in": "2024-01-01", "out": "2024-01-01"}}) == 0.0  # a day case
    assert stay({"a": {"in": "2024-01-01", "out": "2024-01-03"}}) == 2.0
    assert stay({"a": {"in": "2024-01-03", "out": "2024-01-01"}}) is None


def test_booleans_are_not_numbers() -> None:
    assert F("x").eq(1)({"x": True}) is False
    assert F("x").is_true()({"x": 1}) is False
    assert F("x").ge(1)({"x": True}) is None
    assert F("x").isin(("a", "b"))({"x": "b"}) is True


def test_list_fields_and_presence() -> None:
    severe = F("complications").contains_any(("tamponade", "bleeding"))
    assert severe({"complications": []}) is False
    assert severe({"complications": ["fever", "tamponade"]}) is True
    assert severe({"complications": "tamponade"}) is None
    assert severe({}) is None
    assert F("x").present()({}) is False
    assert F("x").present()({"x": 0}) is True


def test_values_for_means() -> None:
    stay = days_between("a.in", "a.out", minimum=1)
    assert stay({"a": {"in": "2023-01-01", "out": "2023-01-04"}}) == 3
    assert stay({"a": {"in": "2023-01-01", "out": "2023-01-01"}}) == 1
    assert stay({"a": {"in": "2023-01-05", "out": "2023-01-01"}}) is None
    assert stay({"a": {"in": "2023-01-01"}}) is None
    stents = value_if(F("t").eq("stent"), F("n").number(), F("zero").number())
    assert stents({"t": "stent", "n": 2}) == 2
    assert stents({"t": "stent"}) is None
    assert stents.fields == {"t", "n", "zero"}


def test_bad_field_paths_are_refused() -> None:
    with pytest.raises(ValueError, match="bad field path"):
        F(".a")


# -- declarations -------------------------------------------------------------


def test_indicator_declarations_are_checked() -> None:
    with pytest.raises(ValueError, match="needs a numerator"):
        rate(numerator=None)
    with pytest.raises(ValueError, match="needs a value"):
        rate(kind=IndicatorKind.MEAN)
    with pytest.raises(ValueError, match="cites no clause"):
        rate(citations=())
    with pytest.raises(ValueError, match="cites one edition twice"):
        rate(citations=(CITE, CITE))
    with pytest.raises(ValueError, match="bad indicator id"):
        rate(id="Bad Id")
    indicator = rate(citations=(CITE, Citation("2022", "S03", "质量控制指标 x", "q")))
    assert indicator.editions == ("2022", "2023")
    assert indicator.citation_for("2022").catalog_no == "S03"
    assert indicator.fields == ("a", "b")
    with pytest.raises(KeyError):
        rate().citation_for("2022")


# -- computation ----------------------------------------------------------------


def test_undecidable_cases_are_listed_not_counted() -> None:
    cases = [
        Case(1, {"a": "x", "b": True}),
        Case(2, {"a": "x", "b": False}),
        Case(3, {"a": "x"}),  # the numerator cannot be decided
        Case(4, {}),  # the denominator cannot be decided
        Case(5, {"a": "y", "b": True}),  # not in the denominator
    ]
    result = compute_indicator(rate(), cases)
    figure = result.overall
    assert (figure.numerator, figure.denominator) == (1, 2)
    assert figure.numerator_case_ids == [1]
    assert figure.denominator_case_ids == [1, 2]
    assert figure.incomplete_case_ids == [3, 4]
    assert result.value == 50.0


def test_scale_and_units() -> None:
    per_ten_thousand = rate(unit="/万例次", scale=10000)
    cases = [Case(n, {"a": "x", "b": n == 1}) for n in range(1, 5)]
    value = compute_indicator(per_ten_thousand, cases).value
    assert value == 2500.0
    assert format_value(per_ten_thousand, value) == "2500.00 /万例次"
    assert format_value(per_ten_thousand, None) == "无病例"


def test_threshold_verdicts() -> None:
    at_least_95 = rate(threshold=Threshold(">=", 95.0, CITE))
    assert verdict_of(at_least_95, 95.0) == "met"
    assert verdict_of(at_least_95, 94.99) == "not_met"
    assert verdict_of(at_least_95, None) == "no_cases"
    assert verdict_of(rate(), 10.0) == "no_threshold"
    assert Threshold("<=", 5, None).describe("%") == "不高于5%"
    with pytest.raises(ValueError, match="operator"):
        Threshold("=", 5)


def test_mean_figures_keep_each_case_value() -> None:
    mean = rate(kind=IndicatorKind.MEAN, numerator=None, value=F("cost").number(), unit="元")
    cases = [
        Case(1, {"a": "x", "cost": 100}),
        Case(2, {"a": "x", "cost": 300}),
        Case(3, {"a": "x"}),
    ]
    result = compute_indicator(mean, cases)
    data = result.overall.to_json(mean)
    assert data["value"] == 200
    assert data["case_values"] == {"1": 100, "2": 300}
    assert data["incomplete_case_ids"] == [3]


# -- periods --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2023-03", "2023-03", date(2023, 3, 1), date(2023, 3, 31)),
        ("2024-2", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023Q1", "2023Q1", date(2023, 1, 1), date(2023, 3, 31)),
        ("2023q4", "2023Q4", date(2023, 10, 1), date(2023, 12, 31)),
        ("2023", "2023", date(2023, 1, 1), date(2023, 12, 31)),
        (
            "2023-01-15..2023-06-30",
            "2023-01-15..2023-06-30",
            date(2023, 1, 15),
            date(2023, 6, 30),
        ),
    ],
)
def test_periods_parse(text: str, label: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_periods_step_back_for_trends() -> None:
    assert [p.label for p in parse_period("2023Q1").last(4)] == [
        "2022Q2",
        "2022Q3",
        "2022Q4",
        "2023Q1",
    ]
    assert [p.label for p in parse_period("2023-01").last(3)] == ["2022-11", "2022-12", "2023-01"]
    assert [p.label for p in parse_period("2023").last(2)] == ["2022", "2023"]
    custom = parse_period("2023-01-11..2023-01-20").previous()
    assert (custom.start, custom.end) == (date(2023, 1, 1), date(2023, 1, 10))
    assert custom.next() == parse_period("2023-01-11..2023-01-20")
    assert parse_period("2022Q4").next().label == "2023Q1"
    assert parse_period("2022-12").next().label == "2023-01"
    assert parse_period("2022").next().label == "2023"
    assert parse_period("2023Q2").title == "2023年第2季度"
    assert date(2023, 5, 31) in parse_period("2023Q2")
    assert None not in parse_period("2023Q2")


@pytest.mark.parametrize("text", ["2023-13", "2023Q5", "Q1", "2023-06-30..2023-01-01", "昨天"])
def test_bad_periods_are_chinese_errors(text: str) -> None:
    with pytest.raises(UserError, match="统计期"):
        parse_period(text)
