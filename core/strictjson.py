"""Untrusted JSON (import files, data files): parsed and checked before use.

Python's ``json`` accepts ``NaN`` and ``Infinity`` (not JSON: they export as
invalid files), raises ``ValueError`` on an integer of more than 4,300 digits
and ``RecursionError`` on deep nesting. :func:`loads` turns each into a Chinese
:class:`~rtech.errors.UserError`; :func:`check_values` walks an already parsed
value (iteratively) for the same limits and for text no database stores alike
(NUL, other control characters: SQLite keeps them, PostgreSQL refuses NUL).
"""

from __future__ import annotations

import json
import math
from typing import Any

from rtech.errors import UserError

__all__ = ["MAX_DEPTH", "MAX_NUMBER_DIGITS", "bad_text", "check_values", "loads"]

MAX_DEPTH = 40
"""Deepest nesting of objects and arrays accepted (a case is about six deep)."""

MAX_NUMBER_DIGITS = 30
"""Longest number accepted, in characters (a cost or a count has far fewer)."""

# Tab, newline and carriage return are ordinary in free text; other C0/C1
# controls (NUL, ESC of terminal escape sequences, ...) are not.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def bad_text(text: str) -> str | None:
    """What is wrong with ``text`` as stored text (None: nothing)."""
    for ch in text:
        code = ord(ch)
        if ch in _ALLOWED_CONTROLS:
            continue
        if code < 0x20 or 0x7F <= code < 0xA0:
            return "空字符（NUL）" if code == 0 else f"控制字符（U+{code:04X}）"
        if 0xD800 <= code <= 0xDFFF:
            return f"无效的代理字符（U+{code:04X}）"
    return None


def _number(text: str) -> Any:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise UserError(f"数值过长（{len(text)} 位），不是有效的数据。")
    return int(text) if text.lstrip("-").isdigit() else float(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS:
        raise UserError(f"数值过长（{len(text)} 位），不是有效的数据。")
    value = float(text)
    if not math.isfinite(value):
        raise UserError(f"数值 {text} 超出范围，不是有效的数据。")
    return value


def _constant(name: str) -> Any:
    raise UserError(f"数据中有 {name}：JSON 不允许非数值（NaN）或无穷大（Infinity）。")


def loads(text: str, *, where: str) -> Any:
    """Parse ``text`` (from ``where``, e.g. "文件 x.json") and check it (:func:`check_values`)."""
    try:
        value = json.loads(text, parse_int=_number, parse_float=_float, parse_constant=_constant)
    except UserError as exc:
        raise UserError(f"{where}：{exc.message}") from None
    except RecursionError:
        raise UserError(f"{where}：嵌套层次过深，不是有效的数据。") from None
    except ValueError as exc:
        raise UserError(f"{where}：不是有效的 JSON（{exc}）。") from None
    check_values(value, where=where)
    return value


def check_values(value: Any, *, where: str) -> None:
    """Refuse non-finite or over-long numbers, deep nesting and control characters.

    :raises UserError: naming the JSON path of the first bad value.
    """
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        shown = path or "顶层"
        if depth > MAX_DEPTH:
            raise UserError(f"{where}：嵌套超过 {MAX_DEPTH} 层（{shown}），不是有效的数据。")
        if isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str):
                    raise UserError(f"{where}：{shown} 有非文本的键，不是有效的数据。")
                problem = bad_text(key)
                if problem:
                    raise UserError(f"{where}：{shown} 有含{problem}的键，不是有效的数据。")
                stack.append((child, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(item, list):
            for index, child in enumerate(item):
                stack.append((child, f"{path}[{index}]", depth + 1))
        elif isinstance(item, str):
            problem = bad_text(item)
            if problem:
                raise UserError(f"{where}：{shown} 含有{problem}，不是有效的数据。")
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if abs(item) >= 10**MAX_NUMBER_DIGITS:
                raise UserError(f"{where}：{shown} 数值过长，不是有效的数据。")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise UserError(f"{where}：{shown} 是 NaN 或无穷大，不是有效的数据。")
        else:
            raise UserError(f"{where}：{shown} 不是 JSON 数据（{type(item).__name__}）。")
