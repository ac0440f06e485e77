"""What screening reads from the database: imported tables and effective dates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.codes.imported import rules_from_table
from core.codes.model import CodeRules
from core.host import Host
from core.screening.editions import SETTING_KEY, parse_date
from core.store.codetables import in_force
from core.store.models import Setting

__all__ = ["imported_rules", "load_effective", "save_effective"]


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
