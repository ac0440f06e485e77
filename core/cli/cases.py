"""``rtech cases``: list, show, export and import cases; edition effective dates."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from rtech.atomicfile import write_atomic
from rtech.cli._actor import actor_option
from rtech.cli._output import FORMAT_OPTION, echo_json, echo_json_stream, echo_table
from rtech.errors import UserError

__all__ = ["cases_group"]

_STATUSES = ("draft", "submitted", "signed")


@click.group("cases")
def cases_group() -> None:
    """病例：列表、查看、导出与导入（与终端界面显示的是同一批病例）。"""


def _time(value: datetime | None) -> str:
    from rtech.localtime import local_text

    return local_text(value)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


#: Cases a table shows without --limit or --all (the first page).
PAGE_SIZE = 50
#: Rows per table when --all prints every case (each chunk its own table).
_CHUNK = 500


@cases_group.command("list")
@click.option("--technology", "-t", "slug", default=None, help="只列出该技术的病例。")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(_STATUSES),
    help="只列出该状态（draft 草稿、submitted 已提交、signed 已签名），可重复。",
)
@click.option(
    "--period",
    default=None,
    help="只列出该统计期出院的病例：2023-03、2023Q1、2023 或 2023-01-01..2023-06-30。",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help=f"最多列出多少例（最新的在前）；表格默认每页 {PAGE_SIZE} 例，json 默认全部。",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="跳过最新的多少例（翻页：下一页从上一页的末尾开始）。",
)
@click.option("--all", "show_all", is_flag=True, help="表格也列出全部病例（逐批输出）。")
@FORMAT_OPTION()
def list_command(
    slug: str | None,
    statuses: tuple[str, ...],
    period: str | None,
    limit: int | None,
    offset: int,
    show_all: bool,
    fmt: str,
) -> None:
    """列出病例（最新的在前）。表格默认只列第一页并说明如何翻页；json 逐例输出全部。"""
    from rtech.auth.roles import mask_name
    from rtech.host import get_host
    from rtech.indicators.periods import parse_period
    from rtech.store import Store, cases
    from rtech.store.users import may_see_identities

    if slug:  # the plugins are loaded only to check the name
        get_host().technology(slug)
    span = parse_period(period) if period else None
    filters: dict[str, Any] = {
        "technology": slug,
        "statuses": list(statuses) or None,
        "start": span.start if span else None,
        "end": span.end if span else None,
    }
    if limit is not None and show_all:
        raise UserError("--limit 与 --all 不能同时使用。")
    store = Store.open()
    try:
        with store.read() as session:
            # Roles that do not record or administer cases see 张*杰 (issue 18).
            masked = not may_see_identities(session)

            def shown_row(row: Any) -> dict[str, Any]:
                data = _case_row(row)
                if masked:
                    data["patient_name"] = mask_name(data["patient_name"])
                return data

            if fmt == "json":
                rows = cases.iter_case_rows(session, limit=limit, offset=offset, **filters)
                echo_json_stream(shown_row(row) for row in rows)
                return
            total = cases.count_cases(session, **filters)
            page = None if show_all else (limit or PAGE_SIZE)
            rows = cases.iter_case_rows(session, limit=page, offset=offset, **filters)
            shown = _echo_case_tables(
                (shown_row(row) for row in rows), total=total, offset=offset, chunked=show_all
            )
    finally:
        store.dispose()
    _echo_page_footer(total=total, offset=offset, shown=shown, page=page)


_COLUMNS = (
    "编号",
    "技术",
    "版本",
    "状态",
    "病案号",
    "患者",
    "手术日期",
    "出院日期",
    "修订",
    "更新人",
)


def _table_cells(r: dict[str, Any]) -> list[Any]:
    from rtech.store.cases import STATUS_LABELS

    return [
        r["id"],
        r["technology"],
        r["edition"],
        STATUS_LABELS.get(r["status"], r["status"])
        + ("（有未提交修改）" if r["has_changes"] else ""),
        r["record_no"] or "",
        r["patient_name"] or "",
        r["procedure_date"] or "",
        r["discharge_date"] or "",
        r["revision"] or "",
        r["updated_by"],
    ]


def _echo_case_tables(
    rows: Iterator[dict[str, Any]], *, total: int, offset: int, chunked: bool
) -> int:
    """Print the rows as one table (a page) or, with ``chunked``, as plain aligned
    text :data:`_CHUNK` rows at a time (a rich table costs milliseconds a row), so
    that every case can be printed quickly in flat memory."""
    if not chunked:
        page = list(rows)
        last = offset + len(page)
        title = (
            f"病例（第 {offset + 1}～{last} 例，共 {total} 例）"
            if page
            else f"病例（0 例，共 {total} 例）"
        )
        echo_table(_COLUMNS, (_table_cells(r) for r in page), title=title)
        return len(page)
    shown = 0
    while chunk := list(itertools.islice(rows, _CHUNK)):
        first, last = offset + shown + 1, offset + shown + len(chunk)
        click.echo(f"病例（第 {first}～{last} 例，共 {total} 例）")
        _echo_aligned(_COLUMNS, [[str(c) for c in _table_cells(r)] for r in chunk])
        shown += len(chunk)
    if not shown:
        click.echo(f"病例（0 例，共 {total} 例）")
    return shown


def _echo_aligned(columns: Sequence[str], rows: list[list[str]]) -> None:
    """Columns padded to their display width (a Chinese character is two columns)."""
    from rich.cells import cell_len

    widths = [cell_len(c) for c in columns]
    measured = [[cell_len(cell) for cell in row] for row in rows]
    for sizes in measured:
        widths = [max(w, size) for w, size in zip(widths, sizes, strict=True)]

    def line(cells: Sequence[str], sizes: Sequence[int]) -> str:
        padded = (c + " " * (w - n) for c, n, w in zip(cells, sizes, widths, strict=True))
        return "  ".join(padded).rstrip()

    out = [line(columns, [cell_len(c) for c in columns])]
    out.append("  ".join("─" * w for w in widths))
    out.extend(line(row, sizes) for row, sizes in zip(rows, measured, strict=True))
    click.echo("\n".join(out))


def _echo_page_footer(*, total: int, offset: int, shown: int, page: int | None) -> None:
    """The Chinese line under a page that says how to see the rest."""
    end = offset + shown
    if page is None or end >= total:
        return
    click.echo(
        f"还有 {total - end} 例未列出。下一页：rtech cases list --offset {end}"
        f"（--limit N 改每页例数，--all 列出全部，--format json 输出全部）。"
    )


def _case_row(case: Any) -> dict[str, Any]:
    updated = case.updated_at
    if updated is not None and updated.tzinfo is None:
        updated = updated.replace(tzinfo=UTC)
    return {
        "id": case.id,
        "technology": case.technology,
        "edition": case.edition,
        "status": case.status,
        "has_changes": case.has_changes,
        "record_no": case.record_no,
        "patient_name": case.patient_name,
        "procedure_date": _day(case.procedure_date),
        "discharge_date": _day(case.discharge_date),
        "revision": case.current_revision,
        "institution_id": case.institution_id,
        "form_version": case.form_version,
        "created_by": case.created_by,
        "updated_by": case.updated_by,
        "updated_at": updated.isoformat() if updated else None,
    }


@cases_group.command("show")
@click.argument("case_id", type=int)
@click.option("--unmask", is_flag=True, help="显示完整的身份证号等遮蔽信息（审计留痕）。")
@FORMAT_OPTION()
def show_command(case_id: int, unmask: bool, fmt: str) -> None:
    """查看一个病例：各题回答、修订记录与审计记录。"""
    from sqlalchemy import select

    from rtech.forms.display import summary_rows
    from rtech.host import get_host
    from rtech.intake.cases import case_form
    from rtech.store import Store, cases
    from rtech.store.models import AuditEntry, CaseRevision, CaseSignature

    host = get_host()
    store = Store.open()
    try:
        with store.write() if unmask else store.read() as session:
            case = cases.get_case(session, case_id)
            if unmask:
                cases.authorize_unmask(session, case)
            revisions = list(
                session.scalars(
                    select(CaseRevision)
                    .where(CaseRevision.case_id == case_id)
                    .order_by(CaseRevision.number)
                )
            )
            signatures = list(
                session.scalars(
                    select(CaseSignature)
                    .where(CaseSignature.case_id == case_id)
                    .order_by(CaseSignature.signed_at, CaseSignature.id)
                )
            )
            trail = list(
                session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.entity == "case", AuditEntry.entity_id == str(case_id))
                    .order_by(AuditEntry.id)
                )
            )
            row = _case_row(case)
            draft = dict(case.draft_answers)
            current = revisions[-1].answers if revisions else draft
    finally:
        store.dispose()
    form = case_form(host, row["technology"])
    answers_rows = summary_rows(form, current, masked=not unmask)
    history = [
        {
            "number": r.number,
            "author": r.author,
            "reason": r.reason,
            "created_at": _time(r.created_at),
            "form_version": r.form_version,
        }
        for r in revisions
    ]
    signed = [
        {
            "revision": sig.revision,
            "signer": sig.signer,
            "meaning": sig.meaning,
            "signed_at": _time(sig.signed_at),
            "voided": sig.voided_at is not None,
            "void_reason": sig.void_reason,
        }
        for sig in signatures
    ]
    audit_rows = [
        {
            "id": e.id,
            "at": _time(e.at),
            "actor": e.actor,
            "action": e.action,
            "action_label": _ACTIONS.get(e.action, e.action),
            "summary": _audit_summary(e.action, e.payload, form),
        }
        for e in trail
    ]
    if fmt == "json":
        has_draft = row["status"] == "draft" or row["has_changes"]
        shown_draft = draft if unmask else _masked(form, draft)
        echo_json(
            {
                **row,
                "answers": current if unmask else _masked(form, current),
                "draft": shown_draft if has_draft else None,
                "revisions": history,
                "signatures": signed,
                "audit": audit_rows,
            }
        )
        return
    technology = host.technology(row["technology"])
    click.echo(
        f"病例 {row['id']}　{technology.label(row['edition'])}（{row['edition']}年版）　"
        f"{cases.STATUS_LABELS.get(row['status'], row['status'])}"
        + (f"　第 {row['revision']} 版" if row["revision"] else "")
        + ("　（有未提交的修改）" if row["has_changes"] else "")
    )
    title = "当前版本的回答" if revisions else "草稿的回答"
    echo_table(
        ["题号", "部分", "题目", "回答"],
        ([n, section, label, value] for n, _p, section, label, value in answers_rows),
        title=title,
    )
    if history:
        # The revisions, then each signature of one (as the TUI's case screen lists them).
        echo_table(
            ["版本", "提交人", "时间", "原因 / 签名"],
            [
                *(
                    [h["number"], h["author"], h["created_at"], h["reason"] or "（首次提交）"]
                    for h in history
                ),
                *(
                    [
                        sig["revision"],
                        sig["signer"],
                        sig["signed_at"],
                        f"签名：{sig['meaning']}"
                        + (f"（已作废：{sig['void_reason']}）" if sig["voided"] else ""),
                    ]
                    for sig in signed
                ),
            ],
            title="修订记录",
        )
    echo_table(
        ["序号", "时间", "操作人", "操作", "内容"],
        ([a["id"], a["at"], a["actor"], a["action_label"], a["summary"]] for a in audit_rows),
        title="审计记录",
    )


def _masked(form: Any, answers: dict[str, Any]) -> dict[str, Any]:
    import copy

    from rtech.answers import get_path, set_path
    from rtech.forms.display import mask

    result = copy.deepcopy(answers)
    for node in form.questions(answers):
        value = get_path(answers, node.path)
        if node.schema.get("x-mask") and isinstance(value, str):
            set_path(result, node.path, mask(node, value))
    return result


_ACTIONS = {
    "case.create": "新建",
    "case.submit": "提交",
    "case.revise": "修订",
    "case.sign": "签名",
    "case.signature_void": "签名作废",
    "case.answers_dropped": "移除回答",
    "case.edition": "版本变更",
    "case.import": "导入",
}


def _field_label(form: Any, dotted: str) -> str:
    """A field path as the form names it: its section and question titles."""
    path = dotted.split(".")
    titles: list[str] = []
    for depth in range(1, len(path) + 1):
        node = form.node(path[:depth])
        if node is not None and node.schema.get("title"):
            titles.append(node.title)
    return "·".join(titles) if titles else dotted


def _audit_summary(action: str, payload: dict[str, Any], form: Any) -> str:
    label = _ACTIONS.get(action, action)
    if action == "case.answers_dropped":
        dropped = payload.get("dropped") or {}
        keys = "、".join(_field_label(form, str(key)) for key in dropped)
        return f"{label}：{keys}（{payload.get('reason', '')}）"
    if action in ("case.submit", "case.revise"):
        changes = payload.get("changes") or []
        reason = payload.get("reason") or ""
        return (
            f"{label}第 {payload.get('revision')} 版"
            + (f"：{reason}" if reason else "")
            + (f"（{len(changes)} 处改动）" if action == "case.revise" else "")
        )
    if action == "case.edition":
        return f"{label}：{payload.get('before')} → {payload.get('after')}"
    if action == "case.import":
        source = payload.get("source") or {}
        return f"{label}：原编号 {source.get('id')}，{len(payload.get('revisions') or [])} 个版本"
    return label


@cases_group.command("export")
@click.option("--technology", "-t", "slug", default=None, help="只导出该技术的病例。")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(_STATUSES),
    help="只导出该状态，可重复。",
)
@click.option("--case", "case_ids", multiple=True, type=int, help="只导出指定编号的病例，可重复。")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="写入文件（默认输出到标准输出）。",
)
def export_command(
    slug: str | None, statuses: tuple[str, ...], case_ids: tuple[int, ...], output: Path | None
) -> None:
    """导出病例为 JSON（与表单结构一致，含全部修订、草稿与签名，可原样导入）。"""
    from rtech.host import get_host
    from rtech.intake.exchange import export_cases
    from rtech.store import Store

    host = get_host()
    store = Store.open()
    try:
        with store.write() as session:
            document = export_cases(
                session,
                host,
                technology=slug,
                statuses=list(statuses) or None,
                case_ids=list(case_ids) or None,
                destination=str(output) if output else "stdout",
            )
    finally:
        store.dispose()
    text = json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"已导出 {len(document['cases'])} 例到 {output}", err=True)


@cases_group.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--institution", "institution_code", default=None, help="导入到该机构代码的医疗机构。"
)
@click.option("--allow-duplicates", is_flag=True, help="病案号已存在时仍然导入。")
@click.option(
    "--drop-signatures",
    is_flag=True,
    help="已签名的病例以“已提交”导入（导入时无法核验签名），导入后重新签署。",
)
@actor_option
@FORMAT_OPTION("text", "json", default="text")
def import_command(
    source: Path,
    institution_code: str | None,
    allow_duplicates: bool,
    drop_signatures: bool,
    user: str | None,
    fmt: str,
) -> None:
    """导入 rtech cases export 导出的病例（先全部校验，有问题则一例也不导入）。

    校验通过后每 50 例一批写入，录入中的其他用户不必久等；导入中断时重新运行
    同一命令即可，已导入的病例会跳过。
    """
    from rtech.errors import UserError
    from rtech.host import get_host
    from rtech.intake.exchange import import_in_batches
    from rtech.store import Store
    from rtech.strictjson import loads

    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"文件 {source} 不是 UTF-8 编码的 JSON：{exc}") from exc
    except OSError as exc:
        raise UserError(f"无法读取文件 {source}：{exc.strerror}") from exc
    document = loads(text, where=f"文件 {source}")
    host = get_host()
    store = Store.open()
    try:
        report = import_in_batches(
            store,
            host,
            document,
            actor=store.actor,
            institution_code=institution_code,
            allow_duplicates=allow_duplicates,
            drop_signatures=drop_signatures,
        )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(
            {
                "imported": [{"source_id": s, "id": n} for s, n in report.imported],
                "skipped": [{"source_id": s, "reason": r} for s, r in report.skipped],
            }
        )
        return
    click.echo(f"已导入 {len(report.imported)} 例。")
    for source_id, new_id in report.imported:
        click.echo(f"  原编号 {source_id} → 病例 {new_id}")
    if report.skipped:
        click.echo(f"跳过 {len(report.skipped)} 例：")
        for source_id, why in report.skipped:
            click.echo(f"  原编号 {source_id}：{why}")


@cases_group.command("editions")
@click.option(
    "--set",
    "changes",
    multiple=True,
    metavar="版本=日期",
    help="设置某版目录的生效日期，如 --set 2023=2023-07-01，可重复。",
)
@actor_option
@FORMAT_OPTION()
def editions_command(changes: tuple[str, ...], user: str | None, fmt: str) -> None:
    """查看或设置各版目录的生效日期（病例按手术日期、筛查按出院日期适用当时有效的版本）。"""
    from rtech.errors import UserError

    parsed: dict[str, str] = {}
    for change in changes:
        edition, _, day = change.partition("=")
        if not day:
            raise UserError(f"“{change}”格式不对，应为 版本=日期，如 2023=2023-07-01。")
        parsed[edition.strip()] = day.strip()
    show_or_set_effective(parsed, user, fmt)


def show_or_set_effective(changes: dict[str, str], user: str | None, fmt: str) -> None:
    """Set some editions' effective dates (if any), then show all of them.

    Shared by ``rtech cases editions --set`` and ``rtech rules effective``.
    """
    from rtech.editions import SETTING_KEY
    from rtech.intake.editions import effective_dates, set_effective_dates
    from rtech.store import Store
    from rtech.store.settings import get_setting

    store = Store.open()
    try:
        if changes:
            with store.write() as session:
                dates = set_effective_dates(session, changes, actor=store.actor)
        else:
            with store.read() as session:
                dates = effective_dates(session)
        with store.read() as session:
            configured = dict(get_setting(session, SETTING_KEY, {}) or {})
    finally:
        store.dispose()
    rows = [
        {"edition": e, "effective": d.isoformat(), "default": e not in configured}
        for e, d in dates.items()
    ]
    if fmt == "json":
        echo_json(rows)
        return
    echo_table(
        ["版本", "生效日期", "来源"],
        ([r["edition"], r["effective"], "默认" if r["default"] else "本机设置"] for r in rows),
        title="目录版本生效日期",
    )
