"""消化内镜诊疗技术 (2023 S11): hook implementations."""

from core import Technology, hookimpl
from plugins.gi_endoscopy.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
