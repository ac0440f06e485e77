"""The diagnoses and procedure a TBI case asks about, searched first in its cases.

The seeds print no codes for this technology (2023 has no code tables). The
diagnoses are the ICD-10 categories (疾病分类与代码国家临床版2.0 亚目) of the
haematological diseases for which total body irradiation conditions a marrow
transplant ("主要应用于血液病骨髓移植前", 2023 S07); the procedure is the
ICD-9-CM-3 细目 of teletherapy with photons (手术操作分类代码国家临床版3.0,
written with the edition's ``00`` extension). The hospital's dictionary brings
the edition's full extension codes.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

DIAGNOSES = ValueSet(
    id="tbi.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="全身照射病例常用诊断（ICD-10 国家临床版2.0 亚目）",
    entries=(
        CodeEntry("C91.0", "急性淋巴细胞白血病", aliases=("ALL", "急淋")),
        CodeEntry("C92.0", "急性髓样白血病", aliases=("急性髓系白血病", "AML", "急髓")),
        CodeEntry("C92.1", "慢性髓样白血病", aliases=("慢性髓系白血病", "CML", "慢粒")),
        CodeEntry("D46.9", "骨髓增生异常综合征", aliases=("MDS",)),
        CodeEntry("C85.9", "非霍奇金淋巴瘤", aliases=("淋巴瘤", "NHL")),
        CodeEntry("C90.0", "多发性骨髓瘤", aliases=("MM",)),
        CodeEntry("D61.9", "再生障碍性贫血", aliases=("再障", "重型再生障碍性贫血")),
    ),
)

PROCEDURES = ValueSet(
    id="tbi.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="全身照射病例手术/操作（ICD-9-CM-3 国家临床版3.0 细目）",
    entries=(
        CodeEntry(
            "92.2400",
            "光子远距离放射疗法",
            aliases=("全身照射", "TBI", "全身高能X线照射", "直线加速器照射"),
        ),
        CodeEntry("92.2300", "放射性同位素远距离放射疗法", aliases=("钴60照射", "60钴γ线照射")),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
