"""Metadata of 神经血管介入技术 (Neurovascular intervention), quoted from the seed."""

from rtech import Technology

# The 2023 S09 heading line is missing in the seed text (see seeds/README.md).
TECHNOLOGY = Technology(
    slug="neurovascular",
    name="神经血管介入技术",
    editions={"2023": "S09"},
    definitions={
        # 2023 S09 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称的神经血管介入技术是指在医学影像设备引导下，经血管或经皮穿刺途"
            "径对头颈部血管病变进行治疗的微创技术，主要包括颅内段狭窄血管介入性治疗、"
            "动脉瘤血管内栓塞术、急性大血管闭塞性卒中血管内治疗技术。脑血管造影和颈动"
            "脉颅外段血管介入治疗不在本技术适用范围内。"
        ),
    },
)
