"""``rtech rules``: the code rules that identify each technology's cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from rtech.catalog import EDITIONS
from rtech.cli._actor import actor_option
from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table

__all__ = ["rules_group"]


@click.group("rules")
def rules_group() -> None:
    """编码规则：各技术在住院病案中的识别编码（诊断、手术/操作）与规则。"""


def _rules_data(slug: str | None, edition: str) -> list[dict[str, Any]]:
    from rtech.codes.rules import value_set_to_dict
    from rtech.host import get_host
    from rtech.screening.context import imported_rules
    from rtech.store import open_database

    host = get_host()
    technologies = [host.technology(slug)] if slug else host.technologies
    engine = open_database()
    try:
        imported = imported_rules(engine, host)
    finally:
        engine.dispose()
    result = []
    for technology in technologies:
        number = technology.catalog_no(edition)
        entry: dict[str, Any] = {
            "technology": technology.slug,
            "name": technology.name,
            "edition": edition,
            "catalog_no": number,
        }
        if number is None:
            entry["status"] = "not_in_edition"
            if slug:
                result.append(entry)
            continue
        rules = imported.get((edition, technology.slug)) or host.code_rules(
            technology.slug, edition
        )
        if rules is None:
            entry["status"] = "no_code_rules"
            result.append(entry)
            continue
        entry.update(
            {
                "status": "ok",
                "source": rules.source,
                "citation": str(rules.citation),
                "citation_quote": rules.citation.quote,
                "rule": rules.rule.to_dict(),
                "notes": list(rules.notes),
                "value_sets": [value_set_to_dict(v) for v in rules.value_sets],
                "codes": rules.codes,
            }
        )
        result.append(entry)
    return result


@rules_group.command("show")
@click.argument("slug", required=False)
@click.option("--edition", type=click.Choice(EDITIONS), default="2022", show_default=True)
@FORMAT_OPTION()
def show_command(slug: str | None, edition: str, fmt: str) -> None:
    """显示技术（默认全部）在某版本中的编码表与识别规则。"""
    data = _rules_data(slug, edition)
    if fmt == "json":
        echo_json(
            {
                "edition": edition,
                "codes": sum(e.get("codes", 0) for e in data),
                "technologies": data,
            }
        )
        return
    for entry in data:
        label = f"{entry['catalog_no'] or ''} {entry['name']}（{entry['technology']}）".strip()
        if entry["status"] == "not_in_edition":
            click.echo(f"{label}：不在 {edition} 版目录中。\n")
            continue
        if entry["status"] == "no_code_rules":
            click.echo(
                f"{label}：{edition} 版没有编码表，无法通过编码识别"
                "（管理员可用 rtech rules import 导入）。\n"
            )
            continue
        source = "插件" if entry["source"] == "plugin" else f"导入（{entry['source']}）"
        click.echo(f"{label}：{entry['codes']} 个编码，来源：{source}")
        click.echo(f"规则：{entry['rule']['description']}")
        click.echo(
            f"依据：{entry['citation']}"
            + (f"：{entry['citation_quote']}" if entry["citation_quote"] else "")
        )
        for value_set in entry["value_sets"]:
            rows = [(c["code"], c["name"], c["remark"]) for c in value_set["codes"]]
            rows += [
                (f"{r['start']}-{r['end']}", r["name"] or "范围", "") for r in value_set["ranges"]
            ]
            echo_table(
                ("编码", "名称", "备注"),
                rows,
                title=f"{value_set['title']}（{value_set['citation']}）",
            )
        click.echo("")


def _authorized_store() -> Any:
    """The store, once the logged-in user's right to change the code rules is
    checked (a refusal is audited)."""
    from rtech.auth.roles import Action
    from rtech.store import Store
    from rtech.store.users import require

    store = Store.open()
    try:
        with store.read() as session:
            require(session, Action.RULES, entity="rules")
    except BaseException:
        store.dispose()
        raise
    return store


@rules_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--edition", type=click.Choice(EDITIONS), required=True, help="编码表所属的版本。")
@click.option("--technology", "slug", required=True, help="技术标识（见 rtech plugins）。")
@click.option("--dry-run", is_flag=True, help="只校验，不导入。")
@FORMAT_OPTION("text", "json", default="text")
def import_command(file: Path, edition: str, slug: str, dry_run: bool, fmt: str) -> None:
    """导入某版本、某技术的编码表（CSV/XLSX，列：编码、名称、备注，可选“类别”）。

    每次导入生成一个新版本，并优先于插件自带的编码表用于 rules show 与 screen。
    """
    from rtech.codes.imported import read_table, rules_from_table
    from rtech.errors import UserError
    from rtech.host import get_host
    from rtech.store.codetables import StoredTable, save_table

    host = get_host()
    technology = host.technology(slug)
    if technology.catalog_no(edition) is None:
        raise UserError(
            f"技术“{slug}”（{technology.name}）不在 {edition} 版目录中，不能为该版本导入编码表。"
        )
    entries, digest = read_table(file)
    store = None if dry_run else _authorized_store()
    user = store.actor if store is not None else "（预览）"
    preview = StoredTable(edition, slug, 0, str(file), digest, user, None, False, tuple(entries))
    rules = rules_from_table(preview, technology)
    version = None
    if store is not None:
        try:
            version = save_table(
                store.engine,
                edition,
                slug,
                entries,
                source_name=file.name,
                source_sha256=digest,
                imported_by=user,
            )
        finally:
            store.dispose()
    data = {
        "technology": slug,
        "edition": edition,
        "version": version,
        "codes": len(entries),
        "rule": rules.rule.to_dict(),
        "sha256": digest,
        "dry_run": dry_run,
    }
    if fmt == "json":
        echo_json(data)
        return
    done = "校验通过（未导入）" if dry_run else f"已导入为第 {version} 版"
    click.echo(f"{edition} 版 {technology.label(edition)} 的编码表 {file.name}：{done}。")
    click.echo(f"编码 {len(entries)} 个；规则：{rules.rule.describe()}")


@rules_group.command("withdraw")
@click.option("--edition", type=click.Choice(EDITIONS), required=True)
@click.option("--technology", "slug", required=True)
def withdraw_command(edition: str, slug: str) -> None:
    """撤销某版本、某技术已导入的编码表（恢复使用插件自带的编码表）。"""
    from rtech.host import get_host
    from rtech.store.codetables import withdraw

    get_host().technology(slug)
    store = _authorized_store()
    try:
        count = withdraw(store.engine, edition, slug)
    finally:
        store.dispose()
    if count:
        click.echo(f"已撤销 {edition} 版 {slug} 的导入编码表。")
    else:
        click.echo(f"{edition} 版 {slug} 没有生效中的导入编码表。")


@rules_group.command("effective")
@click.argument("dates", nargs=-1, metavar="[版本=日期]...")
@actor_option
@FORMAT_OPTION()
def effective_command(dates: tuple[str, ...], user: str | None, fmt: str) -> None:
    """显示或设置各版本的生效日期（screen 未指定 --edition 时按出院日期选择版本）。

    种子文件只写“从公布之日起1月后开始执行”，未给出日期；未设置的版本取默认值
    （当年 1 月 1 日），由管理员设置实际日期，如：
    rtech rules effective 2022=2022-09-01
    与 rtech cases editions --set 为同一设置。
    """
    from rtech.cli.cases import show_or_set_effective
    from rtech.screening.editions import parse_effective

    changes = {e: d.isoformat() for e, d in parse_effective(dates).items()}
    show_or_set_effective(changes, user, fmt)


@rules_group.command("export")
@click.option(
    "--dialect",
    type=click.Choice(["duckdb", "postgres", "spark"]),
    required=True,
    help="目标数据库：duckdb、postgres（PostgreSQL）或 spark（Spark SQL）。",
)
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    help="按此版本筛查所有记录（默认按出院日期选择版本，同 rtech screen）。",
)
@click.option(
    "--effective",
    multiple=True,
    metavar="版本=日期",
    help="各版本的生效日期（如 2022=2022-09-01），覆盖 rtech rules effective 的设置。",
)
@click.option("--table", required=True, help="要筛查的表名（可带模式名，如 public.病案首页）。")
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="列映射文件（TOML，与 rtech screen --mapping 相同）。",
)
@click.option(
    "--columns-from",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="表头与该表相同的 CSV/XLSX 文件（只读第一行）：展开映射中的通配符，"
    "或在没有映射文件时从表头识别列布局。",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="输出的 SQL 文件（默认：标准输出）。",
)
def export_command(
    dialect: str,
    edition: str | None,
    effective: tuple[str, ...],
    table: str,
    mapping: Path | None,
    columns_from: Path | None,
    out: Path | None,
) -> None:
    """把筛查规则导出为在数据库中直接运行的 SQL 脚本（DuckDB、PostgreSQL、Spark）。

    脚本对表 --table 的结果与 rtech screen 对同一数据的结果完全相同：每个（病案，技术）
    匹配一行，列为 record_id、technology、catalog_no、edition、rule、
    matched_codes（文本数组）、needs_review（布尔）、review_reasons（文本数组），
    按 record_id（按码位）、表中行序、目录顺序排序。规则取插件或已导入的编码表
    （rtech rules import），版本按 --edition 或出院日期（生效日期同 rtech screen）。
    编码的规范化（全角转半角、去空白、大小写、占位符、形态学编码、剑号星号）
    全部在 SQL 中完成。例：

    \b
        rtech rules export --dialect postgres --table 病案首页 \\
            --mapping 映射.toml --columns-from 表头.csv -o screen.sql
        psql -d 病案库 -f screen.sql

    在 Spark 中：spark.sql(open("screen.sql").read().rstrip().rstrip(";"))。
    """
    from rtech.host import get_host
    from rtech.screening.sql.export import export_script, layout_from_files, screening_rules

    host = get_host()
    layout = layout_from_files(mapping, columns_from)
    rules = screening_rules(host, edition, effective)
    script = export_script(dialect, table, layout, rules)
    if out is None:
        click.echo(script, nl=False)
        return
    try:
        out.write_text(script, encoding="utf-8")
    except OSError as exc:
        from rtech.errors import UserError

        raise UserError(f"无法写入 {out}：{exc.strerror or exc}") from exc
    technologies = sum(len(t) for t in rules.book.by_edition.values())
    click.echo(
        f"已导出 {dialect} 筛查 SQL 到 {out}：表 {table}，{layout.describe()}；"
        f"{'、'.join(rules.book.by_edition)} 版共 {technologies} 项技术的规则。",
        err=True,
    )
