"""``rtech codes``: the hospital's own code dictionaries (import, list, withdraw, search)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from rtech.cli._actor import actor_option
from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table

__all__ = ["codes_group"]

KINDS = click.Choice(["diagnosis", "procedure"])


@click.group("codes")
def codes_group() -> None:
    """本院编码字典：导入 HIS 导出的诊断或手术/操作编码字典，供录入时检索。

    病例录入检索编码时，先列本技术的常用编码与目录编码，再列本院字典，最后是其他技术的编码。
    """


@codes_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--kind",
    type=KINDS,
    default=None,
    help="字典类别：diagnosis（诊断）或 procedure（手术/操作）；默认按编码形态判断。",
)
@click.option(
    "--version",
    "version",
    default=None,
    help="字典版本（如 HIS 的发布日期 2024-03）；默认为导入序号。",
)
@actor_option
@FORMAT_OPTION("text", "json", default="text")
def import_command(
    file: Path, kind: str | None, version: str | None, user: str | None, fmt: str
) -> None:
    """导入本院编码字典（CSV 或 XLSX，UTF-8 或 GB18030）。

    表头含“编码”“名称”，可含“拼音码”（或“助记码”）“别名”“备注”。逐行校验，有错误则整份不导入并列出行号；导入后即为现行字典（每次导入为一个新版本，记入审计日志）。
    """
    from rtech.codes.dictionary import read_dictionary
    from rtech.codes.model import CodeKind
    from rtech.store import Store
    from rtech.store.dictionaries import DictionaryRow, save_dictionary

    content = read_dictionary(file, CodeKind(kind) if kind else None)
    store = Store.open()
    try:
        with store.write() as session:
            info = save_dictionary(
                session,
                content.kind.value,
                [DictionaryRow(e.code, e.name, e.aliases, e.remark) for e in content.entries],
                version=version,
                source_name=file.name,
                source_sha256=content.sha256,
                actor=store.actor,
            )
    finally:
        store.dispose()
    data = {
        "kind": info.kind,
        "version": info.version,
        "number": info.number,
        "entries": info.size,
        "rows": content.rows,
        "synonyms": content.synonyms,
        "source": file.name,
        "sha256": content.sha256,
    }
    if fmt == "json":
        echo_json(data)
        return
    click.echo(
        f"已导入本院{info.kind_label}字典 {info.version}：{info.size} 个编码"
        f"（文件 {file.name}，{content.rows} 行）。"
    )
    if content.synonyms:
        click.echo(f"其中 {content.synonyms} 行与前面的编码重复，其名称作为别名，可用于检索。")


def _listing() -> list[dict[str, Any]]:
    from rtech.store import Store
    from rtech.store.dictionaries import in_force, list_dictionaries

    store = Store.open()
    try:
        with store.read() as session:
            current = {i.id for i in in_force(session)}
            return [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "kind_label": i.kind_label,
                    "number": i.number,
                    "version": i.version,
                    "source": i.source_name,
                    "sha256": i.source_sha256,
                    "entries": i.size,
                    "imported_by": i.imported_by,
                    "imported_at": i.imported_at.isoformat() if i.imported_at else None,
                    "withdrawn": i.withdrawn,
                    "in_force": i.id in current,
                }
                for i in list_dictionaries(session)
            ]
    finally:
        store.dispose()


@codes_group.command("list")
@FORMAT_OPTION()
def list_command(fmt: str) -> None:
    """列出已导入的本院编码字典（现行、已被替换、已撤销）。"""
    data = _listing()
    if fmt == "json":
        echo_json(data)
        return
    if not data:
        click.echo("尚未导入本院编码字典（rtech codes import 文件）。")
        return

    def state(entry: dict[str, Any]) -> str:
        if entry["in_force"]:
            return "现行"
        return "已撤销" if entry["withdrawn"] else "已被替换"

    echo_table(
        ("类别", "版本", "编码数", "文件", "导入人", "导入时间", "状态"),
        [
            (
                d["kind_label"],
                d["version"],
                d["entries"],
                d["source"],
                d["imported_by"],
                (d["imported_at"] or "")[:16].replace("T", " "),
                state(d),
            )
            for d in data
        ],
        title="本院编码字典",
    )


@codes_group.command("withdraw")
@click.option("--kind", type=KINDS, required=True, help="撤销哪一类字典。")
@click.option("--version", "version", default=None, help="撤销指定版本；默认撤销现行字典。")
@actor_option
def withdraw_command(kind: str, version: str | None, user: str | None) -> None:
    """撤销一份本院编码字典（现行的或指定版本）；之前导入的一份（如有）恢复为现行。"""
    from rtech.store import Store
    from rtech.store.dictionaries import in_force, withdraw_dictionary

    store = Store.open()
    try:
        with store.write() as session:
            info = withdraw_dictionary(session, kind, version, actor=store.actor)
            now = next((i for i in in_force(session) if i.kind == kind), None)
    finally:
        store.dispose()
    after = f"现行：{now.version}" if now else f"现无生效中的{info.kind_label}字典"
    click.echo(f"已撤销本院{info.kind_label}字典 {info.version}；{after}。")


@codes_group.command("search")
@click.argument("query")
@click.option("--technology", "slug", default=None, help="按该技术的病例检索（先列本技术的编码）。")
@click.option("--kind", type=KINDS, default=None, help="只查诊断或手术/操作。")
@click.option(
    "--limit", type=click.IntRange(1, 200), default=8, show_default=True, help="最多列出几条。"
)
@FORMAT_OPTION()
def search_command(query: str, slug: str | None, kind: str | None, limit: int, fmt: str) -> None:
    """检索编码（编码、名称、拼音首字母或助记码），与病例录入时的候选一致。"""
    from rtech.codes.model import CodeKind
    from rtech.host import get_host
    from rtech.intake.codeindex import lookup
    from rtech.store import Store

    host = get_host()
    if slug:
        host.technology(slug)
    store = Store.open()
    try:
        found = lookup(
            host,
            store,
            query,
            technology=slug,
            kind=CodeKind(kind) if kind else None,
            limit=limit,
        )
    finally:
        store.dispose()
    data: list[dict[str, Any]] = [
        {
            "code": m.item.code,
            "name": m.item.name,
            "label": m.item.label,
            "kind": m.item.kind.value,
            "source": source,
            "lists": list(m.item.sets),
        }
        for m, source in found
    ]
    if fmt == "json":
        echo_json(data)
        return
    if not data:
        click.echo(f"没有与“{query}”相符的编码。")
        return
    echo_table(
        ("编码", "名称", "类别", "来源"),
        [(m.item.code, m.item.name, m.item.kind.label, source) for m, source in found],
    )
