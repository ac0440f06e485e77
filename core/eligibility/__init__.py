"""Eligibility checks: institution, personnel and case level.

Plugins declare :class:`Check` objects built from the conditions in
:mod:`rtech.eligibility.conditions` (exported as ``rtech.conditions``);
:mod:`rtech.eligibility.service` evaluates them against the stored profiles and
cases, and :mod:`rtech.eligibility.profiles` imports profiles from TOML/XLSX.
"""

from rtech.eligibility.model import Check, Condition, Level, Outcome, Verdict, summarize

__all__ = ["Check", "Condition", "Level", "Outcome", "Verdict", "summarize"]
