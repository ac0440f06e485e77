"""全身高能X线（及钴60γ线）照射技术 (2023 S07): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.tbi.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
