"""rtech core: the host and everything that is not one technology.

Plugins import only from this module: what is listed in ``__all__`` is the
public API and stays compatible; everything else is internal.

The folder ``core/`` of the source tree installs as the package ``rtech``
(pyproject.toml's package-dir), so this module is never ``rtech``.
"""

if __name__ != "rtech":  # the source tree's root on sys.path, not the installed package
    raise ImportError(
        f"rtech's core/ folder was imported as {__name__!r}: import it as `rtech` "
        "(install the project with `pip install -e .`)"
    )

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from rtech.catalog import EDITIONS, Citation, Edition, Technology
from rtech.codes.model import (
    CodeEntry,
    CodeKind,
    CodeRange,
    CodeRules,
    Rule,
    RuleMatch,
    ValueSet,
)
from rtech.codes.rules import AnchorWithPartner, AnyProcedure, DiagnosisAndProcedure
from rtech.demo import DemoAggregate, DemoCases, DemoContext, DemoQaCheck, DemoStaff, TechnologyDemo
from rtech.eligibility import conditions
from rtech.eligibility import standard as norm
from rtech.eligibility.conditions import ExemptionRule, TrainingRule
from rtech.eligibility.model import Check, Condition, Level, Outcome, Verdict
from rtech.eligibility.standard import Norm
from rtech.errors import UserError
from rtech.forms.loader import load_schema
from rtech.hookspecs import hookimpl
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
from rtech.indicators.scores import (
    Derived,
    Explained,
    hb_drop,
    kps_from_description,
    mtici_success,
    nihss_worsened,
    qol_improved,
    response,
    sirs,
)
from rtech.indicators.shared import (
    COMPLICATION_EVENTS,
    DIED_IN_HOSPITAL,
    DIED_OR_IRREVERSIBLE,
    LENGTH_OF_STAY,
    TOTAL_COST,
)
from rtech.schedule import FollowUpSchedule, ScheduledVisit, VisitScore

if TYPE_CHECKING:
    from rtech.forms.lint import LintProblem

__version__ = "0.1.0"


def lint_form(
    schema: Mapping[str, Any], *, codesets: Collection[str] | None = None
) -> list["LintProblem"]:
    """The engine lint of a case form (see :func:`rtech.forms.lint.lint_form`).

    Imported on use, so that ``import core`` stays light for the command line.
    """
    from rtech.forms.lint import lint_form as lint

    return list(lint(schema, codesets=codesets))


__all__ = [
    "COMPLICATION_EVENTS",
    "DIED_IN_HOSPITAL",
    "DIED_OR_IRREVERSIBLE",
    "EDITIONS",
    "LENGTH_OF_STAY",
    "TOTAL_COST",
    "Aggregate",
    "AnchorWithPartner",
    "AnyProcedure",
    "Band",
    "Check",
    "Citation",
    "CodeEntry",
    "CodeKind",
    "CodeRange",
    "CodeRules",
    "Condition",
    "DemoAggregate",
    "DemoCases",
    "DemoContext",
    "DemoQaCheck",
    "DemoStaff",
    "Derived",
    "DiagnosisAndProcedure",
    "Direction",
    "Edition",
    "Events",
    "ExemptionRule",
    "Explained",
    "F",
    "FollowUpPaths",
    "FollowUpSchedule",
    "Indicator",
    "IndicatorKind",
    "IndicatorKit",
    "IndicatorType",
    "Level",
    "Norm",
    "Outcome",
    "Per",
    "Predicate",
    "QaPassRate",
    "Rule",
    "RuleMatch",
    "ScheduledVisit",
    "StaffPerCases",
    "StaffQualified",
    "Stratifier",
    "Survival",
    "Technology",
    "TechnologyDemo",
    "Threshold",
    "TrainingRule",
    "UserError",
    "Value",
    "ValueSet",
    "Verdict",
    "VisitScore",
    "Window",
    "__version__",
    "conditions",
    "constant",
    "date_within",
    "days_between",
    "died_within",
    "grouped",
    "hb_drop",
    "hookimpl",
    "kps_from_description",
    "lint_form",
    "load_schema",
    "minutes_between",
    "mtici_success",
    "nihss_worsened",
    "norm",
    "qol_improved",
    "response",
    "sirs",
    "value_if",
]
