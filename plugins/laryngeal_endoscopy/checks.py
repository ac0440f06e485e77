"""The 管理规范 of 咽喉内镜诊疗技术 (2023 S13) on the standard norm.

Tiered as 鼻科内镜 (2023 S12) is, through core's tier (``rtech.norm.GRADE4_*``):
一(五), 二(一)2, 三(二) and 四(一) apply to 按照四级手术管理的咽喉科内镜诊疗技术 only.
Unlike S12, the 四级 physician and decider need 副主任医师 without a number of
years, and 四(一)4 gives no length for training abroad (a certificate and an
assessment at a filed base). 四(一)5 exempts on two counts, 200 cases in all and
20 of them 四级; the second is asked beside the exemption block.
"""

from rtech import ExemptionRule, Norm, TrainingRule
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.laryngeal_endoscopy.meta import TECHNOLOGY

SKILL = "咽喉科内镜诊疗技术"
PRACTICE = {"ent_ophthalmology": "眼耳鼻咽喉科专业"}
EXEMPT = ExemptionRule(200, None, min_clinical_years=10, min_title="associate_chief")
INSTITUTION_SWITCH, PHYSICIAN_SWITCH = n.grade4_switches(SKILL)
G4 = n.GRADE4_INSTITUTION
G4_NOT = "本机构未开展按照四级手术管理的咽喉科内镜诊疗技术"
P4 = n.GRADE4_PHYSICIAN
P4_NOT = "该医师未（拟）独立开展按照四级手术管理的咽喉科内镜诊疗技术"
TUMOUR = c.is_true("profile.tumour", label="开展耳鼻咽喉系统肿瘤相关咽喉科内镜诊疗技术")
DEPARTMENTS = {
    "cardiothoracic": "心胸外科",
    "neurosurgery": "神经外科",
    "vascular_intervention": "血管介入科",
}


class LaryngealEndoscopyNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = TrainingRule(
        min_months=3,
        min_cases=10,
        min_managed=20,
        overseas_months=0,  # 四(一)4 names no length: the certificate and the assessment decide
        exemption=EXEMPT,
    )
    groups = {
        "laryngology": "咽喉科",
        "grade4_conditions": "按照四级手术管理的咽喉科内镜诊疗技术（机构条件）",
    }
    switches = {
        **INSTITUTION_SWITCH,
        "tumour": n.yes_no(
            "开展耳鼻咽喉系统肿瘤相关咽喉科内镜诊疗技术",
            "本机构是否开展耳鼻咽喉系统肿瘤相关咽喉科内镜诊疗技术？",
        ),
        **n.training_base_switch(SKILL, "2023 S13 四(二)"),
    }
    personnel_switches = PHYSICIAN_SWITCH
    asked_when = {"grade4_conditions": "grade4", "training_base": "training_base.applies"}

    # 一、医疗机构基本要求
    capacity = n.Capacity("一(一)")
    subjects = n.Require(
        "一(二)",
        "具有卫生健康行政部门核准登记的与开展咽喉科内镜诊疗技术相适应的诊疗科目，有与开展咽喉科"
        "内镜诊疗技术相关的科室、辅助科室和设备。",
        n.yes("laryngology.subject_registered", "已核准登记与本技术相适应的诊疗科目"),
        n.yes("laryngology.facilities", "有与开展本技术相关的科室、辅助科室和设备"),
        title="有核准登记的相适应诊疗科目，有相关科室、辅助科室和设备",
    )
    laryngology = n.Require(
        "一(三)",
        "医疗机构外科设有咽喉科病区或专业组，每年收治咽喉科患者不少于300例，完成咽喉科诊疗"
        "不少于200例。",
        n.yes("laryngology.ward_or_team", "外科设有咽喉科病区或专业组"),
        n.at_least("laryngology.patients_per_year", 300, "每年收治咽喉科患者", "例"),
        n.at_least("laryngology.treated_per_year", 200, "每年完成咽喉科诊疗", "例"),
        title="设有咽喉科病区或专业组，每年收治不少于300例、完成诊疗不少于200例",
    )
    physicians = n.Physicians(
        "一(四)", 2, "有至少2名具备咽喉科内镜诊疗技术临床应用能力的本医疗机构注册医师"
    )
    other_staff = n.OtherStaff(
        "一(四)",
        "有经过咽喉内镜诊疗技术相关知识和技能培训并考核合格的、与开展咽喉内镜诊疗技术相关的"
        "麻醉和护理等专业技术人员。",
    )
    grade4_volume = n.Require(
        "一(五)1",
        "近5年累计完成咽喉科内镜诊疗不少于500例，其中，完成按照三级手术管理的咽喉科内镜诊疗"
        "不少于250例， 技术水平在本省（自治区、直辖市）医疗机构中处于先进地位。",
        n.at_least("grade4_conditions.cases_5y", 500, "近5年累计完成咽喉科内镜诊疗", "例"),
        n.at_least(
            "grade4_conditions.grade3_cases_5y",
            250,
            "近5年完成按照三级手术管理的咽喉科内镜诊疗",
            "例",
        ),
        n.yes(
            "grade4_conditions.leading", "技术水平在本省（自治区、直辖市）医疗机构中处于先进地位"
        ),
        title="四级：近5年累计不少于500例，其中三级手术不少于250例，技术水平处于本省先进",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_critical_care = n.Require(
        "一(五)2",
        "具备满足危重患者救治要求的麻醉和重症监护专业。具有心胸外科、神经外科、血管介入科等科室，"
        "有开展头颈肿瘤联合手术的能力，具备进行血管造影及栓塞操作的专业人员及能力。",
        n.yes("grade4_conditions.critical_care", "具备满足危重患者救治要求的麻醉和重症监护专业"),
        n.includes("grade4_conditions.departments", DEPARTMENTS, "相关科室"),
        n.yes("grade4_conditions.head_neck", "有开展头颈肿瘤联合手术的能力"),
        n.yes("grade4_conditions.angiography", "具备进行血管造影及栓塞操作的专业人员及能力"),
        title="四级：麻醉和重症监护，心胸外科、神经外科、血管介入科，头颈肿瘤联合手术与血管造影栓塞",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_support = n.Statement(
        "一(五)3",
        "具备满足实施按照四级手术管理的咽喉科内镜诊疗技术需求的临床辅助科室、设备和技术能力。",
        path="grade4_conditions.support",
        label="具备满足四级咽喉科内镜诊疗需求的临床辅助科室、设备和技术能力",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_physicians = n.Require(
        "一(五)4",
        "应有符合开展按照四级手术管理的咽喉科内镜诊疗技术能力的医师。",
        n.at_least(
            "grade4_conditions.physicians", 1, "符合开展四级咽喉科内镜诊疗技术能力的医师", "名"
        ),
        title="四级：有符合开展四级咽喉科内镜诊疗技术能力的医师",
        when=G4,
        otherwise=G4_NOT,
    )
    tumour_subjects = n.Require(
        "一(五)5",
        "开展耳鼻咽喉系统肿瘤相关咽喉科内镜诊疗技术的医疗机构，还应当具备卫生健康行政部门核准"
        "登记的肿瘤科与放射治疗科的诊疗科目。",
        n.yes("grade4_conditions.oncology_registered", "已核准登记肿瘤科诊疗科目"),
        n.yes("grade4_conditions.radiotherapy_registered", "已核准登记放射治疗科诊疗科目"),
        title="开展耳鼻咽喉系统肿瘤相关技术：核准登记肿瘤科与放射治疗科",
        when=c.all_of(G4, TUMOUR),
        otherwise="本机构未开展四级的耳鼻咽喉系统肿瘤相关咽喉科内镜诊疗技术",
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1(1)",
        "取得《医师执业证书》，执业范围为与开展咽喉科内镜诊疗技术相适应的临床专业。",
        scopes=PRACTICE,
    )
    experience = n.Experience(
        "二(一)1(2)", "具有3年以上耳鼻喉科诊疗工作经验", years=3, what="从事耳鼻喉科诊疗工作"
    )
    cases = n.Require(
        "二(一)1(2)",
        "目前从事咽喉科诊疗工作，累计参与完成咽喉科内镜诊疗不少于100例。",
        n.yes("laryngology_now", "目前从事咽喉科诊疗工作"),
        n.at_least("cases_assisted", 100, "累计参与完成咽喉科内镜诊疗", "例"),
        title="目前从事咽喉科诊疗工作，累计参与完成咽喉科内镜诊疗不少于100例",
        section="personnel",
    )
    system_training = n.Require(
        "二(一)1(3)",
        "经过咽喉科内镜诊疗技术相关系统培训，具有开展咽喉科内镜手术的能力。",
        n.yes("system_training", "经过咽喉科内镜诊疗技术相关系统培训"),
        title="经过咽喉科内镜诊疗技术相关系统培训",
        section="personnel",
    )
    grade4_experience = n.Experience(
        "二(一)2(1)",
        "开展咽喉科诊疗工作不少于10年",
        years=10,
        what="开展咽喉科诊疗工作",
        path="laryngology_since",
        title="四级：开展咽喉科诊疗工作不少于10年",
        when=P4,
        otherwise=P4_NOT,
    )
    grade4_title = n.Title(
        "二(一)2(1)",
        "具有副主任医师专业技术职务任职资格",
        minimum="associate_chief",
        title="四级：具有副主任医师专业技术职务任职资格",
        when=P4,
        otherwise=P4_NOT,
    )
    grade4_cases = n.Require(
        "二(一)2(1)",
        "累计完成咽喉科内镜诊疗不少于500例，其中，独立完成按照三级手术管理的咽喉科内镜诊疗不少于"
        "200例。",
        n.at_least("cases_done", 500, "累计完成咽喉科内镜诊疗", "例"),
        n.at_least("grade3_independent", 200, "独立完成按照三级手术管理的咽喉科内镜诊疗", "例"),
        title="四级：累计完成不少于500例，其中独立完成三级手术不少于200例",
        section="personnel",
        when=P4,
        otherwise=P4_NOT,
    )
    training = n.Training(
        "二(一)2(2)",
        "经省级卫生健康行政部门指定的四级咽喉科内镜手术培训基地系统培训并考核合格，具有开展四级"
        "咽喉科内镜手术的能力。",
        title="四级：经四级咽喉科内镜手术培训基地系统培训并考核合格（或视为达到、免于培训）",
        when=P4,
        otherwise=P4_NOT,
    )
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)4", "exempt": "四(一)5"},
        {
            "trainee": "应当具有《医师执业证书》，具有副主任医师及以上专业技术职务任职资格。",
            "base": "应当接受至少3个月的系统培训。在指导医师指导下，参与完成按照四级手术管理的"
            "咽喉科内镜诊疗不少于10例，并经考核合格。",
            "overseas": "在境外接受咽喉科内镜手术培训并取得境外培训机构的培训证明，并经省级卫生"
            "健康行政部门备案的培训基地考核合格后，可以视为达到规定的培训要求。",
            "exempt": "本规范印发之日前，从事临床工作满10年，具有副主任医师专业技术职务任职资格，"
            "累计独立完成咽喉科内镜诊疗不少于200例，其中独立完成按照四级手术管理的咽喉科内镜诊疗"
            "不少于20例，未发生严重不良事件的，可免于培训。",
        },
        titles={
            "trainee": "四级：拟培训医师具有《医师执业证书》和副主任医师及以上任职资格",
            "overseas": "境外接受培训、有境外培训机构的培训证明并经备案培训基地考核合格",
        },
        min_title="associate_chief",
        scopes=PRACTICE,
        when=P4,
        otherwise=P4_NOT,
    )
    exempt_grade4 = n.Require(
        "四(一)5",
        "其中独立完成按照四级手术管理的咽喉科内镜诊疗不少于20例",
        n.at_least("exempt_grade4_cases", 20, "免训：其中独立完成按照四级手术管理的诊疗", "例"),
        title="免训：其中独立完成四级咽喉科内镜诊疗不少于20例",
        section="personnel",
        when=c.all_of(P4, n.exempted()),
        otherwise="该医师未按免训途径",
    )
    managed = n.TrainedAtBase(
        "四(一)3",
        "在指导医师的指导下，参与不少于20例患者全过程的管理，包括术前评价、诊断性检查结果解释、"
        "与其他学科共同会诊、咽喉科内镜手术操作、操作过程记录、围手术期处理、重症监护治疗和术后"
        "随访等。",
        title="四级：在指导医师指导下参与不少于20例患者全过程的管理",
        when=P4,
        otherwise=P4_NOT,
    )
    other_staff_training = n.OtherStaffTraining("二(二)")

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守耳鼻喉科疾病诊疗规范、咽喉科内镜诊疗技术操作规范和诊疗指南，严格掌握手术适应证"
        "和禁忌证。",
    )
    deciders = n.RegisteredDecider(
        "三(二)",
        "应用咽喉科内镜诊疗技术应当由本机构注册医师决定",
        title="由本机构注册医师决定",
    )
    grade4_deciders = n.Deciders(
        "三(二)",
        "实施按照四级手术管理的咽喉科内镜诊疗技术由具有副主任医师专业技术职务任职资格的本机构"
        "注册医师决定",
        count=1,
        same_institution=True,
        title="四级：由副主任医师任职资格的本机构注册医师决定",
        when=n.GRADE4_CASE,
        otherwise="本例不是四级手术",
    )
    operator = n.Operator("三(二)", "术者由符合本规范要求的医师担任")
    consent = n.Consent(
        "三(三)",
        "实施咽喉科内镜诊疗操作前，应当向患者及其家属告知诊疗目的、诊疗风险、术后注意事项、"
        "可能发生的并发症及预防措施等，并签署知情同意书。",
    )
    followup = n.Followup("三(四)", "建立健全咽喉科内镜诊疗术后随访制度，并按规定进行随访、记录")
    followup_system = n.FollowupSystem(
        "三(四)",
        "建立健全咽喉科内镜诊疗术后随访制度，并按规定进行随访、记录",
        planned_visit="首次随访",
    )
    reporting = n.Reporting("三(四)")
    assessment = n.Assessment(
        "三(五)",
        "医疗机构和医师按照规定定期接受咽喉科内镜手术的临床应用能力评估，包括手术适应证、"
        "中转开放手术率、严重并发症、非计划性再手术率、死亡率、医疗不良事件发生情况和病历质量等。",
    )
    approved_devices = n.ApprovedDevices(
        "三(六)1",
        "使用经国家药品监督管理总局批准的咽喉科内镜诊疗相关器材，不得违规重复使用与咽喉科内镜"
        "诊疗技术相关的一次性医用器材。",
    )
    device_register = n.DeviceRegister(
        "三(六)2", "建立咽喉科内镜手术相关器材登记制度，保证器材来源可追溯。"
    )

    # 四、培训管理基本要求 (二) 培训基地
    base_grade = n.base_clause(
        "四(二)1(1)",
        "三级甲等医院或国家临床重点专科，符合咽喉科内镜诊疗技术管理规范要求。",
        n.choice(
            "training_base.grade",
            {"3A": "三级甲等医院", "key_specialty": "国家临床重点专科"},
            "医院等级或专科",
            others={"other": "其他"},
        ),
        n.yes("training_base.meets_norm", "符合咽喉科内镜诊疗技术管理规范要求"),
        title="培训基地：三级甲等医院或国家临床重点专科，符合本规范要求",
    )
    base_experience = n.base_clause(
        "四(二)1(2)",
        "开展咽喉科诊疗工作不少于10年，具备按照四级手术管理的咽喉科内镜诊疗技术临床应用能力。"
        "咽喉科开放床位不少于20张。",
        n.at_least("training_base.years", 10, "开展咽喉科诊疗工作", "年"),
        n.yes("training_base.grade4_capable", "具备四级咽喉科内镜诊疗技术临床应用能力"),
        n.at_least("training_base.beds", 20, "咽喉科开放床位", "张"),
        title="培训基地：咽喉科诊疗不少于10年，具四级能力，开放床位不少于20张",
    )
    base_volume = n.base_clause(
        "四(二)1(3)",
        "近5年累计收治咽喉疾病患者不少于3000例，其中每年完成按照四级手术管理的咽喉科内镜诊疗"
        "不少于100例。",
        n.at_least("training_base.patients_5y", 3000, "近5年累计收治咽喉疾病患者", "例"),
        n.at_least(
            "training_base.grade4_min_year", 100, "每年完成四级咽喉科内镜诊疗（最少一年）", "例"
        ),
        title="培训基地：近5年累计收治不少于3000例，每年四级手术不少于100例",
    )
    base_tutors = n.base_tutors(
        "四(二)1(4)",
        "有不少于4名具备参照四级手术管理的咽喉科内镜诊疗技术临床应用能力的指导医师，其中至少2名"
        "具有主任医师专业技术职务任职资格。",
        tutors=4,
        chiefs=2,
    )
    base_resources = n.base_resources(
        "四(二)1(5)",
        "有与开展咽喉科内镜诊疗技术培训工作相适应的人员、技术、设备和设施等条件。",
    )
    base_meetings = n.base_clause(
        "四(二)1(6)",
        "近3年举办过全国性咽喉内镜诊疗技术相关专业学术会议或承担咽喉内镜诊疗技术相关的国家级"
        "继续医学教育项目。",
        n.yes("training_base.meetings", "近3年举办过全国性学术会议或承担国家级继续医学教育项目"),
        title="培训基地：近3年举办全国性学术会议或承担国家级继续医学教育项目",
    )
    base_curriculum, base_schedule, base_assessment, base_archives = (
        n.ENDOSCOPY_BASE_TEACHING.clauses()
    )


NORM = LaryngealEndoscopyNorm
