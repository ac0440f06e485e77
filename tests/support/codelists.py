"""An extension plugin for tests: code lists the intake searches.

It implements ``rtech_code_lists`` the way an installation's ICD extension
would. The diagnoses are a small test list (ICD-10 categories with their usual
Chinese names); the procedures are rows of the 2022 S03 table, as printed in
the seed (第二部分 二、对应手术/操作名称及编码), so they agree with cardio's code
rules once those are loaded.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet, hookimpl

__version__ = "1.0"

DIAGNOSES = ValueSet(
    id="test.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="测试用疾病诊断编码",
    entries=(
        CodeEntry("I20.0", "不稳定型心绞痛"),
        CodeEntry("I21.0", "急性前壁透壁性心肌梗死"),
        CodeEntry("I21.4", "急性心内膜下心肌梗死"),
        CodeEntry("I25.1", "动脉硬化性心脏病"),
        CodeEntry("I25.9", "冠心病"),
        CodeEntry("I10", "原发性高血压"),
        CodeEntry("E11.9", "2型糖尿病"),
        CodeEntry("Q21.0", "室间隔缺损"),
        CodeEntry("Q21.1", "房间隔缺损"),
        CodeEntry("Q25.0", "动脉导管未闭"),
        CodeEntry("I35.0", "主动脉瓣狭窄"),
        CodeEntry("I47.1", "室上性心动过速"),
        CodeEntry("I47.2", "室性心动过速"),
        CodeEntry("I48", "心房颤动和扑动"),
        CodeEntry("I49.5", "病态窦房结综合征"),
        CodeEntry("I44.2", "三度房室传导阻滞"),
        CodeEntry("I50.9", "心力衰竭"),
    ),
)

PROCEDURES = ValueSet(
    id="test.procedures",
    kind=CodeKind.PROCEDURE,
    title="2022 S03 手术/操作编码（节选）",
    entries=(
        CodeEntry("00.6600x004", "经皮冠状动脉球囊扩张成形术"),
        CodeEntry("00.6600x008", "经皮冠状动脉药物球囊扩张成形术"),
        CodeEntry("36.0700", "药物洗脱冠状动脉支架置入"),
        CodeEntry("36.0701", "冠状动脉生物可吸收支架置入术"),
        CodeEntry("35.0501", "经导管主动脉瓣植入术"),
        CodeEntry("35.5200x001", "经皮房间隔缺损封堵术"),
        CodeEntry("35.5200x002", "经皮卵圆孔未闭封堵术"),
        CodeEntry("37.3400x001", "经皮环肺静脉电隔离术"),
        CodeEntry("37.3401", "经导管心脏射频消融术"),
        CodeEntry("37.3403", "经导管心脏冷冻消融术"),
        CodeEntry("37.8000x001", "永久起搏器置入术"),
        CodeEntry("37.9400x001", "单腔植入型心律转复除颤器（ICD）置入术"),
        CodeEntry("39.7900x008", "经皮动脉导管未闭封堵术"),
    ),
)


@hookimpl
def rtech_code_lists() -> list[ValueSet]:
    return [DIAGNOSES, PROCEDURES]
