"""Metadata of 聚焦超声消融恶性肿瘤治疗技术, quoted from the seed.

High-intensity focused ultrasound ablation of malignant tumours (HIFU).
"""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="s02_hifu",
    name="聚焦超声消融恶性肿瘤治疗技术",
    editions={"2022": "S02"},
    definitions={
        # 2022 S02 第二部分 一、技术定义
        "2022": (
            "聚焦超声消融恶性肿瘤治疗技术是指采用聚焦超声消融(high-"
            "intensity focused ultrasound,HIFU)肿瘤"
            "治疗系统所进行的实体恶性肿瘤消融治疗技术。本规范不包括聚焦超声消融治疗良"
            "性肿瘤的技术管理要求。"
        ),
    },
)
