"""``rtech screen``: find restricted-technology cases in discharge-record files."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from rtech.catalog import EDITIONS

__all__ = ["screen_command"]


@click.command("screen")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--edition", type=click.Choice(EDITIONS), help="按此版本筛查所有记录。")
@click.option(
    "--effective",
    multiple=True,
    metavar="版本=日期",
    help="各版本的生效日期（如 2022=2022-09-01），未指定 --edition 时按出院日期选择版本；"
    "默认取 rtech rules effective 的设置，未设置的版本取默认值（当年 1 月 1 日）。",
)
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), help="输出文件（默认：标准输出）。"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "xlsx"]),
    help="输出格式（默认 jsonl；--out 以 .csv/.xlsx 结尾时取其格式）。",
)
@click.option("--encoding", help="输入文件的编码（默认自动识别 UTF-8、UTF-8 BOM、GB18030/GBK）。")
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="列映射文件（TOML），覆盖自动识别的列布局。",
)
@click.option(
    "--reconcile", is_flag=True, help="只输出数据库中没有已上报病例的匹配（已开展未上报）。"
)
@click.option(
    "--thorough",
    is_flag=True,
    help="逐条解析全部记录，统计所有不规范的编码单元格（较慢；匹配结果与默认方式相同）。",
)
@click.option(
    "--jobs",
    "-j",
    "--workers",
    "workers",
    type=click.IntRange(1, 64),
    help="并行进程数（默认：可用的 CPU 核数）；--workers 同义。",
)
@click.option(
    "--summary-json",
    type=click.Path(path_type=Path, dir_okay=False),
    help="另将汇总以 JSON 写入此文件。",
)
@click.option("--quiet", is_flag=True, help="不在标准错误上打印汇总。")
@click.option(
    "--database",
    metavar="URL",
    help="在数据库中筛查表 --table，而不是文件：postgresql://用户@主机/库名，"
    "或 DuckDB 文件 duckdb:路径（需 rtech[duckdb]）。",
)
@click.option("--table", help="与 --database 同用：要筛查的表（可带模式名，如 public.病案首页）。")
def screen_command(
    files: tuple[Path, ...],
    edition: str | None,
    effective: tuple[str, ...],
    out: Path | None,
    fmt: str | None,
    encoding: str | None,
    mapping: Path | None,
    reconcile: bool,
    thorough: bool,
    workers: int | None,
    summary_json: Path | None,
    quiet: bool,
    database: str | None,
    table: str | None,
) -> None:
    """在住院病案首页导出文件（CSV/XLSX）中筛查限制类技术病例。

    每个（病案，技术）匹配输出一行：record_id、technology、catalog_no、edition、
    rule、matched_codes、needs_review、review_reasons。未匹配任何技术的记录不输出。
    列布局（宽表：病案号、出院日期、诊断编码列、手术操作编码列，含 HQMS/绩效考核
    字段代码 C03C、C06x01C…、C14x01C、C35x01C…；或长表：病案号、编码类型、编码）
    从表头自动识别，可用 --mapping 覆盖。映射文件示例：

    \b
        layout = "wide"
        record_id = "病案号"
        discharge_date = "出院日期"
        diagnoses = ["主要诊断编码", "其他诊断编码*"]
        procedures = ["主要手术操作编码", "其他手术操作编码*"]

    也可直接筛查数据库中的表（在数据库中执行 rtech rules export 的 SQL，输出与汇总同上）：

    \b
        rtech screen --database postgresql://用户@主机/库名 --table 病案首页 \\
            [--mapping 映射.toml]
        rtech screen --database duckdb:/data/病案.duckdb --table 病案首页
    """
    from rtech.editions import check_order, with_defaults
    from rtech.host import get_host
    from rtech.screening.context import read_context
    from rtech.screening.editions import parse_effective
    from rtech.screening.engine import ScreenOptions, screen
    from rtech.screening.output import open_writer

    if (database is None) != (table is None) or bool(files) == (database is not None):
        from rtech.errors import UserError

        raise UserError(
            "请给出要筛查的文件，或同时给出 --database 与 --table（二者只取其一）。",
            hint="见 rtech screen --help",
        )
    for target in (out, summary_json):
        if target is not None and not target.parent.is_dir():
            from rtech.errors import UserError

            raise UserError(
                f"无法写入 {target}：目录 {target.parent} 不存在。", hint="请先创建该目录"
            )
    host = get_host()
    imported, configured = read_context(host, effective=edition is None)
    configured.update(parse_effective(effective))
    dates: dict[str, date] = {}
    defaulted: list[str] = []
    if edition is None:
        dates, defaulted = with_defaults(configured)
        check_order(dates)
    filed = None
    if reconcile:
        from rtech.screening.reconcile import filed_keys
        from rtech.store import open_database

        engine = open_database()
        try:
            filed = filed_keys(engine)
        finally:
            engine.dispose()
    options = ScreenOptions(
        edition=edition,
        effective=dates,
        encoding=encoding,
        mapping=mapping,
        thorough=thorough,
        workers=workers,
    )
    writer = open_writer(fmt, out)
    reconciled = {"filed": 0, "unfiled": 0}

    def emit(match: Any) -> None:
        if filed is not None:
            from rtech.screening.reconcile import record_key

            if (record_key(match.record_id), match.technology) in filed:
                reconciled["filed"] += 1
                return
            reconciled["unfiled"] += 1
        writer.write(match)

    progress, stop = _progress(files, quiet)
    completed = False
    try:
        if database is not None and table is not None:
            from rtech.screening.sql.database import connect, screen_database
            from rtech.screening.sql.export import rules_for

            rules = rules_for(host, edition, dates, imported, defaulted)
            connection = connect(database)
            try:
                summary = screen_database(connection, table, mapping, rules, emit)
            finally:
                connection.close()
        else:
            summary = screen(
                list(files),
                options,
                emit,
                host=host,
                imported=imported,
                progress=progress,
                emit_batch=writer.write_batch if filed is None else None,
            )
        completed = True
    finally:
        stop()
        if not completed:
            writer.abort()
    data = summary.to_dict()
    if edition is None:
        data["effective_dates"] = {e: d.isoformat() for e, d in dates.items()}
        data["effective_defaults"] = defaulted
    if filed is not None:
        data["reconcile"] = reconciled
    writer.close(data)
    if summary_json is not None:
        from rtech.atomicfile import write_atomic

        write_atomic(summary_json, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    if not quiet:
        _print_summary(data, host)


def _progress(files: tuple[Path, ...], quiet: bool) -> tuple[Any, Any]:
    """A rich progress bar on stderr for large inputs on a terminal."""
    total = sum(p.stat().st_size for p in files if p.is_file())
    if quiet or total < (32 << 20) or not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from rtech.cli._output import stderr_console

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=stderr_console(),
        transient=True,
    )
    task = bar.add_task("筛查中", total=total)
    bar.start()
    return (lambda n: bar.advance(task, n)), bar.stop


def _print_summary(data: dict[str, Any], host: Any) -> None:
    err = sys.stderr
    records, seconds = int(data["records"]), float(data["seconds"])
    rate = f"，{records / seconds:,.0f} 条/秒" if seconds > 0 and records else ""
    print(
        f"筛查完成：读取记录 {records:,} 条（逐条解析 {data['records_parsed']:,} 条），"
        f"用时 {seconds:.2f} 秒{rate}。",
        file=err,
    )
    for report in data["files"]:
        encoding = f"{report['encoding']}，" if report["encoding"] else ""
        print(f"文件 {report['path']}：{report['format']}，{encoding}{report['layout']}", file=err)
        print(f"  记录 {report['records']:,} 条；方式：{report['method']}", file=err)
        for note in report["notes"]:
            print(f"  注意：{note}", file=err)
    names = {t.slug: t.name for t in host.technologies}
    print(f"版本：{'、'.join(data['editions'])}", file=err)
    if "effective_dates" in data:
        shown = "、".join(
            f"{e} 版 {d} 起" + ("（默认值）" if e in data["effective_defaults"] else "")
            for e, d in data["effective_dates"].items()
        )
        print(f"按出院日期选择版本：{shown}", file=err)
        if data["effective_defaults"]:
            print(
                "  注意：种子文件未给出生效日期，默认值为当年 1 月 1 日；"
                "请用 rtech rules effective 2022=YYYY-MM-DD 设置实际日期，"
                "或用 --edition 指定版本。",
                file=err,
            )
    if not data["matches"]:
        print("匹配：无", file=err)
    for slug, count in data["matches"].items():
        review = data["needs_review"].get(slug, 0)
        extra = f"，其中需人工复核 {review:,} 条" if review else ""
        print(f"匹配：{slug}（{names.get(slug, slug)}）{count:,} 条{extra}", file=err)
    if "reconcile" in data:
        rec = data["reconcile"]
        print(f"核对：已上报 {rec['filed']:,} 条，未上报（已输出）{rec['unfiled']:,} 条", file=err)
    if data["rejected_cells"]:
        partial = any(r["method"].startswith("快速") for r in data["files"])
        scope = (
            "；快速方式只检查含目录编码线索的记录，用 --thorough 检查全部记录" if partial else ""
        )
        print(f"不规范的编码单元格：{data['rejected_cells']:,} 个（未参与匹配{scope}）", file=err)
    for reason, count in data["skipped"].items():
        print(f"跳过：{reason} {count:,} 行", file=err)
    several = len(data["files"]) > 1
    for reason, items in data["examples"].items():
        for item in items:
            where = f"{Path(item['file']).name} " if several and item["file"] else ""
            print(f"  例（{reason}）：{where}第 {item['line']} 行：{item['detail']}", file=err)
    for edition, items in data["not_code_identifiable"].items():
        listed = "、".join(f"{i['catalog_no']} {i['name']}" for i in items)
        print(f"{edition} 版没有编码表，以下技术无法通过编码识别：{listed}", file=err)
