"""The diagnoses and procedures a laryngeal endoscopy case asks about, searched first.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary and every
other list come after them. The 2023 edition prints no code tables, so both lists
come from the national clinical editions, for what the norm names (2023 S13:
支撑喉镜下及硬质支气管镜、食管镜等咽喉头颈诊疗技术):

- **Procedures** (ICD-9-CM-3 手术操作分类代码国家临床版3.0, subcategory level):
  excision of lesions of the larynx and pharynx, cordectomy, laryngeal biopsy,
  and foreign bodies taken out of the airway and the oesophagus without incision.
- **Diagnoses** (ICD-10 疾病分类与代码国家临床版2.0, categories and subcategories).
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

PROCEDURES = ValueSet(
    id="laryngeal_endoscopy.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="咽喉内镜诊疗常用手术/操作（ICD-9-CM-3 国家临床版3.0）",
    entries=(
        CodeEntry(
            "30.0900",
            "喉病损的其他切除术或破坏术",
            aliases=("支撑喉镜", "声带息肉切除", "喉显微手术", "CO2激光"),
        ),
        CodeEntry("30.2200", "声带切除术", aliases=("声带部分切除",)),
        CodeEntry("31.4300", "闭合性[内镜的]喉活组织检查", aliases=("喉活检",)),
        CodeEntry("29.3900", "咽病损的其他切除术或破坏术", aliases=("咽部肿物切除",)),
        CodeEntry("98.1500", "不切开去除气管和支气管腔内异物", aliases=("气管异物取出", "硬支镜")),
        CodeEntry("98.0200", "不切开去除食管腔内异物", aliases=("食管异物取出", "食管镜")),
    ),
)

DIAGNOSES = ValueSet(
    id="laryngeal_endoscopy.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="咽喉内镜诊疗常用诊断（ICD-10 国家临床版2.0）",
    entries=(
        CodeEntry("J38.1", "声带和喉息肉", aliases=("声带息肉",)),
        CodeEntry("J38.2", "声带小结"),
        CodeEntry("D14.1", "喉良性肿瘤", aliases=("喉乳头状瘤",)),
        CodeEntry("C32", "喉恶性肿瘤", aliases=("喉癌",)),
        CodeEntry("J38.0", "声带和喉麻痹", aliases=("声带麻痹",)),
        CodeEntry("J38.6", "喉狭窄"),
        CodeEntry("T17.4", "气管内异物"),
        CodeEntry("T17.5", "支气管内异物"),
        CodeEntry("T18.1", "食管内异物"),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
