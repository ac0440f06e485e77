"""口腔颌面部肿瘤颅颌联合根治技术 (2022 S04, 2023 S04): hook implementations."""

from core import Technology, hookimpl
from plugins.maxillofacial_tumor.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
