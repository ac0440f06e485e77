"""The diagnoses and procedures a HIFU case asks about, searched first in its cases.

- **Procedures**: every row of the 2022 S02 code table (第二部分 二, ICD-9-CM-3
  国家临床版3.0), from ``codes.PROCEDURES``, code and name exactly as printed.
- **Diagnoses**: ICD-10 categories within the seed's range C00-C97 for the thirteen
  indications of 附录 一 (liver, pancreas, spleen, kidney, adrenal, ovary, uterus,
  bone, soft tissue, breast, abdominal and pelvic metastases, prostate, lung),
  named by their Chinese ICD-10 titles; the six-character codes of the national
  clinical edition come with the hospital's dictionary.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet
from rtech.plugins.s02_hifu.codes import PROCEDURES as CATALOG

_ALIASES: dict[str, tuple[str, ...]] = {
    "00.0901": ("HIFU", "聚焦超声"),
    "50.2400x001": ("肝HIFU", "肝消融"),
    "52.2200x008": ("胰腺HIFU", "胰腺消融"),
    "99.8500x004": ("海扶",),
}

PROCEDURES = ValueSet(
    id="s02_hifu.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="聚焦超声消融病例常用手术/操作（2022 S02 编码表，ICD-9-CM-3 国家临床版3.0）",
    entries=tuple(
        CodeEntry(entry.code, entry.name, aliases=_ALIASES.get(entry.code, ()))
        for entry in CATALOG.entries
    ),
)

DIAGNOSES = ValueSet(
    id="s02_hifu.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="聚焦超声消融病例常用诊断（ICD-10，C00-C97 内附录所列适应证）",
    entries=(
        CodeEntry("C22.0", "肝细胞癌", aliases=("肝癌", "原发性肝癌", "HCC")),
        CodeEntry("C25.9", "胰腺恶性肿瘤", aliases=("胰腺癌",)),
        CodeEntry("C26.1", "脾恶性肿瘤"),
        CodeEntry("C64", "肾恶性肿瘤", aliases=("肾癌",)),
        CodeEntry("C74.9", "肾上腺恶性肿瘤"),
        CodeEntry("C56", "卵巢恶性肿瘤", aliases=("卵巢癌",)),
        CodeEntry("C54.1", "子宫内膜恶性肿瘤", aliases=("子宫内膜癌",)),
        CodeEntry("C55", "子宫恶性肿瘤", aliases=("子宫肉瘤",)),
        CodeEntry("C41.9", "骨和关节软骨恶性肿瘤", aliases=("骨肉瘤", "骨恶性肿瘤")),
        CodeEntry("C49.9", "结缔组织和软组织恶性肿瘤", aliases=("软组织肉瘤",)),
        CodeEntry("C50.9", "乳房恶性肿瘤", aliases=("乳腺癌",)),
        CodeEntry("C78.6", "腹膜后和腹膜继发性恶性肿瘤", aliases=("腹腔转移",)),
        CodeEntry("C79.8", "其他特指部位的继发性恶性肿瘤", aliases=("盆腔转移",)),
        CodeEntry("C61", "前列腺恶性肿瘤", aliases=("前列腺癌",)),
        CodeEntry("C34.9", "支气管或肺恶性肿瘤", aliases=("肺癌",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
