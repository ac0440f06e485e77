"""Eligibility checks of 心血管疾病介入诊疗技术 (2023 S05 and 2022 S03 管理规范).

Every clause of 一、医疗机构基本要求, 二、人员基本要求 and 四、培训管理要求 is a
check, with the case-level requirements of 三、技术管理基本要求 that a case
record can show. The two editions say the same thing in nearly the same words;
where they differ the check says so:

* 二(一)1: 2022 adds "的本医疗机构注册医师";
* 二(一)3, 四(一)3, 四(二)1: 2023 "省级卫生健康行政部门备案的培训基地", 2022
  "省级卫生行政部门指定的培训基地";
* 四(一)4: 2023 exempts only physicians trained at a base the National Health
  Commission recognised; 2022 also exempts by years, title, case count and no
  serious adverse event before the norm was issued (its second paragraph,
  unnumbered, repeats the 2023 rule);
* 三(二): 2023 asks the two deciders to be 本机构 staff, 2022 the operator to be
  本医疗机构注册医师.

三(一) (indications, guidelines), 三(五) (case database), 三(六) (capability
assessments) and 三(七)1 (approved devices, no reuse) are not visible in a case
record and have no case check. 四(二) (training bases) is checked only for an
institution that declares itself a training base.

Profile fields: ``plugins/cardio/profile_institution.schema.json`` and
``plugins/cardio/profile_physician.schema.json``.
"""

from __future__ import annotations

import functools

from rtech import (
    Check,
    Citation,
    Condition,
    ExemptionRule,
    Level,
    TrainingRule,
)
from rtech import conditions as c

__all__ = ["checks"]

_NUMBERS = {"2022": "S03", "2023": "S05"}

#: 执业范围 relevant to cardiovascular intervention: internal medicine (cardiology),
#: surgery (cardiac and thoracic surgery), paediatrics (congenital heart disease).
PRACTICE_SCOPES = {
    "internal_medicine": "内科专业",
    "surgery": "外科专业",
    "pediatrics": "儿科专业",
}

SCOPE = "profile.scope"


def _cite(edition: str, clause: str, quote: str) -> Citation:
    return Citation(edition, _NUMBERS[edition], f"管理规范 {clause}", quote)


def _check(
    edition: str, id: str, level: Level, clause: str, title: str, quote: str, rule: Condition
) -> Check:
    return Check(f"cardio.{id}", level, title, _cite(edition, clause, quote), rule)


def _institution(edition: str) -> list[Check]:
    inst = Level.INSTITUTION

    def check(id: str, clause: str, title: str, quote: str, rule: Condition) -> Check:
        return _check(edition, id, inst, clause, title, quote, rule)

    surgical = {"cardiac_surgery": "心脏大血管外科", "thoracic_surgery": "胸外科"}
    return [
        check(
            "institution.capacity",
            "一(一)",
            "开展本技术与机构功能、任务和技术能力相适应",
            "医疗机构开展心血管疾病介入诊疗技术应当与其功能、任务和技术能力相适应。",
            c.is_true(
                "profile.capacity_appropriate", label="开展本技术与机构功能、任务和技术能力相适应"
            ),
        ),
        check(
            "institution.subjects",
            "一(二)",
            "有核准登记的相关诊疗科目，有血管造影室和重症监护室",
            "核准登记的心血管内科、心脏大血管外科或胸外科等与开展该技术相关专业的诊疗科目，"
            "有血管造影室和重症监护室。",
            c.all_of(
                c.is_true("profile.cardiology.registered", label="已核准登记心血管内科诊疗科目"),
                c.one_of(
                    "profile.cardiac_surgery.department",
                    surgical,
                    label="心脏外科专业科室",
                    others={"none": "均无"},
                ),
                c.is_true(
                    "profile.cardiac_surgery.registered",
                    label="已核准登记心脏大血管外科或胸外科诊疗科目",
                ),
                c.is_true("profile.angiography.present", label="有血管造影室"),
                c.is_true("profile.icu.present", label="有重症监护室"),
            ),
        ),
        check(
            "institution.cardiology",
            "一(二)1",
            "心血管内科开展临床诊疗工作5年以上，床位不少于40张",
            "开展心血管内科临床诊疗工作5年以上，床位不少于40张",
            c.department("profile.cardiology", "心血管内科", min_years=5, min_beds=40),
        ),
        check(
            "institution.cardiology_practice",
            "一(二)1",
            "心血管内科能够独立开展心血管疾病的诊断和药物治疗工作",
            "能够独立开展心血管疾病的诊断和药物治疗工作。",
            c.is_true(
                "profile.cardiology.independent_practice",
                label="能够独立开展心血管疾病的诊断和药物治疗工作",
            ),
        ),
        check(
            "institution.cardiac_surgery",
            "一(二)2",
            "心脏大血管外科或者胸外科开展临床诊疗工作5年以上，床位不少于30张",
            "开展心脏大血管外科或者胸外科临床诊疗工作5年以上，床位不少于30张",
            c.all_of(
                c.one_of(
                    "profile.cardiac_surgery.department",
                    surgical,
                    label="心脏外科专业科室",
                    others={"none": "均无"},
                ),
                c.department(
                    "profile.cardiac_surgery",
                    "心脏大血管外科或者胸外科",
                    min_years=5,
                    min_beds=30,
                ),
            ),
        ),
        check(
            "institution.cardiopulmonary_bypass",
            "一(二)2",
            "能够独立开展体外循环下开胸心脏直视手术，每年体外循环手术不少于50例，能开展急诊体外循环",
            "能够独立开展体外循环下开胸心脏直视手术。每年开展体外循环手术不少于50例，"
            "能开展急诊体外循环的手术。",
            c.all_of(
                c.is_true(
                    "profile.cardiac_surgery.open_heart_cpb",
                    label="能够独立开展体外循环下开胸心脏直视手术",
                ),
                c.at_least(
                    "profile.cardiac_surgery.cpb_cases_per_year",
                    50,
                    label="每年开展体外循环手术",
                    unit="例",
                ),
                c.is_true(
                    "profile.cardiac_surgery.emergency_cpb", label="能开展急诊体外循环的手术"
                ),
            ),
        ),
        check(
            "institution.angiography_room",
            "一(二)3(1)",
            "血管造影室符合放射防护及无菌操作条件",
            "符合放射防护及无菌操作条件。",
            c.is_true("profile.angiography.radiation_aseptic", label="符合放射防护及无菌操作条件"),
        ),
        check(
            "institution.angiography_machine",
            "一(二)3(2)",
            "配备800mA、120KV以上的心血管造影机及医学影像图像管理系统",
            "配备800mA，120KV以上的心血管造影机，具有电动操作功能、数字减影功能和“路途”功能，"
            "影像质量和放射防护条件良好；具备医学影像图像管理系统。",
            c.all_of(
                c.at_least("profile.angiography.machine_ma", 800, label="造影机管电流", unit="mA"),
                c.at_least("profile.angiography.machine_kv", 120, label="造影机管电压", unit="kV"),
                c.includes(
                    "profile.angiography.machine_functions",
                    {"motorized": "电动操作功能", "dsa": "数字减影功能", "roadmap": "“路途”功能"},
                    label="造影机功能",
                ),
                c.is_true(
                    "profile.angiography.image_quality_ok", label="影像质量和放射防护条件良好"
                ),
                c.is_true("profile.angiography.pacs", label="具备医学影像图像管理系统"),
            ),
        ),
        check(
            "institution.angiography_emergency",
            "一(二)3(3)",
            "能够进行心、肺、脑抢救复苏，有必要的急救设备和药品",
            "能够进行心、肺、脑抢救复苏，有氧气通道、麻醉机、除颤器、吸引器等必要的急救设备和药品。",
            c.all_of(
                c.is_true("profile.angiography.resuscitation", label="能够进行心、肺、脑抢救复苏"),
                c.equipment_present(
                    "profile.angiography.emergency_equipment",
                    {
                        "oxygen": "氧气通道",
                        "anesthesia_machine": "麻醉机",
                        "defibrillator": "除颤器",
                        "suction": "吸引器",
                        "emergency_drugs": "急救药品",
                    },
                    label="急救设备和药品",
                ),
            ),
        ),
        check(
            "institution.angiography_storage",
            "一(二)3(4)",
            "有导管、导丝等物品和药品的存放柜，有专人负责登记保管",
            "有存放导管、导丝、造影剂、栓塞剂以及其他物品、药品的存放柜，有专人负责登记保管。",
            c.all_of(
                c.is_true("profile.angiography.storage_cabinet", label="有存放柜"),
                c.is_true("profile.angiography.storage_keeper", label="有专人负责登记保管"),
            ),
        ),
        check(
            "institution.angiography_coronary",
            "一(二)3(5)",
            "开展冠状动脉介入治疗：配备主动脉内球囊反搏仪及心血管有创压力监测仪",
            "开展冠状动脉介入治疗还必须配备主动脉内球囊反搏仪，以及心血管有创压力监测仪",
            c.when(
                c.performs(SCOPE, "coronary", label="开展的技术类别", key_label="冠状动脉介入"),
                c.equipment_present(
                    "profile.angiography.special_equipment",
                    {"iabp": "主动脉内球囊反搏仪", "invasive_pressure": "心血管有创压力监测仪"},
                    label="冠状动脉介入专用设备",
                ),
                otherwise="本机构未开展冠状动脉介入治疗",
            ),
        ),
        check(
            "institution.angiography_structural",
            "一(二)3(5)",
            "开展结构性心脏病介入治疗：配备血氧饱和度监测仪",
            "开展结构性心脏病介入治疗还必须配备血氧饱和度监测仪",
            c.when(
                c.performs(
                    SCOPE, "structural", label="开展的技术类别", key_label="结构性心脏病介入"
                ),
                c.equipment_present(
                    "profile.angiography.special_equipment",
                    {"spo2_monitor": "血氧饱和度监测仪"},
                    label="结构性心脏病介入专用设备",
                ),
                otherwise="本机构未开展结构性心脏病介入治疗",
            ),
        ),
        check(
            "institution.angiography_electrophysiology",
            "一(二)3(5)",
            "开展心内电生理检查和心律失常介入治疗：配备八导联以上多导电生理仪及三维电解剖系统",
            "开展心内电生理检查和心律失常介入治疗还应当配备八导联以上（含八导联）的多导电生理仪"
            "及三维电解剖系统。",
            c.when(
                c.performs(SCOPE, "arrhythmia", label="开展的技术类别", key_label="心律失常介入"),
                c.all_of(
                    c.equipment_present(
                        "profile.angiography.special_equipment",
                        {"ep_recorder": "多导电生理仪", "mapping_3d": "三维电解剖系统"},
                        label="心律失常介入专用设备",
                    ),
                    c.at_least(
                        "profile.angiography.ep_channels", 8, label="多导电生理仪", unit="导联"
                    ),
                ),
                otherwise="本机构未开展心内电生理检查和心律失常介入治疗",
            ),
        ),
        check(
            "institution.hybrid_room",
            "一(二)3(6)",
            "开展经皮主动脉瓣植入术：具备杂交手术室",
            "开展经皮主动脉瓣植入术，需具备杂交手术室。",
            c.when(
                c.is_true("profile.tavi", label="开展经皮主动脉瓣植入术"),
                c.is_true("profile.angiography.hybrid_or", label="具备杂交手术室"),
                otherwise="本机构未开展经皮主动脉瓣植入术",
            ),
        ),
        check(
            "institution.icu_setup",
            "一(二)4(1)",
            "重症监护室达到Ⅲ级洁净辅助用房标准，病床不少于6张，每病床净使用面积不少于15平方米",
            "设置符合规范要求，达到Ⅲ级洁净辅助用房标准，病床不少于6张，每病床净使用面积不少于"
            "15平方米，能够满足心血管疾病介入诊疗专业需要。",
            c.all_of(
                c.is_true("profile.icu.standard_compliant", label="重症监护室设置符合规范要求"),
                c.one_of(
                    "profile.icu.cleanliness_class",
                    {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级"},
                    label="洁净辅助用房级别",
                    others={"IV": "Ⅳ级", "none": "未达到洁净用房标准"},
                ),
                c.icu_beds_and_area("profile.icu", min_beds=6, min_area=15),
                c.is_true(
                    "profile.icu.meets_specialty_needs",
                    label="能够满足心血管疾病介入诊疗专业需要",
                ),
            ),
        ),
        check(
            "institution.icu_critical_care",
            "一(二)4(2)",
            "重症监护室符合相关专业危重患者救治要求",
            "符合心血管内科、心脏大血管外科或者胸外科专业危重患者救治要求。",
            c.is_true(
                "profile.icu.critical_care",
                label="符合心血管内科、心脏大血管外科或者胸外科专业危重患者救治要求",
            ),
        ),
        check(
            "institution.icu_equipment",
            "一(二)4(3)",
            "重症监护室有空气层流设施、多功能监护仪和呼吸机",
            "有空气层流设施、多功能监护仪和呼吸机，多功能监护仪能够进行心电图、血压和血氧等项目监测。",
            c.all_of(
                c.equipment_present(
                    "profile.icu.equipment",
                    {
                        "laminar_flow": "空气层流设施",
                        "multifunction_monitor": "多功能监护仪",
                        "ventilator": "呼吸机",
                    },
                    label="重症监护室设施设备",
                ),
                c.includes(
                    "profile.icu.monitor_parameters",
                    {"ecg": "心电图", "blood_pressure": "血压", "spo2": "血氧"},
                    label="多功能监护仪监测项目",
                ),
            ),
        ),
        check(
            "institution.icu_invasive",
            "一(二)4(4)",
            "重症监护室能够开展有创监测项目和有创呼吸机治疗",
            "能够开展有创监测项目和有创呼吸机治疗。",
            c.all_of(
                c.is_true("profile.icu.invasive_monitoring", label="能够开展有创监测项目"),
                c.is_true("profile.icu.invasive_ventilation", label="能够开展有创呼吸机治疗"),
            ),
        ),
        check(
            "institution.icu_staff",
            "一(二)4(5)",
            "有具备5年以上重症监护工作经验的专职医师和护士",
            "有经过专业培训的、具备5年以上重症监护工作经验的专职医师和护士。",
            c.all_of(
                c.staff_count(
                    "profile.icu.physicians_5y", 1, label="具备5年以上重症监护工作经验的专职医师"
                ),
                c.staff_count(
                    "profile.icu.nurses_5y", 1, label="具备5年以上重症监护工作经验的专职护士"
                ),
            ),
        ),
        check(
            "institution.echocardiography",
            "一(二)5(1)",
            "医学影像科能够利用多普勒超声心动诊断设备进行检查",
            "医学影像科能够利用多普勒超声心动诊断设备进行常规检查和无创性心血管成像与血流动力学检查。",
            c.is_true(
                "profile.imaging.doppler_echo",
                label="医学影像科能够利用多普勒超声心动诊断设备进行常规检查和无创性心血管成像与"
                "血流动力学检查",
            ),
        ),
        check(
            "institution.imaging_equipment",
            "一(二)5(2)",
            "有磁共振（MRI）、计算机X线断层摄影（CT）和医学影像图像管理系统",
            "有磁共振（MRI）、计算机X线断层摄影（CT）和医学影像图像管理系统。",
            c.equipment_present(
                "profile.imaging.equipment",
                {
                    "mri": "磁共振（MRI）",
                    "ct": "计算机X线断层摄影（CT）",
                    "pacs": "医学影像图像管理系统",
                },
                label="影像设备与系统",
            ),
        ),
        check(
            "institution.physicians",
            "一(三)",
            "有至少2名具有本技术临床应用能力的本医疗机构注册医师",
            "有至少2名具有心血管疾病介入诊疗技术临床应用能力的本医疗机构注册医师",
            c.qualified_physicians(2, technology_label="心血管疾病介入诊疗技术"),
        ),
        check(
            "institution.other_staff",
            "一(三)",
            "有开展本技术相适应的其他专业技术人员",
            "有开展心血管疾病介入诊疗技术相适应的其他专业技术人员。",
            c.staff_count("profile.other_staff.count", 1, label="其他专业技术人员"),
        ),
        check(
            "institution.other_staff_training",
            "二(二)",
            "其他相关卫生专业技术人员经过相关专业系统培训",
            "经过心血管疾病介入诊疗技术相关专业系统培训",
            c.is_true(
                "profile.other_staff.trained",
                label="其他相关卫生专业技术人员均经过心血管疾病介入诊疗技术相关专业系统培训",
            ),
        ),
        *_training_base(edition),
    ]


def _training_base(edition: str) -> list[Check]:
    """四(二): the conditions of a training base, for an institution that is one."""
    inst = Level.INSTITUTION
    base = "profile.training_base"
    applies = c.is_true(f"{base}.applies", label="本机构为（或申请成为）培训基地")
    otherwise = "本机构不是（也未申请成为）培训基地"

    def check(id: str, clause: str, title: str, quote: str, rule: Condition) -> Check:
        return _check(
            edition, id, inst, clause, title, quote, c.when(applies, rule, otherwise=otherwise)
        )

    return [
        check(
            "training_base.grade",
            "四(二)1(1)",
            "培训基地为三级甲等医院",
            "三级甲等医院，符合心血管疾病介入诊疗技术管理规范要求。",
            c.one_of(
                "general.grade",
                {"3A": "三级甲等"},
                label="医院等级",
                others={
                    "3B": "三级乙等",
                    "3": "三级（未定等）",
                    "2A": "二级甲等",
                    "2B": "二级乙等",
                    "2": "二级（未定等）",
                    "1": "一级及以下",
                },
            ),
        ),
        check(
            "training_base.experience",
            "四(二)1(2)",
            "开展本技术不少于10年，病房床位数不少于100张",
            "开展心血管疾病介入诊疗技术不少于10年，具有符合心血管疾病介入诊疗技术要求的病房床位数"
            "不少于100张。",
            c.all_of(
                c.at_least(f"{base}.years_performing", 10, label="开展本技术", unit="年"),
                c.at_least(f"{base}.ward_beds", 100, label="符合本技术要求的病房床位", unit="张"),
            ),
        ),
        check(
            "training_base.volume",
            "四(二)1(3)",
            "近3年每年病例不少于3000例，其中治疗性病例不少于1000例",
            "近3年每年开展心血管疾病介入诊疗病例不少于3000例，其中治疗性病例不少于1000例。",
            c.all_of(
                c.at_least(
                    f"{base}.min_annual_cases", 3000, label="近3年病例最少的一年", unit="例"
                ),
                c.at_least(
                    f"{base}.min_annual_therapeutic",
                    1000,
                    label="近3年治疗性病例最少的一年",
                    unit="例",
                ),
            ),
        ),
        check(
            "training_base.tutors",
            "四(二)1(4)",
            "有不少于6名指导医师，其中至少2名主任医师",
            "有不少于6名具有心血管疾病介入诊疗技术临床应用能力的指导医师",
            c.all_of(
                c.staff_count(f"{base}.tutors", 6, label="指导医师"),
                c.staff_count(f"{base}.chief_tutors", 2, label="具有主任医师职称的指导医师"),
            ),
        ),
        check(
            "training_base.resources",
            "四(二)1(5)",
            "有与开展培训工作相适应的人员、技术、设备和设施",
            "有与开展心血管疾病介入诊疗技术培训工作相适应的人员、技术、设备和设施等条件。",
            c.is_true(f"{base}.resources", label="有与开展培训工作相适应的人员、技术、设备和设施"),
        ),
        check(
            "training_base.curriculum",
            "四(二)2(1)",
            "培训教材和培训大纲满足培训要求",
            "培训教材和培训大纲满足培训要求，课程设置包括理论学习、临床实践。",
            c.is_true(f"{base}.curriculum", label="培训教材和培训大纲满足培训要求"),
        ),
        check(
            "training_base.schedule",
            "四(二)2(2)",
            "保证接受培训的医师在规定时间内完成规定的培训",
            "保证接受培训的医师在规定时间内完成规定的培训。",
            c.is_true(f"{base}.on_schedule", label="保证在规定时间内完成规定的培训"),
        ),
        check(
            "training_base.assessment",
            "四(二)2(3)",
            "培训结束后进行考试、考核并出具结论",
            "培训结束后，对接受培训的医师进行考试、考核，并出具是否合格的结论。",
            c.is_true(f"{base}.final_assessment", label="培训结束后考试、考核并出具结论"),
        ),
        check(
            "training_base.archives",
            "四(二)2(4)",
            "为每位接受培训的医师建立档案",
            "为每位接受培训的医师建立培训及考试、考核档案。",
            c.is_true(f"{base}.archives", label="为每位受训医师建立培训及考试、考核档案"),
        ),
    ]


def training_rule(edition: str) -> TrainingRule:
    """四(一) of each edition as a :class:`TrainingRule`."""
    if edition == "2022":
        return TrainingRule(
            min_months=12,
            min_cases=50,
            min_managed=30,
            overseas_months=12,
            nhc_base=True,
            # 2022 S03 四(一)4: "从事临床工作满10年，具有副主任医师专业技术职务任职资格，
            # 近5年独立开展心血管疾病介入诊疗技术临床应用不少于100例，未发生严重不良事件的"
            exemption=ExemptionRule(
                min_clinical_years=10, min_title="associate_chief", min_cases=100, window_years=5
            ),
            base_term="省级卫生行政部门指定的培训基地",
        )
    return TrainingRule(
        min_months=12,
        min_cases=50,
        min_managed=30,
        overseas_months=12,
        nhc_base=True,
        exemption=None,
        base_term="省级卫生健康行政部门备案的培训基地",
    )


def _personnel(edition: str) -> list[Check]:
    pers = Level.PERSONNEL
    rule = training_rule(edition)

    def check(id: str, clause: str, title: str, quote: str, condition: Condition) -> Check:
        return _check(edition, id, pers, clause, title, quote, condition)

    if edition == "2022":
        licence_quote = (
            "取得《医师执业证书》，执业范围为开展心血管疾病介入诊疗技术相关专业的"
            "本医疗机构注册医师。"
        )
        training_quote = (
            "经过省级卫生行政部门指定的培训基地关于心血管疾病介入诊疗相关专业系统培训，"
            "具备开展心血管疾病介入诊疗技术能力。"
        )
        overseas_quote = (
            "在境外接受心血管疾病介入诊疗技术培训12个月以上，有境外培训机构的培训证明，"
            "并经省级卫生行政部门指定的培训基地考核合格后，可以视为达到规定的培训要求。"
        )
    else:
        licence_quote = "取得《医师执业证书》，执业范围为开展心血管疾病介入诊疗技术相关专业。"
        training_quote = (
            "经过省级卫生健康行政部门备案的培训基地关于心血管疾病介入诊疗相关专业系统培训，"
            "具备开展心血管疾病介入诊疗技术临床应用的能力。"
        )
        overseas_quote = (
            "在境外接受心血管疾病介入诊疗技术培训12个月以上，有境外培训机构的培训证明，"
            "并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到规定的培训要求。"
        )
    nhc_quote = (
        "已经国家卫生健康委认定的心血管疾病介入诊疗技术培训基地系统培训并考核合格的，可免于培训。"
    )
    checks = [
        check(
            "personnel.licence",
            "二(一)1",
            "取得《医师执业证书》，执业范围为相关专业"
            + ("，为本医疗机构注册医师" if edition == "2022" else ""),
            licence_quote,
            c.licence_scope(PRACTICE_SCOPES, registered_here=edition == "2022"),
        ),
        check(
            "personnel.experience",
            "二(一)2",
            "有5年以上相关专业临床诊疗工作经验",
            "有5年以上开展心血管疾病介入诊疗技术相关专业临床诊疗工作经验",
            c.years_since(
                "profile.specialty_since", 5, label="开展心血管疾病介入诊疗相关专业临床诊疗工作"
            ),
        ),
        check(
            "personnel.title",
            "二(一)2",
            "具有主治医师以上专业技术职务任职资格",
            "具有主治医师以上专业技术职务任职资格。",
            c.title_at_least("attending"),
        ),
        check(
            "personnel.training",
            "二(一)3",
            "经过培训基地系统培训（或按培训管理要求视为达到、免于培训）",
            training_quote,
            c.training_or_exemption(rule),
        ),
        check(
            "personnel.trainee_requirements",
            "四(一)1",
            "拟开展本技术的医师具有《医师执业证书》和主治医师及以上职称",
            "应当具有《医师执业证书》，具有主治医师及以上专业技术职务任职资格。",
            c.all_of(
                c.licence_scope(PRACTICE_SCOPES),
                c.title_at_least("attending"),
            ),
        ),
        check(
            "personnel.training_base",
            "四(一)2",
            "至少12个月系统培训，参与50例以上、全过程管理30例以上并考核合格",
            "应当接受至少12个月的系统培训。在指导医师指导下，参与心血管疾病介入诊疗50例以上，"
            "并参与30例以上心血管疾病介入诊疗患者的全过程管理",
            c.training_route("base", rule),
        ),
        check(
            "personnel.training_overseas",
            "四(一)3",
            "境外培训12个月以上、有培训证明并经培训基地考核合格",
            overseas_quote,
            c.training_route("overseas", rule),
        ),
        check(
            "personnel.training_nhc_base",
            "四(一)4",
            "经国家卫生健康委认定的培训基地系统培训并考核合格，可免于培训",
            nhc_quote,
            c.training_route("nhc_base", rule),
        ),
    ]
    if edition == "2022":
        checks.append(
            check(
                "personnel.training_exemption",
                "四(一)4",
                "规范印发之日前满10年、副主任医师、近5年100例以上且无严重不良事件，可免于培训",
                "本规范印发之日前，从事临床工作满10年，具有副主任医师专业技术职务任职资格，"
                "近5年独立开展心血管疾病介入诊疗技术临床应用不少于100例，未发生严重不良事件的，"
                "可免于培训。",
                c.training_route("exempt", rule),
            )
        )
    return checks


def _case(edition: str) -> list[Check]:
    case = Level.CASE

    def check(id: str, clause: str, title: str, quote: str, condition: Condition) -> Check:
        return _check(edition, id, case, clause, title, quote, condition)

    if edition == "2022":
        decided_quote = (
            "每例心血管疾病介入诊疗应当由2名取得副主任医师以上专业技术职务任职资格、具有心血管疾病"
            "介入诊疗技术临床应用能力的专业技术人员决定"
        )
        operator_quote = "术者由具有心血管介入诊疗技术临床应用能力的本医疗机构注册医师担任。"
    else:
        decided_quote = (
            "每例心血管疾病介入诊疗应当由2名取得副主任医师以上专业技术职务任职资格、具有心血管疾病"
            "介入诊疗技术临床应用能力的本机构专业技术人员决定"
        )
        operator_quote = "术者由具有心血管介入诊疗技术临床应用能力医师担任。"
    return [
        check(
            "case.deciders",
            "三(二)",
            "由2名副主任医师以上、具有本技术临床应用能力的"
            + ("本机构" if edition == "2023" else "")
            + "专业技术人员决定",
            decided_quote,
            c.decided_by(2, min_title="associate_chief", same_institution=edition == "2023"),
        ),
        check(
            "case.operator",
            "三(二)",
            "术者具有本技术临床应用能力" + ("，为本医疗机构注册医师" if edition == "2022" else ""),
            operator_quote,
            c.operator_qualified(registered_here=edition == "2022"),
        ),
        check(
            "case.consent",
            "三(三)",
            "实施前告知并签署知情同意书",
            "实施心血管疾病介入诊疗前，应当向患者及其家属告知手术方式、手术目的、手术风险、"
            "术后注意事项、可能发生的并发症及预防措施等，并签署知情同意书。",
            c.consent_signed(),
        ),
        check(
            "case.followup",
            "三(四)",
            "按规定进行随访、记录",
            "建立健全心血管疾病介入诊疗后随访制度，并按规定进行随访、记录。",
            c.followup_planned(),
        ),
        check(
            "case.device_barcodes",
            "三(七)2",
            "手术记录留存介入诊疗器材条形码",
            "在心血管疾病介入诊疗患者住院病历中手术记录部分留存介入诊疗器材条形码或者其他合格证明文件。",
            # Every interventional procedure uses catheters and guide wires: no device is a gap.
            c.device_barcodes(required=True),
        ),
    ]


@functools.cache
def checks(edition: str) -> tuple[Check, ...]:
    """Every check of ``edition`` (``"2022"`` or ``"2023"``), built once."""
    if edition not in _NUMBERS:
        return ()
    return (*_institution(edition), *_personnel(edition), *_case(edition))
