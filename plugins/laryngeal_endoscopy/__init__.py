"""咽喉内镜诊疗技术 (2023 S13): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.laryngeal_endoscopy.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
