"""The intake: the conversation with the bot, one question at a time.

A transcript (one widget per message, newest at the bottom), the options or
live candidates of the question, the answer box, and under it what was wrong
with the last answer. Everything the conversation decides — parsing,
validation, branching, saving, which answers an edit drops — is the engine's
(:mod:`rtech.intake`); this screen shows the prompt, sends what was typed and
shows the reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar, Static

from rtech.intake.commands import COMMAND_HELP, parse_command
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.widgets.answer_box import AnswerBox
from rtech.tui.widgets.app_header import AppHeader
from rtech.tui.widgets.chat_message import AnswerMessage, ChatMessage, QuestionMessage
from rtech.tui.widgets.choice_list import Choice, ChoiceList
from rtech.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from rtech.intake import Intake, Prompt, Reply
    from rtech.tui.screens.review import ReviewResult

__all__ = ["IntakeOutcome", "IntakeScreen"]

_ASKING = ("question", "entry", "choose", "code_name")
_CODES = ("code", "code_list")
_SEARCHED = ("code", "code_list", "physician", "physician_list")
_LISTS = ("code_list", "physician_list", "entries")
_SINGLE = ("choice", "boolean")
#: commands that move around rather than answer: what they were typed at is no answer
_NAVIGATION = {"back", "help", "summary", "save", "quit", "review", "edit", "submit"}
_SEPARATORS = re.compile(r"[\s,，、;；]+")
#: how the engine's summary shows a question without an answer
_UNANSWERED = ("（未答）", "（已跳过）")


#: Shown when leaving is refused: the database was busy and answers are held in memory.
UNSAVED_STAY = (
    "数据库正忙（可能正在导入病例），本次录入的回答尚未写入数据库，暂不离开；"
    "请稍后再试，或在答题框输入“保存”。"
)


@dataclass(frozen=True)
class IntakeOutcome:
    """How an intake screen ended: submitted (``finished``) or left with the draft saved."""

    finished: bool
    message: str
    case_id: int | None


class IntakeScreen(Screen[IntakeOutcome]):
    """录入：与录入助手逐题对话."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "command('上一题')", "上一题"),
        Binding("f3", "command('跳过')", "跳过"),
        Binding("f4", "review", "复核"),
        Binding("f6", "command('查看')", "已填"),
        Binding("escape", "leave", "返回"),
        Binding("pageup", "scroll(-1)", "向上翻页", show=False),
        Binding("pagedown", "scroll(1)", "向下翻页", show=False),
    ]

    AUTO_FOCUS = "#answer"

    DEFAULT_CSS = """
    IntakeScreen #bar { height: 1; padding: 0 1; background: $primary 15%; }
    IntakeScreen #progress { width: 1fr; text-style: bold; }
    IntakeScreen #loading { width: auto; color: $text-muted; display: none; }
    IntakeScreen #loading-bar { width: 14; }
    IntakeScreen #answer-row { height: 1; margin: 0 1; background: $boost; }
    IntakeScreen #answer-label { width: auto; padding: 0 1; color: $accent; text-style: bold; }
    IntakeScreen #answer { width: 1fr; }
    IntakeScreen #problem { height: auto; padding: 0 2; color: $text-error; display: none; }
    """

    def __init__(
        self,
        intake: Intake,
        *,
        intro: str = "",
        case_id: int | None = None,
    ) -> None:
        super().__init__()
        self.intake = intake
        self.intro = intro
        self.case_id = case_id
        self.codes_ready = not intake.code_sets()
        self._asked: tuple[str, str, str] | None = None
        self._queued: str | None = None
        self._busy = False
        self._reviewing = False

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="bar"):
            yield Static("", id="progress")
            yield Static("正在载入编码表 ", id="loading")
        yield Transcript(id="transcript")
        yield ChoiceList(id="choices")
        with Horizontal(id="answer-row"):
            yield Static("回答 ›", id="answer-label")
            yield AnswerBox(id="answer")
        yield Static("", id="problem")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = self.intake.backend.title
        notes: list[ChatMessage] = []
        self.box.on_value = self._typed
        if self.intro:
            notes.append(ChatMessage(self.intro, kind="system"))
        if self.intake.greeting:
            notes.append(ChatMessage(self.intake.greeting))
        await self.transcript.add(*notes)
        await self._recap()
        held = self.intake.held
        if held:
            self.box.value = held
            self.box.cursor_position = len(held)
            await self.transcript.add(
                ChatMessage(f"上次离开时答题框中尚未提交的内容已恢复：“{held}”。", kind="system")
            )
        if not self.codes_ready:
            self._show_loading(True)
            self._load_codes()
        await self.ask()
        if self.intake.prompt.stage == "review":
            self.call_after_refresh(self.open_review)

    # -- parts ------------------------------------------------------------------

    @property
    def transcript(self) -> Transcript:
        return self.query_one("#transcript", Transcript)

    @property
    def box(self) -> AnswerBox:
        return self.query_one("#answer", AnswerBox)

    @property
    def choices(self) -> ChoiceList:
        return self.query_one("#choices", ChoiceList)

    def _problem(self, text: str) -> None:
        problem = self.query_one("#problem", Static)
        if not text and not problem.display:
            return  # nothing to clear: no re-layout on every keystroke
        problem.update(Text(text))
        problem.display = bool(text)

    def _show_loading(self, shown: bool) -> None:
        """The indicator while the code lists load (mounted only then: it animates)."""
        self.query_one("#loading", Static).display = shown
        if shown:
            bar = ProgressBar(total=None, show_eta=False, show_percentage=False, id="loading-bar")
            self.query_one("#bar", Horizontal).mount(bar)
        else:
            self.query("#loading-bar").remove()

    async def _recap(self) -> None:
        """On resume: the answers so far, each one selectable with ↑ to edit."""
        rows = [r for r in self.intake.summary_rows() if r[4] != "（未答）"]
        if not rows:
            return
        await self.transcript.add(
            ChatMessage("已填写的回答（↑ 可逐条选中，回车修改）：", kind="system"),
            *(
                AnswerMessage(display, path=path, title=title, recap=f"{number}. {title}")
                for number, path, _section, title, display in rows
            ),
        )

    # -- the code lists ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="codes")
    def _load_codes(self) -> None:
        self.intake.warm_codes()
        self.app.call_from_thread(self._after_codes)

    def _after_codes(self) -> None:
        self.run_worker(self._codes_loaded(), group="codes-ready")

    async def _codes_loaded(self) -> None:
        self.codes_ready = True
        self._show_loading(False)
        self.refresh_choices()
        queued, self._queued = self._queued, None
        if queued is not None:
            await self.submit(queued)

    # -- asking ----------------------------------------------------------------------

    async def ask(self) -> None:
        """Show the prompt: progress, a question message when it is a new one, choices."""
        prompt = self.intake.prompt
        self._progress(prompt)
        key = (prompt.stage, prompt.path, prompt.text)
        if key != self._asked and prompt.stage != "done":
            self._asked = key
            await self.transcript.add(self._question(prompt))
        self.box.placeholder = self._placeholder(prompt)
        self.refresh_choices()

    def _progress(self, prompt: Prompt) -> None:
        parts = ["复核" if prompt.stage == "review" else prompt.progress]
        if prompt.section:
            parts.append(prompt.section)
        if prompt.title and prompt.title != prompt.section:
            parts.append(prompt.title)
        answered = f"已答 {self.intake.answered_count()} 题"
        self.query_one("#progress", Static).update(
            Text(" · ".join(p for p in parts if p) + f"　（{answered}）")
        )

    def _question(self, prompt: Prompt) -> QuestionMessage:
        heading = ""
        if prompt.stage in _ASKING:
            heading = " · ".join(p for p in (prompt.progress, prompt.section) if p)
        text = prompt.text
        if prompt.optional and prompt.stage in ("question", "entry") and "跳过" not in text:
            text += "（可跳过）"
        details = []
        if prompt.entries:
            details.append("已有：")
            details.extend(f"  {n}. {e}" for n, e in enumerate(prompt.entries, start=1))
        if prompt.unit and prompt.stage in ("question", "entry"):
            details.append(f"单位：{prompt.unit}")
        listed = prompt.kind in _LISTS
        if prompt.current is not None and prompt.stage == "question" and not listed:
            details.append(f"当前：{prompt.current}（直接回车保留）")
        return QuestionMessage(heading, text, details)

    def _placeholder(self, prompt: Prompt) -> str:
        if prompt.stage == "review":
            return f"输入“{self.intake.backend.submit_word}”，或按 F4 打开复核页"
        if prompt.stage == "choose":
            return "输入编号，或 ↓ 选择后回车"
        if prompt.current is not None and prompt.kind not in _LISTS:
            return f"当前：{prompt.current}（直接回车保留）"
        if prompt.kind in _LISTS and prompt.stage == "question":
            return "逐条输入，回车添加；输入“完成”结束"
        if prompt.kind in _CODES:
            return "输入编码、名称或拼音首字母，↓ 选择候选"
        if prompt.kind in ("physician", "physician_list"):
            return "输入医师姓名或拼音首字母"
        if prompt.kind == "multichoice" and prompt.stage != "choose":
            return "输入编号如 1、3，或 ↓ 选中后按空格勾选；回车提交"
        if prompt.options:
            return "输入编号或名称；↓ 选择后回车"
        return "输入回答后回车；↑ 查看、修改已答；F1 帮助"

    # -- choices and candidates --------------------------------------------------------

    def _room(self) -> int:
        """How many candidates fit: a screenful, leaving the transcript a few lines."""
        return max(3, min(12, self.size.height - 16))

    def refresh_choices(self) -> None:
        prompt = self.intake.prompt
        choices = self.choices
        choices.room = self._room()
        self.box.space_toggles = False
        if prompt.stage == "choose" or (
            prompt.stage in ("question", "entry") and prompt.kind in (*_SINGLE, "multichoice")
        ):
            toggle = prompt.kind == "multichoice" and prompt.stage != "choose"
            listed = [Choice(label, key, key=key, toggle=toggle) for key, label in prompt.options]
            marked = set(_SEPARATORS.split(self.box.value.strip())) if toggle else set()
            choices.show(listed, marked=marked, keep=toggle)
            self.box.space_toggles = toggle
            if not toggle:
                # The option whose number is typed is highlighted: Enter picks it.
                typed = self.box.value.strip()
                keys = [key for key, _ in prompt.options]
                if typed in keys:
                    choices.highlighted = keys.index(typed)
            return
        if prompt.stage in ("question", "entry") and prompt.kind in _SEARCHED:
            # The candidates keep their room while the question is asked: typing
            # re-draws the list alone, the conversation above does not move.
            room = choices.room
            codes = prompt.kind in _CODES
            typed = self.box.value.strip()
            if not typed:
                # Nothing typed yet: one line of hint, not a block of empty lines.
                hint = "编码、名称或拼音首字母" if codes else "医师姓名或拼音首字母"
                choices.note(f"输入{hint}，相符的候选显示在这里（↓ 选择，回车确认）")
            elif codes and not self.codes_ready:
                choices.note("编码表载入中，稍候即显示候选……", lines=room)
            else:
                found = self.intake.suggestions(typed, limit=room)
                if found:
                    choices.show([Choice(s.label, s.text) for s in found], lines=room)
                elif codes:
                    choices.note("没有相符的编码；编码表以外的编码可输入“编码 名称”", lines=room)
                else:
                    choices.note("医师名册中没有相符的医师", lines=room)
            return
        choices.show([])

    def _typed(self, value: str) -> None:
        self._problem("")
        self.refresh_choices()

    @on(AnswerBox.Navigate)
    def _navigate(self, event: AnswerBox.Navigate) -> None:
        choices = self.choices
        if event.step < 0 and choices.highlighted is None:
            if not self.transcript.select_last():
                self.notify("还没有可修改的回答。", timeout=3)
            return
        choices.move(event.step)

    @on(AnswerBox.Complete)
    def _complete(self, event: AnswerBox.Complete) -> None:
        chosen = self.choices.current
        if chosen is None:
            self.focus_next()
            return
        self._take(chosen)

    @on(AnswerBox.Toggle)
    def _toggle(self, event: AnswerBox.Toggle) -> None:
        chosen = self.choices.current
        if chosen is None:
            self.box.insert_text_at_cursor(" ")
            return
        self._take(chosen)

    @on(ChoiceList.OptionSelected, "#choices")
    async def _clicked(self, event: ChoiceList.OptionSelected) -> None:
        chosen = self.choices.current
        self.box.focus()
        if chosen is None:
            return
        if chosen.toggle:
            self._take(chosen)  # a click ticks; Enter sends
        else:
            await self._pick(chosen)

    def _take(self, choice: Choice) -> None:
        """Put a candidate (or toggle an option) into the box without sending it."""
        box = self.box
        if choice.toggle:
            parts = [p for p in _SEPARATORS.split(box.value.strip()) if p]
            if choice.text in parts:
                parts.remove(choice.text)
            else:
                parts.append(choice.text)
            box.value = "、".join(parts)
        else:
            box.value = choice.text
        box.cursor_position = len(box.value)

    async def _pick(self, choice: Choice) -> None:
        if choice.toggle:
            # Enter on a multiple choice sends what is ticked (or the highlighted one).
            text = self.box.value.strip() or choice.text
            self.choices.highlighted = None
            await self.submit(text)
            return
        await self.submit(choice.text)

    @on(Input.Submitted, "#answer")
    async def _submitted(self, event: Input.Submitted) -> None:
        chosen = self.choices.current
        if chosen is not None:
            await self._pick(chosen)
            return
        await self.submit(event.value)

    # -- sending -------------------------------------------------------------------

    async def submit(self, text: str) -> None:
        """Send ``text`` as typed; an edit that drops answers asks first."""
        if self._busy:
            return
        prompt = self.intake.prompt
        command = parse_command(text)
        if prompt.stage == "done":
            return
        if prompt.stage == "review" and command is not None and command.name == "submit":
            self.open_review(submit=True)
            return
        if (
            prompt.kind in _CODES
            and prompt.stage in ("question", "entry")
            and not self.codes_ready
            and command is None
            and text.strip()
        ):
            self._queued = text
            self._problem("编码表正在载入，载入后自动提交这一回答。")
            return
        if prompt.stage in _ASKING and command is None:
            preview = self.intake.preview(text)
            if preview.dropped and not preview.errors:
                self._confirm_drop(text, preview)
                return
        await self.send(text)

    @work(exclusive=True, group="confirm")
    async def _confirm_drop(self, text: str, preview: Reply) -> None:
        self._busy = True
        try:
            lines = "\n".join(f"  · {d.title}：{d.display}" for d in preview.dropped)
            prompt = self.intake.prompt
            title = prompt.title
            typed = preview.answer or dict(prompt.options).get(text.strip(), text.strip())
            answer = await self.app.push_screen_wait(
                ConfirmScreen(
                    "修改后部分回答将不再适用",
                    f"把“{title}”改为“{typed}”后，以下 {len(preview.dropped)} 项回答"
                    f"不再适用，将从病例中移除（原值保留在审计日志中）：\n{lines}",
                    yes="确认修改",
                    no="返回",
                )
            )
        finally:
            self._busy = False
        if answer is None:
            self._problem("未修改：回答仍在答题框中，可继续编辑。")
            self.box.focus()
            return
        await self.send(text)

    async def send(self, text: str, *, quiet: str = "") -> None:
        """Pass ``text`` to the engine and show the reply.

        ``quiet``: a key or a click sent it; the transcript shows ``quiet``
        instead of a typed answer.
        """
        intake = self.intake
        before = intake.prompt
        node = intake.current()
        asked_path = node.dotted if node is not None else ""
        asked_kind = node.kind if node is not None else ""
        command = parse_command(text)
        reply = intake.handle(text)
        if reply.errors and not reply.saved:
            # Nothing was accepted: the answer stays editable, the problem under it.
            self._problem("\n".join(reply.errors))
            if not quiet:
                self.box.value = text
                self.box.cursor_position = len(text)
            await self._say(reply, skip_errors=True)
            await self.ask()
            return
        self._problem("")
        self.box.value = ""
        added: list[ChatMessage | AnswerMessage] = []
        if quiet:
            added.append(ChatMessage(quiet, kind="system"))
        else:
            # A pick among candidates is still to come: the answer is the pick.
            answered = (command is None or command.name not in _NAVIGATION) and (
                intake.prompt.stage not in ("choose", "code_name")
            )
            path = asked_path if answered else ""
            shown = ""
            if (
                answered
                and before.stage in ("question", "choose", "code_name")
                and (asked_kind not in _LISTS)
            ):
                shown = self._shown(asked_path)
            added.append(AnswerMessage(text.strip(), path=path, title=before.title, shown=shown))
        await self.transcript.add(*added)
        self._mark_stale(reply, asked_path, asked_kind, added)
        await self._say(reply)
        if reply.finished or reply.quit:
            self.dismiss(self._outcome(reply))
            return
        await self.ask()
        if intake.prompt.stage == "review" and before.stage != "review":
            # Typing 提交 means it: the review opens on the confirmation (when nothing blocks).
            typed = parse_command(text)
            self.open_review(submit=typed is not None and typed.name == "submit")

    def _shown(self, path: str) -> str:
        for _number, row_path, _section, _title, display in self.intake.summary_rows():
            if row_path == path:
                return display if display not in _UNANSWERED else ""
        return ""

    def _mark_stale(
        self,
        reply: Reply,
        path: str,
        kind: str,
        added: list[ChatMessage | AnswerMessage],
    ) -> None:
        dropped = [d.path for d in reply.dropped]
        new = [a for a in added if isinstance(a, AnswerMessage) and a.path]
        for answer in self.transcript.query(AnswerMessage):
            if not answer.path or answer.stale:
                continue
            if any(answer.path == p or answer.path.startswith(p + ".") for p in dropped):
                answer.mark_stale("已不适用，已移除")
            elif new and answer not in new and answer.path == path and kind not in _LISTS:
                answer.mark_stale("已修改")

    async def _say(self, reply: Reply, *, skip_errors: bool = False) -> None:
        notes = [
            ChatMessage(m.text, kind=m.level)
            for m in reply.messages
            if not (skip_errors and m.level == "error")
        ]
        await self.transcript.add(*notes)

    def _outcome(self, reply: Reply) -> IntakeOutcome:
        text = "；".join(m.text for m in reply.messages if m.level != "error")
        return IntakeOutcome(reply.finished, text, self.case_id)

    # -- going back ---------------------------------------------------------------

    @on(Transcript.EditRequested)
    async def _edit(self, event: Transcript.EditRequested) -> None:
        number = self.intake.number_of(event.path.split("."))
        self.box.focus()
        if number is None:
            self.notify("这一题在当前回答下已不适用。", severity="warning")
            return
        title = next((r[3] for r in self.intake.summary_rows() if r[0] == number), "")
        await self.send(f"修改 {number}", quiet=f"修改第 {number} 题：{title}")

    @on(Transcript.Left)
    def _back_to_box(self, event: Transcript.Left) -> None:
        self.box.focus()

    # -- review --------------------------------------------------------------------

    def open_review(self, *, submit: bool = False) -> None:
        from rtech.tui.screens.review import ReviewScreen

        if self._reviewing or self.intake.prompt.stage == "done":
            return
        self._reviewing = True
        self.app.push_screen(ReviewScreen(self.intake, submit=submit), self._reviewed)

    async def _reviewed(self, result: ReviewResult | None) -> None:
        self._reviewing = False
        if result is None:
            self.box.focus()
            return
        if result.reply is not None:
            await self._say(result.reply)
            if result.reply.finished:
                self.dismiss(self._outcome(result.reply))
            return
        if result.edit is not None:
            title = next((r[3] for r in self.intake.summary_rows() if r[0] == result.edit), "")
            await self.send(f"修改 {result.edit}", quiet=f"修改第 {result.edit} 题：{title}")
            self.box.focus()

    # -- actions ---------------------------------------------------------------------

    def action_scroll(self, pages: int) -> None:
        """Page through the conversation without leaving the answer box."""
        if pages < 0:
            self.transcript.scroll_page_up(animate=False)
        else:
            self.transcript.scroll_page_down(animate=False)

    async def action_command(self, word: str) -> None:
        await self.send(word, quiet=word)

    async def action_review(self) -> None:
        if self.intake.prompt.stage == "review":
            self.open_review()
            return
        await self.send("复核", quiet="复核")

    def keep_typed(self) -> bool:
        """Keep what is in the answer box with the draft (leaving, quitting).

        False while the database is busy and answers are held only here: leaving
        now would lose them, so the caller stays (issue 19, item 2).
        """
        if self.intake.prompt.stage != "done":
            self.intake.hold(self.box.value)
        return not self.intake.unsaved

    def action_leave(self) -> None:
        if self.choices.highlighted is not None:
            self.choices.highlighted = None
            return
        if not self.keep_typed():
            self.notify(UNSAVED_STAY, title="草稿尚未保存", severity="error")
            return
        kept = "（答题框中的内容已随草稿保存）" if self.box.value.strip() else ""
        self.dismiss(
            IntakeOutcome(False, f"草稿已保存：{self.intake.backend.title}。{kept}", self.case_id)
        )

    def help_sections(self) -> list[tuple[str, str]]:
        """What F1 shows here: the question's help, how to answer, the commands."""
        return [
            ("本题", self.intake.help_text().replace(COMMAND_HELP, "").strip()),
            (
                "操作",
                "回车：提交回答（选项输入编号后回车，或 ↓ 选中后回车；多选题用空格勾选）\n"
                "↑：回到已答的题目，↑/↓ 逐条移动，回车修改该题，Esc 回到答题框\n"
                "Tab：把选中的候选填入答题框　PageUp/PageDown：翻看对话\n"
                "F2 上一题　F3 跳过　F4 复核　F6 查看已填　Esc 保存草稿并返回\n"
                "每答一题即自动保存；离开时答题框中未提交的内容也随草稿保存。",
            ),
            ("可输入的命令", COMMAND_HELP),
        ]
