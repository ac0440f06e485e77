"""The 管理规范 of 鼻科内镜诊疗技术 (2023 S12) on the standard norm.

The norm is tiered (一(八), 二(一)2, 三(二), 四(一)): what applies to 按照四级手术管理的
鼻科内镜诊疗技术 reads the institution's switch (``grade4``), the physician's
(``grade4_independent``) or the case's grade (the ``grade`` section), through
core's tier (``rtech.norm.GRADE4_*``). 四(一) trains only the physicians of the
四级 tier, so the training clauses apply to them alone; 二(一)1(3) asks every
physician for the 相关系统培训 itself.
"""

from rtech import ExemptionRule, Norm, TrainingRule
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.nasal_endoscopy.meta import TECHNOLOGY

SKILL = "鼻科内镜诊疗技术"
PRACTICE = {"ent_ophthalmology": "眼耳鼻咽喉科专业"}
BASE_TERM = "省级卫生健康行政部门备案的培训基地"
EXEMPT = ExemptionRule(
    100, 5, min_clinical_years=10, min_title="associate_chief", min_title_years=3
)
INSTITUTION_SWITCH, PHYSICIAN_SWITCH = n.grade4_switches(SKILL)
G4 = n.GRADE4_INSTITUTION
G4_NOT = "本机构未开展按照四级手术管理的鼻科内镜诊疗技术"
P4 = n.GRADE4_PHYSICIAN
P4_NOT = "该医师未（拟）独立开展按照四级手术管理的鼻科内镜诊疗技术"
TUMOUR = c.is_true("profile.tumour", label="开展耳鼻咽喉系统肿瘤相关鼻科内镜诊疗技术")
OR_EMERGENCY = {
    "monitor_spo2": "心电监护仪（含血氧饱和度监测功能）",
    "defibrillator": "除颤仪",
    "bag_valve": "简易呼吸器",
    "emergency_drugs": "急救药品",
}
MEDTECH = {"imaging": "影像科", "laboratory": "检验科", "pathology": "病理科"}


class NasalEndoscopyNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = TrainingRule(
        min_months=6,
        min_cases=15,
        min_managed=30,
        overseas_months=6,
        exemption=EXEMPT,
        base_term=BASE_TERM,
    )
    groups = {
        "ent": "耳鼻咽喉科",
        "theatre": "手术室",
        "support": "其他辅助科室、设备",
        "grade4_conditions": "按照四级手术管理的鼻科内镜诊疗技术（机构条件）",
    }
    switches = {
        **INSTITUTION_SWITCH,
        "tumour": n.yes_no(
            "开展耳鼻咽喉系统肿瘤相关鼻科内镜诊疗技术",
            "本机构是否开展耳鼻咽喉系统肿瘤相关鼻科内镜诊疗技术？",
        ),
        **n.training_base_switch(SKILL, "2023 S12 四(二)"),
    }
    personnel_switches = PHYSICIAN_SWITCH
    asked_when = {"grade4_conditions": "grade4", "training_base": "training_base.applies"}

    # 一、医疗机构基本要求
    capacity = n.Capacity("一(一)")
    subjects = n.Require(
        "一(二)",
        "具有卫生健康行政部门核准登记的与开展鼻科内镜诊疗技术相适应的诊疗科目，"
        "有开展鼻科内镜诊疗技术的手术室等相关室所和设备。",
        n.yes("ent.subject_registered", "已核准登记与本技术相适应的诊疗科目"),
        n.yes("theatre.present", "有开展鼻科内镜诊疗技术的手术室等相关室所和设备"),
        title="有核准登记的相适应诊疗科目，有手术室等相关室所和设备",
    )
    ent = n.Require(
        "一(三)",
        "医疗机构设有耳鼻咽喉科，设有耳鼻咽喉科门诊及住院病房。",
        n.yes("ent.department", "设有耳鼻咽喉科"),
        n.yes("ent.outpatient", "设有耳鼻咽喉科门诊"),
        n.yes("ent.ward", "设有耳鼻咽喉科住院病房"),
        title="设有耳鼻咽喉科及其门诊、住院病房",
    )
    theatre_standard = n.Statement(
        "一(四)1",
        "符合手术室设置的相关规范。",
        path="theatre.standard",
        label="手术室符合手术室设置的相关规范",
    )
    theatre_endoscopes = n.Statement(
        "一(四)2",
        "有满足鼻科内镜诊疗工作需要的内镜设备和相关器械、耗材。",
        path="theatre.endoscopes",
        label="有满足鼻科内镜诊疗工作需要的内镜设备和相关器械、耗材",
    )
    theatre_emergency = n.Equipment(
        "一(四)3",
        "配备心电监护仪（含血氧饱和度监测功能）、除颤仪、简易呼吸器等急救设备和急救药品。",
        path="theatre.emergency",
        items=OR_EMERGENCY,
        label="手术室急救设备和急救药品",
    )
    anaesthesia = n.Require(
        "一(五)1",
        "设有麻醉科等相关专业科室或专业医师，有满足鼻科内镜诊疗技术麻醉必须的设备、设施，"
        "具备鼻科内镜诊疗相关的麻醉技术临床应用能力以及并发症综合处理和抢救能力。",
        n.yes("support.anaesthesia", "设有麻醉科等相关专业科室或专业医师"),
        n.yes("support.anaesthesia_equipment", "有满足本技术麻醉必须的设备、设施"),
        n.yes("support.rescue", "具备相关麻醉技术临床应用能力以及并发症综合处理和抢救能力"),
        title="设有麻醉科等，具备麻醉、并发症处理和抢救能力",
    )
    medical_technology = n.Require(
        "一(五)2",
        "设有影像科、检验科、病理科等医技科室，满足鼻科相关疾病的诊疗需要。",
        n.includes("support.medtech", MEDTECH, "医技科室"),
        title="设有影像科、检验科、病理科等医技科室",
    )
    disinfection = n.Require(
        "一(六)",
        "有内镜消毒灭菌设施，医院感染管理符合要求。",
        n.yes("support.endoscope_disinfection", "有内镜消毒灭菌设施"),
        n.yes("support.infection_control", "医院感染管理符合要求"),
        title="有内镜消毒灭菌设施，医院感染管理符合要求",
    )
    physicians = n.Physicians(
        "一(七)", 2, "有至少2名具备鼻科内镜诊疗技术临床应用能力的本医疗机构注册医师"
    )
    other_staff = n.OtherStaff(
        "一(七)",
        "有经过鼻科内镜诊疗技术相关知识和技能培训并考核合格的、与开展鼻科内镜诊疗技术相关的"
        "麻醉、影像、病理等专业技术人员。",
    )
    grade4_volume = n.Require(
        "一(八)1",
        "有鼻科病房开放床位，近5年累计完成鼻科内镜诊疗不少于1000例，其中，完成按照三级手术"
        "管理的鼻科内镜诊疗不少于500例。",
        n.at_least("grade4_conditions.rhinology_beds", 1, "鼻科病房开放床位", "张"),
        n.at_least("grade4_conditions.cases_5y", 1000, "近5年累计完成鼻科内镜诊疗", "例"),
        n.at_least(
            "grade4_conditions.grade3_cases_5y",
            500,
            "近5年完成按照三级手术管理的鼻科内镜诊疗",
            "例",
        ),
        title="四级：有鼻科病房，近5年累计不少于1000例，其中三级手术不少于500例",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_critical_care = n.Require(
        "一(八)2",
        "具备满足危重患者救治要求的麻醉和重症监护专业。有联合开展鼻颅底相关诊疗技术的能力，"
        "具备进行血管造影及栓塞操作能力的专业人员。",
        n.yes("grade4_conditions.critical_care", "具备满足危重患者救治要求的麻醉和重症监护专业"),
        n.yes("grade4_conditions.skull_base", "有联合开展鼻颅底相关诊疗技术的能力"),
        n.yes("grade4_conditions.angiography", "具备进行血管造影及栓塞操作能力的专业人员"),
        title="四级：麻醉和重症监护、鼻颅底联合诊疗、血管造影及栓塞能力",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_support = n.Statement(
        "一(八)3",
        "具备满足实施按照四级手术管理的鼻科内镜诊疗技术需求的临床辅助科室、设备和技术能力。",
        path="grade4_conditions.support",
        label="具备满足四级鼻科内镜诊疗需求的临床辅助科室、设备和技术能力",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_physicians = n.Require(
        "一(八)4",
        "应有符合开展按照四级手术管理的鼻科内镜诊疗技术能力的本院医师。",
        n.at_least(
            "grade4_conditions.physicians",
            1,
            "符合开展四级鼻科内镜诊疗技术能力的本院医师",
            "名",
        ),
        title="四级：有符合开展四级鼻科内镜诊疗技术能力的本院医师",
        when=G4,
        otherwise=G4_NOT,
    )
    tumour_subjects = n.Require(
        "一(八)5",
        "开展耳鼻咽喉系统肿瘤相关鼻科内镜诊疗技术的医疗机构，还应当具备卫生健康行政部门核准"
        "登记的肿瘤科与放射治疗科的诊疗科目。",
        n.yes("grade4_conditions.oncology_registered", "已核准登记肿瘤科诊疗科目"),
        n.yes("grade4_conditions.radiotherapy_registered", "已核准登记放射治疗科诊疗科目"),
        title="开展耳鼻咽喉系统肿瘤相关技术：核准登记肿瘤科与放射治疗科",
        when=c.all_of(G4, TUMOUR),
        otherwise="本机构未开展四级的耳鼻咽喉系统肿瘤相关鼻科内镜诊疗技术",
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1(1)",
        "取得《医师执业证书》，执业范围为与开展鼻科内镜诊疗技术相适应的临床专业。",
        scopes=PRACTICE,
    )
    experience = n.Experience(
        "二(一)1(2)",
        "有5年以上耳鼻喉科诊疗工作经验",
        years=5,
        what="从事耳鼻喉科诊疗工作",
    )
    title = n.Title("二(一)1(2)", "具有主治医师专业技术职务任职资格。")
    cases = n.Require(
        "二(一)1(2)",
        "目前从事鼻科诊疗工作，累计参与完成鼻科内镜诊疗不少于100例。",
        n.yes("rhinology_now", "目前从事鼻科诊疗工作"),
        n.at_least("cases_assisted", 100, "累计参与完成鼻科内镜诊疗", "例"),
        title="目前从事鼻科诊疗工作，累计参与完成鼻科内镜诊疗不少于100例",
        section="personnel",
    )
    system_training = n.Require(
        "二(一)1(3)",
        "经过鼻科内镜诊疗技术相关系统培训，具有开展鼻科内镜诊疗技术的能力。",
        n.yes("system_training", "经过鼻科内镜诊疗技术相关系统培训"),
        title="经过鼻科内镜诊疗技术相关系统培训",
        section="personnel",
    )
    grade4_experience = n.Experience(
        "二(一)2(1)",
        "开展鼻科诊疗工作不少于10年",
        years=10,
        what="开展鼻科诊疗工作",
        path="rhinology_since",
        title="四级：开展鼻科诊疗工作不少于10年",
        when=P4,
        otherwise=P4_NOT,
    )
    grade4_title = n.Title(
        "二(一)2(1)",
        "具有副主任医师专业技术职务任职资格3年以上。",
        minimum="associate_chief",
        years=3,
        title="四级：具有副主任医师专业技术职务任职资格3年以上",
        when=P4,
        otherwise=P4_NOT,
    )
    grade4_cases = n.Require(
        "二(一)2(1)",
        "累计完成鼻科内镜诊疗不少于1000例；其中独立完成按照三级手术管理的鼻科内镜诊疗不少于300例。",
        n.at_least("cases_done", 1000, "累计完成鼻科内镜诊疗", "例"),
        n.at_least("grade3_independent", 300, "独立完成按照三级手术管理的鼻科内镜诊疗", "例"),
        title="四级：累计完成不少于1000例，其中独立完成三级手术不少于300例",
        section="personnel",
        when=P4,
        otherwise=P4_NOT,
    )
    training = n.Training(
        "二(一)2(2)",
        "经过省级四级鼻科内镜诊疗技术培训基地系统培训并考核合格，具有开展四级鼻科内镜诊疗"
        "技术的能力。",
        title="四级：经过省级四级鼻科内镜诊疗技术培训基地系统培训并考核合格（或视为达到、免于培训）",
        when=P4,
        otherwise=P4_NOT,
    )
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)4", "exempt": "四(一)5"},
        {
            "trainee": "应当具有《医师执业证书》，具有副主任医师专业技术职务任职资格3年以上。",
            "base": "应当接受至少6个月的系统培训。在指导医师指导下，参与完成按照四级手术管理的"
            "鼻科内镜诊疗不少于15例，并经考核合格。",
            "overseas": "在境外接受鼻科内镜诊疗技术培训至少6个月，有境外培训机构的培训证明，"
            "并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到规定的培训要求。",
            "exempt": "本规范印发之日前，从事临床工作满10年，取得副主任医师专业技术职务任职资格"
            "3年以上，近5年独立开展按照四级手术管理的鼻科内镜诊疗技术临床应用不少于100例，"
            "未发生严重不良事件的，可免于培训。",
        },
        titles={
            "trainee": "四级：拟培训医师具有《医师执业证书》和副主任医师任职资格3年以上",
        },
        min_title="associate_chief",
        min_title_years=3,
        scopes=PRACTICE,
        when=P4,
        otherwise=P4_NOT,
    )
    managed = n.TrainedAtBase(
        "四(一)3",
        "在指导医师的指导下，参与不少于30例患者全过程的管理，包括术前评价、诊断性检查结果解释、"
        "与其他学科共同会诊、鼻科内镜手术操作、操作过程记录、围手术期处理、重症监护治疗和术后"
        "随访等。",
        title="四级：在指导医师指导下参与不少于30例患者全过程的管理",
        when=P4,
        otherwise=P4_NOT,
    )
    other_staff_training = n.OtherStaffTraining("二(二)")

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守耳鼻咽喉科疾病诊疗标准、规范，鼻科内镜诊疗技术行业标准、操作规范和诊疗指南，"
        "严格掌握鼻科内镜诊疗技术的手术适应证和禁忌证。",
    )
    deciders = n.RegisteredDecider(
        "三(二)",
        "应用鼻科内镜诊疗技术应当由本机构注册医师决定",
        title="由本机构注册医师决定",
    )
    grade4_deciders = n.Deciders(
        "三(二)",
        "实施按照四级手术管理的鼻科内镜诊疗技术由具有副主任医师专业技术职务任职资格3年以上的"
        "本机构注册医师决定",
        count=1,
        same_institution=True,
        title_years=3,
        title="四级：由副主任医师任职资格3年以上的本机构注册医师决定",
        when=n.GRADE4_CASE,
        otherwise="本例不是四级手术",
    )
    operator = n.Operator("三(二)", "术者由符合本规范要求的医师担任")
    consent = n.Consent(
        "三(三)",
        "实施鼻科内镜诊疗技术前，应当向患者及其家属告知手术目的、手术风险、术后注意事项、"
        "可能发生的并发症及预防措施等，并签署知情同意书。",
    )
    followup = n.Followup("三(四)", "建立健全鼻科内镜诊疗术后随访制度，并按规定进行随访、记录")
    followup_system = n.FollowupSystem(
        "三(四)",
        "建立健全鼻科内镜诊疗术后随访制度，并按规定进行随访、记录",
        planned_visit="首次随访",
    )
    reporting = n.Reporting("三(四)")
    assessment = n.Assessment(
        "三(五)",
        "医疗机构和医师按照规定定期接受鼻内镜诊疗技术的临床应用能力评估，包括病例选择、"
        "手术成功率、严重并发症、死亡病例、医疗不良事件发生情况、术后患者管理、随访情况和"
        "病历质量等。",
    )
    approved_devices = n.ApprovedDevices(
        "三(六)1",
        "使用经国家药品监督管理总局批准的鼻内镜诊疗相关器材，按照相关规定使用与鼻内镜诊疗技术"
        "相关的医用器材。",
    )
    device_register = n.DeviceRegister(
        "三(六)2", "建立鼻内镜诊疗技术相关器材登记制度，保证器材来源可追溯。"
    )

    # 四、培训管理要求 (二) 培训基地
    base_grade = n.base_clause(
        "四(二)1(1)",
        "三级甲等医院，符合鼻科内镜诊疗技术管理规范要求。",
        n.choice(
            "training_base.grade",
            {"3A": "三级甲等医院"},
            "医院等级",
            others={"other": "其他等级"},
        ),
        n.yes("training_base.meets_norm", "符合鼻科内镜诊疗技术管理规范要求"),
        title="培训基地：三级甲等医院，符合本规范要求",
    )
    base_experience = n.base_clause(
        "四(二)1(2)",
        "开展鼻科诊疗工作不少于10年，具有按照四级手术管理的鼻科内镜诊疗技术临床应用能力。"
        "鼻科开放床位不少于20张。",
        n.at_least("training_base.years", 10, "开展鼻科诊疗工作", "年"),
        n.yes("training_base.grade4_capable", "具有四级鼻科内镜诊疗技术临床应用能力"),
        n.at_least("training_base.beds", 20, "鼻科开放床位", "张"),
        title="培训基地：鼻科诊疗不少于10年，具四级能力，开放床位不少于20张",
    )
    base_volume = n.base_clause(
        "四(二)1(3)",
        "近5年累计收治鼻科患者不少于2500例，其中完成按照四级手术管理的鼻科内镜诊疗不少于400例。",
        n.at_least("training_base.patients_5y", 2500, "近5年累计收治鼻科患者", "例"),
        n.at_least("training_base.grade4_5y", 400, "其中完成按照四级手术管理的鼻科内镜诊疗", "例"),
        title="培训基地：近5年累计收治鼻科患者不少于2500例，其中四级手术不少于400例",
    )
    base_tutors = n.base_tutors(
        "四(二)1(4)",
        "有不少于4名具备按照四级手术管理的鼻科内镜诊疗技术临床应用能力的指导医师，其中至少2名"
        "具有主任医师专业技术职务任职资格。",
        tutors=4,
        chiefs=2,
    )
    base_resources = n.base_resources(
        "四(二)1(5)",
        "有与开展鼻科内镜诊疗技术培训工作相适应的人员、技术、设备和设施等条件。",
    )
    base_meetings = n.base_clause(
        "四(二)1(6)",
        "近3年举办过全国性鼻科内镜诊疗技术相关专业学术会议或承担过鼻科内镜诊疗技术相关的"
        "省级培训班。",
        n.yes("training_base.meetings", "近3年举办过全国性学术会议或承担过省级培训班"),
        title="培训基地：近3年举办全国性学术会议或承担省级培训班",
    )
    base_curriculum, base_schedule, base_assessment, base_archives = (
        n.ENDOSCOPY_BASE_TEACHING.clauses()
    )


NORM = NasalEndoscopyNorm
