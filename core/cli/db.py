"""``rtech db``: the database schema."""

from __future__ import annotations

import click

from rtech.cli._output import FORMAT_OPTION, echo_json

__all__ = ["db_group"]


@click.group("db")
def db_group() -> None:
    """数据库：结构升级与状态（默认为内嵌 SQLite，可用 RTECH_DATABASE_URL 指定）。"""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="升级到的结构版本。")
def upgrade_command(revision: str) -> None:
    """将数据库结构升级到最新版本。"""
    from rtech.store import make_engine
    from rtech.store.migrate import current_revision, upgrade

    engine = make_engine()
    before = current_revision(engine)
    _require_administrator(engine)
    upgrade(engine, revision)
    after = current_revision(engine)
    shown = engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"数据库 {shown} 已是版本 {after}，无需升级。")
    else:
        click.echo(f"数据库 {shown} 已从版本 {before or '（空）'} 升级到 {after}。")


def _require_administrator(engine: object) -> None:
    """Once a database has users, only a system administrator changes its schema
    (a database from before users, or without any, is upgraded by its installer)."""
    from sqlalchemy import Engine, inspect

    from rtech.auth.roles import Action
    from rtech.store import Store
    from rtech.store.users import require, resolve_principal

    assert isinstance(engine, Engine)
    with engine.connect() as connection:
        if not inspect(connection).has_table("users"):
            return
    store = Store(engine, resolve_principal(engine))
    with store.read() as session:
        require(session, Action.DATABASE, entity="database", entity_id="upgrade")


@db_group.command("status")
@FORMAT_OPTION("text", "json", default="text")
def status_command(fmt: str) -> None:
    """显示数据库地址与结构版本。"""
    from rtech.store import make_engine
    from rtech.store.migrate import current_revision, head_revision

    engine = make_engine()
    data: dict[str, object] = {
        "url": engine.url.render_as_string(hide_password=True),
        "backend": engine.dialect.name,
        "current": current_revision(engine),
        "head": head_revision(),
    }
    data["up_to_date"] = data["current"] == data["head"]
    if fmt == "json":
        echo_json(data)
        return
    click.echo(f"数据库：{data['url']}")
    click.echo(f"当前结构版本：{data['current'] or '（空）'}；最新：{data['head']}")
    if not data["up_to_date"]:
        click.echo("需要升级：rtech db upgrade")
