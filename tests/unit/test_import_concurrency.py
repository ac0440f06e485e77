"""Issue 19 item 2: a large import never locks out an intake, and a busy database loses nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL, Engine, event, func, select, text

from rtech.errors import UserError
from rtech.host import Host
from rtech.intake.exchange import import_in_batches
from rtech.store import DatabaseBusyError, Store, cases, make_engine, upgrade
from rtech.store.models import AuditEntry, Case
from tests.support.exchange import many_cases, one_case_document
from tests.support.intake import host_with_codes, open_case, say


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


@pytest.fixture
def host() -> Host:
    return host_with_codes()


class WriteTransactions:
    """Counts, per write transaction of any engine, the cases it inserts."""

    def __init__(self) -> None:
        self.inserted: list[int] = []
        self.open = False

    def begin(self, conn: Any) -> None:
        self.open = bool(conn.get_execution_options().get("rtech_write"))
        if self.open:
            self.inserted.append(0)

    def statement(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.open and statement.lstrip().upper().startswith("INSERT INTO CASES "):
            self.inserted[-1] += 1


@pytest.fixture
def transactions() -> Iterator[WriteTransactions]:
    seen = WriteTransactions()
    event.listen(Engine, "begin", seen.begin)
    event.listen(Engine, "before_cursor_execute", seen.statement)
    yield seen
    event.remove(Engine, "begin", seen.begin)
    event.remove(Engine, "before_cursor_execute", seen.statement)


def count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(Case.id))) or 0)


def test_cases_import_writes_in_short_transactions(
    database_url: URL,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    transactions: WriteTransactions,
) -> None:
    """The CLI checks the whole file first, then writes 50 cases per transaction."""
    import json

    from tests.cli import rtech

    source = Store.open(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    try:
        document = many_cases(one_case_document(source, host_with_codes()), 120)
    finally:
        source.dispose()
    monkeypatch.setenv("RTECH_DATABASE_URL", database_url.render_as_string(hide_password=False))
    target = Store(make_engine(database_url))
    try:
        upgrade(target.engine)
        from tests.support.intake import seed_registry

        seed_registry(target)
        (tmp_path / "cases.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
        transactions.inserted.clear()
        result = rtech(capsys, "cases", "import", str(tmp_path / "cases.json"))
        assert result.code == 0, result.err
        assert "已导入 120 例。" in result.out
        assert count(target) == 120
        writes = [n for n in transactions.inserted if n]
        assert writes == [50, 50, 20]
    finally:
        target.dispose()


def test_an_interrupted_import_resumes_without_doubling(store: Store, host: Host) -> None:
    """Batches already written stay; running the import again imports only the rest."""
    document = many_cases(one_case_document(store, host), 30)
    partial = {**document, "cases": document["cases"][:12]}
    assert len(import_in_batches(store, host, partial, actor="导入", batch=5).imported) == 12
    report = import_in_batches(store, host, document, actor="导入", batch=5)
    assert len(report.imported) == 18
    assert len(report.skipped) == 12
    assert all("已存在" in why for _source, why in report.skipped)
    assert count(store) == 31
    with store.read() as session:
        audited = session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "case.import")
        )
    assert audited == 30


def test_a_problem_anywhere_in_the_file_writes_nothing(store: Store, host: Host) -> None:
    document = many_cases(one_case_document(store, host), 120)
    document["cases"][110]["revisions"][0]["answers"]["patient"]["age"] = "七十"
    with pytest.raises(UserError, match="第 111 例"):
        import_in_batches(store, host, document, actor="导入", batch=50)
    assert count(store) == 1


def _lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_an_answer_typed_while_the_database_is_busy_is_kept(tmp_path: Path, host: Host) -> None:
    """SQLite locked by another writer: a Chinese "retry" message, the answer kept in
    the intake, written with the next save; quitting waits until it is stored."""
    path = tmp_path / "busy.sqlite3"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=50)
    upgrade(engine)
    store = Store(engine)
    try:
        from tests.support.intake import seed_registry

        seed_registry(store)
        intake = open_case(store, host)
        say(intake, "张三")
        holder = _lock(path)
        try:
            reply = intake.handle("男 70岁")
            (message,) = reply.errors
            assert message.startswith("数据库正忙")
            assert "“男 70岁”已保留" in message
            assert intake.answers["patient"]["age"] == 70
            assert intake.unsaved
            left = intake.handle("退出")
            assert not left.quit
            assert "暂不退出" in " ".join(left.errors)
        finally:
            holder.rollback()
            holder.close()
        saved = intake.handle("保存")
        assert saved.saved
        assert not saved.errors
        assert not intake.unsaved
        with store.read() as session:
            stored = cases.get_case(session, 1).draft_answers
        assert stored["patient"]["age"] == 70
        assert stored["patient"]["sex"] == "1"
    finally:
        store.dispose()


def test_a_busy_database_is_a_chinese_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=50)
    upgrade(engine)
    store = Store(engine)
    holder = _lock(path)
    try:
        with pytest.raises(DatabaseBusyError) as busy, store.write() as session:
            session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE waits, then gives up
        assert busy.value.message.startswith("数据库正忙")
        assert "没有丢失" in busy.value.hint
    finally:
        holder.rollback()
        holder.close()
        store.dispose()
