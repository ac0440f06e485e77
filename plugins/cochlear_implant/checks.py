"""The 管理规范 of 人工耳蜗植入技术 (2023 S08) on the standard norm.

Readings of the text (each also stated in its check):

* 二(一)2 "具有高年资副主任医师专业技术职务任职资格": the norm does not say how many
  years make a 副主任医师 "高年资". The check asks for the title (副主任医师 or
  主任医师, from the registry) and the institution's own declaration that the
  physician is 高年资; no number of years is invented.
* 一(三) "手术成功率达98%" and 三(六) "每年完成的人工耳蜗植入手术成功率应不低于98%"
  are computed from the institution's own cases of the year up to the assessment
  day, with the success of 质量控制指标 二 (电极植入耳蜗一圈以上 and 电阻及神经遥测
  合格, ``indicators.SUCCESS``); the volumes of 一(三) are declared in the profile
  (the platform may not hold three years of cases).
* 三(二) "医疗组具有副主任医师及以上…的本院医师数量不少于2名": the team is every
  physician the case names (术者、助手、决策医师); the clause asks title and 本院, not
  the technology's own qualification, so the check asks no more.
* 一(二) "三级甲等医院" is the institution's grade of the shared institution profile.
* The indications of 质量控制指标 一 (指标参考依据) are case checks of their own,
  citing that paragraph (``CHECKS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import Check, Condition, Level, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.cochlear_implant.indicators import SUCCESS
from rtech.plugins.cochlear_implant.meta import TECHNOLOGY

SKILL = "人工耳蜗植入技术"
PRACTICE = {"ent_ophthalmology": "眼耳鼻咽喉科专业"}
OR_EQUIPMENT = {
    "microscope": "手术显微镜",
    "micro_instruments": "显微手术器械",
    "special_instruments": "相关的专用器械",
    "monitoring": "术中的监测设备",
}
TEAM_MEMBERS = {
    "otologist": "耳科医师",
    "audiologist": "听力学技术人员",
    "hearing_aid_fitter": "助听器验配师",
    "rehab_teacher": "聋儿语训教师",
    "pediatrician": "儿科医师",
    "psychologist": "心理医师",
}
SUPPORT_DEPARTMENTS = {"anesthesia": "麻醉科", "pediatrics": "儿科", "icu": "重症监护病房"}
IMAGING = {"mri": "核磁共振(MRI)", "ct16": "16排或以上螺旋CT", "bedside_xray": "床边X线摄片机"}
BASE_APPLIES = c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地")
NOT_BASE = "本机构不是（也未申请成为）培训基地"


def _team_condition() -> Condition:
    """三(二): at least two physicians of the case's team (术者、助手、决策医师) with
    副主任医师 or above, registered at the case's institution (本院)."""
    paths = ("answers.team.operator", "answers.team.assistants", "answers.team.deciders")
    senior = ("associate_chief", "chief")

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        answers = subject.get("answers") or {}
        team = answers.get("team") or {}
        refs: list[Any] = [team.get("operator"), *(team.get("assistants") or [])]
        refs += list(team.get("deciders") or [])
        known = subject.get("physicians") or {}
        seen: dict[Any, Mapping[str, Any]] = {}
        for ref in refs:
            if isinstance(ref, Mapping) and ref.get("id") is not None:
                person = known.get(str(ref["id"]))
                if isinstance(person, Mapping):
                    seen[str(ref["id"])] = person
        wanted = "要求本院副主任医师及以上不少于2名"
        if not seen:
            return Verdict(Outcome.UNKNOWN, f"医疗组：未填写（{wanted}）")
        good = [
            p["name"]
            for p in seen.values()
            if p.get("title") in senior and p.get("institution_id") == subject.get("institution_id")
        ]
        names = "、".join(good) or "无"
        text = f"医疗组中本院副主任医师及以上：{names}（{len(good)} 名；{wanted}）"
        return Verdict(Outcome.PASS if len(good) >= 2 else Outcome.FAIL, text)

    return Condition(evaluate, (*paths, "physicians", "institution_id"))


class CochlearImplantNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    skill_cases = "人工耳蜗植入术"
    training_rules = TrainingRule(min_months=6, min_cases=20, min_managed=20, overseas_months=6)
    groups = {
        "ent": "耳鼻咽喉科",
        "operating_room": "手术室",
        "ci_team": "人工耳蜗中心或者人工耳蜗技术小组",
        "support": "其他辅助科室和设备",
        "imaging": "医学影像科",
        "lab": "临床检验科",
        "anesthesia": "麻醉医师",
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity(
        "一(一)", "医疗机构开展人工耳蜗植入技术必须与其功能、任务和技术能力相适应。"
    )
    hospital = n.Require(
        "一(二)",
        "三级甲等医院，具有卫生健康行政部门核准登记的耳鼻咽喉科目。",
        n.yes("ent.registered", "已核准登记耳鼻咽喉科诊疗科目"),
        title="三级甲等医院，具有核准登记的耳鼻咽喉科目",
        condition=c.all_of(
            c.one_of("general.grade", n.GRADE_3A, label="医院等级", others=n.BELOW_3A),
            c.is_true("profile.ent.registered", label="已核准登记耳鼻咽喉科诊疗科目"),
        ),
    )
    ent = n.Department(
        "一(三)",
        "耳鼻咽喉科",
        "开展耳鼻咽喉科临床诊疗工作10年以上，床位30张以上",
        years=10,
        beds=30,
        path="ent",
    )
    otology = n.Require(
        "一(三)",
        "科内设置耳科(或者专业组)，耳科床位数大于10张，能够独立完成耳显微外科各类常规手术。",
        n.yes("ent.otology_unit", "科内设置耳科（或者专业组）"),
        # 大于10张: 11 or more.
        n.at_least("ent.otology_beds", 11, "耳科床位（大于10张）", "张", maximum=1000),
        n.yes("ent.ear_microsurgery", "能够独立完成耳显微外科各类常规手术"),
        title="科内设置耳科（或专业组），耳科床位大于10张，能独立完成耳显微外科常规手术",
    )
    volume = n.Require(
        "一(三)",
        "近3年，每年完成人工耳蜗植入手术不少于10例或累计完成50例以上，且每年完成中耳显微手术"
        "不少于100例，手术成功率达98%。",
        n.at_least(
            "ent.ci_min_annual_3y",
            10,
            "近3年人工耳蜗植入手术最少一年",
            "例",
            prompt="近3年中完成人工耳蜗植入手术最少的一年是多少例？",
        ),
        n.at_least(
            "ent.ci_total_3y",
            50,
            "近3年累计人工耳蜗植入手术",
            "例",
            prompt="近3年累计完成人工耳蜗植入手术多少例？",
        ),
        n.at_least(
            "ent.middle_ear_min_annual_3y",
            100,
            "近3年中耳显微手术最少一年",
            "例",
            prompt="近3年中完成中耳显微手术最少的一年是多少例？",
        ),
        title="近3年每年人工耳蜗植入不少于10例或累计50例以上，每年中耳显微手术不少于100例，手术成功率达98%",
        condition=c.all_of(
            c.any_of(
                c.at_least(
                    "profile.ent.ci_min_annual_3y",
                    10,
                    label="近3年人工耳蜗植入手术最少一年",
                    unit="例",
                ),
                c.at_least(
                    "profile.ent.ci_total_3y", 50, label="近3年累计人工耳蜗植入手术", unit="例"
                ),
            ),
            c.at_least(
                "profile.ent.middle_ear_min_annual_3y",
                100,
                label="近3年中耳显微手术最少一年",
                unit="例",
            ),
            c.case_share_at_least(98, SUCCESS, label="本机构病例手术成功率"),
        ),
    )
    or_room = n.Require(
        "一(四)1",
        "手术室布局合理，具备千级空气层流系统，符合无菌手术条件。",
        n.yes("operating_room.layout", "手术室布局合理"),
        n.yes("operating_room.laminar_1000", "具备千级空气层流系统"),
        n.yes("operating_room.aseptic", "符合无菌手术条件"),
        title="手术室布局合理，具备千级空气层流系统，符合无菌手术条件",
    )
    or_equipment = n.Equipment(
        "一(四)2",
        "具备开展人工耳蜗植入技术所需要的手术显微镜、显微手术器械和相关的专用器械以及术中的监测设备。",
        path="operating_room.equipment",
        items=OR_EQUIPMENT,
        label="手术室设备",
    )
    or_emergency = n.Require(
        "一(四)3",
        "具有氧气通道、麻醉机、除颤仪、吸引器等必要的急救设备和药品，能够进行心、肺、脑抢救复苏。",
        n.includes("operating_room.emergency", n.OR_EMERGENCY, "急救设备和药品"),
        n.yes("operating_room.resuscitation", "能够进行心、肺、脑抢救复苏"),
        title="有必要的急救设备和药品，能够进行心、肺、脑抢救复苏",
    )
    ci_team = n.Require(
        "一(五)",
        "成立人工耳蜗中心或者人工耳蜗技术小组，成员包括耳科医师、听力学技术人员、助听器验配师、"
        "聋儿语训教师(可与当地聋儿康复机构合作)、儿科医师及心理医师等人员。",
        n.yes("ci_team.established", "已成立人工耳蜗中心或者人工耳蜗技术小组"),
        n.includes(
            "ci_team.members",
            TEAM_MEMBERS,
            "小组成员",
            prompt="人工耳蜗中心（技术小组）有哪些成员？（可多选；聋儿语训教师可与当地聋儿康复机构合作）",
        ),
        title="成立人工耳蜗中心或技术小组，成员齐全",
    )
    support = n.Require(
        "一(六)1",
        "具有能配合开展人工耳蜗植入技术的麻醉科、儿科、重症监护病房等相关科室及专业医师。其中麻醉科"
        "具备婴幼儿手术麻醉设备及人员，以及具备能处理手术并发症和开展婴幼儿救治工作的重症监护等科室。",
        n.includes("support.departments", SUPPORT_DEPARTMENTS, "相关科室及专业医师"),
        n.yes("support.infant_anesthesia", "麻醉科具备婴幼儿手术麻醉设备及人员"),
        n.yes("support.infant_icu", "具备能处理手术并发症和开展婴幼儿救治工作的重症监护等科室"),
        title="有麻醉科、儿科、重症监护病房等相关科室，能开展婴幼儿麻醉和救治",
    )
    imaging = n.Equipment(
        "一(六)2",
        "医学影像科：有核磁共振(MRI)、16排或以上螺旋CT和床边X线摄片机。",
        path="imaging.equipment",
        items=IMAGING,
        label="医学影像科设备",
    )
    lab = n.Statement(
        "一(六)3",
        "临床检验科：能够满足手术科室术前必要的检验要求。",
        label="临床检验科能够满足手术科室术前必要的检验要求",
        path="lab.preop_tests",
    )
    physicians = n.Physicians("一(七)", 2)
    other_staff = n.OtherStaff(
        "一(七)",
        "有经过人工耳蜗植入技术相关知识和技能培训并考核合格的、与开展本技术相适应的其他专业技术人员。",
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二(一)1", "取得《医师执业证书》，执业范围为眼耳鼻咽喉科。", scopes=PRACTICE
    )
    title = n.Title(
        "二(一)2",
        "具有高年资副主任医师专业技术职务任职资格。",
        minimum="associate_chief",
        title="具有副主任医师及以上专业技术职务任职资格（“高年资”见下一项）",
    )
    senior = n.Require(
        "二(一)2",
        "具有高年资副主任医师专业技术职务任职资格。",
        n.yes(
            "senior_associate",
            "经本机构认定为高年资副主任医师（或主任医师）",
            help="规范未规定“高年资”的年限：本系统要求副主任医师及以上职称，并由本机构认定其为"
            "高年资（2023 S08 二(一)2）。",
        ),
        title="高年资：规范未规定年限，由本机构认定（并须副主任医师及以上）",
        section="personnel",
    )
    experience = n.Require(
        "二(一)3",
        "从事10年以上耳鼻咽喉科工作经验和5年以上耳显微外科操作经验，近3年作为主要术者完成人工耳蜗"
        "植入术10例以上。",
        n.since("specialty_since", 10, "从事耳鼻咽喉科工作"),
        n.since("ear_microsurgery_since", 5, "耳显微外科操作"),
        n.at_least("ci_cases_3y", 10, "近3年作为主要术者完成人工耳蜗植入术", "例", maximum=10000),
        title="耳鼻咽喉科工作10年以上、耳显微外科操作5年以上，近3年主刀人工耳蜗植入10例以上",
        section="personnel",
    )
    no_malpractice = n.Require(
        "二(一)4",
        "近三年来无医疗事故或者重大医疗差错。",
        n.yes("no_malpractice_3y", "近三年来无医疗事故或者重大医疗差错"),
        title="近三年来无医疗事故或者重大医疗差错",
        section="personnel",
    )
    training = n.Training(
        "二(一)5",
        "经过省级卫生健康行政部门备案的培训基地关于人工耳蜗植入技术相关系统培训，具备人工耳蜗植入技术"
        "临床应用能力。",
    )
    anesthesiologist = n.Require(
        "二(二)",
        "具有副主任医师或以上专业技术职务任职资格。",
        n.at_least(
            "anesthesia.associate_chief_count",
            1,
            "副主任医师及以上麻醉医师",
            "名",
            prompt="配合人工耳蜗植入手术、具有副主任医师或以上职称的麻醉医师有几名？",
            maximum=1000,
        ),
        title="麻醉医师具有副主任医师或以上专业技术职务任职资格",
    )
    other_staff_training = n.OtherStaffTraining(
        "二(三)",
        "经过人工耳蜗植入技术相关专业系统培训，满足开展人工耳蜗植入技术临床应用所需的相关条件。",
    )

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守相关技术操作规范和诊疗指南，根据患者病情或求美者要求、可选择的治疗方案等因素综合判断"
        "治疗措施，因病施治，合理治疗，严格掌握人工耳蜗植入技术的适应证和禁忌证。",
    )
    treatment_plan = n.Require(
        "三(二)",
        "每例人工耳蜗植入手术应当成立治疗组，制订合理的治疗方案与药物管理方案。",
        title="成立治疗组，制订治疗方案与药物管理方案",
        condition=c.all_of(
            c.is_true("answers.plan.treatment_plan", label="已制订治疗方案"),
            c.is_true("answers.plan.drug_plan", label="已制订药物管理方案"),
        ),
        section="case",
    )
    team = n.Require(
        "三(二)",
        "医疗组具有副主任医师及以上专业技术职务任职资格的本院医师数量不少于2名。",
        title="医疗组中本院副主任医师及以上不少于2名",
        condition=_team_condition(),
        section="case",
    )
    operator = n.Operator("三(二)", "术者由具有人工耳蜗植入技术临床应用能力医师担任。")
    consent = n.Consent(
        "三(三)",
        "实施人工耳蜗植入术前，应当向患者及其家属告知手术目的、手术风险、术后注意事项、可能发生的并发症"
        "及预防措施等，并签署手术知情同意书。",
    )
    implant_choice = n.Require(
        "三(三)",
        "手术涉及多种内固定植入材料可供患者选择时，术者或第一助手必须向患者详细说明，植入材料的选择"
        "必须获得患者的签名认可，并签署知情同意书。",
        title="有多种植入材料可选时，详细说明并由患者签名认可",
        condition=c.when(
            c.is_true("answers.plan.material_choice", label="有多种植入材料可供患者选择"),
            c.all_of(
                c.is_true("answers.plan.material_explained", label="术者或第一助手已详细说明"),
                c.is_true("answers.plan.material_signed", label="植入材料的选择已获患者签名认可"),
            ),
            otherwise="本例无多种植入材料可供选择",
        ),
        section="case",
    )
    followup = n.Followup("三(四)", "建立健全人工耳蜗植入术后随访制度，并按规定进行随访。")
    followup_system = n.FollowupSystem(
        "三(四)",
        "建立健全人工耳蜗植入术后随访制度，并按规定进行随访。术后效果、并发症等要做好记录。",
        planned_visit="首次随访（开机调试）",
    )
    database = n.Require(
        "三(五)",
        "建立病例信息数据库，在完成每例次人工耳蜗植入术后，应当按要求保留相关病例数据信息。",
        n.yes("management.database", "已建立病例信息数据库"),
        n.yes("management.data_kept", "完成每例次后按要求保留相关病例数据信息"),
        title="建立病例信息数据库，按要求保留每例次病例数据信息",
    )
    success_rate = n.Require(
        "三(六)",
        "医疗机构每年完成的人工耳蜗植入手术成功率应不低于98%。",
        title="每年人工耳蜗植入手术成功率不低于98%（由本机构病例计算）",
        condition=c.case_share_at_least(98, SUCCESS, label="手术成功率"),
    )
    assessment = n.Assessment(
        "三(七)",
        "医疗机构和医师按照规定接受人工耳蜗植入技术临床应用能力评估，包括病例选择、手术成功率、严重并发症、"
        "医疗事故发生情况、术后病人管理以及随访情况和病历质量等。",
    )
    approved_devices = n.Statement(
        "三(八)1",
        "使用经国家质量技术监督管理部门、药品监督管理部门批准的人工耳蜗、材料及药品等。",
        label="使用经批准的人工耳蜗、材料及药品",
        path="management.approved_devices",
    )
    device_register = n.DeviceRegister(
        "三(八)2", "建立人工耳蜗植入物来源登记制度，并建立档案，保证植入物来源可追溯。"
    )
    device_barcodes = n.DeviceBarcodes(
        "三(八)2", "在病人住院病历中手术记录部分留存植入医用器材条形码或者其他合格证明文件。"
    )

    # 四(一) 培训要求
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)3"},
        {
            "trainee": "应当具有《医师执业证书》，执业范围为眼耳鼻咽喉科，临床工作满10年"
            "（具备人工耳蜗植入手术基础），副主任医师及以上专业技术职务任职资格。",
            "base": "应当接受至少6个月的系统培训。在指导医师指导下，参与完成人工耳蜗植入手术20例"
            "以上，并参与20例以上对患者全过程的管理",
            "overseas": "在境外接受人工耳蜗植入技术培训6个月以上，有境外培训机构的培训证明，"
            "并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到规定的培训要求。",
        },
        min_title="associate_chief",
        scopes=PRACTICE,
    )

    # 四(二) 培训基地 (only for an institution that is, or applies to become, one)
    base_applies = n.Require(
        "四(二)1",
        "人工耳蜗植入技术培训基地须经省级卫生健康行政部门备案。",
        n.yes(
            "training_base.applies",
            "本机构为（或申请成为）培训基地",
            prompt="本机构是否为（或申请成为）人工耳蜗植入技术培训基地？（不是可答“否”，以下各项不适用）",
        ),
        n.yes("training_base.filed", "培训基地已经省级卫生健康行政部门备案"),
        title="培训基地经省级卫生健康行政部门备案",
        condition=c.when(
            BASE_APPLIES,
            c.is_true("profile.training_base.filed", label="已经省级卫生健康行政部门备案"),
            otherwise=NOT_BASE,
        ),
    )
    base_grade = n.Require(
        "四(二)1(1)",
        "三级甲等医院，具有卫生健康行政部门核准的耳鼻咽喉科10年以上，符合人工耳蜗植入技术管理规范要求。"
        "耳鼻咽喉科现有30张以上核定床位。科内设置耳科(或者专业组)，耳科床位数大于10张。",
        n.yes("training_base.meets_norm", "符合人工耳蜗植入技术管理规范要求"),
        title="培训基地：三级甲等医院，耳鼻咽喉科10年以上、30张以上核定床位，耳科床位大于10张",
        when=BASE_APPLIES,
        otherwise=NOT_BASE,
        condition=c.all_of(
            c.one_of("general.grade", n.GRADE_3A, label="医院等级", others=n.BELOW_3A),
            c.department("profile.ent", "耳鼻咽喉科", min_years=10, min_beds=30),
            c.is_true("profile.ent.otology_unit", label="科内设置耳科（或者专业组）"),
            c.at_least("profile.ent.otology_beds", 11, label="耳科床位（大于10张）", unit="张"),
            c.is_true("profile.training_base.meets_norm", label="符合人工耳蜗植入技术管理规范要求"),
        ),
    )
    base_volume = n.Require(
        "四(二)1(2)",
        "开展人工耳蜗植入临床诊疗工作10年以上，具备人工耳蜗植入技术临床应用能力，同时具有中耳显微手术"
        "技术能力。近3年每年完成人工耳蜗植入手术不少于10例或累计完成50例以上，每年完成中耳显微手术不少于"
        "100例。",
        n.since("training_base.ci_since", 10, "开展人工耳蜗植入临床诊疗工作"),
        title="培训基地：开展人工耳蜗植入10年以上，近3年每年10例或累计50例以上，每年中耳显微手术100例以上",
        when=BASE_APPLIES,
        otherwise=NOT_BASE,
        condition=c.all_of(
            c.years_since(
                "profile.training_base.ci_since", 10, label="开展人工耳蜗植入临床诊疗工作"
            ),
            c.any_of(
                c.at_least(
                    "profile.ent.ci_min_annual_3y",
                    10,
                    label="近3年人工耳蜗植入手术最少一年",
                    unit="例",
                ),
                c.at_least(
                    "profile.ent.ci_total_3y", 50, label="近3年累计人工耳蜗植入手术", unit="例"
                ),
            ),
            c.at_least(
                "profile.ent.middle_ear_min_annual_3y",
                100,
                label="近3年中耳显微手术最少一年",
                unit="例",
            ),
        ),
    )
    base_tutors = n.Require(
        "四(二)1(3)",
        "有不少于2名具有人工耳蜗植入技术临床应用能力的指导医师，其中至少1名具有主任医师专业技术职务任职"
        "资格。指导医师应当具有15年以上耳鼻咽喉科工作经验，或累计完成人工耳蜗植入技术15例以上，具有副主任"
        "医师及以上专业技术职务任职资格。",
        n.at_least("training_base.tutors", 2, "符合条件的指导医师", "名", maximum=1000),
        n.at_least("training_base.chief_tutors", 1, "其中主任医师", "名", maximum=1000),
        title="培训基地：指导医师不少于2名（至少1名主任医师）",
        when=BASE_APPLIES,
        otherwise=NOT_BASE,
    )
    base_resources = n.Require(
        "四(二)1(4)",
        "有与开展人工耳蜗植入技术培训工作相适应的人员、技术、设备和设施等条件。",
        n.yes("training_base.resources", "有与开展培训工作相适应的人员、技术、设备和设施"),
        title="培训基地：有相适应的人员、技术、设备和设施",
        when=BASE_APPLIES,
        otherwise=NOT_BASE,
    )
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING.clauses(
        schedule_label="保证在规定时间内完成规定的培训",
        assessment="培训结束后，对接受培训医师进行考试、考核，并出具是否合格的结论。",
        assessment_label="培训结束后考试、考核并出具结论",
        archives_label="为每位受训医师建立培训及考试、考核档案",
    )


NORM = CochlearImplantNorm


INDICATIONS_QUOTE = "严格掌握人工耳蜗植入技术的适应证和禁忌证。"


def _check(name: str, title: str, criterion: str, rule: Condition) -> Check:
    """One 适应症 of 质量控制指标 一 (指标参考依据, ``criterion`` in the seed's words),
    checked on each case under 三(一): the citation quotes 三(一); the title names the
    criterion's number."""
    citation = TECHNOLOGY.cite("2023", "管理规范 三(一)", INDICATIONS_QUOTE)
    title = f"{title}（质量控制指标 一 适应症{criterion[0]}）"
    return Check(f"cochlear_implant.case.{name}", Level.CASE, title, citation, rule)


#: 人工耳蜗植入手术适应症 (质量控制指标 一 指标参考依据), checked on each case.
CHECKS = (
    _check(
        "indication_hearing_loss",
        "重度或者极重度耳聋，听力损伤在90分贝以上",
        "1，重度或者极重度耳聋，听力损伤在90分贝以上者",
        c.at_least("answers.indication.hearing_loss_db", 90, label="听力损伤", unit="dB HL"),
    ),
    _check(
        "indication_stable",
        "检查无明显器质性疾病，听力稳定时间在三个月以上",
        "2，检查无明显器质性疾病（如有部分内耳畸形则需充分告知风险），听力稳定时间在三个月以上",
        c.all_of(
            c.is_true("answers.indication.no_organic_disease", label="检查无明显器质性疾病"),
            c.at_least("answers.indication.stable_months", 3, label="听力稳定时间", unit="个月"),
            c.when(
                c.is_true("answers.indication.inner_ear_malformation", label="有部分内耳畸形"),
                c.is_true("answers.indication.malformation_risk_told", label="已充分告知风险"),
                otherwise="无内耳畸形",
            ),
        ),
    ),
    _check(
        "indication_hearing_aid",
        "使用普通助听器6个月以上，听力无明显改善",
        "3，选择普通助听器使用6个月以上，听力无明显改善者",
        c.all_of(
            c.at_least(
                "answers.indication.hearing_aid_months", 6, label="使用普通助听器", unit="个月"
            ),
            c.is_true("answers.indication.no_aid_benefit", label="听力无明显改善"),
        ),
    ),
    _check(
        "indication_expectations",
        "心智稳定，对人工耳蜗有正确且恰当的期望值",
        "4，患者本身心智稳定，对人工耳蜗有正确且恰当的期望值",
        c.is_true("answers.indication.expectations_ok", label="心智稳定，期望值正确且恰当"),
    ),
    _check(
        "indication_no_contraindication",
        "没有其他手术禁忌症",
        "5，没有其他手术禁忌症，如听神经缺如，精神病，耳蜗缺如，频繁发作的癫痫等",
        c.is_true(
            "answers.indication.contraindications_present", label="有手术禁忌症", expected=False
        ),
    ),
)
