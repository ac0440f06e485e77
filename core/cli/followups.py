"""``rtech followups due``: scheduled follow-up visits due and overdue."""

from __future__ import annotations

from datetime import date

import click

from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table

__all__ = ["followups_group"]


@click.group("followups")
def followups_group() -> None:
    """随访：按各技术的随访计划列出应随访与已逾期的病例。"""


@followups_group.command("due")
@click.option(
    "--within",
    "within",
    default="14d",
    show_default=True,
    help="列出今后多长时间内到期的随访（如 14d、2w、1m），已逾期的总会列出。",
)
@click.option("--technology", "-t", "slug", default=None, help="只列该技术（默认全部）。")
@click.option("--institution", "institution", default=None, help="只列该机构（机构代码或编号）。")
@click.option("--today", "today_text", default=None, hidden=True, help="以该日为今天（测试用）。")
@FORMAT_OPTION()
def due_command(
    within: str, slug: str | None, institution: str | None, today_text: str | None, fmt: str
) -> None:
    """列出应随访、已逾期与即将到期的随访：病例、患者、随访节点与到期日。"""
    from rtech.cli._institution import institution_id_of
    from rtech.editions import parse_date
    from rtech.errors import UserError
    from rtech.followups import STATUS_LABELS, followups_due, parse_within, refresh_followups
    from rtech.host import get_host
    from rtech.store import Store

    days = parse_within(within)
    today = date.today()
    if today_text:
        parsed = parse_date(today_text)
        if parsed is None:
            raise UserError(f"无法识别的日期“{today_text}”。")
        today = parsed
    host = get_host()
    if slug:
        host.technology(slug)
    store = Store.open()
    try:
        refresh_followups(store, host, slug)
        with store.read() as session:
            institution_id = institution_id_of(session, institution)
            due = followups_due(
                session,
                host,
                today=today,
                within_days=days,
                technology=slug,
                institution_id=institution_id,
            )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json([d.to_json(today) for d in due])
        return
    if not due:
        click.echo(f"{days} 天内没有到期的随访，也没有逾期的随访。")
        return
    counts = {s: sum(1 for d in due if d.status == s) for s in STATUS_LABELS}
    echo_table(
        ["状态", "到期日", "随访节点", "病例", "技术", "病案号", "患者"],
        (
            [
                STATUS_LABELS[d.status],
                d.due_on.isoformat(),
                d.visit,
                d.case_id,
                host.technology(d.technology).name,
                d.record_no,
                d.patient_name,
            ]
            for d in due
        ),
        title="随访提醒："
        + "，".join(f"{STATUS_LABELS[s]} {n} 例" for s, n in counts.items() if n),
    )
    click.echo("录入随访：rtech intake --case 病例编号 --followup")
