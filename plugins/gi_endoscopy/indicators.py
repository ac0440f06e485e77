"""Quality-control indicators of 消化内镜诊疗技术 (2023 S11 质量控制指标 一至二十三).

Every heading, computed from the fields of the case form; each cites its
clause with the seed's definition sentence.

Reading the damaged text (seeds/README.md): every 计算公式 lost its fraction
body (only the indicator's name is left under it, or nothing: 五), so
numerators and denominators follow the definitions (定义). Where 指标类型 or
表达方式 is not printed (四、五、六、十六、十八), it is inferred and the
``note`` says so. Targets the text states: 十四 > 95 %, 十五 > 60 %, 十六 > 60 %
(double-balloon) and > 10 % (single-balloon), 十七 < 5 %.

Denominators over every GI endoscopy of the period (三、六: 同期消化内镜诊疗总例次数)
are aggregates an administrator enters (``rtech aggregates set``): most
gastroscopies and colonoscopies are not filed as cases here. The cases filed
give the numerators.

严重并发症 (六 说明, repeated under 三、十二、十七): 严重出血 (术后三天内血红蛋白降低
30g/L以上 — computed by the core's ``hb_drop`` from the recorded values — or 输血,
外科手术/DSA止血), 术后重症胰腺炎, 全身感染 (two of four SIRS criteria — the
core's ``sirs``), 穿孔转外科手术修补, 致残, 致死, 其他需外科手术干预的情况.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import (
    Aggregate,
    Citation,
    F,
    IndicatorKit,
    Predicate,
    Threshold,
    date_within,
    died_within,
    hb_drop,
    sirs,
)
from rtech.plugins.gi_endoscopy.meta import TECHNOLOGY

__all__ = ["ALL_ENDOSCOPY", "INDICATORS", "SCORES", "SERIOUS", "eus_effective"]

kit = IndicatorKit(TECHNOLOGY)


def _cite(clause: str, quote: str) -> Citation:
    return TECHNOLOGY.cite("2023", f"质量控制指标 {clause}", quote)


# -------------------------------------------------------------------------
# Fields and sets
# -------------------------------------------------------------------------

TYPE = F("procedure.type")
ERCP = TYPE.eq("ercp")
ESD = TYPE.eq("esd")
EUS_FNA = TYPE.eq("eus_fna")
EUS_INTERVENTION = TYPE.eq("eus_intervention")
ENTEROSCOPY = TYPE.eq("enteroscopy")
VARICES = TYPE.eq("varices")

HB_DROP = hb_drop("complications.hb_before", "complications.hb_after")
SIRS = sirs("complications.sirs")
#: The review shows both with their inputs (rtech_derived_scores, in __init__).
SCORES = (HB_DROP, SIRS)

SERIOUS_KINDS = (
    "transfusion",
    "hemostasis_surgery_dsa",
    "severe_pancreatitis",
    "perforation_surgery",
    "disability",
    "death",
    "other_surgery",
)
#: 六 说明: a serious complication ticked, or severe bleeding measured (Hb down 30 g/L
#: or more within three days), or systemic infection measured (SIRS, two of four).
SERIOUS = (
    F("complications.serious").contains_any(SERIOUS_KINDS)
    | (F("complications.hb_checked").is_true() & HB_DROP.is_true())
    | (F("complications.infection_signs").is_true() & SIRS.is_true())
)

ALL_ENDOSCOPY = Aggregate(
    "gi_endoscopy_total",
    "同期消化内镜诊疗总例次数",
    _cite(
        "六",
        "单位时间内，发生消化内镜相关严重并发症的诊疗例次数占同期消化内镜诊疗总例次数的比例。",
    ),
    help="本机构同期完成的全部消化内镜诊疗例次（胃镜、结肠镜、十二指肠镜、小肠镜、超声内镜等，"
    "含未在本系统登记病例者）。",
)


def get_path(answers: Mapping[str, Any], path: str) -> Any:
    """The answer at a dotted path (None where a step is missing)."""
    node: Any = answers
    for key in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _fell_by(before: Any, after: Any) -> float | None:
    """The share (0-1) by which ``after`` is below ``before``; None when not computable."""
    first, then = _number(before), _number(after)
    if first is None or then is None or first <= 0:
        return None
    return (first - then) / first


def _effective(section: Mapping[str, Any], procedure_date: Any) -> bool | None:
    """十一: the rule of the technique (注射相关技术 1)-5), 引流相关技术 1)-4))."""
    technique = section.get("technique")
    if technique == "cyst_injection":  # 半年后病灶缩小大于50%
        share = _fell_by(section.get("size_before_mm"), section.get("size_6m_mm"))
        return None if share is None else share > 0.5
    if technique == "tumour_local":  # 生存期不低于同期行系统性放化疗及TACE治疗患者
        found = section.get("survival_not_inferior")
        return found if isinstance(found, bool) else None
    if technique == "celiac_block":  # 术后疼痛缓解50%以上 ("以上" includes 50 %)
        share = _fell_by(section.get("pain_before"), section.get("pain_after"))
        return None if share is None else share >= 0.5
    if technique == "varices":  # 静脉曲张治疗后8周内未再次出血
        rebleed = section.get("rebleed")
        if rebleed is False:
            return True
        if rebleed is not True:
            return None
        within = date_within("eus_intervention.rebleed_date", 56, after="procedure.date")(
            {"eus_intervention": section, "procedure": {"date": procedure_date}}
        )
        return None if within is None else not within
    if technique == "portal_ctc":  # 成功取血门静脉，并检测出循环肿瘤细胞
        obtained = section.get("portal_blood_obtained")
        if obtained is False:
            return False
        detected = section.get("ctc_detected")
        return detected if obtained is True and isinstance(detected, bool) else None
    if technique == "pseudocyst_drainage":  # 1周内缩小大于50%，不需升级抗感染治疗方案
        share = _fell_by(section.get("size_before_mm"), section.get("size_1w_mm"))
        escalated = section.get("antibiotics_escalated")
        if escalated is True:
            return False
        return None if share is None or escalated is not False else share > 0.5
    if technique == "eus_bd":  # 引流后一周内黄疸下降大于30%
        share = _fell_by(section.get("bilirubin_before"), section.get("bilirubin_1w"))
        return None if share is None else share > 0.3
    if technique == "eus_pd":  # 引流后一周内胰管扩张减少50% (read: by 50 % or more)
        share = _fell_by(section.get("duct_before_mm"), section.get("duct_1w_mm"))
        return None if share is None else share >= 0.5
    if technique == "eus_ge":  # 耐受经口进食而无呕吐，GOOSS评分≥2分
        gooss, vomiting = section.get("gooss"), section.get("vomiting")
        if vomiting is True:
            return False
        if not isinstance(gooss, str) or vomiting is not False:
            return None
        return int(gooss) >= 2
    if technique == "other":  # no rule in the seed: the physician's judgement
        found = section.get("clinically_effective")
        return found if isinstance(found, bool) else None
    return None


def eus_effective() -> Predicate:
    """十一 超声内镜引导下介入治疗临床有效, by the rule of each technique."""

    def test(answers: Mapping[str, Any]) -> bool | None:
        section = get_path(answers, "eus_intervention")
        if not isinstance(section, Mapping):
            return None
        return _effective(section, get_path(answers, "procedure.date"))

    fields = ("eus_intervention", "procedure.date")
    return Predicate(test, fields, "eus_intervention clinically effective (十一 rules)")


def _esd_concordant() -> Predicate:
    """五: the post-operative pathology agrees with the pre-operative judgement."""

    def test(answers: Mapping[str, Any]) -> bool | None:
        before = get_path(answers, "esd.preop_judgement")
        after = get_path(answers, "esd.postop_pathology")
        if before is None or after is None:
            return None
        return bool(before == after)

    return Predicate(
        test, ("esd.preop_judgement", "esd.postop_pathology"), "esd pathology == judgement"
    )


#: 十四: 经口 外套通过屈氏韧带到空肠上段; 经肛 外套通过回盲瓣到回肠10cm以上 (10 counts); 并留图.
ROUTE = F("enteroscopy.route")
ORAL_OK = F("enteroscopy.oral_reached_jejunum").is_true()
ANAL_OK = F("enteroscopy.anal_ileum_cm").ge(10)
ENTEROSCOPY_SUCCESS = F("enteroscopy.image_kept").is_true() & (
    (ROUTE.eq("oral") & ORAL_OK)
    | (ROUTE.eq("anal") & ANAL_OK)
    | (ROUTE.eq("both") & ORAL_OK & ANAL_OK)
)
#: 十六: 应对接数 = 检查总例数 − 因小肠狭窄不能对接 − 发现阳性病变不需要对接.
SHOULD_DOCK = ENTEROSCOPY & ~F("enteroscopy.docking").isin(("stricture", "lesion_found"))
DOCKED = F("enteroscopy.docking").eq("docked")
ENTEROSCOPY_THERAPY = ENTEROSCOPY & F("enteroscopy.therapy").contains_any(
    ("foreign_body", "hemostasis", "polypectomy", "dilation_incision", "stent")
)

ERCP_THERAPY = ERCP & F("ercp.therapy").isin(
    ("stone_extraction", "lithotripsy_extraction", "pancreatic_ablation")
)
ERCP_NORMAL_ANATOMY = (
    ERCP & F("ercp.altered_anatomy").eq(False) & F("ercp.prior_papilla_surgery").eq(False)
)

VARICES_COMPLICATION = (
    F("varices.complications").contains_any(
        ("ulcer_bleeding", "stricture", "ectopic_embolism", "perforation", "infection", "other")
    )
    | SERIOUS
)

G_ERCP = "ERCP"
G_ESD = "ESD"
G_ALL = "消化内镜诊疗"
G_EUS = "超声内镜"
G_ENTEROSCOPY = "小肠镜"
G_VARICES = "静脉曲张内镜治疗"
_EUS_BASIS = "2022年欧洲介入超声内镜治疗指南及2018年亚洲介入超声内镜介入共识"
_NOT_PRINTED = "原文未印指标类型（表达方式），按定义推断。"

INDICATORS = (
    kit.indicator(
        id="ercp_cannulation",
        name="内镜下逆行胰胆管造影术（ERCP）选择性深插管成功率",
        clause="一",
        quote="单位时间内，ERCP 选择性深插管成功的例次数占同期 ERCP 总例次数的比例。",
        type="结果",
        direction="提高",
        group=G_ERCP,
        denominator=ERCP_NORMAL_ANATOMY,
        numerator=F("ercp.deep_cannulation").is_true(),
        note="本指标适用于胃肠道解剖正常、无十二指肠乳头手术史的患者（指标参考依据），"
        "分母不含解剖改变或有乳头手术史者。",
    ),
    kit.indicator(
        id="ercp_therapy_success",
        name="ERCP 及相关技术治疗成功率",
        clause="二",
        quote="单位时间内，ERCP 治疗成功例次数占同期 ERCP 治疗总例次数的比例。",
        type="结果",
        direction="提高",
        group=G_ERCP,
        denominator=ERCP_THERAPY,
        numerator=F("ercp.therapy_success").is_true(),
        note="治疗成功指单次 ERCP 取石、碎石后取石、胰管病损或组织的切除或破坏的成功（指标参考"
        "依据）；分母为这三类治疗的 ERCP，其他治疗（支架、引流等）原文未定义成功，不计入。",
    ),
    kit.indicator(
        id="ercp_serious_complications",
        name="ERCP及相关技术并发症成功率",
        clause="三",
        quote="单位时间内，发生ERCP相关严重并发症的诊 疗例次数占同期消化内镜诊疗总例次数的比例。",
        type="结果",
        direction="降低",
        group=G_ERCP,
        denominator=ERCP,
        numerator=SERIOUS,
        aggregate=ALL_ENDOSCOPY,
        note="标题“并发症成功率”与定义、公式名（消化内镜相关严重并发症发生率）和表达方式（降低）"
        "不符，按发生率计算；分母按定义为同期全部消化内镜诊疗例次（汇总数据），分子为发生严重"
        "并发症的 ERCP 例次。",
    ),
    kit.indicator(
        id="esd_r0",
        name="内镜黏膜下剥离术（ESD）手术成功率",
        clause="四",
        quote="单位时间内，消化道内镜黏膜下剥离术（ESD）完整切除的例次数占同期消化道内镜黏膜下剥离"
        "术（ESD）总例次数的比例。",
        type="结果",
        direction="提高",
        group=G_ESD,
        denominator=ESD,
        numerator=F("esd.en_bloc").is_true()
        & F("esd.horizontal_margin_negative").is_true()
        & F("esd.vertical_margin_negative").is_true(),
        note="完整切除即R0切除：整块切除且水平切缘和垂直切缘均阴性（说明）；高级别上皮内瘤变行ESD"
        "的患者纳入统计。" + _NOT_PRINTED,
    ),
    kit.indicator(
        id="esd_pathology_concordance",
        name="术后病理与术前判断符合率",
        clause="五",
        quote="单位时间内，ESD术后标本病理阳性的例次数占同期ESD术前判断的总例次数的比例。",
        type="结果",
        direction="提高",
        group=G_ESD,
        denominator=ESD & F("esd.preop_judgement").present(),
        numerator=_esd_concordant(),
        note="ESD术后标本病理阳性是指ESD术后标本的病理诊断与疾病的术前诊断一致（说明）：按病变类别"
        "比较术前判断与术后病理。原文计算公式整段缺失；" + _NOT_PRINTED,
    ),
    kit.indicator(
        id="serious_complications",
        name="消化内镜相关并发症发生率",
        clause="六",
        quote="单位时间内，发生消化内镜相关严重并发症的诊疗例次数占同期消化内镜诊疗总例次数的比例。",
        type="结果",
        direction="降低",
        group=G_ALL,
        denominator=TYPE.present(),
        numerator=SERIOUS,
        aggregate=ALL_ENDOSCOPY,
        note="分母为同期全部消化内镜诊疗例次（汇总数据）；分子为登记病例中发生严重并发症者，严重"
        "出血（术后三天内血红蛋白降低30g/L以上）与全身感染（2项或以上）由测量值计算。"
        + _NOT_PRINTED,
    ),
    kit.indicator(
        id="eus_fna_success",
        name="超声内镜下细针穿刺（EUS-FNA/B）操作成功率",
        clause="七",
        quote="单位时间内，EUS-FNA/B 操作成功的例次数占同期 EUS-FNA/B 操作总例次数的比例。",
        type="结果",
        direction="提高",
        group=G_EUS,
        denominator=EUS_FNA,
        numerator=F("eus_fna.success").is_true(),
        note="原文未定义“操作成功”，按穿刺到位并获得标本理解。",
    ),
    kit.indicator(
        id="eus_fna_positive",
        name="超声内镜下细针穿刺（EUS-FNA/B）标本病理阳性率",
        clause="八",
        quote="单位时间内，EUS-FNA/B 标本病理阳性的例次数占同期已有临床诊断结果的患者行 EUS-FNA/B "
        "的总例次数的比例。",
        type="结果",
        direction="提高",
        group=G_EUS,
        denominator=EUS_FNA & F("eus_fna.clinical_diagnosis_known").is_true(),
        numerator=F("eus_fna.success").is_true() & F("eus_fna.pathology_positive").is_true(),
        note="操作未成功（未获标本）者计入分母、不计入分子。",
    ),
    kit.indicator(
        id="eus_intervention_indication",
        name="超声内镜引导下介入治疗适应症符合率",
        clause="九",
        quote="单位时间内，符合超声内镜引导下介入治疗适应症病例次数占同期超声内镜引导下介入治疗总例"
        "次数的比例。",
        type="过程",
        direction="提高",
        group=G_EUS,
        denominator=EUS_INTERVENTION,
        numerator=F("eus_intervention.indication_met").is_true(),
        note=f"适应症依据{_EUS_BASIS}，由医师判定。",
    ),
    kit.indicator(
        id="eus_intervention_success",
        name="超声内镜引导下介入治疗操作成功率",
        clause="十",
        quote="单位时间内，超声内镜引导下介入治疗操作成功的例次数占同期超声内镜引导下介入治疗总例次"
        "数的比例。",
        type="结果",
        direction="提高",
        group=G_EUS,
        denominator=EUS_INTERVENTION,
        numerator=F("eus_intervention.technical_success").is_true(),
    ),
    kit.indicator(
        id="eus_intervention_effective",
        name="超声内镜引导下介入治疗临床有效率",
        clause="十一",
        quote="单位时间内，超声内镜引导下介入治疗临床有效病例次数占同期超声内镜引导下介入治疗总例次"
        "数的比例。",
        type="结果",
        direction="提高",
        group=G_EUS,
        denominator=EUS_INTERVENTION,
        numerator=eus_effective(),
        note="按术式判定：注射相关 1)囊肿半年后缩小>50%；2)恶性占位局部治疗生存期不低于系统治疗"
        "（医师判定）；3)腹腔神经节阻滞疼痛缓解≥50%；4)静脉曲张8周内未再出血；5)门静脉取血并检出"
        "循环肿瘤细胞。引流相关 1)假性囊肿/包裹性坏死1周内缩小>50%且未升级抗感染；2)EUS-BD一周内"
        "黄疸下降>30%；3)EUS-PD一周内胰管扩张减少≥50%；4)EUS-GE无呕吐且GOOSS≥2。其他术式原文无"
        "标准，由医师判定；随访测量未录入者列为资料不全。",
    ),
    kit.indicator(
        id="eus_intervention_serious",
        name="超声内镜引导下介入治疗后严重并发症发生率",
        clause="十二",
        quote="住院期间超声内镜引导下介入治疗后出现治疗相关严重并发症的例次数占同期行超声内镜引导下"
        "介入治疗总例次数的比例。",
        type="结果",
        direction="降低",
        group=G_EUS,
        denominator=EUS_INTERVENTION,
        numerator=SERIOUS,
    ),
    kit.indicator(
        id="eus_intervention_death_12w",
        name="超声内镜引导下介入治疗后12周内操作相关死亡率",
        clause="十三",
        quote="单位时间内，超声内镜引导下介入治疗后12周内操作相关死亡例次数占同期行超声内镜引导下介"
        "入治疗总例次数的比例。",
        type="结果",
        direction="降低",
        group=G_EUS,
        denominator=EUS_INTERVENTION,
        numerator=died_within(84) & F("eus_intervention.death_related").is_true(),
        observe=84,
        note="12周按84天计（第84天内死亡计入）；死亡来自离院方式“死亡”或随访记录，是否与操作相关"
        "由医师记录（未记录者列为资料不全）。",
    ),
    kit.indicator(
        id="enteroscopy_success",
        name="小肠镜操作成功率",
        clause="十四",
        quote="单位时间内，经口小肠镜操作时外套通过屈氏韧带到空肠上段、经肛小肠镜操作时外套通过回盲"
        "瓣到回肠10cm以上的例次数占同期小肠镜检查总例次数的比例。",
        type="结果",
        direction="提高",
        group=G_ENTEROSCOPY,
        denominator=ENTEROSCOPY,
        numerator=ENTEROSCOPY_SUCCESS,
        threshold=Threshold(
            ">",
            95,
            _cite("十四", "为提高气囊小肠镜检查质量，小肠镜检查成功率大于95%。"),
        ),
        note="须并留图（说明）；“10cm以上”含10cm；经口及经肛双向检查两个方向均须达到。",
    ),
    kit.indicator(
        id="enteroscopy_therapy_success",
        name="小肠镜下治疗成功率",
        clause="十五",
        quote="单位时间内，小肠镜下治疗成功例次数占同期小肠镜下治疗例次数总例次数的比例。",
        type="结果",
        direction="提高",
        group=G_ENTEROSCOPY,
        denominator=ENTEROSCOPY_THERAPY,
        numerator=F("enteroscopy.therapy_success").is_true(),
        threshold=Threshold(
            ">",
            60,
            _cite(
                "十五",
                "为提高小肠镜治疗质量，保证患者的利益及安全性，降低并发症发生率，小肠镜治疗成功率"
                "应大于60%。",
            ),
        ),
    ),
    kit.indicator(
        id="enteroscopy_docking_double",
        name="小肠镜操作对接率（双气囊小肠镜）",
        clause="十六",
        quote="小肠镜对接率是指单位时间内经口小肠镜结合经肛小肠镜完成对接的例数/同期小肠镜检查应对"
        "接总例数×100%。",
        type="结果",
        direction="提高",
        group=G_ENTEROSCOPY,
        denominator=SHOULD_DOCK & F("enteroscopy.device").eq("double_balloon"),
        numerator=DOCKED,
        threshold=Threshold(">", 60, _cite("十六", "要求开展双气囊小肠镜的单位其对接率应大于60%")),
        note="应对接数指检查总例数减去因小肠狭窄不能对接及发现能够解释临床症状的阳性病变不需要"
        "对接的例数；目标按小肠镜类型分列（双气囊>60%）。原文未印指标类型，按结果质控推断。",
    ),
    kit.indicator(
        id="enteroscopy_docking_single",
        name="小肠镜操作对接率（单气囊小肠镜）",
        clause="十六",
        quote="小肠镜对接率是指单位时间内经口小肠镜结合经肛小肠镜完成对接的例数/同期小肠镜检查应对"
        "接总例数×100%。",
        type="结果",
        direction="提高",
        group=G_ENTEROSCOPY,
        denominator=SHOULD_DOCK & F("enteroscopy.device").eq("single_balloon"),
        numerator=DOCKED,
        threshold=Threshold(">", 10, _cite("十六", "开展单气囊小肠镜单位对接率应大于10%")),
        note="应对接数同上；目标按小肠镜类型分列（单气囊>10%）。原文未印指标类型，按结果质控推断。",
    ),
    kit.indicator(
        id="enteroscopy_serious",
        name="小肠镜治疗相关并发症发生率",
        clause="十七",
        quote="单位时间内，发生小肠镜相关严重并发症的诊 疗例次数占同期小肠镜诊疗总例次数的比例。",
        type="结果",
        direction="降低",
        group=G_ENTEROSCOPY,
        denominator=ENTEROSCOPY,
        numerator=SERIOUS,
        threshold=Threshold("<", 5, _cite("十七", "小肠镜治疗严重并发症发生率应小于5%。")),
        note="标题称“治疗相关”，定义与公式名为全部小肠镜诊疗的严重并发症：按定义，分母为全部"
        "小肠镜诊疗例次。",
    ),
    kit.indicator(
        id="varices_indication",
        name="静脉曲张内镜治疗适应症符合率",
        clause="十八",
        quote="单位时间内，符合门脉高压静脉曲张内镜下治疗适应症例次数占同期因静脉曲张行内镜下治疗总"
        "例次数的比例。",
        type="过程",
        direction="提高",
        group=G_VARICES,
        denominator=VARICES,
        numerator=F("varices.indication_met").is_true(),
        note="原文未印指标类型，按过程质控推断（同 九）；适应症依据肝硬化门静脉高压食管胃静脉曲张"
        "出血的防治指南（2016年），由医师判定。",
    ),
    kit.indicator(
        id="varices_success",
        name="内镜下静脉曲张治疗操作成功率",
        clause="十九",
        quote="单位时间内，内镜下曲张静脉治疗成功的例次数占同期曲张静脉内镜操作总例次数的比例",
        type="结果",
        direction="提高",
        group=G_VARICES,
        denominator=VARICES,
        numerator=F("varices.technical_success").is_true(),
    ),
    kit.indicator(
        id="varices_rebleed_1w",
        name="内镜下曲张静脉治疗后早期再出血率",
        clause="二十",
        quote="单位时间内，内镜下曲张静脉治疗后1周内再出血的例次数占同期行内镜下曲张静脉治疗的总例"
        "次数的比例",
        type="结果",
        direction="降低",
        group=G_VARICES,
        denominator=VARICES,
        numerator=F("varices.rebleed").is_true()
        & date_within("varices.rebleed_date", 7, after="procedure.date"),
        observe=7,
        note="1周按7天计：治疗日后第7天内再出血计入，第8天起不计。",
    ),
    kit.indicator(
        id="varices_complications",
        name="内镜下曲张静脉治疗后并发症发生率",
        clause="二十一",
        quote="单位时间内，内镜下曲张静脉治疗后出现治疗相关并发症的例次数占同期行内镜下曲张静脉治疗"
        "的总例次数的比例",
        type="结果",
        direction="降低",
        group=G_VARICES,
        denominator=VARICES,
        numerator=VARICES_COMPLICATION,
        note="治疗相关并发症：溃疡出血、食管狭窄、异位栓塞、穿孔、感染等，及严重并发症。",
    ),
    kit.indicator(
        id="varices_death_8w",
        name="内镜下曲张静脉治疗后8周死亡率",
        clause="二十二",
        quote="单位时间内，内镜下曲张静脉治疗后8周内死亡的例次数占同期行内镜下曲张静脉治疗的总例次"
        "数的比例",
        type="结果",
        direction="降低",
        group=G_VARICES,
        denominator=VARICES,
        numerator=died_within(56),
        observe=56,
        note="8周按56天计（第56天内死亡计入）；死亡来自离院方式“死亡”或随访记录。",
    ),
    kit.indicator(
        id="varices_death_1y",
        name="内镜下曲张静脉治疗后1年死亡率",
        clause="二十三",
        quote="单位时间内，内镜下曲张静脉治疗后1年内死亡的例次数占同期行内镜下曲张静脉治疗的总例次"
        "数的比例",
        type="结果",
        direction="降低",
        group=G_VARICES,
        denominator=VARICES,
        numerator=died_within(365),
        observe=365,
        note="1年按365天计；死亡来自离院方式“死亡”或随访记录。",
    ),
)
