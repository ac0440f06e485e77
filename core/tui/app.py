"""The rtech Textual application."""

from __future__ import annotations

from textual.app import App

from core.tui.screens.home import HomeScreen

__all__ = ["RtechApp", "run"]


class RtechApp(App[None]):
    """限制类技术临床应用管理平台."""

    TITLE = "rtech 限制类技术"
    CSS_PATH = "app.tcss"

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())


def run() -> None:
    RtechApp().run()
