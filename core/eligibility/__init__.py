"""Eligibility checks: institution, personnel and case level.

Plugins declare :class:`Check` objects built from the conditions in
:mod:`core.eligibility.conditions` (exported as ``core.conditions``);
:mod:`core.eligibility.service` evaluates them against the stored profiles and
cases, and :mod:`core.eligibility.profiles` imports profiles from TOML/XLSX.
"""

from core.eligibility.model import Check, Condition, Level, Outcome, Verdict, summarize

__all__ = ["Check", "Condition", "Level", "Outcome", "Verdict", "summarize"]
