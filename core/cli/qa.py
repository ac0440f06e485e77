"""``rtech qa record|list``: equipment quality-assurance checks (TBI dose rate…)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from rtech.cli._actor import actor_option
from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table

if TYPE_CHECKING:
    from rtech.store.models import QaCheck

__all__ = ["qa_group"]

_YES = {"是", "合格", "通过", "yes", "y", "1", "true"}
_NO = {"否", "不合格", "未通过", "no", "n", "0", "false"}


@click.group("qa")
def qa_group() -> None:
    """设备质控记录：定期检测的项目、测量值与是否合格（结构指标“设备定期检测合格率”据此计算）。"""


@qa_group.command("record")
@click.option("--technology", "-t", "slug", required=True, help="技术标识，如 tbi。")
@click.option("--device", required=True, help="设备名称（如 直线加速器 1 号）。")
@click.option("--item", required=True, help="检测项目（如 dose_rate 体中心剂量率）。")
@click.option("--date", "day", required=True, help="检测日期。")
@click.option("--passed", "passed", required=True, help="是否合格：合格/不合格。")
@click.option("--measured", "measured", type=float, default=None, help="测量值。")
@click.option("--unit", default="", help="测量值单位（如 cGy/min）。")
@click.option(
    "--institution", "institution", default=None, help="机构代码或编号（只登记一家时可省略）。"
)
@actor_option
@FORMAT_OPTION("text", "json", default="text")
def record_command(
    slug: str,
    device: str,
    item: str,
    day: str,
    passed: str,
    measured: float | None,
    unit: str,
    institution: str | None,
    user: str | None,
    fmt: str,
) -> None:
    """记录一次设备检测（记入审计日志）。"""
    from rtech.cli._institution import the_institution
    from rtech.editions import parse_date
    from rtech.errors import UserError
    from rtech.host import get_host
    from rtech.store import Store
    from rtech.store.aggregates import record_qa_check

    get_host().technology(slug)
    performed_on = parse_date(day)
    if performed_on is None:
        raise UserError(f"无法识别的检测日期“{day}”。")
    answer = passed.strip().lower()
    if answer not in _YES | _NO:
        raise UserError(f"“{passed}”不是合格/不合格。")
    if measured is not None and measured != measured:
        raise UserError("测量值不是数字。")
    store = Store.open()
    try:
        with store.write() as session:
            check = record_qa_check(
                session,
                institution_id=the_institution(session, institution),
                technology=slug,
                device=device,
                item=item.strip(),
                performed_on=performed_on,
                passed=answer in _YES,
                measured=measured,
                unit=unit,
                actor=store.actor,
            )
            data = _json(check)
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(data)
        return
    verdict = "合格" if data["passed"] else "不合格"
    click.echo(f"已记录：{data['performed_on']} {device} {item} {verdict}（编号 {data['id']}）")


def _json(check: QaCheck) -> dict[str, Any]:
    return {
        "id": check.id,
        "institution_id": check.institution_id,
        "technology": check.technology,
        "device": check.device,
        "item": check.item,
        "performed_on": check.performed_on.isoformat(),
        "measured": check.measured,
        "unit": check.unit,
        "passed": check.passed,
        "recorded_by": check.recorded_by,
    }


@qa_group.command("list")
@click.option("--technology", "-t", "slug", default=None, help="只列该技术。")
@click.option("--period", "period", default=None, help="统计期：2024、2024Q1 或 2024-03。")
@click.option(
    "--institution", "institution", default=None, help="机构代码或编号（只登记一家时可省略）。"
)
@FORMAT_OPTION()
def list_command(slug: str | None, period: str | None, institution: str | None, fmt: str) -> None:
    """列出设备检测记录。"""
    from rtech.cli._institution import institution_id_of
    from rtech.indicators.periods import parse_period
    from rtech.store import Store
    from rtech.store.aggregates import list_qa_checks

    span = parse_period(period) if period else None
    store = Store.open()
    try:
        with store.read() as session:
            rows = [
                _json(c)
                for c in list_qa_checks(
                    session,
                    technology=slug,
                    institution_id=institution_id_of(session, institution),
                    start=span.start if span else None,
                    end=span.end if span else None,
                )
            ]
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(rows)
        return
    echo_table(
        ["编号", "日期", "技术", "设备", "项目", "测量值", "结果"],
        (
            [
                r["id"],
                r["performed_on"],
                r["technology"],
                r["device"],
                r["item"],
                "" if r["measured"] is None else f"{r['measured']:g} {r['unit']}".strip(),
                "合格" if r["passed"] else "不合格",
            ]
            for r in rows
        ),
        title=f"设备检测记录（{len(rows)} 条）",
    )
