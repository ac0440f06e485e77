"""心血管疾病介入诊疗技术 (2022 S03, 2023 S05): hook implementations."""

from core import Technology, hookimpl
from plugins.cardio.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
