"""The 管理规范 of 同种异体皮肤移植技术 (2023 S01) on the standard norm.

Readings of the text:

* 一(二) names 烧伤外科、整形外科 together, with 15 years and 30 beds: both
  subjects registered, the burns department's years and beds counted.
* 一(四)3 lists the instruments "如" (for example): the check asks for the
  instruments for harvesting, grafting and processing skin and at least one of
  those named.
* 三(三) (摘取…无菌操作) and 三(七)2 (生物制品的登记与条形码) are case checks that
  apply by the graft's source: skin taken from a donor, or an approved product.
* The norm has no follow-up clause; the donor's healing and complications are
  recorded in the case (质量控制指标 五、六).
* 四(一)1 "主治医师以上专业技术资格3年及以上": the title is checked; the three
  years in it are in the check's quote and title, not computed (the registry
  keeps no date of title).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import Condition, ExemptionRule, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.skin_allograft.meta import TECHNOLOGY

SKILL = "同种异体皮肤移植技术"
PRACTICE = {"surgery": "外科专业"}
SKIN_INSTRUMENTS = {
    "electric_dermatome": "电动取皮刀",
    "roller_dermatome": "滚轴取皮刀",
    "drum_dermatome": "鼓式取皮机",
    "mesher": "皮肤拉网机",
}
BICU_EQUIPMENT = {
    "ecg_monitor": "多功能心电监护仪",
    "tissue_perfusion": "组织血流监测",
    "central_oxygen": "中心供氧",
    "central_suction": "中心吸引器",
}
SOURCES = {"donor": "捐献人（供体）皮肤", "product": "批准的异体皮肤生物制品"}


def _source_is(key: str) -> Condition:
    """A test for ``c.when``: the case's allograft comes from ``key`` (捐献人 / 生物制品)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        answers = subject.get("answers") or {}
        graft = answers.get("graft") if isinstance(answers, Mapping) else None
        value = graft.get("source") if isinstance(graft, Mapping) else None
        if value not in SOURCES:
            return Verdict(Outcome.UNKNOWN, "异体皮肤来源：未填写")
        outcome = Outcome.PASS if value == key else Outcome.FAIL
        return Verdict(outcome, f"异体皮肤来源：{SOURCES[value]}")

    return Condition(evaluate, ("answers.graft.source",))


FROM_DONOR, PRODUCT = _source_is("donor"), _source_is("product")
BASE_APPLIES = c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地")
NOT_BASE = "本机构不是（也未申请成为）培训基地"
EXEMPT = ExemptionRule(150, 3, min_clinical_years=15, min_title="associate_chief", per_year=True)


def _base(clause: str, quote: str, *asks: n.Ask, title: str, **options: Any) -> n.Require:
    """A 四(二) requirement: applies only to an institution that is (or applies to be) a base."""
    return n.Require(
        clause, quote, *asks, title=title, when=BASE_APPLIES, otherwise=NOT_BASE, **options
    )


class SkinAllograftNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = TrainingRule(
        min_months=6, min_cases=5, min_managed=5, overseas_months=6, exemption=EXEMPT
    )
    groups = {
        "burns": "烧伤外科、整形外科",
        "operating_room": "手术室",
        "bicu": "烧伤重症监护单元（BICU）",
        "lab": "临床实验室",
        "imaging": "医学影像科",
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity("一(一)")
    departments = n.Require(
        "一(二)",
        "有卫生健康行政部门核准登记的烧伤外科、整形外科诊疗科目，开展相关临床诊疗工作15年以上，"
        "床位30张以上，设有独立的烧伤重症监护单元（Burn Intensive Care Unit，BICU）。",
        n.yes("burns.registered", "已核准登记烧伤外科诊疗科目"),
        n.yes("burns.plastic_registered", "已核准登记整形外科诊疗科目"),
        n.since("burns.since", 15, "开展烧伤、整形相关临床诊疗工作"),
        n.at_least("burns.beds", 30, "烧伤、整形床位", "张", maximum=5000),
        n.yes("bicu.present", "设有独立的烧伤重症监护单元（BICU）"),
        title="核准登记烧伤外科、整形外科，开展15年以上，床位30张以上，设有独立BICU",
    )
    volume = n.Require(
        "一(三)",
        "每年完成烧伤、整形等创面修复手术150例以上，有特重度烧伤患者成功救治的能力和经验。",
        n.at_least("burns.wound_repair_per_year", 150, "每年完成烧伤、整形等创面修复手术", "例"),
        n.yes("burns.severe_burn_experience", "有特重度烧伤患者成功救治的能力和经验"),
        title="每年创面修复手术150例以上，有特重度烧伤救治能力和经验",
    )
    clean_or = n.Statement(
        "一(四)1",
        "洁净手术部的建筑布局、基本配备、净化标准和用房分级等应当符合《医院洁净手术部建筑技术规范"
        "GB50333—2002》。",
        label="洁净手术部符合《医院洁净手术部建筑技术规范 GB50333—2002》",
        path="operating_room.gb50333",
    )
    or_emergency = n.Require(
        "一(四)2",
        "能够进行心、肺、脑抢救复苏，有氧气通道、麻醉机、除颤仪、吸引器等必要的急救设备和药品。",
        n.yes("operating_room.resuscitation", "能够进行心、肺、脑抢救复苏"),
        n.includes("operating_room.emergency", n.OR_EMERGENCY, "急救设备和药品"),
        title="能够进行心、肺、脑抢救复苏，有必要的急救设备和药品",
    )
    skin_instruments = n.Require(
        "一(四)3",
        "配备取、植皮术及皮肤加工等相关器械，如电动取皮刀、滚轴取皮刀、鼓式取皮机、皮肤拉网机等。",
        n.yes("operating_room.skin_instruments", "配备取、植皮术及皮肤加工等相关器械"),
        n.includes("operating_room.instruments", SKIN_INSTRUMENTS, "配备的取皮、植皮器械"),
        title="配备取、植皮术及皮肤加工等相关器械",
        condition=c.all_of(
            c.is_true(
                "profile.operating_room.skin_instruments",
                label="配备取、植皮术及皮肤加工等相关器械",
            ),
            c.includes_any(
                "profile.operating_room.instruments", SKIN_INSTRUMENTS, label="所列器械"
            ),
        ),
    )
    bicu_setup = n.Require(
        "一(五)1",
        "设置符合规范要求，达到Ⅲ级洁净辅助用房标准。病床不少于20张，每病床净使用面积不少于15平方米，"
        "能够满足同种异体皮肤移植技术诊疗专业需求。",
        n.yes("bicu.standard_compliant", "BICU设置符合规范要求"),
        n.clean_grade("bicu.cleanliness_class"),
        n.at_least("bicu.beds", 20, "BICU病床", "张", maximum=1000),
        n.at_least("bicu.area_per_bed", 15, "每病床净使用面积", "平方米", maximum=1000),
        n.yes("bicu.meets_needs", "能够满足同种异体皮肤移植技术诊疗专业需求"),
        title="BICU达到Ⅲ级洁净辅助用房标准，病床不少于20张，每床净使用面积不少于15平方米",
    )
    bicu_equipment = n.Equipment(
        "一(五)2",
        "有多功能心电监护仪、组织血流监测、中心供氧和中心吸引器。",
        path="bicu.equipment",
        items=BICU_EQUIPMENT,
        label="BICU设备",
    )
    bicu_staff = n.TrainedStaff(
        "一(五)3",
        "配备有经过专业培训并考核合格的、具有5年以上重症监护工作经验的专职医师和护士。",
        path="bicu",
    )
    lab = n.Require(
        "一(六)1",
        "临床实验室符合规定，同种异体皮肤移植相关检验项目参加室间质量评价并合格，并能够开展免疫抑制剂"
        "血药浓度检测。",
        n.yes("lab.compliant", "临床实验室符合规定"),
        n.yes("lab.eqa_passed", "相关检验项目参加室间质量评价并合格"),
        n.yes("lab.immunosuppressant_tdm", "能够开展免疫抑制剂血药浓度检测"),
        title="临床实验室室间质评合格，能开展免疫抑制剂血药浓度检测",
    )
    imaging = n.Statement(
        "一(六)2",
        "医学影像科具备能够配合重症烧伤治疗的相关诊疗设备。",
        label="医学影像科具备能够配合重症烧伤治疗的相关诊疗设备",
        path="imaging.burn_support",
    )
    physicians = n.Physicians("一(七)", 4)
    other_staff = n.OtherStaff("一(七)", "以及与开展本技术相适应的其他专业技术人员。")

    # 二、人员基本要求
    licence = n.Licence("二(一)1", "取得《医师执业证书》，执业范围为外科专业。", scopes=PRACTICE)
    experience = n.Experience(
        "二(一)2",
        "有15年及以上烧伤或整形专业临床工作经验",
        years=15,
        what="从事烧伤或整形专业临床工作",
    )
    title = n.Title("二(一)2", "有主治医师及以上专业技术资格。", minimum="attending")
    training = n.Training(
        "二(一)3",
        "经过省级卫生健康行政部门备案的培训基地关于同种异体皮肤移植技术相关系统培训，具备开展同种异体"
        "皮肤移植技术临床应用能力。",
    )
    other_staff_training = n.OtherStaffTraining(
        "二(二)",
        "经过同种异体皮肤移植技术相关专业系统培训，满足开展同种异体皮肤移植技术临床应用所需的相关条件。",
    )

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守相关技术操作规范和诊疗指南，根据患者病情、可选择的治疗方案等因素综合判断治疗措施，"
        "因病施治，合理治疗，严格掌握同种异体皮肤移植技术的适应证和禁忌证。",
    )
    graft_management = n.Require(
        "三(二)",
        "有健全的移植物管理制度并认真落实，异体皮肤具有医疗卫生耗材注册资质并符合有关法律法规规定。",
        n.yes("management.graft_system", "有健全的移植物管理制度并认真落实"),
        n.yes(
            "management.graft_registered", "异体皮肤具有医疗卫生耗材注册资质并符合有关法律法规规定"
        ),
        title="有健全的移植物管理制度，异体皮肤具有注册资质",
    )
    aseptic_harvest = n.Require(
        "三(三)",
        "摘取同种异体皮肤应当符合无菌操作要求。",
        title="摘取同种异体皮肤符合无菌操作要求",
        condition=c.when(
            FROM_DONOR,
            c.is_true("answers.graft.aseptic_harvest", label="摘取皮肤符合无菌操作要求"),
            otherwise="本例异体皮肤为批准的生物制品，非本机构摘取",
        ),
        section="case",
    )
    consent = n.Consent(
        "三(四)",
        "实施同种异体皮肤移植前，应当向患者及其家属告知手术目的、手术风险、术后注意事项、可能发生的并发症"
        "及预防措施等，并签署手术知情同意书。",
    )
    database = n.Database("三(五)")
    assessment = n.Assessment(
        "三(六)",
        "医疗机构和医师按照规定接受同种异体皮肤移植技术临床应用能力评估，包括病例选择、手术成功率、严重"
        "并发症发生率、药物并发症发生率、医疗事故发生情况、术后患者管理、患者移植皮肤生存质量和病历质量等。",
    )
    approved_devices = n.Statement(
        "三(七)1",
        "使用经国家药品监督管理总局批准的同种异体皮肤移植所需医用器材。",
        label="使用经国家药品监督管理总局批准的同种异体皮肤移植所需医用器材",
        path="management.approved_devices",
    )
    device_register = n.DeviceRegister(
        "三(七)2",
        "如移植物为国家药品监督管理总局批准的生物制品，医疗机构应当建立登记制度，保证可追溯",
    )
    device_barcodes = n.DeviceBarcodes(
        "三(七)2",
        "在患者住院病历的手术记录部分留存移植的生物制品条形码或者其他合格证明文件。",
        when=PRODUCT,
        otherwise="本例异体皮肤取自捐献人，非生物制品",
    )

    # 四(一) 培训要求
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)3", "exempt": "四(一)4"},
        {
            "trainee": "应当具有《医师执业证书》，执业范围为临床类别烧伤科或整形外科，"
            "具有主治医师以上专业技术资格3年及以上。",
            "base": "应当接受连续系统化培训。在指导老师指导下，接受至少6个月系统培训并参与"
            "至少5例同种异体皮肤移植手术及患者全程管理，经考核合格。",
            "overseas": "在境外接受同种异体皮肤移植技术培训6个月及以上，有境外培训机构的有效"
            "培训证明，并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到规定的培训要求。",
            "exempt": "从事临床工作满15年，具有副主任医师专业技术职务任职资格，本规范印发之日前"
            "3年作为术者每年完成皮肤组织缺损修复重建手术150例及以上，包括皮肤软组织创伤、整形及修复"
            "重建手术等，未发生严重不良事件的，可免于培训。",
        },
        titles={"trainee": "拟从事本技术的医师具有《医师执业证书》和主治医师以上资格（3年及以上）"},
        scopes=PRACTICE,
    )

    # 四(二) 培训基地
    base_filed = _base(
        "四(二)1",
        "同种异体皮肤移植技术培训基地须经省级卫生健康行政部门备案。",
        n.yes(
            "training_base.applies",
            "本机构为（或申请成为）培训基地",
            prompt="本机构是否为（或申请成为）同种异体皮肤移植技术培训基地？（不是可答“否”，以下各项不适用）",
        ),
        n.yes("training_base.filed", "培训基地已经省级卫生健康行政部门备案"),
        title="培训基地经省级卫生健康行政部门备案",
        condition=c.is_true("profile.training_base.filed", label="已经省级卫生健康行政部门备案"),
    )
    base_grade = _base(
        "四(二)1(1)",
        "三级甲等医院，符合同种异体皮肤移植临床应用管理规范要求，具有同种异体皮肤移植模拟培训的设备设施。",
        n.yes("training_base.meets_norm", "符合同种异体皮肤移植临床应用管理规范要求"),
        n.yes("training_base.simulation", "具有同种异体皮肤移植模拟培训的设备设施"),
        title="培训基地：三级甲等医院，符合管理规范，具有模拟培训设备设施",
        condition=c.all_of(
            c.one_of("general.grade", n.GRADE_3A, label="医院等级", others=n.BELOW_3A),
            c.is_true("profile.training_base.meets_norm", label="符合管理规范要求"),
            c.is_true("profile.training_base.simulation", label="具有模拟培训的设备设施"),
        ),
    )
    base_departments = _base(
        "四(二)1(2)",
        "具有卫生健康行政部门核准登记的烧伤或整形科诊疗科目及其他相关科室，科室开放床位数不少于50张。",
        n.at_least("training_base.open_beds", 50, "科室开放床位", "张", maximum=5000),
        title="培训基地：核准登记烧伤或整形科，科室开放床位不少于50张",
        condition=c.all_of(
            c.any_of(
                c.is_true("profile.burns.registered", label="已核准登记烧伤外科诊疗科目"),
                c.is_true("profile.burns.plastic_registered", label="已核准登记整形外科诊疗科目"),
            ),
            c.at_least("profile.training_base.open_beds", 50, label="科室开放床位", unit="张"),
        ),
    )
    base_volume = _base(
        "四(二)1(3)",
        "近3年每年独立完成同种异体皮肤移植临床应用不少于15例。每年独立完成皮肤组织缺损修复重建手术150例"
        "及以上，包括皮肤软组织创伤、整形及修复重建手术等。",
        n.at_least(
            "training_base.allograft_min_annual_3y", 15, "近3年同种异体皮肤移植最少一年", "例"
        ),
        n.at_least("training_base.repair_per_year", 150, "每年皮肤组织缺损修复重建手术", "例"),
        title="培训基地：近3年每年同种异体皮肤移植不少于15例，每年修复重建手术150例以上",
    )
    base_tutors = _base(
        "四(二)1(4)",
        "具备与开展同种异体皮肤移植技术培训工作相适应的人员、技术、设备和设施等条件。有至少3名具有同种"
        "异体皮肤移植临床应用能力的指导医师，其中至少1名为主任医师。",
        n.yes("training_base.resources", "具备相适应的人员、技术、设备和设施"),
        n.at_least("training_base.tutors", 3, "符合条件的指导医师", "名", maximum=1000),
        n.at_least("training_base.chief_tutors", 1, "其中主任医师", "名", maximum=1000),
        title="培训基地：条件相适应，指导医师至少3名（至少1名主任医师）",
    )
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING.clauses(
        curriculum="培训教材和培训大纲满足培训要求，课程设置包括理论学习、模拟训练和临床实践。",
        curriculum_title="培训教材和培训大纲满足培训要求（含模拟训练）",
        schedule="保证接受培训的医师在规定时间内按要求完成培训任务。",
        schedule_label="保证在规定时间内按要求完成培训任务",
        schedule_title="保证接受培训的医师在规定时间内完成培训任务",
        assessment="培训结束后，对接受培训的医师进行考试、考核，并出具考核结论。",
        assessment_label="培训结束后考试、考核并出具考核结论",
        archives_label="为每位受训医师建立培训及考试、考核档案",
    )


NORM = SkinAllograftNorm
