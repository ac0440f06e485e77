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


_SCALARS = (str, int, float, bool, type(None))
_encode_string: Callable[[str], str] = (
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
)


def _scalar(value: Any) -> str:
    """``json.dumps(value)`` of a plain value, without building an encoder per call."""
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value)  # a float: NaN and infinities as json writes them


def echo_json_stream(items: Iterable[Any]) -> None:
    """Write the items as one JSON array, byte for byte what :func:`echo_json` writes
    for their list, one item at a time: the list is never built.

    A flat object of plain values (a list row) is laid out by hand around the C
    encoder: ``json.dumps`` with ``indent`` runs the pure-Python encoder, several
    times slower over a hundred thousand rows.
    """
    write = sys.stdout.write
    first = True
    for item in items:
        if (
            isinstance(item, dict)
            and item
            and all(isinstance(k, str) and isinstance(v, _SCALARS) for k, v in item.items())
        ):
            fields = ",\n    ".join(f"{_encode_string(k)}: {_scalar(v)}" for k, v in item.items())
            text = "{\n    " + fields + "\n  }"
        else:
            dumped = json.dumps(item, ensure_ascii=False, indent=2, default=str)
            text = dumped.replace("\n", "\n  ")
        write("[\n  " if first else ",\n  ")
        write(text)
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
