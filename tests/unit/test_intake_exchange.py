"""Export and import of cases: nothing lost, nothing half-imported."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import URL, func, select

from rtech.errors import UserError
from rtech.host import Host
from rtech.intake.exchange import export_cases, import_cases
from rtech.store import Store, cases, make_engine, upgrade
from rtech.store.models import Case
from tests.support.intake import (
    PCI_EXPECTED,
    PCI_LINES,
    host_with_codes,
    open_case,
    say,
    seed_registry,
)


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


def signed_case(store: Store, host: Host) -> dict[str, Any]:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES, "提交")
    with store.write() as session:
        case = cases.get_case(session, 1)
        cases.record_signature(
            session,
            1,
            expected_version=case.version,
            revision=1,
            signer="李明",
            meaning="审核",
            document_sha256="a" * 64,
            actor="李明",
        )
    with store.read() as session:
        return export_cases(session, host)


def count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(Case.id))) or 0)


def test_a_signed_case_comes_back_signed(store: Store, host: Host, tmp_path: Any) -> None:
    document = signed_case(store, host)
    (case,) = document["cases"]
    assert case["status"] == "signed"
    assert case["answers"] == PCI_EXPECTED
    assert document["physicians"][0] == {
        "id": "1",
        "name": "李明",
        "title": "chief",
        "licence_no": "110000000001",
    }
    other = Store.open(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        seed_registry(other)
        with other.write() as session:
            report = import_cases(session, host, document, actor="导入")
        assert report.imported == [(1, 1)]
        with other.read() as session:
            back = export_cases(session, host)["cases"][0]
        assert back["status"] == "signed"
        assert back["answers"] == case["answers"]
        assert back["signatures"][0]["document_sha256"] == "a" * 64
    finally:
        other.dispose()


def test_an_invalid_file_imports_nothing(store: Store, host: Host) -> None:
    document = signed_case(store, host)
    bad = copy.deepcopy(document)
    bad["cases"][0]["answers"]["patient"]["record_no"] = "NEW1"
    bad["cases"][0]["revisions"][0]["answers"]["coronary"]["stent_count"] = 99
    bad["cases"].append(copy.deepcopy(bad["cases"][0]))
    bad["cases"][1]["answers"]["patient"]["record_no"] = "NEW2"
    bad["cases"][1]["revisions"][0]["answers"]["team"]["operator"] = {"id": "77", "name": "赵六"}
    before = count(store)
    with store.write() as session, pytest.raises(UserError) as raised:
        import_cases(session, host, bad, actor="导入")
    message = raised.value.message
    assert "未导入任何病例" in message
    assert "第 1、2 例：第 1 版：“置入支架数”为 99个，超出范围" in message
    assert "第 2 例：医师“赵六”不在本库医师名册中，请先登记" in message
    assert count(store) == before
    with store.write() as session, pytest.raises(UserError, match="不是 rtech 病例导出文件"):
        import_cases(session, host, {"cases": []}, actor="导入")
