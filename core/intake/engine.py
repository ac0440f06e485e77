"""The conversational intake engine: one question at a time, no UI.

An :class:`Intake` walks a compiled form. The front end (line mode, the TUI)
shows :attr:`Intake.prompt`, passes each line the user typed to
:meth:`Intake.handle`, and shows the :class:`Reply`; it adds no logic of its own.

- The questions that apply, their order and numbering (“第 12/48 题”) are
  recomputed from the answers after every answer.
- An accepted answer is validated (type, range, format, ``x-not-before``), and
  saved at once with the position (the *cursor*) through the :class:`Backend`,
  in its own transaction; a killed process resumes at the same question.
- When an answer makes earlier answers inapplicable (a branch closes, or the
  same property now belongs to another branch) they are listed, removed from the
  case and passed to the backend, which keeps them in the audit log.
- Commands at any question: 上一题, 跳过, 帮助, 查看, 修改 N, 保存, 退出, 复核;
  list questions add 完成 and 删除 N. The review ends with 提交.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from rtech.answers import MISSING, delete_path, flatten, get_path, set_path
from rtech.errors import UserError
from rtech.forms.display import display_value, entry_summary, summary_rows
from rtech.forms.model import Form, Node
from rtech.forms.validation import FormValidator, Problem, shown
from rtech.intake.codeindex import CodeIndex
from rtech.intake.commands import COMMAND_HELP, Command, parse_command
from rtech.intake.parsers import (
    Accepted,
    Ambiguous,
    NeedName,
    Option,
    ParseResult,
    PhysicianRef,
    Rejected,
    is_none_word,
    option_keys,
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

#: The cursor path of the review step.
REVIEW = "@review"
_LISTS = ("code_list", "physician_list", "entries")


# -------------------------------------------------------------------------
# What the engine gives the front end
# -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Message:
    level: str  # "info", "warning" or "error"
    text: str


@dataclass(frozen=True, slots=True)
class Dropped:
    """An answer removed because it no longer applies (kept in the audit log)."""

    path: str
    title: str
    display: str
    value: Any


@dataclass
class Reply:
    """The outcome of one input: messages to show, then show the new prompt."""

    messages: list[Message] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    saved: bool = False
    finished: bool = False  # submitted: the intake is over
    quit: bool = False  # the user left; the draft is saved

    def info(self, text: str) -> Reply:
        self.messages.append(Message("info", text))
        return self

    def warn(self, text: str) -> Reply:
        self.messages.append(Message("warning", text))
        return self

    def error(self, text: str) -> Reply:
        self.messages.append(Message("error", text))
        return self

    @property
    def errors(self) -> list[str]:
        return [m.text for m in self.messages if m.level == "error"]


@dataclass(frozen=True)
class Prompt:
    """What to show now.

    ``stage``: ``question`` (a question of the form), ``entry`` (a field of a
    repeated entry), ``choose`` (pick one of ``options`` by number),
    ``code_name`` (the name of a code absent from the lists), ``review``,
    ``reason`` (why a submitted case is revised), ``done``.
    """

    stage: str
    text: str
    path: str = ""
    number: int = 0
    total: int = 0
    section: str = ""
    title: str = ""
    help: str = ""
    kind: str = ""
    unit: str = ""
    optional: bool = False
    options: tuple[tuple[str, str], ...] = ()  # (what to type, label)
    current: str | None = None  # the current answer, displayed
    entries: tuple[str, ...] = ()  # a list question's entries so far

    @property
    def progress(self) -> str:
        return f"第 {self.number}/{self.total} 题" if self.total else ""


@dataclass(frozen=True)
class Finding:
    """An eligibility check's result shown at review (issue: checks are plugins')."""

    level: str  # 医疗机构 / 人员 / 病例
    title: str
    outcome: str  # pass / fail / unknown
    outcome_label: str
    explanation: str
    citation: str
    subject: str = ""


@dataclass(frozen=True)
class Review:
    rows: list[tuple[int, str, str, str, str]]  # number, path, section, title, display
    errors: list[Problem]
    warnings: list[Problem]
    findings: list[Finding]

    @property
    def ready(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A live candidate while typing: ``label`` to show, ``text`` to submit when picked."""

    label: str
    text: str


class Backend(Protocol):
    """Where an intake keeps its answers: a case, or a registry profile."""

    @property
    def title(self) -> str:
        """What is being recorded, for headings: “病例 12（S05 ...）”."""

    @property
    def submit_word(self) -> str:
        """The verb that ends the intake: 提交 (a case) or 登记 (a profile)."""

    def save(
        self,
        answers: Mapping[str, Any],
        cursor: Mapping[str, Any],
        *,
        dropped: Mapping[str, Any],
        reason: str,
    ) -> None:
        """Persist the working copy and position (one transaction); may raise UserError."""

    def reload(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The stored answers and cursor (after a refused save)."""

    @property
    def needs_reason(self) -> bool:
        """Whether submitting needs a reason (a revision of a submitted case)."""

    def submit(self, answers: Mapping[str, Any], reason: str) -> str:
        """Submit; return the Chinese confirmation. May raise UserError."""

    def findings(self, answers: Mapping[str, Any]) -> list[Finding]:
        """Eligibility findings available for these answers."""

    def describe(self, answers: Mapping[str, Any]) -> str:
        """What is being recorded, named for a confirmation: “病例 12（张三，病案号 ...）”."""

    def baseline(self) -> Mapping[str, Any]:
        """The answers as last submitted (``{}`` when never submitted): what a revision changes."""


@dataclass
class IntakeContext:
    """What the parsers need beyond the form."""

    today: date = field(default_factory=date.today)
    physicians: Sequence[PhysicianRef] = ()
    codes: Callable[[], CodeIndex] | None = None
    prefer: tuple[str, ...] = ()  # value sets of the case's technology


# -------------------------------------------------------------------------
# The engine
# -------------------------------------------------------------------------


class Intake:
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

    # -- positions ---------------------------------------------------------

    def questions(self) -> list[Node]:
        return self.form.questions(self.answers)

    @property
    def skipped(self) -> set[str]:
        return set(self.cursor.get("skipped") or ())

    def _answered(self, node: Node) -> bool:
        return get_path(self.answers, node.path) is not None

    def _open(self, node: Node) -> bool:
        return not self._answered(node) and node.dotted not in self.skipped

    def current(self) -> Node | None:
        """The question at the cursor (None at review)."""
        path = self.cursor.get("path")
        if not path or path == REVIEW:
            return None
        for node in self.questions():
            if node.dotted == path:
                return node
        return None

    def _place(self) -> None:
        """Put the cursor on a question that applies (resume, reload)."""
        path = self.cursor.get("path")
        if path == REVIEW or self.current() is not None:
            return
        self.cursor.pop("entry", None)
        self.cursor.pop("pending", None)
        self.cursor["path"] = self._next_open(None)

    def _next_open(self, after: Node | None) -> str:
        """The first open question after ``after``, else the first open one, else review."""
        questions = self.questions()
        start = 0
        if after is not None:
            for index, node in enumerate(questions):
                if node.path == after.path:
                    start = index + 1
                    break
        for node in [*questions[start:], *questions[:start]]:
            if self._open(node):
                return node.dotted
        return REVIEW

    def _move(self, path: str) -> None:
        self.cursor["path"] = path
        self.cursor.pop("entry", None)
        self.cursor.pop("pending", None)

    # -- the prompt ----------------------------------------------------------

    @property
    def stage(self) -> str:
        if self.finished:
            return "done"
        pending = self.cursor.get("pending")
        if isinstance(pending, Mapping):
            return str(pending.get("type"))
        if self.cursor.get("path") == REVIEW:
            return "review"
        if self.cursor.get("entry") is not None:
            return "entry"
        return "question"

    @property
    def prompt(self) -> Prompt:
        stage = self.stage
        questions = self.questions()
        total = len(questions)
        if stage == "done":
            return Prompt("done", "录入已结束。", total=total)
        if stage == "review":
            return Prompt(
                "review",
                f"请复核以上内容：输入“{self.backend.submit_word}”{self.backend.submit_word}，"
                "“修改 N”修改第 N 题，“退出”保存草稿后退出。",
                path=REVIEW,
                number=total,
                total=total,
                title="复核",
            )
        pending = self.cursor.get("pending") or {}
        if stage == "reason":
            return Prompt(
                "reason", "本病例已提交过。请输入这次修改的原因（将记入修订记录与审计日志）："
            )
        node = self.current()
        if node is None:  # pragma: no cover - _place keeps the cursor valid
            return Prompt("review", "请复核。", path=REVIEW)
        number = next(i for i, q in enumerate(questions, start=1) if q.path == node.path)
        base = self._question_prompt(node, number, total)
        if stage == "choose":
            options = tuple(
                (str(i), str(o["label"])) for i, o in enumerate(pending["options"], start=1)
            )
            return Prompt(
                "choose",
                str(pending.get("message") or "请输入编号选择："),
                path=node.dotted,
                number=number,
                total=total,
                section=base.section,
                title=base.title,
                kind=node.kind,
                options=options,
            )
        if stage == "code_name":
            return Prompt(
                "code_name",
                str(pending.get("message")),
                path=node.dotted,
                number=number,
                total=total,
                section=base.section,
                title=base.title,
                kind=node.kind,
            )
        if stage == "entry":
            return self._entry_prompt(node, number, total, base)
        return base

    def _question_prompt(self, node: Node, number: int, total: int) -> Prompt:
        value = get_path(self.answers, node.path)
        entries: tuple[str, ...] = ()
        if node.kind in _LISTS and isinstance(value, list):
            entries = tuple(self._entry_label(node, item) for item in value)
        options: tuple[tuple[str, str], ...] = ()
        if node.kind in ("choice", "multichoice", "boolean"):
            choices = node.choices
            options = tuple(zip(option_keys(choices), (c.label for c in choices), strict=True))
        section = node.section.title if node.section is not node else self.form.title
        return Prompt(
            "question",
            node.prompt,
            path=node.dotted,
            number=number,
            total=total,
            section=section,
            title=node.title,
            help=node.help,
            kind=node.kind,
            unit=node.unit,
            optional=not node.required(self.answers),
            options=options,
            current=display_value(node, value) if value is not None else None,
            entries=entries,
        )

    def _entry_label(self, node: Node, item: Any) -> str:
        if node.kind == "entries" and node.entry_form is not None:
            return entry_summary(node.entry_form, item)
        return display_value(_element_node(node), item)

    def _entry_prompt(self, node: Node, number: int, total: int, base: Prompt) -> Prompt:
        entry = self.cursor["entry"]
        assert node.entry_form is not None
        sub = node.entry_form.node([entry["field"]], entry["values"])
        assert sub is not None
        count = len(get_path(self.answers, node.path) or []) + 1
        options: tuple[tuple[str, str], ...] = ()
        if sub.kind in ("choice", "multichoice", "boolean"):
            options = tuple(
                zip(option_keys(sub.choices), (c.label for c in sub.choices), strict=True)
            )
        return Prompt(
            "entry",
            f"{node.title}第{count}项 · {sub.prompt}",
            path=f"{node.dotted}.{count - 1}.{sub.key}",
            number=number,
            total=total,
            section=base.section,
            title=sub.title,
            help=sub.help,
            kind=sub.kind,
            unit=sub.unit,
            optional=not sub.required(entry["values"]),
            options=options,
            entries=base.entries,
        )

    def asking(self) -> Node | None:
        """The node being asked now: the question, or a field of the entry in progress."""
        node = self.current()
        entry = self.cursor.get("entry")
        if node is not None and entry is not None and node.entry_form is not None:
            return node.entry_form.node([entry["field"]], entry["values"])
        return node

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
                text, node.codeset, limit=limit, prefer=self.context.prefer
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
        index.warm(sets)
        return len(index)

    @property
    def confirmation(self) -> str:
        """The question to ask before submitting, naming what is submitted."""
        what = self.backend.describe(self.answers)
        if self.backend.needs_reason:
            return f"提交{what}的修订？已提交的各版保留不变，本次修改记为新的一版。"
        return f"{self.backend.submit_word}{what}？"

    def changes(self) -> list[tuple[str, str, str]]:
        """What the working copy changes from the last submission: ``(title, was, now)``.

        Empty when nothing was submitted yet; a front end shows it when a
        revision is confirmed.
        """
        baseline = self.backend.baseline()
        if not baseline:
            return []
        was = {row[1]: (row[3], row[4]) for row in summary_rows(self.form, baseline)}
        now = {row[1]: (row[3], row[4]) for row in summary_rows(self.form, self.answers)}
        found = []
        for path in dict.fromkeys([*was, *now]):
            before, after = was.get(path), now.get(path)
            old = before[1] if before else "—"
            new = after[1] if after else "—"
            if old != new:
                title = (after or before or (path, ""))[0]
                found.append((title, old, new))
        return found

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
        return shadow.handle(text)

    def hold(self, text: str) -> Reply:
        """Keep ``text`` — typed but not yet submitted — with the draft.

        A front end calls it when the user leaves with something in the answer
        box; :attr:`held` gives it back when the intake is opened again, and the
        next :meth:`handle` forgets it.
        """
        if self.finished:
            return Reply()
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
        self.cursor.pop("typed", None)
        self._asked = str(self.cursor.get("path") or "")
        raw = text.strip()
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
        if node.kind in _LISTS:
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
            if reply.saved:
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

    def summary_rows(self) -> list[tuple[int, str, str, str, str]]:
        rows = []
        for number, node in enumerate(self.questions(), start=1):
            value = get_path(self.answers, node.path)
            if value is not None:
                shown_value = display_value(node, value)
            elif node.dotted in self.skipped:
                shown_value = "（已跳过）"
            else:
                shown_value = "（未答）"
            section = node.section.title if node.section is not node else self.form.title
            rows.append((number, node.dotted, section, node.title, shown_value))
        return rows

    def summary_text(self) -> str:
        lines = [f"{self.backend.title}　已答 {self.answered_count()}/{len(self.questions())} 题"]
        section = None
        for number, _path, section_title, title, value in self.summary_rows():
            if section_title != section:
                section = section_title
                lines.append(f"【{section}】")
            lines.append(f"{number:>3}. {title}：{value}")
        return "\n".join(lines)

    def answered_count(self) -> int:
        return sum(1 for node in self.questions() if self._answered(node))

    def _back(self) -> Reply:
        questions = self.questions()
        if self.stage == "entry":
            entry = self.cursor["entry"]
            node = self.current()
            assert node is not None
            assert node.entry_form is not None
            subs = node.entry_form.questions(entry["values"])
            keys = [s.key for s in subs]
            position = keys.index(entry["field"]) if entry["field"] in keys else 0
            if position > 0:
                previous = subs[position - 1]
                entry["values"].pop(previous.key, None)
                entry["field"] = previous.key
                return self._save_position(Reply())
            self.cursor.pop("entry", None)
            return self._save_position(Reply().info("已放弃正在输入的这一项。"))
        if self.cursor.get("path") == REVIEW:
            if not questions:
                return Reply().error("没有可返回的题目。")
            self._move(questions[-1].dotted)
            return self._save_position(Reply())
        node = self.current()
        index = next((i for i, q in enumerate(questions) if node and q.path == node.path), 0)
        if index == 0:
            return Reply().error("已是第一题。")
        self._move(questions[index - 1].dotted)
        return self._save_position(Reply())

    def _skip(self) -> Reply:
        node = self.current()
        if node is None:
            return Reply().error("复核页没有可跳过的题目。")
        if self.stage == "entry":
            entry = self.cursor["entry"]
            assert node.entry_form is not None
            sub = node.entry_form.node([entry["field"]], entry["values"])
            if sub is None or sub.required(entry["values"]):
                return Reply().error(f"“{sub.title if sub else ''}”为必填项，不能跳过。")
            entry.setdefault("skipped", []).append(sub.key)
            return self._entry_next(node, Reply())
        if node.required(self.answers):
            return Reply().error(f"“{node.title}”为必答题，不能跳过。")
        reply = Reply()
        before = copy.deepcopy(self.answers)
        old = delete_path(self.answers, node.path)
        dropped: dict[str, Any] = {}
        if old is not None and old is not MISSING:
            dropped[node.dotted] = old
            reply.info(f"已清除“{node.title}”原来的回答：{display_value(node, old)}")
        skipped = self.skipped | {node.dotted}
        self.cursor["skipped"] = sorted(skipped)
        parent = node.parent
        while parent is not None and parent.path:
            # A section whose questions were all skipped is still answered: {}.
            if get_path(self.answers, parent.path) is None:
                set_path(self.answers, parent.path, {})
            parent = parent.parent
        more = self._prune(before)
        dropped.update(more)
        self._move(self._next_open(node))
        reason = f"跳过“{node.title}”" if dropped else ""
        if not self._save(reply, dropped=dropped, reason=reason, before=before):
            return reply
        self._report_dropped(reply, more, reason=f"跳过“{node.title}”")
        return reply

    def _edit(self, number: int) -> Reply:
        questions = self.questions()
        if not 1 <= number <= len(questions):
            return Reply().error(f"没有第 {number} 题（共 {len(questions)} 题）。")
        self._move(questions[number - 1].dotted)
        return self._save_position(Reply())

    def _go_review(self) -> Reply:
        self._move(REVIEW)
        reply = self._save_position(Reply())
        return reply

    def _save_position(self, reply: Reply) -> Reply:
        self._save(reply)
        return reply

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
                unit=node.unit,
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
            return parse_code(raw, self.context.codes(), node.codeset, prefer=self.context.prefer)
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
        old_not_before = {p.message for p in self.validator.not_before_errors(self.answers)}
        for path, value in values.items():
            set_path(self.answers, path, value)
        skipped = self.skipped - {".".join(p) for p in values}
        self.cursor["skipped"] = sorted(skipped)
        new_errors = [
            p.message
            for p in self.validator.not_before_errors(self.answers)
            if p.message not in old_not_before
        ]
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

    def _prune(self, before: Mapping[str, Any]) -> dict[str, Any]:
        """Remove the answers that no longer apply; return path -> old value."""
        dropped: dict[str, Any] = {}
        while True:
            removed = False
            for path, variants in self.form.nodes.items():
                value = get_path(self.answers, path)
                if value is None:
                    continue
                now = next((n for n in variants if n.applies(self.answers)), None)
                then = next((n for n in variants if n.applies(before)), None)
                if now is None or (len(variants) > 1 and then is not None and then is not now):
                    old = delete_path(self.answers, path)
                    dropped.update(self._leaves(variants[0], old))
                    removed = True
                    break
            if not removed:
                return dropped

    def _leaves(self, node: Node, value: Any) -> dict[str, Any]:
        """A dropped value by question: a group's answers one by one."""
        if not node.is_group or not isinstance(value, Mapping):
            return {node.dotted: value}
        leaves: dict[str, Any] = {}
        for question in self.form.ordered(node):
            inner = get_path(value, question.path[len(node.path) :])
            if inner is not None and question.dotted not in leaves:
                leaves[question.dotted] = inner
        for path, inner in flatten(value, node.dotted).items():
            if inner != {} and not any(path == p or path.startswith(p + ".") for p in leaves):
                leaves[path] = inner
        return leaves

    def _report_dropped(self, reply: Reply, dropped: Mapping[str, Any], *, reason: str) -> None:
        if not dropped:
            return
        lines = []
        for path, value in dropped.items():
            title, display = self._describe(tuple(path.split(".")), value)
            reply.dropped.append(Dropped(path, title, display, value))
            lines.append(f"  - {title}：{display}")
        reply.warn(
            f"{reason}，以下回答不再适用，已从病例中移除（原值保留在审计日志中）：\n"
            + "\n".join(lines)
        )

    def _describe(self, parts: tuple[str, ...], value: Any) -> tuple[str, str]:
        """The title and displayed value of an answer path (list elements included)."""
        variants = self.form.variants(parts)
        if variants:
            return variants[0].title, display_value(variants[0], value)
        if len(parts) > 1 and parts[-1].isdigit():
            owner = self.form.variants(parts[:-1])
            if owner and owner[0].kind in _LISTS:
                title = f"{owner[0].title}第{int(parts[-1]) + 1}项"
                return title, self._entry_label(owner[0], value)
        return self.form.label(parts), shown(value)

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

    # -- lists -----------------------------------------------------------------

    def _list_input(self, node: Node, raw: str, command: Command | None) -> Reply:
        items = list(get_path(self.answers, node.path) or [])
        if command is not None and command.name == "delete":
            number = command.number or 0
            if not 1 <= number <= len(items):
                return Reply().error(f"没有第 {number} 项（现有 {len(items)} 项）。")
            removed = items.pop(number - 1)
            reply = Reply().info(f"已删除第 {number} 项：{self._entry_label(node, removed)}")
            before = copy.deepcopy(self.answers)
            set_path(self.answers, node.path, items)
            self._save(
                reply,
                dropped={f"{node.dotted}.{number - 1}": removed},
                reason=f"删除“{node.title}”第 {number} 项",
                before=before,
            )
            return reply
        if command is not None and command.name == "cancel":
            return Reply().error("没有正在输入的项目可取消。")
        if (command is not None and command.name == "done") or not raw:
            if len(items) < node.min_items:
                return Reply().error(
                    f"“{node.title}”至少需要 {node.min_items} 项，现有 {len(items)} 项。"
                )
            return self._commit(node, {node.path: items}, raw or "完成")
        if is_none_word(raw):
            if items:
                return Reply().error(
                    f"“{node.title}”已有 {len(items)} 项；结束请输入“完成”，删除请输入“删除 编号”。"
                )
            if node.min_items:
                return Reply().error(f"“{node.title}”至少需要 {node.min_items} 项，不能为“无”。")
            return self._commit(node, {node.path: []}, raw)
        maximum = node.max_items
        if maximum is not None and len(items) >= maximum:
            return Reply().error(f"“{node.title}”最多 {maximum} 项，已满；请输入“完成”。")
        if node.kind == "entries":
            return self._entry_start(node, raw)
        result = self.parse(node, raw)
        if node.kind == "physician_list" and isinstance(result, Rejected):
            several = [t for t in re.split(r"[\s,，、;；]+", raw) if t]
            if len(several) > 1:
                parsed = [parse_physician(t, self.context.physicians) for t in several]
                if all(isinstance(p, Accepted) for p in parsed):
                    reply = Reply()
                    for part, text in zip(parsed, several, strict=True):
                        assert isinstance(part, Accepted)
                        step = self._append(node, part.value, text)
                        reply.messages.extend(step.messages)
                        if step.errors:
                            break
                    return reply
        return self._apply(node, result, raw, target="append")

    def _append(self, node: Node, value: Any, raw: str, *, notes: Sequence[str] = ()) -> Reply:
        items = list(get_path(self.answers, node.path) or [])
        key = _identity(value)
        if any(_identity(item) == key for item in items):
            return Reply().error(f"“{self._entry_label(node, value)}”已在“{node.title}”中。")
        items.append(value)
        element_errors = self.validator.check_value(_element_node(node), value)
        if element_errors:
            return Reply().error("；".join(element_errors))
        before = copy.deepcopy(self.answers)
        set_path(self.answers, node.path, items)
        self.cursor.pop("pending", None)
        reply = Reply()
        if not self._save(reply, before=before, raw=raw):
            return reply
        for note in notes:
            reply.info(note)
        reply.info(
            f"已添加第 {len(items)} 项：{self._entry_label(node, value)}。"
            "继续输入下一项，或输入“完成”结束。"
        )
        if node.max_items is not None and len(items) >= node.max_items:
            return self._commit(node, {node.path: items}, "完成")
        return reply

    # -- repeated entries (arrays of objects) ---------------------------------

    def _entry_start(self, node: Node, raw: str) -> Reply:
        assert node.entry_form is not None
        first = node.entry_form.questions({})
        if not first:
            return Reply().error(f"“{node.title}”的条目没有可填写的项目。")
        self.cursor["entry"] = {"values": {}, "field": first[0].key, "skipped": []}
        return self._entry_input(node, raw, parse_command(raw))

    def _entry_input(self, node: Node, raw: str, command: Command | None) -> Reply:
        entry = self.cursor["entry"]
        assert node.entry_form is not None
        if command is not None and command.name == "cancel":
            self.cursor.pop("entry", None)
            return self._save_position(Reply().info("已放弃正在输入的这一项。"))
        if command is not None and command.name in ("done", "delete"):
            return Reply().error("请先填完这一项（或输入“取消”放弃这一项）。")
        sub = node.entry_form.node([entry["field"]], entry["values"])
        assert sub is not None
        if not raw:
            hint = "；可选项可输入“跳过”" if not sub.required(entry["values"]) else ""
            return Reply().error(f"请输入“{sub.title}”{hint}。")
        return self._apply(node, self.parse(sub, raw), raw, target="entry")

    def _entry_value(self, node: Node, value: Any, *, notes: Sequence[str] = ()) -> Reply:
        entry = self.cursor["entry"]
        assert node.entry_form is not None
        sub = node.entry_form.node([entry["field"]], entry["values"])
        assert sub is not None
        errors = self.validator.check_value(sub, value)
        if not errors:
            message = self.validator.not_before(
                sub, value, {**entry["values"], sub.key: value}, node.entry_form
            )
            errors = [message] if message else []
        if errors:
            self.cursor.pop("pending", None)
            return Reply().error("；".join(errors))
        entry["values"][sub.key] = value
        self.cursor.pop("pending", None)
        reply = Reply()
        for note in notes:
            reply.info(note)
        warning = self.validator.field_warning(sub, value)
        if warning:
            reply.warn(warning)
        return self._entry_next(node, reply)

    def _entry_next(self, node: Node, reply: Reply) -> Reply:
        entry = self.cursor["entry"]
        assert node.entry_form is not None
        skipped = set(entry.get("skipped") or ())
        remaining = [
            q
            for q in node.entry_form.questions(entry["values"])
            if q.key not in entry["values"] and q.key not in skipped
        ]
        if remaining:
            entry["field"] = remaining[0].key
            self._save(reply)
            return reply
        item = dict(entry["values"])
        self.cursor.pop("entry", None)
        return self._append(node, item, "")

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

    # -- review and submit -----------------------------------------------------

    def review(self) -> Review:
        errors = self.validator.errors(self.answers)
        warnings = self.validator.warnings(self.answers)
        return Review(self.summary_rows(), errors, warnings, self.backend.findings(self.answers))

    def submit(self, reason: str = "") -> Reply:
        review = self.review()
        if not review.ready:
            reply = Reply().error(f"尚不能{self.backend.submit_word}，请先处理以下问题：")
            for problem in review.errors:
                number = self.number_of(problem.path)
                where = f"（第 {number} 题）" if number else ""
                reply.error(f"{problem.message}{where}")
            return reply
        if self.backend.needs_reason and not reason.strip():
            self.cursor["pending"] = {"type": "reason"}
            return Reply()
        try:
            message = self.backend.submit(self.answers, reason.strip())
        except UserError as exc:
            self.cursor.pop("pending", None)
            return Reply().error(exc.message + (f"\n{exc.hint}" if exc.hint else ""))
        self.cursor.pop("pending", None)
        self.finished = True
        return Reply(finished=True).info(message)

    def _reason(self, raw: str, command: Command | None) -> Reply:
        if command is not None and command.name in ("back", "cancel", "quit"):
            self.cursor.pop("pending", None)
            if command.name == "quit":
                return self._command(command)
            return Reply().info("已取消提交。")
        if not raw:
            return Reply().error("修改原因不能为空。")
        return self.submit(raw)

    def number_of(self, path: Sequence[str]) -> int | None:
        """The question number an answer path falls under (None: none applies).

        A section's path (a whole section missing) gives its first question.
        """
        questions = self.questions()
        parts = tuple(path)
        for number, node in enumerate(questions, start=1):
            if parts[: len(node.path)] == node.path:
                return number
        for number, node in enumerate(questions, start=1):
            if parts and node.path[: len(parts)] == parts:
                return number
        return None

    # -- persistence -----------------------------------------------------------

    def _save(
        self,
        reply: Reply,
        *,
        dropped: Mapping[str, Any] | None = None,
        reason: str = "",
        before: Mapping[str, Any] | None = None,
        raw: str = "",
    ) -> bool:
        try:
            self.backend.save(self.answers, self.cursor, dropped=dropped or {}, reason=reason)
        except UserError as exc:
            # Show what is stored now, at the question this user was on.
            self.answers, self.cursor = self.backend.reload()
            if self._asked:
                self._move(self._asked)
            self._place()
            lost = f"您刚才输入的“{shown(raw)}”未保存。" if raw else ""
            reply.error(f"{exc.message}{lost}" + (f"\n{exc.hint}" if exc.hint else ""))
            reply.dropped.clear()
            return False
        reply.saved = True
        return True


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

    def describe(self, answers: Mapping[str, Any]) -> str:
        return self._backend.describe(answers)

    def baseline(self) -> Mapping[str, Any]:
        return self._backend.baseline()


def _identity(value: Any) -> Any:
    if isinstance(value, Mapping):
        if "id" in value:
            return ("id", value["id"])
        if "code" in value:
            return ("code", str(value["code"]).upper())
        return tuple(sorted((k, repr(v)) for k, v in value.items()))
    return repr(value)


_ELEMENTS: dict[int, tuple[Node, Node]] = {}


def _element_node(node: Node) -> Node:
    """A stand-in node for one element of a list question (one per list node)."""
    cached = _ELEMENTS.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    kind = {"code_list": "code", "physician_list": "physician"}.get(node.kind, node.kind)
    schema = dict(node.element)
    schema.setdefault("title", node.title)
    element = Node(node.path, schema, kind, parent=node.parent)
    _ELEMENTS[id(node)] = (node, element)
    return element


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
