"""Where the conversation stands: the prompt, going back, skipping, editing.

The prompt is recomputed from the answers and the cursor every time it is read;
the moves (上一题, 跳过, 修改 N, 复核) change the cursor and save it.
"""

from __future__ import annotations

import copy
from typing import Any

from rtech.answers import MISSING, delete_path, get_path, set_path
from rtech.forms.display import display_value
from rtech.forms.model import Node
from rtech.intake.base import LISTS, REVIEW, IntakeBase, Prompt, Reply, entry_label
from rtech.intake.parsers import option_keys

__all__ = ["Navigation"]


class Navigation(IntakeBase):
    """The prompt at the cursor and the moves of the cursor."""

    # -- the prompt ----------------------------------------------------------

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
            notice = getattr(self.backend, "void_notice", None)
            voids = notice() if callable(notice) else ""
            return Prompt(
                "reason",
                (f"{voids}\n" if voids else "")
                + "本病例已提交过。请输入这次修改的原因（将记入修订记录与审计日志）："
                + ("输入原因即确认作废上述签名；输入“退出”放弃。" if voids else ""),
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
        if node.kind in LISTS and isinstance(value, list):
            entries = tuple(entry_label(node, item) for item in value)
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
            unit=node.unit_hint,
            optional=not node.required(self.answers),
            options=options,
            current=display_value(node, value) if value is not None else None,
            entries=entries,
        )

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
            unit=sub.unit_hint,
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

    # -- moves ------------------------------------------------------------------

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
