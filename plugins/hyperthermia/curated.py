"""The diagnoses and procedures a hyperthermia case asks about, searched first in its cases.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary and the
other lists come after them. The 2023 edition prints no code tables, so both
lists follow the national clinical editions:

- **Procedures** (ICD-9-CM-3 国家临床版3.0): hyperthermia for cancer (99.85) and
  the radiotherapy and chemotherapy it is combined with (2023 S02 本规范所称:
  联合放疗或化疗).
- **Diagnoses** (ICD-10 国家临床版2.0 categories): the tumours and the malignant
  effusions 注1 lists (head and neck, chest, abdomen, pelvis, soft-tissue
  sarcoma, melanoma; 癌性胸腔积液、腹腔积液).
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

PROCEDURES = ValueSet(
    id="hyperthermia.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="肿瘤热疗常用手术/操作（ICD-9-CM-3 国家临床版3.0）",
    entries=(
        CodeEntry(
            "99.8500",
            "恶性肿瘤热疗",
            aliases=("肿瘤热疗", "深部热疗", "全身热疗", "射频热疗", "微波热疗"),
        ),
        CodeEntry("92.2400", "光子远距离放射治疗", aliases=("放疗", "调强放疗")),
        CodeEntry("99.2500", "注射或输注癌瘤化学治疗药物", aliases=("化疗",)),
    ),
)

DIAGNOSES = ValueSet(
    id="hyperthermia.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="肿瘤热疗常用诊断（ICD-10 国家临床版2.0）",
    entries=(
        CodeEntry("C34", "支气管和肺恶性肿瘤", aliases=("肺癌",)),
        CodeEntry("C15", "食管恶性肿瘤", aliases=("食管癌",)),
        CodeEntry("C16", "胃恶性肿瘤", aliases=("胃癌",)),
        CodeEntry("C18", "结肠恶性肿瘤", aliases=("结肠癌",)),
        CodeEntry("C20", "直肠恶性肿瘤", aliases=("直肠癌",)),
        CodeEntry("C22", "肝和肝内胆管恶性肿瘤", aliases=("肝癌",)),
        CodeEntry("C25", "胰恶性肿瘤", aliases=("胰腺癌",)),
        CodeEntry("C53", "子宫颈恶性肿瘤", aliases=("宫颈癌",)),
        CodeEntry("C56", "卵巢恶性肿瘤", aliases=("卵巢癌",)),
        CodeEntry("C49", "其他结缔组织和软组织恶性肿瘤", aliases=("软组织肉瘤",)),
        CodeEntry("C43", "皮肤恶性黑色素瘤", aliases=("恶性黑色素瘤", "黑色素瘤")),
        CodeEntry("C78.2", "胸膜继发性恶性肿瘤", aliases=("恶性胸腔积液", "癌性胸腔积液")),
        CodeEntry("C78.6", "腹膜后和腹膜继发性恶性肿瘤", aliases=("癌性腹腔积液", "恶性腹水")),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
