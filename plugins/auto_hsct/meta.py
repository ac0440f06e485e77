"""Metadata of 自体造血干细胞移植技术, quoted from the seed.

Autologous haematopoietic stem cell transplantation.
"""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="auto_hsct",
    name="自体造血干细胞移植技术",
    editions={"2023": "S06"},
    definitions={
        # 2023 S06 管理规范 引言“本规范所指”
        "2023": (
            "本规范所指的自体造血干细胞移植技术是指经大剂量放化疗或其他免疫抑制剂预处"
            "理，清除受体体内的肿瘤细胞和异常克隆细胞，然后把自体造血干细胞回输给受体"
            "，使受体重建正常造血和免疫功能，从而达到治疗目的的一种治疗手段。"
        ),
    },
)
