"""Metadata of 鼻科内镜诊疗技术 (Nasal endoscopy), quoted from the seed."""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="nasal_endoscopy",
    name="鼻科内镜诊疗技术",
    editions={"2023": "S12"},
    definitions={
        # 2023 S12 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称的鼻科内镜诊疗技术为在鼻内镜下进行的有创操作，包括鼻内镜下鼻腔"
            "鼻窦手术、鼻内镜下颅底相关手术及鼻眼相关疾病手术等。不包括鼻内镜下的无创"
            "性检查操作。"
        ),
    },
)
