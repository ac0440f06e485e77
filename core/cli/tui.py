"""``rtech tui``: open the terminal user interface (also ``rtech`` alone)."""

from __future__ import annotations

import click

from rtech.cli._actor import actor_option

__all__ = ["run_tui", "tui_command"]


def run_tui(
    *,
    user: str | None = None,
    institution_code: str | None = None,
    intake: tuple[str, int | None, bool] | None = None,
    followup: bool = False,
) -> None:
    """Run the app; ``intake`` = (technology, case id, new) opens that intake at once
    (``followup``: a follow-up visit of that case)."""
    from rtech.tui.app import run

    run(actor=user, institution_code=institution_code, intake=intake, followup=followup)


@click.command("tui")
@click.option(
    "--institution", "institution_code", default=None, help="机构代码（登记了多个机构时）。"
)
@actor_option
def tui_command(institution_code: str | None, user: str | None) -> None:
    """打开终端界面（与不带命令运行 rtech 相同）。"""
    run_tui(user=user, institution_code=institution_code)
