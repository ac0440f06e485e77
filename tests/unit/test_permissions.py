"""The permission matrix, action by action and role by role, on SQLite and PostgreSQL.

Every action of :data:`rtech.auth.roles.PERMISSIONS` is tried through the core
service that does it, by a user of each role of hospital A, on hospital A's data:
the roles the matrix names succeed, the others are refused with a Chinese
message and an ``access.denied`` audit entry. Then the separation of
institutions, the revision rules and row-level security.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import URL, select, text
from sqlalchemy.orm import Session

from rtech.auth.roles import PERMISSIONS, Action, PermissionDenied, Principal, Role
from rtech.errors import UserError
from rtech.host import get_host
from rtech.store import (
    Store,
    aggregates,
    audit,
    cases,
    filings,
    make_engine,
    registry,
    upgrade,
    users,
)
from rtech.store.engine import is_sqlite
from rtech.store.models import AuditEntry, SigningKeyBinding, User
from tests import db
from tests.support.users import two_hospitals_with_a_case

ANSWERS: dict[str, Any] = {
    "patient": {"name": "张三杰", "sex": "1", "age": 65, "record_no": "ZY0001"},
    "admission": {"admission_date": "2023-03-01", "discharge_date": "2023-03-06"},
    "procedure": {"category": "coronary", "date": "2023-03-02"},
}


class RollbackError(Exception):
    """Raised at the end of an allowed attempt: nothing it wrote is kept."""


@dataclass
class World:
    store: Store
    a: int  # hospital A
    b: int  # hospital B
    case_a: int  # a submitted case of A
    case_b: int  # a submitted case of B
    people: dict[str, Principal]  # role value (or "b_clinician") -> principal


def _principal(session: Session, login: str) -> Principal:
    user = session.scalar(select(User).where(User.login == login))
    assert user is not None
    return users.principal_for(user)


def _world(url: URL) -> Iterator[World]:
    engine = make_engine(url)
    upgrade(engine)
    store = Store(engine)  # the trusted internal caller sets the scene
    with store.write() as session:
        made = two_hospitals_with_a_case(session, ANSWERS)
        a, b = made.pop("institution_a"), made.pop("institution_b")
        for role in Role:
            everywhere = role in (Role.PROVINCIAL_REVIEWER, Role.SYSTEM_ADMIN)
            users.add_user(
                session,
                login=f"u-{role.value.replace('_', '-')}",
                name=f"{role.value}",
                roles=[role],
                institutions=["*"] if everywhere else ["A001"],
                password="correct horse",
            )
        users.add_user(
            session,
            login="u-b-clinician",
            name="乙医生",
            roles=[Role.CLINICIAN, Role.INSTITUTION_ADMIN, Role.QUALITY_MANAGER],
            institutions=["B001"],
            password="correct horse",
        )
        people = {
            role.value: _principal(session, f"u-{role.value.replace('_', '-')}") for role in Role
        }
        people["b_clinician"] = _principal(session, "u-b-clinician")
        for principal in people.values():
            session.add(
                SigningKeyBinding(
                    fingerprint=f"fp-{principal.login}",
                    user_id=principal.user_id,
                    user_login=principal.login,
                    institution_id=b if principal.login == "u-b-clinician" else a,
                    created_at=datetime.now(UTC),
                )
            )
    try:
        yield World(store, a, b, made["a"], made["b"], people)
    finally:
        store.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("permissions") / "world.sqlite3"
        yield from _world(URL.create("sqlite", database=str(path)))
    else:
        with db.fresh_postgres_database() as url:
            yield from _world(url)


Attempt = Callable[[Session, World, Principal], object]


def _sign(meaning: str) -> Attempt:
    return lambda s, w, p: users.authorize_key(s, f"fp-{p.login}", meaning, w.a)


def _period() -> aggregates.PeriodSpan:
    return aggregates.PeriodSpan("2023Q1", date(2023, 1, 1), date(2023, 3, 31))


#: One call of the core service per action, on hospital A's data.
ATTEMPTS: dict[Action, Attempt] = {
    Action.CASE_RECORD: lambda s, w, p: cases.create_case(
        s, technology="cardio", edition="2023", institution_id=w.a, actor=p.label
    ),
    Action.CASE_REVISE_ANY: lambda s, w, p: _revise(s, w.case_a, p),
    Action.CASE_READ: lambda s, w, p: cases.get_case(s, w.case_a),
    Action.CASE_UNMASK: lambda s, w, p: cases.authorize_unmask(s, cases.get_case(s, w.case_a)),
    Action.CASE_EXPORT: lambda s, w, p: cases.authorize_export(s, [w.case_a], "stdout"),
    Action.CASE_IMPORT: lambda s, w, p: cases.import_case(
        s, technology="cardio", edition="2023", institution_id=w.a, actor=p.label
    ),
    Action.SIGN_REPORT: _sign("填报"),
    Action.SIGN_REVIEW: _sign("审核"),
    Action.SIGN_APPROVE: _sign("批准"),
    Action.FILING_CREATE: lambda s, w, p: cases.get_case(s, w.case_a, Action.FILING_CREATE),
    Action.FILING_READ: lambda s, w, p: filings.list_received(
        s, filings.ReceivedFilter(institution_id=w.a)
    ),
    Action.SIGNING_KEY: lambda s, w, p: users.bind_signing_key(s, "fp-new", w.a),
    Action.INDICATORS: lambda s, w, p: _indicators(s, w.a),
    Action.ELIGIBILITY: lambda s, w, p: _eligibility(s, w.a),
    Action.AGGREGATES_WRITE: lambda s, w, p: aggregates.set_aggregate(
        s,
        institution_id=w.a,
        technology="cardio",
        key="k",
        period=_period(),
        value=3,
        actor=p.label,
    ),
    Action.AGGREGATES_READ: lambda s, w, p: aggregates.list_aggregates(s, institution_id=w.a),
    Action.QA_WRITE: lambda s, w, p: aggregates.record_qa_check(
        s,
        institution_id=w.a,
        technology="cardio",
        device="DSA",
        item="dose",
        performed_on=date(2023, 1, 5),
        passed=True,
        actor=p.label,
    ),
    Action.FOLLOWUPS: lambda s, w, p: _followups(s, w.a),
    Action.REGISTRY_WRITE: lambda s, w, p: registry.create_physician(
        s, institution_id=w.a, name="新医师", title="attending", actor=p.label
    ),
    Action.INSTITUTION_CREATE: lambda s, w, p: registry.create_institution(
        s, name="丙医院", code="C001", actor=p.label
    ),
    Action.USERS_INSTITUTION: lambda s, w, p: users.add_user(
        s,
        login="new-clinician",
        name="新人",
        roles=[Role.CLINICIAN],
        institutions=["A001"],
        password="correct horse",
    ),
    Action.USERS_ALL: lambda s, w, p: users.add_user(
        s,
        login="new-reviewer",
        name="新审核",
        roles=[Role.PROVINCIAL_REVIEWER],
        institutions=["*"],
        password="correct horse",
    ),
    Action.AUDIT_VERIFY: lambda s, w, p: users.require(s, Action.AUDIT_VERIFY),
    Action.AUDIT_CHECKPOINT: lambda s, w, p: audit.authorize_checkpoint(
        s, f"fp-{p.login}", standalone=True
    ),
    Action.DATABASE: lambda s, w, p: users.require(s, Action.DATABASE),
    Action.RULES: lambda s, w, p: users.require(s, Action.RULES),
    Action.CODES: lambda s, w, p: _dictionary(s, p),
    Action.EDITIONS: lambda s, w, p: _editions(s, p),
}

#: Actions whose rule is not "the roles of the matrix" alone, tested below.
SEPARATE = {Action.CASE_REVISE_OWN, Action.CASE_REVISE_SIGNED}


def _revise(session: Session, case_id: int, principal: Principal) -> None:
    case = cases.get_case(session, case_id)
    version = cases.save_draft(
        session,
        case_id,
        expected_version=case.version,
        answers={**ANSWERS, "note": principal.login},
        cursor={},
        actor=principal.label,
    )
    cases.submit_case(
        session, case_id, expected_version=version, actor=principal.label, reason="补充"
    )


def _indicators(session: Session, institution_id: int) -> object:
    from rtech.indicators.periods import parse_period
    from rtech.indicators.service import compute_indicators

    return compute_indicators(
        session,
        get_host(),
        period=parse_period("2023Q1"),
        technology="cardio",
        institution_id=institution_id,
    )


def _eligibility(session: Session, institution_id: int) -> object:
    from rtech.eligibility.service import assess_institution

    return assess_institution(session, get_host(), "cardio", institution_id)


def _followups(session: Session, institution_id: int) -> object:
    from rtech.followups import followups_due

    return followups_due(session, get_host(), today=date(2023, 6, 1), institution_id=institution_id)


def _dictionary(session: Session, principal: Principal) -> object:
    from rtech.store.dictionaries import DictionaryRow, save_dictionary

    return save_dictionary(
        session,
        "diagnosis",
        [DictionaryRow("I25.1", "冠心病")],
        version="v1",
        source_name="his.csv",
        source_sha256="0" * 64,
        actor=principal.label,
    )


def _editions(session: Session, principal: Principal) -> object:
    from rtech.intake.editions import set_effective_dates

    return set_effective_dates(session, {"2023": "2023-07-01"}, actor=principal.label)


def _try(world: World, principal: Principal, attempt: Attempt) -> PermissionDenied | None:
    """Run ``attempt`` as ``principal``; the refusal, or None (its writes rolled back)."""
    store = world.store.as_principal(principal)
    try:
        with store.write() as session:
            attempt(session, world, principal)
            raise RollbackError
    except RollbackError:
        return None
    except PermissionDenied as denied:
        return denied


def _last_audit(world: World) -> AuditEntry:
    with world.store.read() as session:
        entry = session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert entry is not None
    return entry


MATRIX = [(action, role) for action in Action if action not in SEPARATE for role in Role]


def test_every_action_is_tried() -> None:
    assert set(ATTEMPTS) | SEPARATE == set(Action)
    assert set(PERMISSIONS) == set(Action)


@pytest.mark.parametrize(
    ("action", "role"), MATRIX, ids=[f"{a.value}-{r.value}" for a, r in MATRIX]
)
def test_the_matrix_decides(world: World, action: Action, role: Role) -> None:
    principal = world.people[role.value]
    denied = _try(world, principal, ATTEMPTS[action])
    if role in PERMISSIONS[action]:
        assert denied is None, denied.message if denied else ""
        return
    assert denied is not None, f"{role.value} may not {action.value}"
    assert "无权" in denied.message
    assert principal.label in denied.message
    entry = _last_audit(world)
    assert entry.action == "access.denied"
    assert entry.actor == principal.label
    # Refused at this action, or at the one it presupposes (reading the case,
    # managing users at all).
    assert entry.payload["action"] in {action.value, "case.read", "users.institution"}
    assert (
        entry.payload["action"] == action.value
        or role not in PERMISSIONS[Action(entry.payload["action"])]
    )


# --- institutions are separate ---------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        Action.CASE_READ,
        Action.CASE_UNMASK,
        Action.CASE_EXPORT,
        Action.FILING_CREATE,
        Action.FILING_READ,
        Action.INDICATORS,
        Action.ELIGIBILITY,
        Action.AGGREGATES_WRITE,
        Action.AGGREGATES_READ,
        Action.REGISTRY_WRITE,
        Action.SIGN_REVIEW,
        Action.CASE_RECORD,
        Action.CASE_REVISE_ANY,
        Action.FOLLOWUPS,
        Action.QA_WRITE,
    ],
)
def test_another_hospitals_data_is_refused(world: World, action: Action) -> None:
    """乙医生 holds every role a hospital gives, but only for hospital B."""
    principal = world.people["b_clinician"]
    denied = _try(world, principal, ATTEMPTS[action])
    assert denied is not None
    assert "不属于医疗机构 甲医院（A001）" in denied.message or "甲医院（A001）" in denied.message
    entry = _last_audit(world)
    assert (entry.action, entry.actor) == ("access.denied", principal.label)


def test_lists_show_only_the_users_institutions(world: World) -> None:
    for who, expected in (("b_clinician", {world.case_b}), ("clinician", {world.case_a})):
        store = world.store.as_principal(world.people[who])
        with store.read() as session:
            listed = {c.id for c in cases.list_cases(session)}
            records = {r.id for r in cases.iter_case_records(session)}
            filed = cases.filed_keys(session)
        assert listed == expected
        assert records == expected
        assert filed == {("ZY0001", "cardio")}
    with world.store.as_principal(world.people["provincial_reviewer"]).read() as session:
        assert {c.id for c in cases.list_cases(session)} >= {world.case_a, world.case_b}


def test_a_key_of_another_hospital_cannot_sign(world: World) -> None:
    """The walk-through: signing another hospital's case."""
    principal = world.people["b_clinician"]
    store = world.store.as_principal(principal)
    with pytest.raises(PermissionDenied, match=r"不属于医疗机构 甲医院（A001）"), store.read() as s:
        cases.authorize_signing(s, [world.case_a], "审核", "fp-u-b-clinician")
    assert _last_audit(world).actor == principal.label
    # Someone of both hospitals, whose key is bound to B, cannot sign A's case with it.
    both = Principal(
        login="u-b-clinician",
        name="乙医生",
        roles=frozenset({Role.INSTITUTION_ADMIN}),
        institution_ids=frozenset({world.a, world.b}),
        user_id=principal.user_id,
    )
    with (
        pytest.raises(PermissionDenied, match=r"签名密钥属于 乙医院（B001），不能签署 甲医院"),
        world.store.as_principal(both).read() as session,
    ):
        cases.authorize_signing(session, [world.case_a], "审核", "fp-u-b-clinician")
    assert _last_audit(world).payload["action"] == "sign.institution"
    # ... and nobody signs with someone else's key.
    admin = world.store.as_principal(world.people["institution_admin"])
    with (
        pytest.raises(PermissionDenied, match="签名密钥属于用户 u-clinician"),
        admin.read() as session,
    ):
        users.authorize_key(session, "fp-u-clinician", "审核", world.a)
    assert _last_audit(world).payload["action"] == "sign.key"


# --- revisions --------------------------------------------------------------------


def test_a_clinician_revises_only_their_own_cases(world: World) -> None:
    clinician = world.people["clinician"]
    store = world.store.as_principal(clinician)
    # Someone else's case (made by "t"): refused.
    denied = _try(world, clinician, lambda s, w, p: _revise(s, w.case_a, p))
    assert denied is not None
    assert denied.action == Action.CASE_REVISE_ANY.value

    def own(session: Session, w: World, p: Principal) -> None:
        case = cases.create_case(
            session,
            technology="cardio",
            edition="2023",
            institution_id=w.a,
            actor=p.label,
            answers=ANSWERS,
        )
        cases.submit_case(session, case.id, expected_version=1, actor=p.label)
        _revise(session, case.id, p)

    assert _try(world, clinician, own) is None
    del store


def test_a_signed_case_needs_the_role_and_a_named_signature(world: World) -> None:
    """The walk-through: revising a signed case as someone else."""
    with world.store.write() as session:
        case = cases.get_case(session, world.case_a)
        signature = cases.record_signature(
            session,
            case.id,
            expected_version=case.version,
            revision=case.current_revision,
            signer="陈静",
            meaning="审核",
            document_sha256="ab" * 32,
            actor="陈静",
        )
        signature_id = signature.id
    try:
        quality = world.people["quality_manager"]
        denied = _try(world, quality, lambda s, w, p: _revise(s, w.case_a, p))
        assert denied is not None
        assert denied.action == Action.CASE_REVISE_SIGNED.value
        assert "修改已签名病例" in denied.message
        admin = world.people["institution_admin"]

        def revise_naming(ids: list[int] | None) -> Attempt:
            def attempt(session: Session, w: World, p: Principal) -> None:
                case = cases.get_case(session, w.case_a)
                version = cases.save_draft(
                    session,
                    w.case_a,
                    expected_version=case.version,
                    answers={**ANSWERS, "note": "改"},
                    cursor={},
                    actor=p.label,
                )
                cases.submit_case(
                    session,
                    w.case_a,
                    expected_version=version,
                    actor=p.label,
                    reason="更正",
                    void_signatures=ids,
                )

            return attempt

        with pytest.raises(UserError, match=rf"已签名：签名 {signature_id}（陈静，审核，第 1 版）"):
            _try(world, admin, revise_naming(None))
        assert _try(world, admin, revise_naming([signature_id])) is None
    finally:
        with world.store.write() as session:
            session.execute(text("DELETE FROM case_signatures"))
            session.execute(text("UPDATE cases SET status = 'submitted'"))


# --- row-level security (PostgreSQL) ----------------------------------------------


def test_row_level_security_is_the_second_line(world: World) -> None:
    """A role that does not own the tables sees only the rows of the institutions
    the transaction names, even with a query that forgets the filter."""
    engine = world.store.engine
    if is_sqlite(engine):
        pytest.skip("row-level security is PostgreSQL's; SQLite relies on the services")
    with engine.begin() as connection:
        connection.execute(
            text(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rtech_rls_app')"
                " THEN CREATE ROLE rtech_rls_app NOLOGIN; END IF; END $$"
            )
        )
        connection.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO rtech_rls_app"))
    scoped = world.store.as_principal(world.people["b_clinician"])
    with scoped.read() as session:
        session.execute(text("SET LOCAL ROLE rtech_rls_app"))
        ids = set(session.scalars(text("SELECT id FROM cases")))
        revisions = set(session.scalars(text("SELECT DISTINCT case_id FROM case_revisions")))
    assert ids == {world.case_b}
    assert revisions == {world.case_b}
    everyone = world.store.as_principal(world.people["provincial_reviewer"])
    with everyone.read() as session:
        session.execute(text("SET LOCAL ROLE rtech_rls_app"))
        assert set(session.scalars(text("SELECT id FROM cases"))) >= {world.case_a, world.case_b}
    with engine.connect() as connection:  # no rtech.institutions at all: nothing
        connection.execute(text("SET ROLE rtech_rls_app"))
        assert list(connection.execute(text("SELECT id FROM cases"))) == []
        connection.execute(text("RESET ROLE"))
        connection.rollback()
