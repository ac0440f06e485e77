"""Metadata of 口腔颌面复杂种植技术, quoted from the seed.

Complex oral and maxillofacial implantation.
"""

from rtech import Technology

TECHNOLOGY = Technology(
    slug="s01_implant",
    name="口腔颌面复杂种植技术",
    editions={"2022": "S01"},
    definitions={
        # 2022 S01 第二部分 一、技术定义
        "2022": (
            "口腔颌面复杂种植技术是指需通过特殊外科技术处理方可进行种植体植入和修复的"
            "种植技术,外科手术方法在口腔或颌面部植入人工种植体,进而在种植体上进行有"
            "关牙列缺损、牙列缺失修复的技术,包括但不限于：穿颧骨种植技术、功能性颌骨"
            "重建种植技术。"
        ),
    },
)
