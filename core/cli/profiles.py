"""``rtech profile import|template``: institution and physician profiles from files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from rtech.cli._output import FORMAT_OPTION, echo_json

__all__ = ["profile_group"]

_ACTIONS = {"created": "新登记", "updated": "已更新", "unchanged": "无变化"}


@click.group("profile")
def profile_group() -> None:
    """医疗机构与医师档案：从 TOML/XLSX 文件导入，生成填写模板。"""


@profile_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--technology", "slug", default=None, help="只导入该技术的专属部分。")
@click.option(
    "--institution",
    "institution",
    default=None,
    help="文件中没有医疗机构时，医师所属的机构（机构代码或编号）。",
)
@click.option("--actor", default=None, help="记入审计日志的操作人（默认：当前用户）。")
@click.option("--dry-run", is_flag=True, help="只校验，不保存。")
@FORMAT_OPTION("text", "json", default="text")
def import_command(
    file: Path,
    slug: str | None,
    institution: str | None,
    actor: str | None,
    dry_run: bool,
    fmt: str,
) -> None:
    """导入医疗机构与医师档案（.toml 或 .xlsx），先全部校验，无误后一次保存。"""
    from rtech.cli._institution import institution_id_of
    from rtech.eligibility.profiles import apply_profiles, read_profiles
    from rtech.host import get_host
    from rtech.store import Store

    profiles = read_profiles(file, get_host(), technology=slug)
    if dry_run:
        names = [str(p["general"].get("name")) for p in profiles.physicians]
        report: dict[str, Any] = {
            "source": str(file),
            "dry_run": True,
            "technologies": profiles.technologies,
            "skipped_technologies": profiles.skipped,
            "institution": profiles.institution["general"].get("name")
            if profiles.institution
            else None,
            "physicians": names,
        }
        if fmt == "json":
            echo_json(report)
        else:
            click.echo(
                f"{file} 校验通过：医疗机构 {report['institution'] or '（无）'}，"
                f"医师 {len(names)} 名；未保存（--dry-run）。"
            )
        return
    store = Store.open()
    try:
        with store.write() as session:
            institution_id = institution_id_of(session, institution)
            report = apply_profiles(
                session, profiles, actor=store.actor, institution_id=institution_id
            )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(report)
        return
    registered = report["institution"]
    if registered:
        click.echo(
            f"医疗机构：{registered['name']}（编号 {registered['id']}）"
            f"{_ACTIONS[registered['action']]}"
        )
    for physician in report["physicians"]:
        click.echo(
            f"医师：{physician['name']}（编号 {physician['id']}）{_ACTIONS[physician['action']]}"
        )
    if report["technologies"]:
        click.echo("导入的技术专属档案：" + "、".join(report["technologies"]))
    if report["skipped_technologies"]:
        click.echo("按 --technology 跳过：" + "、".join(report["skipped_technologies"]))


@profile_group.command("template")
@click.option("--technology", "slug", required=True, help="技术标识，如 cardio。")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="写入的工作簿（.xlsx）。",
)
def template_command(slug: str, output: Path) -> None:
    """生成档案填写模板（工作簿：机构、医师两张表及填写说明）。"""
    from rtech.eligibility.template import write_template
    from rtech.host import get_host

    if output.suffix.lower() != ".xlsx":
        raise click.BadParameter(
            "模板为 Excel 工作簿，文件名应以 .xlsx 结尾", param_hint="--output"
        )
    write_template(get_host(), slug, output)
    click.echo(f"已写入 {output}；填写后导入：rtech profile import {output}")
