"""Commands a clinician may type at any question, in Chinese or English."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rtech.intake.pinyin import fold

__all__ = ["COMMAND_HELP", "Command", "parse_command"]


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # back, skip, help, summary, edit, save, quit, review, submit, done, delete, cancel
    number: int | None = None


_WORDS = {
    "back": {"上一题", "上一个", "上一步", "返回", "back", "prev"},
    "skip": {"跳过", "略过", "skip"},
    "help": {"帮助", "help", "?", "？"},
    "summary": {"查看", "总览", "已填", "summary"},
    "save": {"保存", "save"},
    "quit": {"退出", "quit", "exit"},
    "review": {"复核", "review"},
    "submit": {"提交", "submit"},
    "done": {"完成", "结束", "好了", "done", "end"},
    "cancel": {"取消", "cancel"},
}
_NUMBERED = re.compile(
    r"^(修改|编辑|改|edit|删除|删|delete|del)\s*(?:第)?\s*(\d{1,4})\s*(?:题|项)?$"
)

#: The commands as the help text lists them.
COMMAND_HELP = (
    "上一题：回到上一题　跳过：跳过可选题　帮助：本题说明　查看：已填内容　"
    "修改 N：修改第 N 题　保存：保存草稿　退出：保存并退出　复核：直接进入复核"
)


def parse_command(text: str) -> Command | None:
    """The command ``text`` is, or None when it is an answer."""
    word = fold(text)
    for name, words in _WORDS.items():
        if word in words:
            return Command(name)
    match = _NUMBERED.match(word)
    if match:
        verb = match.group(1)
        name = "edit" if verb in ("修改", "编辑", "改", "edit") else "delete"
        return Command(name, int(match.group(2)))
    return None
