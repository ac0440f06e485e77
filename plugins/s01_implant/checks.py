"""The 管理规范 of 口腔颌面复杂种植技术 (2022 S01) on the standard norm.

The norm has no deciders and no operator clause; its case-level requirements are
the two consents of 三(二) and the follow-up of 三(三). The training base 四(二)
is unlike the standard one (no ward beds, a yearly volume that depends on the
hospital kind, a share of senior physicians), so its items are ``Require``
clauses that apply only to an institution that is (or applies to become) a base.
Where the seed prints an ASCII comma the quote keeps it.
"""

from collections.abc import Mapping
from typing import Any

from rtech import Condition, ExemptionRule, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.s01_implant.meta import TECHNOLOGY

SKILL = "口腔颌面复杂种植技术"
BASE_TERM = "省级卫生行政部门指定的培训基地"
PRACTICE = {"dental": "口腔专业"}
EQUIPMENT = {
    "implant_motor": "口腔种植动力系统",
    "surgical_instruments": "种植外科器械",
    "prosthetic_instruments": "种植修复器械",
    "special_instruments": "相关专用器械",
}
# 四(一)4: 本规定印发之日前，从事临床工作满15年，具有副主任医师专业技术职务任职资格，
# 近3年独立开展口腔颌面复杂种植技术临床应用不少于20例，未发生严重不良事件的，可免于培训。
EXEMPT = ExemptionRule(20, 3, min_clinical_years=15, min_title="associate_chief")
# 四(一)2 "至少3-6个月的系统培训…参与10例以上" (no whole-course management is asked);
# 四(一)3 "在境外接受…培训3-6个月以上".
RULE = TrainingRule(
    min_months=3,
    max_months=6,
    min_cases=10,
    min_managed=0,
    overseas_months=3,
    exemption=EXEMPT,
    base_term=BASE_TERM,
)
BASE = "profile.training_base"
APPLIES = c.is_true(f"{BASE}.applies", label="本机构为（或申请成为）培训基地")
NOT_BASE = "本机构不是（也未申请成为）培训基地"
KINDS = {"general": "综合医院", "specialized": "专科医院", "tcm": "中医医院", "other": "其他"}


def _kind(key: str) -> Condition:
    """The hospital kind of the shared institution profile is ``key``."""
    return c.one_of("general.kind", {key: KINDS[key]}, label="机构类别", others=KINDS)


def _senior_share(path: str) -> Condition:
    """四(二)1(3): 中、高级职称医师数占科室总医师数比例大于50% (strictly)."""
    senior, total = f"{path}.senior_physicians", f"{path}.department_physicians"

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        node: Any = subject
        for key in path.split("."):
            node = node.get(key, {}) if isinstance(node, Mapping) else {}
        high, all_ = node.get("senior_physicians"), node.get("department_physicians")
        if not isinstance(high, int | float) or not isinstance(all_, int | float) or not all_:
            return Verdict(Outcome.UNKNOWN, "科室中、高级职称医师占比：未填写（要求大于50%）")
        share = 100 * high / all_
        outcome = Outcome.PASS if 2 * high > all_ else Outcome.FAIL
        return Verdict(
            outcome, f"科室中、高级职称医师 {high:g}/{all_:g} 名，占 {share:.1f}%（要求大于50%）"
        )

    return Condition(evaluate, (senior, total))


def _base(clause: str, quote: str, *asks: n.Ask, title: str, **options: Any) -> n.Require:
    return n.Require(
        clause, quote, *asks, title=title, section="training_base", when=APPLIES,
        otherwise=NOT_BASE, **options,
    )  # fmt: skip


class ImplantNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    skill_cases = "口腔颌面复杂种植术"
    training_rules = RULE
    groups = {
        "departments": "科室与诊疗科目",  # 一(二)
        "clinic": "种植诊室与设备",
    }
    switches = {
        "training_base.applies": n.yes_no(
            "本机构为（或申请成为）培训基地",
            "本机构是否为（或申请成为）口腔颌面复杂种植技术培训基地？",
            "2022 S01 四(二)：不申请可答“否”，培训基地各项不适用。",
        ),
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity("一(一)")
    general_hospital = n.Require(
        "一(二)",
        "综合医院开展口腔颌面复杂种植技术应当设有口腔科或口腔颌面外科，同时有卫生行政部门"
        "核准登记的口腔科或口腔颌面外科诊疗科目。",
        n.yes("departments.dental_department", "设有口腔科或口腔颌面外科"),
        n.yes("departments.dental_registered", "有核准登记的口腔科或口腔颌面外科诊疗科目"),
        title="综合医院设有口腔科或口腔颌面外科，并有核准登记的诊疗科目",
        when=_kind("general"),
        otherwise="本机构不是综合医院",
    )
    specialty_hospital = n.Require(
        "一(二)",
        "口腔或整形专科医院开展口腔颌面复杂种植技术，应当有卫生行政部门核准登记的相关诊疗科目。",
        n.yes("departments.related_registered", "有核准登记的相关诊疗科目（口腔或整形）"),
        title="口腔或整形专科医院有核准登记的相关诊疗科目",
        when=_kind("specialized"),
        otherwise="本机构不是专科医院",
    )
    clinic = n.Require(
        "一(三)",
        "用于口腔颌面复杂种植的诊室，应当是独立的诊疗间或手术室，除具备基本诊疗设备及附属设施外,"
        "同时应当装备口腔种植动力系统、种植外科器械、种植修复器械及相关专用器械。",
        n.yes("clinic.independent_room", "种植诊室为独立的诊疗间或手术室"),
        n.yes("clinic.basic_equipment", "具备基本诊疗设备及附属设施"),
        n.includes("clinic.equipment", EQUIPMENT, "种植专用设备与器械"),
        title="独立的种植诊疗间或手术室，装备种植动力系统及种植外科、修复和专用器械",
    )
    cbct = n.Require(
        "一(四)",
        "开展口腔颌面复杂种植技术的医疗机构应当具备锥形束CT（Cone beam CT）诊断设备及诊断能力。",
        n.yes("clinic.cbct", "具备锥形束CT（CBCT）诊断设备"),
        n.yes("clinic.cbct_reading", "具备锥形束CT诊断能力"),
        title="具备锥形束CT（CBCT）诊断设备及诊断能力",
    )
    physicians = n.Physicians(
        "一(五)", 2, "有至少2名具备口腔颌面复杂种植技术临床应用能力的本医疗机构注册医师。"
    )
    other_staff = n.OtherStaff(
        "一(五)", "有经过口腔颌面复杂技术相关知识和技能培训并考核合格的其他专业技术人员。"
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1",
        "取得《医师执业证书》，执业范围为口腔专业的本医疗机构注册医师。",
        scopes=PRACTICE,
        registered_here=True,
    )
    experience = n.Experience(
        "二(一)2",
        "有10年以上口腔科或口腔颌面外科临床诊疗工作经验，取得副主任医师及以上专业技术职务任职资格。",
        years=10,
        what="从事口腔科或口腔颌面外科临床诊疗工作",
    )
    title = n.Title(
        "二(一)2",
        "有10年以上口腔科或口腔颌面外科临床诊疗工作经验，取得副主任医师及以上专业技术职务任职资格。",
        minimum="associate_chief",
    )
    training = n.Training(
        "二(一)3",
        "经过省级卫生行政部门指定的培训基地关于口腔颌面复杂种植技术相关系统培训，"
        "具备口腔颌面复杂种植技术临床应用的能力。",
    )
    other_staff_training = n.OtherStaffTraining(
        "二(二)1",
        "经过口腔颌面复杂种植技术相关专业系统培训,满足开展口腔颌面复杂种植技术临床应用所需的相关条件。",
    )
    radiation_staff = n.Require(
        "二(二)2",
        "从事使用射线装置的医疗技术人员应当持有当地卫生行政部门颁发的《放射工作人员证》,"
        "并按照相关规定开展诊疗活动。",
        n.yes(
            "other_staff.radiation_licence", "使用射线装置的医疗技术人员均持有《放射工作人员证》"
        ),
        title="使用射线装置的人员持有《放射工作人员证》",
    )
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)3", "exempt": "四(一)4"},
        {
            "trainee": "应当具有《医师执业证书》，从事与口腔颌面复杂种植技术相关专业，"
            "主治医师及以上专业技术职务任职资格。",
            "base": "应当接受至少3-6个月的系统培训，在指导医师指导下，参与10例以上口腔颌面复杂"
            "种植技术操作。",
            "overseas": "在境外接受口腔颌面复杂种植技术培训3-6个月以上，有境外培训机构的培训证明，"
            "并经省级卫生行政部门指定的培训基地考核合格后，可以视为达到规定的培训要求。",
            "exempt": "本规定印发之日前，从事临床工作满15年，具有副主任医师专业技术职务任职资格，"
            "近3年独立开展口腔颌面复杂种植技术临床应用不少于20例，未发生严重不良事件的，"
            "可免于培训。",
        },
        scopes=PRACTICE,
    )

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守口腔颌面复杂种植技术操作规范及诊疗指南，严格掌握口腔颌面复杂种植技术的适应证和"
        "禁忌证。",
    )
    consent = n.Require(
        "三(二)",
        "对具备口腔颌面复杂种植治疗适应证并同意接受种植治疗的患者,经治医师应当履行告知义务,"
        "并签署种植治疗知情同意书及高值耗材知情同意书等。",
        title="履行告知义务，签署种植治疗及高值耗材知情同意书",
        section="case",
        condition=c.all_of(
            c.consent_signed(),
            c.is_true("answers.materials.high_value_consent", label="已签署高值耗材知情同意书"),
        ),
    )
    outpatient_records = n.Statement(
        "三(三)",
        "开展口腔颌面复杂种植技术临床应用的医疗机构应当建立完善的种植门诊病历",
        label="已建立完善的种植门诊病历",
        path="management.outpatient_records",
    )
    followup_system = n.FollowupSystem("三(三)")
    followup = n.Followup("三(三)")
    database = n.Database(
        "三(四)",
        "建立病例信息数据库，在完成每例次口腔颌面复杂种植术后，应当按要求保留并及时上报相关"
        "病例数据信息。",
        staffed=False,
        title="建立病例信息数据库，按要求保留并及时上报病例数据",
    )
    assessment = n.Assessment(
        "三(五)",
        "医疗机构和医师按照规定定期接受口腔颌面复杂种植技术临床应用能力评估，包括病例选择、"
        "手术成功率、严重并发症、死亡病例、医疗事故发生情况、术后患者管理、随访情况和病历质量等。",
    )
    approved_devices = n.ApprovedDevices(
        "三(六)1",
        "使用经国家市场监督管理总局审批的口腔颌面复杂种植所需医用器材，不得违规重复使用与"
        "口腔颌面复杂种植技术相关的一次性医用器材。",
    )
    device_register = n.DeviceRegister(
        "三(六)2", "建立口腔颌面复杂种植技术植入材料登记制度，保证植入材料来源可追溯。"
    )

    # 四、培训管理要求 (二) 培训基地: only for an institution that is (or applies to be) one
    base_grade = _base(
        "四(二)1(1)",
        "三级甲等医院，符合口腔颌面复杂种植技术管理规范要求。",
        n.yes("training_base.meets_norm", "符合口腔颌面复杂种植技术管理规范要求"),
        title="培训基地为三级甲等医院，符合本技术管理规范要求",
        condition=c.all_of(
            c.one_of("general.grade", {"3A": "三级甲等"}, label="医院等级"),
            c.is_true(f"{BASE}.meets_norm", label="符合口腔颌面复杂种植技术管理规范要求"),
        ),
    )
    base_experience = _base(
        "四(二)1(2)",
        "开展口腔种植诊疗工作不少于10年，具备口腔颌面复杂种植技术临床应用能力。",
        n.at_least("training_base.implant_years", 10, "开展口腔种植诊疗工作", "年", maximum=200),
        n.yes("training_base.capable", "具备口腔颌面复杂种植技术临床应用能力"),
        title="开展口腔种植诊疗工作不少于10年，具备本技术临床应用能力",
    )
    base_volume = _base(
        "四(二)1(2)",
        "综合医院每年开展口腔颌面复杂种植技术不少于100例，专科医院每年开展口腔颌面复杂种植技术"
        "不少于200例。",
        n.at_least("training_base.annual_cases", 100, "每年开展口腔颌面复杂种植技术", "例"),
        title="每年开展本技术：综合医院不少于100例，专科医院不少于200例",
        condition=c.any_of(
            c.all_of(
                _kind("general"),
                c.at_least(f"{BASE}.annual_cases", 100, label="每年开展本技术", unit="例"),
            ),
            c.all_of(
                _kind("specialized"),
                c.at_least(f"{BASE}.annual_cases", 200, label="每年开展本技术", unit="例"),
            ),
        ),
    )
    base_tutors = _base(
        "四(二)1(3)",
        "有不少于4名具有口腔颌面复杂种植技术临床应用能力的指导医师,其中至少1名具有主任医师专业技术"
        "职务任职资格。",
        n.at_least("training_base.tutors", 4, "指导医师", "名", maximum=1000),
        n.at_least(
            "training_base.chief_tutors", 1, "具有主任医师职称的指导医师", "名", maximum=1000
        ),
        title="有不少于4名指导医师，其中至少1名主任医师",
    )
    base_seniority = _base(
        "四(二)1(3)",
        "科室内具有中、高级专业技术职务的医师数占科室总医师数比例大于50%。",
        n.at_least("training_base.senior_physicians", 0, "具有中、高级专业技术职务的医师", "名"),
        n.at_least("training_base.department_physicians", 1, "科室总医师", "名"),
        title="科室中、高级专业技术职务医师占比大于50%",
        condition=_senior_share(BASE),
    )
    base_resources = _base(
        "四(二)1(4)",
        "有与开展口腔颌面复杂种植技术培训工作相适应的人员、技术、设备和设施等条件。",
        n.yes("training_base.resources", "有与开展培训工作相适应的人员、技术、设备和设施"),
        title="有与开展培训工作相适应的人员、技术、设备和设施",
    )
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING.clauses(
        assessment="培训结束后,对接受培训医师进行考试、考核,并出具是否合格的结论。",
        section="training_base",
        when=APPLIES,
    )


NORM = ImplantNorm
