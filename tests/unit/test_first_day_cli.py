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
