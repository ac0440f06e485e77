"""The review: every answer by section (Enter edits one), the eligibility
findings, what still blocks submission, then submit with a confirmation that
names the case (and a reason, when a submitted case is revised)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.widgets.app_header import AppHeader
from rtech.tui.widgets.prose import wrap_text

if TYPE_CHECKING:
    from rtech.intake import Intake, Reply, Review

__all__ = ["ReviewResult", "ReviewScreen"]

#: the width of the question titles
_TITLE = 20
_OUTCOME_STYLE = {"pass": "green", "fail": "red", "unknown": "yellow", "not_applicable": "dim"}


@dataclass(frozen=True)
class ReviewResult:
    """What the review ended with: a question to edit, or the submission's reply."""

    edit: int | None = None
    reply: Reply | None = None


class ReviewScreen(Screen[ReviewResult | None]):
    """复核."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "submit", "提交"),
        Binding("s", "register", "登记"),
        Binding("1", "show_tab('answers-tab')", "回答"),
        Binding("2", "show_tab('findings-tab')", "核查"),
        Binding("3", "show_tab('problems-tab')", "待处理"),
        Binding("escape", "back", "返回录入"),
    ]

    AUTO_FOCUS = "#answers"

    DEFAULT_CSS = """
    ReviewScreen #review-title { text-style: bold; padding: 0 1; }
    ReviewScreen #review-status { padding: 0 1; height: auto; }
    ReviewScreen #review-tabs { height: 1fr; }
    ReviewScreen #review-tabs ContentSwitcher { height: 1fr; }
    ReviewScreen TabPane { height: 1fr; padding: 0; }
    ReviewScreen DataTable { height: 1fr; }
    ReviewScreen #warnings { height: auto; max-height: 5; padding: 0 1; color: $warning; }
    """

    def __init__(self, intake: Intake, *, submit: bool = False) -> None:
        super().__init__()
        self.intake = intake
        self.submit_at_once = submit
        self.review: Review = intake.review()

    @property
    def word(self) -> str:
        return self.intake.backend.submit_word

    def compose(self) -> ComposeResult:
        review = self.review
        yield AppHeader()
        yield Static("", id="review-title")
        yield Static("", id="review-status")
        with TabbedContent(id="review-tabs"):
            with TabPane(f"全部回答（{len(review.rows)}）", id="answers-tab"):
                yield DataTable(id="answers", cursor_type="row", zebra_stripes=True)
            with TabPane(f"资质与病例核查（{len(review.findings)}）", id="findings-tab"):
                yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
            problems = len(review.errors) + len(review.warnings)
            with TabPane(f"待处理（{problems}）", id="problems-tab"):
                yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"复核：{self.intake.backend.title}"
        answers = self.query_one("#answers", DataTable)
        answers.add_column("题号", width=4, key="number")
        answers.add_column("题目", width=_TITLE, key="title")
        answer_width, finding_width = self._widths()
        answers.add_column("回答", width=answer_width, key="answer")
        findings = self.query_one("#findings", DataTable)
        findings.add_column("结果", width=8)
        findings.add_column("层级", width=8)
        findings.add_column("项目", width=24)
        findings.add_column("说明", width=finding_width, key="explanation")
        problems = self.query_one("#problems", DataTable)
        problems.add_column("题号", width=4)
        problems.add_column("类别", width=6, key="kind")
        problems.add_column("说明", width=answer_width, key="message")
        self.fill()
        if self.submit_at_once:
            self.call_after_refresh(self.action_submit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One key, one word: 提交 for a case, 登记 for a registration.
        if action == "submit":
            return self.word == "提交"
        if action == "register":
            return self.word != "提交"
        return True

    def on_resize(self) -> None:
        if self.query_one("#answers", DataTable).columns:
            self.fill()

    def _widths(self) -> tuple[int, int]:
        """The widths of the wide columns: answers' 回答, findings' 说明."""
        width = max(self.size.width, 60)
        return max(20, width - 4 - _TITLE - 8), max(20, width - 8 - 8 - 24 - 10)

    def fill(self) -> None:
        review = self.review = self.intake.review()
        skipped = sum(1 for r in review.rows if r[4] == "（已跳过）")
        open_ = sum(1 for r in review.rows if r[4] == "（未答）")
        counts = f"共 {len(review.rows)} 题：已答 {len(review.rows) - skipped - open_}"
        counts += f"、跳过 {skipped}" if skipped else ""
        counts += f"、未答 {open_}" if open_ else ""
        self.query_one("#review-title", Static).update(
            Text(f"{self.intake.backend.title}　{counts}")
        )
        self.query_one("#review-status", Static).update(self._status(review))
        answer_width, finding_width = self._widths()
        answers = self.query_one("#answers", DataTable)
        row = max(answers.cursor_row, 1)  # a question, not its section's heading
        answers.clear()
        _resize(answers, "answer", answer_width)
        section = None
        for number, _path, section_title, title, display in review.rows:
            if section_title != section:
                section = section_title
                answers.add_row(
                    "",
                    wrap_text(Text(f"【{section}】", style="bold"), _TITLE),
                    "",
                    key=f"s:{section}",
                    height=None,
                )
            style = "dim" if display in ("（未答）", "（已跳过）") else ""
            answers.add_row(
                str(number),
                wrap_text(title, _TITLE),
                wrap_text(Text(display, style=style), answer_width),
                key=str(number),
                height=None,
            )
        if review.derived:
            answers.add_row(
                "",
                wrap_text(Text("【计算所得】", style="bold"), _TITLE),
                Text("由以上测量计算，无需填写", style="dim"),
                key="s:derived",
                height=None,
            )
            for index, (title, display) in enumerate(review.derived):
                answers.add_row(
                    "",
                    wrap_text(title, _TITLE),
                    wrap_text(Text(display, style="cyan"), answer_width),
                    key=f"d:{index}",
                    height=None,
                )
        answers.move_cursor(row=min(row, answers.row_count - 1))
        findings = self.query_one("#findings", DataTable)
        findings.clear()
        _resize(findings, "explanation", finding_width)
        for index, finding in enumerate(review.findings):
            subject = f"{finding.subject}：" if finding.subject else ""
            findings.add_row(
                Text(finding.outcome_label, style=_OUTCOME_STYLE.get(finding.outcome, "")),
                finding.level,
                wrap_text(subject + finding.title, 24),
                wrap_text(f"{finding.explanation}（{finding.citation}）", finding_width),
                key=str(index),
                height=None,
            )
        problems = self.query_one("#problems", DataTable)
        problems.clear()
        _resize(problems, "message", answer_width)
        for kind, listed in (("须处理", review.errors), ("提示", review.warnings)):
            numbered = [(self.intake.number_of(p.path), p) for p in listed]
            numbered.sort(key=lambda pair: pair[0] or 10**6)  # in question order
            for index, (at, problem) in enumerate(numbered):
                problems.add_row(
                    str(at or ""),
                    Text(kind, style="red" if kind == "须处理" else "yellow"),
                    wrap_text(problem.message, answer_width),
                    key=f"{kind}:{index}:{at or ''}",
                    height=None,
                )

    def _status(self, review: Review) -> Text:
        counts: dict[str, int] = {}
        for finding in review.findings:
            counts[finding.outcome_label] = counts.get(finding.outcome_label, 0) + 1
        text = Text()
        if review.ready:
            text.append(f"全部必答题已完成，可以{self.word}（按 s）。", style="green")
        else:
            numbers = sorted({n for p in review.errors if (n := self.intake.number_of(p.path))})
            listed = "、".join(str(n) for n in numbers)
            where = f"（第 {listed} 题）" if listed else ""
            text.append(
                f"尚不能{self.word}：{len(review.errors)} 个问题{where}，按 3 查看。", style="red"
            )
        if counts:
            summary = "、".join(f"{label} {n}" for label, n in counts.items())
            text.append(f"　核查：{summary}")
        return text

    # -- editing ---------------------------------------------------------------

    @on(DataTable.RowSelected, "#answers")
    def _answer_chosen(self, event: DataTable.RowSelected) -> None:
        key = str(event.row_key.value)
        if key.isdigit():
            self.dismiss(ReviewResult(edit=int(key)))

    @on(DataTable.RowSelected, "#problems")
    def _problem_chosen(self, event: DataTable.RowSelected) -> None:
        number = str(event.row_key.value).rsplit(":", 1)[-1]
        if number.isdigit():
            self.dismiss(ReviewResult(edit=int(number)))

    # -- actions ------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#review-tabs", TabbedContent).active = tab
        target = {"answers-tab": "#answers", "findings-tab": "#findings"}.get(tab, "#problems")
        self.query_one(target, DataTable).focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_register(self) -> None:
        self.action_submit()

    @work(exclusive=True, group="submit")
    async def action_submit(self) -> None:
        review = self.intake.review()
        if not review.ready:
            self.fill()
            self.action_show_tab("problems-tab")
            self.notify(
                f"尚不能{self.word}：请先处理“待处理”中的问题（回车跳到该题）。",
                severity="error",
            )
            return
        needs_reason = self.intake.backend.needs_reason
        message = self.intake.confirmation
        if needs_reason:
            changed = self.intake.changes()
            listed = "\n".join(f"  · {title}：{was} → {now}" for title, was, now in changed)
            message += f"\n\n本次修改（{len(changed)} 项）：\n{listed}" if changed else ""
        reason = await self.app.push_screen_wait(
            ConfirmScreen(
                f"确认{self.word}",
                message,
                yes=self.word,
                reason="修改原因（必填，记入修订记录与审计日志）" if needs_reason else "",
            )
        )
        if reason is None:
            return
        reply = self.intake.submit(reason)
        if reply.finished:
            self.dismiss(ReviewResult(reply=reply))
            return
        self.fill()
        self.notify("\n".join(reply.errors) or "未能提交。", severity="error", timeout=8)


def _resize(table: DataTable[object], key: str, width: int) -> None:
    """Give a wide column the room there is (rows added afterwards wrap to it)."""
    for column in table.columns.values():
        if column.key.value == key:
            column.width = width
            column.auto_width = False
