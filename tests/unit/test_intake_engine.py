"""The intake engine on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import URL, select

from rtech.host import Host, make_plugin_manager
from rtech.intake import Intake
from rtech.intake.editions import set_effective_dates
from rtech.store import Store, cases, make_engine, upgrade
from rtech.store.audit import verify
from rtech.store.models import AuditEntry, Case
from tests.support import codelists, extension
from tests.support.intake import (
    PCI_EXPECTED,
    PCI_LINES,
    host_with_codes,
    open_case,
    say,
    seed_registry,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


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


def stored(store: Store, case_id: int) -> Case:
    with store.read() as session:
        return cases.get_case(session, case_id)


def case_id(intake: Intake) -> int:
    return int(intake.backend.case_id)  # type: ignore[attr-defined]


def audit_entries(store: Store, action: str) -> list[AuditEntry]:
    with store.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_pci_case_from_first_question_to_submission(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    assert intake.greeting.startswith("新建病例 1")
    assert intake.prompt.progress == "第 1/23 题"
    for line in PCI_LINES:
        say(intake, line)
        # Every accepted answer is in the database with the position, at once
        # (a pick among candidates in progress is not an answer yet).
        draft = stored(store, case_id(intake))
        assert draft.draft_answers == intake.answers
        assert draft.cursor == {k: v for k, v in intake.cursor.items() if k != "pending"}
    assert intake.prompt.stage == "review"
    assert intake.answers == PCI_EXPECTED
    review = intake.review()
    assert review.ready
    reply = intake.handle("提交")
    assert reply.finished
    assert reply.messages[0].text == "已提交：病例 1 第 1 版（S05 心血管疾病介入诊疗技术）。"
    case = stored(store, 1)
    assert (case.status, case.current_revision, case.edition) == ("submitted", 1, "2023")
    assert case.form_version == "3"
    assert [e.payload["revision"] for e in audit_entries(store, "case.submit")] == [1]
    with store.read() as session:
        assert verify(session).ok


def test_the_procedure_date_chooses_the_edition(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    assert stored(store, 1).edition == "2023"  # today's, while the date is unknown
    say(intake, "张三", "男 65岁", "跳过", "跳过", "ZY9", "2022-12-28", "跳过", "跳过", "跳过")
    say(intake, "冠脉", "2022-12-30")
    assert stored(store, 1).edition == "2022"
    assert "S03" in intake.backend.title
    with store.write() as session:
        set_effective_dates(session, {"2023": "2022-12-01"}, actor="admin")
    again = open_case(store, host)
    say(again, "修改 12", "2022-12-30")
    assert stored(store, 1).edition == "2023"
    assert [e.payload for e in audit_entries(store, "case.edition")] == [
        {"before": "2023", "after": "2022"},
        {"before": "2022", "after": "2023"},
    ]


def test_an_edited_answer_drops_what_no_longer_applies(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES[:20])
    assert intake.answers["coronary"]["stent_count"] == 2
    say(intake, "修改 11")
    assert intake.prompt.path == "procedure.category"
    assert intake.prompt.current == "冠状动脉介入诊治"
    reply = intake.handle("心律失常")
    assert not reply.errors
    dropped = {d.path: d.display for d in reply.dropped}
    assert dropped["coronary.stent_count"] == "2个"
    assert dropped["coronary.presentation"] == "STEMI（ST段抬高型心肌梗死）"
    assert "coronary" not in intake.answers
    assert "不再适用，已从病例中移除" in reply.messages[-1].text
    assert intake.prompt.path == "arrhythmia.kind"
    assert "coronary" not in stored(store, 1).draft_answers
    (entry,) = audit_entries(store, "case.answers_dropped")
    assert entry.payload["dropped"]["coronary.stent_count"] == 2
    assert entry.payload["reason"] == "“技术类别”由“冠状动脉介入诊治”改为“心律失常介入”"


def test_the_same_property_in_another_branch_is_asked_again(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES[:14])
    assert intake.answers["coronary"]["pci_setting"] == "primary"
    say(intake, "修改 13")
    reply = intake.handle("NSTE-ACS")
    assert {d.path for d in reply.dropped} == {"coronary.stemi_in_window", "coronary.pci_setting"}
    assert intake.prompt.path == "coronary.risk_stratified"
    reply = intake.handle("否")
    assert reply.messages[-1].text.startswith("NSTE-ACS患者接受PCI前应进行危险分层")
    assert intake.prompt.options == (("1", "急诊PCI"), ("2", "择期PCI"))


def test_commands_back_skip_edit_summary_help_save(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, "张三")
    say(intake, "上一题")
    assert intake.prompt.path == "patient.name"
    assert intake.prompt.current == "张三"
    say(intake, "")  # Enter keeps the answer
    assert intake.prompt.path == "patient.sex"
    reply = intake.handle("跳过")
    assert reply.errors == ["“性别”为必答题，不能跳过。"]
    say(intake, "女", "跳过")
    assert intake.prompt.path == "patient.age"
    assert "patient.birth_date" in intake.cursor["skipped"]
    summary = intake.handle("查看").messages[0].text
    assert "  1. 姓名：张三" in summary
    assert "  3. 出生日期：（已跳过）" in summary
    assert "  4. 年龄：（未答）" in summary
    help_text = intake.handle("帮助").messages[0].text
    assert "【年龄】" in help_text
    assert "上一题" in help_text
    assert intake.handle("保存").messages[0].text.startswith("草稿已保存。病例 1")
    say(intake, "修改 3", "1950-1-1")
    assert "patient.age" not in [q.dotted for q in intake.questions()]
    assert intake.prompt.path == "patient.id_number"
    assert intake.handle("修改 99").errors == ["没有第 99 题（共 22 题）。"]
    quit_reply = intake.handle("退出")
    assert quit_reply.quit
    assert "下次将从第 4 题继续" in quit_reply.messages[0].text


def test_resuming_opens_the_same_question_with_every_answer(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES[:17])
    path, answers = intake.prompt.path, intake.answers
    again = open_case(store, host)
    assert again.greeting.startswith("继续录入病例 1")
    assert (again.prompt.path, again.answers) == (path, answers)
    other = open_case(store, host, actor="王芳")  # another user's draft is not resumed
    assert case_id(other) == 2
    fresh = open_case(store, host, new=True)
    assert case_id(fresh) == 3


def test_bad_input_gets_a_chinese_error_and_loses_nothing(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, "张三", "男", "跳过", "11")
    before = stored(store, 1)
    assert intake.prompt.path == "patient.id_number"
    checks = [
        ("110105194912310021", "校验码不符：最后一位应为“X”，输入为“1”"),
        ("1101051949", "应为18位"),
    ]
    for text, message in checks:
        errors = intake.handle(text).errors
        assert len(errors) == 1
        assert message in errors[0]
    say(intake, "跳过", "ZY1", "2023-3-5", "跳过", "跳过", "跳过", "1")
    assert intake.prompt.path == "procedure.date"
    errors = intake.handle("2023-3-1").errors
    assert errors == ["手术日期 2023-03-01 早于入院日期 2023-03-05，请核对。本次回答未保存。"]
    say(intake, "2023-3-6", "stable")
    assert intake.prompt.path == "coronary.lesion_types"
    assert "“7”不是可选项" in intake.handle("1 7").errors[0]
    say(intake, "无", "支架")
    errors = intake.handle("25个").errors
    assert errors == ["“置入支架数”为 25个，超出范围：应在 1～20个之间（输入：“25个”）"]
    after = stored(store, 1)
    assert after.version > before.version
    assert after.draft_answers == intake.answers
    assert "stent_count" not in after.draft_answers["coronary"]
    assert intake.prompt.path == "coronary.stent_count"


def test_two_people_editing_one_case(store: Store, host: Host) -> None:
    seed_registry(store)
    first = open_case(store, host)
    say(first, "张三")
    second = open_case(store, host, case_id=1, actor="王芳")
    say(first, "男")
    reply = second.handle("女")
    assert len(reply.errors) == 1
    assert reply.errors[0].startswith("病例 1已被他人修改")
    assert "您刚才输入的“女”未保存" in reply.errors[0]
    assert stored(store, 1).draft_answers["patient"]["sex"] == "1"
    assert second.answers["patient"]["sex"] == "1"  # reloaded: what the other saved
    say(second, "")  # and it carries on from there
    with pytest.raises(AssertionError, match="已被他人修改"):
        say(first, "跳过")


def test_lists_repeated_entries_and_codes_outside_the_lists(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES[:21])
    assert intake.prompt.path == "coding.other_diagnoses"
    say(intake, "I10")
    assert intake.handle("原发性高血压").errors == ["“I10 原发性高血压”已在“其他诊断”中。"]
    say(intake, "I48.900")
    assert intake.prompt.stage == "code_name"
    reply = intake.handle("心房颤动")
    assert "不在已加载的编码表中，已按输入记录为“心房颤动”" in reply.messages[0].text
    assert intake.answers["coding"]["other_diagnoses"][-1] == {
        "code": "I48.900",
        "name": "心房颤动",
    }
    say(intake, "删除 1")
    assert [d["code"] for d in intake.answers["coding"]["other_diagnoses"]] == ["I48.900"]
    say(intake, "完成")
    assert intake.prompt.path == "coding.procedures"
    assert intake.handle("完成").errors == ["“手术及操作”至少需要 1 项，现有 0 项。"]
    say(intake, "37.3401", "完成", "李明", "无")
    assert intake.handle("李明、李明").errors == ["“李明”已在“决策医师”中。"]
    assert [d["name"] for d in intake.answers["team"]["deciders"]] == ["李明"]
    # How many deciders a norm asks is its Deciders check's (cardio: 2), not the form's.
    say(intake, "wf", "完成")
    warning = intake.handle("否").messages[0]
    assert warning.level == "warning"
    assert warning.text.startswith("管理规范要求实施前签署知情同意书")
    assert intake.prompt.path == "devices.items"
    say(intake, "球囊导管")
    assert intake.prompt.stage == "entry"
    assert intake.prompt.text == "器材第1项 · 条形码或UDI（可用扫码枪录入）？"
    assert "格式不正确" in intake.handle("AB C D").errors[0]
    say(intake, "ABC123", "跳过")
    assert intake.answers["devices"]["items"] == [{"name": "球囊导管", "barcode": "ABC123"}]
    say(intake, "导丝", "取消")
    assert intake.prompt.stage == "question"
    say(intake, "完成")
    assert intake.prompt.path == "followup.plan"


def test_answers_for_several_fields_at_once(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, "张三")
    reply = intake.handle("女，72岁")
    assert reply.messages[0].text == "已同时填写：性别 女、年龄 72岁"
    assert intake.answers["patient"] == {"name": "张三", "sex": "2", "age": 72}
    assert intake.prompt.path == "patient.birth_date"


def test_ambiguous_answers_are_picked_by_number(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES[:20])
    say(intake, "I21")
    assert intake.prompt.stage == "choose"
    assert intake.prompt.options[0] == ("1", "I21.0 急性前壁心肌梗死")
    assert intake.prompt.options[2] == ("3", "I21.4 急性心内膜下心肌梗死")
    say(intake, "3")
    assert intake.answers["coding"]["main_diagnosis"] == {
        "code": "I21.4",
        "name": "急性心内膜下心肌梗死",
    }
    say(intake, "上一题", "I21")
    say(intake, "冠心病")  # another answer instead of a number
    assert intake.answers["coding"]["main_diagnosis"]["code"] == "I25.1"


def test_a_submitted_case_is_revised_with_a_reason(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES, "提交")
    revision = open_case(store, host, case_id=1, actor="王芳")
    assert revision.greeting.startswith("打开已提交的病例 1（第 1 版）")
    assert revision.prompt.stage == "review"
    say(revision, "修改 10", "3.5万")
    assert revision.prompt.stage == "review"
    assert stored(store, 1).has_changes
    say(revision, "提交")
    assert revision.prompt.stage == "reason"
    assert revision.handle("").errors == ["修改原因不能为空。"]
    reply = revision.handle("出院结算后费用更正")
    assert reply.finished
    assert reply.messages[0].text == "已提交修订：病例 1 第 2 版（S05 心血管疾病介入诊疗技术）。"
    (entry,) = audit_entries(store, "case.revise")
    assert entry.payload["reason"] == "出院结算后费用更正"
    assert entry.payload["changes"] == [
        {"path": "admission.total_cost", "before": 32000, "after": 35000}
    ]


def test_review_shows_the_eligibility_findings(store: Store) -> None:
    host = Host.from_plugin_manager(
        make_plugin_manager(plugins=[("testcodes", codelists), ("checks", extension)])
    )
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES)
    findings = intake.review().findings
    by_title = {(f.level, f.subject, f.title): f for f in findings}
    # A case check of the extension, and the same evaluated by cardio's own checks.
    assert by_title[("病例", "", "两名医师决定")].outcome_label == "符合"
    assert by_title[("病例", "", "实施前告知并签署知情同意书")].outcome_label == "符合"
    # A check that raises is reported as unknown, never as a pass, and the rest go on.
    broken = by_title[("病例", "", "出错的检查")]
    assert (broken.outcome_label, broken.explanation) == ("无法判断", "检查出错：KeyError")
    # One line per physician of the team, one for the institution.
    people = [f for f in findings if f.level == "人员"]
    assert [f.subject for f in people] == ["李明", "王芳", "张伟"]
    assert "rtech registry physician --id 1 --technology cardio" in people[0].explanation
    (institution,) = [f for f in findings if f.level == "医疗机构"]
    assert institution.subject == "四川省示例医院"
    assert institution.citation == "2023 S05 管理规范"
    assert all(f.outcome in ("pass", "fail", "unknown", "not_applicable") for f in findings)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(st.integers(0, len(PCI_LINES) - 1), max_size=6), text=st.text(max_size=25))
def test_no_input_crashes_the_engine(tmp_path_factory: Any, steps: list[int], text: str) -> None:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('h') / 'h.sqlite3'}")
    try:
        seed_registry(store)
        intake = open_case(store, host_with_codes())
        for step in steps:
            intake.handle(PCI_LINES[step])
        for line in (text, text.strip(), "上一题", text):
            reply = intake.handle(line)
            for message in reply.errors:
                assert CJK.search(message), message
            if reply.quit or reply.finished:
                break
        assert intake.prompt.stage in (
            "question",
            "entry",
            "choose",
            "code_name",
            "review",
            "reason",
            "done",
        )
        assert stored(store, 1).draft_answers == intake.answers  # nothing accepted is unsaved
    finally:
        store.dispose()
