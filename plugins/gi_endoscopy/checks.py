"""The 管理规范 of 消化内镜诊疗技术 (2023 S11) on the standard norm.

The norm is tiered: the institution (一(四)) and the physician (二(一)2) that
perform the procedures managed as 四级手术 (按照四级手术管理的消化内镜诊疗技术)
meet more; so does the case (三(三): a 四级 procedure is decided by a 副主任医师
or above of the institution). The institution's tier is a profile switch, the
physician's a yes/no of the physician profile, the case's the ``grade`` fragment.

Seed damage noted where it matters: 一(四) numbers two items "2." (the second,
麻醉和重症监护专业, is cited as 一(四)2 as printed); 一(二)4(2) reads "不小20m2"
(不小于 20 m²).
"""

from rtech import Condition, ExemptionRule, Norm, TrainingRule
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.gi_endoscopy.meta import TECHNOLOGY

SKILL = "消化内镜诊疗技术"
PRACTICE = {"internal_medicine": "内科专业", "surgery": "外科专业", "pediatrics": "儿科专业"}
PRACTICE["general_practice"] = "全科医学专业"
BASE_TERM = "省级卫生健康行政部门备案的培训基地"
# 四(一)5: no window of years (累计); the title held 5 years; the years are of GI endoscopy work.
EXEMPT = ExemptionRule(
    100,
    None,
    min_clinical_years=5,
    min_title="attending",
    min_title_years=5,
    clinical_work="消化内镜诊疗工作",
)
RULE = TrainingRule(
    min_months=6,
    min_cases=50,
    min_managed=60,
    overseas_months=6,
    exemption=EXEMPT,
    base_term=BASE_TERM,
)
ROOM_SETUP = {
    "endoscope_host": "内镜主机",
    "display": "显示器",
    "electrosurgical_unit": "高频电发生器",
    "medical_gas": "医疗气体管道",
    "cables": "电器信号线及网线",
    "drainage_gas_ports": "各种引流瓶及气体接口",
}
ROOM_FACILITIES = {
    "ventilation": "通风",
    "water": "水",
    "power": "电",
    "suction": "吸引",
    "oxygen": "氧气",
    "computer_port": "电脑接口",
    "emergency_equipment": "急救设备",
    "air_purification": "空气净化灭菌设备",
    "disinfection": "清洗消毒",
    "drugs": "药品",
    "storage_cabinet": "贮存柜",
    "independent_ventilation": "独立的通风系统",
}
ROOM_EMERGENCY = {"monitor": "监护仪", "defibrillator": "除颤仪", "crash_cart": "抢救车"}
RECOVERY = {
    "monitoring": "监护设备",
    "oxygen": "给氧系统",
    "suction": "吸引系统",
    "call_system": "急救呼叫系统",
    "emergency_equipment": "急救设备",
}
REPROCESSING = {
    "washer": "全自动和（或）人工内镜洗消机器",
    "ultrasonic_cleaner": "附件清洗用的超声清洗机器",
    "leak_tester": "测漏装置",
    "dryer": "干燥装置",
}
ROOMS = {
    "preparation": "术前准备室",
    "procedure": "诊疗室",
    "recovery": "麻醉恢复室",
    "reprocessing": "内镜清洗消毒室",
}
TIER4 = "按照四级手术管理的消化内镜诊疗技术"
NOT_TIER4 = "本机构未开展（也未拟开展）按照四级手术管理的消化内镜诊疗技术"
NOT_BASE = "本机构不是（也未申请成为）培训基地"


def _tier4() -> Condition:
    return c.is_true("profile.tier4", label=f"拟开展{TIER4}")


def _physician_tier4() -> Condition:
    return c.is_true("profile.tier4_physician.independent", label=f"拟独立开展{TIER4}")


def _base() -> Condition:
    return c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地")


class GiEndoscopyNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = RULE
    groups = {
        "gastroenterology": "消化内科",
        "general_surgery": "普通外科",
        "rooms": "诊疗室",
        "recovery": "麻醉恢复室",
        "reprocessing": "内镜清洗消毒室",
        "tier4_institution": f"拟开展{TIER4}的医疗机构",
        # the heading of 二(一)1 (its (2) asks these), as 二(一)2 titles tier4_physician
        "experience": f"开展{SKILL}的医师",
        "tier4_physician": f"拟独立开展{TIER4}的医师",
    }
    switches = {
        "tier4": n.yes_no(
            f"拟开展{TIER4}",
            f"本机构是否开展（或拟开展）{TIER4}（如ESD、ERCP、超声内镜引导下介入治疗等）？",
            "四级手术以本机构手术分级管理目录为准（2023 S11 管理规范 三(一)）；"
            "答“是”则适用 一(四) 各项要求。",
        ),
        "painless": n.yes_no("开展无痛内镜", "诊疗室是否开展无痛内镜（麻醉下内镜诊疗）？"),
        "oncology": n.yes_no(
            "开展消化系统肿瘤相关消化内镜诊疗技术",
            "是否开展消化系统肿瘤相关消化内镜诊疗技术（如早癌ESD、肿瘤支架、EUS-FNA等）？",
        ),
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity(
        "一(一)", "医疗机构应具备与开展消化内镜诊疗技术相适应的功能、任务和技术能力。"
    )
    subjects = n.Require(
        "一(二)",
        "具有卫生健康行政部门核准登记的与开展消化内镜诊疗技术相适应的诊疗科目，同时具有开展"
        "消化内镜诊疗技术的术前准备室、诊疗室、麻醉恢复室、内镜清洗消毒室等相关场所和设备条件。",
        n.yes("gastroenterology.registered", "已核准登记与开展消化内镜诊疗技术相适应的诊疗科目"),
        n.includes("rooms.kinds", ROOMS, "开展消化内镜诊疗技术的场所"),
        title="有核准登记的相应诊疗科目，有术前准备室、诊疗室、麻醉恢复室、内镜清洗消毒室",
    )
    gastroenterology = n.Require(
        "一(二)1",
        "有独立的病区、护理单元和门诊，且床位不少于30张，完成消化系统疾病诊疗病例数目每年不少于"
        "1000例。",
        n.yes("gastroenterology.own_ward", "消化内科有独立的病区"),
        n.yes("gastroenterology.nursing_unit", "消化内科有独立的护理单元"),
        n.yes("gastroenterology.clinic", "消化内科有独立的门诊"),
        n.at_least("gastroenterology.beds", 30, "消化内科床位", "张", maximum=5000),
        n.at_least(
            "gastroenterology.annual_cases",
            1000,
            "每年完成消化系统疾病诊疗病例",
            "例",
            prompt="消化内科每年完成消化系统疾病诊疗病例多少例？（最近一年）",
        ),
        title="消化内科有独立的病区、护理单元和门诊，床位不少于30张，每年消化系统疾病诊疗不少于1000例",
    )
    general_surgery = n.Statement(
        "一(二)2",
        "参见普通外科内镜诊疗技术临床应用管理规范要求。",
        label="普通外科符合普通外科内镜诊疗技术临床应用管理规范要求",
        path="general_surgery.meets_norm",
    )
    preparation_room = n.Statement(
        "一(二)3",
        "人员配置应能满足患者术前准备需要。",
        label="术前准备室（区域）人员配置能满足患者术前准备需要",
        path="rooms.preparation_staffed",
    )
    room_count = n.Statement(
        "一(二)4(1)",
        "操作间数量设置：应当满足服务需求，保障诊疗质量和操作安全。",
        label="操作间数量满足服务需求，保障诊疗质量和操作安全",
        path="rooms.count_sufficient",
    )
    room_area = n.Require(
        "一(二)4(2)",
        "操作间面积规划：原则上不小20m2，以保证内镜操作者及其助手有充分的操作空间。",
        n.at_least(
            "rooms.min_area",
            20,
            "最小操作间面积",
            "平方米",
            prompt="诊疗室中最小的一间操作间面积多少平方米？",
            maximum=1000,
        ),
        title="操作间面积原则上不小于20平方米",
    )
    room_mounting = n.Require(
        "一(二)4(3)",
        "操作间内镜设备安放： 应采取集成的移动推车或吊塔，可灵活地移动到医师操作所需的任意位置，"
        "同时能集成内镜主机、显示器、高频电发生器、医疗气体管道、电器信号线及网线、各种引流瓶及"
        "气体接口。",
        n.yes("rooms.cart_or_pendant", "内镜设备采取集成的移动推车或吊塔，可灵活移动"),
        n.includes("rooms.integrated", ROOM_SETUP, "推车或吊塔集成的设备"),
        title="内镜设备安放于集成的移动推车或吊塔",
    )
    room_facilities = n.Require(
        "一(二)4(4)",
        "操作间物品设施：均须参照相关的标准和规范，包括通风、水、电、吸引、氧气、电脑接口、急救设备、"
        "空气净化灭菌设备、清洗消毒、药品、贮存柜、独立的通风系统等。",
        n.includes("rooms.facilities", ROOM_FACILITIES, "操作间物品设施"),
        title="操作间物品设施参照相关标准和规范配置",
    )
    room_emergency = n.Require(
        "一(二)4(5)",
        "诊疗室急救配置：应配备监护仪、除颤仪及抢救车，定时核对检查以保证相关设备组件运转正常、"
        "储备充足。",
        n.includes("rooms.emergency", ROOM_EMERGENCY, "诊疗室急救配置"),
        n.yes("rooms.emergency_checked", "定时核对检查，保证设备运转正常、储备充足"),
        title="诊疗室配备监护仪、除颤仪及抢救车并定时核对检查",
    )
    room_anesthesia = n.Require(
        "一(二)4(6)",
        "诊疗室开展无痛内镜时，必须配备麻醉机等相关设备。",
        n.yes("rooms.anesthesia_machine", "诊疗室配备麻醉机等相关设备"),
        title="开展无痛内镜：诊疗室配备麻醉机等相关设备",
        when=c.is_true("profile.painless", label="开展无痛内镜"),
        otherwise="本机构诊疗室未开展无痛内镜",
    )
    room_safety = n.Statement(
        "一(二)4(7)",
        "诊疗室须符合消防安全、电力保障等相关要求。",
        label="诊疗室符合消防安全、电力保障等相关要求",
        path="rooms.fire_power_safety",
    )
    recovery_scale = n.Statement(
        "一(二)5(1)",
        "麻醉恢复室的规模应与内镜诊疗室的规模相适应。",
        label="麻醉恢复室的规模与内镜诊疗室的规模相适应",
        path="recovery.scale_matches",
    )
    recovery_equipment = n.Require(
        "一(二)5(2)",
        "麻醉恢复室应配置必要的监护设备、给氧系统、吸引系统、急救呼叫系统、急救设备及相应的医护人员，"
        "保障患者麻醉恢复过程的安全。",
        n.includes("recovery.equipment", RECOVERY, "麻醉恢复室设备"),
        n.yes("recovery.staffed", "麻醉恢复室配置相应的医护人员"),
        title="麻醉恢复室配置监护、给氧、吸引、急救呼叫、急救设备及相应医护人员",
    )
    reprocessing_room = n.Require(
        "一(二)6(1)",
        "设独立的清洗消毒间，配置与消化内镜诊疗室相匹配的清洗消毒设备，包括全自动和（或）人工内镜"
        "洗消机器、附件清洗用的超声清洗机器、测漏装置、干燥装置等；位置应接近内镜诊疗室，以便于"
        "内镜转运。",
        n.yes("reprocessing.independent", "设独立的清洗消毒间"),
        n.includes("reprocessing.equipment", REPROCESSING, "清洗消毒设备"),
        n.yes("reprocessing.near_procedure_room", "清洗消毒间位置接近内镜诊疗室"),
        title="设独立的清洗消毒间，配置相匹配的清洗消毒设备，位置接近诊疗室",
    )
    waste_room = n.Statement(
        "一(二)6(2)",
        "设独立的污物暂存间，以符合医院感染管理要求。",
        label="设独立的污物暂存间",
        path="reprocessing.waste_room",
    )
    storage_area = n.Statement(
        "一(二)6(3)",
        "设内镜器械的储存区，温度、相对湿度等应符合行业标准。",
        label="设内镜器械的储存区，温度、相对湿度等符合行业标准",
        path="reprocessing.storage_area",
    )
    physicians = n.Physicians(
        "一(三)",
        2,
        "医疗机构人员配置应包括不少于 2 名经过系统培训具备消化内镜诊疗技术临床应用能力的"
        "本机构执业医师",
    )
    other_staff = n.OtherStaff(
        "一(三)",
        "有经过消化内镜诊疗技术相关知识和技能培训并考核合格的相关专业技术人员。",
    )
    tier4_basic = n.Statement(
        "一(四)1",
        "满足以上基本条件。",
        label="满足消化内镜诊疗技术医疗机构基本条件（一(一)至一(三)）",
        path="tier4_institution.basic",
        title=f"拟开展{TIER4}：满足以上基本条件",
        when=_tier4(),
        otherwise=NOT_TIER4,
    )
    tier4_volume = n.Require(
        "一(四)2",
        "近 5 年累计完成消化内镜诊疗病例至少 5000 例，其中完成按照三级手术管理的消化内镜诊疗技术"
        "病例至少 1000 例。",
        n.at_least(
            "tier4_institution.cases_5y", 5000, "近5年累计完成消化内镜诊疗病例", "例", maximum=10**7
        ),
        n.at_least(
            "tier4_institution.grade3_cases_5y",
            1000,
            "其中按照三级手术管理的消化内镜诊疗技术病例",
            "例",
            maximum=10**7,
        ),
        title=f"拟开展{TIER4}：近5年累计不少于5000例，其中三级手术不少于1000例",
        when=_tier4(),
        otherwise=NOT_TIER4,
    )
    # The seed numbers this item "2." a second time; cited as printed.
    tier4_critical_care = n.Statement(
        "一(四)2",
        "具备满足危重患者救治要求的麻醉和重症监护专业。",
        label="具备满足危重患者救治要求的麻醉和重症监护专业",
        path="tier4_institution.anesthesia_icu",
        title=f"拟开展{TIER4}：具备满足危重患者救治要求的麻醉和重症监护专业",
        when=_tier4(),
        otherwise=NOT_TIER4,
    )
    tier4_support = n.Statement(
        "一(四)3",
        "具备满足实施相关技术临床应用所需的临床和辅助科室、设备和技术能力。",
        label="具备实施相关技术所需的临床和辅助科室、设备和技术能力",
        path="tier4_institution.support",
        title=f"拟开展{TIER4}：具备所需的临床和辅助科室、设备和技术能力",
        when=_tier4(),
        otherwise=NOT_TIER4,
    )
    tier4_physicians = n.Require(
        "一(四)4",
        "具备开展相关技术临床应用能力的医师。",
        n.at_least(
            "tier4_institution.capable_physicians",
            1,
            f"具备开展{TIER4}临床应用能力的医师",
            "名",
            maximum=1000,
        ),
        title=f"拟开展{TIER4}：具备开展相关技术临床应用能力的医师",
        when=_tier4(),
        otherwise=NOT_TIER4,
    )
    oncology_subjects = n.Require(
        "一(四)5",
        "开展消化系统肿瘤相关消化内镜诊疗技术的医疗机构，应具备卫生健康行政部门核准登记的肿瘤科"
        "与放射治疗专业的诊疗科目。",
        n.yes("tier4_institution.oncology_registered", "已核准登记肿瘤科诊疗科目"),
        n.yes("tier4_institution.radiotherapy_registered", "已核准登记放射治疗专业诊疗科目"),
        title="开展消化系统肿瘤相关消化内镜诊疗技术：具备肿瘤科与放射治疗专业诊疗科目",
        when=c.all_of(
            _tier4(), c.is_true("profile.oncology", label="开展消化系统肿瘤相关消化内镜诊疗技术")
        ),
        otherwise="本机构未开展（或拟开展）四级手术管理的消化系统肿瘤相关消化内镜诊疗技术",
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1(1)",
        "取得《医师执业证书》，执业范围为与开展消化内镜诊疗工作相适应的临床专业。",
        scopes=PRACTICE,
    )
    experience = n.Require(
        "二(一)1(2)",
        "有5年及以上临床工作经验，目前从事消化系统疾病诊疗工作，已累计参与完成至少200例消化内镜"
        "诊疗病例。",
        n.since("experience.clinical_since", 5, "临床工作"),
        n.yes("experience.digestive_now", "目前从事消化系统疾病诊疗工作"),
        n.at_least("experience.assisted_cases", 200, "累计参与完成消化内镜诊疗病例", "例"),
        title="5年及以上临床工作经验，目前从事消化系统疾病诊疗，累计参与消化内镜诊疗不少于200例",
        section="personnel",
    )
    training = n.Training(
        "二(一)1(3)",
        "已通过消化内镜诊疗技术相关系统培训且考核合格，并满足开展消化内镜诊疗技术所需的相关条件。",
    )
    tier4_basic_physician = n.Require(
        "二(一)2(1)",
        "满足上述条件。",
        n.Ask(
            "tier4_physician.independent",
            n.yes_no(
                f"拟独立开展{TIER4}",
                f"该医师是否拟独立开展{TIER4}？",
                "答“是”则适用 2023 S11 管理规范 二(一)2 的要求。",
            ),
            _physician_tier4(),
        ),
        title=f"拟独立开展{TIER4}的医师：满足二(一)1的条件",
        section="personnel",
        condition=c.when(
            _physician_tier4(),
            c.all_of(
                c.licence_scope(PRACTICE),
                c.years_since("profile.experience.clinical_since", 5, label="临床工作"),
                c.is_true("profile.experience.digestive_now", label="目前从事消化系统疾病诊疗工作"),
                c.at_least(
                    "profile.experience.assisted_cases",
                    200,
                    label="累计参与完成消化内镜诊疗病例",
                    unit="例",
                ),
                c.training_or_exemption(RULE),
            ),
            otherwise=f"该医师未拟独立开展{TIER4}",
        ),
    )
    tier4_physician = n.Require(
        "二(一)2(2)",
        "有5年及以上消化内镜诊疗工作经验，取得主治医师及以上专业技术职务任职资格。已累计独立完成"
        "消化内镜诊疗操作至少3000例；其中完成至少300例按照三级手术管理的消化内镜诊疗操作。",
        n.since("tier4_physician.endoscopy_since", 5, "消化内镜诊疗工作"),
        n.at_least("tier4_physician.independent_cases", 3000, "累计独立完成消化内镜诊疗操作", "例"),
        n.at_least(
            "tier4_physician.grade3_cases", 300, "其中按照三级手术管理的消化内镜诊疗操作", "例"
        ),
        title=f"拟独立开展{TIER4}的医师：5年以上消化内镜工作经验、主治医师及以上、"
        "累计独立完成不少于3000例（三级手术不少于300例）",
        section="personnel",
        condition=c.when(
            _physician_tier4(),
            c.all_of(
                c.years_since(
                    "profile.tier4_physician.endoscopy_since", 5, label="消化内镜诊疗工作"
                ),
                c.title_at_least("attending"),
                c.at_least(
                    "profile.tier4_physician.independent_cases",
                    3000,
                    label="累计独立完成消化内镜诊疗操作",
                    unit="例",
                ),
                c.at_least(
                    "profile.tier4_physician.grade3_cases",
                    300,
                    label="其中按照三级手术管理的消化内镜诊疗操作",
                    unit="例",
                ),
            ),
            otherwise=f"该医师未拟独立开展{TIER4}",
        ),
    )
    other_staff_training = n.OtherStaffTraining(
        "二(二)",
        "已通过符合要求的培训基地系统培训且考核合格，并满足开展相关技术临床应用所需的相关条件。",
    )

    # 三、技术管理基本要求
    grading_catalogue = n.Statement(
        "三(一)",
        "医疗机构应按照《医疗技术临床应用管理办法》和手术分级管理的相关规定，依据《按照四级手术管理"
        "的消化内镜诊疗技术参考目录》制定本机构的手术分级管理目录。",
        label="已依据《按照四级手术管理的消化内镜诊疗技术参考目录》制定本机构的手术分级管理目录",
        path="management.grading_catalogue",
        title="制定本机构的手术分级管理目录",
    )
    indications = n.Indications(
        "三(二)",
        "医疗机构应严格遵守消化系统疾病诊疗的行业标准和规范，及消化内镜诊疗技术的行业标准、操作规范"
        "和诊疗指南，严格掌握消化内镜诊疗技术的适应证和禁忌证。",
    )
    deciders = n.RegisteredDecider(
        "三(三)",
        "应由本机构执业医师决定实施消化内镜诊疗技术",
        title="由本机构执业医师决定实施",
    )
    deciders_tier4 = n.Deciders(
        "三(三)",
        "由具有副主任医师及以上专业技术职务任职资格的本机构执业医师决定实施按照四级手术管理的"
        "消化内镜诊疗技术",
        count=1,
        min_title="associate_chief",
        same_institution=True,
        title="四级手术由副主任医师及以上的本机构执业医师决定实施",
        when=n.GRADE4_CASE,
        otherwise="本例不按四级手术管理",
    )
    operator = n.Operator(
        "三(三)",
        "术者由符合本规范要求的医师担任并制订合理的治疗与管理方案。",
        title="术者由符合本规范要求的医师担任",
    )
    consent = n.Consent(
        "三(四)",
        "在实施消化内镜诊疗操作前，应当将诊疗目的、诊疗风险、术后注意事项、可能发生的并发症及预防"
        "措施等向患者及其近亲属告知，并签署知情同意书。",
    )
    infection_control = n.Statement(
        "三(五)",
        "医疗机构应当按照有关医院感染和放射防护管理相关规定，在加强医院感染预防与控制的同时，"
        "兼并注重加强医务人员的个人防护。",
        label="按医院感染和放射防护管理相关规定加强感染防控和医务人员个人防护",
        path="management.infection_radiation",
        title="加强医院感染预防与控制及医务人员个人防护",
    )
    # No follow-up times: the visit the case form plans falls due; the indicators that
    # need later outcomes (十一 半年后, 十三 12周内, 二十二 8周, 二十三 1年) read whatever
    # visits are recorded.
    followup_system = n.FollowupSystem(
        "三(六)",
        "加强消化内镜诊疗的质量管理，建立健全术后随访制度，按照规定进行随访和记录",
        planned_visit="首次随访",
    )
    followup = n.Followup("三(六)", "按照规定进行随访和记录")
    reporting = n.Statement(
        "三(六)",
        "将相关病例信息及时按照卫生健康行政部门的要求进行上报。",
        label="将相关病例信息及时按照卫生健康行政部门的要求进行上报",
        path="management.reporting",
        title="按卫生健康行政部门的要求及时上报相关病例信息",
    )
    assessment = n.Assessment(
        "三(七)",
        "医疗机构和医师需按照规定，在病例选择、手术成功率、严重并发症、死亡病例、医疗不良事件发生"
        "情况、术后患者管理、随访情况和病历质量等方面，接受消化内镜诊疗技术的临床应用能力评估。",
    )
    approved_devices = n.ApprovedDevices(
        "三(八)1",
        "使用经国家药品监督管理部门批准的消化内镜诊疗的相关器械，不得违规重复使用一次性医用器械。",
    )
    device_register = n.DeviceRegister(
        "三(八)2", "保证器械来源可追溯，建立消化内镜诊疗技术相关器械登记制度。"
    )

    # 四、培训管理基本要求 (一) 医师
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)4", "exempt": "四(一)5"},
        {
            "trainee": "应当具有《医师执业证书》，具有主治医师及以上专业技术职务任职资格。",
            "base": "应当接受至少6个月的系统培训并考核合格。在指导医师指导下，参与完成培训基地相关"
            "消化内镜诊疗操作不少于50例。",
            "overseas": "在境外接受消化内镜诊疗技术培训的时间不少于6个月，有境外培训机构的培训考核"
            "证明并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到规定的培训要求。",
            "exempt": "本规范印发之日前，从事消化内镜诊疗工作满5年，取得主治医师专业技术职务"
            "任职资格5年以上，独立开展按照四级手术管理的消化内镜诊疗技术操作不少于100例，"
            "未发生严重不良事件的，可免于培训。",
        },
        scopes=PRACTICE,
    )
    managed_patients = n.Require(
        "四(一)3",
        "在指导医师的指导下，参与不少于60例患者全过程的管理，包括术前评估、诊断性检查结果解释、与其他"
        "学科共同会诊、消化内镜诊疗操作、操作过程记录、围手术期处理和术后随访等。",
        title="培训期间参与不少于60例患者全过程的管理",
        section="personnel",
        condition=c.when(
            c.one_of(
                "profile.training.route",
                {"base": "培训基地系统培训"},
                label="培训途径",
                others={k: v for k, v in c.ROUTES.items() if k != "base"},
            ),
            c.at_least(
                "profile.training.managed_cases", 60, label="参与患者全过程的管理", unit="例"
            ),
            otherwise="未经培训基地系统培训途径",
        ),
    )

    # 四、(二) 培训基地: the institution that is (or applies to become) one
    base_grade = n.Require(
        "四(二)1(1)",
        "三级甲等医院，符合消化内镜诊疗技术临床应用管理规范要求。",
        n.Ask(
            "training_base.applies",
            n.yes_no(
                "本机构为（或申请成为）培训基地",
                f"本机构是否为（或申请成为）{SKILL}培训基地？",
                "不申请可答“否”，四(二) 各项不适用（2023 S11 管理规范 四(二)）。",
            ),
            _base(),
        ),
        n.yes("training_base.meets_norm", "符合消化内镜诊疗技术临床应用管理规范要求"),
        title="培训基地为三级甲等医院，符合本技术管理规范要求",
        condition=c.when(
            _base(),
            c.all_of(
                c.one_of(
                    "general.grade",
                    {"3A": "三级甲等"},
                    label="医院等级",
                    others={"3B": "三级乙等", "3": "三级（未定等）", "2A": "二级甲等"}
                    | {"2B": "二级乙等", "2": "二级（未定等）", "1": "一级及以下"},
                ),
                c.is_true(
                    "profile.training_base.meets_norm",
                    label="符合消化内镜诊疗技术临床应用管理规范要求",
                ),
            ),
            otherwise=NOT_BASE,
        ),
    )
    base_experience = n.Require(
        "四(二)1(2)",
        "开展消化系统疾病诊疗工作不少于10年，具备按照四级手术管理的消化内镜诊疗技术临床应用培训能力。"
        "同时具有消化内科和普通外科，合计开放床位不少于100张。",
        n.at_least(
            "training_base.years_performing", 10, "开展消化系统疾病诊疗工作", "年", maximum=200
        ),
        n.yes("training_base.tier4_training", f"具备{TIER4}临床应用培训能力"),
        n.yes("training_base.both_departments", "同时具有消化内科和普通外科"),
        n.at_least(
            "training_base.beds", 100, "消化内科和普通外科合计开放床位", "张", maximum=10000
        ),
        title="开展消化系统疾病诊疗不少于10年，有四级手术培训能力，消化内科和普通外科合计床位不少于100张",
        when=_base(),
        otherwise=NOT_BASE,
    )
    base_volume = n.Require(
        "四(二)1(3)",
        "近5年累计收治消化系统疾病患者不少于10000例，每年完成按照四级手术管理的消化内镜诊疗技术"
        "不少于700例。",
        n.at_least(
            "training_base.patients_5y", 10000, "近5年累计收治消化系统疾病患者", "例", maximum=10**7
        ),
        n.at_least(
            "training_base.min_annual_tier4",
            700,
            f"每年完成{TIER4}（最少一年）",
            "例",
            prompt=f"近5年中完成{TIER4}最少的一年是多少例？",
        ),
        title="近5年累计收治消化系统疾病患者不少于10000例，每年四级手术不少于700例",
        when=_base(),
        otherwise=NOT_BASE,
    )
    base_tutors = n.Require(
        "四(二)1(4)",
        "有不少于4名具备按照四级手术管理的消化内镜诊疗技术临床应用能力的指导医师，其中至少2名为"
        "主任医师。",
        n.at_least("training_base.tutors", 4, "指导医师", "名", maximum=1000),
        n.at_least("training_base.chief_tutors", 2, "其中主任医师", "名", maximum=1000),
        title="有不少于4名指导医师，其中至少2名主任医师",
        when=_base(),
        otherwise=NOT_BASE,
    )
    base_resources = n.Require(
        "四(二)1(5)",
        "有与开展按照四级手术管理的消化内镜诊疗技术培训工作相适应的人员、技术、设备和设施等条件。",
        n.yes("training_base.resources", "有与开展培训工作相适应的人员、技术、设备和设施"),
        title="有与开展培训工作相适应的人员、技术、设备和设施",
        when=_base(),
        otherwise=NOT_BASE,
    )
    base_curriculum = n.Require(
        "四(二)2(1)",
        "培训教材和培训大纲满足培训要求，课程设置包括理论学习、动物训练和临床实践。",
        n.yes("training_base.curriculum", "培训教材和培训大纲满足培训要求"),
        n.yes("training_base.animal_training", "课程设置包括理论学习、动物训练和临床实践"),
        title="培训教材和大纲满足要求，课程包括理论学习、动物训练和临床实践",
        when=_base(),
        otherwise=NOT_BASE,
    )
    base_schedule = n.Require(
        "四(二)2(2)",
        "保证接受培训的医师在规定时间内完成规定的培训。",
        n.yes("training_base.on_schedule", "保证接受培训的医师在规定时间内完成规定的培训"),
        title="保证在规定时间内完成规定的培训",
        when=_base(),
        otherwise=NOT_BASE,
    )
    base_assessment = n.Require(
        "四(二)2(3)",
        "培训结束后，对接受培训的医师进行考试、考核，并出具考核结论。",
        n.yes("training_base.final_assessment", "培训结束后进行考试、考核并出具考核结论"),
        title="培训结束后考试、考核并出具考核结论",
        when=_base(),
        otherwise=NOT_BASE,
    )
    base_archives = n.Require(
        "四(二)2(4)",
        "为每位接受培训的医师建立培训及考试、考核档案。",
        n.yes("training_base.archives", "为每位接受培训的医师建立培训及考试、考核档案"),
        title="为每位受训医师建立培训及考试、考核档案",
        when=_base(),
        otherwise=NOT_BASE,
    )


NORM = GiEndoscopyNorm
