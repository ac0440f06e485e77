"""``rtech demo``: load synthetic demonstration data, apart from real data."""

from __future__ import annotations

import os

import click

from rtech.cli._output import FORMAT_OPTION, echo_json

__all__ = ["demo_command"]


@click.command("demo")
@click.option(
    "--technology", "-t", "slug", default=None, help="只载入这一项技术（默认：全部已安装的技术）。"
)
@click.option(
    "--cases",
    "count",
    type=int,
    default=None,
    help="每项技术生成的病例数（默认：各技术自定，心血管介入为 300）。",
)
@click.option(
    "--seed",
    type=int,
    default=20230101,
    show_default=True,
    help="随机种子（相同种子生成相同数据）。",
)
@FORMAT_OPTION("text", "json", default="text")
def demo_command(slug: str | None, count: int | None, seed: int, fmt: str) -> None:
    """载入演示数据：一家虚构医院及各项技术的医师、机构条件、汇总数据、质控记录与病例。

    病例分布于 2023—2024 年各季度，含随访记录。

    未设置 RTECH_DATABASE_URL 时载入独立的演示数据库，用 rtech --demo 打开；
    设置时仅在该数据库没有任何真实机构或病例时载入。
    """
    from rtech.host import get_host
    from rtech.intake.demo import DEMO_CODE, load_demo
    from rtech.paths import DATABASE_URL_ENV, demo_database
    from rtech.store import Store

    named = bool(os.environ.get(DATABASE_URL_ENV, "").strip())
    host = get_host()
    if slug:
        host.technology(slug)
    store = Store.open() if named else Store.open(f"sqlite:///{demo_database()}")
    try:
        report = load_demo(store, host, technology=slug, cases_count=count, seed=seed)
    finally:
        store.dispose()
    where = "RTECH_DATABASE_URL 指定的数据库" if named else str(demo_database())
    opener = "rtech" if named else "rtech --demo"
    if fmt == "json":
        echo_json({**report.to_json(), "database": where, "open_with": opener})
        return
    click.echo(
        f"已载入演示数据到 {where}：医疗机构 {DEMO_CODE}（编号 {report.institution_id}），"
        f"医师 {report.physicians} 位，病例 {report.cases} 例"
        f"（已提交 {report.submitted} 例，随访 {report.followups} 次，"
        f"{report.revised} 例有修订；草稿 {report.drafts} 例）。"
    )
    for name, part in report.technologies.items():
        technology = host.technology(name)
        extra = []
        if part.aggregates:
            extra.append(f"汇总数据 {part.aggregates} 条")
        if part.qa_checks:
            extra.append(f"设备质控记录 {part.qa_checks} 条")
        more = f"，{'，'.join(extra)}" if extra else ""
        click.echo(f"  {technology.name}：病例 {part.cases} 例{more}")
    click.echo(
        f"打开演示数据：{opener}（终端界面）；例如 {opener} cases list、"
        f"{opener} indicators compute --period 2024"
    )
