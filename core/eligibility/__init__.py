"""Eligibility checks: institution, personnel and case level."""

from core.eligibility.model import Check, Level, Outcome, Verdict

__all__ = ["Check", "Level", "Outcome", "Verdict"]
