"""The diagnoses and procedures a craniofacial case asks about, searched first in its cases.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary (``rtech
codes import``) and every other list come after them.

- **Procedures**: every row of the 2022 S05 code table (第二部分 二、对应手术/操作
  名称及编码, ICD-9-CM-3 手术操作分类代码国家临床版3.0), taken from
  ``codes.PROCEDURES`` so that code and name stay exactly as the seed prints
  them, with what clinicians also type for them (Le Fort, BSSRO, 磨骨).
- **Diagnoses**: the ICD-10 categories (亚目) of the deformities the definition
  names (先天性、发育性颅颌面畸形，颅颌面严重复合创伤后继发畸形). The seeds print
  no diagnosis codes for this technology; the six-character codes of the
  national edition come with the hospital's dictionary.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet
from rtech.plugins.craniofacial.codes import PROCEDURES as CATALOG

_ALIASES: dict[str, tuple[str, ...]] = {
    "08.5903": ("眶距增宽", "颅眶手术"),
    "76.6400x008": ("下颌角截骨", "磨骨", "下颌骨肥大矫治"),
    "76.6400x017": ("BSSRO", "SSRO", "下颌支矢状劈开截骨术"),
    "76.6500x006": ("LeFortI分块",),
    "76.6502": ("LeFortI", "Le Fort I", "上颌Le Fort I型截骨"),
    "76.6503": ("LeFortII", "Le Fort II"),
    "76.6500x009": ("LeFortIII", "Le Fort III"),
    "76.6800x002": ("颏成形", "颏部截骨"),
    "76.6903": ("颧骨缩小", "颧骨颧弓缩小"),
}

PROCEDURES = ValueSet(
    id="craniofacial.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="颅颌面畸形颅面外科矫治常用手术（2022 S05 编码表，ICD-9-CM-3 国家临床版3.0）",
    entries=tuple(
        CodeEntry(entry.code, entry.name, aliases=_ALIASES.get(entry.code, ()))
        for entry in CATALOG.entries
    ),
)

DIAGNOSES = ValueSet(
    id="craniofacial.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="颅颌面畸形常用诊断（ICD-10 亚目）",
    entries=(
        # 先天性颅颌面畸形
        CodeEntry("Q75.0", "颅缝早闭", aliases=("狭颅症", "颅缝早闭症")),
        CodeEntry("Q75.1", "颅面骨发育不全", aliases=("Crouzon综合征", "克鲁宗综合征")),
        CodeEntry("Q75.2", "眶距增宽症", aliases=("眶距增宽",)),
        CodeEntry("Q75.4", "下颌面骨发育不全", aliases=("Treacher Collins综合征",)),
        CodeEntry("Q67.0", "面不对称", aliases=("面部不对称",)),
        CodeEntry("Q87.0", "主要影响面部外观的先天性畸形综合征", aliases=("Apert综合征",)),
        # 发育性颅颌面畸形（牙颌面畸形）
        CodeEntry("K07.0", "颌骨大小的重大异常", aliases=("下颌前突", "上颌发育不足")),
        CodeEntry("K07.1", "颌颅底关系异常", aliases=("骨性错颌", "牙颌面畸形")),
        # 颅颌面严重复合创伤后继发畸形
        CodeEntry("T90.2", "颅骨和面骨骨折后遗症", aliases=("颌面部骨折后畸形",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
