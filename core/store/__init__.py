"""Storage: engine, sessions, models and migrations (SQLAlchemy + Alembic).

The storage layer never imports filing or UI code.
"""

from __future__ import annotations

from sqlalchemy import URL, Engine

from rtech.errors import UserError
from rtech.store.engine import database_url, is_sqlite, make_engine
from rtech.store.migrate import current_revision, head_revision, upgrade
from rtech.store.session import DatabaseBusyError, Store

__all__ = [
    "DatabaseBusyError",
    "Store",
    "database_url",
    "is_sqlite",
    "make_engine",
    "open_database",
    "upgrade",
]


def open_database(url: URL | str | None = None) -> Engine:
    """An engine whose schema is current.

    The embedded SQLite database is migrated automatically; a shared server
    database is migrated by its administrator (``rtech db upgrade``) and an
    outdated one is refused with a clear message.
    """
    engine = make_engine(url)
    current, head = current_revision(engine), head_revision()
    if current != head:
        if is_sqlite(engine):
            upgrade(engine)
        else:
            engine.dispose()
            shown = engine.url.render_as_string(hide_password=True)
            raise UserError(
                f"数据库 {shown} 的结构版本为 {current or '（空）'}，本程序需要 {head}。",
                hint="请由管理员运行：rtech db upgrade",
            )
    return engine
