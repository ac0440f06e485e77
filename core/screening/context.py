"""What screening reads from the database: imported tables and effective dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.codes.imported import rules_from_table
from core.codes.model import CodeRules
from core.host import Host
from core.screening.editions import SETTING_KEY, parse_date
from core.store.codetables import in_force
from core.store.models import Setting

__all__ = ["imported_rules", "load_effective", "read_context", "save_effective"]


def read_context(
    host: Host, *, effective: bool
) -> tuple[dict[tuple[str, str], CodeRules], dict[str, date]]:
    """Imported tables and (if asked) effective dates, read without migrating.

    Screening only reads: a database that does not exist yet (the embedded
    SQLite file before first use) holds neither, and is not created for nothing;
    tables an older schema lacks are read as empty.
    """
    from sqlalchemy import inspect

    from core.store import database_url, is_sqlite, make_engine

    url = database_url()
    if is_sqlite(url) and url.database and not Path(url.database).exists():
        return {}, {}
    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        imported = imported_rules(engine, host) if "code_table_versions" in tables else {}
        dates = load_effective(engine) if effective and "settings" in tables else {}
    finally:
        engine.dispose()
    return imported, dates


def imported_rules(engine: Engine, host: Host) -> dict[tuple[str, str], CodeRules]:
    """(edition, slug) -> rules of the imported table in force, for known technologies."""
    known = {t.slug: t for t in host.technologies}
    return {
        key: rules_from_table(table, known[key[1]])
        for key, table in in_force(engine).items()
        if key[1] in known
    }


def load_effective(engine: Engine) -> dict[str, date]:
    """The ``edition.effective`` setting as {edition: date}; other keys are ignored."""
    with Session(engine) as session:
        setting = session.scalar(select(Setting).where(Setting.key == SETTING_KEY))
    if setting is None:
        return {}
    result: dict[str, date] = {}
    for edition, value in setting.value.items():
        parsed = parse_date(value)
        if parsed is not None and edition.isdigit():
            result[edition] = parsed
    return result


def save_effective(engine: Engine, dates: dict[str, date]) -> dict[str, date]:
    with Session(engine) as session, session.begin():
        setting = session.get(Setting, SETTING_KEY)
        value = dict(setting.value) if setting is not None else {}
        value.update({e: d.isoformat() for e, d in dates.items()})
        if setting is None:
            session.add(Setting(key=SETTING_KEY, value=value))
        else:
            setting.value = value
    return load_effective(engine)
