"""Metadata of 呼吸内镜诊疗技术 (Respiratory endoscopy), quoted from the seed."""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="resp_endoscopy",
    name="呼吸内镜诊疗技术",
    editions={"2023": "S10"},
    definitions={
        # 2023 S10 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称的呼吸内镜诊疗技术是指在人体呼吸系统内进行的以内镜作为介入工具"
            "的一组技术，包括可弯曲支气管镜、硬质气管/支气管镜、内科胸腔镜等诊疗技术"
            "。"
        ),
    },
)
