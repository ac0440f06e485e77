"""``rtech sign …``: the institution's signing key, and signing a PDF filing."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, TypeVar

import click

from rtech.atomicfile import write_atomic
from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table
from rtech.errors import UserError

__all__ = ["PASSPHRASE_ENV", "passphrase_option", "read_passphrase", "sign_group"]

#: Environment variable holding the key's passphrase (scripts, CI).
PASSPHRASE_ENV: Final = "RTECH_SIGN_PASSPHRASE"

F = TypeVar("F", bound=Callable[..., Any])


def passphrase_option(function: F) -> F:
    option: Callable[[F], F] = click.option(
        "--passphrase-file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help=f"从文件第一行读取口令（脚本用）；也可用环境变量 {PASSPHRASE_ENV}。默认交互输入。",
    )
    return option(function)


def read_passphrase(
    path: Path | None, *, confirm: bool = False, prompt: str = "", minimum: int = 0
) -> str:
    """The passphrase: from ``path``, else the environment, else a hidden prompt.

    A typed passphrase shorter than ``minimum`` is refused at once, before it is
    asked a second time for confirmation.
    """
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"无法读取口令文件 {path}：{exc}") from exc
        if not lines or not lines[0]:
            raise UserError(f"口令文件 {path} 的第一行为空。")
        return lines[0]
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        raise UserError(
            "需要签名密钥的口令。",
            hint=f"请用 --passphrase-file 文件 或环境变量 {PASSPHRASE_ENV} 提供口令。",
        )

    def long_enough(typed: str) -> str:
        if len(typed) < minimum:
            raise click.UsageError(f"口令至少需要 {minimum} 个字符，请重新输入。")
        return typed

    value: str = click.prompt(
        prompt or "签名密钥口令",
        hide_input=True,
        confirmation_prompt="再次输入口令" if confirm else False,
        err=True,
        value_proc=long_enough,
    )
    return value


@click.group("sign")
def sign_group() -> None:
    """电子签名：机构签名密钥的生成、导入与查看，以及签署 PDF 文书。"""


_BIND_OPTION = click.option(
    "--bind-institution",
    "bind_code",
    default=None,
    help="密钥绑定的医疗机构代码（默认：本人唯一的机构，或唯一登记的机构）。",
)


@contextmanager
def _binding(bind_code: str | None) -> Iterator[Callable[[str], None]]:
    """Check the right to hold a signing key for the institution before the key is
    made; the yielded function binds the new certificate to the user and institution."""
    from rtech.auth.roles import Action
    from rtech.store import Store
    from rtech.store.users import bind_signing_key, require, signing_institution

    store = Store.open()
    try:
        with store.read() as session:
            institution_id = signing_institution(session, bind_code)
            require(session, Action.SIGNING_KEY, institution_id=institution_id)

        def bind(fingerprint: str) -> None:
            if institution_id is None:
                return
            with store.write() as session:
                bind_signing_key(session, fingerprint, institution_id)

        yield bind
    finally:
        store.dispose()


@sign_group.command("keygen")
@click.option("--institution", required=True, help="医疗机构名称（写入证书）。")
@click.option("--name", "printed_name", required=True, help="签署人姓名，显示在签章上。")
@click.option("--code", default="", help="机构代码（统一社会信用代码），写入证书。")
@click.option("--title", default="", help="签署人职务，如 医务部主任。")
@click.option(
    "--years", type=click.IntRange(1, 10), default=3, show_default=True, help="证书有效年数。"
)
@click.option("--force", is_flag=True, help="覆盖已配置的签名密钥。")
@click.option("--new-ca", is_flag=True, help="同时新建本机构根证书（默认沿用已有的根证书）。")
@_BIND_OPTION
@passphrase_option
@FORMAT_OPTION()
def keygen_command(
    institution: str,
    printed_name: str,
    code: str,
    title: str,
    years: int,
    force: bool,
    new_ca: bool,
    bind_code: str | None,
    passphrase_file: Path | None,
    fmt: str,
) -> None:
    """生成签名密钥与证书（由本机构自签根证书签发），私钥以口令加密保存。

    密钥绑定到生成它的用户与其医疗机构：只有本人能用它签名，且只能签署本机构的文书。
    """
    from rtech.filing import keys

    with _binding(bind_code) as bind:
        passphrase = read_passphrase(
            passphrase_file, confirm=True, prompt="设置签名密钥口令", minimum=keys.MIN_PASSPHRASE
        )
        info = keys.generate(
            institution=institution,
            printed_name=printed_name,
            passphrase=passphrase,
            code=code,
            title=title,
            years=years,
            force=force,
            new_ca=new_ca,
        )
        bind(info.fingerprint)
    _show(info, fmt)
    if fmt != "json":
        click.echo("已生成签名密钥。请将本机构根证书（rtech sign export）提供给接收方用于验证。")


@sign_group.command("import")
@click.argument("p12", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", "printed_name", default="", help="签章上显示的姓名（默认取证书 CN）。")
@click.option("--force", is_flag=True, help="覆盖已配置的签名密钥。")
@_BIND_OPTION
@passphrase_option
@FORMAT_OPTION()
def import_command(
    p12: Path,
    printed_name: str,
    force: bool,
    bind_code: str | None,
    passphrase_file: Path | None,
    fmt: str,
) -> None:
    """导入 CA 签发的 PKCS#12 证书（.p12/.pfx）；私钥仍以该口令加密保存。

    证书绑定到导入它的用户与其医疗机构。
    """
    from rtech.filing import keys

    with _binding(bind_code) as bind:
        passphrase = read_passphrase(passphrase_file, prompt="证书文件口令")
        info = keys.import_pkcs12(
            p12, passphrase=passphrase, printed_name=printed_name, force=force
        )
        bind(info.fingerprint)
    _show(info, fmt)
    if fmt != "json":
        click.echo("已导入签名证书。")


@sign_group.command("show")
@FORMAT_OPTION()
def show_command(fmt: str) -> None:
    """显示已配置的签名人、证书与时间戳服务器。"""
    from rtech.filing import keys

    info = keys.signer_info()
    if info is None:
        raise UserError(
            "尚未配置签名密钥。",
            hint="请运行 rtech sign keygen（自建根证书）或 rtech sign import 证书.p12。",
        )
    _show(info, fmt)


def _show(info: Any, fmt: str) -> None:
    from rtech.filing import settings

    tsa = settings.tsa_url()
    if fmt == "json":
        echo_json(info.as_json() | {"tsa_url": tsa, "profile": "PAdES B-T" if tsa else "PAdES B-B"})
        return
    source = {"keygen": "本机生成（本机构自签根证书签发）", "import": "导入的 CA 证书"}
    rows = [
        ("签署人", info.printed_name),
        ("医疗机构", info.institution or "—"),
        ("证书主体", info.subject),
        ("签发者", info.issuer),
        ("序列号", info.serial),
        ("SHA-256 指纹", info.fingerprint),
        ("有效期", f"{info.not_before[:10]} 至 {info.not_after[:10]}"),
        ("状态", "已过期" if info.expired else "有效"),
        ("密钥", info.key_type),
        ("来源", source.get(info.source, info.source)),
        ("本机构根证书", info.local_ca or "—"),
        ("签名级别", f"PAdES B-T（时间戳服务器 {tsa}）" if tsa else "PAdES B-B（离线，无时间戳）"),
    ]
    echo_table(["项目", "内容"], rows, title="签名配置")


@sign_group.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="写入文件（默认输出到标准输出）。",
)
def export_command(output: Path | None) -> None:
    """导出接收方验证签名所需的根证书（PEM）。"""
    from cryptography.hazmat.primitives import serialization

    from rtech.filing import keys

    certificate, what = keys.export_trust_anchor()
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    if output is None:
        click.echo(pem.decode("ascii"), nl=False)
    else:
        write_atomic(output, pem)
        click.echo(f"已导出{what}：{output}（接收方用 rtech verify --trust {output.name}）")


@sign_group.command("pdf")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="签署后的文件（默认：原文件名加 -signed）。",
)
@click.option(
    "--meaning",
    type=click.Choice(["填报", "审核", "批准"]),
    default="审核",
    show_default=True,
    help="签名含义，决定签在哪个签章区。",
)
@click.option("--tsa-url", default=None, help="时间戳服务器（PAdES B-T）；默认用已配置的。")
@passphrase_option
def sign_pdf_command(
    pdf: Path,
    output: Path | None,
    meaning: str,
    tsa_url: str | None,
    passphrase_file: Path | None,
) -> None:
    """签署一份 PDF 文书（例如在已“审核”签署的文书上再以“批准”签署）。"""
    from rtech.filing import keys
    from rtech.filing.sign import sign_pdf
    from rtech.filing.verify import check_untampered

    target = output or pdf.with_name(f"{pdf.stem}-signed.pdf")
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取 {pdf}：{exc.strerror}") from exc
    # Never countersign over a broken signature: the approval would vouch for
    # content its first signer did not sign.
    check_untampered(data, name=str(pdf), action="在其上再签署")
    _authorize_pdf(data, meaning)
    passphrase = read_passphrase(passphrase_file)
    signer = keys.load_signer(passphrase)
    signed = sign_pdf(data, signer, meaning=meaning, tsa_url=tsa_url)
    recorded = _record_countersignature(data, signed, target, meaning, signer.info.printed_name)
    click.echo(
        f"已签署（{meaning}，{signer.info.printed_name}）：{target}"
        + (f"；{recorded}" if recorded else "")
    )


def _record_countersignature(
    data: bytes, signed: bytes, target: Path, meaning: str, signer: str
) -> str:
    """The filing signed again takes its name once recorded (the filings received)."""
    from rtech.filing.extract import read_document_data
    from rtech.filing_sources import record_countersignature
    from rtech.store import Store

    try:
        embedded = read_document_data(data)
    except UserError:
        embedded = {}
    store = Store.open()
    try:
        return record_countersignature(
            store,
            data,
            signed,
            embedded=embedded if isinstance(embedded, dict) else {},
            target=target,
            signer=signer,
            meaning=meaning,
            actor=store.actor,
            write=lambda: write_atomic(target, signed),  # never half a signed PDF
        )
    finally:
        store.dispose()


def _authorize_pdf(data: bytes, meaning: str) -> None:
    """The logged-in user may sign with ``meaning``, with their own key, and only a
    filing of their institution (named in the data the PDF carries)."""
    from rtech.filing import keys
    from rtech.filing.extract import read_document_data
    from rtech.store import Store
    from rtech.store.registry import list_institutions
    from rtech.store.users import authorize_key

    try:
        embedded = read_document_data(data)
    except UserError:
        embedded = {}
    institution = embedded.get("institution") if isinstance(embedded, dict) else None
    code = institution.get("code") if isinstance(institution, dict) else None
    info = keys.signer_info()
    store = Store.open()
    try:
        with store.read() as session:
            institution_id = None
            if code:
                found = [i for i in list_institutions(session) if i.code == code]
                institution_id = found[0].id if found else -1
            authorize_key(
                session,
                info.fingerprint if info else None,
                meaning,
                institution_id,
                entity="filing",
                entity_id=str(embedded.get("document_no", ""))[:50] if embedded else "",
            )
    finally:
        store.dispose()


@sign_group.command("config")
@click.option(
    "--tsa-url", default=None, help="设置时间戳服务器（RFC 3161），签名升级为 PAdES B-T。"
)
@click.option("--no-tsa", is_flag=True, help="不使用时间戳服务器（PAdES B-B，离线）。")
def config_command(tsa_url: str | None, no_tsa: bool) -> None:
    """设置签名选项（时间戳服务器）。"""
    from rtech.filing import settings

    if tsa_url and no_tsa:
        raise click.UsageError("--tsa-url 与 --no-tsa 不能同时使用。")
    if tsa_url or no_tsa:
        settings.save_tsa_url(None if no_tsa else tsa_url)
    current = settings.tsa_url()
    click.echo(
        f"时间戳服务器：{current}（PAdES B-T）" if current else "时间戳服务器：未设置（PAdES B-B）"
    )
