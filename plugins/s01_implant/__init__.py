"""口腔颌面复杂种植技术 (2022 S01): hook implementations."""

from core import Technology, hookimpl
from plugins.s01_implant.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
