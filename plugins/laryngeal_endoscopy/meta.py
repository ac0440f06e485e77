"""Metadata of 咽喉内镜诊疗技术 (Laryngeal endoscopy), quoted from the seed."""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="laryngeal_endoscopy",
    name="咽喉内镜诊疗技术",
    editions={"2023": "S13"},
    definitions={
        # 2023 S13 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称的咽喉科内镜诊疗技术为在咽喉科内镜下进行的有创操作，主要包括支"
            "撑喉镜下及硬质支气管镜、食管镜等咽喉头颈诊疗技术。不包括纤维喉镜、频闪喉"
            "镜以及电子喉镜等无创性检查操作。"
        ),
    },
)
