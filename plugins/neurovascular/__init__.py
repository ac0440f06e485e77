"""神经血管介入技术 (2023 S09): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.neurovascular.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
