"""The 管理规范 of 神经血管介入技术 (2023 S09) on the standard norm.

The seed lost the norm's heading line (seeds/README.md); its clauses are read
from the text that follows 引言. Unusual for a norm:

* 一(一) is tiered by sub-technology, not by procedure grade: 症状性颅内动脉狭窄
  and 未破裂动脉瘤 in 三级医院, 破裂动脉瘤 and acute large-vessel occlusion in
  二级及以上 — the institution's ``scope`` (what it performs) decides which apply;
* 二 has no (一)(二) sections: 二1(1), 二1(2) and 二2 (for those who treat
  intracranial stenosis and aneurysms, asked in the physician's profile);
* 四(一)1-2: the rotations, the 3 years as 主治医师 and the 200 angiographies are
  asked of those trained at a base (the TrainingRule counts the 30 三级 cases and
  the 50 managed);
* 四(一)3 exempts by years, title and cases; the "其中独立开展限制类神经血管介入
  技术病例不少于100 例" and "副主任医师3年及以上" parts are declared by the
  physician in the exemption block (the ExemptionRule counts the 500 cases);
* 四(二) is its own (床位总数、质控排名、取栓基地), written as clauses of its own,
  applying only to an institution that is (or applies to become) a training base.
"""

from rtech import Condition, ExemptionRule, Norm, TrainingRule
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.neurovascular.meta import TECHNOLOGY

SKILL = "神经血管介入诊疗技术"
SCOPES = {
    "stenosis": "症状性颅内动脉狭窄介入治疗",
    "unruptured": "未破裂动脉瘤栓塞",
    "ruptured": "破裂出血性动脉瘤栓塞",
    "stroke": "急性大血管闭塞性卒中血管内治疗",
}
TERTIARY = {"3A": "三级甲等", "3B": "三级乙等", "3": "三级（未定等）"}
SECONDARY = {"2A": "二级甲等", "2B": "二级乙等", "2": "二级（未定等）"}
DEPARTMENTS = {
    "neurology": "神经内科",
    "neurosurgery": "神经外科",
    "imaging": "医学影像科",
    "interventional": "介入科",
}
PRACTICE = {
    "internal_medicine": "内科专业",
    "surgery": "外科专业",
    "imaging_radiotherapy": "医学影像和放射治疗专业",
}
IMAGING = {
    "mri": "磁共振（MRI）",
    "ct": "计算机X线断层摄影（CT）",
    "pacs": "医学影像图像传输管理系统",
}
EXEMPT = ExemptionRule(500, 5, min_clinical_years=5, min_title="associate_chief")
BASE_TERM = "省级卫生健康行政部门备案的培训基地"


def _performs(*keys: str) -> Condition:
    tests = [
        c.performs("profile.scope", key, label="开展的技术类别", key_label=SCOPES[key])
        for key in keys
    ]
    return tests[0] if len(tests) == 1 else c.any_of(*tests)


def _not_performed(*keys: str) -> str:
    return "本机构未开展" + "、".join(SCOPES[k] for k in keys)


#: 四(一)1-2 are the requirements of those trained at a base (the training route).
_BASE_ROUTE = c.one_of(
    "profile.training.route",
    {"base": "培训基地系统培训"},
    label="培训途径",
    others={"exempt": "免于培训", "none": "尚未培训"},
)

_BASE = c.is_true("profile.base_applies", label="本机构为（或申请成为）培训基地")
_NOT_BASE = "本机构不是（也未申请成为）培训基地"


class NeurovascularNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = TrainingRule(
        min_months=12,
        min_cases=30,
        min_managed=50,
        overseas_months=None,
        exemption=EXEMPT,
        base_term=BASE_TERM,
    )
    groups = {
        "support": "支撑条件",
        "unit": "神经血管介入诊治单元",
        "icu": "神经重症监护室（或重症单元）",
        "room": "介入手术室",
        "base": "培训基地",
        "intracranial": "颅内血管狭窄和动脉瘤介入治疗",
        "trainee": "神经血管介入诊疗医师培训要求",  # 四(一)
    }
    #: the base's questions only for a base; the case numbers only for those who treat
    #: intracranial stenosis and aneurysms
    asked_when = {"base": "base_applies", "intracranial": "intracranial.performs"}
    switches = {
        "scope": n.multiple("开展的技术类别", SCOPES, "本机构开展（或拟开展）哪些类别？（可多选）"),
        "base_applies": n.yes_no(
            "本机构为（或申请成为）培训基地",
            "本机构是否为（或申请成为）神经血管介入技术培训基地？",
            "2023 S09 四(二)：不申请可答“否”，培训基地各项不适用。",
        ),
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity(
        "一(一)", "医疗机构开展神经血管介入诊疗技术应当与其功能定位和技术能力相适应"
    )
    tertiary = n.Require(
        "一(一)",
        "症状性颅内动脉狭窄及未破裂动脉瘤栓塞血管介入性治疗应在三级医院开展。",
        title="症状性颅内动脉狭窄及未破裂动脉瘤栓塞在三级医院开展",
        condition=c.one_of(
            "general.grade", TERTIARY, label="医院等级", others={**SECONDARY, "1": "一级及以下"}
        ),
        when=_performs("stenosis", "unruptured"),
        otherwise=_not_performed("stenosis", "unruptured"),
    )
    secondary = n.Require(
        "一(一)",
        "破裂出血性动脉瘤及急性大血管闭塞性卒中血管内治疗技术应在二级及以上医院开展",
        title="破裂出血性动脉瘤及急性大血管闭塞性卒中血管内治疗在二级及以上医院开展",
        condition=c.one_of(
            "general.grade", TERTIARY | SECONDARY, label="医院等级", others={"1": "一级及以下"}
        ),
        when=_performs("ruptured", "stroke"),
        otherwise=_not_performed("ruptured", "stroke"),
    )
    subjects = n.Require(
        "一(二)",
        "在卫生健康行政部门核准登记的科室，如神经内科、神经外科、医学影像科、介入科等科室开展"
        "相关的诊疗科目，具备开展神经血管介入诊疗技术相关的场地、设备、设施等条件。",
        n.Ask(
            "support.departments",
            n.multiple("核准登记的相关科室", DEPARTMENTS),
            c.includes_any("profile.support.departments", DEPARTMENTS, label="核准登记的相关科室"),
        ),
        n.yes("support.facilities", "具备开展神经血管介入诊疗技术相关的场地、设备、设施等条件"),
        title="在核准登记的相关科室开展诊疗科目，具备相关场地、设备、设施",
    )
    imaging = n.Require(
        "一(二)",
        "医院配备有磁共振（MRI）、计算机X线断层摄影（CT）和医学影像图像传输管理系统。",
        n.includes("support.imaging", IMAGING, "影像设备与系统"),
        title="配备MRI、CT和医学影像图像传输管理系统",
    )
    stroke_imaging = n.Require(
        "一(二)",
        "对于急性缺血性卒中拟开展血管内治疗的机构，需配备7×24h急诊MRI评估或者专门软件快速处理"
        "下的急诊CTA+CTP评估。",
        n.yes(
            "support.emergency_imaging",
            "配备7×24h急诊MRI评估或者专门软件快速处理下的急诊CTA+CTP评估",
        ),
        title="急性缺血性卒中血管内治疗：7×24h急诊MRI或急诊CTA+CTP评估",
        when=_performs("stroke"),
        otherwise=_not_performed("stroke"),
    )
    stenosis_support = n.Require(
        "一(二)",
        "对于开展颅内动脉狭窄介入治疗的医疗机构，须具备血管壁高分辨MRI检查和血小板功能检查的能力。",
        n.yes("support.hr_vwi", "具备血管壁高分辨MRI检查能力"),
        n.yes("support.platelet_function", "具备血小板功能检查能力"),
        title="颅内动脉狭窄介入治疗：具备血管壁高分辨MRI和血小板功能检查能力",
        when=_performs("stenosis"),
        otherwise=_not_performed("stenosis"),
    )
    aneurysm_support = n.Require(
        "一(二)",
        "对于开展动脉瘤介入栓塞的医疗机构，须具备血管壁高分辨MRI检查和3D DSA后处理软件",
        n.yes("support.hr_vwi", "具备血管壁高分辨MRI检查能力"),
        n.yes("support.dsa_3d", "具备3D DSA后处理软件"),
        title="动脉瘤介入栓塞：具备血管壁高分辨MRI检查和3D DSA后处理软件",
        when=_performs("unruptured", "ruptured"),
        otherwise=_not_performed("unruptured", "ruptured"),
    )
    unit = n.Require(
        "一(三)1",
        "神经血管介入诊治单元设置床位不少于40张，设定为脑血管病亚专科的医师队伍不少于6名。",
        n.at_least("unit.beds", 40, "神经血管介入诊治单元床位", "张", maximum=5000),
        n.at_least("unit.physicians", 6, "脑血管病亚专科医师", "名", maximum=1000),
        title="神经血管介入诊治单元床位不少于40张，脑血管病亚专科医师不少于6名",
    )
    icu = n.Require(
        "一(三)1",
        "科室具备神经重症监护室（或重症单元）不少于8张。配备呼吸机（不少于2台）和多功能监护仪"
        "（不少于6台）等设备，符合神经专业危重患者救治要求。具备有院内安全转运重症患者的措施和设备。",
        n.at_least("icu.beds", 8, "神经重症监护室（或重症单元）床位", "张", maximum=1000),
        n.at_least("icu.ventilators", 2, "呼吸机", "台", maximum=1000),
        n.at_least("icu.monitors", 6, "多功能监护仪", "台", maximum=1000),
        n.yes("icu.critical_care", "符合神经专业危重患者救治要求"),
        n.yes("icu.transport", "具备院内安全转运重症患者的措施和设备"),
        title="神经重症监护室不少于8张，呼吸机不少于2台、多功能监护仪不少于6台，能安全转运",
    )
    icu_staff = n.Require(
        "一(三)1",
        "神经重症监护室由具备经过专业培训的、有至少2名2年及以上资格的副主任医师和有重症监护经验的"
        "护士团队领衔管理。",
        n.at_least(
            "icu.associate_chiefs_2y", 2, "经过专业培训、具有2年及以上资格的副主任医师", "名"
        ),
        n.yes("icu.nurse_team", "有重症监护经验的护士团队"),
        title="神经重症监护室由至少2名2年以上资格的副主任医师和有经验的护士团队领衔管理",
    )
    doppler = n.Statement(
        "一(三)1",
        "科室配备多普勒超声设备，能够实施床旁检查。",
        label="科室配备多普勒超声设备，能够实施床旁检查",
        path="unit.doppler",
    )
    room_protection = n.Statement(
        "一(三)2(1)",
        "符合放射防护及无菌手术条件。",
        label="介入手术室符合放射防护及无菌手术条件",
        path="room.protection",
    )
    room_dsa = n.Require(
        "一(三)2(2)",
        "配备有数字减影血管造影机，具有“路图”功能和“术中CT”功能，影像质量和放射防护条件良好；"
        "具备医学影像图像院内传输系统。",
        n.includes(
            "room.dsa_functions",
            {"dsa": "数字减影血管造影机", "roadmap": "“路图”功能", "intraop_ct": "“术中CT”功能"},
            "数字减影血管造影机及功能",
        ),
        n.yes("room.image_quality", "影像质量和放射防护条件良好"),
        n.yes("room.image_transfer", "具备医学影像图像院内传输系统"),
        title="配备具有“路图”和“术中CT”功能的数字减影血管造影机及院内影像传输系统",
    )
    room_emergency = n.Require(
        "一(三)2(3)",
        "配备供氧系统、麻醉机、除颤仪、吸引器、血氧监测仪等必要的急救设备和药品，具备全身麻醉手术"
        "条件，能够进行气管插管和心肺复苏抢救。麻醉科能按临床需要及时支持全麻工作。",
        n.includes(
            "room.emergency_equipment",
            {
                "oxygen": "供氧系统",
                "anesthesia_machine": "麻醉机",
                "defibrillator": "除颤仪",
                "suction": "吸引器",
                "oximeter": "血氧监测仪",
                "emergency_drugs": "急救药品",
            },
            "急救设备和药品",
        ),
        n.yes("room.general_anesthesia", "具备全身麻醉手术条件，能够进行气管插管和心肺复苏抢救"),
        n.yes("room.anesthesia_support", "麻醉科能按临床需要及时支持全麻工作"),
        title="介入手术室有急救设备和药品，具备全麻条件，麻醉科及时支持",
    )
    room_storage = n.Require(
        "一(三)2(4)",
        "具备存放导管、导丝、支架、造影剂以及其他物品、药品的存放柜，有专人负责登记保管。",
        n.yes("room.storage_cabinet", "有存放柜"),
        n.yes("room.storage_keeper", "有专人负责登记保管"),
        title="有导管、导丝、支架等物品和药品的存放柜，有专人负责登记保管",
    )

    # 二、人员基本要求
    licence = n.Licence(
        "二1(1)",
        "执业范围为内科、外科、医学影像科或者介入科",
        scopes=PRACTICE,
    )
    title = n.Title(
        "二1(1)",
        "工作3年及以上的高年资副主任医师。",
        minimum="associate_chief",
        title="具有副主任医师以上专业技术职务任职资格",
    )
    seniority = n.Experience(
        "二1(1)",
        "工作3年及以上的高年资副主任医师。",
        years=3,
        what="担任副主任医师",
        path="associate_chief_since",
        title="担任副主任医师3年及以上",
    )
    training = n.Training("二1(2)", "经过神经血管介入诊疗技术相关系统培训并考核合格")
    experience = n.Experience(
        "二1(2)",
        "从事神经血管介入治疗工作1年以上。",
        years=1,
        what="从事神经血管介入治疗工作",
        title="从事神经血管介入治疗工作1年以上",
    )
    intracranial = n.Require(
        "二2",
        "累计独立完成各类神经血管介入治疗手术不少于100 例，并在上级医师指导下完成颅内段狭窄"
        "血管成形术或者动脉瘤栓塞术介入治疗操作每年不少于10例。",
        n.Ask(
            "intracranial.performs",
            n.yes_no(
                "从事颅内血管狭窄和动脉瘤介入治疗",
                "该医师是否从事颅内血管狭窄和动脉瘤介入治疗？",
                "2023 S09 二2：针对从事颅内血管狭窄和动脉瘤介入治疗的医师，除以上基本条件外，"
                "还需同时满足病例数要求。",
            ),
            c.is_true("profile.intracranial.performs", label="从事颅内血管狭窄和动脉瘤介入治疗"),
        ),
        n.at_least(
            "intracranial.independent_cases", 100, "累计独立完成各类神经血管介入治疗手术", "例"
        ),
        n.at_least(
            "intracranial.supervised_per_year",
            10,
            "每年在上级医师指导下完成颅内段狭窄血管成形术或者动脉瘤栓塞术",
            "例",
        ),
        title="颅内血管狭窄和动脉瘤介入医师：独立完成不少于100例，每年指导下完成不少于10例",
        section="personnel",
        condition=c.all_of(
            c.at_least(
                "profile.intracranial.independent_cases",
                100,
                label="累计独立完成各类神经血管介入治疗手术",
                unit="例",
            ),
            c.at_least(
                "profile.intracranial.supervised_per_year",
                10,
                label="每年在上级医师指导下完成颅内段狭窄血管成形术或者动脉瘤栓塞术",
                unit="例",
            ),
        ),
        when=c.is_true("profile.intracranial.performs", label="从事颅内血管狭窄和动脉瘤介入治疗"),
        otherwise="该医师不从事颅内血管狭窄和动脉瘤介入治疗",
    )
    routes = n.TrainingRoutes(
        {"trainee": "四(一)1", "base": "四(一)2", "exempt": "四(一)3"},
        {
            "trainee": "应当具有《医师执业证书》，需具有复合的专业学习背景，如神经内科、神经外科、"
            "介入科背景的医师，应分别在其他两个专业各轮转不少于3个月，培训起始应具备工作三年以上的"
            "主治医师及以上专业技术资格。",
            "base": "应当接受至少12个月（可累计）的系统培训并考核合格。在指导医师指导下，作为术者或"
            "第一助手完成不少于 200例诊断性脑血管造影检查、30例按照三级手术管理的脑血管病介入治疗，"
            "参加不少于50例培训基地按照四级手术管理的神经血管介入诊疗技术诊疗患者的全过程管理",
            "exempt": "在本规范印发之日前，连续从事神经血管介入诊疗临床工作满5年，具有副主任医师3年"
            "及以上专业技术资格，近5年累计独立完成神经血管介入诊疗病例不少于 500 例，其中独立开展"
            "限制类神经血管介入技术病例不少于100 例，未发生严重不良事件的，可免于培训。",
        },
        scopes=PRACTICE,
    )

    rotations = n.Require(
        "四(一)1",
        "需具有复合的专业学习背景，如神经内科、神经外科、介入科背景的医师，应分别在其他两个专业各"
        "轮转不少于3个月，培训起始应具备工作三年以上的主治医师及以上专业技术资格。",
        n.yes(
            "trainee.rotations", "已在其他两个专业（神经内科、神经外科、介入科中）各轮转不少于3个月"
        ),
        n.yes("trainee.attending_3y", "培训起始时具备工作三年以上的主治医师及以上专业技术资格"),
        title="受训医师在其他两个专业各轮转不少于3个月，培训起始时为工作三年以上的主治医师",
        section="personnel",
        when=_BASE_ROUTE,
        otherwise="未经培训基地途径（本条为受训医师的要求）",
    )
    angiographies = n.Require(
        "四(一)2",
        "在指导医师指导下，作为术者或第一助手完成不少于 200例诊断性脑血管造影检查",
        n.at_least("trainee.angiographies", 200, "作为术者或第一助手完成诊断性脑血管造影", "例"),
        title="培训期间作为术者或第一助手完成诊断性脑血管造影不少于200例",
        section="personnel",
        when=_BASE_ROUTE,
        otherwise="未经培训基地途径",
    )

    # 三、技术管理基本要求
    grading = n.Statement(
        "三(一)",
        "医疗机构应当根据《医疗技术临床应用管理办法》和手术分级管理的有关规定，制定本机构的手术分级"
        "管理目录。",
        label="已制定本机构的手术分级管理目录",
        path="management.grading_catalogue",
    )
    indications = n.Indications(
        "三(二)", "严格遵守神经血管介入诊疗技术操作规范和诊疗指南，严格掌握手术的适应证和禁忌证。"
    )
    consent = n.Consent(
        "三(三)",
        "实施神经血管介入诊疗技术前，应当向患者及其受权委托人告知手术目的、方案、风险、术后注意事项、"
        "可能发生的并发症及预防措施等，并签署知情同意书。",
    )
    alternatives = n.Require(
        "三(三)",
        "并须书面告知除了手术之外的其他的治疗方案，杜绝诱导性治疗。",
        title="书面告知手术之外的其他治疗方案",
        section="case",
        condition=c.is_true(
            "answers.procedure.alternatives_informed", label="已书面告知手术之外的其他治疗方案"
        ),
    )
    infection = n.Statement(
        "三(四)",
        "医疗机构应当按照有关规定加强医院感染预防与控制，同时注重加强医务人员个人防护。",
        label="按照有关规定加强医院感染预防与控制和医务人员个人防护",
        path="management.infection_control",
    )
    followup_system = n.FollowupSystem(
        "三(五)", "加强神经血管介入诊疗技术质量管理，健全术后随访制度，按规范进行随访、记录"
    )
    followup = n.Followup("三(五)", "健全术后随访制度，按规范进行随访、记录")
    reporting = n.Statement(
        "三(五)",
        "并按照质量控制部门的要求如实上报病例信息。",
        label="按照质量控制部门的要求如实上报病例信息",
        path="management.reporting",
    )
    qc_meetings = n.Statement(
        "三(六)",
        "医疗机构和神经血管介入医师至少每季度开展一次质量控制会议，对病例选择、手术成功率、严重并发症、"
        "死亡病例、医疗不良事件发生情况、术后患者管理、随访情况和病历质量等进行总结，并上报省脑卒中"
        "专业质量控制中心。",
        label="至少每季度开展一次质量控制会议并上报省脑卒中专业质量控制中心",
        path="management.quarterly_qc",
    )
    assessment = n.Assessment(
        "三(六)",
        "按照规定对神经血管介入诊疗技术的临床应用能力进行评价，以期进行持续质量改进。",
    )
    approved_devices = n.Statement(
        "三(七)",
        "严格遵守国家药品监督管理部门的规定，不得违规或重复使用一次性医用器械。",
        label="严格遵守国家药品监督管理部门的规定，不违规或重复使用一次性医用器械",
        path="management.no_reuse",
    )
    device_register = n.DeviceRegister("三(七)", "建立神经血管介入诊疗器械登记追溯制度")
    device_barcodes = n.DeviceBarcodes(
        "三(七)",
        "在介入手术室和患者住院病历中留存高值耗材及植入耗材器械条形码，保证器械来源可追溯。",
    )

    # 四(二) 培训基地: only for an institution that is (or applies to become) one
    base_filed = n.Require(
        "四(二)",
        "神经血管介入技术培训基地须经省级卫生健康行政部门备案。",
        n.yes("base.filed", "已经省级卫生健康行政部门备案"),
        title="培训基地经省级卫生健康行政部门备案",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_grade = n.Require(
        "四(二)1(1)",
        "三级甲等医院，符合神经血管介入诊疗技术管理规范要求。",
        n.yes("base.meets_norm", "符合神经血管介入诊疗技术管理规范要求"),
        title="培训基地为三级甲等医院，符合本技术管理规范要求",
        condition=c.all_of(
            c.one_of(
                "general.grade",
                {"3A": "三级甲等"},
                label="医院等级",
                others={"3B": "三级乙等", "3": "三级（未定等）"} | SECONDARY | {"1": "一级及以下"},
            ),
            c.is_true("profile.base.meets_norm", label="符合神经血管介入诊疗技术管理规范要求"),
        ),
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_beds = n.Require(
        "四(二)1(2)",
        "神经内科、神经外科和神经血管病介入床位总数不少于200张。",
        n.at_least("base.beds", 200, "神经内科、神经外科和神经血管病介入床位总数", "张"),
        title="培训基地神经内科、神经外科和神经血管病介入床位总数不少于200张",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_tutors = n.Require(
        "四(二)1(3)",
        "有不少于3名具有脑血管疾病介入诊疗技术临床应用能力的指导医师，且至少2名具有主任医师专业技术"
        "资格。近3年累计带教介入方向进修生不少于10名。",
        n.at_least("base.tutors", 3, "指导医师", "名", maximum=1000),
        n.at_least(
            "base.chief_tutors", 2, "具有主任医师专业技术资格的指导医师", "名", maximum=1000
        ),
        n.at_least("base.trainees_3y", 10, "近3年累计带教介入方向进修生", "名", maximum=10000),
        title="培训基地指导医师不少于3名（主任医师至少2名），近3年带教进修生不少于10名",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_volume = n.Require(
        "四(二)1(4)",
        "具备神经血管介入诊疗技术培训能力，每年完成各类神经血管介入手术不少于1000例，其中限制类神经血管"
        "介入手术（颅内动脉狭窄介入治疗、急性大动脉闭塞性卒中血管内治疗、颅内动脉瘤栓塞）不少于400例/年。",
        n.at_least("base.annual_cases", 1000, "每年完成各类神经血管介入手术", "例"),
        n.at_least("base.annual_restricted", 400, "每年限制类神经血管介入手术", "例"),
        title="培训基地每年神经血管介入手术不少于1000例，其中限制类不少于400例",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_ranking = n.Require(
        "四(二)1(5)",
        "根据质控数据，神经血管介入相关手术总量、血管再通治疗良好预后率、手术并发症、死亡率等指标综合"
        "排名位于省内前5名。",
        n.yes("base.top5", "根据质控数据，相关指标综合排名位于省内前5名"),
        title="培训基地质控指标综合排名位于省内前5名",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_thrombectomy = n.Require(
        "四(二)1(6)",
        "部分取栓手术较多的三级医院，虽然无法满足第四、第五条，但若年取栓量大于100例，脑血管造影大于"
        "300例，仍可培训取栓技术的医生",
        n.Ask(
            "base.thrombectomy_route",
            n.yes_no(
                "仅单独培训取栓技术（未满足第四、第五条）",
                "本机构是否仅单独培训取栓技术的医生（未满足第四、第五条）？",
            ),
            c.is_true("profile.base.thrombectomy_route", label="仅单独培训取栓技术"),
        ),
        n.at_least("base.annual_thrombectomy", 101, "年取栓量（须大于100例）", "例"),
        n.at_least("base.annual_angiography", 301, "年脑血管造影量（须大于300例）", "例"),
        title="单独培训取栓技术的基地：年取栓量大于100例，脑血管造影大于300例",
        condition=c.all_of(
            c.at_least("profile.base.annual_thrombectomy", 101, label="年取栓量", unit="例"),
            c.at_least("profile.base.annual_angiography", 301, label="年脑血管造影量", unit="例"),
        ),
        when=c.all_of(
            _BASE, c.is_true("profile.base.thrombectomy_route", label="仅单独培训取栓技术")
        ),
        otherwise="本机构不是仅单独培训取栓技术的培训基地",
    )
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING.clauses(
        curriculum="具备完善的培训教材和培训大纲，能够满足培训要求，"
        "课程设置包括理论学习及临床实践。",
        curriculum_label="具备完善的培训教材和培训大纲，课程设置包括理论学习及临床实践",
        assessment="培训结束后，对接受培训的医师进行考试、考核，并出具考核结论。",
        assessment_label="培训结束后进行考试、考核，并出具考核结论",
        path="base",
        when=_BASE,
    )


NORM = NeurovascularNorm
