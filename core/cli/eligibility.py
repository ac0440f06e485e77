"""``rtech eligibility check``: institution, personnel and case requirements."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from rtech.cli._output import FORMAT_OPTION, echo_json

__all__ = ["eligibility_group"]

_STYLE = {"pass": "green", "fail": "red", "unknown": "yellow", "not_applicable": "dim"}


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"“{value}”不是日期（应为 YYYY-MM-DD）") from exc


@click.group("eligibility")
def eligibility_group() -> None:
    """资质核查：医疗机构、医师与病例是否符合技术管理规范。"""


@eligibility_group.command("check")
@click.option("--technology", "slug", required=True, help="技术标识，如 cardio。")
@click.option(
    "--institution",
    "institution",
    default=None,
    help="核查该医疗机构（含其医师；机构代码或编号）。",
)
@click.option("--physician", "physician_id", type=int, help="核查该医师。")
@click.option("--case", "case_id", type=int, help="核查该病例。")
@click.option(
    "--edition", default=None, help="依据的版本（默认：机构与医师为最新版，病例为其登记版本）。"
)
@click.option("--as-of", "as_of", callback=_date, help="核查日期（默认今天），用于计算年限。")
@click.option("--problems-only", is_flag=True, help="表格中只列不符合与无法判断的条款。")
@FORMAT_OPTION()
def check_command(
    slug: str,
    institution: str | None,
    physician_id: int | None,
    case_id: int | None,
    edition: str | None,
    as_of: date | None,
    problems_only: bool,
    fmt: str,
) -> None:
    """按技术管理规范逐条核查，给出符合、不符合或无法判断（缺少数据）及依据。

    未指定机构、医师或病例时，核查已登记的每一家医疗机构。
    """
    from rtech.cli._institution import institution_id_of
    from rtech.eligibility import service
    from rtech.errors import UserError
    from rtech.host import get_host
    from rtech.store import Store, registry

    host = get_host()
    host.technology(slug)
    store = Store.open()
    assessments: list[dict[str, Any]] = []
    try:
        with store.read() as session:
            institution_id = institution_id_of(session, institution)
            institutions = [institution_id] if institution_id is not None else []
            if institution_id is None and physician_id is None and case_id is None:
                institutions = [i.id for i in registry.list_institutions(session)]
                if not institutions:
                    raise UserError(
                        "尚未登记医疗机构。",
                        hint="请先导入档案：rtech profile import 档案文件.toml",
                    )
            for target in institutions:
                assessments.append(
                    service.assess_institution(
                        session, host, slug, target, edition=edition, as_of=as_of
                    )
                )
            if physician_id is not None:
                assessments.append(
                    service.assess_physician(
                        session, host, slug, physician_id, edition=edition, as_of=as_of
                    )
                )
            if case_id is not None:
                assessments.append(
                    service.assess_case(
                        session, host, case_id, slug=slug, edition=edition, as_of=as_of
                    )
                )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(assessments)
        return
    for assessment in assessments:
        _print_assessment(assessment, problems_only)
        if "physicians" in assessment:
            _print_physicians(assessment)


def _print_assessment(assessment: dict[str, Any], problems_only: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    counts = assessment["counts"]
    subject = assessment["subject"]
    label = {"institution": "医疗机构", "physician": "医师", "case": "病例"}[subject["kind"]]
    heading = (
        f"{label} {subject['name']}（编号 {subject['id']}）— "
        f"{assessment['edition']} {assessment['catalog_no']} {assessment['technology_name']}"
    )
    summary = (
        f"[{_STYLE[assessment['outcome']]}]{assessment['outcome_label']}[/]"
        f"（符合 {counts['pass']}、不符合 {counts['fail']}、无法判断 {counts['unknown']}、"
        f"不适用 {counts['not_applicable']}；核查日期 {assessment['as_of']}）"
    )
    findings = [
        f
        for f in assessment["findings"]
        if not (problems_only and f["outcome"] in ("pass", "not_applicable"))
    ]
    if not findings:
        console.print(f"[bold]{heading}[/]：{summary}")
        return
    table = Table(title=heading, caption=summary, show_lines=True, header_style="bold")
    for column in ("条款", "要求", "结果", "说明"):
        table.add_column(column, overflow="fold")
    for finding in findings:
        table.add_row(
            finding["citation"],
            finding["title"],
            f"[{_STYLE[finding['outcome']]}]{finding['outcome_label']}[/]",
            finding["explanation"],
        )
    console.print(table)


def _print_physicians(assessment: dict[str, Any]) -> None:
    """One line per physician of the institution; details with --physician ID."""
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"{assessment['subject']['name']} 的医师（人员基本要求与培训管理要求）",
        caption="逐条依据：rtech eligibility check --technology "
        f"{assessment['technology']} --physician 编号",
        show_lines=True,
        header_style="bold",
    )
    for column in ("编号", "医师", "结果", "不符合或无法判断的条款"):
        table.add_column(column, overflow="fold")
    for physician in assessment["physicians"]:
        problems = [
            f"{f['citation'].rsplit(' ', 1)[-1]} {f['title']}"
            for f in physician["findings"]
            if f["outcome"] in ("fail", "unknown")
        ]
        table.add_row(
            str(physician["subject"]["id"]),
            physician["subject"]["name"],
            f"[{_STYLE[physician['outcome']]}]{physician['outcome_label']}[/]",
            "\n".join(problems) or "—",
        )
    if not assessment["physicians"]:
        table.add_row("—", "（尚无填写本技术档案的医师）", "", "")
    Console().print(table)
