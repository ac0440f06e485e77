"""The diagnoses and procedures a 颅颌联合根治 case asks about, searched first in its cases.

Supplied through ``rtech_curated_codes``; the hospital's own dictionary and every
other list come after them.

Where each list comes from:

- **Diagnoses**: rows of the 2022 S04 diagnosis table (第二部分 二、对应疾病诊断及编码,
  ICD-10 疾病分类与代码国家临床版2.0), taken from ``codes.DIAGNOSES`` by code so
  that code and name stay as the seed prints them: the malignant and benign
  tumours of the sites the 2022 definition names (咽旁、颞下窝、腮腺、颞下颌关节、
  眼眶、副鼻窦) and of the jaws, the skull base and the oral cavity, which the case
  form's 术前诊断 and 术后诊断 ask for.
- **Procedures**: every row of the 2022 S04 procedure table (第二部分 三, ICD-9-CM-3
  国家临床版3.0; each "需结合诊断").

``aliases`` are what clinicians type besides the name.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet
from rtech.plugins.maxillofacial_tumor.codes import DIAGNOSES as DIAGNOSIS_TABLE
from rtech.plugins.maxillofacial_tumor.codes import PROCEDURES as PROCEDURE_TABLE

#: S04 diagnosis rows the form asks about, with what clinicians also type for them.
_FROM_S04: dict[str, tuple[str, ...]] = {
    "C07.x00": ("腮腺癌",),
    "C08.900": ("涎腺癌",),
    "C06.900x001": ("口腔癌",),
    "C02.900": ("舌癌",),
    "C03.900": ("牙龈癌",),
    "C04.900": ("口底癌",),
    "C05.900": ("腭癌",),
    "C06.000": ("颊癌",),
    "C31.000": ("上颌窦癌",),
    "C31.900x001": ("鼻窦癌",),
    "C41.011": ("上颌骨癌", "上颌骨肉瘤"),
    "C41.100": ("下颌骨肉瘤",),
    "C41.000x018": ("颅骨肉瘤",),
    "C41.000x019": ("斜坡脊索瘤",),
    "C14.800x011": ("颞下凹癌",),
    "C76.000x010": ("颞下窝肿瘤",),
    "C76.000x009": (),
    "C47.000x007": (),
    "C69.600x001": ("眶内肿瘤",),
    "C72.800x002": ("颅底沟通瘤",),
    "C72.800x001": ("颅眶沟通瘤",),
    "C49.000x003": ("面部肉瘤",),
    "D11.000": ("腮腺混合瘤", "多形性腺瘤"),
    "D16.500": ("成釉细胞瘤", "下颌骨成釉细胞瘤"),
    "D16.411": (),
    "D21.007": (),
    "D36.100x008": ("咽旁神经鞘瘤",),
    "D33.700x001": (),
    "D10.500x011": (),
    "D14.000x007": (),
}

_TABLE = {entry.code: entry for entry in DIAGNOSIS_TABLE.entries}

DIAGNOSES = ValueSet(
    id="maxillofacial_tumor.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="颅颌联合根治病例常用诊断（2022 S04 编码表节选，ICD-10 国家临床版2.0）",
    entries=tuple(
        CodeEntry(code, _TABLE[code].name, aliases=aliases) for code, aliases in _FROM_S04.items()
    ),
)

PROCEDURES = ValueSet(
    id="maxillofacial_tumor.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="颅颌联合根治手术/操作（2022 S04 编码表，ICD-9-CM-3 国家临床版3.0）",
    entries=tuple(
        CodeEntry(e.code, e.name, aliases=aliases)
        for e, aliases in zip(
            PROCEDURE_TABLE.entries,
            (("颅底肿瘤切除", "颅颌联合根治"), ("内镜颅底肿瘤切除",), (), (), ()),
            strict=True,
        )
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
