"""Free-text answers parsed into form values.

Every parser takes what the clinician typed and returns one of

- :class:`Accepted` — the value to store, with notes (a conversion made, a
  soft warning);
- :class:`Rejected` — a Chinese message naming what was typed;
- :class:`Ambiguous` — several candidates, to be picked by number;
- :class:`NeedName` — a well-formed code absent from every list: its name is asked.

No parser raises on any input (the property tests feed them arbitrary text).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rtech.codes.model import CodeKind
from rtech.forms.formats import FormatProblem, check_resident_id
from rtech.forms.model import Choice
from rtech.forms.units import UNITS, canonical, convert, find_unit
from rtech.intake.codeindex import CodeIndex, display_code, looks_like_code
from rtech.intake.pinyin import fold, initials, is_han, name_keys, syllables

__all__ = [
    "Accepted",
    "Ambiguous",
    "NeedName",
    "Option",
    "ParseResult",
    "PhysicianRef",
    "Rejected",
    "is_none_word",
    "option_keys",
    "parse_boolean",
    "parse_choice",
    "parse_code",
    "parse_date",
    "parse_multichoice",
    "parse_number",
    "parse_physician",
    "parse_resident_id",
    "parse_text",
]


@dataclass(frozen=True, slots=True)
class Accepted:
    value: Any
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    message: str


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    value: Any


@dataclass(frozen=True, slots=True)
class Ambiguous:
    message: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class NeedName:
    code: str
    message: str


ParseResult = Accepted | Rejected | Ambiguous | NeedName


def _clean(text: str) -> str:
    """NFKC (full-width to half-width), trimmed, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _quote(text: str, limit: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -------------------------------------------------------------------------
# 是/否
# -------------------------------------------------------------------------

_YES = {
    "是", "是的", "有", "有的", "对", "对的", "正确", "已", "已经", "嗯", "好", "好的", "确定",
    "确认", "要", "需要", "成功", "同意", "y", "yes", "true", "t", "ok", "√", "✓", "✔", "阳性",
    "+", "yes.", "shi", "s",
}  # fmt: skip
_NO = {
    "否", "不", "不是", "没有", "无", "没", "未", "错", "不对", "不要", "不需要", "失败",
    "n", "no", "false", "f", "×", "✗", "✘", "x", "阴性", "-", "fou", "mei", "meiyou",
}  # fmt: skip
_UNKNOWN = {"不详", "不清楚", "不知道", "未知", "不确定", "?", "？", "不明", "待定", "待查"}
_NONE_WORDS = {
    "无", "没有", "均无", "都没有", "都无", "全无", "无以上", "以上均无", "以上都没有", "没", "否",
    "none", "no", "n", "0", "无此项", "未发生", "没有发生",
}  # fmt: skip


def is_none_word(text: str) -> bool:
    """“无”, “没有”, “均无”...: the answer to a list or multiple choice is empty."""
    return fold(text) in _NONE_WORDS


def parse_boolean(text: str) -> ParseResult:
    word = fold(text).rstrip("。.!！")
    if not word:
        return Rejected("请回答“是”或“否”")
    if word in _UNKNOWN:
        return Rejected(f"“{_quote(text)}”不能作为是/否的回答；暂不确定可先“保存”退出，核实后再填")
    if word in _YES or word == "1":
        return Accepted(True)
    if word in _NO or word == "2":
        return Accepted(False)
    if word[0] in "未没无不否" and not any(w in word for w in _UNKNOWN):
        return Accepted(False)
    if word[0] in "已有是对" and len(word) <= 8:
        return Accepted(True)
    if word[-1] in "了过" and len(word) <= 6 and not any(n in word for n in "不未没无非否"):
        return Accepted(True)  # 做了, 用过, 签了
    return Rejected(
        f"“{_quote(text)}”不是是/否的回答：请输入“是”或“否”（也可用 有/无、对/不、1/2）"
    )


# -------------------------------------------------------------------------
# Numbers with units
# -------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# A run of Chinese numerals not glued to an Arabic number (120千伏 is kV, not 1000).
_CN_RUN = re.compile(r"(?<![\d.])[零〇一二两三四五六七八九十百千]+")
_NUMBER_TOKEN = re.compile(r"(?P<num>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s+\-.,;；，、]*)")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])")
_COUNTING = {"数量", "评分", "次数", "例数", "人数", "床位"}


def cn_number(run: str) -> int | None:
    """Chinese numerals to an integer: 二十五 -> 25, 二〇二三 -> 2023, 两 -> 2."""
    if not run or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in run):
        return None
    if not any(c in _CN_UNITS for c in run):
        # Digit by digit only where that is the reading (二〇二三, 一九九八); “三四”
        # means three or four, not thirty-four.
        if len(run) == 1 or len(run) >= 4 or any(c in "〇零" for c in run):
            return int("".join(str(_CN_DIGITS[c]) for c in run))
        return None
    total, digit = 0, None
    for char in run:
        if char in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
    return total + (digit or 0)


def _cn_numerals(text: str) -> str | None:
    """Replace runs of Chinese numerals by digits; None when a run makes no number."""
    failed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal failed
        run = match.group(0)
        if run != "十" and not any(c in _CN_DIGITS for c in run):
            return run  # 千, 百 alone are unit prefixes (千元, 千伏), not numbers
        value = cn_number(run)
        if value is None:
            failed = True
            return match.group(0)
        return str(value)

    converted = _CN_RUN.sub(replace, text)
    return None if failed else converted


def _number_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"^(约|大约|大概|差不多|about|~)", "", text).strip()
    text = re.sub(r"(左右|上下|许)$", "", text).strip()
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
    text = re.sub(r"百分之\s*([\d.零〇一二两三四五六七八九十百千]+)", r"\1%", text)
    text = re.sub(r"(?<=\d)\s*(cm2|cm²)$", "平方厘米", text)
    text = re.sub(r"(?<=\d)\s*(m2|m²)$", "平方米", text)
    converted = _cn_numerals(text)
    text = converted if converted is not None else text
    text = re.sub(r"(\d+(?:\.\d+)?)\s*个半", lambda m: f"{float(m.group(1)) + 0.5:g}", text)
    return re.sub(r"^半(?=\D)", "0.5", text)


def _tidy(value: float) -> float:
    return round(value, 6)


def parse_number(
    text: str,
    *,
    unit: str = "",
    integer: bool = False,
    title: str = "",
) -> ParseResult:
    """A number, optionally with a unit, converted to ``unit`` (the field's ``x-unit``).

    Several number-unit pairs of one dimension add up: 2小时30分钟 -> 150 分钟.
    """
    original = _quote(text)
    cleaned = _number_text(text)
    if not cleaned:
        return Rejected("请输入一个数值" + (f"（单位：{unit}）" if unit else ""))
    tokens = list(_NUMBER_TOKEN.finditer(cleaned))
    covered = "".join(m.group(0) for m in tokens).replace(" ", "")
    if not tokens or covered != cleaned.replace(" ", ""):
        return Rejected(f"“{original}”不是数值" + (f"（单位：{unit}）" if unit else ""))
    target = canonical(unit) if unit else None
    total = 0.0
    converted_from: list[str] = []
    for index, token in enumerate(tokens):
        try:
            value = float(token.group("num"))
        except ValueError:
            return Rejected(f"“{original}”不是数值")
        if not math.isfinite(value):
            return Rejected(f"“{original}”超出可接受的数值范围")
        spelling = token.group("unit")
        if len(tokens) > 1 and not spelling:
            return Rejected(
                f"“{original}”包含多个数值，请只输入一个" + (f"（单位：{unit}）" if unit else "")
            )
        if spelling:
            found = find_unit(spelling, target) if target else None
            if target is None:
                options = UNITS.get(spelling) or UNITS.get(spelling.lower()) or []
                if not any(u.dimension in _COUNTING for u in options):
                    return Rejected(f"“{original}”：本题不带单位，请只输入数字")
            elif found is None:
                return Rejected(f"“{original}”中的单位“{spelling}”无法识别；本题单位为{unit}")
            elif found.dimension != target.dimension:
                return Rejected(
                    f"“{original}”中的单位“{spelling}”（{found.label}）不能换算为{unit}（{target.label}）"
                )
            elif found.name != target.name:
                value = convert(value, found, target)
                converted_from.append(spelling)
        elif index == 0 and len(tokens) == 1 and target is not None:
            pass
        total += value
    total = _tidy(total)
    if not math.isfinite(total):
        return Rejected(f"“{original}”超出可接受的数值范围")
    if integer:
        if abs(total - round(total)) > 1e-6:
            shown = f"{total:g}{unit}"
            return Rejected(f"“{original}”换算后为 {shown}，“{title or '本题'}”应为整数")
        result: float | int = round(total)
    else:
        result = int(total) if total == int(total) and abs(total) < 1e15 else total
    notes = (f"已换算：{original} = {result:g}{unit}",) if converted_from else ()
    return Accepted(result, notes)


# -------------------------------------------------------------------------
# Dates
# -------------------------------------------------------------------------

_RELATIVE = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3, "明天": 1}
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*[日号]?$")
_DAYS_AGO = re.compile(r"^(\d{1,3})\s*天(以)?前$")


def parse_date(text: str, *, today: date | None = None) -> ParseResult:
    """2023-3-5, 2023/3/5, 2023年3月5日, 20230305, 3月5日 (this year), 今天, 昨天, 3天前."""
    today = today or date.today()
    raw = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    word = raw.lower()
    if word in _RELATIVE:
        return _date_result(today + timedelta(days=_RELATIVE[word]), today, text)
    cleaned = _cn_numerals(raw) or raw
    ago = _DAYS_AGO.match(cleaned)
    if ago:
        return _date_result(today - timedelta(days=int(ago.group(1))), today, text)
    for pattern in (_YMD, _COMPACT):
        match = pattern.match(cleaned)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return _make_date(year, month, day, today, text)
    match = _MD.match(cleaned)
    if match:
        month, day = (int(g) for g in match.groups())
        return _make_date(today.year, month, day, today, text)
    return Rejected(
        f"“{_quote(text)}”不是日期：请输入如 2023-3-5、2023年3月5日、20230305、今天、昨天"
    )


def _make_date(year: int, month: int, day: int, today: date, text: str) -> ParseResult:
    if not 1 <= month <= 12:
        return Rejected(f"“{_quote(text)}”中的月份“{month}”无效")
    try:
        value = date(year, month, day)
    except ValueError:
        return Rejected(f"“{_quote(text)}”不是有效日期：{year}年{month}月没有{day}日")
    return _date_result(value, today, text)


def _date_result(value: date, today: date, text: str) -> ParseResult:
    if value.year < 1900:
        return Rejected(f"“{_quote(text)}”的年份“{value.year}”不合理")
    if value > today + timedelta(days=366 * 5):
        return Rejected(f"“{_quote(text)}”远在未来（{value.isoformat()}），请核对")
    notes = (
        (f"注意：{value.isoformat()} 晚于今天（{today.isoformat()}），请核对",)
        if value > today
        else ()
    )
    return Accepted(value.isoformat(), notes)


# -------------------------------------------------------------------------
# Choices
# -------------------------------------------------------------------------


def option_keys(choices: Sequence[Choice]) -> list[str]:
    """What the user types to pick each option by number.

    Options coded with short digit strings (病案首页 codes: 性别 1/2/0/9, 离院方式
    1-5/9, TIMI 0-3) are picked by their code, which is what clinicians know;
    any other list is numbered 1, 2, 3...
    """
    values = [c.value for c in choices]
    coded = (
        bool(values)
        and all(isinstance(v, str) and v.isdigit() and len(v) <= 2 for v in values)
        and len(set(values)) == len(values)
    )
    return [str(v) for v in values] if coded else [str(i + 1) for i in range(len(choices))]


def _core_label(label: str) -> str:
    """The label without its parenthetical: “STEMI（ST段抬高型心肌梗死）” -> “STEMI”."""
    return re.sub(r"[（(].*?[）)]", "", unicodedata.normalize("NFKC", label)).strip()


def _listing(choices: Sequence[Choice]) -> str:
    keys = option_keys(choices)
    return "；".join(f"{k}. {c.label}" for k, c in zip(keys, choices, strict=True))


def parse_choice(text: str, choices: Sequence[Choice], *, title: str = "") -> ParseResult:
    """One option, by its number (or code), value, label, or pinyin initials."""
    word = fold(text).rstrip("。.")
    if not word:
        return Rejected("请选择一项：" + _listing(choices))
    keys = option_keys(choices)
    for key, choice in zip(keys, choices, strict=True):
        if word == key.lower():
            return Accepted(choice.value)
    exact: list[Choice] = []
    for choice in choices:
        candidates = {fold(choice.label), fold(_core_label(choice.label))}
        if isinstance(choice.value, str):
            candidates.add(fold(choice.value))
        if word in candidates:
            exact.append(choice)
    if len(exact) == 1:
        return Accepted(exact[0].value)
    if not exact and word.isascii() and word.isalnum():
        exact = [
            c
            for c in choices
            if word in (initials(c.label), initials(_core_label(c.label)), syllables(c.label))
        ]
        if len(exact) == 1:
            return Accepted(exact[0].value)
    starts = [c for c in choices if fold(c.label).startswith(word)]
    if not exact and len(starts) == 1:
        return Accepted(starts[0].value)
    if not exact and not starts and not any(n in word for n in "不非未无没否"):
        # A label with a word around it: 男性, 女的, 是的.
        around = [
            c
            for c in choices
            if (label := fold(_core_label(c.label))) in word and len(word) - len(label) <= 2
        ]
        if len(around) == 1:
            return Accepted(around[0].value)
    partial = exact or [
        c
        for c in choices
        if word in fold(c.label)
        or (word.isascii() and word.isalnum() and (
            initials(c.label).startswith(word) or syllables(c.label).startswith(word)
        ))
    ]  # fmt: skip
    if not partial and sum(1 for c in word if is_han(c)) >= 2:
        # Chinese abbreviations keep the characters in order: 冠脉, 房颤, 室上速;
        # failing that, the same characters in another order: 头孢二代.
        partial = [c for c in choices if _subsequence(word, fold(c.label))] or [
            c for c in choices if set(word) <= set(fold(c.label))
        ]
    if len(partial) == 1:
        return Accepted(partial[0].value)
    if partial:
        options = tuple(Option(c.label, c.value) for c in partial)
        return Ambiguous(f"“{_quote(text)}”对应多个选项，请输入编号选择：", options)
    prefix = f"“{title}”的" if title else ""
    return Rejected(f"“{_quote(text)}”不是{prefix}可选项。可选：{_listing(choices)}")


def _subsequence(short: str, long: str) -> bool:
    characters = iter(long)
    return all(c in characters for c in short)


_SPLIT = re.compile(r"[\s,，、;；/]+|和|及|与")


def parse_multichoice(
    text: str, choices: Sequence[Choice], *, allow_empty: bool = True, title: str = ""
) -> ParseResult:
    """Several options (“1 3”, “血胸、气胸”), or none (“无”)."""
    if is_none_word(text) and not any(fold(c.label) == fold(text) for c in choices):
        if allow_empty:
            return Accepted([])
        return Rejected(f"“{title or '本题'}”至少要选一项。可选：{_listing(choices)}")
    tokens = [t for t in _SPLIT.split(unicodedata.normalize("NFKC", text)) if t.strip()]
    # "1 2" is two numbers, never option 12; a label may itself hold a separator
    # (医学检验、病理专业), so the whole answer is tried as one option otherwise.
    several_numbers = len(tokens) > 1 and all(t.strip().isdigit() for t in tokens)
    whole = None if several_numbers else parse_choice(text, choices, title=title)
    if isinstance(whole, Accepted):
        return Accepted([whole.value])
    if not tokens:
        return Rejected(
            f"请选择一项或多项（多项用空格或顿号分隔），没有则输入“无”。可选：{_listing(choices)}"
        )
    values: list[Any] = []
    for token in tokens:
        result = parse_choice(token, choices, title=title)
        if isinstance(result, Accepted):
            if result.value not in values:
                values.append(result.value)
        elif isinstance(result, Ambiguous):
            labels = "、".join(o.label for o in result.options)
            return Rejected(f"“{_quote(token)}”对应多个选项（{labels}），请改用编号")
        else:
            return Rejected(
                f"“{_quote(token)}”不是可选项。可选：{_listing(choices)}；多项用空格或顿号分隔，没有则输入“无”"
            )
    return Accepted(values)


# -------------------------------------------------------------------------
# Text and ID numbers
# -------------------------------------------------------------------------


_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def parse_text(text: str) -> ParseResult:
    """Free text, trimmed; spaces between Chinese characters (刘 德 华) removed."""
    value = _HAN_GAP.sub("", " ".join(text.split()))
    if not value:
        return Rejected("回答不能为空")
    return Accepted(value)


def parse_resident_id(text: str) -> ParseResult:
    value = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text)).upper()
    if not value:
        return Rejected("请输入18位居民身份证号")
    try:
        check_resident_id(value)
    except FormatProblem as problem:
        typed = text.strip()
        shown = "" if typed == value else f"（输入为“{_quote(typed)}”）"
        return Rejected(f"{problem}{shown}")
    return Accepted(value)


# -------------------------------------------------------------------------
# Codes
# -------------------------------------------------------------------------

_CODE_AND_NAME = re.compile(r"^([A-Za-z]?\d{2}(?:\.\d{1,4})?(?:[xX]\d{3})?)\s*(\S.*)?$")
_KIND_LABELS = {CodeKind.DIAGNOSIS: "疾病诊断", CodeKind.PROCEDURE: "手术/操作"}


def parse_code(
    text: str,
    index: CodeIndex,
    codeset: str,
    *,
    tiers: Sequence[Collection[str]] = (),
    limit: int = 8,
) -> ParseResult:
    """A code of ``codeset`` by code, Chinese name or pinyin; top matches when ambiguous.

    ``tiers``: the lists searched first (see :meth:`CodeIndex.search`). The best
    match is taken at once when it is exact (a code, a name, an alias, pinyin
    initials) and nothing else as good is found in its tier.
    """
    raw = " ".join(unicodedata.normalize("NFKC", text).split())
    if not raw:
        return Rejected("请输入编码、中文名称或拼音首字母")
    kind = index.kind_of(codeset)
    what = _KIND_LABELS.get(kind, "编码") if kind else "编码"
    split = _CODE_AND_NAME.match(raw)
    code_part = split.group(1) if split else ""
    name_part = (split.group(2) or "").strip() if split else ""
    if code_part:
        item = index.get(code_part, codeset)
        if item is not None:
            notes: tuple[str, ...] = ()
            if name_part and fold(name_part) != fold(item.name):
                notes = (f"编码 {item.code} 在编码表中的名称为“{item.name}”，已按编码表记录",)
            return Accepted({"code": item.code, "name": item.name}, notes)
    matches = index.search(raw, codeset, limit=limit, tiers=tiers)
    if matches:
        first = matches[0]
        best = first.rank
        rivals = [m for m in matches[1:] if m.rank == best and m.tier == first.tier]
        if best < 2 and not rivals:
            item = first.item
            return Accepted({"code": item.code, "name": item.name})
        if (
            not rivals
            and first.how == "name"
            and best < 3
            and len(fold(first.item.name)) - len(fold(raw)) <= 1
        ):
            # The whole name but its last character (永久起搏器置入 for …置入术).
            item = first.item
            return Accepted(
                {"code": item.code, "name": item.name}, (f"按“{_quote(raw)}”匹配到 {item.label}",)
            )
        # Anything weaker (a substring, an initials fragment) is offered, never assumed.
        options = tuple(
            Option(m.item.label, {"code": m.item.code, "name": m.item.name}) for m in matches
        )
        if len(options) == 1:
            return Ambiguous(
                f"与“{_quote(raw)}”相近的{what}只有一条，是它吗？输入 1 确认，或重新输入：", options
            )
        return Ambiguous(
            f"与“{_quote(raw)}”相符的{what}有多条，请输入编号选择（或重新输入）：", options
        )
    if code_part and looks_like_code(code_part, kind):
        code = display_code(code_part)
        if name_part:
            return Accepted(
                {"code": code, "name": name_part},
                (f"编码 {code} 不在已加载的编码表中，已按输入记录（名称“{name_part}”），请核对",),
            )
        return NeedName(
            code,
            f"编码 {code} 不在已加载的编码表中。如确认无误，请输入该{what}的中文名称"
            "（输入“取消”重新输入编码）",
        )
    if code_part or looks_like_code(raw, None):
        return Rejected(f"“{_quote(raw)}”不是有效的{what}编码，编码表中也没有相符的条目")
    return Rejected(
        f"编码表中没有与“{_quote(raw)}”相符的{what}。请输入编码、中文名称或拼音首字母；"
        "编码表以外的编码可输入“编码 名称”，如“I21.900 急性心肌梗死”"
    )


# -------------------------------------------------------------------------
# Physicians
# -------------------------------------------------------------------------


@dataclass(frozen=True)
class PhysicianRef:
    """A physician of the registry as the intake matches it."""

    id: str
    name: str
    title: str = ""  # 职称 label
    keys: frozenset[str] = field(default=frozenset())
    detail: str = ""  # what tells two namesakes apart (the licence number)

    @classmethod
    def of(cls, id_: int | str, name: str, title: str = "", *, detail: str = "") -> PhysicianRef:
        return cls(str(id_), name, title, frozenset(name_keys(name)), detail)

    @property
    def label(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name

    @property
    def value(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


def parse_physician(text: str, physicians: Sequence[PhysicianRef]) -> ParseResult:
    """A physician of the registry by name, part of the name, or pinyin."""
    word = fold(text).rstrip("。.")
    if not word:
        return Rejected("请输入医师姓名或拼音首字母")
    if not physicians:
        return Rejected("医师名册为空：请先登记医师（rtech registry physician）")
    exact = [p for p in physicians if fold(p.name) == word or word in p.keys]
    if len(exact) == 1:
        return Accepted(exact[0].value)
    found = exact or [
        p
        for p in physicians
        if word in fold(p.name) or (word.isascii() and any(k.startswith(word) for k in p.keys))
    ]
    if len(found) == 1:
        return Accepted(found[0].value)
    if found:
        labels = [p.label for p in found[:12]]
        options = tuple(
            Option(
                f"{p.name}（{'，'.join(x for x in (p.title, p.detail) if x)}）"
                if labels.count(p.label) > 1 and p.detail
                else p.label,
                p.value,
            )
            for p in found[:12]
        )
        return Ambiguous(f"“{_quote(text)}”对应多位医师，请输入编号选择：", options)
    return Rejected(
        f"医师名册中没有“{_quote(text)}”。请输入已登记医师的姓名或拼音首字母；"
        "新医师请先登记（rtech registry physician）"
    )
