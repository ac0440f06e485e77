"""神经血管介入技术 (2023 S09): hook implementations."""

from core import Technology, hookimpl
from plugins.neurovascular.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
