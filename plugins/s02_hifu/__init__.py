"""聚焦超声消融恶性肿瘤治疗技术 (2022 S02): hook implementations."""

from rtech import CodeRules, Technology, hookimpl
from rtech.plugins.s02_hifu import codes
from rtech.plugins.s02_hifu.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY


@hookimpl
def rtech_code_rules(edition: str) -> CodeRules | None:
    return codes.code_rules(edition)
