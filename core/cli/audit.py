"""``rtech audit``: the hash-chained audit log, what it covers, its signed checkpoints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rtech.cli._actor import actor_option
from rtech.cli._output import FORMAT_OPTION, echo_json
from rtech.cli.sign import passphrase_option, read_passphrase

__all__ = ["audit_group"]


@click.group("audit")
def audit_group() -> None:
    """审计日志：校验哈希链与它覆盖的病例数据，签署检查点。"""


@audit_group.command("verify")
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="检查点签名证书须由此根证书签发（PEM/DER，可重复）；本机的机构证书总是受信任。",
)
@FORMAT_OPTION("text", "json", default="text")
def verify_command(trust: tuple[Path, ...], fmt: str) -> None:
    """逐条校验审计日志、签名检查点，以及每个病例的修订、状态和签名是否与审计记录一致；
    有问题时指出第一条出问题的记录或出问题的病例，并以状态 1 退出。"""
    from rtech.auth.roles import Action
    from rtech.filing.keys import load_certificates
    from rtech.filing_sources import verify_audit
    from rtech.store import Store
    from rtech.store.users import require

    anchors = [cert for path in trust for cert in load_certificates(path)]
    store = Store.open()
    try:
        with store.read() as session:
            require(session, Action.AUDIT_VERIFY, entity="audit", entity_id="verify")
        result = verify_audit(store, trust=anchors)
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(
            {
                "ok": result.ok,
                "entries": result.entries,
                "first_broken": result.first_broken,
                "reason": result.reason,
                "problems": list(result.problems),
                "problem_count": result.problem_count,
                "checkpoints": result.checkpoints,
                "covered_to": result.covered_to,
                "untrusted": result.untrusted,
                "message": result.message,
            }
        )
    else:
        click.echo(result.message)
    if not result.ok:
        sys.exit(1)


@audit_group.command("checkpoint")
@passphrase_option
@actor_option
@FORMAT_OPTION("text", "json", default="text")
def checkpoint_command(passphrase_file: Path | None, user: str | None, fmt: str) -> None:
    """用本人的签名密钥（绑定本人与本机构）签署审计链的当前链尾（记录号、哈希与时间），
    存入数据库；此后生成的每份备案文书都附有最新的检查点。宜定期运行（例如每天）。
    需要医务/质控管理或机构管理员角色。"""
    from rtech.filing import keys
    from rtech.filing_sources import make_checkpoint
    from rtech.store import Store
    from rtech.store.audit import authorize_checkpoint

    store = Store.open()
    try:
        info = keys.signer_info()
        if info is not None:  # a refusal comes before the passphrase is asked
            with store.read() as session:
                authorize_checkpoint(session, info.fingerprint, standalone=True)
        passphrase = read_passphrase(passphrase_file)
        facts = make_checkpoint(store, passphrase, actor=store.actor)
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(facts.as_json())
        return
    click.echo(
        f"已签署检查点 {facts.id}：覆盖审计记录第 1～{facts.last_id} 条，"
        f"链尾哈希 {facts.last_hash}，签署人 {facts.signer}。"
    )
