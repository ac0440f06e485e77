"""Storage bootstrap on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import URL, inspect, select
from sqlalchemy.orm import Session

from rtech.errors import UserError
from rtech.store import database_url, make_engine, open_database
from rtech.store.migrate import current_revision, downgrade, head_revision, upgrade
from rtech.store.models import Setting
from tests.cli import rtech


def test_migrations_go_up_and_down(database_url: URL) -> None:
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert "settings" in inspect(engine).get_table_names()
    upgrade(engine)  # idempotent
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert "settings" not in inspect(engine).get_table_names()
    engine.dispose()


def test_json_settings_round_trip_with_chinese(database_url: URL) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    value = {"2022": "2022-08-01", "说明": "按出院日期选择版本"}
    with Session(engine) as session, session.begin():
        session.add(Setting(key="edition.effective", value=value))
    with Session(engine) as session:
        stored = session.scalars(select(Setting)).one()
        assert stored.value == value
        assert stored.updated_at is not None
    engine.dispose()


def test_sqlite_is_durable_and_checks_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()


def test_default_database_is_a_sqlite_file_in_the_data_directory(tmp_path: Path) -> None:
    url = database_url()
    assert url.get_backend_name() == "sqlite"
    assert Path(url.database or "").parent == tmp_path / "data"
    engine = open_database()
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RTECH_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    assert database_url().database == str(tmp_path / "other.db")
    monkeypatch.setenv("RTECH_DATABASE_URL", "not a url")
    with pytest.raises(UserError, match="RTECH_DATABASE_URL 不是有效的数据库地址"):
        database_url()


def test_a_shared_database_must_be_upgraded_by_its_administrator(
    database_url: URL, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if database_url.get_backend_name() == "sqlite":
        engine = open_database(database_url)  # embedded: migrated on open
        assert current_revision(engine) == head_revision()
        engine.dispose()
        return
    with pytest.raises(UserError, match="结构版本") as raised:
        open_database(database_url)
    assert "rtech db upgrade" in raised.value.hint

    monkeypatch.setenv("RTECH_DATABASE_URL", database_url.render_as_string(hide_password=False))
    result = rtech(capsys, "db", "upgrade")
    assert result.code == 0, result.err
    assert "已从版本" in result.out
    status = rtech(capsys, "db", "status", "--format", "json").json()
    assert status["backend"] == "postgresql"
    assert status["up_to_date"] is True
    open_database(database_url).dispose()


def test_the_head_constant_is_the_head_of_the_migration_scripts() -> None:
    from rtech.store.migrate import HEAD_REVISION, scripts_head

    assert scripts_head() == HEAD_REVISION, "update HEAD_REVISION after adding a migration"


def _chain() -> list[str]:
    """The migrations' revisions, oldest first."""
    from alembic.script import ScriptDirectory

    from rtech.store.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]


def test_each_migration_since_users_runs_on_a_database_holding_data(database_url: URL) -> None:
    """A database in use (the demo: users with logins and signing keys, cases,
    signatures, filings) goes down each migration since 0500_users and up again:
    a migration that rebuilds a table others point at fails here (0950 did, on
    SQLite: batch mode dropped ``users``)."""
    from datetime import UTC, datetime

    from sqlalchemy import func, text

    from rtech.host import get_host
    from rtech.intake.demo import load_demo
    from rtech.store import Store
    from rtech.store.models import Institution, SigningKeyBinding, User, UserToken
    from rtech.store.users import login

    engine = make_engine(database_url)
    upgrade(engine)
    load_demo(Store(engine), get_host(), technology="cardio", cases_count=5, seed=3)
    login(engine, "demo-admin", "rtech-demo")  # a token row that points at its user
    with Session(engine) as session, session.begin():
        admin = session.scalars(select(User).where(User.login == "demo-admin")).one()
        institution = session.scalar(select(Institution.id))
        assert institution is not None
        # A signing key bound to its user (RESTRICT: the user cannot be dropped).
        session.add(
            SigningKeyBinding(
                fingerprint="ab" * 20,
                user_id=admin.id,
                user_login=admin.login,
                institution_id=institution,
                created_at=datetime.now(UTC),
            )
        )
    with Session(engine) as session:
        users_before = session.scalar(select(func.count()).select_from(User))
        tokens_before = session.scalar(select(func.count()).select_from(UserToken))
        assert users_before
        assert tokens_before
    chain = _chain()
    since = chain[chain.index("0500_users") + 1 :]
    for revision in reversed(since):
        index = chain.index(revision)
        downgrade(engine, chain[index - 1])
        upgrade(engine)
        assert current_revision(engine) == head_revision(), revision
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM users")).scalar() == users_before
        assert connection.execute(text("SELECT count(*) FROM cases")).scalar() == 5
        # Nothing went with a rebuilt table (user_tokens cascade from users).
        assert (
            connection.execute(text("SELECT count(*) FROM user_tokens")).scalar() == tokens_before
        )
        assert connection.execute(text("SELECT count(*) FROM signing_keys")).scalar() == 1
    engine.dispose()
