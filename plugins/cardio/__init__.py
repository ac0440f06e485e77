"""心血管疾病介入诊疗技术 (2022 S03, 2023 S05): hook implementations."""

from core import CodeRules, Technology, hookimpl
from plugins.cardio import codes
from plugins.cardio.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY


@hookimpl
def rtech_code_rules(edition: str) -> CodeRules | None:
    return codes.code_rules(edition)
