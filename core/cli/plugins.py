"""``rtech plugins`` and ``rtech plugin new|docs``: the technology plugins."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rtech.catalog import EDITIONS
from rtech.cli._output import FORMAT_OPTION, echo_json, stderr_console

__all__ = ["plugin_group", "plugins_command"]


def plugin_entries() -> list[dict[str, Any]]:
    """One JSON-ready entry per technology, in catalog order."""
    from rtech.host import get_host

    host = get_host()
    entries = []
    for info in host.plugins:
        technology = info.technology
        if technology is None:
            continue
        entries.append(
            {
                "slug": technology.slug,
                "name": technology.name,
                "editions": dict(technology.editions),
                "version": info.version,
                "hooks": list(info.hooks),
                "hooks_by_convention": list(info.by_convention),
                "plugin": info.name,
                "distribution": info.distribution,
                "definitions": dict(technology.definitions),
                "sources": [str(c) for c in technology.sources],
            }
        )
    return entries


@click.command("plugins")
@FORMAT_OPTION()
def plugins_command(fmt: str) -> None:
    """列出已加载的技术插件（每项技术一行）。"""
    from rtech.host import get_host

    entries = plugin_entries()
    if fmt == "json":
        echo_json(entries)
    else:
        _print_plugins([_without_empty_schedule(e) for e in entries])
        if any(e["hooks_by_convention"] for e in entries):
            click.echo("* 由插件包中按约定命名的部分提供（meta、form.schema.json、checks 等）")
        extensions = [
            p.name for p in get_host().plugins if p.technology is None and not p.builtin_conventions
        ]
        if extensions:
            stderr_console().print("扩展插件（不声明技术）：" + "、".join(extensions))
    errors = get_host().load_errors
    for error in errors:
        stderr_console().print(f"[red]{error.message}[/red]")


#: What each hook gives, in a few characters (the plugins table at 80 columns).
HOOK_LABELS = {
    "rtech_technology": "技术信息",
    "rtech_code_rules": "编码规则",
    "rtech_code_lists": "编码表",
    "rtech_curated_codes": "常用编码",
    "rtech_case_form": "病例表单",
    "rtech_profile_form": "档案表单",
    "rtech_eligibility_checks": "资质核查",
    "rtech_indicators": "质控指标",
    "rtech_derived_scores": "派生评分",
    "rtech_followup_schedule": "随访计划",
    "rtech_demo": "演示数据",
    "rtech_filing_sections": "文书附加内容",
    "rtech_case_submitted": "提交后处理",
}


def _without_empty_schedule(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry without ``rtech_followup_schedule`` when it gives no schedule.

    A package with a ``checks`` module is taken to supply the hook by its name
    alone (the norm may plan a visit), yet a norm planning none answers nothing:
    the table would show 随访计划 for a technology without one (tbi, skin_allograft).
    """
    from rtech.host import get_host

    hook = "rtech_followup_schedule"
    if hook not in entry["hooks"]:
        return entry
    try:
        schedule = get_host().followup_schedule(entry["slug"])
    except Exception:  # noqa: BLE001 - a broken plugin keeps its row; its errors show below
        return entry
    if schedule is not None:
        return entry
    return {**entry, "hooks": [h for h in entry["hooks"] if h != hook]}


def _print_plugins(entries: list[dict[str, Any]]) -> None:
    """One row per technology; slugs and editions never break, what the plugin
    provides is named in Chinese (``--format json`` lists the hook names)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"限制类技术插件（{len(entries)} 项）", header_style="bold")
    table.add_column("标识（版本）", no_wrap=True)
    table.add_column("技术名称", overflow="fold", min_width=8)
    table.add_column("目录编号", no_wrap=True)
    table.add_column("提供", overflow="fold", ratio=1)
    for e in entries:
        provided = " ".join(  # spaces: a label never breaks across lines
            HOOK_LABELS.get(h, h.removeprefix("rtech_"))
            + ("*" if h in e["hooks_by_convention"] else "")
            for h in e["hooks"]
            if h != "rtech_technology"  # every plugin declares its technology
        )
        table.add_row(
            f"{e['slug']}\n[dim]{e['version']}[/dim]",
            e["name"],
            "\n".join(f"{ed} {no}" for ed, no in e["editions"].items()) or "—",
            provided,
        )
    Console().print(table)


@click.group("plugin")
def plugin_group() -> None:
    """插件开发：新建插件骨架、生成钩子参考文档。"""


@plugin_group.command("new")
@click.argument("slug")
@click.option("--name", required=True, help="技术的中文名称。")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="在此目录下创建插件包。",
)
@click.option("--edition", type=click.Choice(EDITIONS), default=None, help="所属目录版本。")
@click.option("--catalog-no", default=None, help="在该版本中的编号，如 S14。")
@click.option("--definition", default="", help="技术定义（引自规范原文）。")
def plugin_new_command(
    slug: str,
    name: str,
    directory: Path,
    edition: str | None,
    catalog_no: str | None,
    definition: str,
) -> None:
    """新建一个可安装的技术插件包（含入口点与测试）。"""
    from rtech.scaffold import scaffold_plugin

    root = scaffold_plugin(
        slug,
        name,
        directory,
        edition=edition,
        catalog_no=catalog_no,
        definition=definition,
    )
    click.echo(f"已创建插件包：{root}")
    click.echo(f"安装：pip install -e {root}    检查：rtech plugins")


@plugin_group.command("docs")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="写入文件（默认输出到标准输出）。",
)
@click.option(
    "--check", is_flag=True, help="只检查文件是否与钩子定义一致，不一致时以非零状态退出。"
)
def plugin_docs_command(output: Path | None, check: bool) -> None:
    """由钩子定义生成插件作者参考文档（Markdown）。"""
    from rtech.hookdoc import render_hook_reference

    text = render_hook_reference()
    if check:
        if output is None:
            raise click.UsageError("--check 需要 -o 指定文件")
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            click.echo(
                f"{output} 与钩子定义不一致，请运行：rtech plugin docs -o {output}", err=True
            )
            sys.exit(1)
        click.echo(f"{output} 与钩子定义一致。")
        return
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"已写入 {output}")
