"""Issue 16, what a clinician hits on the first day: the CLI as a user types it
(in-process), item by item."""

from __future__ import annotations

import pytest

from rtech.store import Store, registry
from tests.cli import rtech


@pytest.fixture
def two_hospitals() -> tuple[int, int]:
    """Two institutions; the second's code is the first's number."""
    store = Store.open()
    try:
        with store.write() as session:
            first = registry.create_institution(
                session, name="第一医院", code="H-0001", actor="管理员"
            ).id
            second = registry.create_institution(
                session, name="第二医院", code=str(first), actor="管理员"
            ).id
            return first, second
    finally:
        store.dispose()


@pytest.mark.parametrize(
    "command",
    [
        ("eligibility", "check", "--technology", "cardio"),
        ("indicators", "compute", "--technology", "cardio", "--period", "2024"),
    ],
)
def test_institution_by_code_or_unambiguous_number(
    capsys: pytest.CaptureFixture[str], two_hospitals: tuple[int, int], command: tuple[str, ...]
) -> None:
    """Item 13: ``--institution`` takes the institution code everywhere, and the
    number where no institution has it as its code."""
    first, second = two_hospitals
    by_code = rtech(capsys, *command, "--institution", "H-0001", "--format", "json")
    assert by_code.code == 0, by_code.err
    assert "integer" not in by_code.err
    by_number = rtech(capsys, *command, "--institution", str(second), "--format", "json")
    assert by_number.code == 0, by_number.err
    if command[0] == "eligibility":
        assert [a["subject"]["id"] for a in by_code.json()] == [first]
        assert [a["subject"]["id"] for a in by_number.json()] == [second]
    ambiguous = rtech(capsys, *command, "--institution", str(first), "--format", "json")
    assert ambiguous.code == 2
    assert "既是第二医院的机构代码，又是第一医院的编号" in ambiguous.err
    assert "H-0001" in ambiguous.err
    unknown = rtech(capsys, *command, "--institution", "DEMO-0001")
    assert unknown.code == 2
    assert "没有机构代码或编号为“DEMO-0001”的医疗机构" in unknown.err
    assert "integer" not in unknown.err


@pytest.fixture
def hospital() -> int:
    store = Store.open()
    try:
        with store.write() as session:
            return registry.create_institution(
                session, name="示例医院", code="H-0001", actor="管理员"
            ).id
    finally:
        store.dispose()


def test_case_audit_reads_in_chinese_with_the_forms_labels(
    capsys: pytest.CaptureFixture[str], hospital: int
) -> None:
    """Item 4: ``cases show`` names audit actions and dropped answers in Chinese,
    the fields by the form's section and question titles."""
    from rtech.store import cases

    store = Store.open()
    try:
        with store.write() as session:
            case = cases.create_case(
                session,
                technology="cardio",
                edition="2023",
                institution_id=hospital,
                actor="张医生",
                answers={"patient": {"age": 61}},
            )
            cases.save_draft(
                session,
                case.id,
                expected_version=1,
                answers={},
                cursor={},
                actor="张医生",
                dropped={"patient.age": 61, "no_such.field": 1},
                reason="改了出生日期",
            )
            case_id = case.id
    finally:
        store.dispose()
    shown = rtech(capsys, "cases", "show", str(case_id))
    assert shown.code == 0, shown.err
    audit = shown.out[shown.out.index("审计记录") :]
    assert "case." not in audit
    assert "新建" in audit
    assert "patient" not in audit
    listed = rtech(capsys, "cases", "show", str(case_id), "--format", "json").json()
    assert listed["audit"][1]["summary"] == (
        "移除回答：患者信息·年龄、no_such.field（改了出生日期）"
    )
    assert [a["action"] for a in listed["audit"]] == ["case.create", "case.answers_dropped"]
    assert [a["action_label"] for a in listed["audit"]] == ["新建", "移除回答"]
