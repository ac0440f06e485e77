"""The diagnoses and procedures a nasal endoscopy case asks about, searched first.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary (``rtech
codes import``) and every other list come after them. The 2023 edition prints
no code tables, so both lists come from the national clinical editions, for the
three kinds of operation the norm names (2023 S12: 鼻内镜下鼻腔鼻窦手术、鼻内镜下
颅底相关手术及鼻眼相关疾病手术):

- **Procedures** (ICD-9-CM-3 手术操作分类代码国家临床版3.0, subcategory level):
  sinus surgery, septum and turbinates, intranasal lesions and epistaxis; the
  transsphenoidal pituitary operation and the repair of the meninges (CSF leak);
  dacryocystorhinostomy and optic nerve decompression.
- **Diagnoses** (ICD-10 疾病分类与代码国家临床版2.0, categories and subcategories):
  the diseases of those operations. The six-character codes come with the
  hospital's dictionary.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

PROCEDURES = ValueSet(
    id="nasal_endoscopy.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="鼻科内镜诊疗常用手术/操作（ICD-9-CM-3 国家临床版3.0）",
    entries=(
        CodeEntry("22.6300", "筛窦切除术", aliases=("FESS", "功能性鼻内镜鼻窦手术", "鼻窦开放")),
        CodeEntry("22.6400", "蝶窦切除术", aliases=("蝶窦开放",)),
        CodeEntry("22.4200", "额窦切除术", aliases=("额窦开放", "Draf")),
        CodeEntry("22.6000", "鼻窦切除术", aliases=("全组鼻窦开放",)),
        CodeEntry("21.3100", "鼻内病损局部切除术或破坏术", aliases=("鼻息肉切除", "鼻腔肿物切除")),
        CodeEntry("21.8800", "其他鼻中隔成形术", aliases=("鼻中隔矫正", "鼻中隔偏曲矫正")),
        CodeEntry("21.6900", "其他鼻甲切除术", aliases=("下鼻甲部分切除", "鼻甲成形")),
        CodeEntry("21.0300", "用烧灼术控制鼻出血", aliases=("鼻出血电凝", "鼻内镜下止血")),
        CodeEntry("07.6200", "经蝶骨垂体部分切除术", aliases=("经鼻蝶垂体瘤切除", "垂体瘤")),
        CodeEntry("02.1200", "其他脑脊膜修补术", aliases=("脑脊液鼻漏修补", "颅底重建")),
        CodeEntry("09.8100", "泪囊鼻腔吻合术", aliases=("DCR", "鼻腔泪囊造口")),
        CodeEntry("04.4200", "其他脑神经减压术", aliases=("视神经减压",)),
    ),
)

DIAGNOSES = ValueSet(
    id="nasal_endoscopy.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="鼻科内镜诊疗常用诊断（ICD-10 国家临床版2.0）",
    entries=(
        CodeEntry("J32", "慢性鼻窦炎", aliases=("鼻窦炎", "CRS")),
        CodeEntry("J33", "鼻息肉", aliases=("息肉",)),
        CodeEntry("J34.2", "鼻中隔偏曲"),
        CodeEntry("J34.3", "鼻甲肥大"),
        CodeEntry("D14.0", "中耳、鼻腔和鼻窦良性肿瘤", aliases=("内翻性乳头状瘤",)),
        CodeEntry("C30.0", "鼻腔恶性肿瘤"),
        CodeEntry("C31", "鼻窦恶性肿瘤"),
        CodeEntry("D35.2", "垂体良性肿瘤", aliases=("垂体腺瘤", "垂体瘤")),
        CodeEntry("G96.0", "脑脊液漏", aliases=("脑脊液鼻漏",)),
        CodeEntry("H04.4", "泪道慢性炎症", aliases=("慢性泪囊炎",)),
        CodeEntry("R04.0", "鼻出血"),
        CodeEntry("S04.0", "视神经和视觉通路损伤", aliases=("外伤性视神经病",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
