"""鼻科内镜诊疗技术 (2023 S12): hook implementations."""

from core import Technology, hookimpl
from plugins.nasal_endoscopy.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
