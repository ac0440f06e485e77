"""Output helpers shared by the commands: JSON for machines, rich tables for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

__all__ = ["FORMAT_OPTION", "echo_json", "echo_json_stream", "echo_table", "stderr_console"]

F = TypeVar("F", bound=Callable[..., Any])


def FORMAT_OPTION(  # noqa: N802 - reads as a constant decorator at the call sites
    *choices: str, default: str = "table"
) -> Callable[[F], F]:
    """``--format`` with the given choices (``table`` and ``json`` by default)."""
    choices = choices or ("table", "json")
    option: Callable[[F], F] = click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="输出格式：" + "、".join(choices) + "。",
    )
    return option


def echo_json(data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON (Chinese kept readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def echo_json_stream(items: Iterable[Any]) -> None:
    """Write the items as one JSON array, byte for byte what :func:`echo_json` writes
    for their list, one item at a time: the list is never built."""
    write = sys.stdout.write
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2, default=str)
        write("[\n  " if first else ",\n  ")
        write(text.replace("\n", "\n  "))
        first = False
    write("[]\n" if first else "\n]\n")


def echo_table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)
