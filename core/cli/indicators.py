"""``rtech indicators list|compute|cases``: quality-control indicators."""

from __future__ import annotations

from typing import Any

import click

from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table

__all__ = ["indicators_group"]


@click.group("indicators")
def indicators_group() -> None:
    """质量控制指标：列出指标定义，按统计期计算，查看指标背后的病例。"""


@indicators_group.command("list")
@click.option("--technology", "slug", default=None, help="只列该技术的指标（默认全部）。")
@click.option("--edition", default=None, help="只列该版本的指标（默认各版本）。")
@FORMAT_OPTION()
def list_command(slug: str | None, edition: str | None, fmt: str) -> None:
    """列出质量控制指标：名称、类型、表达方式与出处。"""
    from rtech.host import get_host
    from rtech.indicators.service import indicator_entries

    entries = indicator_entries(get_host(), technology=slug, edition=edition)
    if fmt == "json":
        echo_json(entries)
        return
    echo_table(
        ["技术", "版本", "编号", "指标", "类型", "表达方式", "单位", "出处"],
        (
            [
                e["technology"],
                e["edition"],
                e["catalog_no"],
                e["name"],
                e["type"],
                e["direction"],
                e["unit"],
                e["citation"],
            ]
            for e in entries
        ),
        title=f"质量控制指标（{len(entries)} 项）",
    )


def _compute(
    period: str,
    slug: str | None,
    edition: str | None,
    institution: str | None,
    by_institution: bool,
    trend: int,
    *,
    case_ids: bool = True,
) -> list[dict[str, Any]]:
    from rtech.cli._institution import institution_id_of
    from rtech.host import get_host
    from rtech.indicators.periods import parse_period
    from rtech.indicators.service import compute_indicators, refresh_outcomes
    from rtech.store import Store

    parsed = parse_period(period)
    host = get_host()
    if slug:
        host.technology(slug)
    store = Store.open()
    try:
        refresh_outcomes(store, host, slug)
        with store.read() as session:
            institution_id = institution_id_of(session, institution)
            return compute_indicators(
                session,
                host,
                period=parsed,
                technology=slug,
                edition=edition,
                institution_id=institution_id,
                by_institution=by_institution,
                trend=trend,
                case_ids=case_ids,
            )
    finally:
        store.dispose()


_COMMON = [
    click.option(
        "--period",
        required=True,
        help="统计期：月份 2023-03、季度 2023Q1、年度 2023，"
        "或 2023-01-01..2023-06-30（按出院日期）。",
    ),
    click.option("--technology", "slug", default=None, help="只算该技术（默认全部）。"),
    click.option("--edition", default=None, help="只算该版本的指标（默认各版本）。"),
    click.option(
        "--institution",
        "institution",
        default=None,
        help="只算该医疗机构的病例（机构代码或编号）。",
    ),
]


def _common(function: Any) -> Any:
    for option in reversed(_COMMON):
        function = option(function)
    return function


@indicators_group.command("compute")
@_common
@click.option("--by-institution", is_flag=True, help="按医疗机构分别计算。")
@click.option("--trend", type=click.IntRange(0, 60), default=0, help="附上最近 N 个统计期的趋势。")
@click.option(
    "--without-cases",
    "without_cases",
    is_flag=True,
    help="JSON 中不列分子、分母的病例编号（病例很多时；用 rtech indicators cases 查看）。",
)
@FORMAT_OPTION()
def compute_command(
    period: str,
    slug: str | None,
    edition: str | None,
    institution: str | None,
    by_institution: bool,
    trend: int,
    without_cases: bool,
    fmt: str,
) -> None:
    """计算质量控制指标：分子、分母、指标值、判定，以及分子分母的病例编号。"""
    rows = _compute(
        period, slug, edition, institution, by_institution, trend, case_ids=not without_cases
    )
    if fmt == "json":
        echo_json(rows)
        return
    columns = ["版本", "指标", "分子（均值为合计）", "分母", "指标值", "判定"]
    if by_institution:
        columns.insert(0, "机构")
    if trend:
        columns.append(f"趋势（{trend}期）")
    table: list[list[Any]] = []
    incomplete = 0
    for row in rows:
        line = [
            f"{row['edition']} {row['catalog_no']}",
            row["name"],
            _fmt_number(row["numerator"]),
            _fmt_number(row["denominator"]),
            row["display"],
            row["verdict_label"],
        ]
        if by_institution:
            line.insert(0, row["institution_id"])
        if trend:
            from rtech.indicators.compute import sparkline

            line.append(sparkline([p["value"] for p in row["trend"]]))
        table.append(line)
        incomplete += len(row.get("incomplete_case_ids", ()))
        for stratum in row["strata"]:
            sub = ["", f"  └ {stratum['label']}", _fmt_number(stratum["numerator"])]
            sub += [stratum["denominator"], stratum["display"], ""]
            if by_institution:
                sub.insert(0, "")
            if trend:
                sub.append("")
            table.append(sub)
    title = f"质量控制指标 {rows[0]['period_title']}" if rows else "质量控制指标"
    echo_table(columns, table, title=title)
    if incomplete:
        click.echo(
            f"注：有 {incomplete} 例次因数据不全未计入（见 --format json 的 incomplete_case_ids）。"
        )


def _fmt_number(value: float) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


@indicators_group.command("cases")
@click.argument("indicator_id")
@_common
@click.option(
    "--part",
    type=click.Choice(["numerator", "denominator", "incomplete"]),
    default="denominator",
    show_default=True,
    help="列出分子、分母或数据不全的病例。",
)
@FORMAT_OPTION()
def cases_command(
    indicator_id: str,
    period: str,
    slug: str | None,
    edition: str | None,
    institution: str | None,
    part: str,
    fmt: str,
) -> None:
    """列出某项指标背后的病例（分子、分母或数据不全）。"""
    from rtech.errors import UserError
    from rtech.indicators.service import case_summaries
    from rtech.store import Store

    rows = [
        r for r in _compute(period, slug, edition, institution, False, 0) if r["id"] == indicator_id
    ]
    if not rows:
        raise UserError(
            f"没有编号为“{indicator_id}”的指标。", hint="用 rtech indicators list 查看。"
        )
    row = rows[0]
    store = Store.open()
    try:
        with store.read() as session:
            summaries = case_summaries(session, row[f"{part}_case_ids"])
    finally:
        store.dispose()
    if fmt == "json":
        echo_json({"indicator": row["id"], "name": row["name"], "part": part, "cases": summaries})
        return
    label = {"numerator": "分子", "denominator": "分母", "incomplete": "数据不全"}[part]
    echo_table(
        ["病例", "病案号", "患者", "手术日期", "出院日期", "状态"],
        (
            [
                s["id"],
                s["record_no"],
                s["patient_name"],
                s["procedure_date"],
                s["discharge_date"],
                s["status_label"],
            ]
            for s in summaries
        ),
        title=f"{row['name']}（{row['period_title']}）{label}病例 {len(summaries)} 例",
    )
