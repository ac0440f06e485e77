"""``rtech registry``: register the institution and its physicians (and list them).

Registration is a conversation like a case intake (line mode on stdin/stdout);
the answers become the profile ``{"general": ..., "technologies": {slug: ...}}``.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from rtech.cli._actor import actor_option
from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table
from rtech.cli.intake import LineIO, run_plain

__all__ = ["registry_group"]


@click.group("registry")
def registry_group() -> None:
    """医疗机构与医师名册：登记、补充技术专属信息、查看。"""


def _technologies(slugs: tuple[str, ...]) -> list[str]:
    from rtech.host import get_host

    host = get_host()
    for slug in slugs:
        host.technology(slug)
    return list(slugs)


@registry_group.command("institution")
@click.option(
    "--technology", "-t", "slugs", multiple=True, help="同时登记该技术要求的机构信息，可重复。"
)
@click.option("--code", "code", default=None, help="为已登记的机构（按机构代码）补充技术专属信息。")
@click.option("--plain", is_flag=True, help="行模式（逐行问答）。")
@actor_option
def institution_command(
    slugs: tuple[str, ...], code: str | None, plain: bool, user: str | None
) -> None:
    """登记本医疗机构（或为已登记的机构补充某项技术的专属信息）。"""
    from rtech.host import get_host
    from rtech.intake import open_registration
    from rtech.intake.cases import resolve_institution
    from rtech.store import Store

    technologies = _technologies(slugs)
    store = Store.open()
    try:
        existing = resolve_institution(store, code) if code else None
        intake = open_registration(
            store,
            get_host(),
            "institution",
            actor=store.actor,
            technologies=technologies,
            existing_id=existing,
        )
        run_plain(intake, LineIO(sys.stdin, sys.stdout))
    finally:
        store.dispose()


@registry_group.command("physician")
@click.option(
    "--technology", "-t", "slugs", multiple=True, help="同时登记该技术要求的医师信息，可重复。"
)
@click.option(
    "--id", "physician_id", type=int, default=None, help="为已登记的医师补充技术专属信息。"
)
@click.option(
    "--institution", "institution_code", default=None, help="机构代码（登记了多个机构时）。"
)
@click.option("--plain", is_flag=True, help="行模式（逐行问答）。")
@actor_option
def physician_command(
    slugs: tuple[str, ...],
    physician_id: int | None,
    institution_code: str | None,
    plain: bool,
    user: str | None,
) -> None:
    """登记一位医师（或为已登记的医师补充某项技术的专属信息）。"""
    from rtech.host import get_host
    from rtech.intake import open_registration
    from rtech.intake.cases import resolve_institution
    from rtech.store import Store

    technologies = _technologies(slugs)
    store = Store.open()
    try:
        institution_id = resolve_institution(store, institution_code)
        intake = open_registration(
            store,
            get_host(),
            "physician",
            actor=store.actor,
            technologies=technologies,
            institution_id=institution_id,
            existing_id=physician_id,
        )
        run_plain(intake, LineIO(sys.stdin, sys.stdout))
    finally:
        store.dispose()


@registry_group.command("show")
@FORMAT_OPTION()
def show_command(fmt: str) -> None:
    """列出已登记的医疗机构与医师。"""
    from rtech.store import Store, registry

    store = Store.open()
    try:
        with store.read() as session:
            institutions: list[dict[str, Any]] = [
                {
                    "id": i.id,
                    "name": i.name,
                    "code": i.code,
                    "profile": i.profile,
                    "physicians": [
                        {
                            "id": p.id,
                            "name": p.name,
                            "title": p.title,
                            "title_label": registry.TITLES.get(p.title, p.title),
                            "clinical_since": p.clinical_since,
                            "registered_here": p.registered_here,
                            "licence_no": p.licence_no,
                            "active": p.active,
                            "technologies": sorted(dict(p.profile or {}).get("technologies") or {}),
                        }
                        for p in registry.list_physicians(session, i.id, active_only=False)
                    ],
                }
                for i in registry.list_institutions(session)
            ]
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(institutions)
        return
    if not institutions:
        click.echo("尚未登记医疗机构：rtech registry institution --plain")
        return
    for institution in institutions:
        echo_table(
            ["编号", "姓名", "职称", "开始临床工作", "本院注册", "执业证书编码", "技术专属信息"],
            (
                [
                    p["id"],
                    p["name"] + ("" if p["active"] else "（停用）"),
                    p["title_label"],
                    p["clinical_since"] or "",
                    "是" if p["registered_here"] else "否",
                    p["licence_no"] or "",
                    "、".join(p["technologies"]),
                ]
                for p in institution["physicians"]
            ),
            title=f"{institution['name']}（{institution['code']}）医师名册",
        )
