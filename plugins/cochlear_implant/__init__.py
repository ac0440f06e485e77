"""人工耳蜗植入技术 (2023 S08): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.cochlear_implant.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
