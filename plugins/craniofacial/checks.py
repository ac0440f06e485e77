"""The 管理规范 of 颅颌面畸形颅面外科矫治技术 (2022 S05, 2023 S03) on the standard norm.

Where the editions differ the clause says so, with the words of each:

* 一(四)1: 2022 also asks the ICU to reach Ⅲ级洁净辅助用房; 一(五)1: 2022 asks MRI or
  CT, 2023 CT, and an orthodontics department in a dental hospital;
* 二(一): 2022 asks the licence and *one of* two routes (1. 副主任医师 and 6 years
  in the specialty; 2. 主治医师 for 6 years, 6 years in the specialty and training
  at a designated base); 2023 asks all of licence, 10 years, 副主任医师 and
  training. The 2022 routes are told apart by the title: an 副主任医师 who fails
  route 1 (6 years) fails route 2 too, which asks the same 6 years and more;
* 三(二): 2022 asks a multidisciplinary consultation before every case and a
  surgeon registered here; 2023 asks two 副主任医师 of the hospital to decide, a
  consultation where needed, and a surgeon of 副主任医师 or above;
* 四(一): 2022 accepts 3 years' work at a designated base (四(一)4); the exemption
  is 四(一)5 in 2022 and 四(一)4 in 2023; 四(二)1(2) asks 1000 cases in 5 years
  or 200 a year (2022), 700 or 150 (2023); 四(二)1(5) 2022 also asks a
  perioperative mortality below 0.1%.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import Condition, ExemptionRule, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.craniofacial.meta import TECHNOLOGY

SKILL = "颅颌面畸形颅面外科矫治技术"
SCOPES = {
    "cranio_orbital": "颅眶外科手术",
    "orthognathic": "正颌外科手术",
    "contouring": "面部骨轮廓手术",
}
PRACTICE = {"surgery": "外科专业", "dental": "口腔专业"}
SUBJECTS = {
    "ophthalmology": "眼科",
    "ent": "耳鼻咽喉科",
    "neurosurgery": "神经外科",
    "plastic": "整形外科",
    "pediatric_orthopedics": "小儿骨科",
    "pediatric_neurosurgery": "小儿神经外科",
    "omfs": "口腔颌面外科",
    "orthodontics": "正畸",
}
AUXILIARY = {"laboratory": "检验科", "imaging": "医学影像科", "transfusion": "输血科"}
SPECIALTIES = "整形外科、小儿骨科、小儿神经外科或口腔颌面外科"
BASES = {"2022": "省级卫生健康行政部门指定的培训基地", "2023": "省级卫生健康行政部门备案的培训基地"}
EXEMPT = ExemptionRule(100, 5, min_clinical_years=15, min_title="associate_chief")
RULES = {
    "2022": TrainingRule(6, 60, 20, overseas_months=6, exemption=EXEMPT, base_term=BASES["2022"]),
    "2023": TrainingRule(6, 50, 20, overseas_months=6, exemption=EXEMPT, base_term=BASES["2023"]),
}


def _performs(key: str) -> Condition:
    return c.performs("profile.scope", key, label="开展的手术类别", key_label=SCOPES[key])


def _below(minimum: str) -> Condition:
    """The physician's title is below ``minimum`` (the test of the 2022 route 二(一)2)."""
    senior = c.title_at_least(minimum)

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        verdict = senior(subject)
        flipped = {Outcome.PASS: Outcome.FAIL, Outcome.FAIL: Outcome.PASS}
        return Verdict(flipped.get(verdict.outcome, verdict.outcome), verdict.explanation)

    return Condition(evaluate, senior.fields)


def _less_than(path: str, limit: float, *, label: str, unit: str) -> Condition:
    """A number strictly below ``limit`` (低于0.1%)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = subject.get("profile", {})
        for key in path.removeprefix("profile.").split("."):
            value = value.get(key) if isinstance(value, Mapping) else None
        if not isinstance(value, int | float) or isinstance(value, bool):
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（要求低于{limit:g}{unit}）")
        outcome = Outcome.PASS if value < limit else Outcome.FAIL
        return Verdict(outcome, f"{label} {value:g}{unit}（要求低于{limit:g}{unit}）")

    return Condition(evaluate, (path,))


# -- profile questions several clauses share --------------------------------------

ICU_CLEAN = n.clean_grade("icu.cleanliness_class")
ICU_ASKS = (
    n.yes("icu.standard_compliant", "重症医学科设置符合规范要求"),
    n.at_least("icu.beds", 4, "监护病床", "张", maximum=1000),
    n.at_least("icu.area_per_bed", 15, "每病床净使用面积", "平方米", maximum=1000),
    n.yes("icu.meets_specialty_needs", f"能够满足{SKILL}应用专业需要"),
)
AUX_DEPARTMENTS = n.includes("support.departments", AUXILIARY, "辅助科室")
MRI_OR_CT = n.Ask(
    "support.imaging",
    n.multiple("影像设备", {"mri": "磁共振（MRI）", "ct": "计算机X线断层摄影（CT）"}),
    c.includes_any("profile.support.imaging", {"mri": "MRI", "ct": "CT"}, label="影像设备"),
)
CT = n.Ask(
    "support.imaging",
    MRI_OR_CT.schema,
    c.includes("profile.support.imaging", {"ct": "CT"}, label="影像设备"),
)
PACS = n.yes("support.pacs", "有医学影像图像管理系统")
TRANSFUSION = n.yes("support.transfusion", "具备输血相关设备和能力（输血条件）")
SINCE_6 = n.since("specialty_since", 6, f"从事{SPECIALTIES}临床诊疗工作")
#: 2022 二(一)2 主治医师6年以上: the date of the title, as every norm asks it (title_since).
ATTENDING_6 = n.Ask(
    "title_since",
    n.date_field("取得主治医师任职资格的日期", "哪一天取得主治医师专业技术职务任职资格？")
    | {"x-help": "2022 S05 二(一)2：取得主治医师专业技术职务任职资格6年以上（自该日逐日计算）。"},
    c.title_at_least("attending", years=6),
)
BASE_WORK = (
    n.yes("base_work.applies", f"在{BASES['2022']}从事颅颌面畸形颅面外科工作"),
    n.at_least("base_work.years", 3, "在培训基地从事颅颌面畸形颅面外科工作", "年", maximum=80),
    n.yes("base_work.passed", "经培训基地考核合格"),
)
BASE_WORK_ROUTE = c.when(
    BASE_WORK[0].rule,
    c.all_of(BASE_WORK[1].rule, BASE_WORK[2].rule),
    otherwise="未经“在培训基地工作”途径",
)
APPLIES = n.yes(
    "training_base.applies",
    "本机构为（或申请成为）培训基地",
    prompt=f"本机构是否为（或申请成为）{SKILL}培训基地？",
    help="不申请可答“否”，以下培训基地各项不适用。",
)
CASES_5Y = n.at_least("training_base.cases_5y", 1000, "5年内累计完成病例", "例")
CASES_YEAR = n.at_least("training_base.cases_per_year", 200, "每年完成病例（最少一年）", "例")
TUTORS = (
    n.at_least("training_base.tutors", 5, "副主任医师及以上指导医师", "名", maximum=1000),
    n.at_least("training_base.omfs_tutors", 3, "口腔颌面外科指导医师", "名", maximum=1000),
    n.at_least("training_base.omfs_chief_tutors", 2, "其中主任医师", "名", maximum=1000),
    n.at_least("training_base.ortho_tutors", 2, "正畸指导医师", "名", maximum=1000),
    n.at_least("training_base.ortho_senior_tutors", 1, "其中副主任医师及以上", "名", maximum=1000),
)
NO_ACCIDENT = n.yes(
    "training_base.no_serious_accident",
    f"无{SKILL}相关的严重医疗事故发生",
    prompt=f"本机构是否无{SKILL}相关的严重医疗事故发生？",
)
MORTALITY = n.Ask(
    "training_base.perioperative_mortality_pct",
    n.number("围手术期死亡率", "%", maximum=100, integer=False),
    _less_than(
        "profile.training_base.perioperative_mortality_pct", 0.1, label="围手术期死亡率", unit="%"
    ),
)
DECISION = "answers.decision"


def _base(clause: str, quote: n.Quote, *asks: n.Ask, title: str, **options: Any) -> n.Require:
    """A condition of 四(二) 培训基地: applies only to an institution that is (or applies to
    become) a training base."""
    return n.Require(
        clause,
        quote,
        *asks,
        title=title,
        section="training_base",
        when=APPLIES.rule,
        otherwise="本机构不是（也未申请成为）培训基地",
        **options,
    )


def _volume(cases_5y: int, per_year: int) -> Condition:
    return c.any_of(
        c.at_least(
            "profile.training_base.cases_5y", cases_5y, label="5年内累计完成病例", unit="例"
        ),
        c.at_least(
            "profile.training_base.cases_per_year", per_year, label="每年完成病例", unit="例"
        ),
    )


class CraniofacialNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = RULES
    groups = {
        "specialty": "相关专科",
        "icu": "重症医学科",
        "support": "其他科室和设备",
        "theatre": "手术室与器械",
        "base_work": "在培训基地从事颅颌面外科工作（2022 S05 四(一)4）",
    }
    switches = {
        "scope": n.multiple(
            "开展的手术类别", SCOPES, "本机构开展（或拟开展）哪些类别的手术？（可多选）"
        ),
        "dental_hospital": n.yes_no("口腔专科医院", "本机构是否为口腔专科医院？"),
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity("一(一)")
    subjects = n.Require(
        "一(二)",
        "有卫生健康行政部门核准登记的眼科、耳鼻咽喉科、神经外科、整形外科、小儿骨科、小儿神经外科、"
        "口腔颌面外科或正畸专业诊疗科目。",
        n.Ask(
            "subjects",
            n.multiple("核准登记的诊疗科目", SUBJECTS),
            c.includes_any("profile.subjects", SUBJECTS, label="核准登记的诊疗科目"),
        ),
        title="有核准登记的眼科、耳鼻咽喉科、神经外科、整形外科等相关专业诊疗科目之一",
    )
    specialty = n.Require(
        "一(三)",
        f"开展{SKILL}相关临床诊疗工作5年以上，相关专科床位数不少于30张。",
        n.since("specialty.since", 5, f"开展{SKILL}相关临床诊疗工作"),
        n.at_least("specialty.beds", 30, "相关专科床位", "张", maximum=5000),
        title="开展本技术相关临床诊疗工作5年以上，相关专科床位不少于30张",
    )
    icu_setup = n.Require(
        "一(四)1",
        {
            "2022": "设置符合规范要求，达到Ⅲ级洁净辅助用房标准，监护病床不少于4张，每病床净使用面积"
            f"不少于15平方米，能够满足{SKILL}应用专业需要。",
            "2023": "设置符合规范要求，监护病床不少于4张，每病床净使用面积不少于15平方米，"
            f"能够满足{SKILL}应用专业需要。",
        },
        ICU_ASKS[0],
        ICU_CLEAN,
        *ICU_ASKS[1:],
        condition={
            "2022": c.all_of(ICU_ASKS[0].rule, ICU_CLEAN.rule, *(a.rule for a in ICU_ASKS[1:])),
            "2023": c.all_of(*(a.rule for a in ICU_ASKS)),
        },
        title="重症医学科设置符合规范要求，监护病床不少于4张，每病床净使用面积不少于15平方米",
    )
    icu_critical_care = n.CriticalCare(
        "一(四)2",
        f"符合开展{SKILL}相关专业危重患者救治要求。",
        label="符合开展本技术相关专业危重患者救治要求",
        title="重症医学科符合相关专业危重患者救治要求",
    )
    icu_equipment = n.Equipment(
        "一(四)3",
        "有多功能监护仪和呼吸机等设备。",
        path="icu.equipment",
        items={"multifunction_monitor": "多功能监护仪", "ventilator": "呼吸机"},
        label="重症医学科设备",
    )
    icu_invasive = n.invasive_care(
        "一(四)4", title="重症医学科能够开展有创监测项目和有创呼吸机治疗"
    )
    icu_staff = n.TrainedStaff(
        "一(四)5", "有经过专业培训并考核合格的、具备5年以上重症监护工作经验的专职医师和护士。"
    )
    support = n.Require(
        "一(五)1",
        {
            "2022": "设有检验科、医学影像科、输血科等辅助科室，有磁共振（MRI）或计算机X线断层摄影"
            "（CT），医学影像图像管理系统，具备输血相关设备和能力。",
            "2023": "设有检验科、医学影像科、输血科等辅助科室，口腔专科医院应设有口腔正畸科，"
            "具有输血条件以及 CT 等医学影像图像管理系统。",
        },
        AUX_DEPARTMENTS,
        MRI_OR_CT,
        PACS,
        TRANSFUSION,
        condition={
            "2022": c.all_of(AUX_DEPARTMENTS.rule, MRI_OR_CT.rule, PACS.rule, TRANSFUSION.rule),
            "2023": c.all_of(AUX_DEPARTMENTS.rule, CT.rule, PACS.rule, TRANSFUSION.rule),
        },
        title="设有检验科、医学影像科、输血科，有CT等影像设备和图像管理系统，具备输血能力",
    )
    orthodontics = n.Require(
        "一(五)1",
        "口腔专科医院应设有口腔正畸科",
        n.yes("support.orthodontics_department", "设有口腔正畸科"),
        title="口腔专科医院设有口腔正畸科",
        editions=("2023",),
        when=c.is_true("profile.dental_hospital", label="口腔专科医院"),
        otherwise="本机构不是口腔专科医院",
    )
    theatre_cranio_orbital = n.Require(
        "一(五)2",
        "颅眶外科手术需要洁净等级为Ⅰ级的手术室",
        n.choice(
            "theatre.cranio_orbital_class",
            {"I": "Ⅰ级"},
            "颅眶外科手术室洁净等级",
            others={"II": "Ⅱ级", "III": "Ⅲ级", **n.BELOW_III},
        ),
        title="颅眶外科手术：洁净等级为Ⅰ级的手术室",
        when=_performs("cranio_orbital"),
        otherwise="本机构未开展颅眶外科手术",
    )
    theatre_orthognathic = n.Require(
        "一(五)2",
        "正颌外科手术和面部骨轮廓手术需要洁净等级为Ⅱ级的手术室。",
        n.choice(
            "theatre.orthognathic_class",
            {"I": "Ⅰ级", "II": "Ⅱ级"},
            "正颌外科和面部骨轮廓手术室洁净等级",
            others={"III": "Ⅲ级", **n.BELOW_III},
        ),
        title="正颌外科手术和面部骨轮廓手术：洁净等级为Ⅱ级（或更高）的手术室",
        when=c.any_of(_performs("orthognathic"), _performs("contouring")),
        otherwise="本机构未开展正颌外科手术或面部骨轮廓手术",
    )
    osteotomy_system = n.Require(
        "一(五)3",
        "具备正常运行的微动力截骨系统及相关专用手术器械。",
        n.yes("theatre.osteotomy_system", "具备正常运行的微动力截骨系统"),
        n.yes("theatre.instruments", "具备相关专用手术器械"),
        title="具备正常运行的微动力截骨系统及相关专用手术器械",
    )
    physicians = n.Physicians(
        "一(六)", 2, f"有至少2名具备{SKILL}临床应用能力的本医疗机构注册医师。"
    )
    other_staff = n.OtherStaff(
        "一(六)",
        {
            "2022": f"有经过{SKILL}相关知识和技能培训并考核合格的其他专业技术人员。",
            "2023": f"有经过{SKILL}相关知识和技能培训并考核合格的、与开展{SKILL}相适应的"
            "口腔正畸专业、口腔颌面医学影像专业等其他专业技术人员。",
        },
    )
    other_staff_training = n.OtherStaffTraining("二(二)")

    # 二、人员基本要求
    licence = n.Licence(
        {"2022": "二(一)", "2023": "二(一)1"},
        {
            "2022": "应取得《医师执业证书》（执业范围为外科或口腔专业），同时符合以下条件之一：",
            "2023": "取得《医师执业证书》，执业范围为外科或口腔专业。",
        },
        scopes=PRACTICE,
    )
    senior_route = n.Require(
        "二(一)1",
        f"取得副主任医师及以上专业技术职务任职资格，且有6年以上{SPECIALTIES}临床诊疗工作经验。",
        SINCE_6,
        condition=c.when(
            c.title_at_least("associate_chief"),
            SINCE_6.rule,
            otherwise="未取得副主任医师及以上职称，按第2项核查",
        ),
        title=f"（之一）副主任医师及以上，有6年以上{SPECIALTIES}临床诊疗工作经验",
        section="personnel",
        editions=("2022",),
    )
    attending_route = n.Require(
        "二(一)2",
        f"取得主治医师专业技术职务任职资格6年以上，且有6年以上{SPECIALTIES}临床诊疗工作经验，"
        f"并经过我省卫生健康行政部门指定的培训基地关于{SKILL}相关系统培训，考核合格。",
        ATTENDING_6,
        SINCE_6,
        condition=c.when(
            _below("associate_chief"),
            c.all_of(
                ATTENDING_6.rule,
                SINCE_6.rule,
                c.any_of(c.training_or_exemption(RULES["2022"]), BASE_WORK_ROUTE),
            ),
            otherwise="已取得副主任医师及以上职称，按第1项核查",
        ),
        title="（之一）主治医师6年以上，有6年以上相关临床诊疗工作经验，经指定培训基地培训考核合格",
        section="personnel",
        editions=("2022",),
    )
    experience = n.Experience(
        "二(一)2",
        "有10年以上口腔颌面外科、整形外科、小儿骨科或小儿神经外科临床诊疗工作经验",
        years=10,
        what=f"从事{SPECIALTIES}临床诊疗工作",
        editions=("2023",),
    )
    title = n.Title(
        "二(一)2",
        "取得副主任医师及以上专业技术职务任职资格。",
        minimum="associate_chief",
        editions=("2023",),
    )
    training = n.Training(
        "二(一)3",
        f"经过省级卫生健康行政部门备案的培训基地关于{SKILL}相关系统培训，具备{SKILL}临床应用的能力。",
        editions=("2023",),
    )
    routes = n.TrainingRoutes(
        {
            "trainee": "四(一)1",
            "base": "四(一)2",
            "overseas": "四(一)3",
            "exempt": {"2022": "四(一)5", "2023": "四(一)4"},
        },
        {
            "trainee": f"应当具有《医师执业证书》，从事与{SKILL}相关专业，"
            "主治医师及以上专业技术职务。",
            "base": {
                e: f"应当接受至少6个月的系统培训。在指导医师指导下，至少参与{cases}例{SKILL}操作，"
                f"并参与20例以上{SKILL}患者的全过程管理"
                for e, cases in (("2022", 60), ("2023", 50))
            },
            "overseas": {
                e: f"在境外接受{SKILL}培训6个月以上，有境外培训机构的培训证明，"
                f"并经{base}考核合格后，"
                "可以视为达到规定的培训要求。"
                for e, base in BASES.items()
            },
            "exempt": {
                "2022": "本规定印发之日前，从事临床工作满15年，具有副主任医师专业技术职务任职资格，"
                f"近5年独立开展{SKILL}临床应用不少于100例，未发生严重不良事件的，可免于培训。",
                "2023": "从事临床工作满15年，具有副主任医师专业技术职务任职资格，"
                "本规范印发之日前5年"
                f"独立开展{SKILL}临床应用不少于100例，未发生严重不良事件的，可免于培训。",
            },
        },
        scopes=PRACTICE,
    )
    base_work = n.Require(
        "四(一)4",
        "在省卫生健康行政部门指定的培训基地从事颅颌面畸形颅面外科工作3年以上，并经培训基地考核合格后，"
        "可以视为达到规定的培训要求。",
        *BASE_WORK,
        condition=c.all_of(BASE_WORK[1].rule, BASE_WORK[2].rule),
        when=BASE_WORK[0].rule,
        otherwise="未经“在培训基地工作”途径",
        title="在指定培训基地从事颅颌面畸形颅面外科工作3年以上并考核合格",
        section="personnel",
        editions=("2022",),
    )

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        {
            "2022": f"严格遵守{SKILL}操作规范和诊疗指南，"
            "严格掌握颅颌面畸形颅面外科矫治术的适应证和禁忌证。",
            "2023": f"严格遵守{SKILL}诊疗技术操作规范和诊疗指南，根据患者病情、可选择的治疗方案、"
            "患者经济承受能力等因素综合判断治疗措施，因病施治，合理治疗，"
            "严格掌握颅颌面畸形颅面外科矫治术的适应证和禁忌证。",
        },
    )
    consultation = n.Require(
        "三(二)",
        {
            "2022": f"实施{SKILL}前，应当由多学科"
            "（神经外科、整形外科、口腔颌面外科、正畸、麻醉科等）"
            "医师进行会诊，同意实施该技术，并制订合理的治疗与管理方案。",
            "2023": "必要时应当由多学科（口腔颌面外科、神经外科、整形外科、正畸、麻醉科等）"
            "医师进行会诊，"
            "并共同制订手术方案、术后治疗与护理计划。",
        },
        condition={
            "2022": c.all_of(
                c.is_true(f"{DECISION}.mdt_consulted", label="术前多学科会诊"),
                c.is_true(f"{DECISION}.mdt_agreed", label="会诊同意实施"),
                c.is_true(f"{DECISION}.plan_made", label="制订治疗与管理方案"),
            ),
            "2023": c.any_of(
                c.all_of(
                    c.is_true(f"{DECISION}.mdt_consulted", label="多学科会诊"),
                    c.is_true(
                        f"{DECISION}.plan_made", label="共同制订手术方案及术后治疗与护理计划"
                    ),
                ),
                c.is_true(f"{DECISION}.mdt_needed", label="有必要多学科会诊", expected=False),
            ),
        },
        title="多学科医师会诊并制订治疗方案（2023：必要时）",
        section="case",
    )
    deciders = n.Deciders(
        "三(二)",
        f"{SKILL}的选择由至少 2 名具有{SKILL}临床能力的、具有副主任医师及以上专业技术任职资格的"
        "本院医师决定。",
        same_institution=True,
        editions=("2023",),
    )
    operator = n.Operator(
        "三(二)",
        {
            "2022": "术者应当由本医疗机构注册医师担任。",
            "2023": "术者由具有本技术临床应用能力的副主任及以上职称的医师担任。",
        },
        registered_here={"2022": True, "2023": False},
    )
    consent = n.Consent(
        "三(三)",
        {
            "2022": f"实施{SKILL}前，应当向患者及其家属告知手术目的、手术风险、术后注意事项、"
            "可能发生的并发症及预防措施等，并签署知情同意书。",
            "2023": "术前应当向患者和家属告知手术目的、手术风险、术后注意事项、可能发生的并发症及"
            "预防措施等，并签署手术知情同意书。",
        },
    )
    _followup = {
        "2022": f"建立健全{SKILL}应用后监控和随访制度，并按规定进行随访、记录。",
        "2023": f"建立健全{SKILL}后随访制度，并按规定进行随访、记录。",
    }
    followup = n.Followup("三(四)", _followup)
    followup_system = n.FollowupSystem("三(四)", _followup, planned_visit="首次随访")
    database = n.Require(
        "三(五)",
        {
            "2022": f"建立病例信息数据库，在完成每例次{SKILL}应用后，应当按要求保留并及时上报相关"
            "病例数据信息。",
            "2023": f"在完成每例{SKILL}后，都要保留相关信息，建立数据库。",
        },
        n.yes("management.database", "已建立病例信息数据库"),
        n.yes("management.reporting", "完成每例后按要求保留并及时上报相关病例数据信息"),
        condition={
            "2022": c.all_of(
                c.is_true("profile.management.database", label="已建立病例信息数据库"),
                c.is_true("profile.management.reporting", label="按要求保留并及时上报病例数据"),
            ),
            "2023": c.is_true("profile.management.database", label="已建立数据库保留相关信息"),
        },
        title="建立病例信息数据库，保留（2022：并及时上报）每例病例数据信息",
    )
    assessment = n.Assessment(
        "三(六)",
        {
            e: f"医疗机构和医师按照规定定期接受{SKILL}临床应用能力{word}，"
            "包括病例选择、手术成功率、"
            f"严重并发症、死亡病例、医疗事故发生情况、术后{who}管理、{who}生存质量、随访情况和病历质量等。"
            for e, word, who in (("2022", "评估", "患者"), ("2023", "审核", "病人"))
        },
    )
    approved_devices = n.ApprovedDevices(
        "三(七)1",
        {
            "2022": f"使用经国家/省/市药品监督管理局批准的{SKILL}相关器材，"
            f"不得违规重复使用与{SKILL}"
            "相关的一次性医用器材。",
            "2023": "使用经药品监督管理部门审批的与本技术诊疗程相关的各种人体内植入或"
            "手术固定用医用耗材，"
            "严格落实高值医用耗材管理制度，杜绝高值医用耗材不合理使用。",
        },
    )
    high_value = n.Statement(
        "三(七)1",
        "严格落实高值医用耗材管理制度，杜绝高值医用耗材不合理使用。",
        label="严格落实高值医用耗材管理制度",
        path="management.high_value_consumables",
        editions=("2023",),
    )
    no_reuse = n.Statement(
        "三(七)3",
        "不得违规重复使用与本技术相关的一次性医用耗材。",
        label="不违规重复使用一次性医用器材",
        path="management.no_reuse",
        editions=("2023",),
    )
    device_register = n.DeviceRegister(
        "三(七)2",
        {
            "2022": f"建立{SKILL}相关器材登记制度，保证器材来源可追溯。",
            "2023": "建立手术医用耗材登记制度，保证手术固定与人体内植入耗材来源可追溯。",
        },
    )
    device_barcodes = n.DeviceBarcodes(
        "三(七)2",
        {
            "2022": f"在应用{SKILL}患者住院病历的手术记录部分留存{SKILL}相关器材条形码"
            "或者其他合格证明文件。",
            "2023": f"在{SKILL}病人住院病历中留存手术耗材条形码或者其他合格证明文件。",
        },
        required=False,
    )
    face_data = n.Statement(
        "三(七)3",
        "建立并完善术前、术后病人面容数据备案和个人身份信息保密管理制度。",
        label="已建立术前、术后病人面容数据备案和个人身份信息保密管理制度",
        path="management.face_data_privacy",
        editions=("2022",),
    )
    pricing = n.Statement(
        "三(七)4",
        "严格执行国家物价、财务政策，按照规定收费。",
        label="严格执行国家物价、财务政策，按照规定收费",
        path="management.pricing",
        editions=("2023",),
    )

    # 四(二) 培训基地
    base_grade = _base(
        "四(二)1(1)",
        f"三级甲等医院，符合{SKILL}管理规范要求。",
        APPLIES,
        n.yes("training_base.meets_norm", f"符合{SKILL}管理规范要求"),
        condition=c.all_of(
            c.one_of(
                "general.grade",
                {"3A": "三级甲等"},
                label="医院等级",
                others={
                    "3B": "三级乙等",
                    "3": "三级",
                    "2A": "二级甲等",
                    "2B": "二级乙等",
                    "2": "二级",
                    "1": "一级及以下",
                },
            ),
            c.is_true("profile.training_base.meets_norm", label="符合本技术管理规范要求"),
        ),
        title="培训基地为三级甲等医院，符合本技术管理规范要求",
    )
    base_volume = _base(
        "四(二)1(2)",
        {
            e: f"5年内累计完成各类{SKILL}病例{total}例以上或每年完成{SKILL}病例不少于{year}例。"
            for e, total, year in (("2022", 1000, 200), ("2023", 700, 150))
        },
        CASES_5Y,
        CASES_YEAR,
        condition={"2022": _volume(1000, 200), "2023": _volume(700, 150)},
        title="5年内累计病例（2022：1000例，2023：700例）以上或每年（200例，150例）以上",
    )
    base_tutors = _base(
        "四(二)1(3)",
        f"有不少于5名具有{SKILL}临床应用能力的指导医师，指导医师应当取得副主任医师及以上专业技术职务"
        "任职资格。其中不少于3名口腔颌面外科医师（至少2名具有主任医师专业技术职务任职资格），"
        "不少于2名正畸医师（至少1名具有副主任医师专业技术职务任职资格）。",
        *TUTORS,
        title="指导医师不少于5名（口腔颌面外科不少于3名、正畸不少于2名）",
    )
    base_resources = _base(
        "四(二)1(4)",
        f"有与开展{SKILL}培训工作相适应的技术、设备和设施等条件。",
        n.yes("training_base.resources", "有与开展培训工作相适应的技术、设备和设施"),
        title="有与开展培训工作相适应的技术、设备和设施",
    )
    base_safety = _base(
        "四(二)1(5)",
        {
            "2022": f"无{SKILL}相关的严重医疗事故发生，围手术期死亡率低于0.1%。",
            "2023": f"无{SKILL}相关的严重医疗事故发生。",
        },
        NO_ACCIDENT,
        MORTALITY,
        condition={"2022": c.all_of(NO_ACCIDENT.rule, MORTALITY.rule), "2023": NO_ACCIDENT.rule},
        title="无相关严重医疗事故（2022：围手术期死亡率低于0.1%）",
    )
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING.clauses(
        assessment={
            "2022": "培训结束后,对接受培训医师进行考试、考核,并出具是否合格的结论。",
            "2023": "培训结束后，对接受培训医师进行考试、考核，并出具是否合格的结论。",
        },
        assessment_label="培训结束后进行考试、考核，并出具是否合格的结论",
        section="training_base",
        when=APPLIES.rule,
    )


NORM = CraniofacialNorm
