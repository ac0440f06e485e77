"""``rtech file case|registration|report``: render (and sign) the filings.

Until the case store, the eligibility engine and the indicator engine feed the
documents directly, each command takes ``--data FILE.json`` in the shape of
``docs/filing/data-format.md``: one document (an object) or a batch (a list, or
``{"documents": [...]}``), rendered with a progress bar into a directory.
``rtech file extract`` reads that data back out of a filing.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, TypeVar

import click

from rtech.atomicfile import write_atomic
from rtech.catalog import EDITIONS
from rtech.cli._actor import actor_option
from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table, stderr_console
from rtech.cli.sign import passphrase_option, read_passphrase
from rtech.errors import UserError

__all__ = ["file_group"]

F = TypeVar("F", bound=Callable[..., Any])

_KINDS = {"case": "病例信息上报表", "registration": "技术备案自评表", "report": "质量控制指标报告"}


def _output_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Path | None:
    """``-o``: a path ending in a separator is a directory even before it exists."""
    if value is None:
        return None
    path = Path(value)
    if value.endswith(("/", os.sep)) and not path.is_dir():
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"无法创建输出目录 {path}：{exc.strerror}") from exc
    return path


def _document_options(function: F) -> F:
    decorators = [
        click.option(
            "--data",
            "data_file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            default=None,
            help="不从数据库取数，改用文书数据文件（JSON：一份为对象，批量为列表；"
            "格式见 docs/filing/data-format.md）。",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(),
            callback=_output_option,
            default=None,
            help="输出文件；批量时为输出目录（默认当前目录，文件名为文书编号）；"
            "以 / 结尾时总是目录。",
        ),
        click.option("--sign", "do_sign", is_flag=True, help="生成后立即签名（需要口令）。"),
        click.option(
            "--meaning",
            type=click.Choice(["填报", "审核", "批准"]),
            default="审核",
            show_default=True,
            help="签名含义（签在对应的签章区）。",
        ),
        click.option("--pdfa", is_flag=True, help="生成 PDF/A-3b 归档格式。"),
        click.option("--tsa-url", default=None, help="时间戳服务器（PAdES B-T）；默认用已配置的。"),
        click.option(
            "--jobs",
            type=click.IntRange(1, 32),
            default=1,
            show_default=True,
            help="批量时并行的进程数（每个进程各自载入字体与密钥）。",
        ),
        passphrase_option,
        actor_option,
        FORMAT_OPTION(),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


@click.group("file")
def file_group() -> None:
    """生成报送卫生健康行政部门的 PDF 文书（可签名）。

    病例信息上报表、技术备案自评表、质量控制指标报告。
    """


_INSTITUTION_OPTION = click.option(
    "--institution",
    "institution_code",
    default=None,
    help="机构代码（登记了多个机构时必填）。",
)
_EDITION_OPTION = click.option(
    "--edition", type=click.Choice(EDITIONS), default=None, help="目录版本（默认为最新版）。"
)


@file_group.command("case")
@click.argument("case_ids", nargs=-1, type=int)
@_document_options
def case_command(case_ids: tuple[int, ...], **options: Any) -> None:
    """生成病例信息上报表（病例、编码、术者与决策医师、器材条形码、表单全部答案、核查结果）。

    给出一个或多个病例编号时从数据库取当前提交版本；签名后病例即锁定，
    再修改会生成新的修订版本并使原签名作废（均记入审计日志）。
    """
    if case_ids and options["data_file"] is not None:
        raise click.UsageError("病例编号与 --data 只能二选一。")
    if options["data_file"] is not None:
        _run("case", _load(options["data_file"], "case"), **options)
        return
    if not case_ids:
        raise click.UsageError("请给出病例编号（可多个），或用 --data 指定数据文件。")
    from rtech.filing.documents import document_to_json
    from rtech.filing_sources import authorize_signing, load_case_documents, record_signatures

    store, host = _store_and_host()
    if options["do_sign"]:
        from rtech.filing_sources import make_checkpoint

        authorize_signing(store, case_ids, options["meaning"])
        passphrase = read_passphrase(options["passphrase_file"])
        # As the TUI does (file_cases): the batch anchors the audit log, and its
        # filings carry that checkpoint.
        make_checkpoint(store, passphrase, actor=store.actor, standalone=False)
        options["passphrase"] = passphrase
    built = load_case_documents(store, host, case_ids)
    items = [(document_to_json(d), f"病例 {d.case_id}", d) for d, _ in built]

    def record(results: list[Any]) -> None:
        record_signatures(store, built, results, meaning=options["meaning"], actor=store.actor)

    _run("case", items, record=record if options["do_sign"] else None, **options)
    if options["do_sign"]:
        click.echo(f"已签名并锁定病例：{'、'.join(d.case_id for d, _ in built)}", err=True)


@file_group.command("registration")
@click.option("--technology", "slug", default=None, help="技术标识，如 cardio。")
@_INSTITUTION_OPTION
@_EDITION_OPTION
@_document_options
def registration_command(
    slug: str | None, institution_code: str | None, edition: str | None, **options: Any
) -> None:
    """生成技术备案自评表（管理规范的机构与人员要求逐项自评、拟开展技术的医师）。

    用 --technology 从数据库中的机构与医师档案自评；或用 --data 指定数据文件。
    """
    if options["data_file"] is not None:
        _run("registration", _load(options["data_file"], "registration"), **options)
        return
    if not slug:
        raise click.UsageError("请用 --technology 指定技术，或用 --data 指定数据文件。")
    from rtech.filing.documents import document_to_json
    from rtech.filing_sources import registration_document
    from rtech.intake.cases import resolve_institution

    store, host = _store_and_host()
    institution_id = resolve_institution(store, institution_code)
    with store.read() as session:
        document = registration_document(session, host, slug, institution_id, edition=edition)
    _run(
        "registration",
        [(document_to_json(document), "自评", document)],
        record=_document_recorder(store, document, institution_id, options),
        **options,
    )


@file_group.command("report")
@click.option("--technology", "slug", default=None, help="技术标识，如 cardio。")
@click.option(
    "--period", default=None, help="统计期：2023-03、2023Q1、2023 或 2023-01-01..2023-06-30。"
)
@_INSTITUTION_OPTION
@_EDITION_OPTION
@_document_options
def report_command(
    slug: str | None,
    period: str | None,
    institution_code: str | None,
    edition: str | None,
    **options: Any,
) -> None:
    """生成质量控制指标报告（各指标的分子、分母、结果、阈值判定与趋势图，病例数）。

    用 --technology 与 --period 从数据库中的病例计算；或用 --data 指定数据文件。
    """
    if options["data_file"] is not None:
        _run("report", _load(options["data_file"], "report"), **options)
        return
    if not slug or not period:
        raise click.UsageError(
            "请用 --technology 与 --period 指定技术与统计期，或用 --data 指定数据文件。"
        )
    from rtech.filing.documents import document_to_json
    from rtech.filing_sources import report_document
    from rtech.intake.cases import resolve_institution

    store, host = _store_and_host()
    institution_id = resolve_institution(store, institution_code)
    with store.read() as session:
        document = report_document(
            session, host, slug, period, institution_id=institution_id, edition=edition
        )
    _run(
        "report",
        [(document_to_json(document), "质控报告", document)],
        record=_document_recorder(store, document, institution_id, options),
        **options,
    )


def _document_recorder(
    store: Any, document: Any, institution_id: int, options: dict[str, Any]
) -> Callable[[list[Any]], None] | None:
    """With ``--sign``: the user's meaning, own key and institution (audited
    refusals), now; and what records the signed filing before it takes its name."""
    if not options["do_sign"]:
        return None
    from rtech.filing_sources import authorize_document_signing, record_document_signatures

    authorize_document_signing(store, institution_id, options["meaning"])

    def record(results: list[Any]) -> None:
        record_document_signatures(
            store,
            [document],
            results,
            institution_id=institution_id,
            meaning=options["meaning"],
            actor=store.actor,
        )

    return record


def _authorize_data(loaded: list[tuple[dict[str, Any], str, Any]], meaning: str) -> None:
    """Signing documents of a data file: each names its institution, which must be
    the key holder's (an unregistered code counts as another institution)."""
    from rtech.filing import keys
    from rtech.store import Store
    from rtech.store.registry import list_institutions
    from rtech.store.users import authorize_key

    info = keys.signer_info()
    store = Store.open()
    try:
        with store.read() as session:
            codes = {i.code: i.id for i in list_institutions(session)}
            for _, where, document in loaded:
                code = getattr(getattr(document, "institution", None), "code", None)
                authorize_key(
                    session,
                    info.fingerprint if info else None,
                    meaning,
                    codes.get(code or "", -1),
                    entity="filing",
                    entity_id=str(getattr(document, "document_no", where))[:50],
                )
    finally:
        store.dispose()


def _store_and_host() -> tuple[Any, Any]:
    from rtech.host import get_host
    from rtech.store import Store

    return Store.open(), get_host()


@file_group.command("extract")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="写入 JSON 文件（默认输出到标准输出）。",
)
def extract_command(pdf: Path, output: Path | None) -> None:
    """取出文书 PDF 附带的数据（JSON），可再用 --data 重新生成或导入其他系统。"""
    from rtech.filing.extract import read_document_data
    from rtech.filing.verify import check_untampered, read_file

    content = read_file(pdf)
    signed = check_untampered(content, name=str(pdf), action="取出其中的数据")
    data = read_document_data(content)
    if not signed:
        click.echo(f"注意：{pdf} 未签名，无法确认其中的数据未被改动。", err=True)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"已写入 {output}")


def _load(path: Path, kind: str) -> list[tuple[dict[str, Any], str, Any]]:
    """``(JSON, where, document)`` for each document of a data file, checked."""
    from rtech.filing.documents import document_from_json

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise UserError(f"数据文件 {path} 不是 UTF-8 编码。") from exc
    except ValueError as exc:
        raise UserError(f"数据文件 {path} 不是有效的 JSON：{exc}") from exc
    except OSError as exc:
        raise UserError(f"无法读取数据文件 {path}：{exc.strerror}") from exc
    if isinstance(raw, dict) and isinstance(raw.get("documents"), list):
        raw = raw["documents"]
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise UserError(f"数据文件 {path} 中没有文书。")
    loaded = []
    for index, item in enumerate(items, 1):
        where = path.name if len(items) == 1 else f"{path.name} 第 {index} 项"
        if isinstance(item, dict) and item.get("document") not in (None, kind):
            raise UserError(
                f"{where} 是“{_KINDS.get(str(item.get('document')), item.get('document'))}”的数据，"
                f"不能用于生成{_KINDS[kind]}（请用 rtech file {item.get('document')}）。"
            )
        if isinstance(item, dict) and "document" not in item:
            item = {**item, "document": kind}
        loaded.append((item, where, document_from_json(item, where=where)))
    numbers = [document.document_no for _, _, document in loaded]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise UserError(f"数据文件中有重复的文书编号：{'、'.join(duplicates)}。")
    return loaded


def _audit_data_file_signatures(
    kind: str,
    data_file: Path,
    results: list[Any],
    user: str | None,
    loaded: list[tuple[dict[str, Any], str, Any]],
) -> None:
    """Record in the audit log each filing signed from a data file (not from a case).

    The data did not come from the database, so no case records the signature:
    the log keeps who signed what (the PDF's SHA-256) and from which file, and
    the filings received list it under its institution. The PDFs take their
    names once the entries are committed.
    """
    import hashlib

    from rtech.filing_sources import record_from_data
    from rtech.store import Store, audit

    store = Store.open()
    actor = store.actor
    try:
        with store.write() as session:
            for (data, _where, _document), result in zip(loaded, results, strict=True):
                if not result.signed:
                    continue
                digest = hashlib.sha256(Path(result.staged or result.file).read_bytes()).hexdigest()
                record_from_data(
                    session,
                    data,
                    document_sha256=digest,
                    file=Path(result.file),
                    signer=result.signer or actor,
                    meaning=result.meaning or "",
                    actor=actor,
                )
                audit.append(
                    session,
                    actor=actor,
                    action="filing.sign_data",
                    entity="filing",
                    entity_id=str(result.document_no)[:50],
                    payload={
                        "kind": kind,
                        "document_no": result.document_no,
                        "data_file": data_file.name,
                        "file": result.file,
                        "pdf_sha256": digest,
                        "meaning": result.meaning,
                        "signer": result.signer,
                    },
                )
    finally:
        store.dispose()
    _publish(results)


def _publish(results: list[Any]) -> None:
    from rtech.atomicfile import publish

    for result in results:
        # record_signatures has already published the case filings it recorded
        if result.staged and Path(result.staged).exists():
            publish(Path(result.staged), Path(result.file))


def _discard(results: list[Any]) -> None:
    from rtech.atomicfile import discard

    for result in results:
        if result.staged:
            discard(Path(result.staged))


def _run(
    kind: str,
    loaded: list[tuple[dict[str, Any], str, Any]],
    *,
    data_file: Path | None,
    output: Path | None,
    do_sign: bool,
    meaning: str,
    pdfa: bool,
    tsa_url: str | None,
    passphrase_file: Path | None,
    jobs: int,
    fmt: str,
    user: str | None,
    record: Callable[[list[Any]], None] | None = None,
    passphrase: str | None = None,
) -> list[Any]:
    """Render (and sign) ``(JSON, where, document)`` items; print what was written.

    Signed filings stay in temporary files until ``record`` (the case
    signatures) or the audit of a data file's signatures is committed; then they
    take their names. A failure in between discards them.
    """
    from rtech.filing.batch import BatchResult, SignOptions, output_paths, render_batch
    from rtech.filing.fonts import resolve_fonts

    targets = output_paths([document.document_no for _, _, document in loaded], output)
    resolve_fonts()  # a missing font is reported before any work starts
    sign = None
    if do_sign and data_file is not None:
        _authorize_data(loaded, meaning)
    if do_sign:
        from rtech.filing import keys

        if passphrase is None:
            passphrase = read_passphrase(passphrase_file)
        keys.load_signer(passphrase)  # a wrong passphrase fails here, not in a worker
        sign = SignOptions(passphrase, meaning, tsa_url)
    items = [
        (data, where, target) for (data, where, _), target in zip(loaded, targets, strict=True)
    ]

    if len(items) == 1:
        results = render_batch(items, sign=sign, pdfa=pdfa, hold_signed=sign is not None)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        label = f"生成{_KINDS[kind]}" + ("并签名" if sign else "")
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=stderr_console(),
        ) as progress:
            task = progress.add_task(label, total=len(items))

            def advance(_result: BatchResult) -> None:
                progress.advance(task)

            results = render_batch(
                items, sign=sign, pdfa=pdfa, jobs=jobs, done=advance, hold_signed=sign is not None
            )

    try:
        if sign is not None and data_file is not None:
            _audit_data_file_signatures(kind, data_file, results, user, loaded)
        elif record is not None:
            record(results)
        _publish(results)  # signed, nothing to record (registration, report)
    finally:
        _discard(results)
    results = [replace(r, staged=None) for r in results]
    if fmt == "json":
        echo_json([asdict(r) for r in results])
        return results
    if len(results) == 1:
        r = results[0]
        state = f"已签名：{r.meaning}，{r.signer}" if r.signed else "未签名"
        click.echo(f"已生成{_KINDS[kind]}：{r.file}（{r.pages} 页，{state}）")
        return results
    echo_table(
        ["文书编号", "文件", "页数", "签名"],
        ([r.document_no, r.file, r.pages, r.meaning or "未签名"] for r in results),
        title=f"已生成{_KINDS[kind]} {len(results)} 份",
    )
    return results


#: Rows a table shows without --limit or --all (the first page), as ``cases list``.
RECEIVED_PAGE = 50

_RECEIVED_COLUMNS = (
    "机构",
    "技术",
    "文书",
    "修订",
    "签名人",
    "含义",
    "签名时间",
    "文书 SHA-256",
    "作废",
)


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise click.BadParameter(f"“{value}”不是日期（应为 YYYY-MM-DD，如 2024-03-31）") from exc


def _day_option(name: str, text: str) -> Callable[[F], F]:
    return click.option(name, callback=_day, default=None, metavar="日期", help=text)


@file_group.command("received")
@click.option("--institution", "institution_code", default=None, help="只列出该机构（代码）的。")
@click.option("--technology", "-t", "slug", default=None, help="只列出该技术的，如 cardio。")
@_day_option("--since", "只列出该日（含，本机构时区）及以后签名的：2024-01-31。")
@_day_option("--until", "只列出该日（含，本机构时区）及以前签名的：2024-03-31。")
@click.option(
    "--meaning",
    type=click.Choice(["填报", "审核", "批准"]),
    default=None,
    help="只列出该签名含义的。",
)
@click.option("--include-voided", is_flag=True, help="也列出已作废的签名（病例修订后作废）。")
@click.option(
    "--verify",
    "do_verify",
    is_flag=True,
    help="文件仍在签名时的位置时，核对其哈希值与数字签名（本机构根证书受信任）。",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help=f"最多列出多少份（最新的在前）；表格默认每页 {RECEIVED_PAGE} 份，json 默认全部。",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="跳过最新的多少份（翻页）。",
)
@click.option("--all", "show_all", is_flag=True, help="表格也列出全部。")
@FORMAT_OPTION()
def received_command(
    institution_code: str | None,
    slug: str | None,
    since: Any,
    until: Any,
    meaning: str | None,
    include_voided: bool,
    do_verify: bool,
    limit: int | None,
    offset: int,
    show_all: bool,
    fmt: str,
) -> None:
    """列出收到的报送文书：已签名的病例信息上报表、技术备案自评表与质量控制指标报告
    （最新的在前）。省级审核人员看到全部机构的，医务/质控管理与机构管理员看到本机构的。"""
    from rtech.localtime import institution_zone
    from rtech.store import Store
    from rtech.store.filings import ReceivedFilter, count_received, list_received
    from rtech.store.registry import find_institution

    if limit is not None and show_all:
        raise UserError("--limit 与 --all 不能同时使用。")
    if slug:
        from rtech.host import get_host

        get_host().technology(slug)  # an unknown technology is named, with the known ones
    store = Store.open()
    try:
        with store.read() as session:
            institution_id = (
                find_institution(session, institution_code).id if institution_code else None
            )
            wanted = ReceivedFilter(
                institution_id=institution_id,
                technology=slug,
                since=since,
                until=until,
                meaning=meaning,
                include_voided=include_voided,
                zone=institution_zone(),
            )
            page = None if (show_all or fmt == "json") else (limit or RECEIVED_PAGE)
            if fmt == "json" and limit is not None:
                page = limit
            total = count_received(session, wanted)
            rows = list_received(session, wanted, limit=page, offset=offset)
    finally:
        store.dispose()
    checks = _checks(rows) if do_verify else None
    if fmt == "json":
        echo_json(
            [
                {**row.to_json(), **({"verification": check.to_json()} if check else {})}
                for row, check in zip(rows, checks or [None] * len(rows), strict=True)
            ]
        )
        return
    if not rows:
        click.echo("没有符合条件的已签名文书。" if total == 0 else f"共 {total} 份，本页没有。")
        return
    columns = list(_RECEIVED_COLUMNS) + (["核对"] if checks is not None else [])
    echo_table(
        columns,
        (
            _received_cells(row) + ([check.text] if check is not None else [])
            for row, check in zip(rows, checks or [None] * len(rows), strict=True)
        ),
        title=f"收到的报送文书（共 {total} 份，第 {offset + 1}～{offset + len(rows)} 份）",
    )
    end = offset + len(rows)
    if end < total:
        click.echo(
            f"还有 {total - end} 份未列出。下一页：rtech file received --offset {end}"
            "（--limit N 改每页份数，--all 列出全部，--format json 输出全部）。"
        )
    if checks is not None and not all(c.ok for c in checks):
        sys.exit(1)


def _checks(rows: list[Any]) -> list[Any]:
    import logging

    from rtech.filing_sources import check_received

    # pyHanko logs a failed difference analysis as an error; the column says it in Chinese.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    return [check_received(row) for row in rows]


def _received_cells(row: Any) -> list[str]:
    from rtech.localtime import local_text

    subject = row.subject + (f"（{row.document_no}）" if row.document_no else "")
    voided = ""
    if row.voided_at is not None:
        voided = f"{local_text(row.voided_at)}：{row.void_reason or ''}"
    return [
        f"{row.institution}（{row.institution_code}）",
        row.technology,
        subject,
        "" if row.revision is None else str(row.revision),
        row.signer,
        row.meaning,
        local_text(row.signed_at),
        row.document_sha256,
        voided,
    ]
