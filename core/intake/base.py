"""The intake's state: what it gives the front end, where it stands, how it saves.

:class:`IntakeBase` holds the working copy (``answers``), the position
(``cursor``) and the backend; it finds the questions that apply and the one at
the cursor, saves through the backend, and removes the answers that no longer
apply. The steps of the conversation build on it:
:mod:`~rtech.intake.navigation` (the prompt, going back, skipping, editing),
:mod:`~rtech.intake.lists` (list questions and repeated entries),
:mod:`~rtech.intake.review` (review and submission), assembled with the answer
handling in :class:`~rtech.intake.engine.Intake`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from rtech.answers import delete_path, flatten, get_path
from rtech.errors import UserError
from rtech.forms.display import display_value, entry_summary
from rtech.forms.model import Form, Node
from rtech.forms.validation import FormValidator, Problem, shown
from rtech.intake.codeindex import CodeIndex
from rtech.intake.commands import Command
from rtech.intake.parsers import ParseResult, PhysicianRef
from rtech.store.session import DatabaseBusyError
from rtech.store.users import SessionEnded

__all__ = [
    "LISTS",
    "REVIEW",
    "Backend",
    "Dropped",
    "Finding",
    "IntakeBase",
    "IntakeContext",
    "Message",
    "Prompt",
    "Reply",
    "Review",
    "Suggestion",
    "element_node",
    "entry_label",
    "identity",
]

#: The cursor path of the review step.
REVIEW = "@review"
#: The kinds of question answered one element at a time.
LISTS = ("code_list", "physician_list", "entries")


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
    #: a preview's new answer to the question asked, as the form displays it
    answer: str = ""
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
    #: scores computed from the answers, never asked: (title, value with its inputs)
    derived: list[tuple[str, str]] = field(default_factory=list)

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

    def derived(self, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Scores computed from these answers, with their inputs (for the review)."""


@dataclass
class IntakeContext:
    """What the parsers need beyond the form."""

    today: date = field(default_factory=date.today)
    physicians: Sequence[PhysicianRef] = ()
    codes: Callable[[], CodeIndex] | None = None
    #: the code lists searched first, tier by tier (see CodeIndex.search)
    tiers: tuple[tuple[str, ...], ...] = ()


# -------------------------------------------------------------------------
# The state every step works on
# -------------------------------------------------------------------------


class IntakeBase:
    """An intake's working copy, position and backend (see :class:`~rtech.intake.engine.Intake`)."""

    form: Form
    backend: Backend
    context: IntakeContext
    validator: FormValidator
    answers: dict[str, Any]
    cursor: dict[str, Any]
    finished: bool
    _asked: str  # the question being answered (kept when a save is refused)
    # What a save refused because the database was busy still has to record.
    _unsaved: bool = False
    _held_dropped: Mapping[str, Any] = {}  # replaced, never mutated
    _held_reason: str = ""

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
        # Answers dropped while the database was busy are recorded with the next save.
        dropped = {**self._held_dropped, **(dropped or {})}
        reason = reason or self._held_reason
        try:
            self.backend.save(self.answers, self.cursor, dropped=dropped, reason=reason)
        except DatabaseBusyError as exc:
            # Another writer holds the database (an import): keep the working copy
            # as it is, with this answer; the next save writes it.
            self._held_dropped, self._held_reason, self._unsaved = dropped, reason, True
            kept = f"您刚才输入的“{shown(raw)}”已保留，" if raw else "本次录入的内容已保留，"
            reply.error(
                f"{exc.message}{kept}尚未写入数据库；"
                "继续作答或输入“保存”时会再次写入，请勿就此关闭程序。"
            )
            return True
        except SessionEnded as exc:
            # The user was disabled or their login ended while answering: keep the
            # working copy (a new login of the same user writes it with the next save).
            self._held_dropped, self._held_reason, self._unsaved = dropped, reason, True
            kept = f"您刚才输入的“{shown(raw)}”已保留，" if raw else "本次录入的内容已保留，"
            reply.error(f"{exc.message}{kept}尚未写入数据库；重新登录后继续作答即写入。")
            return True
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
        self._held_dropped, self._held_reason, self._unsaved = {}, "", False
        reply.saved = True
        return True

    @property
    def unsaved(self) -> bool:
        """The working copy holds answers the database has not stored (it was busy)."""
        return self._unsaved

    def _save_position(self, reply: Reply) -> Reply:
        self._save(reply)
        return reply

    # -- answers that no longer apply, dates out of order --------------------------

    def _new_date_errors(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
        """The date errors ``after`` has and ``before`` had not (an answer would cause them)."""
        old = {p.message for p in self.validator.date_errors(before)}
        return [p.message for p in self.validator.date_errors(after) if p.message not in old]

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
            if owner and owner[0].kind in LISTS:
                title = f"{owner[0].title}第{int(parts[-1]) + 1}项"
                return title, entry_label(owner[0], value)
        return self.form.label(parts), shown(value)

    # -- provided by the steps (engine, lists) ------------------------------------

    def handle(self, text: str) -> Reply:
        raise NotImplementedError

    def parse(self, node: Node, raw: str) -> ParseResult:
        raise NotImplementedError

    def _command(self, command: Command) -> Reply:
        raise NotImplementedError

    def _apply(self, node: Node, result: ParseResult, raw: str, *, target: str) -> Reply:
        raise NotImplementedError

    def _commit(
        self,
        node: Node,
        values: Mapping[tuple[str, ...], Any],
        raw: str,
        *,
        notes: Sequence[str] = (),
        advance: bool = True,
    ) -> Reply:
        raise NotImplementedError

    def _entry_next(self, node: Node, reply: Reply) -> Reply:
        raise NotImplementedError


# -------------------------------------------------------------------------
# Elements of list questions
# -------------------------------------------------------------------------


def entry_label(node: Node, item: Any) -> str:
    """One element of a list question as the front end lists it."""
    if node.kind == "entries" and node.entry_form is not None:
        return entry_summary(node.entry_form, item)
    return display_value(element_node(node), item)


def identity(value: Any) -> Any:
    if isinstance(value, Mapping):
        if "id" in value:
            return ("id", value["id"])
        if "code" in value:
            return ("code", str(value["code"]).upper())
        return tuple(sorted((k, repr(v)) for k, v in value.items()))
    return repr(value)


_ELEMENTS: dict[int, tuple[Node, Node]] = {}


def element_node(node: Node) -> Node:
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
