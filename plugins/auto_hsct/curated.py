"""The diagnoses and procedures an auto-HSCT case asks about, searched first in its cases.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary (``rtech
codes import``) and every other list come after them. The 2023 edition prints
no code tables, so both lists are taken from the national clinical editions:

- **Procedures** (ICD-9-CM-3 手术操作分类代码国家临床版3.0): the autologous
  transplants (41.01/41.09 bone marrow, 41.04/41.07 haematopoietic stem cells,
  without and with purging) and the therapeutic apheresis the collection uses.
- **Diagnoses** (ICD-10 疾病分类与代码国家临床版2.0, categories and subcategories):
  the diseases the indication question lists (2023 S06 指标 一 refers to the
  lymphoma and myeloma guidelines): myeloma, lymphomas, acute leukaemias,
  amyloidosis and the germ-cell tumours.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

PROCEDURES = ValueSet(
    id="auto_hsct.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="自体造血干细胞移植常用手术/操作（ICD-9-CM-3 国家临床版3.0）",
    entries=(
        CodeEntry(
            "41.0400",
            "自体造血干细胞移植不伴净化",
            aliases=("自体造血干细胞移植", "自体外周血干细胞移植", "APBSCT", "ASCT"),
        ),
        CodeEntry("41.0700", "自体造血干细胞移植伴净化", aliases=("净化自体干细胞移植",)),
        CodeEntry("41.0100", "自体骨髓移植不伴净化", aliases=("自体骨髓移植", "ABMT")),
        CodeEntry("41.0900", "自体骨髓移植伴净化"),
        CodeEntry("99.7900", "其他治疗性单采术", aliases=("外周血干细胞采集", "干细胞单采")),
    ),
)

DIAGNOSES = ValueSet(
    id="auto_hsct.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="自体造血干细胞移植常用诊断（ICD-10 国家临床版2.0）",
    entries=(
        CodeEntry("C90.0", "多发性骨髓瘤", aliases=("骨髓瘤", "MM")),
        CodeEntry("C81", "霍奇金淋巴瘤", aliases=("霍奇金病", "HL")),
        CodeEntry("C82", "滤泡性淋巴瘤"),
        CodeEntry("C83", "非滤泡性淋巴瘤", aliases=("弥漫大B细胞淋巴瘤", "DLBCL", "套细胞淋巴瘤")),
        CodeEntry("C84", "成熟T/NK细胞淋巴瘤", aliases=("外周T细胞淋巴瘤", "PTCL")),
        CodeEntry("C85", "非霍奇金淋巴瘤的其他和未特指类型", aliases=("非霍奇金淋巴瘤", "NHL")),
        CodeEntry("C92.0", "急性髓样白血病", aliases=("急性髓系白血病", "AML")),
        CodeEntry("C91.0", "急性淋巴细胞白血病", aliases=("ALL", "急淋")),
        CodeEntry("E85", "淀粉样变性", aliases=("轻链型淀粉样变性", "AL型淀粉样变性")),
        CodeEntry("C62", "睾丸恶性肿瘤", aliases=("生殖细胞肿瘤",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
