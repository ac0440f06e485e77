"""四(二)2(1)-(4) in each norm's words: BaseTeaching's defaults, changes and presets."""

from __future__ import annotations

from datetime import date

from rtech import Outcome, Technology
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.nasal_endoscopy.checks import NORM as NASAL
from rtech.plugins.s02_hifu.checks import NORM as HIFU

TECH = Technology(
    slug="demo_base",
    name="示例技术",
    editions={"2022": "S09", "2023": "S19"},
    definitions={"2023": "示例"},
)
APPLIES = c.is_true("profile.base_applies", label="本机构为（或申请成为）培训基地")


class BaseNorm(n.Norm):
    technology = TECH
    skill = "示例技术"
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING.clauses(
        assessment={"2022": "培训结束后,考核。", "2023": "培训结束后，考核。"},
        archives_title="为每位受训人员建立档案",
        path="base",
        when=APPLIES,
    )


def test_the_four_clauses_in_order_with_the_shared_words() -> None:
    checks = BaseNorm.checks("2023")
    assert [k.id for k in checks] == [
        f"demo_base.institution.base_{name}"
        for name in ("curriculum", "schedule", "assessment", "archives")
    ]
    assert [k.citation.clause for k in checks] == [f"管理规范 四(二)2({i})" for i in range(1, 5)]
    assert checks[1].citation.quote == "保证接受培训的医师在规定时间内完成规定的培训。"
    assert [k.title for k in checks] == [
        "培训教材和培训大纲满足培训要求",
        "保证接受培训的医师在规定时间内完成规定的培训",
        "培训结束后进行考试、考核并出具结论",
        "为每位受训人员建立档案",
    ]
    assert checks[0].title == "培训教材和培训大纲满足培训要求"
    assert BaseNorm.checks("2022")[2].citation.quote == "培训结束后,考核。"
    assert checks[2].citation.quote == "培训结束后，考核。"


def test_the_questions_sit_at_the_path_and_apply_only_to_a_base() -> None:
    check = BaseNorm.checks("2023")[1]
    assert "profile.base.on_schedule" in check.fields
    not_a_base = {"profile": {"base_applies": False}, "as_of": date(2024, 1, 1)}
    assert check.evaluate(not_a_base).outcome is Outcome.NOT_APPLICABLE
    base = {"profile": {"base_applies": True, "base": {"on_schedule": True}}}
    assert check.evaluate(base | {"as_of": date(2024, 1, 1)}).outcome is Outcome.PASS
    base["profile"]["base"]["on_schedule"] = False  # type: ignore[index]
    assert check.evaluate(base | {"as_of": date(2024, 1, 1)}).outcome is Outcome.FAIL


def test_presets_keep_the_titles_each_norm_shows() -> None:
    titles = {k.id.rsplit(".", 1)[1]: k.title for k in NASAL.checks("2023")}
    assert titles["base_schedule"] == "培训基地：保证按时完成培训"
    assert titles["base_archives"] == "培训基地：建立培训及考试、考核档案"
    hifu = {k.id.rsplit(".", 1)[1]: k for k in HIFU.checks("2022")}
    assert hifu["base_curriculum"].id == "s02_hifu.training_base.base_curriculum"
    assert hifu["base_archives"].title == "为每位接受培训的医师建立档案"
    headed = n.BASE_TEACHING_HEADED.clauses()
    assert [clause.title for clause in headed][1] == "培训基地：保证在规定时间内完成培训"


class EndoscopyNorm(n.Norm):
    technology = TECH
    skill = "示例技术"
    training_rules = n.TrainingRule(min_cases=10, min_managed=20)
    managed = n.TrainedAtBase("四(一)3", "参与不少于20例患者全过程的管理。", title="参与管理20例")
    deciders = n.RegisteredDecider("三(二)", "由本机构注册医师决定", title="由本机构注册医师决定")
    reporting = n.Reporting("三(四)")
    base_tutors = n.base_tutors("四(二)1(4)", "有不少于4名…其中至少2名…。", tutors=4, chiefs=2)
    base_resources = n.base_resources("四(二)1(5)", "有与开展示例技术培训工作相适应的…条件。")


def test_the_endoscopy_norms_standard_clauses() -> None:
    checks = {k.id.rsplit(".", 1)[1]: k for k in EndoscopyNorm.checks("2023")}
    assert checks["reporting"].citation.quote == "按照卫生健康行政部门要求报告相关病例信息"
    assert checks["reporting"].fields == ("profile.management.reporting",)
    assert checks["base_tutors"].title == "培训基地：指导医师不少于4名，其中主任医师至少2名"
    assert checks["base_resources"].title == "培训基地：有相适应的人员、技术、设备和设施"
    as_of = {"as_of": date(2024, 1, 1)}
    base = {"profile": {"training_base": {"applies": True, "tutors": 4, "chief_tutors": 1}}}
    assert checks["base_tutors"].evaluate(base | as_of).outcome is Outcome.FAIL
    base["profile"]["training_base"]["chief_tutors"] = 2
    assert checks["base_tutors"].evaluate(base | as_of).outcome is Outcome.PASS
    assert checks["managed"].level.value == "personnel"
    other_route = {"profile": {"training": {"route": "exempt"}}} | as_of
    assert checks["managed"].evaluate(other_route).outcome is Outcome.NOT_APPLICABLE
    decider = EndoscopyNorm.deciders
    assert (decider.count, decider.min_title, decider.same) == (1, "resident", True)
