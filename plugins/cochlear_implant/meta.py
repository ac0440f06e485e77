"""Metadata of 人工耳蜗植入技术 (Cochlear implantation), quoted from the seed."""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="cochlear_implant",
    name="人工耳蜗植入技术",
    editions={"2023": "S08"},
    definitions={
        # 2023 S08 管理规范 引言“本规范所称”
        "2023": (
            "本规范所称的人工耳蜗植入技术是指对重度或极重度耳聋患者通过植入一种特殊的"
            "声-电转换电子装置，将环境中的机械声信号转换为电信号，并将该电信号通过电"
            "极刺激病耳残存的听神经而产生听觉。"
        ),
    },
)
