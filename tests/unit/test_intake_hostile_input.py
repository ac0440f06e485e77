"""Issue 19 item 8: what a terminal or a paste can send never reaches the database raw."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import URL

from rtech.host import Host
from rtech.intake.engine import INVISIBLE_NOTE, screen_typed
from rtech.intake.parsers import Accepted, Rejected, parse_number
from rtech.store import Store, cases, make_engine, upgrade
from tests.support.intake import PCI_LINES, answer_until, host_with_codes, open_case, seed_registry


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


def draft(store: Store) -> dict[str, object]:
    with store.read() as session:
        return dict(cases.get_case(session, 1).draft_answers)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("张\x00三", "输入中含有空字符（NUL），本次回答未保存，请重新输入。"),
        ("\x1b[2J\x1b[31m张三", "输入中含有控制字符（U+001B），本次回答未保存，请重新输入。"),
        ("张三\x7f", "输入中含有控制字符（U+007F）"),
        ("张\x9b三", "输入中含有控制字符（U+009B）"),
        ("张\udcff三", "输入中含有无法识别的字节（输入不是 UTF-8 编码）"),
        ("\u200b\u200d\ufeff", "输入只有不可见字符（如零宽字符、文字方向标记），本次回答未保存。"),
        ("\u202e\u2066", "输入只有不可见字符"),
    ],
)
def test_control_characters_and_invisible_only_answers_are_refused(
    store: Store, host: Host, typed: str, expected: str
) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    assert intake.prompt.path == "patient.name"
    reply = intake.handle(typed)
    assert reply.errors
    assert expected in reply.errors[0]
    assert intake.prompt.path == "patient.name"  # asked again
    reply = intake.handle("张三")
    assert not reply.errors
    assert draft(store)["patient"] == {"name": "张三"}


def test_bidirectional_and_zero_width_marks_are_stripped_with_a_note(
    store: Store, host: Host
) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    reply = intake.handle("\u202e张\u200b三\u200f")
    assert not reply.errors
    assert reply.messages[0].text == INVISIBLE_NOTE
    assert draft(store)["patient"] == {"name": "张三"}


def test_a_five_thousand_digit_cost_is_refused(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    answer_until(intake, "admission.total_cost", PCI_LINES)
    reply = intake.handle("9" * 5000)
    assert reply.errors
    assert "超出可接受的数值范围" in reply.errors[0]
    assert "total_cost" not in draft(store)["admission"]  # type: ignore[operator]


def test_held_text_keeps_no_control_characters(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    intake.hold("张\x00三\u202e")
    assert intake.held == "张三"


@pytest.mark.parametrize("text", ["9" * 400, "1e999", "9" * 5000 + "元"])
def test_numbers_beyond_a_float_are_rejected(text: str) -> None:
    assert isinstance(parse_number(text, unit="元"), Rejected)
    assert isinstance(parse_number("9" * 15, unit="元"), Accepted)


def test_tab_is_ordinary_and_plain_text_passes_unchanged() -> None:
    assert screen_typed("张三\t男") == ("张三\t男", "", False)
