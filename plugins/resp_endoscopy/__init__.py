"""呼吸内镜诊疗技术 (2023 S10): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.resp_endoscopy.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
