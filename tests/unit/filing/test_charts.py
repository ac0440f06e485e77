"""The SVG trend charts of the quality report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from rtech.filing.charts import nice_ceiling, trend_chart_svg
from rtech.filing.documents import Threshold, TrendPoint

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_every_period_is_labelled_and_every_value_plotted() -> None:
    points = [TrendPoint("2024Q1", 97.2), TrendPoint("2024Q2", 97.9), TrendPoint("2024Q3", 98.4)]
    root = _parse(trend_chart_svg(points, title="术后即刻冠状动脉造影成功率"))
    assert root.find(f"{SVG}title").text == "术后即刻冠状动脉造影成功率"  # type: ignore[union-attr]
    texts = _texts(root)
    assert {"2024Q1", "2024Q2", "2024Q3", "97.2", "97.9", "98.4"} <= set(texts)
    (line,) = root.iter(f"{SVG}polyline")
    assert len(line.get("points", "").split()) == 3
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 3
    assert circles[-1].get("fill") != "#ffffff"  # the current period is filled
    # A rate above 50% is drawn on 0-100 with ticks every 25.
    assert {"0", "25", "50", "75", "100"} <= set(texts)


def test_a_period_without_cases_breaks_the_line_and_says_so() -> None:
    points = [TrendPoint("2022", 8.7), TrendPoint("2023", None), TrendPoint("2024", 4.17)]
    root = _parse(trend_chart_svg(points))
    assert "无病例" in _texts(root)
    assert list(root.iter(f"{SVG}polyline")) == []  # no two consecutive values to join
    assert len(list(root.iter(f"{SVG}circle"))) == 2


def test_the_threshold_is_a_labelled_dashed_line_in_scale() -> None:
    points = [TrendPoint("2023", 4.0), TrendPoint("2024", 6.0)]
    root = _parse(trend_chart_svg(points, threshold=Threshold("<=", 10)))
    assert "阈值 ≤10%" in _texts(root)
    dashed = [e for e in root.iter(f"{SVG}line") if e.get("stroke-dasharray")]
    assert len(dashed) == 1
    # The axis reaches past the threshold, so the line is inside the plot.
    tick_labels = [float(t) for t in _texts(root) if t.replace(".", "").isdigit()]
    assert max(tick_labels) >= 10


def test_text_is_escaped_and_the_font_is_named() -> None:
    svg = trend_chart_svg([TrendPoint("<Q1>", 1.0)], unit="枚/例", font_family='Noto "Sans"')
    root = _parse(svg)
    assert "<Q1>" in _texts(root)
    group = root.find(f"{SVG}g")
    assert group is not None
    assert group.get("font-family") == 'Noto "Sans"'


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.0, 1.0), (0.7, 1.0), (1.2, 2.0), (2.1, 2.5), (3.0, 5.0), (7.5, 10.0), (180.0, 200.0)],
)
def test_nice_ceiling(value: float, expected: float) -> None:
    assert nice_ceiling(value) == pytest.approx(expected)


def test_small_values_get_round_ticks() -> None:
    root = _parse(trend_chart_svg([TrendPoint("a", 1.42), TrendPoint("b", 1.71)]))
    ticks = [t for t in _texts(root) if t not in {"a", "b", "1.42", "1.71", "（%）"}]
    assert ticks == ["0", "0.5", "1", "1.5", "2"]
