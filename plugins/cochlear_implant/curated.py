"""The diagnoses and procedures a cochlear implant case asks about, searched first.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary (``rtech
codes import``) and every other list come after them. The 2023 seed prints no
code tables, so these are ICD-10 亚目 (疾病分类与代码国家临床版2.0) of the hearing
losses the indications name (重度或者极重度耳聋) and their causes, and the
ICD-9-CM-3 (手术操作分类代码国家临床版3.0) cochlear prosthesis procedures.
``aliases`` are what clinicians type besides the name.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

DIAGNOSES = ValueSet(
    id="cochlear_implant.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="人工耳蜗植入病例常用诊断（ICD-10 国家临床版2.0 亚目）",
    entries=(
        CodeEntry(
            "H90.3", "双侧感音神经性聋", aliases=("感音神经性耳聋", "极重度耳聋", "重度耳聋")
        ),
        CodeEntry("H90.4", "单侧感音神经性聋，对侧听力正常"),
        CodeEntry("H90.5", "感音神经性聋", aliases=("神经性耳聋",)),
        CodeEntry("H90.6", "双侧混合性传导性和感音神经性聋", aliases=("混合性聋",)),
        CodeEntry("H91.1", "老年性聋"),
        CodeEntry("H91.2", "突发特发性听觉丧失", aliases=("突发性耳聋", "突聋")),
        CodeEntry("H91.3", "聋哑症", aliases=("聋哑",)),
        CodeEntry("H91.9", "听觉丧失", aliases=("耳聋",)),
        CodeEntry("Q16.5", "先天性内耳畸形", aliases=("内耳畸形", "Mondini畸形")),
        CodeEntry("H83.3", "内耳噪声效应", aliases=("噪声性聋",)),
        CodeEntry("H93.3", "听神经疾患", aliases=("听神经病",)),
    ),
)

PROCEDURES = ValueSet(
    id="cochlear_implant.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="人工耳蜗植入病例常用手术/操作（ICD-9-CM-3 国家临床版3.0 亚目）",
    entries=(
        CodeEntry(
            "20.96", "耳蜗假体装置的植入或置换", aliases=("人工耳蜗植入", "电子耳蜗植入", "CI")
        ),
        CodeEntry("20.97", "单通道耳蜗假体装置的植入或置换"),
        CodeEntry("20.98", "多通道耳蜗假体装置的植入或置换", aliases=("多通道人工耳蜗植入",)),
        CodeEntry("20.99", "中耳和内耳的其他手术"),
        CodeEntry("95.41", "听力测定", aliases=("纯音测听",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
