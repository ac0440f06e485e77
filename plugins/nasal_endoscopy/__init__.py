"""鼻科内镜诊疗技术 (2023 S12): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.nasal_endoscopy.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
