"""The 管理规范 of 聚焦超声消融恶性肿瘤治疗技术 (2022 S02) on the standard norm.

Readings of the text:

* 一(五) "技术负责人还应当具备副主任以上专业技术职务任职资格": the institution names its
  technical lead's title in the profile.
* 三(一) is checked twice: the institution's declaration, and each case's
  multidisciplinary discussion, indication (附录 一) and absence of contraindications
  (附录 二).
* 四(一)1 asks 3 years of oncology, not a title: the trainee check asks no more than
  a resident's title, and a check of its own counts the years.
* 四(一)2 "完成20学时以上的…理论学习" is a check of its own beside the months and cases.
* 四(二)1(4) "严重并发症发生率低于5％，围手术期死亡率低于0.2％" is computed from the
  institution's own cases of the year before the assessment (the 30-day serious
  complication and death of 质量控制指标 六、七, "围手术期" read as those 30 days); the
  volumes are declared in the profile.
* The norm has no route abroad (no 境外培训 clause).
"""

from collections.abc import Mapping
from typing import Any

from rtech import Condition, ExemptionRule, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.s02_hifu.indicators import (
    CONTRAINDICATIONS,
    DEAD_30,
    INDICATIONS,
    SERIOUS_30,
)
from rtech.plugins.s02_hifu.meta import TECHNOLOGY

SKILL = "聚焦超声消融恶性肿瘤治疗技术"
BASE_TERM = "省级卫生行政部门指定的培训基地"
PRACTICE = {
    "internal_medicine": "内科专业",
    "surgery": "外科专业",
    "obstetrics_gynecology": "妇产科专业",
    "imaging_radiotherapy": "医学影像和放射治疗专业",
}
# 四(一)3: 从事临床工作满10年，副主任医师，近3年独立开展不少于80例，未发生严重不良事件.
EXEMPT = ExemptionRule(80, 3, min_clinical_years=10, min_title="associate_chief")
# 四(一)2: 至少6个月的系统培训…实施40例次以上…并考核合格 (no whole-course count, no route abroad).
RULE = TrainingRule(
    min_months=6,
    min_cases=40,
    min_managed=0,
    overseas_months=None,
    exemption=EXEMPT,
    base_term=BASE_TERM,
)
MODALITIES = {"mri": "磁共振（MRI）", "ct": "计算机X线断层摄成像（CT）", "ultrasound": "超声"}
TITLES = {"associate_chief": "副主任医师", "chief": "主任医师"}
JUNIOR = {"attending": "主治医师", "resident": "住院医师"}
BASE = "profile.training_base"
APPLIES = c.is_true(f"{BASE}.applies", label="本机构为（或申请成为）培训基地")
NOT_BASE = "本机构不是（也未申请成为）培训基地"
ONE_YEAR_LAG = 30  # the year of cases ends 30 days back: every 30-day window has elapsed


def _case_indicated() -> Condition:
    """三(一) for one case: discussed by a multidisciplinary team, an indication of 附录 一,
    no contraindication of 附录 二."""
    paths = (
        "answers.indication.site",
        "answers.indication.contraindications",
        "answers.indication.mdt_discussed",
    )

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        answers = subject.get("answers") or {}
        found = answers.get("indication") if isinstance(answers, Mapping) else None
        if not isinstance(found, Mapping) or not {"site", "contraindications"} <= set(found):
            return Verdict(Outcome.UNKNOWN, "适应证与禁忌证：未填写")
        problems = []
        if found.get("mdt_discussed") is not True:
            problems.append("术前未开展多学科讨论")
        if found.get("site") not in INDICATIONS:
            problems.append("肿瘤不在附录所列适应证内")
        against = [k for k in found.get("contraindications") or [] if k in CONTRAINDICATIONS]
        if against:
            problems.append(f"存在禁忌证 {len(against)} 项")
        if problems:
            return Verdict(Outcome.FAIL, "；".join(problems))
        return Verdict(Outcome.PASS, "术前已开展多学科讨论，属附录所列适应证，无禁忌证")

    return Condition(evaluate, paths)


def _base(clause: str, quote: str, *asks: n.Ask, title: str, **options: Any) -> n.Require:
    return n.Require(
        clause, quote, *asks, title=title, section="training_base", when=APPLIES,
        otherwise=NOT_BASE, **options,
    )  # fmt: skip


class HifuNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    skill_cases = "聚焦超声消融治疗"
    training_rules = RULE
    groups = {
        "departments": "诊疗科目与床位",
        "equipment": "聚焦超声消融设备与治疗室",
        "imaging": "影像设备",
        "lead": "技术负责人",
    }
    switches = {
        "training_base.applies": n.yes_no(
            "本机构为（或申请成为）培训基地",
            "本机构是否为（或申请成为）聚焦超声消融恶性肿瘤治疗技术培训基地？",
            "2022 S02 四(二)：不申请可答“否”，培训基地各项不适用。",
        ),
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity("一(一)")
    subjects = n.Statement(
        "一(二)",
        "有卫生行政部门核准登记的与聚焦超声消融以及恶性肿瘤治疗相关的诊疗科目。",
        label="有核准登记的与聚焦超声消融以及恶性肿瘤治疗相关的诊疗科目",
        path="departments.registered",
    )
    beds = n.Count(
        "一(三)",
        "肿瘤治疗床位不少于30张。",
        path="departments.oncology_beds",
        minimum=30,
        label="肿瘤治疗床位",
        unit="张",
    )
    hifu_system = n.Require(
        "一(四)1",
        "装备有国家市场监督管理总局批准可临床使用的聚焦超声消融肿瘤治疗系统,具备完整的批准文件。",
        n.yes(
            "equipment.approved_system",
            "装备经国家市场监督管理总局批准可临床使用的聚焦超声消融肿瘤治疗系统",
        ),
        n.yes("equipment.approval_documents", "具备完整的批准文件"),
        title="装备经批准的聚焦超声消融肿瘤治疗系统，具备完整的批准文件",
    )
    treatment_room = n.Statement(
        "一(四)2",
        "有开展聚焦超声消融恶性肿瘤治疗技术的治疗室，符合聚焦超声消融恶性肿瘤治疗技术的操作条件。",
        label="有符合操作条件的聚焦超声消融治疗室",
        path="equipment.treatment_room",
    )
    imaging = n.Require(
        "一(四)3",
        "有磁共振（MRI）、计算机X线断层摄成像（CT）或超声等设备和医学影像图像管理系统。",
        n.Ask(
            "imaging.modalities",
            n.multiple("影像设备", MODALITIES),
            c.includes_any("profile.imaging.modalities", MODALITIES, label="影像设备"),
        ),
        n.yes("imaging.pacs", "有医学影像图像管理系统"),
        title="有MRI、CT或超声等设备和医学影像图像管理系统",
    )
    physicians = n.Physicians(
        "一(五)",
        2,
        "有至少2名具备聚焦超声消融性肿瘤治疗技术临床应用能力的本医疗机构注册医师。",
    )
    lead = n.Require(
        "一(五)",
        "技术负责人还应当具备副主任以上专业技术职务任职资格。",
        n.choice("lead.title", TITLES, "技术负责人专业技术职务任职资格", others=JUNIOR),
        title="技术负责人具备副主任医师以上专业技术职务任职资格",
    )
    other_staff = n.OtherStaff(
        "一(五)",
        "有经过聚焦超声消融恶性肿瘤治疗技术相关知识和技能培训合格的、与开展的聚焦超声消融恶性肿瘤"
        "治疗技术相关的其他专业技术人员。",
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1",
        "取得《医师执业证书》，执业范围为与应用聚焦超声消融恶性肿瘤治疗技术相关专业的本医疗机构注册医师。",
        scopes=PRACTICE,
        registered_here=True,
    )
    experience = n.Experience(
        "二(一)2",
        "有5年以上肿瘤诊疗临床工作经验，取得主治医师及以上专业技术职务任职资格。",
        years=5,
        what="从事肿瘤诊疗临床工作",
    )
    title = n.Title(
        "二(一)2", "有5年以上肿瘤诊疗临床工作经验，取得主治医师及以上专业技术职务任职资格。"
    )
    training = n.Training(
        "二(一)3",
        "经过省级卫生行政部门指定的培训基地关于聚焦超声消融恶性肿瘤治疗技术相关系统培训，"
        "具备聚焦超声消融恶性肿瘤治疗技术临床应用的能力。",
    )
    other_staff_training = n.OtherStaffTraining(
        "二(二)",
        "经过聚焦超声消融恶性肿瘤治疗技术相关专业系统培训,满足开展聚焦超声消融恶性肿瘤治疗技术"
        "临床应用所需的相关条件。",
    )

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守恶性肿瘤治疗操作规范和诊疗指南，术前开展多学科讨论，严格掌握聚焦超声消融恶性肿瘤"
        "治疗技术的适应证和禁忌证(详见附录)。",
    )
    case_indication = n.Require(
        "三(一)",
        "术前开展多学科讨论，严格掌握聚焦超声消融恶性肿瘤治疗技术的适应证和禁忌证(详见附录)。",
        title="术前多学科讨论，属附录所列适应证且无禁忌证",
        section="case",
        condition=_case_indicated(),
    )
    consent = n.Consent(
        "三(二)",
        "实施聚焦超声消融恶性肿瘤治疗技术前，应当向患者及其家属告知治疗目的、治疗风险、治疗后注意"
        "事项、可能发生的并发症及预防措施等，并签署知情同意书。",
    )
    followup_system = n.FollowupSystem(
        "三(三)",
        "建立健全聚焦超声消融恶性肿瘤治疗技术应用后监控（利用造影技术等）及随访制度，并按规定进行"
        "随访、记录。",
    )
    followup = n.Followup(
        "三(三)",
        "建立健全聚焦超声消融恶性肿瘤治疗技术应用后监控（利用造影技术等）及随访制度，并按规定进行"
        "随访、记录。",
    )
    database = n.Database(
        "三(四)",
        "建立病例信息数据库，在完成每例次聚焦超声消融治疗后，应当按要求保留并及时上报相关病例数据信息。",
        staffed=False,
        title="建立病例信息数据库，按要求保留并及时上报病例数据",
    )
    assessment = n.Assessment(
        "三(五)",
        "医疗机构及其医师应当按照规定定期接受聚焦超声消融恶性肿瘤治疗技术临床应用能力评估，包括"
        "病例选择、手术成功率、严重并发症、死亡病例、医疗不良事件发生情况、术后患者管理、患者生存"
        "质量、随访情况和病历质量等。",
    )
    equipment_maintenance = n.Require(
        "三(六)",
        "建立定期仪器设备检测、维护制度和使用登记制度，并由具有资质的第三方机构进行定期检测。",
        n.yes("management.equipment_maintenance", "已建立定期仪器设备检测、维护制度"),
        n.yes("management.equipment_log", "已建立使用登记制度"),
        n.yes("management.third_party_testing", "由具有资质的第三方机构进行定期检测"),
        title="建立设备定期检测、维护和使用登记制度，由有资质的第三方定期检测",
    )

    # 四、培训管理要求 (一) 拟开展技术的医师
    trainee_experience = n.Experience(
        "四(一)1",
        "应当具有《医师执业证书》，有3年以上肿瘤诊断和治疗相关临床工作经验。",
        years=3,
        what="从事肿瘤诊疗临床工作",
        title="拟开展本技术的医师有3年以上肿瘤诊断和治疗相关临床工作经验",
    )
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "exempt": "四(一)3"},
        {
            "trainee": "应当具有《医师执业证书》，有3年以上肿瘤诊断和治疗相关临床工作经验。",
            "base": "应当接受至少6个月的系统培训。在指导医师指导下，完成20学时以上的聚焦超声消融"
            "恶性肿瘤治疗技术相关理论学习，实施40例次以上恶性肿瘤患者聚焦超声消融治疗",
            "exempt": "本规定印发之日前，从事临床工作满10年，具有副主任医师专业技术职务任职资格，"
            "近3年独立开展聚焦超声消融恶性肿瘤治疗技术临床应用不少于80例，未发生严重不良事件的，"
            "可免于培训。",
        },
        titles={"trainee": "拟开展本技术的医师具有《医师执业证书》"},
        min_title="resident",
        scopes=PRACTICE,
    )
    theory_hours = n.Require(
        "四(一)2",
        "完成20学时以上的聚焦超声消融恶性肿瘤治疗技术相关理论学习",
        n.at_least("training_theory_hours", 20, "相关理论学习", "学时", maximum=10000),
        title="完成20学时以上的相关理论学习",
        section="personnel",
        when=c.one_of(
            "profile.training.route",
            {"base": "培训基地系统培训"},
            label="培训途径",
            others={"exempt": "符合免训条件", "none": "尚未培训"},
        ),
        otherwise="未经培训基地系统培训途径",
    )

    # 四(二) 培训基地: only for an institution that is (or applies to be) one
    base_grade = _base(
        "四(二)1(1)",
        "三级甲等医院，符合聚焦超声消融恶性肿瘤治疗技术管理规范要求。",
        n.yes("training_base.meets_norm", "符合聚焦超声消融恶性肿瘤治疗技术管理规范要求"),
        title="培训基地为三级甲等医院，符合本技术管理规范要求",
        condition=c.all_of(
            c.one_of("general.grade", {"3A": "三级甲等"}, label="医院等级"),
            c.is_true(f"{BASE}.meets_norm", label="符合聚焦超声消融恶性肿瘤治疗技术管理规范要求"),
        ),
    )
    base_room = _base(
        "四(二)1(2)",
        "有独立的影像引导聚焦超声消融治疗室。",
        n.yes("training_base.guided_room", "有独立的影像引导聚焦超声消融治疗室"),
        title="有独立的影像引导聚焦超声消融治疗室",
    )
    base_beds = _base(
        "四(二)1(3)",
        "聚焦超声消融恶性肿瘤治疗技术相关科室治疗床位数不少于50张。",
        n.at_least("training_base.beds", 50, "相关科室治疗床位", "张"),
        title="相关科室治疗床位不少于50张",
    )
    base_experience = _base(
        "四(二)1(4)",
        "具有聚焦超声消融恶性肿瘤治疗技术临床应用能力，已开展聚焦超声消融恶性肿瘤治疗技术临床应用"
        "5年以上，总数不少于100例，申报前一年内不少于50例或单个病种消融技术不少于30例,",
        n.yes("training_base.capable", "具有聚焦超声消融恶性肿瘤治疗技术临床应用能力"),
        n.at_least("training_base.years_performing", 5, "已开展本技术临床应用", "年", maximum=200),
        n.at_least("training_base.total_cases", 100, "累计病例", "例"),
        n.at_least("training_base.last_year_cases", 0, "申报前一年内病例", "例"),
        n.at_least("training_base.last_year_single_disease", 0, "申报前一年内单个病种最多", "例"),
        title="开展本技术5年以上，总数不少于100例，申报前一年内不少于50例或单病种不少于30例",
        condition=c.all_of(
            c.is_true(f"{BASE}.capable", label="具有本技术临床应用能力"),
            c.at_least(f"{BASE}.years_performing", 5, label="已开展本技术临床应用", unit="年"),
            c.at_least(f"{BASE}.total_cases", 100, label="累计病例", unit="例"),
            c.any_of(
                c.at_least(f"{BASE}.last_year_cases", 50, label="申报前一年内病例", unit="例"),
                c.at_least(
                    f"{BASE}.last_year_single_disease",
                    30,
                    label="申报前一年内单个病种消融",
                    unit="例",
                ),
            ),
        ),
    )
    base_complications = _base(
        "四(二)1(4)",
        "严重并发症发生率低于5％",
        title="严重并发症发生率低于5%（由本机构病例计算）",
        condition=c.case_share_below(
            5, SERIOUS_30, label="治疗后30天内严重并发症发生率", lag_days=ONE_YEAR_LAG
        ),
    )
    base_mortality = _base(
        "四(二)1(4)",
        "围手术期死亡率低于0.2％",
        title="围手术期死亡率低于0.2%（由本机构病例计算）",
        condition=c.case_share_below(
            0.2, DEAD_30, label="治疗后30天内死亡率", lag_days=ONE_YEAR_LAG
        ),
    )
    base_tutors = _base(
        "四(二)1(5)",
        "有不少于4名具有聚焦超声消融恶性肿瘤治疗技术临床应用能力的指导医师,其中至少1名具有主任"
        "医师专业技术职务任职资格。",
        n.at_least("training_base.tutors", 4, "指导医师", "名", maximum=1000),
        n.at_least(
            "training_base.chief_tutors", 1, "具有主任医师职称的指导医师", "名", maximum=1000
        ),
        title="有不少于4名指导医师，其中至少1名主任医师",
    )
    base_resources = _base(
        "四(二)1(6)",
        "有与开展聚焦超声消融恶性肿瘤治疗技术培训工作相适应的人员、技术、设备和设施等条件。",
        n.yes("training_base.resources", "有与开展培训工作相适应的人员、技术、设备和设施"),
        title="有与开展培训工作相适应的人员、技术、设备和设施",
    )
    base_remote = _base(
        "四(二)1(7)",
        "具备远程示教、手术指导、病例讨论条件。",
        n.yes("training_base.remote_teaching", "具备远程示教、手术指导、病例讨论条件"),
        title="具备远程示教、手术指导、病例讨论条件",
    )
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING.clauses(
        section="training_base", when=APPLIES
    )


NORM = HifuNorm
