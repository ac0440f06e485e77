"""``rtech audit``: the hash-chained audit log."""

from __future__ import annotations

import sys

import click

from rtech.cli._output import FORMAT_OPTION, echo_json

__all__ = ["audit_group"]


@click.group("audit")
def audit_group() -> None:
    """审计日志：校验哈希链是否完整。"""


@audit_group.command("verify")
@FORMAT_OPTION("text", "json", default="text")
def verify_command(fmt: str) -> None:
    """逐条校验审计日志；链断开时指出第一条出问题的记录，并以非零状态退出。"""
    from rtech.store import Store
    from rtech.store.audit import verify

    store = Store.open()
    try:
        with store.read() as session:
            result = verify(session)
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(
            {
                "ok": result.ok,
                "entries": result.entries,
                "first_broken": result.first_broken,
                "reason": result.reason,
                "message": result.message,
            }
        )
    else:
        click.echo(result.message)
    if not result.ok:
        sys.exit(1)
