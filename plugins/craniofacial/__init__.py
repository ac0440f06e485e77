"""颅颌面畸形颅面外科矫治技术 (2022 S05, 2023 S03): hook implementations."""

from rtech import CodeRules, Technology, hookimpl
from rtech.plugins.craniofacial import codes
from rtech.plugins.craniofacial.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY


@hookimpl
def rtech_code_rules(edition: str) -> CodeRules | None:
    return codes.code_rules(edition)
