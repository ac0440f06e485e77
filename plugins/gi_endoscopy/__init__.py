"""消化内镜诊疗技术 (2023 S11): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.gi_endoscopy.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
