"""What screening reads from the database: imported tables and effective dates."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from rtech.host import Host
from rtech.paths import DATABASE_URL_ENV, embedded_database
from rtech.screening.editions import SETTING_KEY, parse_date

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from rtech.codes.model import CodeRules

__all__ = ["imported_rules", "load_effective", "read_context"]


def read_context(
    host: Host, *, effective: bool
) -> tuple[dict[tuple[str, str], CodeRules], dict[str, date]]:
    """Imported tables and (if asked) effective dates, read without migrating.

    Screening only reads: a database that does not exist yet (the embedded
    SQLite file before first use) holds neither, and is not created for nothing;
    tables an older schema lacks are read as empty.
    """
    if _embedded_holds_nothing(effective=effective):
        return {}, {}
    from sqlalchemy import inspect

    from rtech.store import make_engine

    engine = make_engine()
    try:
        tables = set(inspect(engine).get_table_names())
        imported = imported_rules(engine, host) if "code_table_versions" in tables else {}
        dates = load_effective(engine) if effective and "settings" in tables else {}
    finally:
        engine.dispose()
    return imported, dates


def _embedded_holds_nothing(*, effective: bool) -> bool:
    """Whether the database is the embedded SQLite file and holds nothing that
    screening reads (no imported code table, no effective dates when they are
    needed) — or does not exist yet.

    A read-only probe with the standard library's sqlite3: it spares every run
    of ``rtech screen`` on a site without imported tables the import of
    SQLAlchemy and the models (about 0.3 s of a one-second run). Anything
    unexpected (another URL, a locked or unreadable file, an old schema) answers
    False, and the database is then read through the store as usual.
    """
    if os.environ.get(DATABASE_URL_ENV, "").strip():
        return False
    path = embedded_database()
    if not path.exists():
        return True
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            tables = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            if (
                "code_table_versions" in tables
                and connection.execute("SELECT 1 FROM code_table_versions LIMIT 1").fetchone()
            ):
                return False
            if (
                effective
                and "settings" in tables
                and connection.execute(
                    "SELECT 1 FROM settings WHERE key = ?", (SETTING_KEY,)
                ).fetchone()
            ):
                return False
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return True


def imported_rules(engine: Engine, host: Host) -> dict[tuple[str, str], CodeRules]:
    """(edition, slug) -> rules of the imported table in force, for known technologies."""
    from rtech.codes.imported import rules_from_table
    from rtech.store.codetables import in_force

    known = {t.slug: t for t in host.technologies}
    return {
        key: rules_from_table(table, known[key[1]])
        for key, table in in_force(engine).items()
        if key[1] in known
    }


def load_effective(engine: Engine) -> dict[str, date]:
    """The editions configured in the ``edition.effective`` setting, as dates
    (editions not configured, and values that are not dates, are left out)."""
    from sqlalchemy.orm import Session

    from rtech.store.settings import get_setting

    with Session(engine) as session:
        stored = get_setting(session, SETTING_KEY, {}) or {}
    result: dict[str, date] = {}
    for edition, value in stored.items():
        parsed = parse_date(value)
        if parsed is not None and edition.isdigit():
            result[edition] = parsed
    return result
