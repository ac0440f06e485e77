"""Code normalisation, value sets, rule expressions and screening."""

from core.codes.model import CodeEntry, CodeKind, CodeRange, CodeRules, Rule, ValueSet

__all__ = ["CodeEntry", "CodeKind", "CodeRange", "CodeRules", "Rule", "ValueSet"]
