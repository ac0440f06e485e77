"""Metadata of 消化内镜诊疗技术 (Digestive endoscopy), quoted from the seed."""

from rtech import Technology

# The seed prints "结肠镜技  术" with two spaces (extraction damage); quoted as is.
TECHNOLOGY = Technology(
    slug="gi_endoscopy",
    name="消化内镜诊疗技术",
    editions={"2023": "S11"},
    definitions={
        # 2023 S11 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称消化内镜诊疗技术包括胃镜技术、结肠镜技  "
            "术、十二指肠镜技术、小肠镜技术、超声内镜技术等诊疗技术。"
        ),
    },
)
