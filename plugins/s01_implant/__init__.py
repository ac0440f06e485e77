"""口腔颌面复杂种植技术 (2022 S01): hook implementations."""

from rtech import CodeRules, Technology, hookimpl
from rtech.plugins.s01_implant import codes
from rtech.plugins.s01_implant.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY


@hookimpl
def rtech_code_rules(edition: str) -> CodeRules | None:
    return codes.code_rules(edition)
