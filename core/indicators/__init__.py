"""Quality indicators: declarations and computation per period and stratum.

Plugins declare :class:`Indicator` objects of one of the kinds in
:class:`IndicatorKind` (docs/quality.md): predicates and values built from
form fields with :class:`F`, dated events with :class:`Events`, follow-up
outcomes, derived scores; :mod:`rtech.indicators.compute` computes them over
cases and :mod:`rtech.indicators.service` over the store, per period and
institution.
"""

from rtech.indicators.events import Events, Window, date_within, minutes_between
from rtech.indicators.expr import F, Predicate, Value, constant, days_between, value_if
from rtech.indicators.followup import FollowUpPaths, died_within
from rtech.indicators.kit import IndicatorKit
from rtech.indicators.model import (
    Aggregate,
    Band,
    Direction,
    Indicator,
    IndicatorKind,
    IndicatorType,
    Per,
    QaPassRate,
    StaffPerCases,
    StaffQualified,
    Stratifier,
    Survival,
    Threshold,
    grouped,
)
from rtech.indicators.shared import (
    COMPLICATION_EVENTS,
    DIED_IN_HOSPITAL,
    DIED_OR_IRREVERSIBLE,
    LENGTH_OF_STAY,
    TOTAL_COST,
)

__all__ = [
    "COMPLICATION_EVENTS",
    "DIED_IN_HOSPITAL",
    "DIED_OR_IRREVERSIBLE",
    "LENGTH_OF_STAY",
    "TOTAL_COST",
    "Aggregate",
    "Band",
    "Direction",
    "Events",
    "F",
    "FollowUpPaths",
    "Indicator",
    "IndicatorKind",
    "IndicatorKit",
    "IndicatorType",
    "Per",
    "Predicate",
    "QaPassRate",
    "StaffPerCases",
    "StaffQualified",
    "Stratifier",
    "Survival",
    "Threshold",
    "Value",
    "Window",
    "constant",
    "date_within",
    "days_between",
    "died_within",
    "grouped",
    "minutes_between",
    "value_if",
]
