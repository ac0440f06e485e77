"""What the engine gives a front end beyond the loop: previews, held input,
suggestions to pick, code warm-up, the submit confirmation, case lists and views."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from rtech.host import Host
from rtech.intake import open_registration
from rtech.intake.views import case_summaries, case_view, resumable_cases
from rtech.store import Store, cases
from tests.support.intake import PCI_LINES, host_with_codes, open_case, say, seed_registry


@pytest.fixture
def store() -> Iterator[Store]:
    store = Store.open()
    yield store
    store.dispose()


@pytest.fixture
def host() -> Host:
    return host_with_codes()


def stored_answers(store: Store, case_id: int) -> dict[str, object]:
    with store.read() as session:
        return dict(cases.get_case(session, case_id).draft_answers)


def test_a_preview_lists_what_an_edit_would_drop_and_changes_nothing(
    store: Store, host: Host
) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES[:20])
    say(intake, "修改 11")
    before = stored_answers(store, 1)
    answers, cursor = dict(intake.answers), dict(intake.cursor)

    preview = intake.preview("xlsc")  # pinyin initials of 心律失常
    # Issue 16 item 9: the confirmation names the option, not what was typed.
    assert preview.answer == "心律失常介入"
    assert {d.path for d in preview.dropped} >= {
        "coronary.stent_count",
        "coronary.presentation",
    }
    assert not preview.errors
    # Nothing moved, nothing stored.
    assert intake.answers == answers
    assert intake.cursor == cursor
    assert intake.prompt.path == "procedure.category"
    assert stored_answers(store, 1) == before

    # The real answer drops exactly what the preview listed.
    reply = intake.handle("心律失常")
    assert [d.path for d in reply.dropped] == [d.path for d in preview.dropped]


def test_a_preview_of_a_wrong_answer_has_the_error_and_never_submits(
    store: Store, host: Host
) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    assert intake.preview("").errors == ["请输入回答。输入“帮助”查看说明。"]
    say(intake, *PCI_LINES)
    assert intake.prompt.stage == "review"
    preview = intake.preview("提交")
    assert preview.errors == ["预览时不会提交。"]
    with store.read() as session:
        assert cases.get_case(session, 1).status == "draft"


def test_text_typed_but_not_submitted_is_kept_with_the_draft(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, "张三")
    intake.hold("男 6")
    assert intake.held == "男 6"
    again = open_case(store, host)
    assert again.prompt.path == "patient.sex"
    assert again.held == "男 6"
    say(again, "男 65岁")
    assert again.held == ""
    assert open_case(store, host).held == ""
    # Holding nothing clears it.
    again.hold("  ")
    assert open_case(store, host).held == ""


def test_suggestions_carry_the_text_that_picks_them(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    assert intake.suggestions("张") == []  # a text question has none
    say(intake, *PCI_LINES[:20])
    assert intake.prompt.path == "coding.main_diagnosis"
    found = intake.suggestions("gx")
    assert found[0].label == "I25.1 动脉粥样硬化性心脏病"  # 冠心病, cardio's own list first
    assert found[0].text == "I25.1"
    assert all(s.text == s.label.split(" ")[0] for s in found)
    assert len(intake.suggestions("I", limit=3)) == 3
    say(intake, found[0].text)
    assert intake.answers["coding"]["main_diagnosis"] == {
        "code": "I25.1",
        "name": "动脉粥样硬化性心脏病",
    }
    say(intake, *PCI_LINES[21:27])
    assert intake.prompt.path == "team.operator"
    physicians = intake.suggestions("zw")
    assert {s.text for s in physicians} == {"张伟", "张蔚"}
    assert {s.label for s in physicians} == {"张伟（副主任医师）", "张蔚（主治医师）"}


def test_warm_codes_loads_the_lists_the_form_searches(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    assert set(intake.code_sets()) == {"icd10", "icd9cm3"}
    assert intake.warm_codes() > 600
    registration = open_registration(store, host, "institution", actor="admin")
    assert registration.code_sets() == []
    assert registration.warm_codes() == 0


def test_the_confirmation_names_the_case_and_the_registration(store: Store, host: Host) -> None:
    registration = open_registration(store, host, "institution", actor="admin")
    say(registration, "四川省示例医院")
    assert registration.confirmation.startswith("登记医疗机构“四川省示例医院”")
    seed_registry(store, code="SC0002")
    intake = open_case(store, host)
    assert intake.confirmation.startswith("提交病例 1（S05 心血管疾病介入诊疗技术，2023年版）？")
    say(intake, *PCI_LINES)
    assert intake.confirmation.startswith(
        "提交病例 1（张三，病案号 ZY0001；S05 心血管疾病介入诊疗技术，2023年版）？"
    )
    say(intake, "提交")
    revised = open_case(store, host, case_id=1)
    assert revised.confirmation.startswith("提交病例 1（张三，病案号 ZY0001；")
    assert "修订" in revised.confirmation


def test_case_lists_drafts_and_the_case_view(store: Store, host: Host) -> None:
    seed_registry(store)
    first = open_case(store, host)
    say(first, *PCI_LINES, "提交")
    draft = open_case(store, host, new=True)
    say(draft, "李四", "女 70岁")
    other = open_case(store, host, actor="王芳", new=True)
    say(other, "王五")

    listed = case_summaries(store, host)
    assert [c.id for c in listed] == [3, 2, 1]
    assert [c.status_label for c in listed] == ["草稿", "草稿", "已提交"]
    assert listed[2].patient_name == "张三"
    assert listed[2].technology_name == "心血管疾病介入诊疗技术"
    assert listed[2].progress == ""
    assert listed[1].progress == "第 3/23 题"
    assert [c.id for c in case_summaries(store, host, statuses=["submitted"])] == [1]
    march = case_summaries(store, host, start=date(2023, 3, 1), end=date(2023, 3, 31))
    assert [c.id for c in march] == [1]
    assert case_summaries(store, host, start=date(2023, 4, 1), end=date(2023, 4, 30)) == []

    assert [c.id for c in resumable_cases(store, host, actor="李明")] == [2]
    assert [c.id for c in resumable_cases(store, host, actor="王芳")] == [3]

    # A revision in progress is resumable and its view shows both copies.
    revising = open_case(store, host, case_id=1)
    say(revising, "修改 6", "ZY0009")
    mine = resumable_cases(store, host, actor="李明")
    assert [c.id for c in mine] == [1, 2]
    assert mine[0].status_label == "已提交（有未提交修改）"
    assert mine[0].progress == "复核"  # every question answered: back at the review

    view = case_view(store, host, 1)
    assert view.title == "S05 心血管疾病介入诊疗技术（2023年版）"
    assert (6, "patient.record_no", "患者信息", "病案号", "ZY0001") in view.rows
    assert view.draft_rows is not None
    assert (6, "patient.record_no", "患者信息", "病案号", "ZY0009") in view.draft_rows
    assert [(r.number, r.author, r.reason) for r in view.revisions] == [(1, "李明", "")]
    id_row = next(r for r in view.rows if r[1] == "patient.id_number")
    assert "*" in id_row[4]  # masked
    assert case_view(store, host, 2).draft_rows is None
    assert case_view(store, host, 2).revisions == []


def test_changes_list_what_a_revision_changes(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES)
    assert intake.changes() == []  # never submitted: nothing to compare with
    say(intake, "提交")
    revised = open_case(store, host, case_id=1)
    assert revised.changes() == []
    say(revised, "修改 6", "ZY0009", "修改 17", "球囊")
    assert revised.changes() == [
        ("病案号", "ZY0001", "ZY0009"),
        ("介入治疗方式", "支架置入", "单纯球囊扩张（PTCA，含药物涂层球囊）"),
        ("置入支架数", "2个", "—"),
    ]


def test_a_missing_section_is_numbered_by_its_first_question(store: Store, host: Host) -> None:
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, "张三")
    numbers = {tuple(p.path): intake.number_of(p.path) for p in intake.review().errors}
    # The whole 住院信息 section is missing: it starts at question 7 (入院日期).
    assert numbers[("admission",)] == 7
    assert intake.summary_rows()[6][1] == "admission.admission_date"
    assert numbers[("patient", "sex")] == 2


def test_the_submit_confirmation_names_the_failed_findings(store: Store, host: Host) -> None:
    # Issue 16 item 10: 不符合 findings are said before the user confirms.
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES)
    failed = [f for f in intake.review().findings if f.outcome == "fail"]
    assert len(failed) == 1
    assert intake.confirmation.startswith("提交病例 1（张三")
    assert "注意：1 项核查结果为“不符合”：" in intake.confirmation
    assert f"{failed[0].title}：{failed[0].explanation}" in intake.confirmation
