"""``rtech aggregates set|list|import``: denominators that are not cases."""

from __future__ import annotations

from pathlib import Path

import click

from rtech.cli._actor import actor_option
from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table

__all__ = ["aggregates_group"]

INSTITUTION = click.option(
    "--institution", "institution", default=None, help="机构代码或编号（只登记一家时可省略）。"
)


@click.group("aggregates")
def aggregates_group() -> None:
    """汇总数据：部分指标的分母不是本平台的病例（如同期收治的全部发病24小时内脑梗死患者、
    同期全部支气管镜例次），由管理员按机构与统计期录入；未录入显示为“缺失”，不按 0 计算。"""


@aggregates_group.command("set")
@click.option("--technology", "-t", "slug", required=True, help="技术标识。")
@click.option("--key", "key", required=True, help="汇总项（见 rtech aggregates list）。")
@click.option("--period", "period", required=True, help="统计期：2024、2024Q1 或 2024-03。")
@click.option("--value", "value", required=True, help="数值（例数或例次数）。")
@click.option("--source", "source", default="", help="数据来源（如 病案统计室 2024 年报）。")
@INSTITUTION
@actor_option
@FORMAT_OPTION("text", "json", default="text")
def set_command(
    slug: str,
    key: str,
    period: str,
    value: str,
    source: str,
    institution: str | None,
    user: str | None,
    fmt: str,
) -> None:
    """录入（或更正）一项汇总数据；更正保留原值于审计日志。"""
    from rtech.aggregates import parse_value, set_value
    from rtech.cli._institution import the_institution
    from rtech.host import get_host
    from rtech.store import Store

    host = get_host()
    host.technology(slug)
    number = parse_value(value)
    store = Store.open()
    try:
        with store.write() as session:
            row = set_value(
                session,
                host,
                institution_id=the_institution(session, institution),
                technology=slug,
                key=key,
                period=period,
                value=number,
                actor=store.actor,
                source=source,
            )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(row)
        return
    again = "（已更正，第 {} 版）".format(row["version"]) if row["version"] > 1 else ""
    click.echo(f"已录入：{slug} {key} {row['period']} = {row['value']}{again}")


@aggregates_group.command("list")
@click.option("--technology", "-t", "slug", default=None, help="只列该技术（默认全部）。")
@click.option(
    "--period", "period", default=None, help="统计期：列出该期每项汇总数据，未录入的标为缺失。"
)
@INSTITUTION
@FORMAT_OPTION()
def list_command(slug: str | None, period: str | None, institution: str | None, fmt: str) -> None:
    """列出汇总数据：各技术指标需要的汇总项、已录入的数值与缺失项。"""
    from rtech.aggregates import aggregate_rows
    from rtech.cli._institution import the_institution
    from rtech.host import get_host
    from rtech.indicators.periods import parse_period
    from rtech.store import Store

    host = get_host()
    if slug:
        host.technology(slug)
    parsed = parse_period(period) if period else None
    store = Store.open()
    try:
        with store.read() as session:
            rows = aggregate_rows(
                session,
                host,
                institution_id=the_institution(session, institution),
                technology=slug,
                period=parsed,
            )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(rows)
        return
    if not rows:
        click.echo("没有汇总数据。" if parsed is None else "所选技术的指标不需要汇总数据。")
        return
    echo_table(
        ["技术", "汇总项", "名称", "统计期", "数值", "出处"],
        (
            [
                r["technology"],
                r["key"],
                r["label"],
                r["period"],
                "缺失" if r["missing"] else r["value"],
                r["citation"],
            ]
            for r in rows
        ),
        title="汇总数据" + (f"（{parsed.title}）" if parsed else ""),
    )


@aggregates_group.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@INSTITUTION
@actor_option
@FORMAT_OPTION("text", "json", default="text")
def import_command(path: Path, institution: str | None, user: str | None, fmt: str) -> None:
    """从 CSV 文件导入汇总数据（列：technology,key,period,value，或 技术,汇总项,统计期,数值；
    UTF-8 或 GB18030）。任何一行无效则整个文件不导入。"""
    from rtech.aggregates import import_aggregates
    from rtech.cli._institution import the_institution
    from rtech.host import get_host
    from rtech.store import Store

    host = get_host()
    store = Store.open()
    try:
        with store.write() as session:
            rows = import_aggregates(
                session,
                host,
                path,
                institution_id=the_institution(session, institution),
                actor=store.actor,
            )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(rows)
        return
    click.echo(f"已导入 {len(rows)} 条汇总数据（{path.name}）。")
