"""The 管理规范 of 肿瘤深部热疗和全身热疗技术 (2023 S02) on the standard norm.

Unusual clauses, and how they are read:

* The institution says which of the two it performs (深部热疗, 全身热疗): 一(四)
  asks imaging guidance and local temperature monitoring of deep hyperthermia,
  and temperature monitoring with a multifunction monitor of whole-body
  hyperthermia; 一(五) (the whole-body room's resuscitation) applies only to
  whole-body hyperthermia.
* 一(六): at least 2 qualified physicians registered here, other staff trained
  and assessed, and the technology's lead (技术负责人) at least 副主任医师 (the
  lead's title, declared in the profile).
* 三(二): the plan is made and carried out by a qualified physician of this
  institution (the case's operator, 本医疗机构医师).
* 三(四) is read on the case: deep hyperthermia under real-time temperature
  measurement, whole-body under temperature and vital-sign monitoring.
* 四(一)2: the rule checks months, cases and whole-course management (50 例次
  each); the 20 学时 of theory are a check of their own for those trained at a base.
"""

from collections.abc import Mapping
from typing import Any

from rtech import Condition, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.hyperthermia.meta import TECHNOLOGY

SKILL = "肿瘤热疗技术"
MODALITIES = {"deep": "肿瘤深部热疗", "whole_body": "肿瘤全身热疗"}
SCOPES = {
    "internal_medicine": "内科专业",
    "surgery": "外科专业",
    "obstetrics_gynecology": "妇产科专业",
    "imaging_radiotherapy": "医学影像和放射治疗专业",
}
GUIDANCE = {"ultrasound": "超声", "ct": "CT", "mri": "MRI"}
VITALS = {
    "ecg": "心电",
    "respiration": "呼吸",
    "blood_pressure": "血压",
    "pulse": "脉搏",
    "spo2": "血氧饱和度",
}
GRADES = {"3A": "三级甲等"}
OTHER_GRADES = {"3B": "三级乙等", "3": "三级（未定等）", "2A": "二级甲等", "2B": "二级乙等"}
OTHER_GRADES |= {"2": "二级（未定等）", "1": "一级及以下"}
BASE: dict[str, Any] = {
    "when": c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地"),
    "otherwise": "本机构不是（也未申请成为）培训基地",
}


def _performs(key: str) -> Condition:
    return c.performs("profile.modalities", key, label="开展的热疗", key_label=MODALITIES[key])


def _monitored() -> Condition:
    """三(四): deep under real-time temperature measurement; whole-body under
    temperature and vital-sign monitoring (the case's answers)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        therapy = (subject.get("answers") or {}).get("procedure") or {}
        modality = therapy.get("modality")
        if modality not in MODALITIES:
            return Verdict(Outcome.UNKNOWN, "热疗方式：未填写")
        realtime = therapy.get("realtime_monitoring")
        if realtime is None:
            return Verdict(Outcome.UNKNOWN, "实时测温监控：未填写")
        parts = [f"{MODALITIES[modality]}；实时测温监控：{'是' if realtime else '否'}"]
        ok = realtime is True
        if modality == "whole_body":
            vitals = therapy.get("vital_signs_monitored")
            if vitals is None:
                return Verdict(Outcome.UNKNOWN, parts[0] + "；生命体征监控：未填写")
            parts.append(f"生命体征监控：{'是' if vitals else '否'}")
            ok = ok and vitals is True
        return Verdict(Outcome.PASS if ok else Outcome.FAIL, "；".join(parts))

    fields = ("answers.procedure.modality", "answers.procedure.realtime_monitoring")
    return Condition(evaluate, (*fields, "answers.procedure.vital_signs_monitored"))


class HyperthermiaNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = TrainingRule(
        min_months=3, min_cases=50, min_managed=50, overseas_months=3, exemption=None
    )
    groups = {
        "departments": "诊疗科目",
        "equipment": "热疗设备与监控",
        "whole_body_room": "全身热疗室",
        "staff": "人员",
    }
    switches = {
        "modalities": n.multiple(
            "开展的热疗", MODALITIES, "本机构开展（或拟开展）哪些热疗？（可多选）"
        ),
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity(
        "一(一)", "开展肿瘤热疗技术的医疗机构，应当与其功能、 任务和技术能力相适应。"
    )
    departments = n.Statement(
        "一(二)",
        "具有卫生健康行政部门核准登记的与肿瘤治疗相关的二级诊疗科目。",
        label="具有核准登记的与肿瘤治疗相关的二级诊疗科目",
        path="departments.oncology_registered",
    )
    approved_equipment = n.Statement(
        "一(三)",
        "具备药品监督管理部门批准用于临床治疗的肿瘤热疗设备。",
        label="具备药品监督管理部门批准用于临床治疗的肿瘤热疗设备",
        path="equipment.approved",
    )
    deep_equipment = n.Require(
        "一(四)",
        "肿瘤深部热疗应当具备相应的影像引导设备，如超声、CT 或 MRI 等以及局部的温度监控设备；",
        n.Ask(
            "equipment.guidance",
            n.multiple("影像引导设备", GUIDANCE),
            c.includes_any("profile.equipment.guidance", GUIDANCE, label="影像引导设备"),
        ),
        n.yes("equipment.local_thermometry", "具备局部的温度监控设备"),
        title="深部热疗：具备影像引导设备（超声、CT或MRI等）和局部温度监控设备",
        when=_performs("deep"),
        otherwise="本机构未开展肿瘤深部热疗",
    )
    whole_body_equipment = n.Require(
        "一(四)",
        "肿瘤全身热疗应当具备温度监控设备，并配备多功能监护仪，在全身热疗 过程中能进行心电、呼吸、"
        "血压、脉搏、血氧饱和度监测。",
        n.yes("equipment.thermometry", "具备温度监控设备"),
        n.includes("equipment.monitor_parameters", VITALS, "多功能监护仪监测项目"),
        title="全身热疗：具备温度监控设备和多功能监护仪（心电、呼吸、血压、脉搏、血氧饱和度）",
        when=_performs("whole_body"),
        otherwise="本机构未开展肿瘤全身热疗",
    )
    whole_body_room = n.Require(
        "一(五)",
        "全身热疗室应当具备心、肺、脑抢救复苏条件，有氧气通道、除颤器、吸引器等必要的急救设备和药品。",
        n.yes("whole_body_room.resuscitation", "具备心、肺、脑抢救复苏条件"),
        n.includes("whole_body_room.emergency_equipment", n.RESUSCITATION, "急救设备和药品"),
        title="全身热疗室具备心肺脑抢救复苏条件及急救设备和药品",
        when=_performs("whole_body"),
        otherwise="本机构未开展肿瘤全身热疗",
    )
    physicians = n.Physicians(
        "一(六)", 2, "至少有2名具有肿瘤热疗技术临床应用能力的本医疗机构注册医师"
    )
    other_staff = n.Require(
        "一(六)",
        "经过肿瘤热疗相关知识和技术培训并考核合格的其他专业技术人员。",
        n.at_least(
            "staff.other_trained", 1, "经培训并考核合格的其他专业技术人员", "名", maximum=1000
        ),
        title="有经过肿瘤热疗相关知识和技术培训并考核合格的其他专业技术人员",
    )
    lead = n.Require(
        "一(六)",
        "肿瘤热疗技术负责人还应当具备副主任医师及以上专业技术职务任职资格。",
        n.choice(
            "staff.lead_title",
            {"associate_chief": "副主任医师", "chief": "主任医师"},
            "肿瘤热疗技术负责人的专业技术职务任职资格",
            others={"attending": "主治医师", "resident": "住院医师"},
        ),
        title="肿瘤热疗技术负责人具备副主任医师及以上专业技术职务任职资格",
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1", "取得《医师执业证书》，执业范围为开展本技术应用相关专业。", scopes=SCOPES
    )
    experience = n.Experience(
        "二(一)2",
        "有3年以上肿瘤诊疗的临床工作经验",
        years=3,
        what="从事肿瘤诊疗临床工作",
    )
    title = n.Title("二(一)2", "具有主治医师及以上专业技术职务任职资格。")
    training = n.Training(
        "二(一)3",
        "经过省级卫生健康行政部门备案的培训基地关于肿瘤热疗技术相关系统培训，"
        "具备开展肿瘤热疗技术临床应用的能力。",
    )
    other_staff_training = n.OtherStaffTraining(
        "二(二)",
        "经过肿瘤热疗技术相关专业系统培训，满足开展肿瘤热疗技术临床应用所需的相关条件。",
    )

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守肿瘤热疗技术操作规范和诊疗指南，正确掌握肿瘤热疗技术适应证和禁忌证，"
        "根据患者病情和经济承受能力等综合判断，决定治疗方案。",
    )
    operator = n.Operator(
        "三(二)",
        "由具有相应肿瘤热疗技术临床应用能力的本医疗机构医师制订合理的治疗与管理方案并组织实施。",
        registered_here=True,
        title="由具有本技术临床应用能力的本医疗机构医师制订方案并组织实施",
    )
    consent = n.Consent(
        "三(三)",
        "实施肿瘤热疗技术前，术者应当亲自向患者及其家属告知治疗目的、风险、注意事项、"
        "可能发生的并发症及预防措施等，并签署知情同意书。",
    )
    monitoring = n.Require(
        "三(四)",
        "肿瘤深部热治疗必须在温度监控下实施（要求测温传感器实时测温）；"
        "全身热疗必须在温度和生命体征监控下实施。",
        title="深部热疗在实时测温下实施，全身热疗在温度和生命体征监控下实施",
        condition=_monitored(),
        section="case",
    )
    observation = n.Statement(
        "三(五)",
        "实施肿瘤热疗后应严密观察病情，及时处理可能发生的并发症。",
        label="实施热疗后严密观察病情，及时处理并发症",
        path="management.observation",
    )
    followup_system = n.FollowupSystem(
        "三(六)", "建立健全肿瘤热疗技术评估和随访制度，并按规定进行随访、记录。"
    )
    followup = n.Followup("三(六)", "并按规定进行随访、记录。")
    database = n.Database(
        "三(七)",
        "建立病例信息数据库，在完成每例次肿瘤热疗治疗后，应当按要求保留并及时上报相关病例数据信息。",
        staffed=False,
    )
    assessment = n.Assessment(
        "三(八)",
        "医疗机构及其医师要接受肿瘤热疗技术临床应用能力审核，包括病例选择、治疗有效率、"
        "严重并发症、死亡病例、医疗事故发生情况、术后患者管理、患者生存质量、随访情况和病例质量等。",
    )
    approved_devices = n.ApprovedDevices(
        "三(九)1",
        "使用经过药品监督管理部门批准的肿瘤热疗技术相关器材，不得违规重复使用一次性肿瘤热疗器材。",
    )
    maintenance = n.Require(
        "三(九)2",
        "建立定期仪器设备检测、维护制度和使用登记制度，保证器材来源、维护和使用记录可追溯。"
        "建立定期环境安全检测制度，新机器使用前要求生产企业提供热分布图和环境安全检测报告。",
        n.yes("management.equipment_maintenance", "已建立定期仪器设备检测、维护制度和使用登记制度"),
        n.yes("management.environment_safety", "已建立定期环境安全检测制度"),
        n.yes(
            "management.heat_distribution_reports",
            "新机器使用前要求生产企业提供热分布图和环境安全检测报告",
        ),
        title="设备检测维护与使用登记、环境安全检测制度；新机器有热分布图和环境安全检测报告",
    )

    # 四、培训管理基本要求 (一) 医师
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)3"},
        {
            "trainee": "应当具有《医师执业证书》，从事与肿瘤热疗技术相关专业，"
            "主治医师及以上专业技术职务任职资格。",
            "base": "应当接受至少3个月的系统培训。在指导医师指导下，完成20学时以上的肿瘤热疗相关"
            "理论学习，参与50例次以上肿瘤热疗患者的治疗和全过程管理",
            "overseas": "在境外接受肿瘤热疗技术培训3个月以上，有境外培训机构的培训证明，"
            "并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到规定的培训要求。",
        },
        scopes=SCOPES,
    )

    theory = n.Require(
        "四(一)2",
        "在指导医师指导下，完成20学时以上的肿瘤热疗相关理论学习",
        n.at_least("theory_hours", 20, "肿瘤热疗相关理论学习", "学时", maximum=10000),
        title="培训基地培训：完成20学时以上的肿瘤热疗相关理论学习",
        section="personnel",
        when=c.one_of(
            "profile.training.route",
            {"base": "培训基地系统培训"},
            label="培训途径",
            others={
                "overseas": "境外培训",
                "nhc_base": "国家卫生健康委认定的培训基地培训",
                "exempt": "符合免训条件",
                "none": "尚未培训",
            },
        ),
        otherwise="未经培训基地系统培训途径",
    )

    # 四、(二) 培训基地
    base_grade = n.Require(
        "四(二)1(1)",
        "三级甲等医院，符合肿瘤热疗技术管理规范要求，近3年每年完成深部热疗或全身热疗200例以上。",
        n.Ask(
            "training_base.applies",
            n.yes_no(
                "本机构为（或申请成为）培训基地",
                "本机构是否为（或申请成为）肿瘤深部热疗和全身热疗技术培训基地？",
                "不申请可答“否”，培训基地的各项不适用（2023 S02 四(二)）。",
            ),
            c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地"),
        ),
        n.yes("training_base.meets_norm", "符合肿瘤热疗技术管理规范要求"),
        n.at_least("training_base.min_annual_cases", 200, "近3年每年热疗例数（最少一年）", "例"),
        title="培训基地：三级甲等医院，符合本规范，近3年每年深部或全身热疗200例以上",
        condition=c.all_of(
            c.one_of("general.grade", GRADES, label="医院等级", others=OTHER_GRADES),
            c.is_true("profile.training_base.meets_norm", label="符合肿瘤热疗技术管理规范要求"),
            c.at_least(
                "profile.training_base.min_annual_cases",
                200,
                label="近3年每年热疗例数（最少一年）",
                unit="例",
            ),
        ),
        **BASE,
    )
    base_facilities = n.Require(
        "四(二)1(2)",
        "具备进行规模人员培训的软硬件条件，具备进行热疗的基础与临床研究的条件。",
        n.yes("training_base.facilities", "具备进行规模人员培训的软硬件条件"),
        n.yes("training_base.research", "具备进行热疗的基础与临床研究的条件"),
        title="培训基地：具备规模培训的软硬件条件和热疗基础与临床研究条件",
        **BASE,
    )
    base_tutors = n.Require(
        "四(二)1(3)",
        "有3名以上具备较高肿瘤热疗技术临床应用能力的指导医师。指导医师应当具有5年以上肿瘤热疗"
        "临床诊疗工作经验，取得副主任医师及以上专业技术职务任职资格；其中至少有1名指导教师应当"
        "具有10年以上肿瘤热疗临床诊疗工作经验，取得主任医师专业技术职务任职资格。",
        n.at_least(
            "training_base.tutors", 3, "5年以上经验、副主任医师以上的指导医师", "名", maximum=1000
        ),
        n.at_least(
            "training_base.chief_tutors", 1, "10年以上经验、主任医师的指导教师", "名", maximum=1000
        ),
        title="培训基地：指导医师3名以上（5年、副主任医师），其中至少1名10年、主任医师",
        **BASE,
    )
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING_HEADED.clauses(
        curriculum="培训教材和培训大纲满足培训要求，课程设置包括基础理论、临床实践。",
        assessment="培训结束后，对接受培训医师进行考试、考核， 并出具是否合格的结论。",
    )


NORM = HyperthermiaNorm
