"""Quality indicators: declarations and computation per period and stratum."""

from core.indicators.model import Direction, Indicator, IndicatorType, Predicate, Threshold

__all__ = ["Direction", "Indicator", "IndicatorType", "Predicate", "Threshold"]
