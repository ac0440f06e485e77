"""同种异体皮肤移植技术 (2023 S01): hook implementations."""

from rtech import Technology, hookimpl
from rtech.plugins.skin_allograft.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
