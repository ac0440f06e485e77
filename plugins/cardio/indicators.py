"""Quality-control indicators of 心血管疾病介入诊疗技术 (2023 S05, 2022 S03 质量控制指标).

Every indicator of both editions, computed from the fields of the cardio case
form. Each cites its clause with the seed's definition sentence.

Reading the damaged text (seeds/README.md): every 计算公式 lost its fraction
body, so numerators and denominators follow the definition sentences (定义).
Where a definition contradicts its own indicator's name, the name wins and the
indicator's ``note`` says so. The 2022 edition states no 指标类型 or 表达方式:
for indicators only 2022 has, both are inferred from the definition and the
``note`` says so; indicators of both editions take the 2023 values.

Sets the seed names:

* "先心病" in 2022 is the three of its 意义 text (房间隔缺损、室间隔缺损、动脉导管未闭),
  with 卵圆孔未闭 named beside them; in 2023 (no list given) it is every
  congenital lesion the form records a *treatment* for: ASD, VSD, PDA,
  pulmonary valve stenosis and coarctation (the right-heart catheterisation is
  diagnostic; PFO, TAVI and LAA closure are not congenital heart disease).
* "起搏器" is the form's ``device_type == "pacemaker"`` (single or dual chamber);
  ICD and CRT-P/CRT-D are counted apart, as the seed does.
"""

from __future__ import annotations

from rtech import (
    Events,
    F,
    IndicatorKind,
    IndicatorKit,
    Stratifier,
    constant,
    grouped,
    value_if,
)
from rtech.plugins.cardio.meta import TECHNOLOGY

__all__ = ["INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)


INFERRED_2022 = "2022 S03 未规定指标类型与表达方式，按定义推断。"


# -------------------------------------------------------------------------
# Fields and sets
# -------------------------------------------------------------------------

CATEGORY = F("procedure.category")

CORONARY = CATEGORY.eq("coronary")
PRESENTATION = F("coronary.presentation")
SETTING = F("coronary.pci_setting")
STENT = F("coronary.pci_type").eq("stent")
BALLOON = F("coronary.pci_type").eq("balloon_only")
RESIDUAL = F("coronary.residual_stenosis_pct")
#: 2022 S03 指标 一(三): 择期冠状动脉介入治疗是指除STEMI患者接受的P-PCI以及NSTE ACS
#: 患者接受的急诊PCI以外的介入治疗.
EMERGENCY_PCI = (PRESENTATION.eq("stemi") & SETTING.eq("primary")) | (
    PRESENTATION.eq("nste_acs") & SETTING.eq("urgent")
)
ELECTIVE_PCI = CORONARY & ~EMERGENCY_PCI
EMERGENCY_REVASCULARIZATION = ("primary", "rescue", "pharmaco_invasive", "emergency_cabg")
CORONARY_SEVERE = ("acute_mi", "tamponade", "malignant_arrhythmia", "major_bleeding")

STRUCTURAL = CATEGORY.eq("structural")
STRUCTURAL_TYPE = F("structural.structural_type")
STRUCTURAL_COMPLICATIONS = F("structural.complications")
STRUCTURAL_EVENTS = Events("structural.complication_events", date="onset_date")
CHD_2023 = STRUCTURAL & STRUCTURAL_TYPE.isin(
    ("asd", "vsd", "pda", "pulmonary_stenosis", "coarctation_stent")
)
CHD_AND_PFO_2022 = STRUCTURAL & STRUCTURAL_TYPE.isin(("asd", "vsd", "pda", "pfo"))
ASD_VSD = STRUCTURAL & STRUCTURAL_TYPE.isin(("asd", "vsd"))
EACH_CHD_AND_PFO = Stratifier(
    "structural.structural_type",
    "病种",
    {"asd": "房间隔缺损", "vsd": "室间隔缺损", "pda": "动脉导管未闭", "pfo": "卵圆孔未闭"},
)

ARRHYTHMIA = CATEGORY.eq("arrhythmia")
KIND = F("arrhythmia.kind")
DEVICE = ARRHYTHMIA & KIND.eq("device")
PACEMAKER = DEVICE & F("arrhythmia.device_type").eq("pacemaker")
CRT = DEVICE & F("arrhythmia.device_type").isin(("crt_p", "crt_d"))
DEVICE_COMPLICATIONS = (
    "hemothorax",
    "pneumothorax",
    "lead_perforation",
    "tamponade",
    "lead_dislodgement",
    "pocket_hematoma",
    "pocket_infection",
)
ABLATION = ARRHYTHMIA & KIND.eq("ablation")
TARGET = F("arrhythmia.ablation_target")
PSVT = ABLATION & TARGET.eq("psvt")
AF = ABLATION & TARGET.eq("af")
VA = ABLATION & TARGET.eq("va")
ARRHYTHMIA_COMPLICATIONS = F("arrhythmia.complications")
PSVT_SEVERE = ("hemopneumothorax_surgery", "tamponade", "major_bleeding", "avb_pacemaker")
AF_SEVERE = (
    "hemopneumothorax_surgery",
    "tamponade",
    "atrioesophageal_fistula",
    "pv_stenosis",
    "major_bleeding",
)


# -------------------------------------------------------------------------
# 一、冠心病介入技术
# -------------------------------------------------------------------------

CORONARY_INDICATORS = grouped(
    "冠心病介入技术",
    kit.indicator(
        id="coronary_immediate_success",
        name="术后即刻冠状动脉造影成功率",
        clause={"2023": "一(一)", "2022": "一(一)"},
        quote={
            "2023": "术后即刻冠状动脉造影成功的例数占接受冠脉介入治疗患者例数的百分比，术后即"
            "刻冠状动脉造影成功是指支架术后病变残余狭窄<20%或单纯PTCA术后病变残余狭窄"
            "<50%，且TIMI 3级。",
            "2022": "术后即刻冠状动脉造影成功的例数占接受冠脉介入治疗患者例数的百分比，术后即"
            "刻冠状动脉造影成功是指支架术后病变残余狭窄<20%或单纯PTCA术后病变残余狭窄"
            "<50%，且TIMI 3 级。",
        },
        type="结果",
        direction="提高",
        denominator=CORONARY,
        numerator=CORONARY
        & ((STENT & RESIDUAL.lt(20)) | (BALLOON & RESIDUAL.lt(50)))
        & F("coronary.timi_flow").eq("3"),
    ),
    kit.mortality(
        id="coronary_mortality",
        name="住院死亡率",
        clause={"2023": "一(二)", "2022": "一(二)"},
        quote="住院期间死亡病例数占接受冠脉介入治疗病例数的百分比。",
        denominator=CORONARY,
    ),
    kit.mortality(
        id="coronary_elective_mortality",
        name="择期冠脉介入治疗死亡率",
        clause={"2022": "一(三)"},
        quote="择期冠脉介入治疗住院期间死亡病例数占接受择期冠脉介入治疗病例数的百分比，择期冠状动脉"
        "介入治疗是指除STEMI患者接受的P-PCI以及NSTE ACS患者接受的急诊PCI以外的介入治疗。",
        denominator=ELECTIVE_PCI,
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="coronary_severe_complications",
        name="严重并发症发生率",
        clause={"2023": "一(三)", "2022": "一(四)"},
        quote="住院期间发生急性心肌梗死、心脏压塞、恶性心律失常、需要输血或危及生命的出血事件等严重"
        "并发症的例数占接受冠脉介入治疗病例数的百分比。",
        type="结果",
        direction="降低",
        denominator=CORONARY,
        numerator=F("coronary.complications").contains_any(CORONARY_SEVERE),
    ),
    kit.indicator(
        id="coronary_stents_per_procedure",
        name="例次支架数",
        clause={"2023": "一(四)", "2022": "一(五)"},
        quote="每例次手术中置入支架的个数。",
        type="过程",
        direction="维持",
        kind=IndicatorKind.MEAN,
        unit="个/例次",
        denominator=CORONARY,
        # Every coronary case of the form is a PCI; a balloon-only one places no stent.
        value=value_if(STENT, F("coronary.stent_count").number(), constant(0)),
        note="原文计算公式残缺（“例次支架数×100%”）；按定义为每例次冠脉介入治疗置入支架数的平均值，"
        "单纯球囊扩张计0个。",
    ),
    kit.indicator(
        id="nste_acs_risk_stratification",
        name="接受PCI治疗的非ST段抬高型急性冠脉综合征（NSTE ACS）患者进行危险分层的比率",
        clause={"2023": "一(五)"},
        quote="接受PCI治疗的NSTE ACS患者进行危险分层的患者数，占同期接受PCI治疗的NSTE ACS患者总数的"
        "比例。",
        type="过程",
        direction="提高",
        denominator=CORONARY & PRESENTATION.eq("nste_acs"),
        numerator=F("coronary.risk_stratified").is_true(),
    ),
    kit.indicator(
        id="stemi_emergency_revascularization",
        name="STEMI急诊血运重建百分比",
        clause={"2022": "一(六)"},
        quote="发病在时间窗内，有指针行血运重建的STEMI患者，急诊血运重建的比例。",
        type="过程",
        direction="提高",
        denominator=CORONARY & PRESENTATION.eq("stemi") & F("coronary.stemi_in_window").is_true(),
        numerator=SETTING.isin(EMERGENCY_REVASCULARIZATION),
        note=INFERRED_2022 + "急诊血运重建：直接PCI、补救PCI、药物-介入策略PCI与急诊CABG。"
        "原文“有指针”应为“有指征”。病例库只收录接受介入诊疗的患者，分母为其中发病在时间窗内、"
        "有指征的STEMI患者；未行介入治疗者不在病例库中。",
    ),
)


# -------------------------------------------------------------------------
# 二、结构性心脏病 (2023) / 先心病介入技术 (2022)
# -------------------------------------------------------------------------

STRUCTURAL_INDICATORS = grouped(
    "结构性心脏病（先心病）介入技术",
    kit.indicator(
        id="chd_success",
        name="先心病介入治疗成功率",
        clause={"2023": "二(一)"},
        quote="行先心病介入治疗成功的患者数占同期行先心病介入治疗的患者总数的比例。",
        type="结果",
        direction="提高",
        denominator=CHD_2023,
        numerator=F("structural.success").is_true(),
        note="先心病介入治疗：房间隔缺损、室间隔缺损、动脉导管未闭封堵，肺动脉瓣狭窄球囊扩张，"
        "主动脉缩窄支架术。",
    ),
    kit.indicator(
        id="chd_severe_avb",
        name="先心病介入治疗后严重房室传导阻滞发生率",
        clause={"2023": "二(二)"},
        quote="当月行ASD/VSD 介入治疗术中或术后发生严重房室传导滞的患者数占同期行ASD/VSD 介入治疗的"
        "患者总数的比例。",
        type="结果",
        direction="降低",
        denominator=ASD_VSD,
        numerator=STRUCTURAL_COMPLICATIONS.contains_any(("avb_complete", "avb_severe_other")),
        note="原文“传导滞”应为“传导阻滞”；定义写“当月”，统计期由使用者选择。",
    ),
    kit.indicator(
        id="chd_severe_complications",
        name="先心病介入治疗严重并发症发生率",
        clause={"2023": "二(三)"},
        quote="行先心病介入治疗出现严重并发症的患者数占同期行先心病介入治疗的患者总数的比例。",
        type="结果",
        direction="降低",
        denominator=CHD_2023,
        numerator=STRUCTURAL_COMPLICATIONS.contains_any(
            (
                "avb_complete",
                "avb_severe_other",
                "device_embolization",
                "surgery_required",
                "other_severe",
            )
        ),
        note="严重并发症：病例表“术中及术后并发症”所列各项（均为严重并发症）。",
    ),
    kit.indicator(
        id="chd_pfo_success",
        name="先心病及卵圆孔未闭单病种介入治疗成功比率",
        clause={"2022": "二(一)"},
        quote="单位时间内先心病及卵圆孔未闭介入治疗成功的先心病例占同时期先心病及卵圆孔未闭介入患者"
        "总例数的比率。",
        type="结果",
        direction="提高",
        denominator=CHD_AND_PFO_2022,
        numerator=F("structural.success").is_true(),
        stratify=EACH_CHD_AND_PFO,
        note=INFERRED_2022 + "先心病为意义中所列三种（房间隔缺损、室间隔缺损、动脉导管未闭）；"
        "“单病种”按病种分层。",
    ),
    kit.indicator(
        id="vsd_complete_avb",
        name="三度房室传导阻滞发生比率",
        clause={"2022": "二(二)"},
        quote="介入治疗后1周内发生三度房室传导阻滞的室间隔缺损的例数占室间隔缺损介入总例数的比率。",
        type="结果",
        direction="降低",
        denominator=STRUCTURAL & STRUCTURAL_TYPE.eq("vsd"),
        # "介入治疗后1周内": the AVB's onset from the procedure day to day 7
        # (complication_events); a case whose week has not passed is not yet observable.
        numerator=STRUCTURAL_COMPLICATIONS.contains_any(("avb_complete",))
        & STRUCTURAL_EVENTS.where(kind="avb_complete").within(7, after="procedure.date").any(),
        observe=7,
        note=INFERRED_2022 + "以并发症经过中三度房室传导阻滞的发生日期计算1周（手术当日至第7天）。",
    ),
    kit.indicator(
        id="chd_pfo_device_embolization",
        name="封堵器移位或脱落发生比率",
        clause={"2022": "二(三)"},
        quote="介入治疗后发生封堵器移位或脱落的每种先心病及卵圆孔未闭例数占每种先心病及卵圆孔未闭介"
        "入总例数的比率。",
        type="结果",
        direction="降低",
        denominator=CHD_AND_PFO_2022,
        numerator=STRUCTURAL_COMPLICATIONS.contains_any(("device_embolization",)),
        stratify=EACH_CHD_AND_PFO,
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="chd_pfo_surgery",
        name="并发症需外科手术处理发生比率",
        clause={"2022": "二(四)"},
        quote="介入治疗后出现并发症需外科手术的每种先心病及卵圆孔未闭患者例数占每种先心病介入总例数"
        "的比例。",
        type="结果",
        direction="降低",
        denominator=CHD_AND_PFO_2022,
        numerator=STRUCTURAL_COMPLICATIONS.contains_any(("surgery_required",)),
        stratify=EACH_CHD_AND_PFO,
        note=INFERRED_2022 + "分母原文仅写“每种先心病”，与分子一致计入卵圆孔未闭，按病种分层。",
    ),
    kit.mortality(
        id="chd_pfo_mortality",
        # 2022 S03 一(二) and 二(五) are both headed "住院死亡率": the seed's own words
        # of the definition tell the second apart wherever indicators are listed.
        name="住院死亡率（先心病及卵圆孔未闭）",
        clause={"2022": "二(五)"},
        quote="每种先心病及卵圆孔未闭患者住院死亡例数占每种先心病及卵圆孔未闭介入例数的比率。",
        denominator=CHD_AND_PFO_2022,
        stratify=EACH_CHD_AND_PFO,
        note=INFERRED_2022
        + "原文计算公式缺指标名（“=×100%”）；此为先心病及卵圆孔未闭介入的住院死亡率。",
    ),
    kit.mean_cost(
        id="chd_pfo_mean_cost",
        name="先心病介入患者平均住院费用",
        clause={"2022": "二(六)"},
        quote="每种先心病及卵圆孔未闭介入患者平均住院总花费。",
        denominator=CHD_AND_PFO_2022,
        stratify=EACH_CHD_AND_PFO,
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="pfo_prior_stroke",
        name="卵圆孔未闭介入患者中既往有脑卒中患者比率",
        clause={"2022": "二(七)"},
        quote="卵圆孔未闭介入患者中，有既往不明原因脑卒中病史作为二级预防指征的患者的比率。",
        type="过程",
        direction="提高",
        denominator=STRUCTURAL & STRUCTURAL_TYPE.eq("pfo"),
        numerator=F("structural.prior_stroke").is_true(),
        note=INFERRED_2022,
    ),
)


# -------------------------------------------------------------------------
# 三、心律失常介入技术
# -------------------------------------------------------------------------

DEVICE_INDICATORS = grouped(
    "心律失常介入：器械治疗（起搏器、ICD和CRT）",
    kit.indicator(
        id="pacemaker_antibiotic_cephalosporin",
        name="起搏器围术期规范抗菌素使用者中不同代头孢抗菌素使用比例",
        clause={"2022": "三(一)1"},
        quote="在起搏器围术期使用第一代和第二代头孢抗菌药物患者的比例。",
        type="过程",
        direction="提高",
        denominator=PACEMAKER & F("arrhythmia.antibiotic_prophylaxis").is_true(),
        numerator=F("arrhythmia.antibiotic_class").isin(("ceph1", "ceph2")),
        note=INFERRED_2022 + "分母为围术期预防性使用抗菌药物的起搏器患者。",
    ),
    kit.indicator(
        id="pacemaker_antibiotic_timing",
        name="起搏器围术期抗菌素使用时间合理率",
        clause={"2022": "三(一)2"},
        quote="安装起搏器患者在规定时间内预防性使用抗菌素",
        type="过程",
        direction="提高",
        denominator=PACEMAKER,
        numerator=F("arrhythmia.antibiotic_prophylaxis").is_true()
        & F("arrhythmia.antibiotic_timing_ok").is_true(),
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="pacemaker_complications",
        name="起搏器患者住院期间并发症发生率",
        clause={"2023": "三(一)1", "2022": "三(一)3"},
        quote="单位时间内起搏器患者住院期间发生并发症（血胸、气胸、导线穿孔、心脏压塞、导线移位、囊"
        "袋血肿、囊袋感染）占同时期起搏器患者的比例。",
        type="过程",
        direction="降低",
        denominator=PACEMAKER,
        numerator=ARRHYTHMIA_COMPLICATIONS.contains_any(DEVICE_COMPLICATIONS),
    ),
    kit.indicator(
        id="physiological_pacing",
        name="生理性起搏使用比例",
        clause={"2023": "三(一)2"},
        quote="单位时间内希氏束旁起搏、左束支起搏使用患者占同时期所有起搏器（单腔和双腔）使用患者的"
        "比例。",
        type="结果",
        direction="提高",
        denominator=PACEMAKER,
        numerator=F("arrhythmia.pacing_site").isin(("his", "lbb")),
    ),
    kit.indicator(
        id="crt_complications",
        name="CRT/CRTD患者住院期间并发症发生率",
        clause={"2023": "三(一)3"},
        quote="单位时间内CRT/CRTD患者住院期间发生并发症（血胸、气胸、导线穿孔、心脏压塞、导线移位、"
        "囊袋血肿、囊袋感染）占同时期起搏器患者的比例。",
        type="过程",
        direction="降低",
        denominator=CRT,
        numerator=ARRHYTHMIA_COMPLICATIONS.contains_any(DEVICE_COMPLICATIONS),
        note="定义的分母写作“同时期起搏器患者”，系照抄指标1；按指标名称以同时期CRT/CRTD患者为分母。",
    ),
    kit.indicator(
        id="dual_chamber_pacemaker",
        name="双腔起搏器使用比例",
        clause={"2022": "三(一)4"},
        quote="单位时间内双腔起搏器使用患者占同时期所有起搏器（单腔和双腔）使用患者的比例。",
        type="过程",
        direction="提高",
        denominator=PACEMAKER,
        numerator=F("arrhythmia.chambers").eq("dual"),
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="pacemaker_af_anticoagulation",
        name="植入起搏器伴房颤的卒中高危患者，出院时抗凝治疗率",
        clause={"2022": "三(一)5"},
        quote="植入起搏器伴房颤的卒中高危患者（CHA2DS2-VASc 2），出院时接受抗凝治疗所占的比例。",
        type="过程",
        direction="提高",
        denominator=PACEMAKER
        & F("arrhythmia.atrial_fibrillation").is_true()
        & F("arrhythmia.cha2ds2_vasc").ge(2),
        numerator=F("arrhythmia.anticoagulated_at_discharge").is_true(),
        note=INFERRED_2022 + "原文“CHA2DS2-VASc 2”缺失比较符号，按评分≥2理解。",
    ),
    kit.mean_stay(
        id="pacemaker_mean_stay",
        name="起搏器患者平均住院日",
        clause={"2022": "三(一)6"},
        quote="植入起搏器手术的患者住院平均的住院天数。",
        denominator=PACEMAKER,
        note=INFERRED_2022
        + "住院天数=出院日期−入院日期（当日出院计1天）；原文公式“×100%”为残缺，不适用于平均值。",
    ),
    kit.mean_cost(
        id="pacemaker_mean_cost",
        name="单腔、双腔起搏器患者平均住院费用",
        clause={"2022": "三(一)7"},
        quote="植入普通单腔、双腔起搏器手术的患者（除外ICD、CRT-D或其他新型起搏器）住院平均的住院费"
        "用。",
        denominator=PACEMAKER,
        stratify=Stratifier(
            "arrhythmia.chambers", "起搏器类型", {"single": "单腔起搏器", "dual": "双腔起搏器"}
        ),
        note=INFERRED_2022 + "按单腔、双腔分层；原文公式“×100%”为残缺。",
    ),
)

ABLATION_INDICATORS = grouped(
    "心律失常介入：导管消融",
    kit.indicator(
        id="psvt_immediate_success",
        name="阵发性室上性心动过速（PSVT）消融治疗的即刻成功率",
        clause={"2022": "三(二)1"},
        quote="PSVT导管消融成功的患者占所有PSVT行导管消融的患者的比例，PSVT包括房室折返性心动过速、"
        "房室结折返性心动过速以及预激综合征。",
        type="结果",
        direction="提高",
        denominator=PSVT,
        numerator=F("arrhythmia.immediate_success").is_true(),
        note=INFERRED_2022,
    ),
    kit.indicator(
        id="psvt_severe_complications",
        name="PSVT导管消融住院期间的严重并发症发生率",
        clause={"2023": "三(二)1", "2022": "三(二)2"},
        quote="PSVT导管消融术后发生严重并发症的患者占所有PSVT行导管消融的患者的比例，严重并发症包括"
        "血胸或气胸需外科处理（包括穿刺引流）、心脏压塞、需要输血或危及生命的其他出血事件、消"
        "融后出现II度或III度房室阻滞需植入永久起搏器。",
        type="过程",
        direction="降低",
        denominator=PSVT,
        numerator=ARRHYTHMIA_COMPLICATIONS.contains_any(PSVT_SEVERE),
    ),
    kit.indicator(
        id="psvt_redo",
        name="出院前PSVT复发需二次消融比例",
        clause={"2022": "三(二)3"},
        quote="出院前PSVT复发需二次消融的患者占所有PSVT行导管消融的患者的比例。",
        type="结果",
        direction="降低",
        denominator=PSVT,
        numerator=F("arrhythmia.redo_before_discharge").is_true(),
        note=INFERRED_2022,
    ),
    kit.mean_cost(
        id="psvt_mean_cost",
        name="PSVT导管消融平均住院费用",
        clause={"2022": "三(二)4"},
        quote="PSVT导管消融手术患者住院平均花费的费用。",
        denominator=PSVT,
        note=INFERRED_2022 + "原文公式“×100%”为残缺。",
    ),
    kit.indicator(
        id="af_severe_complications",
        name="房颤导管消融住院期间的严重并发症发生率",
        clause={"2023": "三(二)2", "2022": "三(二)5"},
        quote="房颤导管消融术后发生严重并发症的患者占所有房颤行导管消融的患者的比例，严重并发症包括"
        "血胸或气胸需外科处理（包括穿刺引流）、心脏压塞、心房食管瘘、肺静脉狭窄、需要输血或危"
        "及生命的其他出血事件。",
        type="过程",
        direction="降低",
        denominator=AF,
        numerator=ARRHYTHMIA_COMPLICATIONS.contains_any(AF_SEVERE),
    ),
    kit.mean_cost(
        id="af_first_ablation_mean_cost",
        name="首次房颤导管消融平均住院费用",
        clause={"2022": "三(二)6"},
        quote="第一次房颤导管消融手术的患者平均住院花费的费用。",
        denominator=AF & F("arrhythmia.first_af_ablation").is_true(),
        note=INFERRED_2022 + "原文公式“×100%”为残缺。",
    ),
    kit.indicator(
        id="va_severe_complications",
        name="室性心律失常导管消融住院期间的严重并发症发生率",
        clause={"2023": "三(二)3"},
        quote="室性心律失常导管消融术后发生严重并发症的患者占所有房颤行导管消融的患者的比例，严重并"
        "发症包括血胸或气胸需外科处理（包括穿刺引流）、心脏压塞、心房食管瘘、肺静脉狭窄、需要"
        "输血或危及生命的其他出血事件。",
        type="过程",
        direction="降低",
        denominator=VA,
        numerator=ARRHYTHMIA_COMPLICATIONS.contains_any(AF_SEVERE),
        note="定义的分母写作“所有房颤行导管消融的患者”，系照抄房颤指标；按指标名称以室性心律失常"
        "导管消融患者为分母，严重并发症按定义所列。",
    ),
)

INDICATORS = (
    *CORONARY_INDICATORS,
    *STRUCTURAL_INDICATORS,
    *DEVICE_INDICATORS,
    *ABLATION_INDICATORS,
)
