"""The 管理规范 of 呼吸内镜诊疗技术 (2023 S10) on the standard norm.

Tiered by 四级 as S12 and S13 are, through core's tier (``rtech.norm.GRADE4_*``):
一(三), 二(一)2, 三(三) and 四(一) apply to 按照四级手术管理的呼吸内镜诊疗技术 only.
The 四级 physician and decider need 主治医师 (not 副主任医师). 一(二)3(4) asks an
aseptic room only where 内科胸腔镜 is performed (the ``thoracoscopy`` switch).
四(一)5 exempts on two counts, 1000 cases in five years and 100 of them 四级; the
second is asked beside the exemption block.
"""

from rtech import ExemptionRule, Norm, TrainingRule
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.resp_endoscopy.meta import TECHNOLOGY

SKILL = "呼吸内镜诊疗技术"
PRACTICE = {"internal_medicine": "内科专业", "surgery": "外科专业"}
EXEMPT = ExemptionRule(1000, 5)
INSTITUTION_SWITCH, PHYSICIAN_SWITCH = n.grade4_switches(SKILL)
G4 = n.GRADE4_INSTITUTION
G4_NOT = "本机构未开展按照四级手术管理的呼吸内镜诊疗技术"
P4 = n.GRADE4_PHYSICIAN
P4_NOT = "该医师未（拟）独立开展按照四级手术管理的呼吸内镜诊疗技术"
TUMOUR = c.is_true("profile.tumour", label="开展呼吸系统肿瘤相关呼吸内镜诊疗技术")
THORACOSCOPY = c.is_true("profile.thoracoscopy", label="开展内科胸腔镜手术")
ROOM_EMERGENCY = {
    "ecg_spo2_monitor": "心电脉氧监护仪",
    "defibrillator": "除颤仪",
    "oxygen": "吸氧装置",
    "intubation": "气管插管",
    "bag_valve": "简易呼吸器",
    "haemostasis": "止血器械",
    "emergency_drugs": "各类急救药品",
}
RECOVERY = {
    "oxygen": "吸氧装备",
    "suction": "负压吸引设施",
    "monitor": "监护设备",
    "rescue": "抢救设备",
    "beds": "病床",
    "staff": "相应的医护人员",
}
SUPPORT = {"imaging": "医学影像科", "anaesthesia": "麻醉科", "thoracic_surgery": "胸外科"}
BASE_DEPARTMENTS = {
    "respiratory": "呼吸内科或呼吸与危重症医学科或结核病科",
    "thoracic_surgery": "胸外科",
    "ent": "耳鼻咽喉科",
    "anaesthesia": "麻醉科",
    "imaging": "医学影像科",
    "interventional_radiology": "放射介入科",
}


class RespEndoscopyNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = TrainingRule(
        min_months=6, min_cases=50, min_managed=100, overseas_months=6, exemption=EXEMPT
    )
    groups = {
        "clinical": "临床科室",
        "prep_room": "术前准备室（区域）",
        "rooms": "诊疗室",
        "recovery": "麻醉恢复室",
        "disinfection": "内镜清洗消毒室",
        "grade4_conditions": "按照四级手术管理的呼吸内镜诊疗技术（机构条件）",
    }
    switches = {
        **INSTITUTION_SWITCH,
        "thoracoscopy": n.yes_no("开展内科胸腔镜手术", "本机构是否开展内科胸腔镜手术？"),
        "tumour": n.yes_no(
            "开展呼吸系统肿瘤相关呼吸内镜诊疗技术",
            "本机构是否开展呼吸系统肿瘤相关呼吸内镜诊疗技术？",
        ),
        **n.training_base_switch(SKILL, "2023 S10 四(二)"),
    }
    personnel_switches = PHYSICIAN_SWITCH
    asked_when = {"grade4_conditions": "grade4", "training_base": "training_base.applies"}

    # 一、医疗机构基本要求
    capacity = n.Capacity("一(一)")
    subjects = n.Require(
        "一(二)",
        "具有卫生健康行政部门核准登记的与开展呼吸内镜诊疗技术相适应的诊疗科目，有开展呼吸内镜诊疗"
        "技术相关的术前准备室、诊疗室、麻醉恢复室、内镜清洗消毒室等相关场所和设备。",
        n.yes("clinical.subject_registered", "已核准登记与本技术相适应的诊疗科目"),
        title="有核准登记的相适应诊疗科目，有术前准备室、诊疗室、麻醉恢复室、内镜清洗消毒室等",
    )
    clinical = n.Require(
        "一(二)1",
        "医疗机构设有呼吸科、胸外科或其他与开展呼吸内镜诊疗技术相适应的临床科室，且有住院床位。",
        n.yes("clinical.department", "设有呼吸科、胸外科或其他相适应的临床科室"),
        n.at_least("clinical.beds", 1, "住院床位", "张"),
        title="设有呼吸科、胸外科等相适应的临床科室，且有住院床位",
    )
    prep_room = n.Require(
        "一(二)2",
        "独立的呼吸内镜术前准备室（区域），使用面积不小于10m2，配有吸氧装置，人员配置应能满足患者"
        "术前准备需要。",
        n.yes("prep_room.independent", "有独立的呼吸内镜术前准备室（区域）"),
        n.at_least("prep_room.area", 10, "术前准备室使用面积", "平方米", maximum=10000),
        n.yes("prep_room.oxygen", "配有吸氧装置"),
        n.yes("prep_room.staffed", "人员配置能满足患者术前准备需要"),
        title="独立术前准备室（区域）不小于10m2，配有吸氧装置和人员",
    )
    room_count = n.Statement(
        "一(二)3(1)",
        "操作间数量设置应当满足服务需求，保障诊疗质量和操作安全。",
        path="rooms.enough",
        label="操作间数量满足服务需求",
    )
    room_area = n.Require(
        "一(二)3(2)",
        "每个操作间的面积原则上不小于20m2，保证内镜操作者及助手有充分的操作空间。",
        n.at_least("rooms.smallest_area", 20, "最小操作间面积", "平方米", maximum=10000),
        title="每个操作间面积原则上不小于20m2",
    )
    room_devices = n.Statement(
        "一(二)3(3)",
        "具备经国家药品监督管理部门批准的满足呼吸内镜诊疗操作的内镜设备和医疗器械。",
        path="rooms.approved_endoscopes",
        label="具备经批准的内镜设备和医疗器械",
    )
    room_utilities = n.Require(
        "一(二)3(4)",
        "操作间必须配备医疗气体管道及接口、引流设备，具有良好的通风条件。",
        n.yes("rooms.gas_pipelines", "配备医疗气体管道及接口"),
        n.yes("rooms.drainage", "配备引流设备"),
        n.yes("rooms.ventilation", "具有良好的通风条件"),
        title="操作间配备医疗气体管道及接口、引流设备，通风良好",
    )
    room_aseptic = n.Statement(
        "一(二)3(4)",
        "进行内科胸腔镜手术的操作间应满足无菌手术要求。",
        path="rooms.aseptic_thoracoscopy",
        label="进行内科胸腔镜手术的操作间满足无菌手术要求",
        when=THORACOSCOPY,
        otherwise="本机构未开展内科胸腔镜手术",
    )
    room_emergency = n.Equipment(
        "一(二)3(5)",
        "诊疗室应配备心电脉氧监护仪、除颤仪、吸氧装置、气管插管、简易呼吸器、止血器械和各类急救"
        "药品。",
        path="rooms.emergency",
        items=ROOM_EMERGENCY,
        label="诊疗室急救设备和药品",
    )
    recovery = n.Require(
        "一(二)4",
        "麻醉恢复室面积不小于 20m2，应配置必要的吸氧装备、负压吸引设施、监护设备、抢救设备、病床"
        "及相应的医护人员，保障患者安全。",
        n.at_least("recovery.area", 20, "麻醉恢复室面积", "平方米", maximum=10000),
        n.includes("recovery.equipment", RECOVERY, "麻醉恢复室配置"),
        title="麻醉恢复室不小于20m2，配置吸氧、负压吸引、监护、抢救设备、病床及医护人员",
    )
    disinfection = n.Require(
        "一(二)5",
        "内镜清洗消毒室应配备符合内镜清洗消毒规范要求的清洗消毒设备设施及内镜存放设施。",
        n.yes("disinfection.equipment", "配备符合规范要求的清洗消毒设备设施"),
        n.yes("disinfection.storage", "配备内镜存放设施"),
        title="内镜清洗消毒室配备合规的清洗消毒设备设施及内镜存放设施",
    )
    grade4_volume = n.Require(
        "一(三)1",
        "近5年内累计完成呼吸内镜诊疗操作不少于 1000 例，其中按照三级手术管理的呼吸内镜诊疗操作"
        "不少于200例。",
        n.at_least("grade4_conditions.cases_5y", 1000, "近5年内累计完成呼吸内镜诊疗操作", "例"),
        n.at_least(
            "grade4_conditions.grade3_cases_5y", 200, "其中按照三级手术管理的诊疗操作", "例"
        ),
        title="四级：近5年累计不少于1000例，其中三级手术不少于200例",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_critical_care = n.Statement(
        "一(三)2",
        "具备满足危重患者救治要求的麻醉和重症监护专业。",
        path="grade4_conditions.critical_care",
        label="具备满足危重患者救治要求的麻醉和重症监护专业",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_support = n.Require(
        "一(三)3",
        "具备满足实施相关技术临床应用所需的医学影像科、麻醉科、胸外科等临床和辅助科室、设备和技术"
        "能力。",
        n.includes("grade4_conditions.departments", SUPPORT, "临床和辅助科室"),
        n.yes("grade4_conditions.support", "具备所需的设备和技术能力"),
        title="四级：具备医学影像科、麻醉科、胸外科等科室、设备和技术能力",
        when=G4,
        otherwise=G4_NOT,
    )
    grade4_physicians = n.Require(
        "一(三)4",
        "应有具备开展相关技术临床应用能力的医师。",
        n.at_least("grade4_conditions.physicians", 1, "具备开展四级技术临床应用能力的医师", "名"),
        title="四级：有具备开展相关技术临床应用能力的医师",
        when=G4,
        otherwise=G4_NOT,
    )
    tumour_subjects = n.Require(
        "一(三)5",
        "开展呼吸系统肿瘤相关呼吸内镜诊疗技术的医疗机构，还应当具备卫生健康行政部门核准登记的"
        "肿瘤科与放射治疗专业的诊疗科目。",
        n.yes("grade4_conditions.oncology_registered", "已核准登记肿瘤科诊疗科目"),
        n.yes("grade4_conditions.radiotherapy_registered", "已核准登记放射治疗专业诊疗科目"),
        title="开展呼吸系统肿瘤相关技术：核准登记肿瘤科与放射治疗专业",
        when=c.all_of(G4, TUMOUR),
        otherwise="本机构未开展四级的呼吸系统肿瘤相关呼吸内镜诊疗技术",
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1(1)", "执业范围为与开展呼吸内镜诊疗工作相适应的临床专业。", scopes=PRACTICE
    )
    experience = n.Experience(
        "二(一)1(2)",
        "有3年及以上呼吸系统疾病诊疗工作经验",
        years=3,
        what="从事呼吸系统疾病诊疗工作",
    )
    current = n.Require(
        "二(一)1(2)",
        "目前从事呼吸系统疾病诊疗工作。",
        n.yes("respiratory_now", "目前从事呼吸系统疾病诊疗工作"),
        title="目前从事呼吸系统疾病诊疗工作",
        section="personnel",
    )
    system_training = n.Require(
        "二(一)1(3)",
        "经过呼吸内镜诊疗技术相关系统培训并考核合格，具有开展呼吸内镜诊疗技术的能力。",
        n.yes("system_training", "经过呼吸内镜诊疗技术相关系统培训并考核合格"),
        title="经过呼吸内镜诊疗技术相关系统培训并考核合格",
        section="personnel",
    )
    grade4_experience = n.Experience(
        "二(一)2(1)",
        "开展呼吸系统疾病诊疗工作不少于5年",
        years=5,
        what="开展呼吸系统疾病诊疗工作",
        title="四级：开展呼吸系统疾病诊疗工作不少于5年",
        when=P4,
        otherwise=P4_NOT,
    )
    grade4_title = n.Title(
        "二(一)2(1)",
        "取得主治医师及以上专业技术资格。",
        minimum="attending",
        title="四级：取得主治医师及以上专业技术资格",
        when=P4,
        otherwise=P4_NOT,
    )
    grade4_cases = n.Require(
        "二(一)2(1)",
        "累计独立完成呼吸内镜诊疗操作不少于300例；其中完成按照三级手术管理的呼吸内镜诊疗操作"
        "不少于100例。",
        n.at_least("cases_independent", 300, "累计独立完成呼吸内镜诊疗操作", "例"),
        n.at_least("grade3_done", 100, "其中完成按照三级手术管理的诊疗操作", "例"),
        title="四级：累计独立完成不少于300例，其中三级手术不少于100例",
        section="personnel",
        when=P4,
        otherwise=P4_NOT,
    )
    training = n.Training(
        "二(一)2(2)",
        "经过省级培训基地的系统培训并考核合格，具有开展相关技术临床应用的能力。",
        title="四级：经过省级培训基地的系统培训并考核合格（或视为达到、免于培训）",
        when=P4,
        otherwise=P4_NOT,
    )
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)4", "exempt": "四(一)5"},
        {
            "trainee": "应当具有《医师执业证书》，具有主治医师及以上专业技术资格。",
            "base": "应当接受至少6个月的系统培训。在指导医师指导下，参与完成培训基地按照四级手术"
            "管理的呼吸内镜诊疗操作不少于50例，并考核合格。",
            "overseas": "在境外接受呼吸内镜诊疗技术培训的时间不少于 6 个月，有境外培训机构的培训"
            "考核证明并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到规定的培训要求。",
            "exempt": "本规范印发之日前，近5年累计独立开展呼吸内镜诊疗技术临床应用不少于1000例，"
            "其中独立完成按照四级手术管理的呼吸内镜诊疗操作不少于100例，未发生严重不良事件的，"
            "可免于培训。",
        },
        titles={"trainee": "四级：拟培训医师具有《医师执业证书》和主治医师及以上专业技术资格"},
        min_title="attending",
        scopes=PRACTICE,
        when=P4,
        otherwise=P4_NOT,
    )
    exempt_grade4 = n.Require(
        "四(一)5",
        "其中独立完成按照四级手术管理的呼吸内镜诊疗操作不少于100例",
        n.at_least("exempt_grade4_cases", 100, "免训：其中独立完成按照四级手术管理的操作", "例"),
        title="免训：其中独立完成四级呼吸内镜诊疗操作不少于100例",
        section="personnel",
        when=c.all_of(P4, n.exempted()),
        otherwise="该医师未按免训途径",
    )
    managed = n.TrainedAtBase(
        "四(一)3",
        "在指导医师的指导下，参与不少于100例患者全过程管理，包括术前评估、诊断性检查结果解释、"
        "与其他学科共同会诊、呼吸内镜诊疗操作、操作过程记录、围手术期处理、重症监护治疗和术后随访"
        "等。",
        title="四级：在指导医师指导下参与不少于100例患者全过程管理",
        when=P4,
        otherwise=P4_NOT,
    )
    other_staff_training = n.OtherStaffTraining("二(二)")

    # 三、技术管理基本要求
    grading = n.Statement(
        "三(一)",
        "医疗机构应当按照《医疗技术临床应用管理办法》和 手术分级管理的相关规定。",
        path="management.grading",
        label="按照《医疗技术临床应用管理办法》和手术分级管理的相关规定管理",
    )
    indications = n.Indications(
        "三(二)",
        "严格遵守呼吸系统疾病诊疗行业标准、规范，呼吸内镜诊疗技术行业标准、操作规范和诊疗指南，"
        "严格掌握呼吸内镜诊疗技术的适应证和禁忌证。",
    )
    deciders = n.RegisteredDecider(
        "三(三)",
        "实施呼吸内镜诊疗技术应当由本机构执业医师决定",
        title="由本机构执业医师决定",
    )
    grade4_deciders = n.Deciders(
        "三(三)",
        "实施按照四级手术管理的呼吸内镜诊疗技术由具有主治医师及以上专业技术资格的本机构执业医师"
        "决定",
        count=1,
        min_title="attending",
        same_institution=True,
        title="四级：由主治医师及以上的本机构执业医师决定",
        when=n.GRADE4_CASE,
        otherwise="本例不是四级手术",
    )
    operator = n.Operator("三(三)", "术者由符合本规范要求的医师担任")
    consent = n.Consent(
        "三(四)",
        "实施呼吸内镜诊疗操作前，应当向患者及其近亲属告知诊疗目的、诊疗风险、术后注意事项、"
        "可能发生的并发症及预 防措施等，并签署知情同意书。",
    )
    infection_control = n.Statement(
        "三(五)",
        "医疗机构应当按照有关医院感染和放射防护管理的规定，加强医院感染预防与控制，同时注重加强"
        "医务人员个人防护。",
        path="management.infection_control",
        label="按规定加强医院感染预防与控制和放射防护，注重医务人员个人防护",
    )
    followup = n.Followup("三(六)", "建立健全术后随访制度，按规定进行随访、记录")
    followup_system = n.FollowupSystem(
        "三(六)", "建立健全术后随访制度，按规定进行随访、记录", planned_visit="首次随访"
    )
    reporting = n.Reporting("三(六)")
    assessment = n.Assessment(
        "三(七)", "医疗机构和医师按照规定接受相关部门呼吸内镜诊疗技术的临床应用能力评估"
    )
    approved_devices = n.ApprovedDevices(
        "三(八)1",
        "使用经国家药品监督管理部门批准的呼吸内镜诊疗相关器械，不得违规重复使用一次性医用器械。",
    )
    device_register = n.DeviceRegister(
        "三(八)2", "建立呼吸内镜诊疗技术相关器械登记制度，保证器械来源可追溯。"
    )

    # 四、培训管理基本要求 (二) 培训基地
    base_grade = n.base_clause(
        "四(二)1(1)",
        "三级甲等医院，符合呼吸内镜诊疗技术临床应用管理规范要求。",
        n.choice(
            "training_base.grade", {"3A": "三级甲等医院"}, "医院等级", others={"other": "其他"}
        ),
        n.yes("training_base.meets_norm", "符合呼吸内镜诊疗技术临床应用管理规范要求"),
        title="培训基地：三级甲等医院，符合本规范要求",
    )
    base_experience = n.base_clause(
        "四(二)1(2)",
        "开展呼吸系统疾病诊疗工作不少于10年，具备按照四级手术管理的呼吸内镜诊疗技术临床应用培训"
        "能力。同时具有呼吸内科或呼吸与危重症医学科或结核病科，以及胸外科、耳鼻咽喉科、麻醉科、"
        "医学影像科、放射介入科等相关科室或专业。",
        n.at_least("training_base.years", 10, "开展呼吸系统疾病诊疗工作", "年"),
        n.yes("training_base.grade4_capable", "具备四级呼吸内镜诊疗技术临床应用培训能力"),
        n.includes("training_base.departments", BASE_DEPARTMENTS, "相关科室或专业"),
        title="培训基地：呼吸系统疾病诊疗不少于10年，具四级培训能力及相关科室",
    )
    base_volume = n.base_clause(
        "四(二)1(3)",
        "近5年每年完成呼吸内镜诊疗操作不少于1000例，其中按照四级手术管理的呼吸内镜诊疗技术不少于"
        "150例。同时，每年开展超声支气管镜诊疗操作至少200例，内科胸腔镜50例，并且能够开展硬质"
        "气管/支气管镜下的诊疗操作。",
        n.at_least(
            "training_base.min_year_cases", 1000, "近5年每年呼吸内镜诊疗操作（最少一年）", "例"
        ),
        n.at_least("training_base.min_year_grade4", 150, "其中四级（最少一年）", "例"),
        n.at_least("training_base.ebus_per_year", 200, "每年超声支气管镜诊疗操作", "例"),
        n.at_least("training_base.thoracoscopy_per_year", 50, "每年内科胸腔镜", "例"),
        n.yes("training_base.rigid", "能够开展硬质气管/支气管镜下的诊疗操作"),
        title="培训基地：每年不少于1000例（四级150例），EBUS 200例、内科胸腔镜50例，能开展硬镜",
    )
    base_tutors = n.base_tutors(
        "四(二)1(4)",
        "有不少于3名具备按照四级手术管理的呼吸内镜诊疗技术临床应用能力的指导医师，其中至少1名为"
        "主任医师。",
        tutors=3,
        chiefs=1,
    )
    base_resources = n.base_resources(
        "四(二)1(5)",
        "有与开展按照四级手术管理的呼吸内镜诊疗技术培训工作相适应的人员、技术、设备和设施等条件。",
    )
    base_curriculum, base_schedule, base_assessment, base_archives = (
        n.ENDOSCOPY_BASE_TEACHING.clauses(
            curriculum="培训教材和培训大纲满足培训要求，课程设置包括理论学习、动物训练和临床实践。",
            curriculum_label="培训教材和大纲满足要求，含理论学习、动物训练和临床实践",
            assessment="培训结束后，对接受培训的医师进行考试、考核，并出具考核结论。",
            assessment_label="培训结束后考试、考核并出具考核结论",
        )
    )


NORM = RespEndoscopyNorm
