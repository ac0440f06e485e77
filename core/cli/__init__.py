"""The command line: ``rtech``.

Command names and options are English and stable (scripts rely on them); help
and messages are Chinese. Subcommands are imported only when used, so that
``rtech`` starts fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from rtech.cli import _zh
from rtech.errors import UserError

__all__ = ["DEBUG_ENV", "cli", "main"]

#: command name -> "module:attribute"; the modules are imported on first use.
COMMANDS: dict[str, str] = {
    "plugins": "rtech.cli.plugins:plugins_command",
    "plugin": "rtech.cli.plugins:plugin_group",
    "db": "rtech.cli.db:db_group",
    "tui": "rtech.cli.tui:tui_command",
    "intake": "rtech.cli.intake:intake_command",
    "cases": "rtech.cli.cases:cases_group",
    "audit": "rtech.cli.audit:audit_group",
    "registry": "rtech.cli.registry:registry_group",
    "demo": "rtech.cli.demo:demo_command",
    "followups": "rtech.cli.followups:followups_group",
    "aggregates": "rtech.cli.aggregates:aggregates_group",
    "qa": "rtech.cli.qa:qa_group",
    "eligibility": "rtech.cli.eligibility:eligibility_group",
    "indicators": "rtech.cli.indicators:indicators_group",
    "profile": "rtech.cli.profiles:profile_group",
    "file": "rtech.cli.file:file_group",
    "sign": "rtech.cli.sign:sign_group",
    "verify": "rtech.cli.verify:verify_command",
    "rules": "rtech.cli.rules:rules_group",
    "codes": "rtech.cli.codes:codes_group",
    "screen": "rtech.cli.screen:screen_command",
    "users": "rtech.cli.users:users_group",
    "login": "rtech.cli.users:login_command",
    "logout": "rtech.cli.users:logout_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands live in modules imported on demand."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="rtech", prog_name="rtech", help="显示版本并退出。")
@click.option(
    "--demo",
    "demo",
    is_flag=True,
    help="使用演示数据库（rtech demo 载入的数据），不触及工作数据库。",
)
@click.pass_context
def cli(ctx: click.Context, demo: bool) -> None:
    """限制类技术临床应用管理平台。

    不带命令运行时打开终端界面（病例录入）；其余功能见下列命令。
    """
    from rtech.actor import refuse_claimed_name

    refuse_claimed_name()
    if demo:
        from rtech.paths import DATABASE_URL_ENV, DEMO_ENV

        if os.environ.get(DATABASE_URL_ENV, "").strip():
            raise UserError(
                f"已设置 {DATABASE_URL_ENV}，--demo 不适用：演示数据库是本机的独立 SQLite 文件。"
            )
        os.environ[DEMO_ENV] = "1"
    if ctx.invoked_subcommand is None:
        from rtech.cli.tui import run_tui

        run_tui()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``rtech`` console script."""
    _zh.install()
    try:
        cli.main(args=argv, prog_name="rtech", standalone_mode=False)
    except UserError as exc:
        click.echo(f"错误：{exc.message}", err=True)
        if exc.hint:
            click.echo(exc.hint, err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("已中止。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("已中止。", err=True)
        sys.exit(130)
    except Exception as exc:  # the last resort: a bug never prints a traceback
        if os.environ.get(DEBUG_ENV):
            raise
        where = _log_crash(exc)
        click.echo(f"错误：程序内部出错（{type(exc).__name__}），本次操作未完成。", err=True)
        if where is not None:
            click.echo(f"详细信息（不含病例数据）已写入 {where}，请交给技术支持。", err=True)
        sys.exit(1)


#: Set: an unexpected error shows its traceback instead of the Chinese message.
DEBUG_ENV = "RTECH_DEBUG"


def _log_crash(exc: BaseException) -> Path | None:
    """Append where ``exc`` happened to ``<data dir>/logs/errors.log``.

    Only the exception's type and the frames (file, line, function) are written:
    an exception's message or the frames' variables may hold patients' answers.
    """
    import traceback
    from datetime import UTC, datetime

    from rtech.paths import data_dir

    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"{datetime.now(UTC).isoformat(timespec='seconds')} {type(exc).__qualname__}"]
    lines += [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    try:
        directory = data_dir() / "logs"
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "errors.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError:
        return None
    return path
