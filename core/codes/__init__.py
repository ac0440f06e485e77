"""Code normalisation, value sets, rule expressions and screening."""

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

__all__ = [
    "AnchorWithPartner",
    "AnyProcedure",
    "CodeEntry",
    "CodeKind",
    "CodeRange",
    "CodeRules",
    "DiagnosisAndProcedure",
    "Rule",
    "RuleMatch",
    "ValueSet",
]
