"""The 重症监护室 clauses several norms share: clean grade, critical care, invasive care, staff."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rtech import Outcome, Technology
from rtech import norm as n

TECH = Technology(
    slug="demo_icu",
    name="示例技术",
    editions={"2022": "S09", "2023": "S19"},
    definitions={"2023": "示例"},
)


class IcuNorm(n.Norm):
    technology = TECH
    skill = "示例技术"
    setup = n.Require(
        "一(二)4(1)",
        "达到Ⅲ级洁净辅助用房标准。",
        n.clean_grade("icu.cleanliness_class"),
        title="达到Ⅲ级洁净辅助用房标准",
    )
    critical = n.CriticalCare("一(二)4(2)", "符合示例专业危重患者救治要求。")
    invasive = n.invasive_care({"2022": "一(八)4", "2023": "一(二)4(4)"})
    staff = n.TrainedStaff(
        "一(二)4(5)", "有经过专业培训的、具备5年以上重症监护工作经验的专职医师和护士。"
    )


def verdict(name: str, icu: dict[str, Any], edition: str = "2023") -> Outcome:
    check = next(c for c in IcuNorm.checks(edition) if c.id == f"demo_icu.institution.{name}")
    return check.evaluate({"profile": {"icu": icu}, "as_of": date(2024, 1, 1)}).outcome


@pytest.mark.parametrize(
    ("grade", "outcome"),
    [("I", "pass"), ("III", "pass"), ("IV", "fail"), ("none", "fail")],
)
def test_grade_iii_or_better_is_clean_enough(grade: str, outcome: str) -> None:
    assert verdict("setup", {"cleanliness_class": grade}) is Outcome(outcome)


def test_the_clean_grade_question_offers_every_grade() -> None:
    asked = IcuNorm.profile_form("institution")
    assert asked is not None
    icu = asked["properties"]["icu"]["properties"]
    assert [o["const"] for o in icu["cleanliness_class"]["oneOf"]] == [
        "I",
        "II",
        "III",
        "IV",
        "none",
    ]
    assert icu["critical_care"]["title"] == "符合相关专业危重患者救治要求"
    assert set(icu) >= {"physicians_5y", "nurses_5y", "staff_trained"}


def test_critical_care_is_declared_at_the_icu() -> None:
    assert verdict("critical", {"critical_care": True}) is Outcome.PASS
    assert verdict("critical", {"critical_care": False}) is Outcome.FAIL


def test_invasive_care_needs_monitoring_and_ventilation_in_each_edition() -> None:
    both = {"invasive_monitoring": True, "invasive_ventilation": True}
    for edition, number in (("2022", "一(八)4"), ("2023", "一(二)4(4)")):
        check = next(c for c in IcuNorm.checks(edition) if c.id.endswith(".invasive"))
        assert check.citation.clause == f"管理规范 {number}"
        assert check.citation.quote == "能够开展有创监测项目和有创呼吸机治疗。"
        assert check.title == "能够开展有创监测项目和有创呼吸机治疗"
        assert verdict("invasive", both, edition) is Outcome.PASS
        assert verdict("invasive", both | {"invasive_ventilation": False}, edition) is Outcome.FAIL


def test_icu_staff_are_physicians_and_nurses_with_five_years() -> None:
    staff = {"physicians_5y": 1, "nurses_5y": 1, "staff_trained": True}
    assert verdict("staff", staff) is Outcome.PASS
    assert verdict("staff", staff | {"nurses_5y": 0}) is Outcome.FAIL
    assert IcuNorm.staff.title == "有经过专业培训、具备5年以上重症监护工作经验的专职医师和专职护士"
