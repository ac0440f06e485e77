"""聚焦超声消融恶性肿瘤治疗技术 (2022 S02): hook implementations."""

from core import Technology, hookimpl
from plugins.s02_hifu.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
