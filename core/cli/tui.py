"""``rtech tui``: open the terminal user interface (also ``rtech`` alone)."""

from __future__ import annotations

import click

__all__ = ["run_tui", "tui_command"]


def run_tui() -> None:
    from core.tui.app import run

    run()


@click.command("tui")
def tui_command() -> None:
    """打开终端界面（与不带命令运行 rtech 相同）。"""
    run_tui()
