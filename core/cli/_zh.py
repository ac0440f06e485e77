"""Chinese messages for click's own texts (usage, errors, help headings).

click translates through :mod:`gettext`, bound per module as ``_`` and
``ngettext``; rtech ships no .mo file, so the catalog lives here and is bound
into click's modules once, when the CLI starts.
"""

from __future__ import annotations

import importlib
from typing import Any

import click.formatting

#: click's own wrapping, for help that is all ASCII (install() replaces it).
_ORIGINAL_WRAP = click.formatting.wrap_text

_CATALOG: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "required": "必填",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "integer": "整数",
    "float": "数字",
    "Do you want to continue?": "是否继续？",
    "Error: invalid input": "错误：输入无效",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Confirm the action without prompting.": "不经询问直接确认。",
}

_PLURAL: dict[str, str] = {
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个取值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 中。",
    "Did you mean {possibility}?": "是否要输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要输入其中之一：{possibilities}？）",
}

#: click's type names: its error messages ("不是有效的整数") and the metavars of help.
_TYPE_NAMES: dict[str, str] = {
    "IntParamType": "整数",
    "FloatParamType": "数字",
    "StringParamType": "文本",
    "BoolParamType": "是否",
    "File": "文件",
    "Choice": "选项",
    "DateTime": "日期时间",
    "IntRange": "整数范围",
    "FloatRange": "数字范围",
    "UUIDParameterType": "UUID",
    "UnprocessedParamType": "文本",
}

#: The usage line's placeholders.
_USAGE_PIECES: dict[str, str] = {
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "[COMMAND] [ARGS]...": "[命令] [参数]...",
}

#: rtech's positional arguments by name: the metavar help and usage show.
ARGUMENT_NAMES: dict[str, str] = {
    "case_id": "病例编号",
    "case_ids": "病例编号",
    "file": "文件",
    "files": "文件",
    "indicator_id": "指标编号",
    "p12": "证书文件",
    "path": "路径",
    "pdf": "PDF文件",
    "query": "检索词",
    "slug": "技术标识",
    "source": "源文件",
}

_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def _gettext(message: str) -> str:
    return _CATALOG.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return _PLURAL.get(chosen) or _PLURAL.get(singular, chosen)


_installed = False


def install() -> None:
    """Bind the Chinese catalog into click's modules, name click's types and
    usage placeholders in Chinese (once)."""
    global _installed
    for name in _MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    if _installed:
        return
    _installed = True
    import click

    for type_name, label in _TYPE_NAMES.items():
        setattr(getattr(click.types, type_name), "name", label)  # noqa: B010

    usage_pieces = click.Command.collect_usage_pieces
    group_pieces = click.Group.collect_usage_pieces

    def command_pieces(self: click.Command, ctx: click.Context) -> list[str]:
        return [_USAGE_PIECES.get(p, p) for p in usage_pieces(self, ctx)]

    def group_usage(self: click.Group, ctx: click.Context) -> list[str]:
        return [_USAGE_PIECES.get(p, p) for p in group_pieces(self, ctx)]

    click.Command.collect_usage_pieces = command_pieces  # type: ignore[method-assign]
    click.Group.collect_usage_pieces = group_usage  # type: ignore[method-assign]

    # Help columns line up by display width: a Chinese metavar (--trust 文件) takes
    # two cells a character, as the terminal draws it.
    from rich.cells import cell_len

    def term_len(text: str) -> int:
        return cell_len(click.unstyle(text))

    click.formatting.term_len = term_len  # type: ignore[attr-defined,assignment]
    click.formatting.wrap_text = wrap_text

    argument_metavar = click.Argument.make_metavar

    def make_metavar(self: click.Argument, ctx: click.Context) -> str:
        shown = argument_metavar(self, ctx)
        if self.metavar is None and self.name in ARGUMENT_NAMES:
            shown = shown.replace(self.name.upper(), ARGUMENT_NAMES[self.name])
        return shown

    click.Argument.make_metavar = make_metavar  # type: ignore[method-assign]


# -- wrapping Chinese help by display width -------------------------------------

#: Punctuation that never begins a line (it stays with the character before it).
_CLOSING = set("，。、；：！？）】》」』”’%％")


def _wide(char: str) -> bool:
    return not char.isascii()


def _tokens(text: str) -> list[str]:
    """Words of ASCII (kept whole), single wide characters, and single spaces."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if char.isspace() or _wide(char):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(" " if char.isspace() else char)
        else:
            word += char
    if word:
        tokens.append(word)
    # Closing punctuation never begins a line: it travels with what precedes it.
    grouped: list[str] = []
    for token in tokens:
        if token in _CLOSING and grouped and grouped[-1] != " ":
            grouped[-1] += token
        else:
            grouped.append(token)
    return grouped


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one: no space where a line break fell between wide
    characters (a Chinese sentence broken in the source)."""
    out = ""
    for line in (item.strip() for item in lines):
        if not line:
            continue
        if out and not (_wide(out[-1]) and _wide(line[0])):
            out += " "
        out += line
    return out


def _wrap_line(text: str, width: int, first: str, rest: str) -> list[str]:
    from rich.cells import cell_len

    lines: list[str] = []
    line, used, space = first, cell_len(first), False
    for token in _tokens(text):
        if token == " ":
            space = line.strip() != ""
            continue
        size = cell_len(token) + (1 if space else 0)
        fits = used + size <= width or not line.strip()
        if not fits:
            lines.append(line.rstrip())
            line, used, space = rest, cell_len(rest), False
            size = cell_len(token)
        line += (" " if space else "") + token
        used += size
        space = False
    lines.append(line.rstrip())
    return lines


def wrap_text(
    text: str,
    width: int = 78,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """click's ``wrap_text`` measuring by display width, so that Chinese help
    fits the terminal (click counts a Chinese character as one column)."""
    if text.isascii():
        return _click_wrap_text(
            text,
            width,
            initial_indent=initial_indent,
            subsequent_indent=subsequent_indent,
            preserve_paragraphs=preserve_paragraphs,
        )
    text = text.expandtabs()
    if not preserve_paragraphs:
        return "\n".join(
            _wrap_line(_joined(text.splitlines()), width, initial_indent, subsequent_indent)
        )
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    out: list[str] = []
    for lines in (p for p in paragraphs if p):
        if lines[0].strip() == "\b":
            out.append("\n".join(initial_indent + line for line in lines[1:]))
            continue
        indent = " " * (len(lines[0]) - len(lines[0].lstrip()))
        out.append(
            "\n".join(
                _wrap_line(
                    _joined(lines), width, initial_indent + indent, subsequent_indent + indent
                )
            )
        )
    return "\n\n".join(out)


def _click_wrap_text(text: str, width: int, **options: Any) -> str:
    return _ORIGINAL_WRAP(text, width, **options)
