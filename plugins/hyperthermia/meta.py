"""Metadata of 肿瘤深部热疗和全身热疗技术, quoted from the seed.

Deep regional and whole-body hyperthermia for tumours.
"""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="hyperthermia",
    name="肿瘤深部热疗和全身热疗技术",
    editions={"2023": "S02"},
    definitions={
        # 2023 S02 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称肿瘤深部热疗和全身热疗（以下简称“肿瘤热疗”）技术是指采用物理"
            "方法使肿瘤、肿瘤所在区域或全身的温度升高，通过一系列生物学效应，使肿瘤细"
            "胞损伤（非凝固性坏死），联合放疗或化疗进行治疗的技术。该技术包括深部热疗"
            "（区域性热疗）和全身热疗，其加热的物理因子包括:射频、微波、激光、超声、"
            "电容、电磁等，治疗途径包括非侵入和经生理性腔道等。本规范所称肿瘤深部热疗"
            "和全身热疗技术不包括肿瘤消融治疗技术。"
        ),
    },
)
