"""肿瘤深部热疗和全身热疗技术 (2023 S02): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.hyperthermia.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
