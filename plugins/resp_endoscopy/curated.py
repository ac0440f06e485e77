"""The diagnoses and procedures a respiratory endoscopy case asks about, searched first.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary and every
other list come after them. The 2023 edition prints no code tables, so both lists
come from the national clinical editions, for the techniques the form lists
(2023 S10 指标 二 说明: the 四级 techniques; biopsy, EBUS, foreign bodies,
medical thoracoscopy):

- **Procedures** (ICD-9-CM-3 手术操作分类代码国家临床版3.0, subcategory level).
- **Diagnoses** (ICD-10 疾病分类与代码国家临床版2.0, categories and subcategories).
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

PROCEDURES = ValueSet(
    id="resp_endoscopy.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="呼吸内镜诊疗常用手术/操作（ICD-9-CM-3 国家临床版3.0）",
    entries=(
        CodeEntry("33.2200", "纤维支气管镜检查", aliases=("支气管镜检查", "气管镜")),
        CodeEntry("33.2400", "闭合性[内镜的]支气管活组织检查", aliases=("TBB", "EBUS-TBNA")),
        CodeEntry("33.2700", "闭合性肺内镜活组织检查", aliases=("TBLB", "经支气管肺活检")),
        CodeEntry(
            "32.0100",
            "内镜下支气管病损切除术或破坏术",
            aliases=("热消融", "APC", "电圈套", "冷冻切除"),
        ),
        CodeEntry("96.0500", "其他呼吸道插管", aliases=("气道支架", "支架植入")),
        CodeEntry("98.1500", "不切开去除气管和支气管腔内异物", aliases=("异物取出",)),
        CodeEntry("34.2100", "经胸膜胸腔镜检查", aliases=("内科胸腔镜", "胸腔镜")),
        CodeEntry("33.7100", "内镜下支气管活瓣置入或置换", aliases=("肺减容", "单向活瓣")),
    ),
)

DIAGNOSES = ValueSet(
    id="resp_endoscopy.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="呼吸内镜诊疗常用诊断（ICD-10 国家临床版2.0）",
    entries=(
        CodeEntry("C34", "支气管和肺恶性肿瘤", aliases=("肺癌",)),
        CodeEntry("R91", "肺诊断性影像异常所见", aliases=("肺结节", "肺部阴影")),
        CodeEntry("A15", "呼吸道结核，经细菌学和组织学证实", aliases=("肺结核",)),
        CodeEntry("J98.0", "支气管疾病，不可归类在他处者", aliases=("支气管狭窄",)),
        CodeEntry("J86", "脓胸"),
        CodeEntry("J90", "胸腔积液，不可归类在他处者", aliases=("胸水",)),
        CodeEntry("J43", "肺气肿", aliases=("慢阻肺肺减容",)),
        CodeEntry("J45", "哮喘", aliases=("重症哮喘", "支气管热成形")),
        CodeEntry("T17.5", "支气管内异物"),
        CodeEntry("J86.0", "脓胸伴有瘘", aliases=("支气管胸膜瘘",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
