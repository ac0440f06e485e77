"""Metadata of 口腔颌面部肿瘤颅颌联合根治技术, quoted from the seed.

Combined cranio-maxillofacial radical resection of oral and maxillofacial tumours.
"""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="maxillofacial_tumor",
    name="口腔颌面部肿瘤颅颌联合根治技术",
    editions={"2022": "S04", "2023": "S04"},
    definitions={
        # 2022 S04 第二部分 一、技术定义
        "2022": (
            "口腔颌面部肿瘤颅颌联合根治技术是指手术切除原发于口腔颌面部的肿瘤（涉及咽"
            "旁、颞下窝、腮腺、颞下颌关节、眼眶、副鼻窦区域），该肿瘤已破坏颅底骨结构"
            "，或者是颅内肿瘤向外生长已破坏颅底骨结构累及颅底区或（和）口腔颌面部等部"
            "位。"
        ),
        # 2023 S04 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称口腔颌面部肿瘤颅颌联合根治技术是指手术切除原发于口腔颌面部的肿"
            "瘤，该肿瘤已侵犯或破坏颅底骨结构，或者是颅内肿瘤向外生长已破坏颅底骨结构"
            "侵及至颅底区或（和）口腔颌面部等部位。"
        ),
    },
)
