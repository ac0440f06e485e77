"""Metadata of 全身高能X线（及钴60γ线）照射技术, quoted from the seed.

Total body irradiation with high-energy X-rays (or cobalt-60 gamma rays).
"""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="tbi",
    name="全身高能X线（及钴60γ线）照射技术",
    editions={"2023": "S07"},
    definitions={
        # 2023 S07 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称的全身高能X线(及60钴γ线)照射技术是指符合国务院《放射性同"
            "位素与射线装置安全和防护条例》和卫生部《放射诊疗管理规定》，取得《辐射安"
            "全许可证》的医疗机构开展的主要应用于血液病骨髓移植前所实施的全身高能X线"
            "(及60钴γ线)照射的诊疗技术。"
        ),
    },
)
