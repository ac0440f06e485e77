"""The header of every screen: the app's title and the screen's, no clock."""

from __future__ import annotations

from textual.widgets import Header

__all__ = ["AppHeader"]


class AppHeader(Header):
    """A Header without the clock (screenshots stay fixed) and with a plain icon.

    The icon opens the command palette when clicked, as Textual's does.
    """

    def __init__(self) -> None:
        super().__init__(show_clock=False, icon="≡")
