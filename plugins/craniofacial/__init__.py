"""颅颌面畸形颅面外科矫治技术 (2022 S05, 2023 S03): hook implementations."""

from core import Technology, hookimpl
from plugins.craniofacial.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY
