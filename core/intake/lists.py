"""List questions: codes, physicians and repeated entries, one element at a time.

A list question takes one element per line (several physicians separated by
、/，), 完成 ends it, 无 answers none, 删除 N removes one. A repeated entry
(an array of objects) asks each field of the entry in turn; 取消 drops the
entry in progress.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from rtech.answers import get_path, set_path
from rtech.forms.model import Node
from rtech.intake.base import IntakeBase, Reply, element_node, entry_label, identity
from rtech.intake.commands import Command, parse_command
from rtech.intake.parsers import Accepted, Rejected, is_none_word, parse_physician

__all__ = ["ListQuestions"]


class ListQuestions(IntakeBase):
    """The input of list questions and of repeated entries."""

    def _list_input(self, node: Node, raw: str, command: Command | None) -> Reply:
        items = list(get_path(self.answers, node.path) or [])
        if command is not None and command.name == "delete":
            number = command.number or 0
            if not 1 <= number <= len(items):
                return Reply().error(f"没有第 {number} 项（现有 {len(items)} 项）。")
            removed = items.pop(number - 1)
            reply = Reply().info(f"已删除第 {number} 项：{entry_label(node, removed)}")
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
        key = identity(value)
        if any(identity(item) == key for item in items):
            return Reply().error(f"“{entry_label(node, value)}”已在“{node.title}”中。")
        items.append(value)
        element_errors = self.validator.check_value(element_node(node), value)
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
            f"已添加第 {len(items)} 项：{entry_label(node, value)}。"
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
            values = {**entry["values"], sub.key: value}
            message = self.validator.not_before(sub, value, values, node.entry_form)
            errors = [message] if message else []
        if not errors:
            # The entry as it stands, in the case: the shared date rules see it too.
            candidate = copy.deepcopy(self.answers)
            items = list(get_path(candidate, node.path) or [])
            set_path(candidate, node.path, [*items, values])
            errors = self._new_date_errors(self.answers, candidate)
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
