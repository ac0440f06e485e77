"""Code normalisation, value sets, rule expressions and screening."""

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
