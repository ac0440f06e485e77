"""The diagnoses and procedures a cardio case asks about, searched first in its cases.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary (``rtech
codes import``) and every other list come after them.

Where each list comes from:

- **Procedures**: rows of the 2022 S03 code table (第二部分 二、对应手术/操作名称及
  编码, ICD-9-CM-3 手术操作分类代码国家临床版3.0), taken from ``codes.PROCEDURES``
  by code so that code and name stay exactly as the seed prints them: the
  coronary interventions (PTCA, stents, atherectomy), the structural ones the
  form lists (ASD, VSD, PDA, PFO closure, pulmonary valvuloplasty, TAVI, left
  atrial appendage closure) and the arrhythmia ones (pacemakers, ICD, CRT,
  ablation). One procedure the form asks about is not in the seed's table,
  because diagnostic angiography is not a restricted technology on its own:
  coronary angiography, 88.5500 单根导管的冠状动脉造影术 (国家临床版3.0).
- **Diagnoses**: the ICD-10 categories (the first four characters of every
  疾病分类与代码国家临床版2.0 code beneath them) of the presentations, defects and
  arrhythmias the form records, named as the national clinical edition names
  them. The seeds print no diagnosis codes for this technology; the six-
  character codes of the national edition come with the hospital's dictionary.

``aliases`` are what clinicians type besides the name (冠心病, 房颤, PCI; a few
pinyin-initial 助记码 as a HIS lists them, zgzy for coronary angiography as the
clinicians of issue 16 type it): they find the code, and the code's own name is
what a case records.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet
from rtech.plugins.cardio.codes import PROCEDURES as CATALOG

#: S03 rows the form asks about, with what clinicians also type for them.
_FROM_S03: dict[str, tuple[str, ...]] = {
    # 冠状动脉介入诊治
    "00.6600": ("PCI", "经皮冠状动脉介入治疗", "冠脉介入"),
    "00.6600x004": ("球囊扩张", "PTCA"),
    "00.6600x008": ("药物球囊", "DCB"),
    "36.0600": ("裸支架",),
    "36.0601": (),
    "36.0602": ("裸支架",),
    "36.0700": ("药物支架", "DES"),
    "36.0700x004": ("覆膜支架",),
    "36.0701": ("可吸收支架",),
    "17.5500": (),
    "17.5500x002": ("斑块旋切",),
    "17.5501": ("旋磨",),
    # 结构性心脏病介入
    "35.5200x001": ("ASD封堵", "房缺封堵"),
    "35.5200x002": ("PFO封堵",),
    "35.5500x001": ("VSD封堵", "室缺封堵"),
    "39.7900x008": ("PDA封堵",),
    "35.9601": ("PBPV", "肺动脉瓣球囊成形"),
    "35.0501": ("TAVI", "TAVR"),
    "35.0502": ("TAVI", "TAVR"),
    "37.9000x001": ("左心耳封堵", "LAAC"),
    "37.3400x002": ("PTSMA", "化学消融"),
    # 心律失常介入
    "37.8000x001": ("起搏器置入",),
    "37.8000x002": ("起搏器更换",),
    "37.8300x002": ("三腔起搏器",),
    "37.9400x001": ("ICD",),
    "37.9400x002": ("ICD",),
    "00.5001": ("CRT-P", "CRTP"),
    "00.5101": ("CRT-D", "CRTD"),
    "37.3400x001": ("肺静脉隔离", "房颤消融"),
    "37.3401": ("射频消融",),
    "37.3402": ("迷宫术",),
    "37.3403": ("冷冻消融",),
}

PROCEDURES = ValueSet(
    id="cardio.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="心血管介入病例常用手术/操作（2022 S03 编码表节选，ICD-9-CM-3 国家临床版3.0）",
    entries=(
        *CATALOG.pick(_FROM_S03),
        # Not a row of the S03 table (see above); 国家临床版3.0.
        CodeEntry(
            "88.5500",
            "单根导管的冠状动脉造影术",
            aliases=("冠状动脉造影", "冠脉造影", "CAG", "zgzy"),
        ),
    ),
)

DIAGNOSES = ValueSet(
    id="cardio.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="心血管介入病例常用诊断（ICD-10 国家临床版2.0 亚目）",
    entries=(
        # 冠状动脉介入诊治: STEMI, NSTE-ACS, stable coronary disease
        CodeEntry("I20.0", "不稳定型心绞痛", aliases=("不稳定性心绞痛", "UA")),
        CodeEntry("I21.0", "急性前壁心肌梗死", aliases=("急性前壁ST段抬高型心肌梗死",)),
        CodeEntry("I21.1", "急性下壁心肌梗死", aliases=("急性下壁ST段抬高型心肌梗死",)),
        CodeEntry("I21.4", "急性心内膜下心肌梗死", aliases=("急性非ST段抬高型心肌梗死", "NSTEMI")),
        CodeEntry("I21.9", "急性心肌梗死", aliases=("心梗", "AMI")),
        CodeEntry("I25.1", "动脉粥样硬化性心脏病", aliases=("冠心病", "冠状动脉粥样硬化性心脏病")),
        CodeEntry("I25.2", "陈旧性心肌梗死"),
        CodeEntry("I25.5", "缺血性心肌病"),
        # 结构性心脏病介入
        CodeEntry("Q21.0", "室间隔缺损", aliases=("室缺", "VSD")),
        CodeEntry("Q21.1", "房间隔缺损", aliases=("房缺", "ASD", "卵圆孔未闭", "PFO")),
        CodeEntry("Q25.0", "动脉导管未闭", aliases=("PDA",)),
        CodeEntry("Q22.1", "先天性肺动脉瓣狭窄"),
        CodeEntry("Q25.1", "主动脉缩窄"),
        CodeEntry("I35.0", "主动脉瓣狭窄"),
        CodeEntry("I42.1", "梗阻性肥厚型心肌病"),
        # 心律失常介入
        CodeEntry("I47.1", "室上性心动过速", aliases=("阵发性室上性心动过速", "PSVT")),
        CodeEntry("I47.2", "室性心动过速", aliases=("室速",)),
        CodeEntry("I48", "心房颤动和扑动", aliases=("心房颤动", "房颤", "心房扑动", "房扑")),
        CodeEntry("I44.2", "三度房室传导阻滞", aliases=("完全性房室传导阻滞",)),
        CodeEntry("I49.5", "病态窦房结综合征", aliases=("病窦综合征",)),
        CodeEntry("I45.6", "预激综合征"),
        CodeEntry("I50.9", "心力衰竭", aliases=("心衰",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
