"""Two hospitals and their users, for the user and permission walk-throughs of
the terminal UI (tests/functional/test_users*.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtech.store import Store, cases, registry
from rtech.store.models import User
from rtech.store.users import add_user, principal_for
from tests.support.intake import seed_registry

if TYPE_CHECKING:
    from rtech.tui.app import RtechApp

PASSWORD = "mima-2023-abc"

#: login, name, roles, institution codes
Person = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def add_people(store: Store, people: Sequence[Person]) -> dict[str, int]:
    """Two hospitals (SC0001 with five physicians, SC0002 with one) and ``people``
    (the first a system administrator), each with :data:`PASSWORD`."""
    ids = seed_registry(store)
    with store.write() as session:
        other = registry.create_institution(
            session,
            name="成都市第二医院",
            code="SC0002",
            actor="admin",
            profile={"general": {"name": "成都市第二医院", "code": "SC0002"}},
        )
        registry.create_physician(
            session, institution_id=other.id, name="李明", title="chief", actor="admin"
        )
        ids["other"] = other.id
        for login, name, roles, institutions in people:
            add_user(
                session,
                login=login,
                name=name,
                roles=roles,
                institutions=institutions,
                password=PASSWORD,
            )
    return ids


def as_user(store: Store, login: str) -> Store:
    """The same database, acting as the user ``login``."""
    with store.read() as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        return store.as_principal(principal_for(user))


def notices(app: RtechApp) -> str:
    return "\n".join(n.message for n in app._notifications)


def two_hospitals_with_a_case(session: Session, answers: Mapping[str, Any]) -> dict[str, int]:
    """甲医院 (A001) and 乙医院 (B001), each with one submitted cardio case of
    ``answers``: the case ids under "a" and "b", the institutions' under
    "institution_a" and "institution_b"."""
    made: dict[str, int] = {}
    for code, name, key in (("A001", "甲医院", "a"), ("B001", "乙医院", "b")):
        hospital = registry.create_institution(session, name=name, code=code, actor="t").id
        case = cases.create_case(
            session,
            technology="cardio",
            edition="2023",
            institution_id=hospital,
            actor="t",
            answers=answers,
        )
        cases.submit_case(session, case.id, expected_version=1, actor="t")
        made[key], made[f"institution_{key}"] = case.id, hospital
    return made
