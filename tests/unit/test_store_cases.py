"""Cases, revisions, the registry and the audit chain on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import URL, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from rtech.errors import UserError
from rtech.store import Store, cases, make_engine, registry, upgrade
from rtech.store import audit as audit_log
from rtech.store.engine import is_sqlite
from rtech.store.models import AuditEntry, CaseRevision


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


def seed(store: Store) -> tuple[int, int]:
    with store.write() as session:
        hospital = registry.create_institution(
            session,
            name="四川省示例医院",
            code="SC0001",
            actor="admin",
            departments=[{"name": "心血管内科", "beds": 60, "since_year": 2001}],
        )
        doctor = registry.create_physician(
            session,
            institution_id=hospital.id,
            name="李明",
            title="associate_chief",
            clinical_since=2005,
            department="心血管内科",
            actor="admin",
        )
        return hospital.id, doctor.id


ANSWERS: dict[str, Any] = {
    "patient": {"name": "张三", "sex": "1", "age": 65, "record_no": "ZY0001"},
    "admission": {"admission_date": "2023-03-01", "discharge_date": "2023-03-06"},
    "procedure": {"category": "coronary", "date": "2023-03-02"},
}


def test_a_case_goes_from_draft_to_revisions(store: Store) -> None:
    hospital, _ = seed(store)
    with store.write() as session:
        case = cases.create_case(
            session, technology="cardio", edition="2023", institution_id=hospital, actor="李明"
        )
        case_id, version = case.id, case.version
    with store.write() as session:
        version = cases.save_draft(
            session,
            case_id,
            expected_version=version,
            answers=ANSWERS,
            cursor={"path": "coding.main_diagnosis"},
            actor="李明",
        )
    with store.read() as session:
        stored = cases.get_case(session, case_id)
        assert stored.record_no == "ZY0001"
        assert stored.discharge_date == date(2023, 3, 6)
        assert stored.cursor == {"path": "coding.main_diagnosis"}
        assert stored.status == "draft"

    with store.write() as session:
        first = cases.submit_case(session, case_id, expected_version=version, actor="李明")
        assert first.number == 1
        version += 1
    with store.write() as session, pytest.raises(UserError, match="没有任何修改"):
        cases.submit_case(session, case_id, expected_version=version, actor="李明", reason="x")

    changed = {**ANSWERS, "patient": {**ANSWERS["patient"], "age": 66}}
    with store.write() as session:
        version = cases.save_draft(
            session, case_id, expected_version=version, answers=changed, cursor={}, actor="李明"
        )
        assert cases.get_case(session, case_id).has_changes
    with store.write() as session, pytest.raises(UserError, match="须填写修改原因"):
        cases.submit_case(session, case_id, expected_version=version, actor="李明")
    with store.write() as session:
        second = cases.submit_case(
            session, case_id, expected_version=version, actor="王芳", reason="年龄录入错误"
        )
        assert second.number == 2
    with store.read() as session:
        records = list(cases.iter_case_records(session, technology="cardio"))
        assert [(r.id, r.revision, r.answers["patient"]["age"]) for r in records] == [
            (case_id, 2, 66)
        ]
        revise = session.query(AuditEntry).filter_by(action="case.revise").one()
        assert revise.actor == "王芳"
        assert revise.payload["reason"] == "年龄录入错误"
        assert revise.payload["changes"] == [{"path": "patient.age", "before": 65, "after": 66}]
        assert cases.filed_keys(session) == {("ZY0001", "cardio")}
        assert audit_log.verify(session).ok


def test_signing_locks_and_a_new_revision_voids_the_signature(store: Store) -> None:
    hospital, _ = seed(store)
    with store.write() as session:
        case = cases.create_case(
            session,
            technology="cardio",
            edition="2023",
            institution_id=hospital,
            actor="李明",
            answers=ANSWERS,
        )
        cases.submit_case(session, case.id, expected_version=1, actor="李明")
        signature = cases.record_signature(
            session,
            case.id,
            expected_version=2,
            revision=1,
            signer="李明",
            meaning="审核",
            document_sha256="ab" * 32,
            actor="李明",
        )
        case_id = case.id
    with store.write() as session:
        assert cases.get_case(session, case_id).status == "signed"
        cases.save_draft(
            session,
            case_id,
            expected_version=3,
            answers={**ANSWERS, "x": 1},
            cursor={},
            actor="李明",
        )
        # The revision must name the signature it voids: none, or another, is refused.
        for wrong in (None, [signature.id + 1]):
            with pytest.raises(UserError, match=r"已签名：签名 .*（李明，审核，第 1 版）"):
                cases.submit_case(
                    session,
                    case_id,
                    expected_version=4,
                    actor="李明",
                    reason="补充",
                    void_signatures=wrong,
                )
        cases.submit_case(
            session,
            case_id,
            expected_version=4,
            actor="李明",
            reason="补充",
            void_signatures=[signature.id],
        )
    with store.read() as session:
        assert cases.get_case(session, case_id).status == "submitted"
        voided = session.get(type(signature), signature.id)
        assert voided is not None
        assert voided.voided_at is not None
        actions = [e.action for e in session.query(AuditEntry).order_by(AuditEntry.id)]
        assert actions[-3:] == ["case.sign", "case.signature_void", "case.revise"]


def test_a_second_editor_is_refused_not_overwritten(store: Store) -> None:
    hospital, _ = seed(store)
    with store.write() as session:
        case_id = cases.create_case(
            session, technology="cardio", edition="2023", institution_id=hospital, actor="a"
        ).id
    # Both open version 1; the first save wins, the second is refused.
    with store.write() as session:
        cases.save_draft(
            session, case_id, expected_version=1, answers={"a": 1}, cursor={}, actor="甲"
        )
    with store.write() as session, pytest.raises(registry.ConcurrentEditError) as refused:
        cases.save_draft(
            session, case_id, expected_version=1, answers={"b": 2}, cursor={}, actor="乙"
        )
    assert "已被他人修改（当前版本 2，您打开时为 1）" in refused.value.message
    with store.read() as session:
        assert cases.get_case(session, case_id).draft_answers == {"a": 1}


def _submittable_case(store: Store) -> int:
    hospital, _ = seed(store)
    with store.write() as session:
        case_id = cases.create_case(
            session, technology="cardio", edition="2023", institution_id=hospital, actor="a"
        ).id
    with store.write() as session:
        cases.save_draft(
            session, case_id, expected_version=1, answers=ANSWERS, cursor={}, actor="甲"
        )
    return case_id


def test_a_second_submitter_of_the_same_revision_gets_the_conflict_message(
    store: Store,
) -> None:
    """Issue 19 item 1: the loser read revision 0 too; the version check comes first."""
    case_id = _submittable_case(store)
    loser = Session(store.engine.execution_options(rtech_write=True), expire_on_commit=False)
    with loser:
        with loser.begin():
            opened = cases.get_case(loser, case_id)  # version 2, no revision yet
        with store.write() as session:
            cases.submit_case(session, case_id, expected_version=2, actor="甲")
        assert opened.current_revision == 0  # the loser still holds what it read
        with loser.begin(), pytest.raises(registry.ConcurrentEditError) as refused:
            cases.submit_case(loser, case_id, expected_version=2, actor="乙")
    assert "已被他人修改（当前版本 3，您打开时为 2）" in refused.value.message
    assert "张三" not in str(refused.value)
    with store.read() as session:
        case = cases.get_case(session, case_id)
        assert (case.current_revision, case.version, case.updated_by) == (1, 3, "甲")


def test_a_database_error_never_shows_the_answers(store: Store) -> None:
    case_id = _submittable_case(store)
    with store.write() as session:
        cases.submit_case(session, case_id, expected_version=2, actor="甲")
    duplicate = CaseRevision(
        case_id=case_id,
        number=1,
        answers=ANSWERS,
        form_version="1",
        author="乙",
        reason="",
        created_at=datetime.now(UTC),
    )
    with store.write() as session:
        session.add(duplicate)
        with pytest.raises(DBAPIError) as failed:
            session.flush()
        session.rollback()
    assert "case_revisions" in str(failed.value)
    assert "张三" not in str(failed.value)
    assert "ZY0001" not in str(failed.value)


def test_simultaneous_submitters_on_postgresql_one_wins_the_rest_are_refused(
    store: Store,
) -> None:
    if is_sqlite(store.engine):
        pytest.skip("SQLite writers begin IMMEDIATE: two submissions never overlap")
    case_id = _submittable_case(store)
    barrier = threading.Barrier(5, timeout=30)
    outcomes: list[str] = []

    def submitter(name: str) -> None:
        try:
            with store.write() as session:
                cases.get_case(session, case_id)
                barrier.wait()
                cases.submit_case(session, case_id, expected_version=2, actor=name)
            outcomes.append("won")
        except registry.ConcurrentEditError:
            outcomes.append("refused")
        except BaseException as exc:  # noqa: BLE001 - recorded and asserted below
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=submitter, args=(f"医生{n}",)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 4 + ["won"]
    with store.read() as session:
        assert cases.get_case(session, case_id).current_revision == 1


def test_concurrent_writers_serialise_and_the_chain_never_forks(store: Store) -> None:
    hospital, _ = seed(store)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            for _ in range(15):
                with store.write() as session:
                    cases.create_case(
                        session,
                        technology="cardio",
                        edition="2023",
                        institution_id=hospital,
                        actor=name,
                    )
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("甲", "乙", "丙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.read() as session:
        result = audit_log.verify(session)
        assert result.ok, result.message
        assert result.entries == 2 + 45  # seed: institution + physician


def test_the_audit_log_refuses_updates_and_deletes(store: Store) -> None:
    seed(store)
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), store.write() as session:
            session.execute(text(statement))


def _bypass_triggers(store: Store, statement: str) -> None:
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
            connection.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(statement))


@pytest.mark.parametrize(
    ("statement", "broken", "reason"),
    [
        ("UPDATE audit_log SET actor = '某人' WHERE id = 2", 2, "被篡改"),
        ("DELETE FROM audit_log WHERE id = 2", 2, "缺少第 2 条"),
        ("DELETE FROM audit_log WHERE id = 3", 3, "末尾记录被删除"),
        # Only the stored link is rewritten: the entry's own hash still verifies.
        ("UPDATE audit_log SET prev_hash = 'x' WHERE id = 2", 2, "前一条记录的哈希不符"),
        # The last entry replaced by one that chains correctly: only the head tells.
        ("UPDATE audit_head SET last_hash = 'x'", 3, "末尾记录被替换"),
    ],
)
def test_verify_names_the_first_broken_entry(
    store: Store, statement: str, broken: int, reason: str
) -> None:
    seed(store)
    with store.write() as session:
        audit_log.append(
            session, actor="a", action="x", entity="case", entity_id=1, payload={"字段": "值"}
        )
    _bypass_triggers(store, statement)
    with store.read() as session:
        result = audit_log.verify(session)
    assert not result.ok
    assert result.first_broken == broken
    assert reason in result.message


def test_a_case_without_a_stay_leaves_on_the_day_of_its_procedure() -> None:
    # An outpatient case (no admission section): its procedure day is its discharge day,
    # so it falls in the period of its procedure; an inpatient not yet discharged has none.
    outpatient = {"procedure": {"date": "2024-03-05"}}
    assert cases.case_facts(outpatient)["discharge_date"] == date(2024, 3, 5)
    staying = {"admission": {"admission_date": "2024-03-04"}, "procedure": {"date": "2024-03-05"}}
    assert cases.case_facts(staying)["discharge_date"] is None
    left = {"admission": {"discharge_date": "2024-03-09"}, "procedure": {"date": "2024-03-05"}}
    assert cases.case_facts(left)["discharge_date"] == date(2024, 3, 9)


def test_stored_times_hash_alike_whatever_the_machines_timezone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # SQLite hands back naive datetimes that were stored as UTC; a hospital's
    # server runs on Beijing time, which must not shift them by eight hours.
    import time
    from datetime import UTC, datetime

    from rtech.store.audit import _timestamp

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        naive = datetime(2024, 1, 1, 8, 0, 0)
        assert _timestamp(naive) == "2024-01-01T08:00:00.000000Z"
        assert _timestamp(naive.replace(tzinfo=UTC)) == _timestamp(naive)
    finally:
        monkeypatch.undo()
        time.tzset()
