"""The 管理规范 of 心血管疾病介入诊疗技术 (2023 S05, 2022 S03) on the standard norm.

Where the editions differ the clause says so: 二(一)1 and 三(二) (本医疗机构注册医师,
本机构), 二(一)3 and 四(一)3 (备案 / 指定的培训基地), 三(六) (开展或接受), 三(七)1
(药品监管部门 / 国家市场监督管理总局), and 四(一)4: 2022 also exempts by years,
title and cases (ExemptionRule), beside the national base both editions name.
"""

from rtech import Condition, ExemptionRule, Norm, TrainingRule
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.cardio.meta import TECHNOLOGY

SKILL = "心血管疾病介入诊疗技术"
SCOPES = {"coronary": "冠状动脉介入诊疗", "structural": "结构性心脏病介入诊疗"}
SCOPES["arrhythmia"] = "心律失常介入诊疗（含心内电生理检查）"
SURGERY = {"cardiac_surgery": "心脏大血管外科", "thoracic_surgery": "胸外科"}
SPECIAL, EMERGENCY = "angiography.special_equipment", "angiography.emergency_equipment"
BASES = {"2022": "省级卫生行政部门指定的培训基地", "2023": "省级卫生健康行政部门备案的培训基地"}
CORONARY_EQUIPMENT = {"iabp": "主动脉内球囊反搏仪", "invasive_pressure": "心血管有创压力监测仪"}
PRACTICE = {"internal_medicine": "内科专业", "surgery": "外科专业", "pediatrics": "儿科专业"}
MONITORING = {"ecg": "心电图", "blood_pressure": "血压", "spo2": "血氧"}
ASSESSED = (
    "医疗机构和医师按照规定{}心血管疾病介入诊疗技术临床应用能力评估，包括病例选择、手术成功率、"
    "严重并发症、医疗事故发生情况、术后患者管理，患者生存质量以及随访情况和病历质量等。"
)
DEVICES = (
    "使用经{}批准的心血管疾病介入诊疗相关器材，不得违规重复使用与心血管介入诊疗技术"
    "相关的一次性医用器材。"
)
EXEMPT = ExemptionRule(100, 5, min_clinical_years=10, min_title="associate_chief")


def _performs(key: str) -> Condition:
    return c.performs("profile.scope", key, label="开展的技术类别", key_label=SCOPES[key][:-2])


class CardioNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = {
        e: TrainingRule(nhc_base=True, base_term=b, exemption=EXEMPT if e == "2022" else None)
        for e, b in BASES.items()
    }
    groups = {
        "cardiology": "心血管内科",
        "cardiac_surgery": "心脏大血管外科或者胸外科",
        "angiography": "血管造影室",
        "icu": "重症监护室",
        "imaging": "其他辅助科室和设备",
    }
    switches = {
        "scope": n.multiple("开展的技术类别", SCOPES, "本机构开展（或拟开展）哪些类别？（可多选）"),
        "tavi": n.yes_no("开展经皮主动脉瓣植入术", "是否开展经皮主动脉瓣植入术（TAVI）？"),
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity("一(一)")
    subjects = n.Require(
        "一(二)",
        "核准登记的心血管内科、心脏大血管外科或胸外科等与开展该技术相关专业的诊疗科目，"
        "有血管造影室和重症监护室。",
        n.yes("cardiology.registered", "已核准登记心血管内科诊疗科目"),
        n.choice(
            "cardiac_surgery.department", SURGERY, "心脏外科专业科室", others={"none": "均无"}
        ),
        n.yes("cardiac_surgery.registered", "已核准登记心脏大血管外科或胸外科诊疗科目"),
        n.yes("angiography.present", "有血管造影室"),
        n.yes("icu.present", "有重症监护室"),
        title="有核准登记的相关诊疗科目，有血管造影室和重症监护室",
    )
    cardiology = n.Department("一(二)1", "心血管内科", years=5, beds=40, path="cardiology")
    cardiology_practice = n.Statement(
        "一(二)1",
        "能够独立开展心血管疾病的诊断和药物治疗工作。",
        label="能够独立开展心血管疾病的诊断和药物治疗工作",
        path="cardiology.independent_practice",
    )
    cardiac_surgery = n.Department(
        "一(二)2", "心脏大血管外科或者胸外科", years=5, beds=30, path="cardiac_surgery"
    )
    cardiopulmonary_bypass = n.Require(
        "一(二)2",
        "能够独立开展体外循环下开胸心脏直视手术。每年开展体外循环手术不少于50例，"
        "能开展急诊体外循环的手术。",
        n.yes("cardiac_surgery.open_heart_cpb", "能够独立开展体外循环下开胸心脏直视手术"),
        n.at_least("cardiac_surgery.cpb_cases_per_year", 50, "每年开展体外循环手术", "例"),
        n.yes("cardiac_surgery.emergency_cpb", "能开展急诊体外循环的手术"),
        title="能够独立开展体外循环下开胸心脏直视手术，每年体外循环手术不少于50例，能开展急诊体外循环",
    )
    angiography_room = n.Statement(
        "一(二)3(1)",
        "符合放射防护及无菌操作条件。",
        path="angiography.radiation_aseptic",
        label="符合放射防护及无菌操作条件",
        title="血管造影室符合放射防护及无菌操作条件",
    )
    angiography_machine = n.Require(
        "一(二)3(2)",
        "配备800mA，120KV以上的心血管造影机，具有电动操作功能、数字减影功能和“路途”功能，"
        "影像质量和放射防护条件良好；具备医学影像图像管理系统。",
        n.at_least("angiography.machine_ma", 800, "造影机管电流", "mA"),
        n.at_least("angiography.machine_kv", 120, "造影机管电压", "kV"),
        n.includes(
            "angiography.machine_functions",
            {"motorized": "电动操作功能", "dsa": "数字减影功能", "roadmap": "“路途”功能"},
            "造影机功能",
        ),
        n.yes("angiography.image_quality_ok", "影像质量和放射防护条件良好"),
        n.yes("angiography.pacs", "具备医学影像图像管理系统"),
        title="配备800mA、120KV以上的心血管造影机及医学影像图像管理系统",
    )
    angiography_emergency = n.Require(
        "一(二)3(3)",
        "能够进行心、肺、脑抢救复苏，有氧气通道、麻醉机、除颤器、吸引器等必要的急救设备和药品。",
        n.yes("angiography.resuscitation", "能够进行心、肺、脑抢救复苏"),
        n.includes(EMERGENCY, n.RESUSCITATION | {"anesthesia_machine": "麻醉机"}, "急救设备和药品"),
        title="能够进行心、肺、脑抢救复苏，有必要的急救设备和药品",
    )
    angiography_storage = n.Require(
        "一(二)3(4)",
        "有存放导管、导丝、造影剂、栓塞剂以及其他物品、药品的存放柜，有专人负责登记保管。",
        n.yes("angiography.storage_cabinet", "有存放柜"),
        n.yes("angiography.storage_keeper", "有专人负责登记保管"),
        title="有导管、导丝等物品和药品的存放柜，有专人负责登记保管",
    )
    angiography_coronary = n.Require(
        "一(二)3(5)",
        "开展冠状动脉介入治疗还必须配备主动脉内球囊反搏仪，以及心血管有创压力监测仪",
        n.includes(SPECIAL, CORONARY_EQUIPMENT, "冠状动脉介入专用设备"),
        title="开展冠状动脉介入治疗：配备主动脉内球囊反搏仪及心血管有创压力监测仪",
        when=_performs("coronary"),
        otherwise="本机构未开展冠状动脉介入治疗",
    )
    angiography_structural = n.Require(
        "一(二)3(5)",
        "开展结构性心脏病介入治疗还必须配备血氧饱和度监测仪",
        n.includes(SPECIAL, {"spo2_monitor": "血氧饱和度监测仪"}, "结构性心脏病介入专用设备"),
        title="开展结构性心脏病介入治疗：配备血氧饱和度监测仪",
        when=_performs("structural"),
        otherwise="本机构未开展结构性心脏病介入治疗",
    )
    angiography_electrophysiology = n.Require(
        "一(二)3(5)",
        "开展心内电生理检查和心律失常介入治疗还应当配备八导联以上（含八导联）的多导电生理仪"
        "及三维电解剖系统。",
        n.includes(
            SPECIAL,
            {"ep_recorder": "多导电生理仪", "mapping_3d": "三维电解剖系统"},
            "心律失常介入专用设备",
        ),
        n.at_least("angiography.ep_channels", 8, "多导电生理仪", "导联"),
        title="开展心内电生理检查和心律失常介入治疗：配备八导联以上多导电生理仪及三维电解剖系统",
        when=_performs("arrhythmia"),
        otherwise="本机构未开展心内电生理检查和心律失常介入治疗",
    )
    hybrid_room = n.Require(
        "一(二)3(6)",
        "开展经皮主动脉瓣植入术，需具备杂交手术室。",
        n.yes("angiography.hybrid_or", "具备杂交手术室"),
        title="开展经皮主动脉瓣植入术：具备杂交手术室",
        when=c.is_true("profile.tavi", label="开展经皮主动脉瓣植入术"),
        otherwise="本机构未开展经皮主动脉瓣植入术",
    )
    icu_setup = n.Require(
        "一(二)4(1)",
        "设置符合规范要求，达到Ⅲ级洁净辅助用房标准，病床不少于6张，每病床净使用面积不少于"
        "15平方米，能够满足心血管疾病介入诊疗专业需要。",
        n.yes("icu.standard_compliant", "重症监护室设置符合规范要求"),
        n.clean_grade("icu.cleanliness_class"),
        n.at_least("icu.beds", 6, "重症监护室病床", "张", maximum=1000),
        n.at_least("icu.area_per_bed", 15, "每病床净使用面积", "平方米", maximum=1000),
        n.yes("icu.meets_specialty_needs", "能够满足心血管疾病介入诊疗专业需要"),
        title="重症监护室达到Ⅲ级洁净辅助用房标准，病床不少于6张，每病床净使用面积不少于15平方米",
    )
    icu_critical_care = n.CriticalCare(
        "一(二)4(2)",
        "符合心血管内科、心脏大血管外科或者胸外科专业危重患者救治要求。",
        label="符合心血管内科、心脏大血管外科或者胸外科专业危重患者救治要求",
        title="重症监护室符合相关专业危重患者救治要求",
    )
    icu_equipment = n.Require(
        "一(二)4(3)",
        "有空气层流设施、多功能监护仪和呼吸机，多功能监护仪能够进行心电图、血压和血氧等项目监测。",
        n.includes("icu.equipment", n.ICU_EQUIPMENT, "重症监护室设施设备"),
        n.includes("icu.monitor_parameters", MONITORING, "多功能监护仪监测项目"),
        title="重症监护室有空气层流设施、多功能监护仪和呼吸机",
    )
    icu_invasive = n.invasive_care(
        "一(二)4(4)", title="重症监护室能够开展有创监测项目和有创呼吸机治疗"
    )
    icu_staff = n.TrainedStaff(
        "一(二)4(5)", "有经过专业培训的、具备5年以上重症监护工作经验的专职医师和护士。"
    )
    echocardiography = n.Statement(
        "一(二)5(1)",
        "医学影像科能够利用多普勒超声心动诊断设备进行常规检查和无创性心血管成像与血流动力学检查。",
        path="imaging.doppler_echo",
        title="医学影像科能够利用多普勒超声心动诊断设备进行检查",
    )
    imaging_equipment = n.Require(
        "一(二)5(2)",
        "有磁共振（MRI）、计算机X线断层摄影（CT）和医学影像图像管理系统。",
        n.includes("imaging.equipment", n.IMAGING, "影像设备与系统"),
        title="有磁共振（MRI）、计算机X线断层摄影（CT）和医学影像图像管理系统",
    )
    physicians = n.Physicians("一(三)", 2)
    other_staff = n.OtherStaff("一(三)")
    other_staff_training = n.OtherStaffTraining("二(二)")

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1",
        {
            "2022": "取得《医师执业证书》，执业范围为开展心血管疾病介入诊疗技术相关专业的"
            "本医疗机构注册医师。",
            "2023": "取得《医师执业证书》，执业范围为开展心血管疾病介入诊疗技术相关专业。",
        },
        scopes=PRACTICE,
        registered_here={"2022": True, "2023": False},
    )
    experience = n.Experience("二(一)2", years=5)
    title = n.Title("二(一)2", "具有主治医师以上专业技术职务任职资格。")
    training = n.Training(
        "二(一)3",
        {
            "2022": "经过省级卫生行政部门指定的培训基地关于心血管疾病介入诊疗相关专业系统培训，"
            "具备开展心血管疾病介入诊疗技术能力。",
            "2023": "经过省级卫生健康行政部门备案的培训基地关于心血管疾病介入诊疗相关专业系统培训，"
            "具备开展心血管疾病介入诊疗技术临床应用的能力。",
        },
    )
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)3"}
        | {"nhc_base": "四(一)4", "exempt": "四(一)4"},
        {
            "trainee": "应当具有《医师执业证书》，具有主治医师及以上专业技术职务任职资格。",
            "base": "应当接受至少12个月的系统培训。在指导医师指导下，参与心血管疾病介入诊疗50例"
            "以上，并参与30例以上心血管疾病介入诊疗患者的全过程管理",
            "overseas": "在境外接受心血管疾病介入诊疗技术培训12个月以上，有境外培训机构的培训证明，"
            "并经{base}考核合格后，可以视为达到规定的培训要求。",
            "nhc_base": "已经国家卫生健康委认定的心血管疾病介入诊疗技术培训基地系统培训并考核合格"
            "的，可免于培训。",
            "exempt": {
                "2022": "本规范印发之日前，从事临床工作满10年，具有副主任医师专业技术职务任职资格，"
                "近5年独立开展心血管疾病介入诊疗技术临床应用不少于100例，未发生严重不良事件的，"
                "可免于培训。"
            },
        },
        scopes=PRACTICE,
    )

    # 三、技术管理基本要求
    indications = n.Indications("三(一)")
    deciders = n.Deciders(
        "三(二)",
        {
            e: "每例心血管疾病介入诊疗应当由2名取得副主任医师以上专业技术职务任职资格、"
            f"具有心血管疾病介入诊疗技术临床应用能力的{who}专业技术人员决定"
            for e, who in (("2022", ""), ("2023", "本机构"))
        },
        same_institution={"2022": False, "2023": True},
    )
    operator = n.Operator(
        "三(二)",
        {
            "2022": "术者由具有心血管介入诊疗技术临床应用能力的本医疗机构注册医师担任。",
            "2023": "术者由具有心血管介入诊疗技术临床应用能力医师担任。",
        },
        registered_here={"2022": True, "2023": False},
    )
    consent = n.Consent(
        "三(三)",
        "实施心血管疾病介入诊疗前，应当向患者及其家属告知手术方式、手术目的、手术风险、"
        "术后注意事项、可能发生的并发症及预防措施等，并签署知情同意书。",
    )
    followup = n.Followup("三(四)")
    followup_system = n.FollowupSystem("三(四)", planned_visit="首次随访")
    database = n.Database("三(五)")
    assessment = n.Assessment(
        "三(六)", {"2022": ASSESSED.format("接受"), "2023": ASSESSED.format("开展或接受")}
    )
    approved_devices = n.ApprovedDevices(
        "三(七)1",
        {"2022": DEVICES.format("国家市场监督管理总局"), "2023": DEVICES.format("药品监管部门")},
    )
    device_register = n.DeviceRegister(
        "三(七)2", "建立心血管疾病介入诊疗器材登记制度，保证器材来源可追溯。"
    )
    device_barcodes = n.DeviceBarcodes(
        "三(七)2",
        "在心血管疾病介入诊疗患者住院病历中手术记录部分留存介入诊疗器材条形码或者其他合格证明文件。",
    )

    # 四、培训管理要求 (二) 培训基地
    base = n.TrainingBase(
        years=10, beds=100, annual_cases=3000, annual_therapeutic=1000, tutors=6, chief_tutors=2
    )


NORM = CardioNorm
