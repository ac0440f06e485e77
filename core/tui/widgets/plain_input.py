"""An Input whose cursor stops blinking when the app asks (tests, screenshots)."""

from __future__ import annotations

from textual.widgets import Input

__all__ = ["PlainInput"]


class PlainInput(Input):
    """Every Input of the app: the cursor blinks unless ``app.blink`` is False."""

    def on_mount(self) -> None:
        if getattr(self.app, "blink", True) is False:
            self.cursor_blink = False
