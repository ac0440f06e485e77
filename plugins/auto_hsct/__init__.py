"""自体造血干细胞移植技术 (2023 S06): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.auto_hsct.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
