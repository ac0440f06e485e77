"""``rtech intake``: record a case by answering one question at a time.

``--plain`` is line mode on stdin/stdout — for scripts, screen readers and
tests: one prompt, one line of input, plain text, no colours or cursor moves.
The dialog itself is :mod:`rtech.intake`; this module only prints and reads.
"""

from __future__ import annotations

import io as io_module
import sys
from typing import TYPE_CHECKING, TextIO

import click

from rtech.cli._actor import actor_option
from rtech.intake.engine import Intake, Prompt, Reply, Review

if TYPE_CHECKING:
    from rtech.host import Host
    from rtech.store import Store

__all__ = ["intake_command", "run_plain"]

_LEVEL_PREFIX = {"error": "错误：", "warning": "注意：", "info": ""}


class LineIO:
    """Line-mode input and output."""

    def __init__(self, inp: TextIO, out: TextIO) -> None:
        self.inp = inp
        self.out = out

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def ask(self, marker: str = "> ") -> str | None:
        self.out.write(marker)
        self.out.flush()
        line = self.inp.readline()
        if not line:
            return None
        return line.rstrip("\r\n")


def render_reply(io: LineIO, reply: Reply) -> None:
    for message in reply.messages:
        io.say(_LEVEL_PREFIX.get(message.level, "") + message.text)


def render_prompt(io: LineIO, prompt: Prompt) -> None:
    io.say()
    if prompt.stage in ("question", "entry", "choose", "code_name"):
        optional = (
            "（可跳过）"
            if prompt.optional and prompt.stage != "choose" and "跳过" not in prompt.text
            else ""
        )
        io.say(f"{prompt.progress} · {prompt.section}")
        io.say(prompt.text + optional)
        if prompt.entries:
            io.say("  已有：")
            for index, entry in enumerate(prompt.entries, start=1):
                io.say(f"    {index}. {entry}")
        for key, label in prompt.options:
            io.say(f"  {key}. {label}")
        listed = prompt.kind in ("code_list", "physician_list", "entries")
        if prompt.current is not None and prompt.stage == "question" and not listed:
            io.say(f"  当前：{prompt.current}（直接回车保留）")
        if prompt.unit and prompt.stage in ("question", "entry"):
            io.say(f"  单位：{prompt.unit}")
    else:
        io.say(prompt.text)


def render_review(io: LineIO, intake: Intake, review: Review) -> None:
    io.say()
    io.say(f"===== 复核：{intake.backend.title} =====")
    section = None
    for number, _path, section_title, title, value in review.rows:
        if section_title != section:
            section = section_title
            io.say(f"【{section}】")
        io.say(f"{number:>3}. {title}：{value}")
    if review.derived:
        io.say("【计算所得（由以上测量计算，无需填写）】")
        for title, value in review.derived:
            io.say(f"     {title}：{value}")
    if review.warnings:
        io.say("提示：")
        for problem in review.warnings:
            io.say(f"  ! {problem.message}")
    io.say("资质与病例核查：")
    if review.findings:
        for finding in review.findings:
            subject = f"{finding.subject}：" if finding.subject else ""
            io.say(
                f"  [{finding.outcome_label}] {finding.level} {subject}{finding.title}"
                f"——{finding.explanation}（{finding.citation}）"
            )
    else:
        io.say("  （本技术暂无可用的核查规则）")
    if review.errors:
        io.say(f"尚不能{intake.backend.submit_word}，需先处理：")
        for problem in review.errors:
            where = intake.number_of(problem.path)
            io.say(f"  ✗ {problem.message}" + (f"（第 {where} 题）" if where else ""))
    else:
        io.say(f"全部必答题已完成，可以{intake.backend.submit_word}。")


#: Further saves tried when the input ends while the database is busy (each
#: waits the busy timeout).
_EOF_SAVE_ATTEMPTS = 3


def run_plain(intake: Intake, io: LineIO) -> Reply | None:
    """Run the conversation until submitted, quit, or end of input.

    Returns the last reply (None when the input ended first; the draft is saved).
    """
    if intake.greeting:
        io.say(intake.greeting)
    shown_review = False
    while True:
        prompt = intake.prompt
        if prompt.stage == "review" and not shown_review:
            render_review(io, intake, intake.review())
            shown_review = True
        elif prompt.stage != "review":
            shown_review = False
        render_prompt(io, prompt)
        line = io.ask()
        if line is None:
            reply = intake.handle("保存")
            for _attempt in range(_EOF_SAVE_ATTEMPTS):
                if not intake.unsaved:
                    break
                reply = intake.handle("保存")  # the database was busy: wait for it again
            if reply.errors:
                render_reply(io, reply)
            io.say()
            if intake.unsaved:
                io.say(f"输入结束：数据库一直忙，最后的回答未能保存（{intake.backend.title}）。")
            else:
                io.say(f"输入结束：草稿已保存（{intake.backend.title}）。")
            return None
        reply = intake.handle(line)
        render_reply(io, reply)
        if line.strip() in ("查看", "summary") and prompt.stage == "review":
            shown_review = False
        if reply.finished or reply.quit:
            return reply


@click.command("intake")
@click.option(
    "--technology", "-t", "slug", default=None, help="技术标识，如 cardio（打开已有病例时可省略）。"
)
@click.option("--plain", is_flag=True, help="行模式：逐行提问与回答（脚本、读屏软件、测试）。")
@click.option(
    "--case", "case_id", type=int, default=None, help="打开指定编号的病例（草稿或已提交）。"
)
@click.option("--new", "new", is_flag=True, help="新建病例（不继续未完成的草稿）。")
@click.option(
    "--followup", "followup", is_flag=True, help="为 --case 指定的已提交病例录入一次随访。"
)
@click.option(
    "--institution", "institution_code", default=None, help="机构代码（登记了多个机构时）。"
)
@actor_option
def intake_command(
    slug: str | None,
    plain: bool,
    case_id: int | None,
    new: bool,
    followup: bool,
    institution_code: str | None,
    user: str | None,
) -> None:
    """录入病例：逐题问答，每答一题即保存草稿，中断后再次运行从原处继续。

    不加 --plain 时在终端界面中打开录入；--case 编号 --followup 录入随访。
    """
    from rtech.errors import UserError
    from rtech.host import get_host
    from rtech.intake import open_case_intake
    from rtech.store import Store

    host = get_host()
    if followup and case_id is None:
        raise UserError("录入随访须用 --case 指定病例编号。")
    if slug is None and case_id is None:
        raise UserError("请用 --technology 指定技术（如 cardio），或用 --case 打开已有病例。")
    if slug is None or followup:
        slug = _technology_of(case_id, slug)
    host.technology(slug)
    if not plain:
        # The terminal UI, opened on this case (the first run registers first).
        from rtech.cli.tui import run_tui

        run_tui(
            user=user,
            institution_code=institution_code,
            intake=(slug, case_id, new),
            followup=followup,
        )
        return
    if isinstance(sys.stdin, io_module.TextIOWrapper):
        # Bytes that are not UTF-8 reach the intake as surrogates, which it
        # refuses with a Chinese message, instead of a UnicodeDecodeError.
        sys.stdin.reconfigure(errors="surrogateescape")
    io = LineIO(sys.stdin, sys.stdout)
    store = Store.open()
    actor = store.actor
    try:
        if followup:
            from rtech.intake.followup import open_followup_intake

            assert case_id is not None
            run_plain(open_followup_intake(store, host, case_id, actor=actor), io)
            return
        if case_id is None and not first_run(store, host, io, actor, slug):
            return
        intake = open_case_intake(
            store,
            host,
            slug,
            actor=actor,
            case_id=case_id,
            new=new,
            institution_code=institution_code,
        )
        reply = run_plain(intake, io)
        if reply is not None and reply.quit:
            return
    finally:
        store.dispose()


def _technology_of(case_id: int | None, slug: str | None) -> str:
    """The technology of the case (checked against ``--technology`` when given)."""
    from rtech.errors import UserError
    from rtech.store import Store, cases

    assert case_id is not None
    store = Store.open()
    try:
        with store.read() as session:
            found = cases.get_case(session, case_id).technology
    finally:
        store.dispose()
    if slug is not None and slug != found:
        raise UserError(
            f"病例 {case_id} 属于技术“{found}”，不是“{slug}”。", hint=f"请用 --technology {found}"
        )
    return found


def first_run(store: Store, host: Host, io: LineIO, actor: str, slug: str) -> bool:
    """Register the institution and physicians when the database has none.

    The first run asks the shared profile parts only, so that a case can be
    entered at once; the technology's parts (equipment, training...) are
    completed later with ``rtech registry``. Returns False when the user left
    before the registration was complete.
    """
    from rtech.intake import open_registration, registration_needed
    from rtech.intake.cases import resolve_institution

    needed = registration_needed(store)
    if not needed:
        return True
    if "institution" in needed:
        io.say("首次使用：请先登记本医疗机构，再登记开展本技术的医师。")
        intake = open_registration(store, host, "institution", actor=actor)
        reply = run_plain(intake, io)
        if reply is None or not reply.finished:
            return False
    institution_id = resolve_institution(store)
    io.say()
    io.say("请登记医师（术者与决策医师须在医师名册中）。")
    while True:
        intake = open_registration(
            store, host, "physician", actor=actor, institution_id=institution_id
        )
        reply = run_plain(intake, io)
        if reply is None or not reply.finished:
            return False
        io.say()
        io.say("继续登记下一位医师？（是/否）")
        answer = io.ask()
        if answer is None:
            return False
        if answer.strip() not in ("是", "y", "yes", "1", "继续", "是的", "有"):
            break
    io.say()
    if host.profile_form(slug, "institution") or host.profile_form(slug, "physician"):
        io.say(
            "资质核查所需的本技术机构条件与医师培训等信息可稍后补充："
            f"rtech registry institution --code 机构代码 --technology {slug}；"
            f"rtech registry physician --id 医师编号 --technology {slug}"
        )
    return True
