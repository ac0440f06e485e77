"""The conversational intake engine: one question at a time, no UI.

An :class:`Intake` walks a compiled form. The front end (line mode, the TUI)
shows :attr:`Intake.prompt`, passes each line the user typed to
:meth:`Intake.handle`, and shows the :class:`Reply`; it adds no logic of its own.

- The questions that apply, their order and numbering (“第 12/48 题”) are
  recomputed from the answers after every answer.
- An accepted answer is validated (type, range, format, cross-field dates), and
  saved at once with the position (the *cursor*) through the :class:`Backend`,
  in its own transaction; a killed process resumes at the same question.
- When an answer makes earlier answers inapplicable (a branch closes, or the
  same property now belongs to another branch) they are listed, removed from the
  case and passed to the backend, which keeps them in the audit log.
- Commands at any question: 上一题, 跳过, 帮助, 查看, 修改 N, 保存, 退出, 复核;
  list questions add 完成 and 删除 N. The review ends with 提交.

The class is assembled from its steps: :mod:`~rtech.intake.base` (state,
saving, pruning), :mod:`~rtech.intake.navigation` (the prompt and the moves),
:mod:`~rtech.intake.lists` (list questions and repeated entries) and
:mod:`~rtech.intake.review` (review and submission); this module handles input:
commands, parsing, answers, pending choices and suggestions.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rtech.answers import get_path, set_path
from rtech.errors import UserError
from rtech.forms.display import display_value
from rtech.forms.model import Form, Node
from rtech.forms.validation import FormValidator, shown
from rtech.intake.base import (
    LISTS,
    REVIEW,
    Backend,
    Dropped,
    Finding,
    IntakeContext,
    Message,
    Prompt,
    Reply,
    Review,
    Suggestion,
)
from rtech.intake.commands import COMMAND_HELP, Command, parse_command
from rtech.intake.lists import ListQuestions
from rtech.intake.navigation import Navigation
from rtech.intake.parsers import (
    Accepted,
    Ambiguous,
    NeedName,
    Option,
    ParseResult,
    Rejected,
    parse_boolean,
    parse_choice,
    parse_code,
    parse_date,
    parse_multichoice,
    parse_number,
    parse_physician,
    parse_resident_id,
    parse_text,
)
from rtech.intake.pinyin import fold
from rtech.intake.review import ReviewStep
from rtech.strictjson import bad_text

__all__ = [
    "REVIEW",
    "Backend",
    "Dropped",
    "Finding",
    "Intake",
    "IntakeContext",
    "Message",
    "Prompt",
    "Reply",
    "Review",
    "Suggestion",
]


# Invisible format characters a paste brings along (zero-width space and
# joiners, word joiner, BOM, soft hyphen) and the bidirectional controls that
# reorder what a terminal shows (Trojan Source): stripped from every answer.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
INVISIBLE_NOTE = "已去除输入中的不可见字符（零宽字符或文字方向标记）。"


def screen_typed(text: str) -> tuple[str, str, bool]:
    """``(text without invisible characters, why it is refused or "", whether any were)``.

    Control characters (NUL, the ESC of terminal escape sequences, DEL, C1) and
    undecodable bytes (stdin that is not UTF-8) refuse the line: they cannot be
    shown, and PostgreSQL does not store NUL.
    """
    cleaned = _INVISIBLE.sub("", text)
    for ch in cleaned:
        problem = bad_text(ch)
        if problem:
            if 0xDC80 <= ord(ch) <= 0xDCFF:
                problem = "无法识别的字节（输入不是 UTF-8 编码）"
            return cleaned, f"输入中含有{problem}，本次回答未保存，请重新输入。", False
    return cleaned, "", cleaned != text


class Intake(Navigation, ListQuestions, ReviewStep):
    """One intake conversation over ``form``, persisted through ``backend``."""

    def __init__(
        self,
        form: Form,
        backend: Backend,
        *,
        answers: Mapping[str, Any] | None = None,
        cursor: Mapping[str, Any] | None = None,
        context: IntakeContext | None = None,
    ) -> None:
        self.form = form
        self.backend = backend
        self.context = context or IntakeContext()
        self.validator = FormValidator(form)
        self.answers: dict[str, Any] = copy.deepcopy(dict(answers or {}))
        self.cursor: dict[str, Any] = copy.deepcopy(dict(cursor or {}))
        self.finished = False
        self.greeting = ""  # what the front end says first (new case, resumed draft...)
        self._asked = ""  # the question being answered (kept when a save is refused)
        self._place()

    # -- live suggestions ------------------------------------------------------

    def suggest(self, text: str, limit: int = 8) -> list[Option]:
        """Candidates for what is typed so far (codes, physicians, options), best first.

        For live suggestions while typing; picking one means submitting its
        label (codes: the code) as the answer.
        """
        node = self.asking()
        word = fold(text)
        if node is None or not word:
            return []
        if node.kind in ("code", "code_list") and self.context.codes is not None:
            matches = self.context.codes().search(
                text, node.codeset, limit=limit, tiers=self.context.tiers
            )
            return [
                Option(m.item.label, {"code": m.item.code, "name": m.item.name}) for m in matches
            ]
        if node.kind in ("physician", "physician_list"):
            found = [
                p
                for p in self.context.physicians
                if word in fold(p.name) or any(k.startswith(word) for k in p.keys)
            ]
            return [Option(p.label, p.value) for p in found[:limit]]
        if node.kind in ("choice", "multichoice", "boolean"):
            result = parse_choice(text, node.choices)
            if isinstance(result, Accepted):
                label = next(c.label for c in node.choices if c.value == result.value)
                return [Option(label, result.value)]
            if isinstance(result, Ambiguous):
                return list(result.options[:limit])
        return []

    def suggestions(self, text: str, limit: int = 8) -> list[Suggestion]:
        """:meth:`suggest` as a front end lists them: each with the text that picks it.

        Only while a question (or an entry's field) is being answered; a code is
        picked by its code, a physician by name, an option by its label.
        """
        node = self.asking()
        if node is None or self.stage not in ("question", "entry"):
            return []
        found = []
        for option in self.suggest(text, limit):
            value = option.value
            if node.kind in ("code", "code_list") and isinstance(value, Mapping):
                typed = str(value["code"])
            elif node.kind in ("physician", "physician_list") and isinstance(value, Mapping):
                typed = str(value["name"])
            else:
                typed = option.label
            found.append(Suggestion(option.label, typed))
        return found

    def code_sets(self) -> list[str]:
        """The code lists this form's code questions search (entries' fields included)."""
        found: list[str] = []

        def visit(form: Form) -> None:
            for variants in form.nodes.values():
                for node in variants:
                    if node.kind in ("code", "code_list") and node.codeset:
                        found.append(node.codeset)
                    if node.entry_form is not None:
                        visit(node.entry_form)

        visit(self.form)
        return list(dict.fromkeys(found))

    def warm_codes(self) -> int:
        """Load the code index and build the lists this form searches.

        Slow on large lists (about a second for tens of thousands of codes):
        a front end calls it in the background before the first code question.
        Returns how many codes the index holds (0 when the form asks none).
        """
        sets = self.code_sets()
        if self.context.codes is None or not sets:
            return 0
        index = self.context.codes()
        index.warm(sets, self.context.tiers)
        return len(index)

    # -- rehearsal and held input ----------------------------------------------

    def preview(self, text: str) -> Reply:
        """What :meth:`handle` would reply to ``text``, with nothing saved or changed.

        A front end calls it to show which answers an edit would drop
        (``reply.dropped``) before the user confirms. Nothing is ever submitted
        in a preview.
        """
        shadow = copy.copy(self)
        shadow.answers = copy.deepcopy(self.answers)
        shadow.cursor = copy.deepcopy(self.cursor)
        shadow.backend = _Rehearsal(self.backend)
        asked = self.current()
        reply = shadow.handle(text)
        if asked is not None:
            value = get_path(shadow.answers, asked.path)
            if value is not None and value != get_path(self.answers, asked.path):
                reply.answer = display_value(asked, value)
        return reply

    def hold(self, text: str) -> Reply:
        """Keep ``text`` — typed but not yet submitted — with the draft.

        A front end calls it when the user leaves with something in the answer
        box; :attr:`held` gives it back when the intake is opened again, and the
        next :meth:`handle` forgets it.
        """
        if self.finished:
            return Reply()
        text = "".join(ch for ch in _INVISIBLE.sub("", text) if not bad_text(ch))
        if text.strip():
            self.cursor["typed"] = text[:2000]
        else:
            self.cursor.pop("typed", None)
        reply = Reply()
        self._save(reply)
        return reply

    @property
    def held(self) -> str:
        """Text the user had typed but not submitted when they last left (see :meth:`hold`)."""
        return str(self.cursor.get("typed") or "")

    # -- input ---------------------------------------------------------------

    def handle(self, text: str) -> Reply:
        """Take one line the user typed; return what to tell them."""
        if self.finished:
            return Reply().info("录入已结束。")
        text, refused, stripped = screen_typed(text)
        if refused:
            return Reply().error(refused)
        self.cursor.pop("typed", None)
        self._asked = str(self.cursor.get("path") or "")
        raw = text.strip()
        if stripped and not raw:
            return Reply().error("输入只有不可见字符（如零宽字符、文字方向标记），本次回答未保存。")
        reply = self._handle(raw)
        if stripped:
            reply.messages.insert(0, Message("info", INVISIBLE_NOTE))
        return reply

    def _handle(self, raw: str) -> Reply:
        stage = self.stage
        command = parse_command(raw)
        if stage == "choose":
            return self._choose(raw, command)
        if stage == "code_name":
            return self._code_name(raw, command)
        if stage == "reason":
            return self._reason(raw, command)
        if command is not None and command.name not in ("done", "cancel", "delete", "submit"):
            return self._command(command)
        if stage == "review":
            if (command is not None and command.name == "submit") or fold(raw) == fold(
                self.backend.submit_word
            ):
                return self.submit()
            return Reply().error(
                f"请输入“{self.backend.submit_word}”，或“修改 N”修改第 N 题，或“退出”。"
            )
        if command is not None and command.name == "submit":
            return self._go_review()
        node = self.current()
        assert node is not None
        if stage == "entry":
            return self._entry_input(node, raw, command)
        if node.kind in LISTS:
            return self._list_input(node, raw, command)
        if command is not None and command.name in ("done", "cancel", "delete"):
            return Reply().error(f"“{raw}”只用于可逐项输入的题目（如诊断、医师、器材）。")
        return self._answer(node, raw)

    # -- commands --------------------------------------------------------------

    def _command(self, command: Command) -> Reply:
        name = command.name
        if name == "help":
            return Reply().info(self.help_text())
        if name == "summary":
            return Reply().info(self.summary_text())
        if name == "save":
            reply = Reply()
            self._save(reply)
            if reply.saved:
                reply.info(f"草稿已保存。{self.backend.title}")
            return reply
        if name == "quit":
            reply = Reply(quit=True)
            self._save(reply)
            if self.unsaved:
                # The database was busy: leaving now would lose the answers.
                reply.quit = False
                reply.error("草稿尚未保存，暂不退出；请稍后再输入“退出”。")
            elif reply.saved:
                where = "复核" if self.stage == "review" else f"第 {self.prompt.number} 题"
                reply.info(f"已保存草稿并退出。{self.backend.title}；下次将从{where}继续。")
            return reply
        if name == "back":
            return self._back()
        if name == "skip":
            return self._skip()
        if name == "edit":
            return self._edit(command.number or 0)
        if name == "review":
            return self._go_review()
        return Reply().error(f"此处不能使用该命令。{COMMAND_HELP}")

    def help_text(self) -> str:
        node = self.current()
        lines = []
        if node is not None:
            if self.stage == "entry" and node.entry_form is not None:
                entry = self.cursor["entry"]
                sub = node.entry_form.node([entry["field"]], entry["values"])
                if sub is not None:
                    node = sub
            lines.append(f"【{node.title}】")
            if node.help:
                lines.append(node.help)
            section = node.section
            if section is not node and section.help:
                lines.append(section.help)
            lines.append(_how_to_answer(node))
            patterns = (node.parent.schema.get("x-patterns") if node.parent else None) or []
            for pattern in patterns:
                if (
                    isinstance(pattern, Mapping)
                    and pattern.get("x-help")
                    and f"(?P<{node.key}>" in str(pattern.get("regex", ""))
                ):
                    lines.append(str(pattern["x-help"]))
        lines.append(COMMAND_HELP)
        return "\n".join(lines)

    # -- answers ---------------------------------------------------------------

    def parse(self, node: Node, raw: str) -> ParseResult:
        """Parse ``raw`` as an answer to ``node`` (one element for list questions)."""
        kind = node.kind
        if kind == "boolean":
            choice = parse_choice(raw, node.choices) if raw.strip().isdigit() else None
            return choice if isinstance(choice, Accepted) else parse_boolean(raw)
        if kind == "choice":
            return parse_choice(raw, node.choices, title=node.title)
        if kind == "multichoice":
            return parse_multichoice(
                raw, node.choices, allow_empty=node.min_items == 0, title=node.title
            )
        if kind == "number":
            return parse_number(
                raw,
                unit=node.unit,  # "2003年" stays a year though the prompt shows no unit
                integer=node.schema.get("type") == "integer",
                title=node.title,
            )
        if kind == "date":
            return parse_date(raw, today=self.context.today)
        if kind == "resident_id":
            return parse_resident_id(raw)
        if kind in ("code", "code_list"):
            if self.context.codes is None:
                return Rejected("编码表尚未加载，无法查找编码")
            return parse_code(raw, self.context.codes(), node.codeset, tiers=self.context.tiers)
        if kind in ("physician", "physician_list"):
            return parse_physician(raw, self.context.physicians)
        return parse_text(raw)

    def _answer(self, node: Node, raw: str) -> Reply:
        if not raw:
            if self._answered(node):
                self._move(self._next_open(node))
                return self._save_position(Reply())
            hint = "；可选题可输入“跳过”" if not node.required(self.answers) else ""
            return Reply().error(f"请输入回答{hint}。输入“帮助”查看说明。")
        filled = self._patterns(node, raw)
        if filled is not None:
            return filled
        result = self.parse(node, raw)
        return self._apply(node, result, raw, target="set")

    def _apply(self, node: Node, result: ParseResult, raw: str, *, target: str) -> Reply:
        if isinstance(result, Rejected):
            return Reply().error(result.message)
        if isinstance(result, Ambiguous):
            self.cursor["pending"] = {
                "type": "choose",
                "message": result.message,
                "options": [{"label": o.label, "value": o.value} for o in result.options],
                "target": target,
            }
            return Reply()
        if isinstance(result, NeedName):
            self.cursor["pending"] = {
                "type": "code_name",
                "message": result.message,
                "code": result.code,
                "target": target,
            }
            return Reply()
        if target == "append":
            return self._append(node, result.value, raw, notes=result.notes)
        if target == "entry":
            return self._entry_value(node, result.value, notes=result.notes)
        return self._commit(node, {node.path: result.value}, raw, notes=result.notes)

    def _commit(
        self,
        node: Node,
        values: Mapping[tuple[str, ...], Any],
        raw: str,
        *,
        notes: Sequence[str] = (),
        advance: bool = True,
    ) -> Reply:
        """Validate and store ``values`` (path -> value), prune, save, move on."""
        reply = Reply()
        for path, value in values.items():
            target = self.form.node(path, self.answers) or node
            errors = self.validator.check_value(target, value)
            if errors:
                return Reply().error("；".join(errors) + f"（输入：“{shown(raw)}”）")
        before = copy.deepcopy(self.answers)
        before_cursor = copy.deepcopy(self.cursor)
        for path, value in values.items():
            set_path(self.answers, path, value)
        skipped = self.skipped - {".".join(p) for p in values}
        self.cursor["skipped"] = sorted(skipped)
        new_errors = self._new_date_errors(before, self.answers)
        if new_errors:
            self.answers, self.cursor = before, before_cursor
            return Reply().error("；".join(new_errors) + "。本次回答未保存。")
        dropped = self._prune(before)
        warnings_before = {p.message for p in self.validator.warnings(before)}
        if advance:
            self._move(self._next_open(node))
        reason = _change_reason(self.form, node, values, before)
        if not self._save(reply, dropped=dropped, reason=reason, before=before, raw=raw):
            return reply
        for note in notes:
            reply.info(note)
        for problem in self.validator.warnings(self.answers):
            if problem.path in values or problem.message not in warnings_before:
                reply.warn(problem.message)
        self._report_dropped(reply, dropped, reason=reason)
        return reply

    def _patterns(self, node: Node, raw: str) -> Reply | None:
        """An answer that fills several fields of the section (``x-patterns``)."""
        group = node.parent
        if group is None:
            return None
        for pattern in group.schema.get("x-patterns") or ():
            regex = pattern.get("regex") if isinstance(pattern, Mapping) else None
            if not isinstance(regex, str):
                continue
            match = re.fullmatch(regex, raw)
            if match is None or node.key not in match.groupdict():
                continue
            values: dict[tuple[str, ...], Any] = {}
            notes: list[str] = []
            for name, text in match.groupdict().items():
                if text is None:
                    continue
                target = self.form.node((*group.path, name), self.answers)
                if target is None or not target.applies(self.answers):
                    title = target.title if target else name
                    notes.append(f"“{title}”在当前回答下不适用，已忽略“{text}”")
                    continue
                result = self.parse(target, text)
                if not isinstance(result, Accepted):
                    message = result.message if hasattr(result, "message") else ""
                    return Reply().error(f"“{target.title}”：{message}")
                values[target.path] = result.value
                notes.extend(result.notes)
            if values:
                filled = "、".join(
                    f"{n.title} {display_value(n, v)}"
                    for p, v in values.items()
                    if (n := self.form.node(p, self.answers)) is not None
                )
                return self._commit(node, values, raw, notes=[f"已同时填写：{filled}", *notes])
        return None

    # -- pending choices -------------------------------------------------------

    def _choose(self, raw: str, command: Command | None) -> Reply:
        pending = self.cursor["pending"]
        options = pending["options"]
        node = self.current()
        assert node is not None
        if raw.isdigit() and 1 <= int(raw) <= len(options):
            chosen = options[int(raw) - 1]
            self.cursor.pop("pending", None)
            return self._apply(node, Accepted(chosen["value"]), raw, target=pending["target"])
        self.cursor.pop("pending", None)
        if command is not None and command.name == "cancel":
            return Reply().info("已取消选择，请重新输入。")
        if command is not None and command.name not in ("done", "delete", "submit"):
            return self._command(command)
        if not raw:
            return Reply().error("已取消选择，请重新输入。")
        return self.handle(raw)

    def _code_name(self, raw: str, command: Command | None) -> Reply:
        pending = self.cursor["pending"]
        node = self.current()
        assert node is not None
        if (command is not None and command.name == "cancel") or not raw:
            self.cursor.pop("pending", None)
            return Reply().info("已取消，请重新输入编码。")
        if command is not None and command.name not in ("done", "delete", "submit"):
            self.cursor.pop("pending", None)
            return self._command(command)
        self.cursor.pop("pending", None)
        value = {"code": pending["code"], "name": " ".join(raw.split())}
        note = (
            f"编码 {pending['code']} 不在已加载的编码表中，已按输入记录为“{value['name']}”，请核对"
        )
        return self._apply(node, Accepted(value, (note,)), raw, target=pending["target"])


# -------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------


class _Rehearsal:
    """A backend that keeps nothing: :meth:`Intake.preview` runs on it."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    @property
    def title(self) -> str:
        return self._backend.title

    @property
    def submit_word(self) -> str:
        return self._backend.submit_word

    @property
    def needs_reason(self) -> bool:
        return self._backend.needs_reason

    def save(
        self,
        answers: Mapping[str, Any],
        cursor: Mapping[str, Any],
        *,
        dropped: Mapping[str, Any],
        reason: str,
    ) -> None:
        return None

    def reload(self) -> tuple[dict[str, Any], dict[str, Any]]:
        return self._backend.reload()

    def submit(self, answers: Mapping[str, Any], reason: str) -> str:
        raise UserError("预览时不会提交。")

    def findings(self, answers: Mapping[str, Any]) -> list[Finding]:
        return self._backend.findings(answers)

    def derived(self, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
        return self._backend.derived(answers)

    def describe(self, answers: Mapping[str, Any]) -> str:
        return self._backend.describe(answers)

    def baseline(self) -> Mapping[str, Any]:
        return self._backend.baseline()


def _change_reason(
    form: Form, node: Node, values: Mapping[tuple[str, ...], Any], before: Mapping[str, Any]
) -> str:
    parts = []
    for path, value in values.items():
        target = form.node(path, before) or node
        old = get_path(before, path)
        if old is None:
            parts.append(f"“{target.title}”填为“{display_value(target, value)}”")
        else:
            was, now = display_value(target, old), display_value(target, value)
            parts.append(f"“{target.title}”由“{was}”改为“{now}”")
    return "、".join(parts)


def _how_to_answer(node: Node) -> str:
    kind = node.kind
    if kind == "boolean":
        return "回答：是/否（也可用 有/无、对/不、1/2）。"
    if kind == "choice":
        return "回答：输入编号、选项名称或其拼音首字母。"
    if kind == "multichoice":
        return "回答：可多选，编号或名称用空格或顿号分隔；没有则输入“无”。"
    if kind == "number":
        unit = (
            f"，单位为{node.unit}，也可带其他单位自动换算（如 2小时、400ml）" if node.unit else ""
        )
        return f"回答：输入数值{unit}。"
    if kind == "date":
        return "回答：如 2023-3-5、2023年3月5日、20230305、今天、昨天。"
    if kind == "resident_id":
        return "回答：18位居民身份证号，末位可为X，录入时校验。"
    if kind in ("code", "code_list"):
        more = "逐条输入，“完成”结束，“删除 N”删除第 N 条；" if kind == "code_list" else ""
        return (
            f"回答：{more}输入编码、中文名称或拼音首字母（如 gxb），多条相符时按编号选择；"
            "编码表以外的编码可输入“编码 名称”。"
        )
    if kind in ("physician", "physician_list"):
        more = "逐位输入（或用顿号分隔多位），“完成”结束；" if kind == "physician_list" else ""
        return f"回答：{more}输入已登记医师的姓名或拼音首字母。"
    if kind == "entries":
        return (
            "回答：逐项填写，每项依次回答其各个问题；“完成”结束，“无”表示没有，"
            "“删除 N”删除第 N 项，“取消”放弃正在填写的一项。"
        )
    return "回答：直接输入文字。"
