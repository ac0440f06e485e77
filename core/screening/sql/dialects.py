"""Rendering the one syntax tree for DuckDB, PostgreSQL and Spark SQL.

The query is built once (rtech.screening.sql.query) from sqlglot expressions
and rendered by sqlglot's generators. Where sqlglot has no transpilation (or a
wrong one) for what the query needs, a rewrite turns the canonical node into
what the engine has, before rendering:

- ``ByteLength(x)``: DuckDB ``STRLEN(x)`` (its ``OCTET_LENGTH`` takes blobs);
  PostgreSQL and Spark ``OCTET_LENGTH(x)``.
- ``RegexpExtract(x, p, g)``: PostgreSQL ``(REGEXP_MATCH(x, p))[g]``.
- ``RegexpSplit(x, p)``: PostgreSQL ``REGEXP_SPLIT_TO_ARRAY(x, p)``.
- ``ARRAY_AGG(v ORDER BY k…) FILTER (WHERE f)``: Spark has no ordered
  aggregate: ``TRANSFORM(ARRAY_SORT(COLLECT_LIST(CASE WHEN f THEN
  NAMED_STRUCT('k0', k…, 'v', v) END)), s -> s.v)``.
- ``ROW_NUMBER() OVER ()``: Spark ``MONOTONICALLY_INCREASING_ID()``. It numbers
  a table's rows in scan order, and is used only to tell rows apart and to
  order a long layout's codes; Spark's increases in scan order too (with gaps).
- ``SELECT UNNEST(a) AS v, GENERATE_SUBSCRIPTS(a, 1) AS i`` (DuckDB and
  PostgreSQL run set-returning functions in lockstep): Spark ``LATERAL VIEW
  POSEXPLODE(a) u AS i, v``. sqlglot itself turns ``UNNEST … WITH ORDINALITY``
  into ``POSEXPLODE``. Spark counts positions from 0, not 1: the query uses
  positions only to order.
- ``WITH … AS MATERIALIZED``: Spark has no such keyword (it decides what to
  reuse); dropped.
- ``x COLLATE "C"`` (compare by code point): kept for PostgreSQL, whose default
  collation may follow a locale; dropped elsewhere, where binary is the default.
- ``REPLACE(REPLACE(x, a, b), …)``, hundreds deep (the characters NFKC turns
  into several): Spark's parser overflows its stack; ``AGGREGATE(ARRAY(
  NAMED_STRUCT('s', a, 't', b), …), x, (r, p) -> REPLACE(r, p.s, p.t))``
  applies the same replacements in the same order.
- ``CHR(n)`` above 127: Spark's ``CHR`` takes its argument modulo 256:
  ``DECODE(UNHEX('…'), 'UTF-8')``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Final

import sqlglot
from sqlglot import exp

__all__ = ["DIALECTS", "render"]

#: Chains of REPLACE at least this long are flattened for Spark.
_DEEP: Final = 16

#: rtech's dialect names -> sqlglot's.
DIALECTS: Final = {"duckdb": "duckdb", "postgres": "postgres", "spark": "spark"}


def _byte_length(dialect: str) -> Callable[[exp.Expr], exp.Expr]:
    name = "STRLEN" if dialect == "duckdb" else "OCTET_LENGTH"

    def rewrite(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.ByteLength):
            return exp.Anonymous(this=name, expressions=[node.this])
        return node

    return rewrite


def _postgres(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.RegexpExtract):
        match = exp.Anonymous(this="REGEXP_MATCH", expressions=[node.this, node.expression])
        group = node.args.get("group") or exp.Literal.number(1)
        # sqlglot shifts bracket indexes by the dialect's offset: PostgreSQL's
        # arrays count from 1, as regexp groups do.
        return exp.Bracket(this=exp.Paren(this=match), expressions=[group], offset=1)
    if isinstance(node, exp.RegexpSplit):
        return exp.Anonymous(this="REGEXP_SPLIT_TO_ARRAY", expressions=[node.this, node.expression])
    return node


def _without_collation(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Collate):
        inner: exp.Expr = node.this
        return inner
    return node


def _subscripts(node: exp.Expr) -> bool:
    return (
        isinstance(node, exp.Alias)
        and isinstance(node.this, exp.Anonymous)
        and node.this.name.upper() == "GENERATE_SUBSCRIPTS"
    )


def _spark_unnest(select: exp.Select) -> exp.Select:
    """``SELECT …, UNNEST(a) AS v, GENERATE_SUBSCRIPTS(a, 1) AS i FROM t`` ->
    ``SELECT …, u.v, u.i FROM t LATERAL VIEW POSEXPLODE(a) u AS i, v``."""
    explode = next(
        (
            e
            for e in select.expressions
            if isinstance(e, exp.Alias) and isinstance(e.this, exp.Explode)
        ),
        None,
    )
    position = next((e for e in select.expressions if _subscripts(e)), None)
    if explode is None or position is None:
        return select
    alias = exp.TableAlias(
        this=exp.to_identifier("rtech_u"), columns=[exp.to_identifier(explode.alias)]
    )
    unnest = exp.Unnest(
        expressions=[explode.this.this.copy()],
        alias=alias,
        offset=exp.to_identifier(position.alias),
    )
    kept = [e for e in select.expressions if e is not explode and e is not position]
    select.set(
        "expressions",
        [*kept, exp.column(explode.alias, "rtech_u"), exp.column(position.alias, "rtech_u")],
    )
    select.append("joins", exp.Join(this=unnest, kind="CROSS"))
    return select


def _flat_replaces(node: exp.Replace) -> exp.Expr:
    """``REPLACE(REPLACE(x, a, b), c, d)…`` -> ``AGGREGATE(ARRAY(NAMED_STRUCT('s', a,
    't', b), …), x, (r, p) -> REPLACE(r, p.s, p.t))``: the same replacements in the
    same order, at a constant depth (Spark's parser overflows on a few hundred)."""
    pairs: list[exp.Expr] = []
    inner: exp.Expr = node
    while isinstance(inner, exp.Replace):
        fields = [exp.Literal.string("s"), inner.expression, exp.Literal.string("t")]
        fields.append(inner.args["replacement"])
        pairs.append(exp.Anonymous(this="NAMED_STRUCT", expressions=fields))
        inner = inner.this
    if len(pairs) < _DEEP:
        return node
    step = exp.Anonymous(
        this="REPLACE",
        expressions=[
            exp.column("r"),
            exp.Dot(this=exp.column("p"), expression=exp.to_identifier("s")),
            exp.Dot(this=exp.column("p"), expression=exp.to_identifier("t")),
        ],
    )
    return exp.Anonymous(
        this="AGGREGATE",
        expressions=[
            exp.Array(expressions=pairs[::-1]),
            inner,
            exp.Lambda(this=step, expressions=[exp.to_identifier("r"), exp.to_identifier("p")]),
        ],
    )


def _spark(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Select):
        return _spark_unnest(node)
    if isinstance(node, exp.Replace):
        return _flat_replaces(node)
    if isinstance(node, exp.CTE) and node.args.get("materialized"):
        node.set("materialized", None)  # Spark decides for itself what to reuse
        return node
    if isinstance(node, exp.Chr):
        code = int(node.expressions[0].this)
        if code > 0x7F:  # Spark's CHR takes its argument modulo 256
            encoded = exp.Literal.string(chr(code).encode("utf-8").hex().upper())
            return exp.Anonymous(
                this="DECODE",
                expressions=[exp.Unhex(this=encoded), exp.Literal.string("UTF-8")],
            )
    if (
        isinstance(node, exp.Window)
        and isinstance(node.this, exp.RowNumber)
        and not node.args.get("partition_by")
        and not node.args.get("order")
    ):
        return exp.Anonymous(this="MONOTONICALLY_INCREASING_ID", expressions=[])
    aggregate, condition = node, None
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.ArrayAgg):
        aggregate, condition = node.this, node.expression.this
    if isinstance(aggregate, exp.ArrayAgg) and isinstance(aggregate.this, exp.Order):
        value = aggregate.this.this
        keys = [o.this for o in aggregate.this.expressions]
        if any(o.args.get("desc") for o in aggregate.this.expressions):
            raise ValueError("descending keys are not rewritten for Spark")
        fields: list[exp.Expr] = []
        for index, key in enumerate([*keys, value]):
            name = "v" if index == len(keys) else f"k{index}"
            fields += [exp.Literal.string(name), key]
        item: exp.Expr = exp.Anonymous(this="NAMED_STRUCT", expressions=fields)
        if condition is not None:
            item = exp.Case(ifs=[exp.If(this=condition, true=item)])
        collected = exp.Anonymous(
            this="ARRAY_SORT", expressions=[exp.Anonymous(this="COLLECT_LIST", expressions=[item])]
        )
        lambda_ = exp.Lambda(
            this=exp.Dot(this=exp.column("s"), expression=exp.to_identifier("v")),
            expressions=[exp.to_identifier("s")],
        )
        return exp.Anonymous(this="TRANSFORM", expressions=[collected, lambda_])
    return node


def render(tree: exp.Expr, dialect: str, *, pretty: bool = True) -> str:
    """``tree`` as ``dialect``'s SQL (the tree is not changed)."""
    target = DIALECTS[dialect]
    tree = tree.copy().transform(_byte_length(dialect), copy=False)
    if dialect == "postgres":
        tree = tree.transform(_postgres, copy=False)
    else:
        tree = tree.transform(_without_collation, copy=False)
    if dialect == "spark":
        tree = tree.transform(_spark, copy=False)
    # The normalisation nests a few hundred REPLACE calls; sqlglot's generator
    # recurses once per level, several frames deep.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        return tree.sql(
            dialect=target,
            pretty=pretty,
            max_text_width=1 << 20,
            unsupported_level=sqlglot.ErrorLevel.RAISE,
        )
    finally:
        sys.setrecursionlimit(limit)
