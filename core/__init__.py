"""rtech core: the host and everything that is not one technology.

Plugins import only from this module: what is listed in ``__all__`` is the
public API and stays compatible; everything else is internal.
"""

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

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
from core.eligibility import conditions
from core.eligibility.conditions import ExemptionRule, TrainingRule
from core.eligibility.model import Check, Condition, Level, Outcome, Verdict
from core.errors import UserError
from core.forms.loader import load_schema
from core.hookspecs import hookimpl
from core.indicators.expr import F, Predicate, Value, constant, days_between, value_if
from core.indicators.model import (
    Direction,
    Indicator,
    IndicatorKind,
    IndicatorType,
    Stratifier,
    Threshold,
)

if TYPE_CHECKING:
    from core.forms.lint import LintProblem

__version__ = "0.1.0"


def lint_form(
    schema: Mapping[str, Any], *, codesets: Collection[str] | None = None
) -> list["LintProblem"]:
    """The engine lint of a case form (see :func:`core.forms.lint.lint_form`).

    Imported on use, so that ``import core`` stays light for the command line.
    """
    from core.forms.lint import lint_form as lint

    return list(lint(schema, codesets=codesets))


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
    "Condition",
    "DiagnosisAndProcedure",
    "Direction",
    "Edition",
    "ExemptionRule",
    "F",
    "Indicator",
    "IndicatorKind",
    "IndicatorType",
    "Level",
    "Outcome",
    "Predicate",
    "Rule",
    "RuleMatch",
    "Stratifier",
    "Technology",
    "Threshold",
    "TrainingRule",
    "UserError",
    "Value",
    "ValueSet",
    "Verdict",
    "__version__",
    "conditions",
    "constant",
    "days_between",
    "hookimpl",
    "lint_form",
    "load_schema",
    "value_if",
]
