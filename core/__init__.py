"""rtech core: the host and everything that is not one technology.

Plugins import only from this module: what is listed in ``__all__`` is the
public API and stays compatible; everything else is internal.
"""

from core.catalog import EDITIONS, Citation, Edition, Technology
from core.codes.model import (
    CodeEntry,
    CodeKind,
    CodeRange,
    CodeRules,
    Rule,
    RuleMatch,
    ValueSet,
)
from core.codes.rules import AnchorWithPartner, AnyProcedure, DiagnosisAndProcedure
from core.eligibility.model import Check, Level, Outcome, Verdict
from core.errors import UserError
from core.hookspecs import hookimpl
from core.indicators.model import Direction, Indicator, IndicatorType, Predicate, Threshold

__version__ = "0.1.0"

__all__ = [
    "EDITIONS",
    "AnchorWithPartner",
    "AnyProcedure",
    "Check",
    "Citation",
    "CodeEntry",
    "CodeKind",
    "CodeRange",
    "CodeRules",
    "DiagnosisAndProcedure",
    "Direction",
    "Edition",
    "Indicator",
    "IndicatorType",
    "Level",
    "Outcome",
    "Predicate",
    "Rule",
    "RuleMatch",
    "Technology",
    "Threshold",
    "UserError",
    "ValueSet",
    "Verdict",
    "__version__",
    "hookimpl",
]
