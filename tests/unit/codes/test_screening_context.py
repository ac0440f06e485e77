"""What screening reads from the database, and when it need not open it at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rtech.intake.editions import set_effective_dates
from rtech.paths import embedded_database
from rtech.screening import context
from rtech.screening.context import read_context
from rtech.store import Store, open_database


def test_no_database_file_is_nothing_to_read_and_is_not_created() -> None:
    from rtech.host import get_host

    assert context._embedded_holds_nothing(effective=True)
    assert read_context(get_host(), effective=True) == ({}, {})
    assert not embedded_database().exists()


def test_probe_sees_effective_dates_and_imported_tables(tmp_path: Path) -> None:
    from rtech.host import get_host

    open_database().dispose()  # the embedded file, migrated, empty
    assert context._embedded_holds_nothing(effective=True)

    store = Store.open()
    try:
        with store.write() as session:
            set_effective_dates(session, {"2022": "2022-09-01"}, actor="admin")
    finally:
        store.dispose()
    # Dates matter only when the edition comes from the discharge date.
    assert context._embedded_holds_nothing(effective=False)
    assert not context._embedded_holds_nothing(effective=True)
    assert read_context(get_host(), effective=True)[1] == {"2022": date(2022, 9, 1)}


def test_another_database_url_is_always_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RTECH_DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    assert not context._embedded_holds_nothing(effective=False)


def test_an_unreadable_file_falls_back_to_the_store() -> None:
    embedded_database().write_bytes(b"this is not a database" * 100)
    assert not context._embedded_holds_nothing(effective=False)
