"""``rtech demo``: load synthetic demonstration data."""

from __future__ import annotations

import click

from rtech.cli._output import FORMAT_OPTION, echo_json

__all__ = ["demo_command"]


@click.command("demo")
@click.option("--cases", "count", type=int, default=300, show_default=True, help="生成的病例数。")
@click.option(
    "--seed",
    type=int,
    default=20230101,
    show_default=True,
    help="随机种子（相同种子生成相同病例）。",
)
@FORMAT_OPTION("text", "json", default="text")
def demo_command(count: int, seed: int, fmt: str) -> None:
    """载入演示数据：一家虚构医院、医师名册与数百例心血管介入病例（覆盖三个亚类与多个季度）。"""
    from rtech.host import get_host
    from rtech.intake.demo import DEMO_CODE, load_demo
    from rtech.store import Store

    store = Store.open()
    try:
        report = load_demo(store, get_host(), cases_count=count, seed=seed)
    finally:
        store.dispose()
    if fmt == "json":
        echo_json({**report.__dict__, "institution_code": DEMO_CODE})
        return
    click.echo(
        f"已载入演示数据：医疗机构 {DEMO_CODE}（编号 {report.institution_id}），"
        f"医师 {report.physicians} 位，病例 {report.cases} 例"
        f"（已提交 {report.submitted} 例，其中 {report.revised} 例有修订；"
        f"草稿 {report.drafts} 例）。"
    )
    click.echo("查看：rtech cases list --technology cardio")
