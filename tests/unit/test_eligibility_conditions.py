"""The reusable eligibility conditions: outcomes and the values their explanations name."""

from __future__ import annotations

from typing import Any

import pytest

from rtech import Check, Citation, Level, Outcome
from rtech.eligibility import conditions as c
from rtech.eligibility.model import summarize
from rtech.store.registry import TITLES

AS_OF = "2024-06-30"


def verdict(condition: c.Condition, subject: dict[str, Any]) -> tuple[Outcome, str]:
    result = condition({"as_of": AS_OF, **subject})
    return result.outcome, result.explanation


def test_titles_are_the_registry_titles() -> None:
    assert c.TITLES == TITLES


def test_missing_data_is_unknown_never_pass() -> None:
    for condition in (
        c.is_true("profile.x", label="甲"),
        c.at_least("profile.x", 1, label="乙"),
        c.years_since("profile.x", 5, label="丙"),
        c.includes("profile.x", {"a": "A"}, label="丁"),
        c.title_at_least("attending"),
        c.department("profile.dept", "心血管内科", min_years=5, min_beds=40),
        c.training_or_exemption(c.TrainingRule()),
    ):
        outcome, text = verdict(condition, {})
        assert outcome is Outcome.UNKNOWN, text
        assert "未填写" in text


def test_department_names_years_and_beds() -> None:
    rule = c.department("profile.dept", "心血管内科", min_years=5, min_beds=40)
    dept = {"registered": True, "since": "2019-06-30", "beds": 45}
    outcome, text = verdict(rule, {"profile": {"dept": dept}})
    assert outcome is Outcome.PASS
    assert "开展心血管内科临床诊疗工作自2019-06-30起，至2024-06-30已满5年（要求5年以上）" in text
    assert "心血管内科床位 45张（要求不少于40张）" in text
    outcome, text = verdict(rule, {"profile": {"dept": {**dept, "beds": 39}}})
    assert outcome is Outcome.FAIL
    assert "39张" in text
    outcome, text = verdict(rule, {"profile": {"dept": {**dept, "since": "2019-07-01"}}})
    assert outcome is Outcome.FAIL
    assert "未满（2024-07-01满）5年" in text
    # One unknown part and one failing part: the failure decides.
    outcome, _ = verdict(rule, {"profile": {"dept": {"registered": True, "beds": 10}}})
    assert outcome is Outcome.FAIL
    assert rule.fields == {
        "profile.dept.registered",
        "profile.dept.since",
        "profile.dept.beds",
    }


@pytest.mark.parametrize(
    ("start", "as_of", "expected"),
    [
        ("2019-03-15", "2024-03-15", Outcome.PASS),  # exactly five years: 以上 includes 5
        ("2019-03-15", "2024-03-14", Outcome.FAIL),  # one day short
        ("2019-12-31", "2024-01-02", Outcome.FAIL),  # calendar years would say 5
        ("2020-02-29", "2025-02-28", Outcome.PASS),  # no 29 February: the month's last day
        ("2020-02-29", "2025-02-27", Outcome.FAIL),
        (2018, "2023-12-31", Outcome.PASS),  # a bare year: even 2018-12-31 gives five
        (2018, "2023-12-30", Outcome.UNKNOWN),  # depends on the day: ask for the date
        (2019, "2024-01-02", Outcome.UNKNOWN),  # the calendar-year pass the issue found
        (2019, "2023-12-31", Outcome.FAIL),  # even 2019-01-01 gives only four
        ("2019-13-01", "2024-06-30", Outcome.UNKNOWN),  # not a date
    ],
)
def test_years_are_counted_from_day_to_day(start: object, as_of: str, expected: Outcome) -> None:
    rule = c.years_since("profile.since", 5, label="开展")
    result = rule({"as_of": as_of, "profile": {"since": start}})
    assert result.outcome is expected, result.explanation
    if expected is Outcome.UNKNOWN and isinstance(start, int):
        assert "请填写起始日期" in result.explanation


def test_equipment_lists_what_is_missing() -> None:
    rule = c.equipment_present(
        "profile.eq", {"mri": "磁共振（MRI）", "ct": "CT", "pacs": "PACS"}, label="影像设备"
    )
    assert verdict(rule, {"profile": {"eq": ["mri", "ct", "pacs"]}})[0] is Outcome.PASS
    outcome, text = verdict(rule, {"profile": {"eq": ["ct"]}})
    assert outcome is Outcome.FAIL
    assert "缺少磁共振（MRI）、PACS" in text


def test_icu_and_staff_counts() -> None:
    icu = c.icu_beds_and_area("profile.icu", min_beds=6, min_area=15)
    outcome, text = verdict(icu, {"profile": {"icu": {"beds": 6, "area_per_bed": 14.5}}})
    assert outcome is Outcome.FAIL
    assert "每病床净使用面积 14.5平方米（要求不少于15平方米）" in text
    staff = c.staff_count("profile.n", 2, label="专职护士")
    assert verdict(staff, {"profile": {"n": 2}}) == (Outcome.PASS, "专职护士 2名（要求不少于2名）")
    assert verdict(staff, {"profile": {"n": "两"}})[0] is Outcome.UNKNOWN


def test_titles_and_licence_scope() -> None:
    rule = c.title_at_least("associate_chief")
    assert verdict(rule, {"title": "chief"})[0] is Outcome.PASS
    assert verdict(rule, {"title": "attending"}) == (
        Outcome.FAIL,
        "专业技术职务任职资格：主治医师（要求副主任医师及以上）",
    )
    licence = c.licence_scope({"internal_medicine": "内科专业"}, registered_here=True)
    good = {
        "licence_no": "110",
        "registered_here": True,
        "general": {"practice_scopes": ["internal_medicine"]},
    }
    assert verdict(licence, good)[0] is Outcome.PASS
    outcome, text = verdict(licence, {**good, "general": {"practice_scopes": ["surgery"]}})
    assert outcome is Outcome.FAIL
    assert "要求为内科专业之一" in text
    assert verdict(licence, {**good, "registered_here": False})[0] is Outcome.FAIL
    assert verdict(licence, {**good, "licence_no": ""})[0] is Outcome.UNKNOWN


RULE_2022 = c.TrainingRule(
    exemption=c.ExemptionRule(
        min_clinical_years=10, min_title="associate_chief", min_cases=100, window_years=5
    )
)
RULE_2023 = c.TrainingRule()


def training(route: str, **fields: Any) -> dict[str, Any]:
    return {"profile": {"training": {"route": route, **fields}}}


def test_training_at_a_filed_base() -> None:
    done = training("base", base_filed=True, months=12, cases=50, managed_cases=30, passed=True)
    rule = c.training_or_exemption(RULE_2023)
    assert verdict(rule, done)[0] is Outcome.PASS
    short = training("base", base_filed=True, months=6, cases=50, managed_cases=30, passed=True)
    outcome, text = verdict(rule, short)
    assert outcome is Outcome.FAIL
    assert "系统培训 6个月（要求不少于12个月）" in text
    assert verdict(rule, training("none")) == (
        Outcome.FAIL,
        "培训途径：尚未培训；尚未接受系统培训",
    )


def test_the_exemption_rule_holds_only_where_the_edition_has_it() -> None:
    exempt = training(
        "exempt",
        exemption={
            "clinical_years": 12,
            "title": "associate_chief",
            "recent_cases": 120,
            "serious_adverse_event": False,
        },
    )
    assert verdict(c.training_or_exemption(RULE_2022), exempt)[0] is Outcome.PASS
    outcome, text = verdict(c.training_or_exemption(RULE_2023), exempt)
    assert outcome is Outcome.FAIL
    assert "本版规范没有" in text
    exempt["profile"]["training"]["exemption"]["serious_adverse_event"] = True
    outcome, text = verdict(c.training_or_exemption(RULE_2022), exempt)
    assert outcome is Outcome.FAIL
    assert "发生严重不良事件：是" in text


def test_a_training_route_check_applies_only_to_its_route() -> None:
    overseas = c.training_route("overseas", RULE_2023)
    base = training("base", base_filed=True, months=12, cases=50, managed_cases=30, passed=True)
    assert verdict(overseas, base)[0] is Outcome.NOT_APPLICABLE
    abroad = training("overseas", months=13, certificate=True, assessed_by_filed_base=False)
    outcome, text = verdict(overseas, abroad)
    assert outcome is Outcome.FAIL
    assert "经省级卫生健康行政部门备案的培训基地考核合格：否" in text
    assert verdict(overseas, {})[0] is Outcome.UNKNOWN


def test_when_a_requirement_does_not_apply() -> None:
    rule = c.when(
        c.is_true("profile.tavi", label="开展TAVI"),
        c.is_true("profile.hybrid", label="杂交手术室"),
        otherwise="未开展TAVI",
    )
    assert verdict(rule, {"profile": {"tavi": False}}) == (
        Outcome.NOT_APPLICABLE,
        "未开展TAVI（开展TAVI：否）",
    )
    assert verdict(rule, {"profile": {"tavi": True, "hybrid": False}})[0] is Outcome.FAIL
    assert verdict(rule, {"profile": {}})[0] is Outcome.UNKNOWN


def test_any_of_needs_one_pass() -> None:
    rule = c.any_of(c.is_true("a", label="甲"), c.is_true("b", label="乙"))
    assert verdict(rule, {"a": False, "b": True}) == (Outcome.PASS, "乙：是")
    assert verdict(rule, {"a": False, "b": False})[0] is Outcome.FAIL
    assert verdict(rule, {"a": False})[0] is Outcome.UNKNOWN


def physician(id: int, title: str, qualified: str, institution: int = 1) -> dict[str, Any]:
    return {
        "id": id,
        "name": f"医师{id}",
        "title": title,
        "registered_here": True,
        "active": True,
        "institution_id": institution,
        "qualified": qualified,
    }


def test_qualified_physicians_count_only_passes() -> None:
    rule = c.qualified_physicians(2, technology_label="本技术")
    two = [physician(1, "chief", "pass"), physician(2, "attending", "pass")]
    assert verdict(rule, {"physicians": two})[0] is Outcome.PASS
    one_open = [physician(1, "chief", "pass"), physician(2, "attending", "unknown")]
    outcome, text = verdict(rule, {"physicians": one_open})
    assert outcome is Outcome.UNKNOWN
    assert "另有 1 名资质无法判断：医师2" in text
    one_bad = [physician(1, "chief", "pass"), physician(2, "attending", "fail")]
    assert verdict(rule, {"physicians": one_bad})[0] is Outcome.FAIL


def test_qualified_physicians_of_a_named_title() -> None:
    """2022 S04 二4: 至少2名…本医疗机构注册的主任医师 — a qualified 副主任医师 does not count."""
    rule = c.qualified_physicians(2, technology_label="本技术", min_title="chief")
    chiefs = [physician(1, "chief", "pass"), physician(2, "chief", "pass")]
    assert verdict(rule, {"physicians": chiefs})[0] is Outcome.PASS
    one_associate = [physician(1, "chief", "pass"), physician(2, "associate_chief", "pass")]
    outcome, text = verdict(rule, {"physicians": one_associate})
    assert outcome is Outcome.FAIL
    assert "主任医师及以上医师 1 名" in text
    with pytest.raises(ValueError):
        c.qualified_physicians(2, technology_label="本技术", min_title="professor")


def case_subject(deciders: list[dict[str, Any]], **physicians: dict[str, Any]) -> dict[str, Any]:
    return {
        "institution_id": 1,
        "answers": {"team": {"deciders": deciders, "operator": {"id": "1", "name": "医师1"}}},
        "physicians": physicians,
    }


def test_two_qualified_associate_chiefs_decide() -> None:
    rule = c.decided_by(2, min_title="associate_chief", same_institution=True)
    refs = [{"id": "1", "name": "医师1"}, {"id": "2", "name": "医师2"}]
    chiefs = {"1": physician(1, "chief", "pass"), "2": physician(2, "associate_chief", "pass")}
    assert verdict(rule, case_subject(refs, **chiefs))[0] is Outcome.PASS
    junior = {**chiefs, "2": physician(2, "attending", "pass")}
    outcome, text = verdict(rule, case_subject(refs, **junior))
    assert outcome is Outcome.FAIL
    assert "医师2（主治医师，资质符合）" in text
    elsewhere = {**chiefs, "2": physician(2, "chief", "pass", institution=9)}
    outcome, text = verdict(rule, case_subject(refs, **elsewhere))
    assert outcome is Outcome.FAIL
    assert "非本机构人员" in text
    not_across = c.decided_by(2, min_title="associate_chief", same_institution=False)
    assert verdict(not_across, case_subject(refs, **elsewhere))[0] is Outcome.PASS
    open_ = {**chiefs, "2": physician(2, "chief", "unknown")}
    assert verdict(rule, case_subject(refs, **open_))[0] is Outcome.UNKNOWN
    outcome, text = verdict(rule, case_subject([*refs[:1], {"id": "7", "name": "外院"}], **chiefs))
    assert outcome is Outcome.FAIL
    assert "外院（不在医师名册中）" in text


def test_operator_consent_barcodes_followup() -> None:
    operator = c.operator_qualified(registered_here=True)
    me = {"1": physician(1, "attending", "pass")}
    assert verdict(operator, case_subject([], **me))[0] is Outcome.PASS
    visiting = {"1": {**physician(1, "attending", "pass"), "registered_here": False}}
    assert verdict(operator, case_subject([], **visiting))[0] is Outcome.FAIL
    assert verdict(c.operator_qualified(registered_here=False), case_subject([], **visiting))[
        0
    ] is (Outcome.PASS)

    consent = c.consent_signed()

    def answers(**data: Any) -> dict[str, Any]:
        return {"answers": data}

    signed = {"signed": True, "date": "2023-03-01"}
    assert verdict(consent, answers(consent=signed, procedure={"date": "2023-03-02"}))[0] is (
        Outcome.PASS
    )
    outcome, text = verdict(consent, answers(consent=signed, procedure={"date": "2023-02-28"}))
    assert outcome is Outcome.FAIL
    assert "晚于手术日期 2023-02-28" in text
    assert verdict(consent, answers(consent={"signed": False}))[0] is Outcome.FAIL

    barcodes = c.device_barcodes(required=True)
    assert verdict(barcodes, answers(devices={"items": []}))[0] is Outcome.FAIL
    lenient = c.device_barcodes(required=False)
    assert verdict(lenient, answers(devices={"items": []}))[0] is Outcome.NOT_APPLICABLE
    items = [{"name": "支架", "barcode": "ABC123"}, {"name": "导丝", "barcode": " "}]
    outcome, text = verdict(barcodes, answers(devices={"items": items}))
    assert outcome is Outcome.FAIL
    assert "缺少条形码/UDI：导丝" in text

    followup = c.followup_planned()
    assert verdict(followup, answers(followup={"plan": "none"})) == (
        Outcome.FAIL,
        "随访计划：不随访",
    )


def test_summaries_and_check_objects() -> None:
    assert summarize([Outcome.PASS, Outcome.NOT_APPLICABLE]) is Outcome.PASS
    assert summarize([Outcome.PASS, Outcome.UNKNOWN]) is Outcome.UNKNOWN
    assert summarize([Outcome.UNKNOWN, Outcome.FAIL]) is Outcome.FAIL
    assert summarize([Outcome.NOT_APPLICABLE]) is Outcome.NOT_APPLICABLE
    check = Check(
        "demo.beds",
        Level.INSTITUTION,
        "床位",
        Citation("2023", "S05", "管理规范 一(二)1", "床位不少于40张"),
        c.at_least("profile.beds", 40, label="床位", unit="张"),
    )
    assert check.fields == ("profile.beds",)
    assert check({"profile": {"beds": 41}}).outcome is Outcome.PASS
    with pytest.raises(ValueError, match="bad check id"):
        Check("Bad", Level.CASE, "x", check.citation, check.evaluate)


def test_an_exemption_counted_in_all_with_years_in_the_title() -> None:
    # 2023 S11 四(一)5: 从事消化内镜诊疗工作满5年，取得主治医师专业技术职务任职资格5年以上，
    # 独立开展按照四级手术管理的消化内镜诊疗技术操作不少于100例 (no window: in all).
    rule = c.TrainingRule(
        exemption=c.ExemptionRule(
            100,
            None,
            min_clinical_years=5,
            min_title="attending",
            min_title_years=5,
            clinical_work="消化内镜诊疗工作",
        )
    )
    assert rule.exemption is not None
    assert "累计独立开展100例以上" in rule.exemption.describe()
    assert "主治医师5年以上" in rule.exemption.describe()
    fields = {
        "clinical_years": 5,
        "title": "attending",
        "title_years": 5,
        "recent_cases": 100,
        "serious_adverse_event": False,
    }
    check = c.training_or_exemption(rule)
    assert verdict(check, training("exempt", exemption=fields))[0] is Outcome.PASS
    outcome, text = verdict(check, training("exempt", exemption={**fields, "title_years": 4}))
    assert outcome is Outcome.FAIL
    assert "规范印发之日前取得主治医师任职资格 4年（要求不少于5年）" in text
    outcome, text = verdict(check, training("exempt", exemption={**fields, "recent_cases": 99}))
    assert outcome is Outcome.FAIL
    assert "累计独立开展本技术 99例" in text
    assert (
        "规范印发之日前从事消化内镜诊疗工作 5年"
        in verdict(check, training("exempt", exemption=fields))[1]
    )
    missing = {k: v for k, v in fields.items() if k != "title_years"}
    assert verdict(check, training("exempt", exemption=missing))[0] is Outcome.UNKNOWN
