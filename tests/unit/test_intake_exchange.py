"""Export and import of cases: nothing lost, nothing half-imported."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import URL, func, select

from rtech import strictjson
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


def test_a_signed_case_is_never_imported_as_signed(store: Store, host: Host, tmp_path: Any) -> None:
    """Issue 19 item 4: an import cannot verify a signature, so it never creates one."""
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
        with other.write() as session, pytest.raises(UserError) as refused:
            import_cases(session, host, document, actor="导入")
        assert "第 1 例：带有 1 个签名：导入时无法核验签名" in refused.value.message
        assert count(other) == 0
        with other.write() as session:
            report = import_cases(session, host, document, actor="导入", drop_signatures=True)
        assert report.imported == [(1, 1)]
        with other.read() as session:
            back = export_cases(session, host)["cases"][0]
        assert back["status"] == "submitted"
        assert back["answers"] == case["answers"]
        assert back["signatures"] == []
    finally:
        other.dispose()


def _unsigned(document: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(document)
    document["cases"][0]["signatures"] = []
    document["cases"][0]["status"] = "submitted"
    return document


def _deep(depth: int) -> Any:
    value: Any = "底"
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.update(edition="1999; DROP"), "目录版本“1999; DROP”无效（应为 2022、2023）"),
        (lambda c: c.update(created_by="医" * 300), "创建人超过 100 个字符（300 个）"),
        (lambda c: c.update(revisions="abc"), "revisions 应为列表"),
        (lambda c: c.update(revisions=[1]), "第 1 项修订不是对象"),
        (lambda c: c["revisions"][0].update(number="abc"), "第 1 项修订的编号应为 1，实为“abc”"),
        (lambda c: c["revisions"][0].update(answers=[]), "第 1 项修订的 answers 应为对象"),
        (lambda c: c["revisions"][0].update(author=7), "第 1 版的修订人应为文本"),
        (lambda c: c.update(draft="x"), "draft 应为对象"),
        (lambda c: c.update(institution="x"), "institution 应为对象"),
        (lambda c: c.update(answers="x"), "answers 应为对象"),
        (
            lambda c: c["revisions"][0]["answers"]["patient"].update(age=[1]),
            "第 1 版：“年龄”应为整数，输入为“[1]”",
        ),
        (
            lambda c: c.update(signatures=[{"signer": "任何人", "document_sha256": "0" * 64}]),
            "带有 1 个签名：导入时无法核验签名",
        ),
        (
            lambda c: c["revisions"][0]["answers"]["patient"].update(name="张\x00三"),
            "cases[0].revisions[0].answers.patient.name 含有空字符（NUL）",
        ),
        (lambda c: c.update(cost=float("nan")), "cases[0].cost 是 NaN 或无穷大"),
        (lambda c: c.update(cost=float("inf")), "cases[0].cost 是 NaN 或无穷大"),
        (lambda c: c.update(cost=10**5000), "cases[0].cost 数值过长"),
        (lambda c: c.update(extra=_deep(60)), "嵌套超过 40 层"),
    ],
)
def test_a_malformed_case_is_a_chinese_error_and_nothing_is_stored(
    store: Store, host: Host, change: Any, expected: str
) -> None:
    document = _unsigned(signed_case(store, host))
    document["cases"][0]["answers"]["patient"]["record_no"] = "NEW1"
    change(document["cases"][0])
    before = count(store)
    with store.write() as session, pytest.raises(UserError) as refused:
        import_cases(session, host, document, actor="导入")
    assert expected in refused.value.message
    assert count(store) == before


def test_two_cases_with_one_record_number_in_one_file_are_refused(store: Store, host: Host) -> None:
    document = _unsigned(signed_case(store, host))
    document["cases"][0]["answers"]["patient"]["record_no"] = "NEW1"
    document["cases"].append(copy.deepcopy(document["cases"][0]))
    before = count(store)
    with store.write() as session, pytest.raises(UserError) as refused:
        import_cases(session, host, document, actor="导入")
    assert "第 2 例：病案号 NEW1 与第 1 例相同（同一文件中重复）" in refused.value.message
    assert count(store) == before
    document["cases"][1]["answers"]["patient"]["record_no"] = "NEW2"
    with store.write() as session:
        assert len(import_cases(session, host, document, actor="导入").imported) == 2


def test_an_invalid_format_version_is_a_chinese_error(store: Store, host: Host) -> None:
    document = _unsigned(signed_case(store, host))
    document["version"] = "abc"
    with store.write() as session, pytest.raises(UserError, match="格式版本“abc”无效"):
        import_cases(session, host, document, actor="导入")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"cost": NaN}', "NaN"),
        ('{"cost": Infinity}', "Infinity"),
        ('{"cost": -Infinity}', "-Infinity"),
        ('{"cost": 1e999}', "超出范围"),
        ('{"cost": ' + "9" * 5000 + "}", "数值过长（5000 位）"),
        ("[" * 100_000 + "]" * 100_000, "嵌套"),
        ('{"name": "a\\u0000b"}', "空字符（NUL）"),
        ('{"name": "\\u001b[31m"}', "控制字符（U+001B）"),
        ("{", "不是有效的 JSON"),
    ],
)
def test_untrusted_json_is_parsed_strictly(text: str, expected: str) -> None:
    with pytest.raises(UserError) as refused:
        strictjson.loads(text, where="文件 cases.json")
    assert refused.value.message.startswith("文件 cases.json：")
    assert expected in refused.value.message


def test_ordinary_json_passes_strict_parsing() -> None:
    text = '{"cost": 12345.5, "count": -3, "note": "第一行\\n第二行\\t完", "ok": true}'
    assert strictjson.loads(text, where="x") == {
        "cost": 12345.5,
        "count": -3,
        "note": "第一行\n第二行\t完",
        "ok": True,
    }
    assert strictjson.loads("9" * 30, where="x") == int("9" * 30)
    with pytest.raises(UserError):
        strictjson.loads("9" * 31, where="x")
    strictjson.check_values(_deep(39), where="x")
    with pytest.raises(UserError):
        strictjson.check_values(_deep(41), where="x")


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
    assert "第 1、2 例：带有 1 个签名：导入时无法核验签名" in message
    assert count(store) == before
    with store.write() as session, pytest.raises(UserError, match="不是 rtech 病例导出文件"):
        import_cases(session, host, {"cases": []}, actor="导入")


@pytest.mark.parametrize("edition", [[], {}, 2023, None])
def test_an_edition_of_another_type_is_a_chinese_error(
    store: Store, host: Host, edition: Any
) -> None:
    """Found by the fuzzer: ``"edition": []`` was a TypeError (unhashable list)."""
    document = _unsigned(signed_case(store, host))
    document["cases"][0]["answers"]["patient"]["record_no"] = "NEW9"
    document["cases"][0]["edition"] = edition
    before = count(store)
    if edition is None:  # absent: the default edition
        with store.write() as session:
            assert len(import_cases(session, host, document, actor="导入").imported) == 1
        return
    with store.write() as session, pytest.raises(UserError, match=r"目录版本.*无效"):
        import_cases(session, host, document, actor="导入")
    assert count(store) == before
