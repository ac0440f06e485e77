"""Quality-control indicators of 颅颌面畸形颅面外科矫治技术 (2022 S05, 2023 S03 质量控制指标).

Every heading of both editions (12 in 2022, 13 in 2023: 八、术中自体血输注率 is new),
computed from the craniofacial case form; each cites its clause with the seed's
definition sentence.

Reading the damaged text (seeds/README.md): every 计算公式 lost its fraction body,
so numerators and denominators follow the definitions (定义). Further:

* 2022 prints no 指标类型 or 表达方式; an indicator of both editions takes the
  2023 values, and the 2022-only ones (two that 2023 renamed or widened) are
  inferred from their 2023 successors; the ``note`` says so.
* 一、医患比 is printed "×100%", but its definition counts physicians per 万例次:
  physicians on duty here (固定在岗、本医疗机构, of the registry, who hold a
  craniofacial profile) per 10,000 cases of the period.
* 二、各类手术患者比例 is one heading for three kinds of operation: one indicator
  per kind (the share of the period's patients).
* 2023 五 prints two formulas whose names were lost (``= ×100%`` twice): read as the
  rate for 正颌外科手术 and for 面部骨轮廓手术 apart, beside the heading's rate
  over both; 2022 五 is 正颌 only (its formula: 正颌外科术前计算机辅助设计系统使用率).
* 2023 十 lost two of its seven formula names (下牙槽神经损伤, 固定夹板松脱/折断, in
  the order of the definition's list): those two carry the heading with the
  complication in parentheses, in both editions.
* "患者数" rates count patients (a patient operated twice in the period counts
  once); 术后并发症 counts 例数 and 术后抢救 counts 例次 (rescues within 24 hours
  of an episode's first are one 例次).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import (
    Events,
    F,
    Indicator,
    IndicatorKind,
    IndicatorKit,
    Predicate,
    StaffPerCases,
    constant,
    value_if,
)
from rtech.plugins.craniofacial.meta import TECHNOLOGY

__all__ = ["INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)

INFERRED_2022 = "2022 S05 未规定指标类型与表达方式，按2023 S03同名指标推断。"


def _at_least_ml(paths: tuple[str, ...], minimum: float, text: str) -> Predicate:
    """The volumes at ``paths`` add up to ``minimum`` ml or more (unknown if one is missing)."""

    def test(answers: Mapping[str, Any]) -> bool | None:
        total = 0.0
        for path in paths:
            value: Any = answers
            for key in path.split("."):
                value = value.get(key) if isinstance(value, Mapping) else None
            if isinstance(value, bool) or not isinstance(value, int | float):
                return None
            total += float(value)
        return total >= minimum

    return Predicate(test, paths, text)


# -------------------------------------------------------------------------
# Fields and sets
# -------------------------------------------------------------------------

CATEGORY = F("procedure.category")
ALL = F("procedure.date").present()
CRANIO_ORBITAL = CATEGORY.eq("cranio_orbital")
ORTHOGNATHIC = CATEGORY.eq("orthognathic")
CONTOURING = CATEGORY.eq("contouring")
CAD = F("imaging.cad").is_true()

INTRAOP = ("transfusion_intraop.allogeneic_ml", "transfusion_intraop.autologous_ml")
POSTOP = ("transfusion_postop.allogeneic_ml", "transfusion_postop.autologous_ml")
#: 输血 is allogeneic and autologous blood alike: 2023 八 counts 自体血 among 输血治疗.
TRANSFUSED_400 = _at_least_ml(INTRAOP + POSTOP, 400, "intraop + postop transfusion >= 400 ml")
INTRAOP_TRANSFUSED_400 = _at_least_ml(INTRAOP, 400, "intraop transfusion >= 400 ml")
INTRAOP_AUTOLOGOUS_400 = _at_least_ml(INTRAOP[1:], 400, "intraop autologous >= 400 ml")

COMPLICATIONS = F("course.complications")
SEVEN = {
    "facial_nerve": "面神经损伤",
    "optic_nerve": "视神经损伤",
    "inferior_alveolar_nerve": "下牙槽神经损伤",
    "wound_infection": "伤口感染",
    "splint_failure": "固定夹板松脱/折断",
    "csf_leak": "脑脊液漏",
    "intracranial_infection": "颅内感染",
}
#: The formula names as printed; None where 2023 lost it (the heading carries the kind).
PRINTED = {
    "facial_nerve": "术后面神经损伤发生率",
    "optic_nerve": "术后视神经损伤发生率",
    "inferior_alveolar_nerve": None,
    "wound_infection": "术后伤口感染发生率",
    "splint_failure": None,
    "csf_leak": "术后脑脊液漏发生率",
    "intracranial_infection": "术后颅内感染发生率",
}
LOST = {
    "inferior_alveolar_nerve": "术后下牙槽神经损伤发生率",
    "splint_failure": "术后固定夹板松脱、折断发生率",
}

RESCUES = Events("rescue.events", date="date", time="time")
RESCUED = F("rescue.rescued").is_true()
#: No rescue: no list of rescues, and none counted.
RESCUE_EPISODES = value_if(RESCUED, RESCUES.count(dedupe_hours=24), constant(0))
RESCUE_SUCCESSES = RESCUES.count_episodes(hours=24, outcome=lambda e: e.get("survived_24h"))
DEAD = F("death.status").isin(("died", "irreversible_discharge"))

# -------------------------------------------------------------------------
# Definitions (the seed's words)
# -------------------------------------------------------------------------

STAFF_RATIO = (
    "各学科（口腔颌面外科、整形外科、小儿外科、神经外科、眼科、耳鼻喉科、口腔正畸科等）开展"
    "颅颌面畸形颅面外科矫治技术的固定在岗（本医疗机构）医师总数占同期完成颅颌面畸形颅面外科"
    "矫治技术总例次数（万例次）的比例。"
)
SHARE = "各类手术患者比例是指该类手术患者数占同期颅颌面畸形颅面外科矫治技术患者总数的比例。"
COMPLICATION = (
    "颅颌面畸形颅面外科矫治技术患者，术后发生各种并发症（面神经损伤、视神经损伤、下牙槽神经"
    "损伤、伤口感染、固定夹板松脱/折断、脑脊液漏、颅内感染）的例数占同期颅颌面畸形颅面外科"
    "矫治技术总例数的比例。"
)
CAD_2022 = "正颌外科手术患者，术前使用计算机辅助设计系统的患者数占同期正颌外科手术患者总数的比例。"
CAD_2023 = (
    "正颌外科手术或面部骨轮廓手术患者，术前使用计算机辅助设计系统的患者数占同期正颌外科手术或"
    "面部骨轮廓手术患者总数的比例。"
)
RESCUE = "术后抢救率是指术后抢救的患者例次数占同期颅颌面畸形颅面外科矫治技术患者总数的比例。"
RESCUE_SUCCESS = "术后抢救成功的患者例次数占同期术后抢救患者总例次数的比例。"
RESCUE_NOTE = (
    "同一患者24小时内行多次抢救，记为“一例次”；按抢救日期与时刻归并。病例表记录住院期间的抢救，"
    "均按术后抢救计。"
)
UNPLANNED = "{}率是指{}患者数占同期颅颌面畸形外科矫治技术患者总数的比例。"
SHARES = (
    ("share_cranio_orbital", "颅眶外科手术", CRANIO_ORBITAL),
    ("share_orthognathic", "正颌外科手术", ORTHOGNATHIC),
    ("share_contouring", "面部骨轮廓手术", CONTOURING),
)


def _complication(key: str) -> Indicator:
    printed = PRINTED[key]
    note = ""
    if printed is None:
        note = (
            f"2023 S03 此公式名称缺失，按定义所列第{list(SEVEN).index(key) + 1}项并发症"
            f"（{SEVEN[key]}）；2022 S05 公式名称为“{LOST[key]}”。"
        )
    return kit.indicator(
        id=f"complication_{key}",
        name=printed or f"术后并发症发生率（{SEVEN[key]}）",
        clause={"2022": "九", "2023": "十"},
        quote=COMPLICATION,
        type="过程",
        direction="降低",
        denominator=ALL,
        numerator=COMPLICATIONS.contains_any((key,)),
        note=(note + INFERRED_2022) if note else INFERRED_2022,
    )


INDICATORS: tuple[Indicator, ...] = (
    kit.indicator(
        id="staff_ratio",
        name="医患比",
        clause={"2022": "一", "2023": "一"},
        quote=STAFF_RATIO,
        type="结构",
        direction="监测比较",
        kind=IndicatorKind.STRUCTURE,
        denominator=ALL,
        structure=StaffPerCases(
            F("role").eq("physician")
            & F("active").is_true()
            & F("registered_here").is_true()
            & F("technologies").contains_any((TECHNOLOGY.slug,))
        ),
        unit="人/万例次",
        scale=10000,
        note="原文公式为“×100%”且缺分子分母；按定义以固定在岗（本医疗机构注册、在岗）且登记本技术"
        "的医师人数比同期完成本技术万例次计。" + INFERRED_2022,
    ),
    *(
        kit.indicator(
            id=key,
            name=f"各类手术患者比例（{kind}）",
            clause={"2022": "二", "2023": "二"},
            quote=SHARE,
            type="结构",
            direction="监测比较",
            denominator=ALL,
            numerator=which,
            per="患者",
            note=f"“各类”按管理规范所列三类逐类计算，本项为{kind}。" + INFERRED_2022,
        )
        for key, kind, which in SHARES
    ),
    kit.indicator(
        id="preop_orthodontics",
        name="正颌术前正畸比例",
        clause={"2022": "三", "2023": "三"},
        quote="正颌术前给予正畸治疗的患者数占同期正颌外科手术患者总数的比例。",
        type="过程",
        direction="监测比较",
        denominator=ORTHOGNATHIC,
        numerator=F("procedure.preop_orthodontics").is_true(),
        per="患者",
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="cranio_orbital_preop_ct",
        name="颅眶外科手术术前CT检查率",
        clause={"2022": "四", "2023": "四"},
        quote="颅眶外科手术患者，完成术前CT检查的患者数占同期颅眶外科手术患者总数比例。",
        type="过程",
        direction="提高",
        denominator=CRANIO_ORBITAL,
        numerator=F("imaging.preop").contains_any(("ct",)),
        per="患者",
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="cad_use",
        name="术前计算机辅助设计系统使用率",
        clause={"2022": "五"},
        quote=CAD_2022,
        type="过程",
        direction="提高",
        denominator=ORTHOGNATHIC,
        numerator=CAD,
        per="患者",
        note="2022 S05 公式名称为“正颌外科术前计算机辅助设计系统使用率”，仅计正颌外科手术。"
        + INFERRED_2022,
    ),
    kit.indicator(
        id="cad_use_2023",
        name="术前计算机辅助设计系统使用率",
        clause={"2023": "五"},
        quote=CAD_2023,
        type="过程",
        direction="提高",
        denominator=ORTHOGNATHIC | CONTOURING,
        numerator=CAD,
        per="患者",
        note="2023 S03 扩及面部骨轮廓手术：正颌外科手术与面部骨轮廓手术合计。",
    ),
    *(
        kit.indicator(
            id=f"cad_use_{key.removeprefix('share_')}",
            name=f"术前计算机辅助设计系统使用率（{kind}）",
            clause={"2023": "五"},
            quote=CAD_2023,
            type="过程",
            direction="提高",
            denominator=which,
            numerator=CAD,
            per="患者",
            note=f"2023 S03 列两个公式而名称缺失（“= ×100%”），按定义分别计算；本项为{kind}。",
        )
        for key, kind, which in SHARES[1:]
    ),
    kit.indicator(
        id="unintended_fracture",
        name="意外骨折发生率",
        clause={"2022": "六", "2023": "六"},
        quote="意外骨折发生率是指发生意外骨折的患者数占同期颅颌面畸形颅面外科矫治技术患者总数的比例。",
        type="过程",
        direction="降低",
        denominator=ALL,
        numerator=F("course.unintended_fracture").is_true(),
        per="患者",
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="transfusion",
        name="输血率",
        clause={"2022": "七", "2023": "七"},
        quote="颅颌面畸形颅面外科矫治技术患者，术中、术后（住院期间内）接受400ml及以上输血治疗的"
        "患者数占同期颅颌面畸形颅面外科矫治技术患者总数的比例。",
        type="过程",
        direction="降低",
        denominator=ALL,
        numerator=TRANSFUSED_400,
        per="患者",
        note="术中与术后（住院期间）异体输血和自体血回输合计不少于400ml。" + INFERRED_2022,
    ),
    kit.indicator(
        id="intraop_autologous",
        name="术中自体血输注率",
        clause={"2023": "八"},
        quote="颅颌面畸形颅面外科矫治技术患者，术中接受400ml及以上自体血（包括自体全血及自体血红细胞）"
        "输注患者数占同期术中接受400ml及以上输血治疗的患者总数的比例。",
        type="过程",
        direction="提高",
        denominator=INTRAOP_TRANSFUSED_400,
        numerator=INTRAOP_AUTOLOGOUS_400,
        per="患者",
        note="分母：术中异体输血与自体血回输合计不少于400ml；分子：其中术中自体血回输不少于400ml。",
    ),
    kit.indicator(
        id="hemorrhagic_shock",
        name="失血性休克发生率",
        clause={"2022": "八", "2023": "九"},
        quote="颅颌面畸形颅面外科矫治技术患者，术中、术后（住院期间内）发生失血性休克的患者数占同期"
        "颅颌面畸形颅面外科矫治技术患者总数的比例。",
        type="过程",
        direction="降低",
        denominator=ALL,
        numerator=F("course.hemorrhagic_shock").is_true(),
        per="患者",
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="complications",
        name="术后并发症发生率",
        clause={"2022": "九", "2023": "十"},
        quote=COMPLICATION,
        type="过程",
        direction="降低",
        denominator=ALL,
        numerator=COMPLICATIONS.contains_any(tuple(SEVEN)),
        note="发生所列七种并发症之一的例数；各种并发症另列。" + INFERRED_2022,
    ),
    *(_complication(key) for key in SEVEN),
    kit.indicator(
        id="unplanned_second_operation",
        name="非计划二次手术率",
        clause={"2022": "十"},
        quote=UNPLANNED.format("非计划二次手术", "非计划二次手术"),
        type="过程",
        direction="降低",
        denominator=ALL,
        numerator=F("reoperation.unplanned").is_true(),
        per="患者",
        note="2023 S03 改称“非计划再次手术率”。" + INFERRED_2022,
    ),
    kit.indicator(
        id="unplanned_reoperation",
        name="非计划再次手术率",
        clause={"2023": "十一"},
        quote=UNPLANNED.format("非计划再次手术", "非计划再次手术"),
        type="过程",
        direction="降低",
        denominator=ALL,
        numerator=F("reoperation.unplanned").is_true(),
        per="患者",
    ),
    kit.indicator(
        id="rescue",
        name="术后抢救率",
        clause={"2022": "十一", "2023": "十二"},
        quote=RESCUE,
        type="过程",
        direction="降低",
        kind=IndicatorKind.RATIO,
        denominator=ALL,
        numerator_value=RESCUE_EPISODES,
        denominator_value=constant(1),
        note=RESCUE_NOTE + "分母按例次计。" + INFERRED_2022,
    ),
    kit.indicator(
        id="rescue_success",
        name="术后抢救成功率",
        clause={"2022": "十一", "2023": "十二"},
        quote=RESCUE_SUCCESS,
        type="过程",
        direction="提高",
        kind=IndicatorKind.RATIO,
        denominator=RESCUED,
        numerator_value=RESCUE_SUCCESSES,
        denominator_value=RESCUE_EPISODES,
        note=RESCUE_NOTE
        + "抢救成功：经抢救的术后患者存活超过24小时（以每例次最后一次抢救计）。"
        + INFERRED_2022,
    ),
    kit.indicator(
        id="death",
        name="术中及术后死亡率",
        clause={"2022": "十二", "2023": "十三"},
        quote="术中及术后死亡率是指术中及术后患者死亡人数占同期颅颌面畸形颅面外科矫治技术患者总数的比例。",
        type="过程",
        direction="降低",
        denominator=ALL,
        numerator=DEAD,
        per="患者",
        note="包括因不可逆疾病而自动出院的患者（住院期间内）。" + INFERRED_2022,
    ),
)
