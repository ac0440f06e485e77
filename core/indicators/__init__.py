"""Quality indicators: declarations and computation per period and stratum.

Plugins declare :class:`Indicator` objects whose numerator and denominator are
:class:`Predicate` objects built from form fields with :class:`F`;
:mod:`rtech.indicators.compute` computes them over cases and
:mod:`rtech.indicators.service` over the store, per period and institution.
"""

from rtech.indicators.expr import F, Predicate, Value, constant, days_between, value_if
from rtech.indicators.model import (
    Direction,
    Indicator,
    IndicatorKind,
    IndicatorType,
    Stratifier,
    Threshold,
)

__all__ = [
    "Direction",
    "F",
    "Indicator",
    "IndicatorKind",
    "IndicatorType",
    "Predicate",
    "Stratifier",
    "Threshold",
    "Value",
    "constant",
    "days_between",
    "value_if",
]
