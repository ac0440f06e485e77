"""Metadata of 同种异体皮肤移植技术 (Skin allograft transplantation), quoted from the seed."""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="skin_allograft",
    name="同种异体皮肤移植技术",
    editions={"2023": "S01"},
    definitions={
        # 2023 S01 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称同种异体皮肤移植技术是指将捐献人（供体）的皮肤组织移植到接受人"
            "（受体）因烧伤、创伤导致的皮肤缺失或受损部位，以保护创面、促进修复的治疗"
            "技术。"
        ),
    },
)
