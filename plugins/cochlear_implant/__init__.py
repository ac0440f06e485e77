"""人工耳蜗植入技术 (2023 S08): hook implementations."""

from core import Technology, hookimpl
from plugins.cochlear_implant.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
