"""``rtech verify FILE.pdf``: are the signatures intact, valid, trusted, and the file unchanged?

Exit status: 0 when every signature passes, 1 when anything is wrong (no
signature, tampered, untrusted, changed after signing), 2 for a usage error.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from rtech.cli._output import FORMAT_OPTION, echo_json

__all__ = ["verify_command"]


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


@click.command("verify")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--trust",
    "trust_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="信任此证书（PEM/DER，可含多张）为根证书；可重复。",
)
@click.option("--no-local-ca", is_flag=True, help="不信任本机配置的本机构根证书。")
@FORMAT_OPTION()
def verify_command(pdf: Path, trust_files: tuple[Path, ...], no_local_ca: bool, fmt: str) -> None:
    """验证 PDF 文书的数字签名：是否完好、有效、可信，签名后是否被修改。

    只信任 --trust 指定的证书和本机构根证书（rtech sign keygen 生成），从不使用操作系统的根证书。
    """
    from rtech.filing.keys import load_certificates
    from rtech.filing.verify import read_file, verify_pdf

    trust = [
        (certificate, f"--trust {path}")
        for path in trust_files
        for certificate in load_certificates(path)
    ]
    # pyHanko logs the details of a failed difference analysis as errors; the
    # report below says the same in Chinese, without the traceback.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    report = verify_pdf(read_file(pdf), trust=trust, use_local_ca=not no_local_ca, name=str(pdf))
    if fmt == "json":
        echo_json(report.as_json())
    else:
        _print(report)
    sys.exit(0 if report.ok else 1)


def _field_label(field_name: str) -> str:
    """rtech's own signature fields by their box's label (审核人); others by name."""
    from rtech.filing.slots import ROLES

    for role in ROLES:
        if role.field_name == field_name:
            return f"{role.signer_label}签章"
    return field_name


def _print(report: object) -> None:
    from rtech.filing.verify import VerificationReport

    assert isinstance(report, VerificationReport)
    click.echo(f"文件：{report.file}")
    if report.trust_roots:
        click.echo("信任的根证书：")
        for root in report.trust_roots:
            click.echo(f"  - {root.source}：{root.subject}")
    else:
        click.echo("信任的根证书：无（未指定 --trust，本机也未配置本机构根证书）")
    for problem in report.problems:
        click.echo(f"问题：{problem}")
    for index, s in enumerate(report.signatures, 1):
        click.echo("")
        head = f"签名 {index}（{_field_label(s.field)}）：{s.meaning or '—'}  {s.signer}"
        click.echo(head)
        click.echo(f"  证书：{s.subject}；签发者：{s.issuer}")
        when = s.signed_at or "—"
        if s.timestamp:
            when += f"；时间戳：{s.timestamp}"
        click.echo(f"  签署时间：{when}")
        click.echo(
            f"  完好：{_yes(s.intact)}  有效：{_yes(s.valid)}  可信：{_yes(s.trusted)}"
            + (f"（{s.trusted_by}）" if s.trusted_by else "")
        )
        click.echo(f"  覆盖范围：{s.coverage_label}；{s.modification_label}")
        for problem in s.problems:
            click.echo(f"  问题：{problem}")
    click.echo("")
    if report.ok:
        click.echo(f"结论：全部 {len(report.signatures)} 个签名完好、有效、可信，签名后未被篡改。")
    else:
        click.echo("结论：验证未通过（见上面的问题）。")
