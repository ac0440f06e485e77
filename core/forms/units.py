"""Units a form field may declare in ``x-unit``, and conversion between them.

A unit belongs to a dimension (time, volume, ...) and converts to the
dimension's base unit by ``base = value * factor + offset``. The intake parses
"2小时" as (2, 小时) and converts it to the field's ``x-unit`` (120 when the unit is
分钟); units of different dimensions never convert.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["UNITS", "Unit", "canonical", "convert", "find_unit", "unit_names"]


@dataclass(frozen=True, slots=True)
class Unit:
    name: str  # the canonical spelling, as an x-unit declares it
    dimension: str
    factor: float
    offset: float = 0.0
    label: str = ""  # Chinese name of the dimension, for messages


def _units() -> dict[str, list[Unit]]:
    table: list[tuple[str, str, float, float, tuple[str, ...]]] = [
        # time, base: minute
        ("秒", "时间", 1 / 60, 0.0, ("秒钟", "s", "sec", "secs")),
        ("分钟", "时间", 1.0, 0.0, ("分", "min", "mins", "minute", "minutes")),
        ("小时", "时间", 60.0, 0.0, ("时", "个小时", "钟头", "个钟头", "h", "hr", "hrs", "hour")),
        ("天", "时间", 1440.0, 0.0, ("日", "d", "day", "days")),
        ("周", "时间", 10080.0, 0.0, ("星期", "个星期", "礼拜", "个礼拜", "w", "wk", "week")),
        # calendar time, base: month (months and years do not convert to days)
        ("月", "月/年", 1.0, 0.0, ("个月", "mo", "month", "months")),
        ("年", "月/年", 12.0, 0.0, ("y", "yr", "yrs", "year", "years")),
        ("岁", "月/年", 12.0, 0.0, ("周岁",)),
        # volume, base: millilitre
        ("ml", "体积", 1.0, 0.0, ("mL", "毫升", "cc")),
        ("L", "体积", 1000.0, 0.0, ("l", "升")),
        ("μl", "体积", 0.001, 0.0, ("ul", "µl", "微升")),
        # mass, base: gram
        ("mg", "质量", 0.001, 0.0, ("毫克",)),
        ("g", "质量", 1.0, 0.0, ("克",)),
        ("kg", "质量", 1000.0, 0.0, ("公斤", "千克")),
        ("斤", "质量", 500.0, 0.0, ()),
        # length, base: millimetre
        ("mm", "长度", 1.0, 0.0, ("毫米",)),
        ("cm", "长度", 10.0, 0.0, ("厘米",)),
        ("m", "长度", 1000.0, 0.0, ("米",)),
        # temperature, base: degree Celsius
        ("℃", "温度", 1.0, 0.0, ("°C", "°c", "摄氏度", "度", "c")),
        ("℉", "温度", 5 / 9, -32 * 5 / 9, ("°F", "°f", "华氏度", "f")),
        # money, base: yuan
        ("元", "金额", 1.0, 0.0, ("块", "块钱", "rmb", "¥", "￥", "人民币")),
        ("千元", "金额", 1000.0, 0.0, ("千",)),
        ("万元", "金额", 10000.0, 0.0, ("万",)),
        # percentage
        ("%", "百分比", 1.0, 0.0, ("％", "percent", "个百分点")),
        # scores (CHA2DS2-VASc and the like)
        ("分", "评分", 1.0, 0.0, ()),
        # counts: one dimension, any counting word
        ("个", "数量", 1.0, 0.0, ("枚", "支", "根", "件", "张", "台", "条", "颗", "只", "处")),
        ("导联", "数量", 1.0, 0.0, ("道",)),
        ("次", "次数", 1.0, 0.0, ("回", "遍")),
        ("学时", "学时数", 1.0, 0.0, ("课时",)),  # training: 20学时以上的理论学习
        ("例", "例数", 1.0, 0.0, ("例次",)),
        ("名", "人数", 1.0, 0.0, ("人", "位")),
        ("篇", "论文数", 1.0, 0.0, ()),  # training bases: 核心期刊论文≥5篇
        ("项", "项数", 1.0, 0.0, ()),  # 省级以上科研成果≥1项
        ("张", "床位", 1.0, 0.0, ("床",)),
        # area, base: square metre
        ("平方米", "面积", 1.0, 0.0, ("m²", "m2", "㎡", "平米")),
        ("平方厘米", "面积", 0.0001, 0.0, ("cm²", "cm2", "㎠")),
        # electrical (angiography equipment)
        ("mA", "电流", 1.0, 0.0, ("ma", "毫安")),
        ("A", "电流", 1000.0, 0.0, ("安", "安培")),
        ("kV", "电压", 1.0, 0.0, ("kv", "千伏")),
        ("V", "电压", 0.001, 0.0, ("伏", "伏特")),
        # acoustic power (focused ultrasound ablation, 2022 S02)
        ("W", "功率", 1.0, 0.0, ("w", "瓦", "瓦特")),
        ("kW", "功率", 1000.0, 0.0, ("kw", "千瓦")),
        # teaching hours (a norm's theory lessons, 2022 S02 四(一)2)
        ("学时", "学时", 1.0, 0.0, ("课时",)),
        # absorbed dose (radiotherapy), base: centigray
        ("cGy", "吸收剂量", 1.0, 0.0, ("厘戈瑞", "rad")),
        ("Gy", "吸收剂量", 100.0, 0.0, ("戈瑞",)),
        # dose rate, base: centigray per minute
        ("cGy/min", "剂量率", 1.0, 0.0, ("cGy/分钟", "cGy/分", "厘戈瑞/分钟")),
        ("Gy/min", "剂量率", 100.0, 0.0, ("Gy/分钟", "戈瑞/分钟")),
    ]
    units: dict[str, list[Unit]] = {}
    for name, dimension, factor, offset, aliases in table:
        unit = Unit(name, dimension, factor, offset, dimension)
        for spelling in (name, *aliases):
            units.setdefault(spelling, []).append(unit)
            units.setdefault(spelling.lower(), [])
            if unit not in units[spelling.lower()]:
                units[spelling.lower()].append(unit)
    return units


#: spelling (and its lower case) -> the units it may mean, canonical meaning first.
UNITS: dict[str, list[Unit]] = _units()


def unit_names() -> list[str]:
    """Every canonical unit name (the values an ``x-unit`` may take)."""
    return sorted({u.name for units in UNITS.values() for u in units})


def find_unit(spelling: str, prefer: Unit | None = None) -> Unit | None:
    """The unit ``spelling`` means, preferring the dimension of ``prefer``."""
    candidates = UNITS.get(spelling) or UNITS.get(spelling.lower()) or []
    if prefer is not None:
        for unit in candidates:
            if unit.dimension == prefer.dimension:
                return unit
    return candidates[0] if candidates else None


def canonical(name: str) -> Unit | None:
    """The unit an ``x-unit`` declares: by its canonical name, or by a spelling
    that means exactly one unit (``个月`` is 月)."""
    candidates = UNITS.get(name, [])
    for unit in candidates:
        if unit.name == name:
            return unit
    return candidates[0] if len(candidates) == 1 else None


def convert(value: float, source: Unit, target: Unit) -> float:
    """``value`` in ``source`` expressed in ``target`` (same dimension)."""
    if source.dimension != target.dimension:
        raise ValueError(f"{source.name} and {target.name} are different dimensions")
    base = value * source.factor + source.offset
    return (base - target.offset) / target.factor
