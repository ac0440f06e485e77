"""Textual's own key descriptions in Chinese, for F1 help and the command palette.

Textual's widgets describe their keys in English (``Cursor up``, ``Focus
Previous``); the screens list them next to rtech's own. A description that is
neither rtech's (Chinese) nor named here is left out rather than shown in English.
"""

from __future__ import annotations

__all__ = ["TEXTUAL_DESCRIPTIONS", "key_description"]

TEXTUAL_DESCRIPTIONS: dict[str, str] = {
    # Screen and App
    "Focus Next": "下一个输入区",
    "Focus Previous": "上一个输入区",
    "Copy selected text": "复制选中的文字",
    "Quit": "退出",
    # Scrolling containers
    "Scroll Up": "向上滚动",
    "Scroll Down": "向下滚动",
    "Scroll Left": "向左滚动",
    "Scroll Right": "向右滚动",
    "Scroll Home": "滚到开头",
    "Scroll End": "滚到末尾",
    "Page Up": "向上翻页",
    "Page Down": "向下翻页",
    "Page Left": "向左翻页",
    "Page Right": "向右翻页",
    # DataTable, OptionList, Tree
    "Cursor Up": "上移",
    "Cursor Down": "下移",
    "Cursor up": "上移",
    "Cursor down": "下移",
    "Cursor left": "左移",
    "Cursor right": "右移",
    "Page up": "向上翻页",
    "Page down": "向下翻页",
    "Top": "到顶部",
    "Bottom": "到底部",
    "Home": "到开头",
    "End": "到末尾",
    "Select": "选择",
    "Up": "上移",
    "Down": "下移",
    "First": "第一项",
    "Last": "最后一项",
    "Toggle": "展开/折叠",
    "Toggle option": "选中/取消",
    "Next option": "下一个选项",
    "Previous option": "上一个选项",
    "Next tab": "下一个标签页",
    "Previous tab": "上一个标签页",
    "Press button": "按下按钮",
    "Show menu": "展开选项",
    # Input
    "Move cursor left": "光标左移",
    "Move cursor right or accept the completion suggestion": "光标右移（或接受补全）",
    "Move cursor left a word": "光标左移一词",
    "Move cursor right a word": "光标右移一词",
    "Move cursor left and select": "向左选择",
    "Move cursor right and select": "向右选择",
    "Move cursor left a word and select": "向左选择一词",
    "Move cursor right a word and select": "向右选择一词",
    "Go to start": "到行首",
    "Go to end": "到行尾",
    "Select line start": "选择到行首",
    "Select line end": "选择到行尾",
    "Select all": "全选",
    "Delete character left": "删除左边一个字",
    "Delete character right": "删除右边一个字",
    "Delete left to start of word": "删除左边一词",
    "Delete right to start of word": "删除右边一词",
    "Delete all to the left": "删除光标左边全部",
    "Delete all to the right": "删除光标右边全部",
    "Cut selected text": "剪切选中的文字",
    "Paste text from the clipboard": "粘贴",
    "Submit": "确定",
    "Copy": "复制",
    "Cut": "剪切",
    "Paste": "粘贴",
    "Undo": "撤销",
    "Redo": "重做",
    # The command palette
    "Exit the command palette": "关闭命令面板",
    "Next command": "下一条命令",
    "Previous command": "上一条命令",
    "Next page": "下一页",
    "Previous page": "上一页",
    "Go to top": "到顶部",
    "Go to bottom": "到底部",
}


def key_description(description: str) -> str | None:
    """What F1 and the palette show for a key: Chinese, or nothing."""
    if not description:
        return None
    if not description.isascii():
        return description
    return TEXTUAL_DESCRIPTIONS.get(description)
