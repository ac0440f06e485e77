"""Trend charts of the quality report, drawn as SVG (WeasyPrint renders it as vectors).

One small line chart per indicator: the value in each period (the current one
last and filled), gaps where a period had no cases (marked 无病例), and the
seed's threshold as a dashed line where the seed states one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from rtech.filing.documents import Threshold, TrendPoint, format_number

__all__ = ["nice_ceiling", "trend_chart_svg"]

_WIDTH = 300.0
_HEIGHT = 132.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 36.0, 12.0, 16.0, 26.0

_INK = "#1f3f66"
_GRID = "#c8c8c8"
_TEXT = "#333333"
_LIMIT = "#b00020"
_MUTED = "#8a8a8a"


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k that is >= ``value`` (> 0)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = step * 10.0**exponent
        if candidate >= value * (1 - 1e-9):
            return candidate
    return float(10.0 ** (exponent + 1))


def _axis(values: Sequence[float], threshold: Threshold | None, unit: str) -> tuple[float, int]:
    """The top of the y axis and its number of intervals (ticks at round values)."""
    top = max([*values, threshold.value if threshold else 0.0, 0.0])
    percent = unit in {"%", "％"}
    if percent and 50 < top <= 100:
        return 100.0, 4
    if top <= 0:
        return (10.0 if percent else 1.0), 4
    step = nice_ceiling(top * 1.15 / 4)
    intervals = max(2, math.ceil(top * 1.15 / step))
    return step * intervals, intervals


def trend_chart_svg(
    points: Sequence[TrendPoint],
    *,
    unit: str = "%",
    threshold: Threshold | None = None,
    title: str = "",
    font_family: str = "sans-serif",
) -> str:
    """The chart as an ``<svg>`` element (no XML declaration: it goes inline)."""
    values = [p.value for p in points if p.value is not None]
    y_max, intervals = _axis(values, threshold, unit)
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    count = max(len(points), 1)
    step = plot_w / count

    def x(i: int) -> float:
        return _LEFT + step * (i + 0.5)

    def y(v: float) -> float:
        return _TOP + plot_h * (1 - min(v, y_max) / y_max)

    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {_WIDTH:g} '
        f'{_HEIGHT:g}" role="img">',
        f"<title>{escape(title)}</title>" if title else "",
        f'<g font-size="8" fill="{_TEXT}" font-family="{_attribute(font_family)}">',
    ]
    # Horizontal grid and the y axis labels.
    for k in range(intervals + 1):
        value = y_max * k / intervals
        gy = y(value)
        parts.append(
            f'<line x1="{_LEFT:.1f}" y1="{gy:.1f}" x2="{_WIDTH - _RIGHT:.1f}" y2="{gy:.1f}" '
            f'stroke="{_GRID}" stroke-width="{0.8 if k == 0 else 0.4}"/>'
        )
        parts.append(
            f'<text x="{_LEFT - 4:.1f}" y="{gy + 2.8:.1f}" text-anchor="end">'
            f"{escape(format_number(value))}</text>"
        )
    if unit:
        parts.append(f'<text x="4" y="{_TOP - 6:.1f}" fill="{_MUTED}">（{escape(unit)}）</text>')
    # The threshold, where the seed states one.
    if threshold is not None:
        ty = y(threshold.value)
        parts.append(
            f'<line x1="{_LEFT:.1f}" y1="{ty:.1f}" x2="{_WIDTH - _RIGHT:.1f}" y2="{ty:.1f}" '
            f'stroke="{_LIMIT}" stroke-width="1" stroke-dasharray="4 2"/>'
        )
        parts.append(
            f'<text x="{_WIDTH - _RIGHT:.1f}" y="{ty - 3:.1f}" text-anchor="end" '
            f'fill="{_LIMIT}">阈值 {escape(threshold.describe(unit))}</text>'
        )
    # The line, broken where a period had no cases.
    run: list[str] = []
    segments: list[list[str]] = []
    for i, point in enumerate(points):
        if point.value is None:
            if run:
                segments.append(run)
            run = []
        else:
            run.append(f"{x(i):.1f},{y(point.value):.1f}")
    if run:
        segments.append(run)
    for segment in segments:
        if len(segment) > 1:
            parts.append(
                f'<polyline points="{" ".join(segment)}" fill="none" stroke="{_INK}" '
                'stroke-width="1.4" stroke-linejoin="round"/>'
            )
    # Points, their values, and the period labels.
    last = len(points) - 1
    for i, point in enumerate(points):
        px = x(i)
        parts.append(
            f'<text x="{px:.1f}" y="{_HEIGHT - 8:.1f}" text-anchor="middle">'
            f"{escape(point.period)}</text>"
        )
        if point.value is None:
            parts.append(
                f'<text x="{px:.1f}" y="{_TOP + plot_h - 4:.1f}" text-anchor="middle" '
                f'fill="{_MUTED}" font-size="7">无病例</text>'
            )
            continue
        py = y(point.value)
        fill = _INK if i == last else "#ffffff"
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.4" fill="{fill}" stroke="{_INK}" '
            'stroke-width="1.2"/>'
        )
        weight = ' font-weight="bold"' if i == last else ""
        parts.append(
            f'<text x="{px:.1f}" y="{max(py - 5, 8):.1f}" text-anchor="middle"{weight}>'
            f"{escape(format_number(point.value))}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)
