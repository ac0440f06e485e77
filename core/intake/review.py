"""The review step: every answer, the problems, the findings; then submission.

A case is submitted once its answers pass validation; a submitted case needs a
reason to be submitted again (a new revision, its changes audited).
"""

from __future__ import annotations

from rtech.answers import get_path
from rtech.errors import UserError
from rtech.forms.display import display_value, summary_rows
from rtech.intake.base import IntakeBase, Reply, Review
from rtech.intake.commands import Command

__all__ = ["ReviewStep"]


class ReviewStep(IntakeBase):
    """Review, summary and submission."""

    def review(self) -> Review:
        errors = self.validator.errors(self.answers)
        warnings = self.validator.warnings(self.answers)
        return Review(
            self.summary_rows(),
            errors,
            warnings,
            self.backend.findings(self.answers),
            self.backend.derived(self.answers),
        )

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

    @property
    def confirmation(self) -> str:
        """The question to ask before submitting, naming what is submitted."""
        what = self.backend.describe(self.answers)
        if self.backend.needs_reason:
            question = f"提交{what}的修订？已提交的各版保留不变，本次修改记为新的一版。"
            notice = getattr(self.backend, "void_notice", None)
            voids = notice() if callable(notice) else ""
            if voids:
                question += f"\n\n{voids}确认即作废上述签名。"
        else:
            question = f"{self.backend.submit_word}{what}？"
        failed = [f for f in self.review().findings if f.outcome == "fail"]
        if failed:
            listed = "\n".join(
                f"  · {f.subject + '：' if f.subject else ''}{f.title}：{f.explanation}"
                for f in failed
            )
            question += f"\n\n注意：{len(failed)} 项核查结果为“不符合”：\n{listed}"
        return question

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
