"""The 管理规范 of 自体造血干细胞移植技术 (2023 S06) on the standard norm.

Unusual clauses, and how they are read:

* 一(四): the collection room, the laboratory (own or 固定协作关系), the
  microbiology and cytogenetics work-up, and the radiotherapy department needed
  only where TBI is part of the conditioning (a switch of the profile).
* 一(五) and 二(二)/二(三): the nurses and the collection staff are not
  physicians of the registry; the institution profile counts them by role
  (trained nurses, trained other staff, collection staff), with the lead
  nurse's start date of haematology nursing for 二(二)3.
* 二(一)3 is tiered by the physician's part in the transplant work: the one
  负责 (10 years, 副主任医师, complications) and those 参与 (5 years, 主治医师);
  each has its own check, not applicable to the other.
* 三(二): one decider (副主任医师以上、本院在职), not two; the collection of 三(一)
  is supervised by a physician who meets the personnel requirements.
* 三(六) is computed from the institution's own cases: at least 5 transplants in
  the year up to the assessment day, and 移植相关死亡率 (non-relapse death within
  100 days, indicator 二) below 5 % over the year of cases whose 100 days have
  elapsed.
* 四(一)4: the exemption counts 三级医院血液内科临床工作 (15 years), the 3-year
  total (20) and the fewest year (每年独立完成至少5例).
"""

from collections.abc import Mapping
from typing import Any

from rtech import Condition, ExemptionRule, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.auto_hsct.meta import TECHNOLOGY
from rtech.plugins.auto_hsct.outcomes import TRANSPLANT_RELATED_DEATH

SKILL = "自体造血干细胞移植技术"
EXEMPT = ExemptionRule(
    20,
    3,
    min_clinical_years=15,
    min_title="associate_chief",
    clinical_work="三级医院血液内科临床工作",
    min_each_year=5,
)
GRADES = {"3A": "三级甲等", "3B": "三级乙等", "3": "三级（未定等）", "2A": "二级甲等"}
LOWER = {"2B": "二级乙等", "2": "二级（未定等）", "1": "一级及以下"}
OTHER_KINDS = {"tcm": "中医医院", "other": "其他"}
WARD_EQUIPMENT = {
    "call_system": "病人呼叫系统",
    "ecg_monitor": "心电监护仪",
    "electric_suction": "电动吸引器",
    "oxygen": "供氧设施",
}
LAB_ABILITIES = {
    "cd34_flow": "流式细胞仪检测CD34＋",
    "progenitor": "造血干/祖细胞检测、培养、采集、分离",
    "cryopreservation": "程控冷冻、保存",
    "nucleated_count": "有核细胞计数",
}
WORKUP = {
    "microbiology": "微生物检测及相关诊断检验",
    "haematology_pathology": "血液学和病理学常规检测",
    "cytogenetics": "细胞遗传学分析",
}
OWN_OR_PARTNER = {"own": "本机构具备", "partner": "与具备条件的实验室有固定协作关系"}
TBI_UNIT = {"own": "本机构有放射治疗科", "partner": "与放射治疗科有固定协作关系"}
ROLES = {"lead": "负责造血干细胞移植工作的医师", "participant": "参与造血干细胞移植工作的医师"}
ROLE = "transplant_role"
BELOW_3A = {k: v for k, v in {**GRADES, **LOWER}.items() if k != "3A"}
BASE: dict[str, Any] = {
    "when": c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地"),
    "otherwise": "本机构不是（也未申请成为）培训基地",
}


def _role(role: str) -> Condition:
    other = next(k for k in ROLES if k != role)
    return c.one_of(
        f"profile.{ROLE}",
        {role: ROLES[role]},
        label="移植工作中的职责",
        others={other: ROLES[other]},
    )


def _collection_supervisor(path: str = "answers.collection.supervisor") -> Condition:
    """三(一): the collection was guided by a physician who meets the personnel requirements."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        ref = subject.get("answers", {}).get("collection", {}).get("supervisor")
        if not isinstance(ref, Mapping) or "id" not in ref:
            return Verdict(Outcome.UNKNOWN, "指导采集的医师：未填写")
        person = (subject.get("physicians") or {}).get(str(ref["id"]))
        if not isinstance(person, Mapping):
            return Verdict(
                Outcome.UNKNOWN, f"指导采集的医师：{ref.get('name', '?')}（不在医师名册中）"
            )
        qualified = Outcome(person.get("qualified", Outcome.UNKNOWN.value))
        return Verdict(
            qualified, f"指导采集的医师：{person.get('name')}（资质核查：{qualified.label}）"
        )

    return Condition(evaluate, (path, "physicians"))


class AutoHsctNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = TrainingRule(
        min_months=6,
        min_cases=10,
        min_managed=0,
        overseas_months=6,
        exemption=EXEMPT,
        # 四(一)3 assesses overseas training at a provincially filed base; 二(一)2
        # asks system training at a base filed at provincial level or above.
        base_term="省级卫生健康行政部门备案的培训基地",
        training_base_term="省级以上卫生健康行政部门备案的造血干细胞移植技术培训基地",
    )
    groups = {
        "hospital": "医院类别与科室",
        "ward": "百级层流病房",
        "collection": "干细胞采集室",
        "laboratory": "干细胞实验室",
        "workup": "微生物、血液学、病理学与细胞遗传学检测",
        "radiotherapy": "全身放射治疗（TBI）",
        "staff": "护理与其他专业技术人员",
    }
    switches = {
        "tbi_conditioning": n.yes_no(
            "以全身放射治疗（TBI）做预处理",
            "本机构的移植是否需要以全身放射治疗（TBI）做预处理？",
        ),
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity(
        "一(一)", "医疗机构开展自体造血干细胞移植技术应当与与其功能、任务和技术能力相适应。"
    )
    hospital = n.Require(
        "一(二)",
        "二级甲等以上综合医院或血液专科医院，有卫生健康行政部门核准登记的血液内科诊疗科目，"
        "有与自体造血干细胞移植技术相关的辅助科室与设备。",
        n.yes("hospital.haematology_registered", "已核准登记血液内科诊疗科目"),
        n.yes("hospital.auxiliary", "有与本技术相关的辅助科室与设备"),
        n.Ask(
            "hospital.haematology_hospital",
            n.yes_no(
                "本机构为血液专科医院",
                help="综合医院须为二级甲等以上；血液专科医院不限等级（2023 S06 一(二)）。",
            ),
            c.is_true("profile.hospital.haematology_hospital", label="本机构为血液专科医院"),
        ),
        title="二级甲等以上综合医院或血液专科医院，核准登记血液内科，有相关辅助科室与设备",
        condition=c.all_of(
            c.any_of(
                c.all_of(
                    c.one_of(
                        "general.kind",
                        {"general": "综合医院"},
                        label="机构类别",
                        others={"specialized": "专科医院", **OTHER_KINDS},
                    ),
                    c.one_of("general.grade", GRADES, label="医院等级", others=LOWER),
                ),
                c.all_of(
                    c.one_of(
                        "general.kind",
                        {"specialized": "专科医院"},
                        label="机构类别",
                        others={"general": "综合医院", **OTHER_KINDS},
                    ),
                    c.is_true(
                        "profile.hospital.haematology_hospital", label="本机构为血液专科医院"
                    ),
                ),
            ),
            c.is_true(
                "profile.hospital.haematology_registered", label="已核准登记血液内科诊疗科目"
            ),
            c.is_true("profile.hospital.auxiliary", label="有与本技术相关的辅助科室与设备"),
        ),
    )
    ward = n.Require(
        "一(三)",
        "血液内科具备4张床位以上的百级层流病房，配备病人呼叫系统、心电监护仪、电动吸引器、供氧设施。",
        n.at_least("ward.laminar_beds", 4, "百级层流病房床位", "张", maximum=1000),
        n.includes("ward.equipment", WARD_EQUIPMENT, "层流病房配备"),
        title="血液内科百级层流病房4张床位以上，配备呼叫、心电监护、电动吸引、供氧",
    )
    collection_room = n.Require(
        "一(四)1",
        "具备专用的干细胞采集室：有20m ²以上的造血干细胞采集工作区；有相应的造血干细胞采集设备，"
        "采集床/椅；具有应急处理区，有相应的抢救设备，能够进行急症处理。",
        n.yes("collection.dedicated_room", "具备专用的干细胞采集室"),
        n.at_least("collection.area", 20, "造血干细胞采集工作区面积", "平方米", maximum=10000),
        n.yes("collection.equipment", "有相应的造血干细胞采集设备，采集床/椅"),
        n.yes("collection.emergency_area", "具有应急处理区，有相应的抢救设备，能够进行急症处理"),
        title="专用干细胞采集室：采集工作区20m²以上，采集设备与床/椅，应急处理区",
    )
    laboratory = n.Require(
        "一(四)2",
        "具备干细胞采集、检测、保存的临床实验室或者有固定协作关系的临床实验室；有流式细胞仪检测CD34＋；"
        "能够进行造血干/祖细胞检测、培养、采集、分离、程控冷冻、保存，能够进行有核细胞计数；"
        "有质量控制和质量评价措施。",
        n.choice("laboratory.source", OWN_OR_PARTNER, "干细胞实验室", others={"none": "均无"}),
        n.includes("laboratory.abilities", LAB_ABILITIES, "实验室能力"),
        n.yes("laboratory.quality_control", "有质量控制和质量评价措施"),
        title="干细胞采集、检测、保存的临床实验室（本机构或固定协作），能检测CD34＋并程控冷冻保存",
    )
    workup = n.Require(
        "一(四)3",
        "有微生物检测及相关诊断检验、血液学和病理学常规检测、细胞遗传学分析条件和能力，"
        "或者与具备上述条件和能力的实验室有固定协作关系。",
        n.choice("workup.source", OWN_OR_PARTNER, "检测条件", others={"none": "均无"}),
        n.includes("workup.abilities", WORKUP, "检测能力（本机构或协作实验室）"),
        title="有微生物、血液学、病理学常规检测与细胞遗传学分析条件（或固定协作关系）",
    )
    radiotherapy = n.Require(
        "一(四)4",
        "需要全身放射治疗（TBI）做预处理时，有放射治疗科或者有固定协作关系的放射治疗科，"
        "能够实施分次或者单次全身放射治疗，能够实施放射剂量测量。",
        n.choice("radiotherapy.source", TBI_UNIT, "放射治疗科", others={"none": "均无"}),
        n.yes("radiotherapy.tbi", "能够实施分次或者单次全身放射治疗"),
        n.yes("radiotherapy.dosimetry", "能够实施放射剂量测量"),
        title="以TBI预处理时：有（或固定协作的）放射治疗科，能实施全身放射治疗和剂量测量",
        when=c.is_true("profile.tbi_conditioning", label="以全身放射治疗（TBI）做预处理"),
        otherwise="本机构的移植不以全身放射治疗（TBI）做预处理",
    )
    physicians = n.Physicians(
        "一(五)", 4, "有4名以上符合造血干细胞移植技术人员要求的本机构执业医师"
    )
    trained_staff = n.Require(
        "一(五)",
        "有经过造血干细胞移植培训的护理和其他专业技术人员。",
        n.at_least("staff.trained_nurses", 1, "经过造血干细胞移植培训的护士", "名", maximum=1000),
        n.at_least(
            "staff.trained_other", 1, "经过造血干细胞移植培训的其他专业技术人员", "名", maximum=1000
        ),
        title="有经过造血干细胞移植培训的护理和其他专业技术人员",
    )

    # 二、人员基本要求 (一) 医师
    licence = n.Licence(
        "二(一)1",
        "取得《医师执业证书》，执业范围为内科。",
        scopes={"internal_medicine": "内科专业"},
    )
    training = n.Training(
        "二(一)2",
        "经过省级以上卫生健康行政部门备案的造血干细胞移植技术培训基地系统培训并考核合格。",
    )
    lead = n.Require(
        "二(一)3",
        "负责造血干细胞移植工作的医师应当有10年以上血液内科工作经验，具有二级甲等以上综合医院"
        "或以上血液专科医院副主任医师及以上专业技术职务任职资格，并有造血干细胞移植合并症的诊断"
        "和处理能力。",
        n.Ask(
            ROLE,
            {
                "title": "移植工作中的职责",
                "x-prompt": "该医师在造血干细胞移植工作中的职责？",
                "oneOf": [{"const": k, "title": v} for k, v in ROLES.items()],
            },
            c.includes_any(f"profile.{ROLE}", ROLES, label="移植工作中的职责"),
        ),
        n.Ask(
            "haematology_since",
            n.date_field("血液内科工作起始日期", "哪一天开始从事血液内科工作？")
            | {"x-help": "负责移植工作的医师须满10年，参与的医师须满5年（自该日逐日计算）。"},
            c.years_since("profile.haematology_since", 10, label="血液内科工作"),
        ),
        n.yes("title_at_qualifying_hospital", "职称在二级甲等以上综合医院或血液专科医院取得"),
        n.yes("complication_capability", "有造血干细胞移植合并症的诊断和处理能力"),
        title="负责移植工作的医师：血液内科10年以上、副主任医师以上，能诊治移植合并症",
        condition=c.all_of(
            c.years_since("profile.haematology_since", 10, label="血液内科工作"),
            c.title_at_least("associate_chief"),
            c.is_true(
                "profile.title_at_qualifying_hospital",
                label="职称在二级甲等以上综合医院或血液专科医院取得",
            ),
            c.is_true("profile.complication_capability", label="有移植合并症的诊断和处理能力"),
        ),
        section="personnel",
        when=_role("lead"),
        otherwise="该医师参与（而非负责）造血干细胞移植工作",
    )
    participant = n.Require(
        "二(一)3",
        "参与造血干细胞移植工作的医师应当有5年以上血液内科工作经验，具有二级甲等以上综合医院"
        "或以上血液专科医院主治医师及以上专业技术职务任职资格。",
        title="参与移植工作的医师：血液内科5年以上、主治医师以上",
        condition=c.all_of(
            c.years_since("profile.haematology_since", 5, label="血液内科工作"),
            c.title_at_least("attending"),
            c.is_true(
                "profile.title_at_qualifying_hospital",
                label="职称在二级甲等以上综合医院或血液专科医院取得",
            ),
        ),
        section="personnel",
        when=_role("participant"),
        otherwise="该医师负责造血干细胞移植工作（见上一项）",
    )

    # 二、人员基本要求 (二) 护士, (三) 其他相关专业技术人员: counted by role in the profile
    nurse_licence = n.Require(
        "二(二)1",
        "取得《护士执业证书》。",
        n.yes("staff.nurses_licensed", "从事移植护理的护士均取得《护士执业证书》"),
        title="移植护理护士取得《护士执业证书》",
    )
    nurse_training = n.Require(
        "二(二)2",
        "经过省级以上卫生健康行政部门备案的造血干细胞移植技术培训基地系统培训并考核合格。",
        n.yes("staff.nurses_base_trained", "从事移植护理的护士均经培训基地系统培训并考核合格"),
        title="移植护理护士经备案的培训基地系统培训并考核合格",
    )
    head_nurse = n.Require(
        "二(二)3",
        "造血干细胞移植护理工作负责人还应当有5年以上血液内科护理经验。",
        n.since("staff.head_nurse_since", 5, "移植护理工作负责人从事血液内科护理"),
        title="移植护理工作负责人有5年以上血液内科护理经验",
    )
    other_staff = n.Require(
        "二(三)",
        "经过自体造血干细胞移植技术相关专业系统培训，满足开展自体造血干细胞移植技术临床应用所需的"
        "相关条件。采集人员能够胜任造血干细胞采集相关工作，能熟练掌握血细胞分离机的操作、"
        "相关仪器设备使用和电脑操作。",
        n.yes("staff.other_trained", "其他相关专业技术人员经过本技术相关专业系统培训"),
        n.at_least("staff.collectors", 1, "造血干细胞采集人员", "名", maximum=1000),
        n.yes("staff.collectors_competent", "采集人员能熟练操作血细胞分离机及相关仪器设备和电脑"),
        title="其他专业技术人员经系统培训；采集人员能熟练操作血细胞分离机",
    )

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守相关技术操作规范和诊疗指南，根据患者病情、可选择的治疗方案等因素综合判断，因病施治，"
        "合理治疗，科学、严格掌握自体造血干细胞移植手术适应证和禁忌证。",
    )
    collection = n.Require(
        "三(一)",
        "采集过程应当在符合造血干细胞采集技术人员要求的执业医师指导下完成，规范干细胞采集部位、"
        "方式与数量。",
        title="干细胞采集在符合要求的执业医师指导下完成",
        condition=_collection_supervisor(),
        section="case",
    )
    deciders = n.Deciders(
        "三(二)",
        "实施自体造血干细胞移植手术由具有血液内科自体造血干细胞移植手术临床应用能力的、"
        "具有副主任医师以上专业技术职务任职资格的本院在职医师决定",
        count=1,
        same_institution=True,
    )
    operator = n.Operator("三(二)", "术者由具有自体造血干细胞移植技术临床应用能力的医师担任。")
    plans = n.Require(
        "三(二)",
        "术前确定干细胞采集、预处理以及并发症预防的措施，术后制订合理的治疗与管理方案。",
        title="术前确定采集、预处理及并发症预防措施，术后制订治疗与管理方案",
        condition=c.all_of(
            c.is_true("answers.plan.preop_measures", label="术前确定采集、预处理及并发症预防措施"),
            c.is_true("answers.plan.postop_plan", label="术后制订治疗与管理方案"),
        ),
        section="case",
    )
    consent = n.Consent(
        "三(三)",
        "实施造血干细胞移植前，应当向患者或其法定监护人、代理人告知手术目的、手术风险、"
        "术后注意事项、可能发生的并发症及预防措施等，并签署知情同意书。",
    )
    followup_system = n.FollowupSystem(
        "三(四)",
        "加强自体造血干细胞移植技术质量管理，建立健全患者移植前后的诊疗规范与随访制度，"
        "按规定进行随访与记录。",
    )
    followup = n.Followup("三(四)", "按规定进行随访与记录。")
    inspection = n.Statement(
        "三(五)",
        "医疗机构和医师应当按照规定接受省级或其委托的市级卫生健康行政部门对开展该项技术情况进行的"
        "技术检查，包括病例选择、手术成功率、严重并发症、死亡病例、医疗安全、术后病人管理、"
        "随访情况和病历质量等。",
        label="本机构和医师按照规定接受卫生健康行政部门的技术检查",
        path="management.inspection",
    )
    volume = n.Require(
        "三(六)",
        "医疗机构每年完成自体造血干细胞移植技术至少5例",
        title="每年完成自体造血干细胞移植至少5例（据本平台登记的病例）",
        condition=c.cases_per_year(5, label="自体造血干细胞移植"),
    )
    mortality = n.Require(
        "三(六)",
        "移植相关死亡率低于5%。",
        title="移植相关死亡率低于5%（据本平台登记的病例，移植后100天内非复发死亡）",
        condition=c.case_share_below(
            5, TRANSPLANT_RELATED_DEATH, label="移植后100天内非复发死亡", lag_days=100
        ),
    )
    records = n.Statement(
        "三(七)",
        "医师实施自体造血干细胞移植手术，必须亲自诊查患者，并按规定及时填写、签署医学文书，"
        "不得隐匿、伪造、销毁医学文书及有关资料。",
        label="医师亲自诊查患者，按规定及时填写、签署医学文书",
        path="management.records",
    )
    certificates = n.Statement(
        "三(八)",
        "医师不得出具与自己执业范围无关或与执业类别不相符的医学证明文件。",
        label="医师不出具与执业范围无关或与执业类别不相符的医学证明文件",
        path="management.certificates",
    )
    device_register = n.DeviceRegister(
        "三(九)1", "建立使用药品与诊疗器材登记制度，保证药品与器材来源可追溯。"
    )
    no_reuse = n.Statement(
        "三(九)2",
        "不得重复使用一次性诊疗器材。",
        label="不重复使用一次性诊疗器材",
        path="management.no_reuse",
    )
    pricing = n.Statement(
        "三(九)3",
        "严格执行国家物价、财务政策，按规定收费。",
        label="严格执行国家物价、财务政策，按规定收费",
        path="management.pricing",
    )

    # 四、培训管理基本要求 (一) 医师
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "overseas": "四(一)3", "exempt": "四(一)4"},
        {
            "trainee": "应当具有《医师执业证书》，具有主治医师及以上专业技术职务任职资格。",
            "base": "应当接受至少6个月的系统培训，参与完成不少于10例移植手术，并经考核合格。",
            "overseas": "在境外接受自体造血干细胞移植技术培训6个月以上，完成本规范规定的病例数，"
            "有培训机构出具的培训证明，并经省级卫生健康行政部门备案的培训基地考核合格后，"
            "可以视为达到规定的培训要求。",
            "exempt": "本规范印发之日前，在三级医院从事血液内科临床工作15年以上，具有副主任医师以上"
            "专业技术职务任职资格，近3年累计完成造血干细胞移植技术20例以上，其中每年独立完成至少5例，"
            "未发生严重不良事件的，可免于培训。",
        },
        scopes={"internal_medicine": "内科专业"},
    )

    # 四、(二) 培训基地 (asked only of an institution that is, or applies to become, one)
    base_grade = n.Require(
        "四(二)1(1)",
        "三级甲等医院，床位不少于50张，开展该技术5年以上，具备造血干细胞移植技术临床应用能力。"
        "其血液科为省级重点专科。",
        n.Ask(
            "training_base.applies",
            n.yes_no(
                "本机构为（或申请成为）培训基地",
                "本机构是否为（或申请成为）自体造血干细胞移植技术培训基地？",
                "不申请可答“否”，培训基地的各项不适用（2023 S06 四(二)）。",
            ),
            c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地"),
        ),
        n.at_least("training_base.beds", 50, "床位", "张", maximum=10000),
        n.at_least("training_base.years_performing", 5, "开展本技术", "年", maximum=200),
        n.yes("training_base.capability", "具备造血干细胞移植技术临床应用能力"),
        n.yes("training_base.key_specialty", "血液科为省级重点专科"),
        title="培训基地：三级甲等医院，床位不少于50张，开展本技术5年以上，血液科为省级重点专科",
        condition=c.all_of(
            c.one_of("general.grade", {"3A": "三级甲等"}, label="医院等级", others=BELOW_3A),
            c.at_least("profile.training_base.beds", 50, label="床位", unit="张"),
            c.at_least("profile.training_base.years_performing", 5, label="开展本技术", unit="年"),
            c.is_true("profile.training_base.capability", label="具备移植技术临床应用能力"),
            c.is_true("profile.training_base.key_specialty", label="血液科为省级重点专科"),
        ),
        **BASE,
    )
    base_tutors = n.Require(
        "四(二)1(2)",
        "有至少5名具备造血干细胞移植手术临床应用能力的指导老师，其中具有主任医师专业技术职务"
        "任职资格的指导老师不少于3名。",
        n.at_least("training_base.tutors", 5, "指导老师", "名", maximum=1000),
        n.at_least("training_base.chief_tutors", 3, "主任医师职称的指导老师", "名", maximum=1000),
        title="培训基地：指导老师至少5名，其中主任医师不少于3名",
        **BASE,
    )
    base_resources = n.Require(
        "四(二)1(3)",
        "有与开展自体造血干细胞移植技术培训工作相适应的人员、技术、设备和设施等条件。",
        n.yes("training_base.resources", "有与开展培训工作相适应的人员、技术、设备和设施"),
        title="培训基地：有与培训工作相适应的人员、技术、设备和设施",
        **BASE,
    )
    base_meetings = n.Require(
        "四(二)1(4)",
        "举办过全国性与造血干细胞移植技术相关的专业学术会议或承担国家级继续医学教育项目。",
        n.yes(
            "training_base.national_meeting",
            "举办过全国性相关专业学术会议或承担国家级继续医学教育项目",
        ),
        title="培训基地：举办过全国性学术会议或承担国家级继续医学教育项目",
        **BASE,
    )
    base_output = n.Require(
        "四(二)1(5)",
        "每年在核心期刊发表造血干细胞移植技术相关的学术论文（同时为第一作者与通讯作者单位）≥5篇"
        "或获省级以上科研成果≥1项。",
        n.at_least("training_base.papers_per_year", 5, "每年核心期刊论文", "篇", maximum=10000),
        n.at_least("training_base.awards", 1, "省级以上科研成果", "项", maximum=1000),
        title="培训基地：每年核心期刊论文≥5篇或省级以上科研成果≥1项",
        condition=c.any_of(
            c.at_least(
                "profile.training_base.papers_per_year", 5, label="每年核心期刊论文", unit="篇"
            ),
            c.at_least("profile.training_base.awards", 1, label="省级以上科研成果", unit="项"),
        ),
        **BASE,
    )
    base_curriculum, base_schedule, base_assessment, base_archives = (
        n.BASE_TEACHING_HEADED.clauses()
    )


NORM = AutoHsctNorm
