"""The diagnoses and procedures an implant case asks about, searched first in its cases.

Supplied through ``rtech_curated_codes`` (found by convention: ``LISTS``).

- **Procedures**: every row of the 2022 S01 code table (第二部分 二、对应手术/操作
  名称及编码, ICD-9-CM-3 国家临床版3.0), taken from ``codes.PROCEDURES`` so that
  code and name stay exactly as the seed prints them, with what clinicians type.
- **Diagnoses**: the ICD-10 categories (疾病分类与代码国家临床版2.0, first four
  characters) of the conditions that make an implantation complex: missing teeth
  and atrophic ridges, jaw defects after trauma or tumour. The seed prints no
  diagnosis codes for this technology; the six-character codes come with the
  hospital's dictionary.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet
from rtech.plugins.s01_implant.codes import PROCEDURES as CATALOG

_ALIASES: dict[str, tuple[str, ...]] = {
    "23.6x00x003": ("种植体植入", "牙种植", "穿颧种植", "zzzr"),
    "76.4300": ("颌骨重建",),
    "76.4300x003": ("下颌重建",),
    "76.4301": ("下颌骨缺损修复",),
    "76.4600x007": ("上颌重建",),
}

PROCEDURES = ValueSet(
    id="s01_implant.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="复杂种植病例常用手术/操作（2022 S01 编码表，ICD-9-CM-3 国家临床版3.0）",
    entries=tuple(
        CodeEntry(entry.code, entry.name, aliases=_ALIASES.get(entry.code, ()))
        for entry in CATALOG.entries
    ),
)

DIAGNOSES = ValueSet(
    id="s01_implant.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="复杂种植病例常用诊断（ICD-10 国家临床版2.0 亚目）",
    entries=(
        CodeEntry(
            "K08.1",
            "由于意外事故、拔牙或局部牙周病引起的牙缺失",
            aliases=("牙列缺损", "牙列缺失", "缺牙"),
        ),
        CodeEntry("K08.2", "无牙牙槽嵴萎缩", aliases=("牙槽骨萎缩", "骨量不足")),
        CodeEntry("K00.0", "先天性缺牙", aliases=("无牙症",)),
        CodeEntry("S02.4", "颧骨和上颌骨骨折", aliases=("上颌骨骨折",)),
        CodeEntry("S02.6", "下颌骨骨折"),
        CodeEntry("D16.5", "下颌骨良性肿瘤", aliases=("颌骨良性肿瘤", "成釉细胞瘤")),
        CodeEntry("C41.1", "下颌骨恶性肿瘤"),
        CodeEntry("M27.8", "颌骨其他特指的疾病", aliases=("颌骨缺损",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
