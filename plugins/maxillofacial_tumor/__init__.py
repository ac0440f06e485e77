"""口腔颌面部肿瘤颅颌联合根治技术 (2022 S04, 2023 S04): hook implementations."""

from rtech import CodeRules, Technology, hookimpl
from rtech.plugins.maxillofacial_tumor import codes
from rtech.plugins.maxillofacial_tumor.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY


@hookimpl
def rtech_code_rules(edition: str) -> CodeRules | None:
    return codes.code_rules(edition)
