"""全身高能X线（及钴60γ线）照射技术 (2023 S07): hook implementations."""

from core import Technology, hookimpl
from plugins.tbi.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
