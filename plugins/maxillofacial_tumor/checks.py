"""The 管理规范 of 口腔颌面部肿瘤颅颌联合根治技术 (2022 S04, 2023 S04) on the standard norm.

The editions differ in shape, not only in numbers:

* 2022 一(二)-(七): what a 综合医院 and a 专科医院 must have, and each department's beds
  and yearly tumour patients by the hospital's type (综合医院 30张 / 400例; the
  department's own 专科医院 60 or 100张 / 900 or 1800例). The hospital type is the
  shared profile's ``general.kind``; which 专科医院 it is, ``profile.specialty``.
  2023 一(二): 三级甲等综合医院 (200例) or 三级口腔专科医院 (400例), three departments
  of 15 years and 30 beds each; 神经外科 and 耳鼻咽喉头颈外科 are asked of the 综合医院
  (a 口腔专科医院 "能完成神经外科等相关科室的会诊能力").
* 2022 一(二) "设有耳鼻咽喉科、神经外科、口腔颌面外科或头颈肿瘤外科" is read as
  耳鼻咽喉科, 神经外科, and 口腔颌面外科 or 头颈肿瘤外科 (its registered subjects list
  耳鼻咽喉科、肿瘤科、神经外科和口腔颌面外科 with 和).
* 2022 二 has no (一)/(二): its items are 二1-二4; 二4 asks for 2 主任医师, 2023 一(三)
  for 2 副主任及以上医师.
* 2022 三(二): a multidisciplinary consultation decides each case; 2023 三(二): 2
  副主任医师 of this hospital.
* 2022 四(二)1(5) holds the training base's quality rates (诊断符合率, 治愈率, 并发症发生率).

The 2022 norm's heading was lost in extraction (the text begins at its preamble 为规范…).
"""

from collections.abc import Mapping
from typing import Any

from rtech import Condition, ExemptionRule, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.maxillofacial_tumor.meta import TECHNOLOGY

SKILL = "口腔颌面部肿瘤颅颌联合根治技术"
Y22, Y23 = ("2022",), ("2023",)

KINDS = {"general": "综合医院", "specialized": "专科医院", "tcm": "中医医院", "other": "其他"}
SPECIALTIES = {
    "ent": "耳鼻咽喉科专科医院",
    "neurosurgery": "神经外科专科医院",
    "stomatology": "口腔专科医院",
    "oncology": "肿瘤专科医院",
}
DEPARTMENTS = {
    "ent": "耳鼻咽喉科",
    "neurosurgery": "神经外科",
    "omfs": "口腔颌面外科",
    "head_neck": "头颈肿瘤外科",
}
SUBJECTS_2022 = {"ent": "耳鼻咽喉科", "oncology": "肿瘤科", "neurosurgery": "神经外科"}
SUBJECTS_2022["omfs"] = "口腔颌面外科"
SUBJECTS_2023 = {"omfs": "口腔颌面外科", "neurosurgery": "神经外科"}
SUBJECTS_2023 |= {"ent_hns": "耳鼻咽喉头颈外科", "critical_care": "重症医学科"}
PRACTICE = {"surgery": "外科专业", "ent_ophthalmology": "眼耳鼻咽喉科专业", "dental": "口腔专业"}
MONITORING = {"ecg": "心电", "respiration": "呼吸", "blood_pressure": "血压", "pulse": "脉搏"}
MONITORING["spo2"] = "血氧饱和度"
VOLUME = "volume.annual_tumour_patients"

GENERAL = c.one_of("general.kind", {"general": "综合医院"}, label="机构类别", others=KINDS)
SPECIALIZED = c.one_of("general.kind", {"specialized": "专科医院"}, label="机构类别", others=KINDS)


OTHER_KINDS = {"other": "其他专科医院", "none": "非专科医院"}


def _specialty(key: str) -> Condition:
    return c.one_of(
        "profile.specialty",
        {key: SPECIALTIES[key]},
        label="专科医院类别",
        others=SPECIALTIES | OTHER_KINDS,
    )


#: 2023 一(二) 三级甲等综合医院或三级口腔专科医院 (also the base's grade, 四(二)1(1)).
HOSPITAL_2023 = c.any_of(
    c.all_of(GENERAL, c.one_of("general.grade", {"3A": "三级甲等"}, label="医院等级")),
    c.all_of(
        SPECIALIZED,
        _specialty("stomatology"),
        c.one_of(
            "general.grade",
            {"3A": "三级甲等", "3B": "三级乙等", "3": "三级（未定等）"},
            label="医院等级",
        ),
    ),
)


def _has(key: str) -> Condition:
    return c.performs(
        "profile.departments", key, label="本机构设有的科室", key_label=DEPARTMENTS[key]
    )


def _value(subject: Mapping[str, Any], path: str) -> Any:
    node: Any = subject
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def _at_most(path: str, maximum: float, *, label: str) -> Condition:
    """A rate (%) not above ``maximum`` (2022 四(二)1(5)③ 感染率、死亡率)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _value(subject, path)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（要求≤{maximum:g}%）")
        outcome = Outcome.PASS if value <= maximum else Outcome.FAIL
        return Verdict(outcome, f"{label} {value:g}%（要求≤{maximum:g}%）")

    return Condition(evaluate, (path,))


def _more_than(path: str, minimum: float, *, label: str) -> Condition:
    """A rate (%) strictly above ``minimum`` (2022 四(二)1(3) 比例大于50%)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _value(subject, path)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（要求大于{minimum:g}%）")
        outcome = Outcome.PASS if value > minimum else Outcome.FAIL
        return Verdict(outcome, f"{label} {value:g}%（要求大于{minimum:g}%）")

    return Condition(evaluate, (path,))


def _percent(path: str, label: str) -> n.Ask:
    schema = n.number(label, "%", integer=False, maximum=100)
    return n.Ask(path, schema, c.at_least(f"profile.{path}", 0, label=label, unit="%"))


def _department_2022(
    clause: str, quote: str, key: str, specialty: str, beds: int, cases: int
) -> tuple[n.Require, n.Require]:
    """2022 一(四)-(七): one department in a 综合医院 and in its own 专科医院."""
    name = DEPARTMENTS[key]

    def tier(minimum_beds: int, minimum_cases: int, where: str, when: Condition) -> n.Require:
        return n.Require(
            clause,
            quote,
            n.yes(f"{key}.registered", f"已核准登记{name}诊疗科目"),
            n.since(f"{key}.since", 10, f"开展{name}相关临床诊疗工作"),
            n.at_least(f"{key}.beds", minimum_beds, f"{name}床位", "张", maximum=5000),
            n.at_least(VOLUME, minimum_cases, "年收治口腔颅颌面肿瘤或头颈部肿瘤患者", "例"),
            title=f"{where}{name}床位不少于{minimum_beds}张、开展相关临床诊疗工作不少于10年，"
            f"年收治口腔颅颌面肿瘤或头颈部肿瘤患者不少于{minimum_cases}例",
            editions=Y22,
            when=when,
            otherwise=f"本机构不是设有{name}的综合医院"
            if where == "综合医院"
            else f"本机构不是{SPECIALTIES[specialty]}",
        )

    general = tier(30, 400, "综合医院", c.all_of(GENERAL, _has(key)))
    own = tier(beds, cases, SPECIALTIES[specialty], c.all_of(SPECIALIZED, _specialty(specialty)))
    return general, own


def _statement(clause: str, quote: str, path: str, label: str, **options: Any) -> n.Statement:
    return n.Statement(clause, quote, path=path, label=label, **options)


TRAINING_BASE = c.is_true("profile.training_base_applies", label="本机构为（或申请成为）培训基地")
NOT_A_BASE = "本机构不是（也未申请成为）培训基地"


def _base(
    clause: n.Numbered, quote: n.Quote, *asks: n.Ask, title: str, **options: Any
) -> n.Require:
    """A condition of 四(二) 培训基地, for an institution that is (or applies to be) one."""
    return n.Require(
        clause, quote, *asks, title=title, when=TRAINING_BASE, otherwise=NOT_A_BASE, **options
    )


BASES = {"2022": "省级卫生健康行政部门指定的培训基地", "2023": "省级卫生健康行政部门备案的培训基地"}
EXEMPT = {
    "2022": ExemptionRule(50, 5, min_clinical_years=15, min_title="associate_chief"),
    "2023": ExemptionRule(3, 3, min_title="chief", per_year=True),
}
# 2023 四(一)2 "至少主刀2例…，参与2例…全过程管理": both counts are 2.
CASES = {"2022": (20, 10), "2023": (2, 2)}
ASSESSED = (
    "医疗机构和医师按照规定定期{}口腔颌面部肿瘤颅颌联合根治技术临床应用能力{}，包括病例选择、"
    "手术成功率、严重并发症、死亡病例、医疗事故发生情况、术后{}管理、{}生存质量、随访情况和"
    "病历质量等。"
)
QUALITY = (
    ("admission_discharge", "入院和出院诊断符合率", ">=", 90),
    ("pre_post_operative", "术前和术后诊断符合率", ">=", 80),
    ("clinical_pathological", "临床和病理诊断符合率", ">=", 60),
    ("cure", "常规收治疾病治愈率", ">=", 90),
    ("improvement", "疑难病症好转率", ">=", 80),
    ("rescue_success", "急危重症抢救成功率", ">=", 70),
    ("aseptic_wound_infection", "无菌手术切口感染率", "<=", 1),
    ("hospital_infection", "医院感染发生率", "<=", 15),
    ("death_24h_anaesthesia", "麻醉开始后24小时内死亡率", "<=", 0.1),
)


def _quality() -> Condition:
    parts = []
    for key, label, sense, limit in QUALITY:
        path = f"profile.base_quality.{key}"
        if sense == ">=":
            parts.append(c.at_least(path, limit, label=label, unit="%"))
        else:
            parts.append(_at_most(path, limit, label=label))
    return c.all_of(*parts)


def _mdt_specialties(minimum: int) -> Condition:
    """2022 三(二): 多学科 — at least ``minimum`` specialties took part in the consultation."""
    path = "answers.mdt.specialties"

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _value(subject, path)
        if not isinstance(value, list):
            return Verdict(Outcome.UNKNOWN, "会诊学科：未填写")
        outcome = Outcome.PASS if len(value) >= minimum else Outcome.FAIL
        return Verdict(outcome, f"会诊学科 {len(value)} 个（要求多学科，至少{minimum}个）")

    return Condition(evaluate, (path,))


class MaxillofacialTumorNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    skill_cases = "口腔颌面部肿瘤颅颌联合根治术"
    training_rules = {
        e: TrainingRule(
            min_months=6,
            min_cases=CASES[e][0],
            min_managed=CASES[e][1],
            overseas_months=6,
            base_term=BASES[e],
            exemption=EXEMPT[e],
        )
        for e in ("2022", "2023")
    }
    groups = {
        "ent": "耳鼻咽喉科（耳鼻咽喉头颈外科）",
        "neurosurgery": "神经外科",
        "omfs": "口腔颌面外科",
        "head_neck": "头颈肿瘤外科",
        "volume": "收治规模",
        "icu": "麻醉后监测治疗室（PACU）或重症医学科",
        "theatre": "手术室",
        "imaging": "医学影像",
        "base": "培训基地",
        "base_quality": "培训基地医疗质量（2022 四(二)1(5)）",
    }
    switches = {
        "specialty": {
            "title": "专科医院类别",
            "x-prompt": "若为专科医院，属于哪一类？（综合医院选“非专科医院”）",
            "oneOf": [
                *({"const": k, "title": v} for k, v in SPECIALTIES.items()),
                {"const": "other", "title": "其他专科医院"},
                {"const": "none", "title": "非专科医院"},
            ],
        },
        "departments": n.multiple(
            "本机构设有的科室", DEPARTMENTS, "本机构设有哪些科室？（可多选）"
        ),
        "training_base_applies": n.yes_no(
            "本机构为（或申请成为）培训基地",
            f"本机构是否为（或申请成为）{SKILL}培训基地？",
            "不申请可答“否”，培训基地各项（四(二)）不适用。",
        ),
    }

    # 一、医疗机构基本要求 ---------------------------------------------------------
    capacity = n.Capacity(
        "一(一)",
        {
            "2022": f"医疗机构开展{SKILL}应当与其功能、任务和技术能力相适应。",
            "2023": f"医疗机构开展{SKILL}应当与其功能、任务相适应。",
        },
    )
    general_hospital_2022 = n.Require(
        "一(二)",
        "综合医院开展该技术应当设有耳鼻咽喉科、神经外科、口腔颌面外科或头颈肿瘤外科，"
        "同时有卫生健康行政部门核准登记的耳鼻咽喉科、肿瘤科、神经外科和口腔颌面外科诊疗科目。",
        n.includes("departments", {k: DEPARTMENTS[k] for k in ("ent", "neurosurgery")}, "科室"),
        n.includes("registered_subjects", SUBJECTS_2022, "核准登记的诊疗科目"),
        condition=c.all_of(
            c.includes(
                "profile.departments",
                {k: DEPARTMENTS[k] for k in ("ent", "neurosurgery")},
                label="本机构设有的科室",
            ),
            c.includes_any(
                "profile.departments",
                {k: DEPARTMENTS[k] for k in ("omfs", "head_neck")},
                label="口腔颌面外科或头颈肿瘤外科",
            ),
            c.includes("profile.registered_subjects", SUBJECTS_2022, label="核准登记的诊疗科目"),
        ),
        title="综合医院设有耳鼻咽喉科、神经外科、口腔颌面外科或头颈肿瘤外科，并核准登记相关诊疗科目",
        editions=Y22,
        when=GENERAL,
        otherwise="本机构不是综合医院",
    )
    specialty_hospital_2022 = n.Require(
        "一(三)",
        "耳鼻咽喉科、神经外科、口腔或肿瘤专科医院，应当有卫生健康行政部门核准登记的相关诊疗科目。",
        n.choice(
            "specialty",
            SPECIALTIES,
            "专科医院类别",
            others=OTHER_KINDS,
        ),
        n.yes("registered_related_subjects", "已核准登记相关诊疗科目"),
        title="耳鼻咽喉科、神经外科、口腔或肿瘤专科医院有核准登记的相关诊疗科目",
        editions=Y22,
        when=SPECIALIZED,
        otherwise="本机构不是专科医院",
    )
    ent_general, ent_specialty = _department_2022(
        "一(四)",
        "综合医院耳鼻咽喉科床位不少于30张，开展相关临床诊疗工作不少于10年。耳鼻咽喉科专科医院"
        "耳鼻咽喉科床位不少于60张，开展相关临床诊疗工作不少于10年。综合医院年收治口腔颅颌面肿瘤"
        "或头颈部肿瘤患者不少于400例，耳鼻咽喉专科医院年收治口腔颅颌面肿瘤或头颈部肿瘤患者不少于"
        "900例。",
        "ent",
        "ent",
        60,
        900,
    )
    neurosurgery_general, neurosurgery_specialty = _department_2022(
        "一(五)",
        "综合医院神经外科床位不少于30张，开展相关临床诊疗工作不少于10年。神经外科专科医院神经外科"
        "床位不少于100张，开展相关临床诊疗工作不少于10年。综合医院年收治口腔颅颌面肿瘤或头颈部肿瘤"
        "患者不少于400例，神经外科专科医院年收治口腔颅颌面肿瘤或头颈部肿瘤患者不少于900例。",
        "neurosurgery",
        "neurosurgery",
        100,
        900,
    )
    omfs_general, omfs_specialty = _department_2022(
        "一(六)",
        "综合医院口腔颌面外科床位不少于30张，开展相关临床诊疗工作不少于10年。口腔专科医院口腔颌面"
        "外科床位不少于60张，开展相关临床诊疗工作不少于10年。综合医院年收治口腔颅颌面肿瘤或头颈部"
        "肿瘤患者不少于400例，口腔专科医院年收治口腔颅颌面肿瘤或头颈部肿瘤患者不少于900例。",
        "omfs",
        "stomatology",
        60,
        900,
    )
    head_neck_general, head_neck_specialty = _department_2022(
        "一(七)",
        "综合医院头颈肿瘤外科床位不少于30张，开展相关临床诊疗工作不少于10年。肿瘤专科医院头颈肿瘤"
        "外科床位不少于60张，开展相关临床诊疗工作不少于10年。综合医院年收治口腔颅颌面肿瘤或头颈部"
        "肿瘤患者不少于400例，肿瘤专科医院年收治口腔颅颌面肿瘤或头颈部肿瘤患者不少于1800例。",
        "head_neck",
        "oncology",
        60,
        1800,
    )
    hospital_2023 = n.Require(
        "一(二)",
        "三级甲等综合医院或三级口腔专科医院。",
        n.choice(
            "specialty",
            SPECIALTIES,
            "专科医院类别",
            others=OTHER_KINDS,
        ),
        condition=HOSPITAL_2023,
        title="三级甲等综合医院或三级口腔专科医院",
        editions=Y23,
    )
    general_hospital_2023 = n.Require(
        "一(二)",
        "综合医院开展该技术应当设有卫生健康行政部门核准登记的口腔颌面外科、神经外科、耳鼻咽喉头颈"
        "外科、重症医学科诊疗科目，能开展血管造影等相关三级技术，年收治口腔颅颌面肿瘤或头颈部肿瘤"
        "患者不少于200例。",
        n.includes("registered_subjects", SUBJECTS_2023, "核准登记的诊疗科目"),
        n.yes("angiography_tier3", "能开展血管造影等相关三级技术"),
        n.at_least(VOLUME, 200, "年收治口腔颅颌面肿瘤或头颈部肿瘤患者", "例"),
        title="综合医院核准登记口腔颌面外科、神经外科、耳鼻咽喉头颈外科、重症医学科，"
        "能开展血管造影等三级技术，年收治相关肿瘤患者不少于200例",
        editions=Y23,
        when=GENERAL,
        otherwise="本机构不是综合医院",
    )
    stomatology_hospital_2023 = n.Require(
        "一(二)",
        "口腔专科医院开展该技术应当设有卫生健康行政部门核准登记的相关诊疗科目，能完成神经外科等"
        "相关科室的会诊能力，有重症医学科等相关辅助科室，年收治口腔颅颌面肿瘤或头颈部肿瘤患者"
        "不少于400例。",
        n.yes("registered_related_subjects", "已核准登记相关诊疗科目"),
        n.yes("neurosurgery_consultation", "能完成神经外科等相关科室的会诊"),
        n.yes("critical_care_unit", "有重症医学科等相关辅助科室"),
        n.at_least(VOLUME, 400, "年收治口腔颅颌面肿瘤或头颈部肿瘤患者", "例"),
        title="口腔专科医院核准登记相关诊疗科目，能完成神经外科等会诊，有重症医学科，"
        "年收治相关肿瘤患者不少于400例",
        editions=Y23,
        when=c.all_of(SPECIALIZED, _specialty("stomatology")),
        otherwise="本机构不是口腔专科医院",
    )
    omfs_2023 = n.Department(
        "一(二)1",
        "口腔颌面外科",
        "开展口腔颌面外科临床诊疗工作15年及以上，口腔颌面外科床位不少于30张。",
        years=15,
        beds=30,
        path="omfs",
        editions=Y23,
    )
    neurosurgery_2023 = n.Department(
        "一(二)2",
        "神经外科",
        "开展神经外科临床诊疗15年及以上，神经外科床位不少于30张。",
        years=15,
        beds=30,
        path="neurosurgery",
        editions=Y23,
        when=GENERAL,
        otherwise="口腔专科医院以会诊满足神经外科的要求（一(二)）",
    )
    ent_2023 = n.Department(
        "一(二)3",
        "耳鼻咽喉头颈外科",
        "开展耳鼻咽喉头颈外科临床诊疗15年及以上 ，耳鼻咽喉头颈外科床位不少于30张。",
        years=15,
        beds=30,
        path="ent",
        editions=Y23,
        when=GENERAL,
        otherwise="口腔专科医院无须设耳鼻咽喉头颈外科（一(二)）",
    )

    # 一(八) (2022) / 一(二)4 (2023): PACU or 重症医学科
    icu_setup_2022 = n.Require(
        "一(八)1",
        "设置符合规范要求，达到Ⅲ级洁净辅助用房标准，病床不少于6张，每病床净使用面积不少于15平方米，"
        f"能够满足开展{SKILL}的需要。",
        n.yes("icu.standard_compliant", "设置符合规范要求"),
        n.clean_grade("icu.cleanliness_class"),
        n.at_least("icu.beds", 6, "病床", "张", maximum=1000),
        n.at_least("icu.area_per_bed", 15, "每病床净使用面积", "平方米", maximum=1000),
        n.yes("icu.meets_needs", f"能够满足开展{SKILL}的需要"),
        title="PACU或重症医学科达到Ⅲ级洁净辅助用房标准，病床不少于6张，每床净使用面积不少于15平方米",
        editions=Y22,
    )
    icu_setup_2023 = n.Require(
        "一(二)4(1)",
        "设置符合规范要求，达到Ⅱ级洁净辅助用房标准，病床不少于10张，每病床净使用面积不少于15平方米，"
        f"能够满足开展{SKILL}的需要。",
        n.yes("icu.standard_compliant", "设置符合规范要求"),
        n.choice(
            "icu.cleanliness_class",
            {"I": "Ⅰ级", "II": "Ⅱ级"},
            "洁净辅助用房级别",
            others={"III": "Ⅲ级", **n.BELOW_III},
        ),
        n.at_least("icu.beds", 10, "病床", "张", maximum=1000),
        n.at_least("icu.area_per_bed", 15, "每病床净使用面积", "平方米", maximum=1000),
        n.yes("icu.meets_needs", f"能够满足开展{SKILL}的需要"),
        title="重症医学科达到Ⅱ级洁净辅助用房标准，病床不少于10张，每床净使用面积不少于15平方米",
        editions=Y23,
    )
    icu_critical_care = n.CriticalCare(
        {"2022": "一(八)2", "2023": "一(二)4(2)"},
        {
            "2022": f"符合开展{SKILL}相关专业危重患者救治要求。",
            "2023": "符合口腔颌面外科、神经外科、耳鼻咽喉头颈外科专业危重病人救治要求。",
        },
    )
    icu_equipment_2022 = n.Require(
        "一(八)3",
        "有空气层流设施、多功能监护仪和呼吸机等设备。",
        n.includes("icu.equipment", n.ICU_EQUIPMENT, "设施设备"),
        title="有空气层流设施、多功能监护仪和呼吸机等设备",
        editions=Y22,
    )
    icu_equipment_2023 = n.Require(
        "一(二)4(3)",
        "有相关的诊疗设备（空气层流设施、多功能监护仪和呼吸机；多功能监护仪能够进行心电、呼吸、"
        "血压、脉搏、血氧饱和度监测。）",
        n.includes("icu.equipment", n.ICU_EQUIPMENT, "设施设备"),
        n.includes("icu.monitor_parameters", MONITORING, "多功能监护仪监测项目"),
        title="有空气层流设施、多功能监护仪和呼吸机，监护仪能监测心电、呼吸、血压、脉搏、血氧饱和度",
        editions=Y23,
    )
    icu_invasive = n.invasive_care({"2022": "一(八)4", "2023": "一(二)4(3)"})
    icu_staff = n.TrainedStaff(
        {"2022": "一(八)5", "2023": "一(二)4(3)"},
        {
            "2022": "有经过专业培训并考核合格的、具有5年以上重症监护工作经验的专职医师和护士。",
            "2023": "有经过专业培训并考核合格的、具有5年及以上重症监护工作经验的专职医师和护士。",
        },
    )

    # 一(九) (2022) / 一(二)5 (2023): other departments and equipment
    theatres = n.Require(
        "一(九)1",
        "有不少于4个万级及以上级独立手术室，同时具备台式显微镜和骨科手术动力系统等设备。",
        n.at_least("theatre.clean_rooms", 4, "万级及以上级独立手术室", "个", maximum=1000),
        n.includes(
            "theatre.equipment",
            {"microscope": "台式显微镜", "power_system": "骨科手术动力系统"},
            "手术设备",
        ),
        title="有不少于4个万级及以上级独立手术室，具备台式显微镜和骨科手术动力系统",
        editions=Y22,
    )
    imaging_2022 = n.Require(
        "一(九)2",
        "有磁共振（MRI）或计算机X线断层摄影（CT），和医学影像图像管理系统。",
        n.includes("imaging.equipment", n.IMAGING, "影像设备与系统"),
        condition=c.all_of(
            c.includes_any(
                "profile.imaging.equipment",
                {"mri": n.IMAGING["mri"], "ct": n.IMAGING["ct"]},
                label="磁共振或CT",
            ),
            c.includes(
                "profile.imaging.equipment",
                {"pacs": n.IMAGING["pacs"]},
                label="医学影像图像管理系统",
            ),
        ),
        title="有磁共振（MRI）或CT，和医学影像图像管理系统",
        editions=Y22,
    )
    dsa = _statement(
        "一(九)3",
        "能够组织利用数字减影血管造影（DSA）设备进行检查。",
        "imaging.dsa",
        "能够组织利用数字减影血管造影（DSA）设备进行检查",
        editions=Y22,
    )
    doppler = _statement(
        "一(二)5(1)",
        "医学影像科能够利用多普勒超声心动诊断设备进行常规检查和无创性心脑血管成像。",
        "imaging.doppler",
        "医学影像科能够利用多普勒超声心动诊断设备进行常规检查和无创性心脑血管成像",
        editions=Y23,
    )
    imaging_2023 = n.Require(
        "一(二)5(2)",
        "计算机X线断层摄影（CT）和医学影像图像管理系统。",
        n.includes(
            "imaging.equipment",
            {"ct": n.IMAGING["ct"], "pacs": n.IMAGING["pacs"]},
            "影像设备与系统",
        ),
        title="有计算机X线断层摄影（CT）和医学影像图像管理系统",
        editions=Y23,
    )

    # 2022 二4 / 2023 一(三): qualified physicians and other staff
    physicians_2022 = n.Physicians(
        "二4",
        2,
        f"有至少2名具备{SKILL}临床应用能力的本医疗机构注册的主任医师。",
        min_title="chief",
        editions=Y22,
    )
    physicians_2023 = n.Physicians(
        "一(三)",
        2,
        f"有至少2名具有{SKILL}临床应用能力的本院注册的副主任及以上医师",
        min_title="associate_chief",
        editions=Y23,
    )
    other_staff = n.OtherStaff(
        {"2022": "二4", "2023": "一(三)"},
        {
            "2022": "有经过口腔颌面部肿瘤颅颌联合根治相关知识和技能培训合格的其他专业技术人员。",
            "2023": f"有与开展的{SKILL}相适应的其他专业技术人员。",
        },
    )
    other_staff_training = n.OtherStaffTraining(
        {"2022": "二4", "2023": "二(二)"},
        {
            "2022": "有经过口腔颌面部肿瘤颅颌联合根治相关知识和技能培训合格的其他专业技术人员。",
            "2023": f"经过{SKILL}相关专业系统培训， 满足开展{SKILL}临床应用所需的相关条件。",
        },
    )

    # 二、人员基本要求 -------------------------------------------------------------
    licence = n.Licence(
        {"2022": "二1", "2023": "二(一)1"},
        {
            "2022": "取得《医师执业证书》，执业范围为外科专业或眼耳鼻咽喉专业或口腔专业。",
            "2023": "取得《医师执业证书》，执业范围为口腔专业、外科专业或者耳鼻咽喉头颈外科专业。",
        },
        scopes=PRACTICE,
    )
    experience = n.Experience(
        {"2022": "二2", "2023": "二(一)2"},
        {
            "2022": "有15年以上耳鼻咽喉科、或神经外科、或口腔颌面外科或头颈肿瘤外科"
            "临床诊疗工作经验",
            "2023": "15年及以上口腔颌面外科或者神经外科或者耳鼻咽喉头颈外科临床诊疗工作经验",
        },
        years=15,
        what="从事耳鼻咽喉（头颈）外科、神经外科、口腔颌面外科或头颈肿瘤外科临床诊疗工作",
    )
    title = n.Title(
        {"2022": "二2", "2023": "二(一)2"},
        {
            "2022": "取得副主任医师及以上专业技术职务任职资格。",
            "2023": "具有副主任医师及以上专业技术资格。",
        },
        minimum="associate_chief",
    )
    training = n.Training(
        {"2022": "二3", "2023": "二(一)3"},
        {
            e: f"经过{b}关于{SKILL}相关系统培训，具备{SKILL}临床应用的能力。"
            for e, b in (
                ("2022", "省级卫生健康行政部门指定的培训基地"),
                ("2023", "省级卫生健康行政部门备案的培训基地"),
            )
        },
    )
    routes_2022 = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)3", "exempt": "四(一)4"},
        {
            "trainee": f"应当具有《医师执业证书》，从事与{SKILL}相关专业，"
            "主治医师及以上专业技术职务任职资格。",
            "base": f"应当接受至少6个月的系统培训。在指导医师指导下，参与20例以上{SKILL}操作,"
            "并参与10例以上口腔颌面部肿瘤颅颌联合根治患者的全过程管理",
            "overseas": f"在境外接受{SKILL}培训6个月以上，有境外培训机构的培训证明，"
            "并经省级卫生健康行政部门指定的培训基地考核合格后，可以视为达到规定的培训要求。",
            "exempt": "本规定印发之日前，从事临床工作满15年，具有副主任医师专业技术职务任职资格，"
            f"近5年独立开展{SKILL}临床应用不少于50例，未发生严重不良事件的，可免于培训。",
        },
        min_title="attending",
        scopes=PRACTICE,
        editions=Y22,
    )
    routes_2023 = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)3", "exempt": "四(一)4"},
        {
            "trainee": "应当具有《医师执业证书》，具有副主任医师及以上专业技术职务任职资格。",
            "base": "接受至少6个月的系统培训。在指导医师的指导下，至少主刀2例口腔颌面部肿瘤颅颌联合"
            "根治手术，参与2例口腔颌面部肿瘤颅颌联合根治手术患者全过程管理",
            "overseas": "在国内外接受口腔颌面部肿瘤颅颌联合根治手术技术培训6个月及以上，"
            "有国内外相关医疗机构出具培训证明，并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到"
            "规定的培训要求。",
            "exempt": "具有主任医师专业技术职务任职资格，本规范印发之日前3年作为术者独立开展"
            "口腔颌面部肿瘤颅颌联合根治手术每年不少于3例，未发生严重不良事件的，可免于培训。",
        },
        min_title="associate_chief",
        scopes=PRACTICE,
        editions=Y23,
    )

    # 三、技术管理基本要求 ---------------------------------------------------------
    indications = n.Indications(
        "三(一)",
        {
            "2022": f"严格遵守{SKILL}操作规范及诊疗指南，严格掌握{SKILL}的适应证和禁忌证。",
            "2023": f"严格遵守{SKILL}操作规范及诊疗指南，根据患者病情、可选择的治疗方案、"
            f"患者经济承受能力等因素综合判断治疗措施，因病施治、合理治疗，严格掌握{SKILL}的适应证和禁忌证。",
        },
    )
    mdt = n.Require(
        "三(二)",
        f"实施{SKILL}前，应当由多学科（耳鼻咽喉科、肿瘤科、神经外科、口腔颌面外科、整形外科等）"
        "医师进行会诊，同意实施该技术，并制订合理的治疗与管理方案。",
        condition=c.all_of(
            c.is_true("answers.mdt.held", label="术前多学科会诊"),
            _mdt_specialties(2),
            c.is_true("answers.mdt.agreed", label="会诊同意实施该技术"),
            c.is_true("answers.mdt.plan", label="制订治疗与管理方案"),
        ),
        title="术前多学科会诊同意实施，并制订治疗与管理方案",
        section="case",
        editions=Y22,
    )
    deciders = n.Deciders(
        "三(二)",
        f"{SKILL}由2名及以上具有{SKILL}临床应用能力的、具有副主任医师及以上专业技术资格的本院注册"
        "医师决定",
        same_institution=True,
        editions=Y23,
    )
    operator = n.Operator(
        "三(二)",
        {
            "2022": "术者应当由本医疗机构注册医师担任。",
            "2023": "术者由具有该技术临床应用能力的副主任及以上医师担任",
        },
        registered_here={"2022": True, "2023": False},
    )
    consent = n.Consent(
        "三(三)",
        {
            "2022": "实施口腔颌面部肿瘤颅颌联合根治术前，应当向患者及其家属告知手术目的、手术风险、"
            "替代方案、术后注意事项、可能发生的并发症及预防措施和处理方案等，并签署手术知情同意书。",
            "2023": "实施口腔颌面部肿瘤颅颌联合根治术前，应当向患者及其家属告知手术目的、手术风险、"
            "术后注意事项、可能发生的并发症及预防措施等，并签署手术知情同意书。",
        },
    )
    followup_system = n.FollowupSystem("三(四)", planned_visit="首次随访")
    followup = n.Followup("三(四)")
    database_2022 = n.Database(
        "三(五)",
        f"建立病例信息数据库，在完成每例次{SKILL}应用后，应当按要求保留并及时上报相关病例数据信息。",
        staffed=False,
        editions=Y22,
    )
    database_2023 = _statement(
        "三(五)",
        "在完成每例次口腔颌面部肿瘤颅颌联合根治后，都要保留相关信息，建立数据库。",
        "management.database",
        "已建立病例信息数据库，每例保留相关信息",
        editions=Y23,
    )
    assessment = n.Assessment(
        "三(六)",
        {
            "2022": ASSESSED.format("接受", "评估", "患者", "患者"),
            "2023": ASSESSED.format("开展或接受", "评价", "病人", "病人"),
        },
    )
    approved_devices_2022 = n.ApprovedDevices(
        "三(七)1",
        "使用经国家/省/市药品监督管理局审批的口腔颌面部肿瘤颅颌联合根治所需医用器材，不得违规重复"
        f"使用与{SKILL}相关的一次性医用器材。",
        editions=Y22,
    )
    approved_devices_2023 = _statement(
        "三(七)1",
        "使用经药品监督管理部门审批的口腔颌面部肿瘤颅颌联合根治所需医用器械。",
        "management.approved_devices",
        "使用经药品监督管理部门审批的本技术所需医用器械",
        editions=Y23,
    )
    device_register = n.DeviceRegister(
        "三(七)2",
        {
            e: f"建立口腔颌面部肿瘤颅颌联合根治{what}医用器材登记制度，保证器材来源可追溯。"
            for e, what in (("2022", "技术"), ("2023", ""))
        },
    )
    device_barcodes = n.DeviceBarcodes(
        "三(七)2",
        {
            e: f"在口腔颌面部肿瘤颅颌联合根治{who}住院病历中手术记录部分留存介入医用器材条形码或者"
            "其他合格证明文件。"
            for e, who in (("2022", "患者"), ("2023", "病人"))
        },
        required=False,
    )
    no_reuse_2023 = _statement(
        "三(七)3",
        "不得违规重复使用一次性口腔颌面部肿瘤颅颌联合根治器材。",
        "management.no_reuse",
        "不违规重复使用一次性医用器材",
        editions=Y23,
    )
    pricing_2023 = _statement(
        "三(七)4",
        "严格执行国家物价、财务政策，按照规定收费。",
        "management.pricing",
        "严格执行国家物价、财务政策，按照规定收费",
        editions=Y23,
    )

    # 四(二) 培训基地 ---------------------------------------------------------------
    base_grade_2022 = _base(
        "四(二)1(1)",
        f"三级甲等医院，符合{SKILL}管理规范要求。",
        n.yes("base.meets_norm", f"符合{SKILL}管理规范要求"),
        condition=c.all_of(
            c.one_of("general.grade", {"3A": "三级甲等"}, label="医院等级"),
            c.is_true("profile.base.meets_norm", label="符合本技术管理规范要求"),
        ),
        title="培训基地为三级甲等医院，符合本技术管理规范要求",
        editions=Y22,
    )
    base_experience_2022 = _base(
        "四(二)1(2)",
        f"开展临床相关诊疗工作不少于15年，具备{SKILL}临床应用能力。",
        n.at_least("base.years_performing", 15, "开展临床相关诊疗工作", "年", maximum=200),
        n.yes("base.capable", f"具备{SKILL}临床应用能力"),
        title="培训基地开展临床相关诊疗工作不少于15年，具备本技术临床应用能力",
        editions=Y22,
    )
    base_volume_general_2022 = _base(
        "四(二)1(2)",
        f"综合医院每年开展{SKILL}不少于100例",
        n.at_least("base.annual_cases", 100, f"每年开展{SKILL}", "例"),
        condition=c.when(
            GENERAL,
            c.at_least("profile.base.annual_cases", 100, label="每年开展本技术", unit="例"),
            otherwise="本机构不是综合医院",
        ),
        title="培训基地（综合医院）每年开展本技术不少于100例",
        editions=Y22,
    )
    base_volume_specialty_2022 = _base(
        "四(二)1(2)",
        f"专科医院每年开展{SKILL}不少于150例。",
        n.at_least("base.annual_cases", 150, f"每年开展{SKILL}", "例"),
        condition=c.when(
            SPECIALIZED,
            c.at_least("profile.base.annual_cases", 150, label="每年开展本技术", unit="例"),
            otherwise="本机构不是专科医院",
        ),
        title="培训基地（专科医院）每年开展本技术不少于150例",
        editions=Y22,
    )
    base_tutors_2022 = _base(
        "四(二)1(3)",
        f"有不少于4名具有{SKILL}临床应用能力的指导医师,其中至少2名具有主任医师专业技术职务任职"
        "资格。科室内具有中、高级专业技术职务的医师数占科室总医师数比例大于50%。",
        n.at_least("base.tutors", 4, "指导医师", "名", maximum=1000),
        n.at_least("base.chief_tutors", 2, "具有主任医师职称的指导医师", "名", maximum=1000),
        _percent("base.senior_share", "科室内中、高级职称医师占比"),
        condition=c.all_of(
            c.staff_count("profile.base.tutors", 4, label="指导医师"),
            c.staff_count("profile.base.chief_tutors", 2, label="具有主任医师职称的指导医师"),
            _more_than("profile.base.senior_share", 50, label="科室内中、高级职称医师占比"),
        ),
        title="培训基地有不少于4名指导医师（至少2名主任医师），中、高级职称医师占比大于50%",
        editions=Y22,
    )
    base_quality_2022 = _base(
        "四(二)1(5)",
        "①诊断符合率:入院和出院诊断符合率≥90%，术前和术后诊断符合率≥80%，临床和病理诊断符合率"
        "≥60%。②治愈率:常规收治疾病治愈率≥90%，疑难病症好转率≥80%，急危重症抢救成功率≥70%。"
        "③并发症发生率:无菌手术切口感染率≤1%，医院感染发生率≤15%，麻醉开始后24小时内死亡率"
        "≤0.1%。",
        *(_percent(f"base_quality.{key}", label) for key, label, _, _ in QUALITY),
        condition=_quality(),
        title="培训基地诊断符合率、治愈率、并发症发生率符合医疗质量基本要求",
        editions=Y22,
    )
    base_grade_2023 = _base(
        "四(二)1(1)",
        "三级甲等综合性医院或三级口腔专科医院，符合口腔颌面部肿瘤颅颌联合根治手术技术管理规范"
        "要求。",
        n.yes("base.meets_norm", f"符合{SKILL}管理规范要求"),
        condition=c.all_of(
            HOSPITAL_2023,
            c.is_true("profile.base.meets_norm", label="符合本技术管理规范要求"),
        ),
        title="培训基地为三级甲等综合性医院或三级口腔专科医院，符合本技术管理规范要求",
        editions=Y23,
    )
    base_volume_2023 = _base(
        "四(二)1(2)",
        "累计完成口腔颌面部肿瘤颅颌联合根治手术不少于5例。",
        n.at_least("base.total_cases", 5, "累计完成本技术手术", "例"),
        title="培训基地累计完成本技术手术不少于5例",
        editions=Y23,
    )
    base_mdt_2023 = _base(
        "四(二)1(3)",
        "口腔颌面部肿瘤颅颌联合根治手术MDT团队（口腔颌面外科、神经外科、耳鼻咽喉头颈外科和麻醉科等）"
        "为必备条件。",
        n.yes("base.auxiliary", "具备开展本技术相关的辅助条件"),
        n.yes("base.mdt_team", "有口腔颌面外科、神经外科、耳鼻咽喉头颈外科和麻醉科等组成的MDT团队"),
        title="培训基地具备相关辅助条件和MDT团队",
        editions=Y23,
    )
    base_tutors_2023 = _base(
        "四(二)1(4)",
        "至少有4名口腔颌面部肿瘤颅颌联合根治手术指导医师，其中2人为主任医师。",
        n.at_least("base.tutors", 4, "指导医师", "名", maximum=1000),
        n.at_least("base.chief_tutors", 2, "具有主任医师职称的指导医师", "名", maximum=1000),
        title="培训基地至少有4名指导医师，其中2人为主任医师",
        editions=Y23,
    )
    base_resources = _base(
        {"2022": "四(二)1(4)", "2023": "四(二)1(5)"},
        {
            "2022": f"有与开展{SKILL}培训工作相适应的人员、技术、设备和设施等条件。",
            "2023": "有开展口腔颌面部肿瘤颅颌联合根治手术培训工作相适应的人员、技术、设备和设施"
            "等条件。",
        },
        n.yes("base.resources", "有与开展培训工作相适应的人员、技术、设备和设施"),
        title="培训基地有与开展培训工作相适应的人员、技术、设备和设施",
    )
    base_meetings_2023 = _base(
        "四(二)1(6)",
        "曾举办过省级以上与口腔颌面部肿瘤颅颌联合根治手术相关的专业学术会议或者承担过口腔颌面部"
        "肿瘤颅颌联合根治手术国家级继续医学教育项目。",
        n.yes("base.academic", "曾举办省级以上相关学术会议或承担国家级继续医学教育项目"),
        title="培训基地曾举办省级以上相关学术会议或承担国家级继续医学教育项目",
        editions=Y23,
    )
    base_curriculum = _base(
        "四(二)2(1)",
        "培训教材和培训大纲满足培训要求，课程设置包括理论学习、临床实践。",
        n.yes("base.curriculum", "培训教材和培训大纲满足培训要求"),
        title="培训教材和培训大纲满足培训要求",
    )
    base_schedule = _base(
        "四(二)2(2)",
        {
            "2022": "保证接受培训的医师在规定时间内完成规定的培训。",
            "2023": "保证接受培训的医师在规定时间内完成培训。",
        },
        n.yes("base.on_schedule", "保证接受培训的医师在规定时间内完成培训"),
        title="保证接受培训的医师在规定时间内完成培训",
    )
    base_assessment = _base(
        "四(二)2(3)",
        {
            "2022": "培训结束后,对接受培训医师进行考试、考核,并出具是否合格的结论。",
            "2023": "培训结束后，对接受培训的医师进行考试、考核，并出具是否合格的结论。",
        },
        n.yes("base.final_assessment", "培训结束后进行考试、考核并出具结论"),
        title="培训结束后进行考试、考核并出具结论",
    )
    base_archives = _base(
        "四(二)2(4)",
        "为每位接受培训的医师建立培训及考试、考核档案。",
        n.yes("base.archives", "为每位接受培训的医师建立培训及考试、考核档案"),
        title="为每位接受培训的医师建立档案",
    )

    @classmethod
    def profile_form(cls, kind: str) -> dict[str, Any] | None:
        """The generated profile, with the training base's questions (四(二)) asked only
        of an institution that is, or applies to become, a base."""
        form = super().profile_form(kind)
        if form is None or kind != "institution":
            return form
        properties = form["properties"]
        moved = {k: properties.pop(k) for k in BASE_GROUPS if k in properties}
        applies = {"training_base_applies": {"const": True}}
        form["allOf"] = [
            *form.get("allOf", ()),
            {
                "if": {"properties": applies, "required": ["training_base_applies"]},
                "then": {"properties": moved},
            },
        ]
        return form


#: The profile's groups that only a training base answers.
BASE_GROUPS = ("base", "base_quality")

NORM = MaxillofacialTumorNorm
