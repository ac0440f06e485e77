"""``rtech users …``, ``rtech login``, ``rtech logout``: people, roles and sessions."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rtech.cli._output import FORMAT_OPTION, echo_json, echo_table
from rtech.errors import UserError

if TYPE_CHECKING:
    from rtech.store.users import UserInfo

__all__ = ["login_command", "logout_command", "users_group"]

_PASSWORD_FILE = click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="从文件第一行读取密码（脚本用）；默认交互输入。",
)


def _read_password(path: Path | None, *, confirm: bool, prompt: str = "密码") -> str:
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"无法读取密码文件 {path}：{exc}") from exc
        if not lines or not lines[0]:
            raise UserError(f"密码文件 {path} 的第一行为空。")
        return lines[0]
    if not sys.stdin.isatty():
        raise UserError("需要密码。", hint="请用 --password-file 文件 提供密码（文件第一行）。")
    value: str = click.prompt(
        prompt, hide_input=True, confirmation_prompt="再次输入密码" if confirm else False, err=True
    )
    return value


_ROLE_CHOICES = [
    "clinician",
    "quality_manager",
    "institution_admin",
    "provincial_reviewer",
    "system_admin",
    "临床医师",
    "医务/质控管理",
    "机构管理员",
    "省级审核",
    "系统管理员",
]


@click.group("users")
def users_group() -> None:
    """用户与角色：添加、修改、列出、停用与启用用户，修改密码，操作系统账户登录，权限矩阵。

    新数据库的第一个用户即第一位管理员（rtech users add 登录名 --admin）；
    此后操作人为登录的用户（rtech login），须有相应角色。
    """


F = TypeVar("F", bound=Callable[..., Any])


def _role_option(help_text: str) -> Callable[[F], F]:
    """``--role`` (several times), one of the roles by name."""
    return click.option(
        "--role",
        "roles",
        multiple=True,
        type=click.Choice(_ROLE_CHOICES),
        metavar="角色",
        help=help_text,
    )


@users_group.command("add")
@click.argument("login")
@click.option("--name", required=True, help="姓名。")
@_role_option(
    "角色（可多次）：clinician 临床医师、quality_manager 医务/质控管理、"
    "institution_admin 机构管理员、provincial_reviewer 省级审核、system_admin 系统管理员。"
)
@click.option(
    "--institution",
    "institutions",
    multiple=True,
    help="所属医疗机构代码（可多次；* 表示全部机构，仅限省级审核与系统管理员）。",
)
@click.option("--department", default="", help="科室。")
@click.option("--admin", is_flag=True, help="全部角色、全部机构（第一位管理员）。")
@click.option(
    "--os-account",
    default=None,
    metavar="账户名",
    help="对应的操作系统账户：站点开启操作系统账户登录（rtech users os-login --enable）后，"
    "该账户无需密码即以此用户身份操作；给出时可不设密码（除非同时给 --password-file）。",
)
@_PASSWORD_FILE
@FORMAT_OPTION()
def add_command(
    login: str,
    name: str,
    roles: tuple[str, ...],
    institutions: tuple[str, ...],
    department: str,
    admin: bool,
    os_account: str | None,
    password_file: Path | None,
    fmt: str,
) -> None:
    """添加用户（密码加盐哈希后保存，不存明文）。"""
    from rtech.auth.roles import Role
    from rtech.store import Store
    from rtech.store.users import add_user

    if admin:
        roles = tuple(r.value for r in Role)
        institutions = ("*",)
    if not roles:
        raise UserError("请用 --role 指定角色（可多次），或用 --admin 添加全权管理员。")
    password = (
        None
        if os_account is not None and password_file is None
        else _read_password(password_file, confirm=True, prompt=f"设置 {login} 的密码")
    )
    store = Store.open()
    try:
        with store.write() as session:
            info = add_user(
                session,
                login=login,
                name=name,
                roles=roles,
                institutions=institutions,
                department=department,
                password=password,
                os_account=os_account,
            )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(info.to_json())
        return
    click.echo(
        f"已添加用户 {info.login}（{info.name}）：{_roles_text(info.roles)}；"
        f"机构：{_institutions_text(info.institutions)}。"
        + (f"对应操作系统账户 {info.os_account}。" if info.os_account else "")
    )
    if info.os_account:
        _warn_unknown_account(info.os_account)


def _roles_text(roles: tuple[str, ...]) -> str:
    from rtech.auth.roles import ROLE_LABELS, Role

    return "、".join(ROLE_LABELS[Role(r)] for r in roles)


def _institutions_text(codes: tuple[str, ...]) -> str:
    return "全部机构" if codes == ("*",) else "、".join(codes) or "（无）"


@users_group.command("list")
@FORMAT_OPTION()
def list_command(fmt: str) -> None:
    """列出用户（机构管理员只看到本机构的用户）。"""
    from rtech.store import Store
    from rtech.store.users import list_users

    store = Store.open()
    try:
        with store.read() as session:
            users = list_users(session)
    finally:
        store.dispose()
    if fmt == "json":
        echo_json([u.to_json() for u in users])
        return
    mapped = any(u.os_account for u in users)
    echo_table(
        ["登录名", "姓名", "角色", "机构", "科室", "状态"] + (["操作系统账户"] if mapped else []),
        (
            [
                u.login,
                u.name,
                _roles_text(u.roles),
                _institutions_text(u.institutions),
                u.department,
                ("启用" if u.active else "停用") + ("（演示）" if u.demo else ""),
            ]
            + ([u.os_account or ""] if mapped else [])
            for u in users
        ),
        title=f"用户 {len(users)} 名",
    )


@users_group.command("edit")
@click.argument("login")
@click.option("--name", default=None, help="新的姓名。")
@_role_option("新的角色（可多次；给出即替换原有全部角色）。")
@click.option(
    "--institution",
    "institutions",
    multiple=True,
    help="新的所属医疗机构代码（可多次；给出即替换原有机构；* 表示全部机构）。",
)
@click.option("--department", default=None, help="新的科室（空字符串表示清除）。")
@FORMAT_OPTION()
def edit_command(
    login: str,
    name: str | None,
    roles: tuple[str, ...],
    institutions: tuple[str, ...],
    department: str | None,
    fmt: str,
) -> None:
    """修改用户的姓名、角色、所属机构或科室（角色或机构改变后，其登录立即失效，须重新登录）。"""
    from rtech.store import Store
    from rtech.store.users import update_user

    if name is None and not roles and not institutions and department is None:
        raise UserError(
            "请指定要修改的内容。",
            hint="--name、--role（可多次）、--institution（可多次）、--department",
        )
    store = Store.open()
    try:
        with store.write() as session:
            info = update_user(
                session,
                login,
                name=name,
                roles=roles or None,
                institutions=institutions or None,
                department=department,
            )
    finally:
        store.dispose()
    if fmt == "json":
        echo_json(info.to_json())
        return
    click.echo(
        f"已修改用户 {info.login}（{info.name}）：{_roles_text(info.roles)}；"
        f"机构：{_institutions_text(info.institutions)}；科室：{info.department or '（无）'}。"
    )


@users_group.command("disable")
@click.argument("login")
def disable_command(login: str) -> None:
    """停用用户（其登录立即失效；记录保留）。"""
    info = _set_active(login, active=False)
    click.echo(f"已停用用户 {info.login}（{info.name}）。")


@users_group.command("enable")
@click.argument("login")
def enable_command(login: str) -> None:
    """重新启用已停用的用户（须重新登录）。"""
    info = _set_active(login, active=True)
    click.echo(f"已启用用户 {info.login}（{info.name}），该用户须重新登录。")


def _set_active(login: str, *, active: bool) -> UserInfo:
    from rtech.store import Store
    from rtech.store.users import disable_user, enable_user

    store = Store.open()
    try:
        with store.write() as session:
            return (enable_user if active else disable_user)(session, login)
    finally:
        store.dispose()


@users_group.command("passwd")
@click.argument("login", required=False)
@click.option(
    "--old-password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="从文件读取原密码（修改本人密码时）。",
)
@_PASSWORD_FILE
def passwd_command(
    login: str | None, old_password_file: Path | None, password_file: Path | None
) -> None:
    """修改密码：不给登录名时改本人的（须原密码）；管理员可重设他人的。"""
    from rtech.store import Store
    from rtech.store.users import change_password

    store = Store.open()
    try:
        target = login or store.principal.login
        own = target == store.principal.login and not store.principal.system
        old = _read_password(old_password_file, confirm=False, prompt="原密码") if own else None
        new = _read_password(password_file, confirm=True, prompt="新密码")
        with store.write() as session:
            change_password(session, target, old=old, new=new)
    finally:
        store.dispose()
    click.echo(f"已修改用户 {target} 的密码。")


def _warn_unknown_account(account: str) -> None:
    """Say so when this machine has no such operating-system account (the database
    may serve other machines: a warning, not a refusal)."""
    try:
        import pwd

        pwd.getpwnam(account)
    except KeyError:
        click.echo(
            f"注意：本机没有操作系统账户 {account}；该映射只在有此账户的机器上生效。", err=True
        )
    except ImportError:
        pass


@users_group.command("os-account")
@click.argument("login")
@click.argument("account", required=False, metavar="[操作系统账户名]")
@click.option("--clear", is_flag=True, help="取消该用户与操作系统账户的对应。")
def os_account_command(login: str, account: str | None, clear: bool) -> None:
    """设置或取消用户对应的操作系统账户（一个操作系统账户只能对应一个用户）。

    站点开启操作系统账户登录后（rtech users os-login --enable），以该操作系统账户
    运行 rtech 的人无需密码即以此用户身份操作。
    """
    from rtech.store import Store
    from rtech.store.users import set_os_account

    if clear == (account is not None):
        raise click.UsageError("请给出操作系统账户名，或用 --clear 取消对应（二者选一）。")
    store = Store.open()
    try:
        with store.write() as session:
            info = set_os_account(session, login, account)
    finally:
        store.dispose()
    if info.os_account is None:
        click.echo(f"已取消用户 {info.login}（{info.name}）对应的操作系统账户。")
        return
    click.echo(f"用户 {info.login}（{info.name}）现对应操作系统账户 {info.os_account}。")
    _warn_unknown_account(info.os_account)


@users_group.command("os-login")
@click.option("--enable", "choice", flag_value="enable", help="开启：对应的操作系统账户无需密码。")
@click.option("--disable", "choice", flag_value="disable", help="关闭：所有用户须用密码登录。")
@click.option("--status", "choice", flag_value="status", help="查看是否开启（默认）。")
def os_login_command(choice: str | None) -> None:
    """操作系统账户登录：开启后，以某操作系统账户运行 rtech 的人，若该账户对应一名
    启用的用户，无需密码即以该用户身份操作（默认关闭；开启与关闭仅限系统管理员）。

    适用于每人在存放 SQLite 文件的机器上有自己的操作系统账户，或 PostgreSQL
    使用 peer 认证的站点：此时信任的是操作系统的登录。
    """
    from rtech.store import Store
    from rtech.store.users import os_account_name, os_login_status, set_os_login

    store = Store.open()
    try:
        if choice in ("enable", "disable"):
            with store.write() as session:
                changed = set_os_login(session, choice == "enable")
            state = "开启" if choice == "enable" else "关闭"
            click.echo(
                f"已{state}操作系统账户登录。" if changed else f"操作系统账户登录已是{state}状态。"
            )
            return
        account = os_account_name()
        with store.read() as session:
            enabled, mapped, mine = os_login_status(session, account)
    finally:
        store.dispose()
    click.echo(
        f"操作系统账户登录：{'已开启' if enabled else '已关闭'}；"
        f"对应操作系统账户的用户 {mapped} 名；"
        f"本进程的操作系统账户 {account or '（无名称）'} "
        + (f"对应用户 {mine}。" if mine else "未对应任何用户。")
    )


@users_group.command("whoami")
@FORMAT_OPTION()
def whoami_command(fmt: str) -> None:
    """当前操作人：登录的用户、角色与机构。"""
    from rtech.store import Store
    from rtech.store.registry import get_institution

    store = Store.open()
    try:
        principal = store.principal
        with store.read() as session:
            scope = principal.institution_ids
            codes = (
                ["*"]
                if scope is None
                else [get_institution(session, i).code for i in sorted(scope)]
            )
    finally:
        store.dispose()
    how = (
        f"操作系统账户 {principal.os_account}（站点已开启操作系统账户登录，无需密码）"
        if principal.os_account
        else "演示数据库的管理员（无需登录）"
        if principal.demo
        else "尚无用户的新数据库（安装者，拥有全部角色）"
        if principal.setup
        else "已登录"
    )
    if fmt == "json":
        echo_json(
            {
                "login": principal.login,
                "name": principal.name,
                "roles": [r.value for r in sorted(principal.roles)],
                "institutions": codes,
                "demo": principal.demo,
                "setup": principal.setup,
                "os_account": principal.os_account,
            }
        )
        return
    click.echo(
        f"{principal.label}：{principal.roles_text()}；机构：{_institutions_text(tuple(codes))}；{how}。"
    )


@users_group.command("matrix")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="更新该文件中的权限矩阵（安全文档）。",
)
@click.option(
    "--check", is_flag=True, help="只检查该文件中的矩阵是否与代码一致（不一致时退出码 1）。"
)
def matrix_command(output: Path | None, check: bool) -> None:
    """权限矩阵（角色 × 操作），由代码生成。"""
    from rtech.auth.matrix import matrix_markdown, render_into

    if output is None:
        if check:
            raise click.UsageError("--check 需要 -o 文件。")
        click.echo(matrix_markdown())
        return
    try:
        text = output.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"无法读取 {output}：{exc.strerror}") from exc
    fresh = render_into(text)
    if check:
        if fresh != text:
            click.echo(
                f"{output} 中的权限矩阵与代码不一致，请运行 rtech users matrix -o {output}",
                err=True,
            )
            sys.exit(1)
        click.echo(f"{output} 中的权限矩阵与代码一致。")
        return
    output.write_text(fresh, encoding="utf-8")
    click.echo(f"已更新 {output} 中的权限矩阵。")


@click.command("login")
@click.argument("login")
@_PASSWORD_FILE
@click.option(
    "--hours",
    type=click.FloatRange(0, 168, min_open=True),
    default=8.0,
    show_default=True,
    help="登录有效时长（小时）。",
)
def login_command(login: str, password_file: Path | None, hours: float) -> None:
    """登录：此后的命令以该用户身份执行，直到过期或 rtech logout。"""
    from rtech.store import open_database
    from rtech.store.users import login as do_login
    from rtech.store.users import sessions_file

    password = _read_password(password_file, confirm=False)
    engine = open_database()
    try:
        principal = do_login(engine, login, password, hours=hours)
    finally:
        engine.dispose()
    click.echo(
        f"已登录：{principal.label}（{principal.roles_text()}），{hours:g} 小时内有效。"
        f"登录凭据保存在 {sessions_file()}（仅本人可读）。"
    )


@click.command("logout")
def logout_command() -> None:
    """退出登录（登录凭据立即作废）。"""
    from rtech.store import open_database
    from rtech.store.users import logout

    engine = open_database()
    try:
        who = logout(engine)
    finally:
        engine.dispose()
    click.echo(f"已退出登录：{who}。" if who else "当前没有登录。")
