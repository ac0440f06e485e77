"""The standard norm on a real norm (cardio): declared answers, the base named per edition."""

from __future__ import annotations

import pytest

from rtech.plugins.cardio.checks import NORM


def test_every_yes_no_answered_yes_and_the_rest_given() -> None:
    declared = NORM.declared("management", database_staff=2)
    assert declared == {
        "indications": True,
        "followup_system": True,
        "database": True,
        "database_staff": 2,
        "reporting": True,
        "assessment": True,
        "approved_devices": True,
        "no_reuse": True,
        "device_register": True,
    }
    # In the order the profile asks them.
    assert list(declared)[:4] == ["indications", "followup_system", "database", "database_staff"]
    assert NORM.declared("imaging", equipment=["mri", "ct", "pacs"]) == {
        "doppler_echo": True,
        "equipment": ["mri", "ct", "pacs"],
    }


def test_a_question_without_its_answer_or_an_answer_without_its_question() -> None:
    with pytest.raises(ValueError, match=r"no value for \['database_staff'\]"):
        NORM.declared("management")
    with pytest.raises(ValueError, match=r"no question \['staff'\]"):
        NORM.declared("management", database_staff=2, staff=3)
    with pytest.raises(ValueError, match="cardio asks no nowhere"):
        NORM.declared("nowhere")


def test_a_route_quote_names_the_base_as_each_edition_does() -> None:
    quotes = {
        e: next(
            c for c in NORM.checks(e) if c.id == "cardio.personnel.training_overseas"
        ).citation.quote
        for e in ("2022", "2023")
    }
    assert "并经省级卫生行政部门指定的培训基地考核合格后" in quotes["2022"]
    assert "并经省级卫生健康行政部门备案的培训基地考核合格后" in quotes["2023"]
    assert not any("{base}" in q for q in quotes.values())


def test_questions_asked_after_their_switch_are_declared_too() -> None:
    from rtech import Citation, Norm, Technology
    from rtech import norm as n

    class Tiered(Norm):
        technology = Technology(
            "tiered_demo",
            "演示技术",
            {"2023": "S10"},
            {},
            (Citation("2023", "S10", "管理规范"),),
        )
        skill = "演示技术"
        switches = {"grade4": n.yes_no("开展四级手术", "是否开展四级手术？")}  # noqa: RUF012
        asked_when = {"grade4_conditions": "grade4"}  # noqa: RUF012
        grade4 = n.Require(
            "一(三)",
            "近5年累计完成不少于500例。",
            n.yes("grade4_conditions.leading", "技术水平处于先进地位"),
            n.at_least("grade4_conditions.cases_5y", 500, "近5年累计完成", "例"),
            title="四级：近5年不少于500例",
        )

    assert Tiered.declared("grade4_conditions", cases_5y=620) == {
        "leading": True,
        "cases_5y": 620,
    }


def test_a_norm_without_follow_up_times_plans_the_case_forms_visit() -> None:
    from rtech.host import get_host

    schedule = NORM.followup_schedule()
    assert schedule is not None
    assert [v.label for v in schedule.visits] == ["首次随访"]
    assert (schedule.visits[0].months_at, schedule.visits[0].anchor) == (
        "followup.interval_months",
        "admission.discharge_date",
    )
    # Cited to the 随访制度 clause of the newest edition, in the seed's words.
    citation = schedule.citation
    assert (citation.edition, citation.catalog_no, citation.clause) == (
        "2023",
        "S05",
        "管理规范 三(四)",
    )
    assert citation.quote == "建立健全心血管疾病介入诊疗后随访制度，并按规定进行随访、记录。"
    # The package has no followup.py: the host's schedule is the norm's.
    assert repr(get_host().followup_schedule("cardio")) == repr(schedule)


def test_a_follow_up_system_without_a_planned_visit_makes_no_schedule() -> None:
    from rtech import Norm, Technology
    from rtech import norm as n

    demo = Technology("followup_demo", "演示技术", {"2022": "S10", "2023": "S11"}, {})

    class Unplanned(Norm):
        technology = demo
        followup_system = n.FollowupSystem("三(四)")

    class Planned(Norm):
        technology = demo
        followup_system = n.FollowupSystem(
            {"2022": "三(三)", "2023": "三(四)"}, "随访并记录。", planned_visit="首次随访（复查）"
        )

    assert Unplanned.followup_schedule() is None
    planned = Planned.followup_schedule()
    assert planned is not None
    assert [v.label for v in planned.visits] == ["首次随访（复查）"]
    assert planned.citation == demo.cite("2023", "管理规范 三(四)", "随访并记录。")


def test_the_standard_groups_are_titled_in_every_profile() -> None:
    from rtech.host import get_host

    host = get_host()
    titled = {}
    for technology in host.technologies:
        form = host.profile_form(technology.slug, "institution") or {}
        for key in ("management", "other_staff", "training_base"):
            group = form.get("properties", {}).get(key)
            if group is not None:
                titled[(technology.slug, key)] = group["title"]
    assert titled[("hyperthermia", "other_staff")] == "其他专业技术人员"
    assert titled[("auto_hsct", "training_base")] == "培训基地"
    assert set(titled.values()) == {"技术管理", "其他专业技术人员", "培训基地"}
