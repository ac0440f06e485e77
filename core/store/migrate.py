"""Schema migrations (Alembic), run programmatically: ``rtech db upgrade``.

Alembic (with Mako and the dialects it pulls in) costs about half a second to
import, so it is imported only to migrate. Checking whether a database is
current needs no Alembic: the revision in ``alembic_version`` is compared with
:data:`HEAD_REVISION` (a test keeps that constant equal to the migrations' head).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "HEAD_REVISION",
    "alembic_config",
    "current_revision",
    "downgrade",
    "head_revision",
    "upgrade",
]

#: The newest migration in core/store/migrations/versions (checked by a test).
HEAD_REVISION = "0950_os_accounts"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "rtech.store:migrations")
    return config


def head_revision() -> str | None:
    """The head of the migration scripts (the schema this program needs)."""
    return HEAD_REVISION


def scripts_head() -> str | None:
    """The head as Alembic computes it from the scripts (slow; tests and tools)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database; None for an empty one."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        versions = list(rows)
    return versions[0] if len(versions) == 1 else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database up to ``revision``."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
