"""Technologies with nothing but their metadata (no form, checks, indicators or profile
parts), for the tests of what the host, the registration and the screens do then.

The built-in technologies all grow their parts; the tests that need a bare one
use these instead of borrowing a built-in that happens to be bare today.
"""

from __future__ import annotations

from rtech import Technology, hookimpl
from rtech.host import Host, make_plugin_manager

SLUG = "bare_test"
NAME = "测试用空白技术"


class BarePlugin:
    def __init__(self, slug: str = SLUG, name: str = NAME, number: str = "S98") -> None:
        self.slug, self.name, self.number = slug, name, number

    @hookimpl
    def rtech_technology(self) -> Technology:
        return Technology(
            slug=self.slug,
            name=self.name,
            editions={"2023": self.number},
            definitions={"2023": "测试用技术，只有元数据。"},
        )


def bare_host(*more: tuple[str, object]) -> Host:
    """The built-in technologies, ``bare_test`` and any further (name, plugin) pairs."""
    return Host.from_plugin_manager(make_plugin_manager(plugins=[(SLUG, BarePlugin()), *more]))
