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


def test_keygen_refuses_a_short_passphrase_before_asking_it_twice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Item 14: a passphrase shorter than eight characters is refused at once."""
    import sys

    import click.termui

    from rtech.cli.sign import read_passphrase
    from rtech.filing.keys import MIN_PASSPHRASE

    typed = iter(["1234567", "12345678", "12345678"])
    asked: list[str] = []

    def hidden(prompt: str) -> str:
        asked.append(prompt)
        return next(typed)

    monkeypatch.setattr(click.termui, "hidden_prompt_func", hidden)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.delenv("RTECH_SIGN_PASSPHRASE", raising=False)
    passphrase = read_passphrase(
        None, confirm=True, prompt="设置签名密钥口令", minimum=MIN_PASSPHRASE
    )
    assert passphrase == "12345678"  # eight characters: the bound is accepted
    assert [a.rstrip(": ：") for a in asked] == [
        "设置签名密钥口令",
        "设置签名密钥口令",
        "再次输入口令",
    ]
    assert "口令至少需要 8 个字符，请重新输入。" in capsys.readouterr().err


def test_plugins_read_at_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 14: at 80 columns every slug stays whole and what each plugin provides
    reads as whole Chinese labels, not hook names cut mid-word."""
    from rich.cells import cell_len

    from rtech.cli.plugins import HOOK_LABELS

    monkeypatch.setenv("COLUMNS", "80")
    shown = rtech(capsys, "plugins")
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    listed = rtech(capsys, "plugins", "--format", "json").json()
    for entry in listed:
        assert any(f"│ {entry['slug']} " in line for line in lines), entry["slug"]
    table = "\n".join(lines)
    assert "rtech_" not in table
    assert "case_form" not in table
    assert HOOK_LABELS["rtech_case_form"] in table


def test_cases_show_lists_the_signature_with_the_revisions(
    capsys: pytest.CaptureFixture[str], hospital: int
) -> None:
    """Item 14: ``cases show`` lists a signature in its revision table, as the TUI does."""
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
            cases.submit_case(session, case.id, expected_version=1, actor="张医生")
            session.refresh(case)
            cases.record_signature(
                session,
                case.id,
                expected_version=case.version,
                revision=1,
                signer="陈静",
                meaning="审核",
                document_sha256="0" * 64,
                actor="陈静",
            )
            case_id = case.id
    finally:
        store.dispose()
    shown = rtech(capsys, "cases", "show", str(case_id))
    assert shown.code == 0, shown.err
    revisions = shown.out[shown.out.index("修订记录") : shown.out.index("审计记录")]
    assert "签名：审核" in revisions
    assert "陈静" in revisions
    listed = rtech(capsys, "cases", "show", str(case_id), "--format", "json").json()
    assert [
        (s["revision"], s["signer"], s["meaning"], s["voided"]) for s in listed["signatures"]
    ] == [(1, "陈静", "审核", False)]
