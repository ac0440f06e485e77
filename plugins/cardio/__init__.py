"""心血管疾病介入诊疗技术 (2022 S03, 2023 S05): hook implementations."""

from collections.abc import Mapping, Sequence
from typing import Any

from rtech import Check, CodeRules, Indicator, Technology, ValueSet, hookimpl, load_schema
from rtech.plugins.cardio import codes, curated, eligibility, indicators
from rtech.plugins.cardio.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY


@hookimpl
def rtech_case_form() -> Mapping[str, Any]:
    return load_schema(__name__)


@hookimpl
def rtech_profile_form(profile: str) -> Mapping[str, Any]:
    return load_schema(__name__, f"profile_{profile}.schema.json")


@hookimpl
def rtech_eligibility_checks(edition: str) -> Sequence[Check]:
    return eligibility.checks(edition)


@hookimpl
def rtech_indicators(edition: str) -> Sequence[Indicator]:
    return indicators.indicators(edition)


@hookimpl
def rtech_code_rules(edition: str) -> CodeRules | None:
    return codes.code_rules(edition)


@hookimpl
def rtech_curated_codes() -> Sequence[ValueSet]:
    return curated.LISTS
