"""The 管理规范 of 全身高能X线（及钴60γ线）照射技术 (2023 S07) on the standard norm.

Unusual for a norm:

* the staff are three professions: 放疗医师 (二(一)), 放射物理（剂量）师 (二(二))
  and 放疗技师 (二(三)); each registry entry declares its post (``role``, a
  personnel switch) and only its own profession's clauses apply to it;
* 一(九) counts 2 physicians able to perform it (the registry), 1 physicist of
  副高级 and 3 technicians of 中级 (declared in the institution profile);
* 三(二) forms a treatment team and a radiation-safety group for every case,
  all present at the first fraction; 三(四) and 附件2 set the physical limits a
  case must not cross (照射野不得小于140 cm×140cm, 剂量率不得小于3cGy/min,
  全肺剂量不得高于8Gy, 剂量偏差小于10%);
* 四(一) trains physicians and physicists, with no months stated: 3 cases under
  a tutor, whole-course management, or 6 months abroad;
* the text's damage: 一(一) doubles 与 ("与与其功能"), quoted as printed; the
  line of 三(五) begins with stray characters ("4足技术") and 三(十一) with
  "疗库定" — both quoted from the clause number on; 二(三) "LA技师师" is quoted
  as printed; 一(八) numbers its items "1、", "2、".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import Condition, Norm, Outcome, TrainingRule, Verdict
from rtech import conditions as c
from rtech import norm as n
from rtech.plugins.tbi.meta import TECHNOLOGY

SKILL = "全身高能X线(及60钴γ线)照射技术"
ROLES = {"physician": "放疗医师", "physicist": "放射物理（剂量）师", "technician": "放疗技师"}
TERTIARY = {"3A": "三级甲等", "3B": "三级乙等", "3": "三级（未定等）"}
LOWER = {"2A": "二级甲等", "2B": "二级乙等", "2": "二级（未定等）", "1": "一级及以下"}
RULE = TrainingRule(
    min_months=0,
    min_cases=3,
    min_managed=0,
    overseas_months=6,
    base_term="省级卫生健康行政部门备案的培训基地",
    learners=("physician", "physicist"),
)


def _role(*roles: str) -> Condition:
    allowed = {r: ROLES[r] for r in roles}
    others = {r: v for r, v in ROLES.items() if r not in roles}
    return c.one_of("profile.role", allowed, label="岗位", others=others)


def _not(*roles: str) -> str:
    return "该人员不是" + "或".join(ROLES[r] for r in roles)


def at_most(path: str, maximum: float, *, label: str, unit: str = "") -> Condition:
    """A number not above ``maximum`` (``全肺剂量 7.5Gy（要求不高于8Gy）``)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value: Any = subject
        for part in path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is None:
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（要求不高于{maximum:g}{unit}）")
        if isinstance(value, bool) or not isinstance(value, int | float):
            return Verdict(Outcome.UNKNOWN, f"{label}：无法识别“{value}”")
        outcome = Outcome.PASS if value <= maximum else Outcome.FAIL
        return Verdict(outcome, f"{label} {value:g}{unit}（要求不高于{maximum:g}{unit}）")

    return Condition(evaluate, (path,))


def qualified_staff(role: str, minimum: int) -> Condition:
    """At least ``minimum`` of the registry's staff in post ``role`` (their TBI part),
    本院在职 and meeting every personnel requirement of the technology: physicists and
    technicians meeting theirs do not count as physicians."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        staff = subject.get("physicians")
        if not isinstance(staff, list):
            return Verdict(Outcome.UNKNOWN, "人员名册：未提供")
        posted = [
            p
            for p in staff
            if p.get("role") == role and p.get("registered_here") and p.get("active", True)
        ]
        passed = [p["name"] for p in posted if p.get("qualified") == Outcome.PASS.value]
        unknown = [p["name"] for p in posted if p.get("qualified") == Outcome.UNKNOWN.value]
        text = (
            f"本院在职且符合要求的{ROLES[role]} {len(passed)} 名"
            + (f"：{'、'.join(passed)}" if passed else "")
            + f"（要求至少{minimum}名）"
        )
        if unknown:
            text += f"；另有 {len(unknown)} 名资质无法判断：{'、'.join(unknown)}"
        if len(passed) >= minimum:
            return Verdict(Outcome.PASS, text)
        if len(passed) + len(unknown) >= minimum:
            return Verdict(Outcome.UNKNOWN, text)
        return Verdict(Outcome.FAIL, text)

    return Condition(evaluate, ("physicians",))


_BASE = c.is_true("profile.base_applies", label="本机构为（或申请成为）培训基地")
_NOT_BASE = "本机构不是（也未申请成为）培训基地"


class TbiNorm(Norm):
    technology = TECHNOLOGY
    skill = SKILL
    training_rules = RULE
    groups = {
        "department": "放疗科",
        "safety": "辐射安全",
        "equipment": "设备与模具",
        "support": "其他辅助科室和设备",
        "staff": "放射物理（剂量）师与放疗技师",
        "qa": "设备检测校准",
        "room": "治疗床与机房",
        "base": "培训基地",
        "certificates": "资格证书",
        "trainee": "拟开展本技术人员的培训条件",
    }
    asked_when = {"base": "base_applies"}  # the base's questions only for a base
    switches = {
        "base_applies": n.yes_no(
            "本机构为（或申请成为）培训基地",
            "本机构是否为（或申请成为）全身照射技术培训基地？",
            "2023 S07 四(二)：不申请可答“否”，培训基地各项不适用。",
        ),
    }
    personnel_switches = {
        "role": {
            "title": "岗位",
            "x-prompt": "该人员在本技术中的岗位？",
            "x-help": "2023 S07 二：放疗医师（二(一)）、放射物理（剂量）师（二(二)）、"
            "放疗技师（二(三)）各有其资质要求。",
            "oneOf": [{"const": k, "title": v} for k, v in ROLES.items()],
        },
    }

    # 一、医疗机构基本要求
    capacity = n.Capacity(
        "一(一)", "医疗机构开展全身高能X线(及60钴γ线)照射技术应当与与其功能、任务和技术能力相适应。"
    )
    level = n.Require(
        "一(二)",
        "三级以上医院，有卫生健康行政部门核准登记的放射治疗（以下简称“放疗”）诊疗科目",
        n.yes("department.registered", "有卫生健康行政部门核准登记的放射治疗诊疗科目"),
        title="三级以上医院，有核准登记的放射治疗诊疗科目",
        condition=c.all_of(
            c.one_of("general.grade", TERTIARY, label="医院等级", others=LOWER),
            c.is_true("profile.department.registered", label="有核准登记的放射治疗诊疗科目"),
        ),
    )
    department = n.Require(
        "一(二)",
        "设有独立的放疗科、放疗病房以及隶属于放疗科的放射物理部门（组）、放疗技术部门（组），"
        "并有具备应对全身照射应激反应经验和能力的医护团队。",
        n.includes(
            "department.units",
            {
                "department": "独立的放疗科",
                "ward": "放疗病房",
                "physics": "放射物理部门（组）",
                "technique": "放疗技术部门（组）",
            },
            "放疗科及其部门",
        ),
        n.yes("department.stress_team", "有具备应对全身照射应激反应经验和能力的医护团队"),
        title="设有独立的放疗科、放疗病房、放射物理和放疗技术部门（组），有应对应激反应的医护团队",
    )
    followup_department = n.Statement(
        "一(二)",
        "医院设有专门的随访部门开展放疗病人随访工作。",
        label="医院设有专门的随访部门开展放疗病人随访工作",
        path="department.followup_unit",
    )
    experience = n.Require(
        "一(三)",
        "开展肿瘤放疗临床工作10年以上，开设放疗床位20张以上三年内累计完成全身高能X线(及60钴γ线)"
        "照射技术15例以上。近三年，无与该技术临床应用相关负主要责任的医疗事故。",
        n.since("department.since", 10, "开展肿瘤放疗临床工作"),
        n.at_least("department.beds", 20, "放疗床位", "张", maximum=5000),
        n.at_least("department.cases_3y", 15, "三年内累计完成全身照射", "例"),
        n.yes("department.no_accident_3y", "近三年无与该技术临床应用相关负主要责任的医疗事故"),
        title="开展肿瘤放疗10年以上，放疗床位20张以上，三年内全身照射15例以上，近三年无医疗事故",
    )
    safety = n.Require(
        "一(四)",
        "必须符合《放射性同位素与射线装置安全和防护条例》和《放射诊疗管理规定》，取得《辐射安全许可证》，"
        "有常设的负责全身照射技术的质量控制和质量保证的辐射安全小组。",
        n.yes("safety.licence", "取得《辐射安全许可证》"),
        n.yes("safety.group", "有常设的负责全身照射技术质量控制和质量保证的辐射安全小组"),
        title="取得《辐射安全许可证》，有常设的辐射安全小组",
    )
    equipment = n.Require(
        "一(五)",
        "有具备全身照射技术相应功能条件的医用直线加速器(或60钴治疗机)；有经过相关监管部门定期检测认定"
        "合格的放射剂量检测设备；有模具制作室，具备制作适合此项技术要求的铅挡块等模具的功能。",
        n.yes("equipment.machine", "有具备全身照射功能条件的医用直线加速器（或60钴治疗机）"),
        n.yes("equipment.dosimetry", "有经监管部门定期检测认定合格的放射剂量检测设备"),
        n.yes("equipment.mould_room", "有模具制作室，能制作铅挡块等模具"),
        title="有具备全身照射功能的加速器（或钴治疗机）、检测合格的剂量检测设备和模具制作室",
    )
    rules = n.Statement(
        "一(六)",
        "有放疗设备的管理、操作、维修规范及放射应急预案。",
        label="有放疗设备的管理、操作、维修规范及放射应急预案",
        path="equipment.rules",
    )
    ethics = n.Statement(
        "一(七)",
        "医院设有由医学、法学、伦理学等方面专家组成的临床应用伦理委员会，伦理委员会工作制度健全、审查规范。",
        label="设有临床应用伦理委员会，工作制度健全、审查规范",
        path="management.ethics_committee",
    )
    laboratory = n.Statement(
        "一(八)",
        "检验科：能够满足常规的化验检查。",
        label="检验科能够满足常规的化验检查",
        path="support.laboratory",
    )
    imaging = n.Require(
        "一(八)",
        "医学影像科：有核磁共振（MRI）和（或）计算机X线断层摄影（CT）设备，计算机网络系统具备向放疗科"
        "传输相关影像学资料的功能。",
        n.Ask(
            "support.imaging",
            n.multiple("医学影像设备", {"mri": "核磁共振（MRI）", "ct": "计算机X线断层摄影（CT）"}),
            c.includes_any(
                "profile.support.imaging",
                {"mri": "核磁共振（MRI）", "ct": "计算机X线断层摄影（CT）"},
                label="医学影像设备",
            ),
        ),
        n.yes("support.image_transfer", "计算机网络系统能向放疗科传输影像学资料"),
        title="医学影像科有MRI和（或）CT，能向放疗科传输影像资料",
    )
    physicians = n.Require(
        "一(九)",
        "有至少2名具有全身高能X线(及60钴γ线)照射技术临床应用能力的本院在职医师",
        title="有至少2名具有本技术临床应用能力的本院在职放疗医师",
        condition=qualified_staff("physician", 2),
    )
    staff = n.Require(
        "一(九)",
        "和1名放射物理（剂量）师，且均具有副高级或以上专业技术职务任职资格。有与开展本技术相适应的3名中级"
        "或以上专业技术职务任职资格的放疗技师。",
        n.at_least("staff.physicists_senior", 1, "副高级或以上的放射物理（剂量）师", "名"),
        n.at_least("staff.technicians_intermediate", 3, "中级或以上的放疗技师", "名"),
        title="有1名副高级以上放射物理（剂量）师和3名中级以上放疗技师",
    )

    # 二、人员基本要求 — 放疗医师
    licence = n.Licence(
        "二(一)1",
        "取得《医师执业证书》，执业范围为医学影像和放射治疗",
        scopes={"imaging_radiotherapy": "医学影像和放射治疗专业"},
        when=_role("physician"),
        otherwise=_not("physician"),
    )
    la_physician = n.Require(
        "二(一)1",
        "并取得《大型医用设备LA医师上岗合格证》。",
        n.yes("certificates.la_physician", "取得《大型医用设备LA医师上岗合格证》"),
        title="取得《大型医用设备LA医师上岗合格证》",
        section="personnel",
        when=_role("physician"),
        otherwise=_not("physician"),
    )
    physician_experience = n.Experience(
        "二(一)2",
        "有5年以上肿瘤放疗临床经验",
        years=5,
        what="从事肿瘤放疗临床工作",
        path="radiotherapy_since",
        when=_role("physician"),
        otherwise=_not("physician"),
    )
    physician_title = n.Title(
        "二(一)2",
        "具有放疗专业副主任医师或以上专业技术职务任职资格。",
        minimum="associate_chief",
        when=_role("physician"),
        otherwise=_not("physician"),
    )
    training = n.Training(
        "二(一)3",
        "经过省级卫生健康行政部门备案的全身高能X线(及60钴γ线)照射技术培训基地系统培训并考核合格。",
        when=_role("physician"),
        otherwise=_not("physician"),
    )
    # 二(二) 放射物理（剂量）师
    physicist = n.Require(
        "二(二)1",
        "取得《放射治疗物理师资格证书》和《大型医用设备LA物理师上岗合格证》，具有与放射物理相关的副高级"
        "或以上专业技术职务任职资格。从事放射物理专业工作5年以上。",
        n.yes("certificates.physicist", "取得《放射治疗物理师资格证书》"),
        n.yes("certificates.la_physicist", "取得《大型医用设备LA物理师上岗合格证》"),
        n.since("physics_since", 5, "从事放射物理专业工作"),
        title="放射物理（剂量）师：两证齐全，副高级以上，从事放射物理工作5年以上",
        section="personnel",
        condition=c.all_of(
            c.is_true("profile.certificates.physicist", label="取得《放射治疗物理师资格证书》"),
            c.is_true(
                "profile.certificates.la_physicist", label="取得《大型医用设备LA物理师上岗合格证》"
            ),
            c.title_at_least("associate_chief", label="专业技术职务任职资格（副高级及以上）"),
            c.years_since("profile.physics_since", 5, label="从事放射物理专业工作"),
        ),
        when=_role("physicist"),
        otherwise=_not("physicist"),
    )
    physicist_training = n.Require(
        "二(二)2",
        "经过省级卫生健康行政部门认可的全身高能X线(及  60钴γ线)照射技术培训基地系统培训"
        "并考核合格。",
        title="放射物理（剂量）师经过培训基地系统培训并考核合格",
        section="personnel",
        condition=c.training_or_exemption(RULE),
        when=_role("physicist"),
        otherwise=_not("physicist"),
    )
    # 二(三) 放疗技师
    technician = n.Require(
        "二(三)",
        "取得《放疗技师执业证书》和《大型医用设备LA技师师上岗合格证》，具有与放射技术相关的中级或以上"
        "专业技术职务任职资格。从事放射技师专业工作5年以上。",
        n.yes("certificates.technician", "取得《放疗技师执业证书》"),
        n.yes("certificates.la_technician", "取得《大型医用设备LA技师上岗合格证》"),
        n.since("technique_since", 5, "从事放射技师专业工作"),
        title="放疗技师：两证齐全，中级以上，从事放射技师工作5年以上",
        section="personnel",
        condition=c.all_of(
            c.is_true("profile.certificates.technician", label="取得《放疗技师执业证书》"),
            c.is_true(
                "profile.certificates.la_technician", label="取得《大型医用设备LA技师上岗合格证》"
            ),
            c.title_at_least("attending", label="专业技术职务任职资格（中级及以上）"),
            c.years_since("profile.technique_since", 5, label="从事放射技师专业工作"),
        ),
        when=_role("technician"),
        otherwise=_not("technician"),
    )

    # 三、技术管理基本要求
    indications = n.Indications(
        "三(一)",
        "严格遵守相关技术操作规范和诊疗指南，根据患者病情、可选择的治疗方案等因素综合判断治疗措施，"
        "因病施治，合理治疗，严格掌握全身高能X线(及60钴γ线)照射技术的适应证和禁忌证。",
    )
    operator = n.Operator("三(二)", "临床治疗方案由本院放疗医师制定", registered_here=True)
    team_present = n.Require(
        "三(二)",
        "每例全身高能X线(及60钴γ线)照射前应当成立治疗组和辐射安全小组。",
        title="照射前成立治疗组和辐射安全小组，首次治疗时全部到场",
        section="case",
        condition=c.all_of(
            c.is_true("answers.tbi.team_formed", label="照射前成立治疗组和辐射安全小组"),
            c.is_true(
                "answers.tbi.team_present", label="首次治疗时治疗组和辐射安全小组人员全部到场"
            ),
        ),
    )
    calibration = n.Require(
        "三(三)",
        "全身高能X线(及60钴γ线)照射设备的机械和几何精度、射线剂量误差必须达到国家有关技术标准，且按照"
        "规定的检测频度进行检测校准（见附件1），并建立台帐备查。",
        n.yes("qa.schedule", "按附件1规定的检测频度进行检测校准"),
        n.yes("qa.ledger", "建立检测校准台帐备查"),
        title="设备按附件1的检测频度检测校准，建立台帐",
    )
    special = n.Require(
        "三(四)",
        "开展此项技术除了满足上述常规质量控制要求，还须满足远距离光子束全身照射的特殊要求。（见附件2）",
        title="本例满足远距离光子束全身照射的特殊要求（附件2的下限）",
        section="case",
        condition=c.all_of(
            c.at_least("answers.tbi.field_size_cm", 140, label="照射野边长", unit="cm"),
            c.at_least("answers.tbi.dose_rate", 3, label="体中心剂量率", unit="cGy/min"),
            at_most("answers.tbi.lung_dose_gy", 8, label="全肺剂量", unit="Gy"),
        ),
    )
    couch = n.Require(
        "三(五)",
        "全身高能X线(及60钴γ线)照射须使用专用的治疗床（治疗亭），治疗前用专用杀菌设备消毒，治疗时使用"
        "一次性无菌床单。",
        n.yes("room.couch", "使用专用的治疗床（治疗亭）"),
        n.yes("room.disinfection", "治疗前用专用杀菌设备消毒"),
        n.yes("room.sterile_sheet", "治疗时使用一次性无菌床单"),
        title="专用治疗床（治疗亭），治疗前消毒，一次性无菌床单",
    )
    monitoring = n.Statement(
        "三(六)",
        "机房控制室必须配备能够查看患者全身的实时监控与对讲系统。",
        label="机房控制室配备能够查看患者全身的实时监控与对讲系统",
        path="room.monitoring",
    )
    consent = n.Consent(
        "三(七)",
        "实施全身高能X线(及60钴γ线)照射前，应当向患者和其家属告知治疗目的、治疗风险、注意事项、"
        "可能发生的并发症及预防措施等，并签署治疗知情同意书。",
    )
    parameters = n.Require(
        "三(八)",
        "实施全身高能X线(及60钴γ线)照射后，应保留治疗相关物理参数，并对病人进行临床观察，必要时进行相关"
        "的临床处理，并按规定进行临床记录。",
        title="照射后保留物理参数，临床观察并记录",
        section="case",
        condition=c.is_true("answers.tbi.parameters_kept", label="已保留治疗相关物理参数并记录"),
    )
    followup_system = n.FollowupSystem(
        "三(九)",
        "建立全身高能X线(及60钴γ线)照射治疗后随访制度，并按规定做好随访和治疗后效果、病人生存质量、"
        "并发症等记录。",
    )
    followup = n.Followup(
        "三(九)",
        "建立全身高能X线(及60钴γ线)照射治疗后随访制度，并按规定做好随访和治疗后效果、病人生存质量、"
        "并发症等记录。",
    )
    database = n.Database(
        "三(九)",
        "在完成每例治疗后都要保留实施全身高能X线(及60钴γ线)照射相关信息资料，建立数据库。",
        staffed=False,
    )
    assessment = n.Assessment(
        "三(十)",
        "医疗机构和医师应当按照规定开展或接受卫生健康行政部门组织的技术检查评估",
    )
    pricing = n.Statement(
        "三(十一)",
        "严格执行国家物价、财务政策，按照规定收费。",
        label="严格执行国家物价、财务政策，按照规定收费",
        path="management.pricing",
    )

    # 四(一) 拟开展本技术的人员（医师和放射物理（剂量）师）
    trainee = n.Require(
        "四(一)1",
        "需具备大学本科或以上学历，并取得相应资格证书，且具有中级或以上专业技术职务任职资格，从事放疗工作"
        "5年以上。",
        n.yes("trainee.bachelor", "大学本科或以上学历"),
        n.yes("trainee.certified", "取得相应资格证书"),
        title="受训人员本科以上、持证、中级以上，从事放疗工作5年以上",
        section="personnel",
        condition=c.all_of(
            c.is_true("profile.trainee.bachelor", label="大学本科或以上学历"),
            c.is_true("profile.trainee.certified", label="取得相应资格证书"),
            c.title_at_least("attending", label="专业技术职务任职资格（中级及以上）"),
            c.years_since("profile.radiotherapy_since", 5, label="从事放疗工作"),
        ),
        when=_role("physician", "physicist"),
        otherwise=_not("physician", "physicist"),
    )
    trainee_physician = n.Require(
        "四(一)1",
        "其中，医师须收治肿瘤放疗病人200例以上，能够应用放射治疗计划系统（TPS）制定放疗计划。",
        n.at_least("trainee.patients", 200, "收治肿瘤放疗病人", "例"),
        n.yes("trainee.tps", "能够应用放射治疗计划系统（TPS）制定放疗计划"),
        title="受训医师收治肿瘤放疗病人200例以上，能用TPS制定计划",
        section="personnel",
        when=_role("physician"),
        otherwise=_not("physician"),
    )
    trainee_physicist = n.Require(
        "四(一)1",
        "放射物理（剂量）师应能独立进行放射治疗计划的设计和验证。",
        n.yes("trainee.planning", "能独立进行放射治疗计划的设计和验证"),
        title="受训放射物理（剂量）师能独立设计和验证放疗计划",
        section="personnel",
        when=_role("physicist"),
        otherwise=_not("physicist"),
    )
    training_cases = n.TrainedAtBase(
        "四(一)2",
        "在指导教师指导下，参与完成该项技术至少3例，并经考核合格。",
        title="在指导教师指导下参与完成至少3例并考核合格",
        when=_role("physician", "physicist"),
        otherwise=_not("physician", "physicist"),
    )
    training_course = n.Require(
        "四(一)3",
        "在指导教师指导下，学员应参与对患者全过程的管理，包括治疗前评价、治疗计划制定、实施治疗计划，"
        "治疗后对病人的观察，必要时进行的相关临床处理，诊疗过程记录等。",
        n.yes("trainee.whole_course", "在指导教师指导下参与对患者全过程的管理"),
        title="在指导教师指导下参与患者全过程管理",
        section="personnel",
        condition=c.when(
            c.one_of("profile.training.route", {"base": "培训基地"}, label="培训途径", others={}),
            c.is_true("profile.trainee.whole_course", label="参与对患者全过程的管理"),
            otherwise="未经培训基地途径",
        ),
        when=_role("physician", "physicist"),
        otherwise=_not("physician", "physicist"),
    )
    training_overseas = n.Require(
        "四(一)4",
        "在境外接受全身高能X线(及60钴γ线)照射技术培训6个月以上，完成规定病例数的医师或放射物理（剂量）师，"
        "有境外培训机构的培训证明，并经省级卫生健康行政部门备案的培训基地考核合格后，可以视为达到规定的"
        "培训要求。",
        title="境外培训6个月以上、有培训证明并经培训基地考核合格",
        section="personnel",
        condition=c.training_route("overseas", RULE),
        when=_role("physician", "physicist"),
        otherwise=_not("physician", "physicist"),
    )

    # 四(二) 培训基地: only for an institution that is (or applies to become) one
    base_grade = n.Require(
        "四(二)1(1)",
        "三级甲等医院，有独立的放疗科，开设放疗床位40张以上，开展肿瘤放疗工作20年以上，每年可完成肿瘤放疗"
        "1000例以上。",
        n.at_least("base.beds", 40, "放疗床位", "张", maximum=5000),
        n.at_least("base.years", 20, "开展肿瘤放疗工作", "年", maximum=200),
        n.at_least("base.annual_radiotherapy", 1000, "每年完成肿瘤放疗", "例"),
        title="培训基地：三级甲等，放疗床位40张以上，放疗20年以上，每年1000例以上",
        condition=c.all_of(
            c.one_of(
                "general.grade",
                {"3A": "三级甲等"},
                label="医院等级",
                others={"3B": "三级乙等", "3": "三级（未定等）"} | LOWER,
            ),
            c.at_least("profile.base.beds", 40, label="放疗床位", unit="张"),
            c.at_least("profile.base.years", 20, label="开展肿瘤放疗工作", unit="年"),
            c.at_least(
                "profile.base.annual_radiotherapy", 1000, label="每年完成肿瘤放疗", unit="例"
            ),
        ),
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_experience = n.Require(
        "四(二)1(2)",
        "经卫生健康行政部门备案开展全身高能X线(及60钴γ线)照射技术5年以上，每年可完成该项技术10例以上。"
        "近三年，相关医疗工作无严重不良事件。",
        n.at_least("base.tbi_years", 5, "备案开展本技术", "年", maximum=200),
        n.at_least("base.annual_tbi", 10, "每年完成本技术", "例"),
        n.yes("base.no_serious_event_3y", "近三年相关医疗工作无严重不良事件"),
        title="培训基地：备案开展本技术5年以上，每年10例以上，近三年无严重不良事件",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_tutors = n.Require(
        "四(二)1(3)",
        "有至少3名具有该项技术资质的指导医师和2名放射物理（剂量）师、3名放疗技师组成的教学指导组",
        n.at_least("base.tutors", 3, "具有该项技术资质的指导医师（副高以上）", "名", maximum=1000),
        n.at_least(
            "base.tutor_physicists", 2, "放射物理（剂量）师（副高以上）", "名", maximum=1000
        ),
        n.at_least("base.tutor_technicians", 3, "放疗技师（中级以上）", "名", maximum=1000),
        title="培训基地教学指导组：指导医师3名、放射物理（剂量）师2名、放疗技师3名",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_resources = n.Require(
        "四(二)1(4)",
        "有与开展全身高能X线(及60钴γ线)照射技术培训工作相适应的人员、技术、设备和设施等条件。",
        n.yes("base.resources", "有与开展培训工作相适应的人员、技术、设备和设施"),
        title="培训基地有相适应的人员、技术、设备和设施",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_publications = n.Require(
        "四(二)1(5)",
        "每年有相关学术论文或相关专著发表。",
        n.yes("base.publications", "每年有相关学术论文或相关专著发表"),
        title="培训基地每年有相关学术论文或专著发表",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_meetings = n.Require(
        "四(二)1(6)",
        "每两年举办省级及省级以上专业学术会议或承担国家级继续教育项目1-2次。",
        n.at_least(
            "base.meetings_2y",
            1,
            "近两年举办省级以上学术会议或国家级继续教育项目",
            "次",
            maximum=100,
        ),
        title="培训基地每两年举办省级以上学术会议或国家级继续教育项目1-2次",
        when=_BASE,
        otherwise=_NOT_BASE,
    )
    base_curriculum, base_schedule, base_assessment, base_archives = n.BASE_TEACHING.clauses(
        schedule_title="保证在规定时间内完成规定的培训",
        assessment="培训结束后，对接受培训的医师和放射物理（剂量）师进行考试、考核，"
        "并出具是否合格的结论。",
        assessment_label="培训结束后进行考试、考核并出具是否合格的结论",
        assessment_title="培训结束后考试、考核并出具结论",
        archives="为每位接受培训的医师和放射物理（剂量）师建立培训及考试、考核档案。",
        archives_label="为每位受训人员建立培训及考试、考核档案",
        archives_title="为每位受训人员建立档案",
        path="base",
        when=_BASE,
    )


NORM = TbiNorm
