"""The diagnoses and procedures a skin allograft case asks about, searched first.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary (``rtech
codes import``) and every other list come after them. The 2023 seed prints no
code tables: these are ICD-10 亚目 (疾病分类与代码国家临床版2.0) of the burns and
wounds the norm names (因烧伤、创伤导致的皮肤缺失或受损), and the ICD-9-CM-3
(手术操作分类代码国家临床版3.0) skin graft procedures, the allograft (同种移植物)
first. ``aliases`` are what clinicians type besides the name.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

DIAGNOSES = ValueSet(
    id="skin_allograft.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="同种异体皮肤移植病例常用诊断（ICD-10 国家临床版2.0 亚目）",
    entries=(
        CodeEntry("T20.3", "头和颈部三度烧伤", aliases=("头面部烧伤",)),
        CodeEntry("T21.3", "躯干三度烧伤"),
        CodeEntry("T22.3", "肩和上肢三度烧伤，除外腕和手"),
        CodeEntry("T24.3", "髋和下肢三度烧伤，除外踝和足"),
        CodeEntry(
            "T29.3", "多个部位的烧伤，至少提及一处三度烧伤", aliases=("大面积烧伤", "特重度烧伤")
        ),
        CodeEntry("T31.3", "烧伤累及体表30-39%"),
        CodeEntry("T31.4", "烧伤累及体表40-49%"),
        CodeEntry("T31.5", "烧伤累及体表50-59%"),
        CodeEntry("T31.6", "烧伤累及体表60-69%"),
        CodeEntry("T31.7", "烧伤累及体表70-79%"),
        CodeEntry("T31.8", "烧伤累及体表80-89%"),
        CodeEntry("T31.9", "烧伤累及体表90%或以上"),
        CodeEntry("T14.1", "身体未特指部位的开放性伤口", aliases=("皮肤缺损", "创面")),
    ),
)

PROCEDURES = ValueSet(
    id="skin_allograft.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="同种异体皮肤移植病例常用手术/操作（ICD-9-CM-3 国家临床版3.0 亚目）",
    entries=(
        CodeEntry(
            "86.66", "同种移植物移植至皮肤", aliases=("异体皮移植", "同种异体皮肤移植", "异体植皮")
        ),
        CodeEntry("86.69", "其他皮肤移植至其他部位", aliases=("自体皮移植", "自异体混合移植")),
        CodeEntry("86.60", "游离皮肤移植", aliases=("植皮",)),
        CodeEntry("86.65", "异种移植物移植至皮肤", aliases=("异种皮移植", "猪皮移植")),
        CodeEntry("86.22", "伤口、感染或烧伤的切除性清创术", aliases=("切痂", "清创")),
        CodeEntry("86.91", "皮肤切除术用于移植", aliases=("取皮术", "供皮区取皮")),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
