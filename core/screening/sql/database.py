"""``rtech screen --database URL --table NAME``: screening inside the database.

The query is the one ``rtech rules export`` writes, run on a PostgreSQL table
(``postgresql://user@host/db``) or a table of a DuckDB file
(``duckdb:path/to/file.duckdb``; the optional extra ``rtech[duckdb]``). The
matches stream back and go through the same writers and reconciliation as a
file's; the summary counts what ``rtech screen --thorough`` counts (records,
implausible cells, records skipped for want of a record id or a date), with
table rows where a file has line numbers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final, Protocol

from sqlglot import exp

from rtech.errors import UserError
from rtech.screening.engine import FileReport, Summary
from rtech.screening.evaluate import EXAMPLES, Match, Stats
from rtech.screening.layout import Layout
from rtech.screening.sql.dialects import render
from rtech.screening.sql.export import PREAMBLE, ScreeningRules, layout_for_table
from rtech.screening.sql.query import ScreenQuery

__all__ = ["SKIPPED", "Database", "connect", "screen_database"]

#: Skipped records, by the query's reason number, as rtech.screening.evaluate names them.
SKIPPED: Final = {
    1: "病案号为空（含目录编码，未能输出）",
    2: "出院日期缺失或无法识别（含目录编码，未能确定版本）",
    3: "出院日期早于各版本的生效日期（含目录编码）",
}
_REJECTED: Final = "不规范的编码单元格"
_BATCH: Final = 10_000


class _Cursor(Protocol):
    def execute(self, query: str, /) -> Any: ...

    def fetchmany(self, size: int, /) -> list[tuple[Any, ...]]: ...

    def fetchall(self) -> list[tuple[Any, ...]]: ...


@dataclass
class Database:
    """An open connection: ``dialect`` is ``duckdb`` or ``postgres``."""

    dialect: str
    shown: str  # the URL without its password
    connection: Any

    @property
    def label(self) -> str:
        return {"duckdb": "DuckDB", "postgres": "PostgreSQL"}[self.dialect]

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def session(self) -> Iterator[Callable[[str], _Cursor]]:
        """Run statements in one read-only transaction, with the engine's settings;
        ``run(sql)`` returns a cursor positioned on the result."""
        if self.dialect == "duckdb":

            def run_duckdb(sql: str) -> _Cursor:
                return self.connection.execute(sql)  # type: ignore[no-any-return]

            yield run_duckdb
            return
        connection = self.connection
        try:
            with connection.transaction():
                connection.execute("SET TRANSACTION READ ONLY")
                for setting in PREAMBLE["postgres"]:
                    connection.execute(setting)

                def run_postgres(sql: str) -> _Cursor:
                    cursor = connection.cursor(name=f"rtech_{time.monotonic_ns()}")
                    cursor.itersize = _BATCH
                    cursor.execute(sql)
                    return cursor  # type: ignore[no-any-return]

                yield run_postgres
        except _postgres_errors() as exc:
            raise UserError(f"在数据库 {self.shown} 上筛查失败：{_first_line(exc)}") from exc

    def columns(self, table: exp.Table) -> list[str]:
        """The table's column names, in order; a Chinese error when it does not exist."""
        sql = render(exp.select("*").from_(table.copy()).limit(0), self.dialect, pretty=False)
        name = table.sql(dialect=self.dialect)
        if self.dialect == "duckdb":
            import duckdb

            try:
                described = self.connection.execute(sql).description
            except duckdb.CatalogException as exc:
                raise UserError(
                    f"DuckDB 数据库 {self.shown} 中没有表 {name}。", hint=_tables_hint(self)
                ) from exc
            except duckdb.Error as exc:
                raise UserError(f"无法读取表 {name}：{_first_line(exc)}") from exc
            return [d[0] for d in described]
        import psycopg

        try:
            with self.connection.transaction(), self.connection.cursor() as cursor:
                cursor.execute(sql)
                return [d.name for d in cursor.description or ()]
        except psycopg.errors.UndefinedTable as exc:
            raise UserError(
                f"PostgreSQL 数据库 {self.shown} 中没有表 {name}。", hint=_tables_hint(self)
            ) from exc
        except psycopg.Error as exc:
            raise UserError(f"无法读取表 {name}：{_first_line(exc)}") from exc


def _postgres_errors() -> tuple[type[BaseException], ...]:
    import psycopg

    return (psycopg.Error,)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _tables_hint(database: Database) -> str:
    if database.dialect == "duckdb":
        sql = "SELECT table_schema || '.' || table_name FROM information_schema.tables"
        rows = database.connection.execute(sql).fetchall()
    else:
        sql = (
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        )
        with database.connection.transaction():
            rows = database.connection.execute(sql).fetchall()
    names = [r[0] for r in rows]
    if not names:
        return "该数据库中没有表。"
    return "数据库中的表：" + "、".join(names[:30]) + (" …" if len(names) > 30 else "")


def connect(url: str) -> Database:
    """``postgresql://…`` or ``duckdb:PATH``, opened read-only; Chinese errors."""
    text = url.strip()
    scheme = text.split(":", 1)[0].lower()
    if scheme == "duckdb":
        return _duckdb(text)
    if scheme.split("+", 1)[0] in ("postgresql", "postgres"):
        return _postgres(text)
    raise UserError(
        f"不支持的数据库地址“{url}”。",
        hint=(
            "可用 postgresql://用户@主机:端口/库名 "
            "或 duckdb:文件路径（如 duckdb:/data/病案.duckdb）。"
        ),
    )


def _duckdb(url: str) -> Database:
    try:
        import duckdb
    except ImportError as exc:
        raise UserError(
            "读取 DuckDB 数据库需要 duckdb 组件，当前未安装。",
            hint="请安装：pip install 'rtech[duckdb]'",
        ) from exc
    path = url.split(":", 1)[1]
    if path.startswith("//"):
        path = path[2:]
    if not path:
        raise UserError(f"数据库地址“{url}”缺少文件路径，如 duckdb:/data/病案.duckdb")
    from pathlib import Path

    if not Path(path).is_file():
        raise UserError(f"找不到 DuckDB 数据库文件 {path}。")
    try:
        connection = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        raise UserError(f"无法打开 DuckDB 数据库 {path}：{_first_line(exc)}") from exc
    return Database("duckdb", f"duckdb:{path}", connection)


def _postgres(url: str) -> Database:
    import psycopg
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"数据库地址“{url}”无效：{exc}") from exc
    shown = parsed.render_as_string(hide_password=True)
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = psycopg.connect(conninfo, connect_timeout=10)
    except psycopg.Error as exc:
        raise UserError(
            f"无法连接数据库 {shown}：{_first_line(exc)}",
            hint="请检查地址、端口、用户名与密码，以及数据库服务是否在运行。",
        ) from exc
    return Database("postgres", shown, connection)


# -------------------------------------------------------------------------
# Screening
# -------------------------------------------------------------------------


def _column(layout: Layout, kind: str, position: int) -> str:
    if layout.kind == "long":
        assert layout.code is not None
        return layout.headers[layout.code]
    columns = layout.diagnoses if kind == "D" else layout.procedures
    return layout.headers[columns[position - 1]]


def screen_database(
    database: Database,
    table: str,
    mapping: Any,
    rules: ScreeningRules,
    emit: Callable[[Match], None],
) -> Summary:
    """Screen ``table`` in ``database``, calling ``emit`` for every match (in the
    query's order), and count what a file's run counts."""
    started = time.perf_counter()
    target = exp.to_table(table)
    columns = database.columns(target)
    layout = layout_for_table(mapping, columns, target.sql(dialect=database.dialect))
    query = ScreenQuery(table, layout, rules.book, rules.chooser, rules.relevant)
    dialect = database.dialect
    stats = Stats()
    with database.session() as run:
        cursor = run(render(query.matches(record_key=True), dialect))
        while True:
            rows = cursor.fetchmany(_BATCH)
            if not rows:
                break
            _emit(rows, stats, emit)
        stats.records = int(run(render(query.records_query(), dialect)).fetchall()[0][0])
        stats.candidates = stats.records
        _rejected(run(render(query.rejected_query(EXAMPLES), dialect)).fetchall(), layout, stats)
        _skipped(run(render(query.skipped_query(EXAMPLES), dialect)).fetchall(), stats)
    shown = f"{database.shown} 表 {target.sql(dialect=dialect)}"
    notes = list(layout.notes)
    if layout.kind == "long":
        notes.append("长表中同一病案各编码的先后按表的行序（扫描顺序）")
    report = FileReport(
        shown,
        f"{database.label} 表",
        "",
        layout.describe(),
        notes,
        stats.records,
        "SQL（在数据库中执行，逐条解析全部记录）",
    )
    return Summary(
        [report],
        stats,
        time.perf_counter() - started,
        rules.chooser.editions,
        rules.missing,
        rules.sources,
    )


def _emit(rows: Sequence[tuple[Any, ...]], stats: Stats, emit: Callable[[Match], None]) -> None:
    last: Any = object()
    for record_id, slug, number, edition, rule, codes, review, reasons, record in rows:
        stats.matches[slug] = stats.matches.get(slug, 0) + 1
        if review:
            stats.reviews[slug] = stats.reviews.get(slug, 0) + 1
        if (record, edition) != last:  # one record's matches come together
            stats.editions[edition] = stats.editions.get(edition, 0) + 1
            last = (record, edition)
        emit(
            Match(
                record_id, slug, number, edition, rule, tuple(codes), bool(review), tuple(reasons)
            )
        )


def _rejected(rows: Sequence[tuple[Any, ...]], layout: Layout, stats: Stats) -> None:
    if not rows:
        return
    stats.rejected_cells = int(rows[0][0])
    for _, line, record_id, kind, position, raw, kind_raw in rows:
        if kind == "K":
            detail = f"记录 {record_id} 的编码类型无法识别：{kind_raw!r}（编码 {raw!r}）"
        else:
            detail = f"记录 {record_id} 的“{_column(layout, kind, int(position))}”：{raw!r}"
        stats.note(_REJECTED, int(line), detail)


def _skipped(rows: Sequence[tuple[Any, ...]], stats: Stats) -> None:
    for reason_no, total, line, record_id, discharge in rows:
        reason = SKIPPED[int(reason_no)]
        stats.skipped[reason] = int(total)
        detail = (
            "记录号为空" if int(reason_no) == 1 else f"记录 {record_id}，出院日期 {discharge!r}"
        )
        stats.note(reason, int(line), detail)
