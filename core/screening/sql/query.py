"""The screening query: ``rtech screen``'s decisions as one SQL syntax tree.

Built once from sqlglot expressions, rendered per engine by
:mod:`rtech.screening.sql.dialects`. The query reads one table (wide layout:
one row per record; long layout: one code per row) and returns the columns of
``rtech screen --format jsonl`` with the same values: ``record_id``,
``technology``, ``catalog_no``, ``edition``, ``rule``, ``matched_codes`` (an
array of text), ``needs_review`` (a boolean) and ``review_reasons`` (an array of
text), ordered by record id (binary, code-point order), then the table's row
order, then the catalog order of the technologies.

The steps, as common table expressions:

``rtech_rules``, ``rtech_codes``, ``rtech_ranges``
    the rules of each edition in play (plugin or imported tables, as screen
    reads them), inlined as ``VALUES``: every technology's rule; every listed
    code's matching key with the code as listed, its role (0: a diagnosis,
    1: a procedure that triggers the rule — the procedures of
    ``AnyProcedure`` and ``DiagnosisAndProcedure``, the anchors of
    ``AnchorWithPartner`` —, 2: a partner) and its review remark; the
    diagnosis ranges by category (``C00``-``C97``).
``cells`` / ``src`` … ``norm``
    wide layout: the code columns unpivoted (``UNNEST … WITH ORDINALITY``),
    diagnoses first, each in mapping order; long layout: the rows with a code
    and a known kind, from the first row screening keeps of each record (the
    first whose code starts with a listed code or a range's first letter,
    as :class:`rtech.screening.sources.LongRecords` does). ``k`` is the cell's
    matching key: ``squeeze`` by the tables of :mod:`.charmap`.
``direct``, ``pieces``, ``parts``, ``cells_ok``, ``codes``
    :func:`rtech.codes.normalize.normalize_cell`: a key shaped like a code of
    its column's kind is one code; a diagnosis cell is otherwise split at
    ``+`` and ``†``, each part stripped of trailing ``*`` and of a morphology
    suffix (the leftmost match of the suffix pattern, when it does not start
    the part), and is codes only when every part is one.
``hits``, ``records`` … ``kept``
    codes joined to the listed keys; the records holding a trigger code, their
    edition (``--edition``, or the discharge date parsed as
    :func:`rtech.editions.parse_date` does against the effective dates); those
    with a record id and an edition are kept.
``rec_hits``, ``first_hits``, ``agg``
    range matches added for diagnoses not listed; each key's first occurrence
    kept; per record and technology the roles found, whether every matched
    procedure carries a qualifying remark, and the codes in screen's order
    (listed diagnoses, diagnoses in a range, procedures or anchors, partners;
    each in record order).

The same steps give ``rtech screen --database`` its summary (records,
implausible cells, records skipped for want of an id or a date).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from sqlglot import exp

from rtech.codes.model import CodeEntry, Rule, ValueSet
from rtech.codes.normalize import _ICD9CM3, _ICD10, _MORPHOLOGY, PLACEHOLDERS, code_key
from rtech.codes.rules import AnchorWithPartner, AnyProcedure, DiagnosisAndProcedure, is_qualifier
from rtech.errors import UserError
from rtech.screening.editions import EditionChooser
from rtech.screening.evaluate import RuleBook
from rtech.screening.layout import _KIND_VALUES, Layout
from rtech.screening.output import COLUMNS
from rtech.screening.sql.charmap import CharMap, charmap

__all__ = ["COLUMNS", "ScreenQuery"]

#: CTEs always computed on their own (see ScreenQuery._with).
_FENCED: Final = ("norm", "hits")
DX: Final = "D"
PX: Final = "P"
FIRST, PARTNER = 1, 2  # roles of procedure codes; 0 is a listed diagnosis
# parse_date's pattern, on text whose digits are ASCII and whose spaces are " ".
_DATE: Final = r"^ *([0-9]{4}) *[-/.年]? *([0-9]{1,2}) *[-/.月]? *([0-9]{1,2})"


# -------------------------------------------------------------------------
# Small builders
# -------------------------------------------------------------------------


def _c(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table)


def _user(name: str, table: str | None = None) -> exp.Column:
    """A column of the user's table, quoted as named."""
    return exp.Column(
        this=exp.to_identifier(name, quoted=True),
        table=exp.to_identifier(table) if table else None,
    )


def _s(value: str) -> exp.Expr:
    """A text constant. Line breaks and control characters are spelt ``CHR(n)``
    (concatenated), so that the script survives editors and line-ending changes."""
    parts: list[exp.Expr] = []
    run = ""
    for c in value:
        if unicodedata.category(c) in ("Cc", "Zl", "Zp"):
            if run:
                parts.append(exp.Literal.string(run))
                run = ""
            parts.append(exp.Chr(expressions=[exp.Literal.number(ord(c))]))
        else:
            run += c
    if run or not parts:
        parts.append(exp.Literal.string(run))
    result = parts[0]
    for part in parts[1:]:
        result = exp.DPipe(this=result, expression=part, safe=True)
    # Parenthesised: PostgreSQL's || binds no tighter than ~ (regex match).
    return exp.Paren(this=result) if len(parts) > 1 else result


def _n(value: int) -> exp.Expr:
    return exp.Literal.number(value)


def _text(node: exp.Expr) -> exp.Cast:
    return exp.Cast(this=node, to=exp.DataType.build("text"))


def _matches(node: exp.Expr, pattern: str) -> exp.RegexpLike:
    return exp.RegexpLike(this=node, expression=_s(pattern))


def _case(pairs: Sequence[tuple[exp.Expr, exp.Expr]], default: exp.Expr | None = None) -> exp.Case:
    return exp.Case(ifs=[exp.If(this=c, true=v) for c, v in pairs], default=default)


def _as(node: exp.Expr, name: str) -> exp.Expr:
    return exp.alias_(node, name)


def _in(node: exp.Expr, values: Iterable[str]) -> exp.In:
    return exp.In(this=node, expressions=[_s(v) for v in sorted(values)])


def _binary(node: exp.Expr) -> exp.Collate:
    """Compared by code point (PostgreSQL's "C" collation; the default elsewhere)."""
    return exp.Collate(this=node, expression=exp.to_identifier("C", quoted=True))


def _window(func: exp.Expr, partition: Sequence[exp.Expr], order: Sequence[exp.Expr]) -> exp.Window:
    return exp.Window(
        this=func,
        partition_by=list(partition),
        order=exp.Order(expressions=[exp.Ordered(this=o, nulls_first=False) for o in order])
        if order
        else None,
    )


def _ordered_list(value: exp.Expr, keys: Sequence[str], where: exp.Expr | None = None) -> exp.Expr:
    aggregate: exp.Expr = exp.ArrayAgg(
        this=exp.Order(
            this=value, expressions=[exp.Ordered(this=_c(k), nulls_first=False) for k in keys]
        )
    )
    if where is not None:
        aggregate = exp.Filter(this=aggregate, expression=exp.Where(this=where))
    return aggregate


def _unnest(array: exp.Expr, alias: str, value: str, position: str) -> exp.Unnest:
    return exp.Unnest(
        expressions=[array],
        alias=exp.TableAlias(this=exp.to_identifier(alias), columns=[exp.to_identifier(value)]),
        offset=exp.to_identifier(position),
    )


def _values(alias: str, columns: Sequence[str], rows: Sequence[Sequence[str | int]]) -> exp.Select:
    tuples = [
        exp.Tuple(expressions=[_s(v) if isinstance(v, str) else _n(v) for v in row]) for row in rows
    ]
    values = exp.Values(
        expressions=tuples,
        alias=exp.TableAlias(
            this=exp.to_identifier(alias), columns=[exp.to_identifier(c) for c in columns]
        ),
    )
    return exp.select(*columns).from_(values)


def _ascii(node: exp.Expr) -> exp.Expr:
    """Whether text is ASCII: as many bytes as characters."""
    return exp.EQ(this=exp.ByteLength(this=node), expression=exp.Length(this=node))


def _regex(pattern: str, digits: str) -> str:
    """A pattern of normalize.py with Python's Unicode ``\\d`` spelt out."""
    return pattern.replace(r"\d", digits)


# -------------------------------------------------------------------------
# The rules as rows
# -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    rules: list[tuple[str, int, str, str, str, int, int]]
    codes: list[tuple[str, str, str, int, str, str, int, str]]
    ranges: list[tuple[str, str, str, str, int, int]]


def _entries(value_set: ValueSet) -> dict[str, CodeEntry]:
    """Matching key -> entry, as rtech.codes.rules._Lookup keeps them (the last wins)."""
    return {code_key(e.code): e for e in value_set.entries}


def _tables(book: RuleBook) -> _Tables:
    tables = _Tables([], [], [])
    for edition, technologies in book.by_edition.items():
        for position, tech in enumerate(technologies):
            rule: Rule = tech.rules.rule
            roles: list[tuple[int, dict[str, CodeEntry]]] = []
            needs_dx = needs_partner = 0
            if isinstance(rule, AnyProcedure):
                roles.append((FIRST, _entries(rule.procedures)))
            elif isinstance(rule, DiagnosisAndProcedure):
                needs_dx = 1
                roles.append((0, _entries(rule.diagnoses)))
                roles.append((FIRST, _entries(rule.procedures)))
                tables.ranges.extend(
                    (edition, tech.slug, r.start.upper(), r.end.upper(), len(r.start), len(r.end))
                    for r in rule.diagnoses.ranges
                )
            elif isinstance(rule, AnchorWithPartner):
                needs_partner = 1
                entries = _entries(rule.procedures)
                anchors = {code_key(a) for a in rule.anchors}
                partners = {code_key(p) for p in rule.partners} - anchors
                roles.append((FIRST, {k: e for k, e in entries.items() if k in anchors}))
                roles.append((PARTNER, {k: e for k, e in entries.items() if k in partners}))
            else:
                raise UserError(
                    f"{edition} 版 {tech.catalog_no}（{tech.slug}）的识别规则"
                    f"“{type(rule).__name__}”不能导出为 SQL：只支持 AnyProcedure、"
                    "DiagnosisAndProcedure 与 AnchorWithPartner 三种规则。"
                )
            tables.rules.append(
                (edition, position, tech.slug, tech.catalog_no, rule.id, needs_dx, needs_partner)
            )
            for role, entries in roles:
                for key, entry in entries.items():
                    qualified = role != 0 and is_qualifier(entry.remark)
                    reason = f"{entry.code}：{entry.remark.strip()}" if qualified else ""
                    kind = DX if role == 0 else PX
                    tables.codes.append(
                        (edition, tech.slug, kind, role, key, entry.code, int(qualified), reason)
                    )
    return tables


# -------------------------------------------------------------------------
# The query
# -------------------------------------------------------------------------


class ScreenQuery:
    """The common table expressions of one screening, and the queries over them.

    ``table`` is the table's name as the engine knows it (``schema.table``
    allowed); ``relevant`` are the prefixes that make a long-layout row worth
    keeping (rtech.screening.sources._relevant_keys).
    """

    def __init__(
        self,
        table: str,
        layout: Layout,
        book: RuleBook,
        chooser: EditionChooser,
        relevant: Sequence[str] = (),
    ) -> None:
        self.layout = layout
        self.book = book
        self.chooser = chooser
        self.map: CharMap = charmap()
        self.table = exp.to_table(table)
        self.ctes: dict[str, exp.Query] = {}
        tables = _tables(book)
        self._values(tables)
        if layout.kind == "wide":
            self._wide()
        else:
            self._long(relevant)
        self._records()
        self._checked()

    # -- building blocks ----------------------------------------------------

    def _add(self, name: str, query: exp.Query) -> None:
        self.ctes[name] = query

    def _values(self, tables: _Tables) -> None:
        self._add(
            "rtech_rules",
            _values(
                "v",
                (
                    "edition",
                    "tech_pos",
                    "technology",
                    "catalog_no",
                    "rule",
                    "needs_dx",
                    "needs_partner",
                ),
                tables.rules,
            ),
        )
        self._add(
            "rtech_codes",
            _values(
                "v",
                (
                    "edition",
                    "technology",
                    "kind",
                    "grp",
                    "code_key",
                    "shown",
                    "qualified",
                    "reason",
                ),
                tables.codes,
            ),
        )
        self.has_ranges = bool(tables.ranges)
        if self.has_ranges:
            self._add(
                "rtech_ranges",
                _values(
                    "v",
                    (
                        "edition",
                        "technology",
                        "range_start",
                        "range_end",
                        "start_length",
                        "end_length",
                    ),
                    tables.ranges,
                ),
            )

    def normalised(self, node: exp.Expr) -> exp.Expr:
        """``squeeze(node)``, through the tables of :mod:`.charmap`.

        ASCII text (nearly every cell) is upper-cased (in binary collation: ASCII
        letters only, whatever the locale) without its whitespace. Other text
        goes through the small table of full-width forms; then, unless it holds
        a character the full tables rewrite (``无`` and ``—`` need nothing), only
        its ASCII letters and spaces are rewritten; else the full tables apply
        to the cell.
        """
        m = self.map
        spaces = m.ascii_space_class

        def plain(text: exp.Expr) -> exp.Expr:
            squeezed = exp.RegexpReplace(this=text, expression=_s(spaces), replacement=_s(""))
            return _case(
                [(_matches(text, spaces), exp.Upper(this=_binary(squeezed)))],
                exp.Upper(this=_binary(text.copy())),
            )

        common = exp.Translate(this=node, from_=_s(m.common_from), to=_s(m.common_to))
        full: exp.Expr = exp.Translate(this=node, from_=_s(m.translate_from), to=_s(m.translate_to))
        replaced = full.copy()
        for source, target in m.replace:
            replaced = exp.Replace(this=replaced, expression=_s(source), replacement=_s(target))
        return _case(
            [
                (_ascii(node), plain(node)),
                (
                    exp.not_(_matches(common, m.rewritten_class)),
                    exp.Translate(this=common.copy(), from_=_s(m.ascii_from), to=_s(m.ascii_to)),
                ),
                (_matches(node, m.replace_class), replaced),
            ],
            full,
        )

    def _shaped(self, node: exp.Expr, pattern: str) -> exp.Expr:
        """Whether ``node`` fully matches a pattern of normalize.py (whose ``\\d`` is
        Unicode): tried with ASCII digits first, the Unicode class only for
        text that is not ASCII."""
        return exp.or_(
            _matches(node, "^" + pattern.replace(r"\d", "[0-9]") + "$"),
            exp.and_(
                exp.not_(_ascii(node)),
                _matches(node, "^" + _regex(pattern, self.map.digit_class) + "$"),
            ),
        )

    def _stripped(self, node: exp.Expr) -> exp.Expr:
        """``str.strip()`` of a cell read as text (NULL as "")."""
        return exp.Trim(
            this=exp.Coalesce(this=_text(node), expressions=[_s("")]),
            expression=_s(self.map.whitespace),
        )

    def _date(self) -> exp.Expr:
        if self.layout.discharge_date is None:
            return _text(exp.Null())
        return _text(_user(self.layout.headers[self.layout.discharge_date]))

    def _unpivot(self, name: str, source: exp.Expr, kind: str, array: str) -> None:
        """One row per non-empty cell of ``source``'s ``array`` column, with its position."""
        cells = exp.select(
            _c("rec", "t"),
            _as(exp.Explode(this=_c(array, "t")), "raw"),
            _as(
                exp.Anonymous(this="GENERATE_SUBSCRIPTS", expressions=[_c(array, "t"), _n(1)]),
                "pos",
            ),
        ).from_(source)
        self._add(
            name,
            exp.select("rec", _as(_s(kind), "kind"), "pos", "raw")
            .from_(cells.subquery("c"))
            .where(exp.NEQ(this=_c("raw"), expression=_s(""))),
        )

    def _normalise(self, name: str, source: str) -> None:
        self._add(
            name,
            exp.select("rec", "kind", "pos", "raw", _as(self.normalised(_c("raw")), "k")).from_(
                source
            ),
        )

    # -- the layouts ----------------------------------------------------------

    def _wide(self) -> None:
        """Procedures of every row first; diagnoses only of rows with a trigger code."""
        layout = self.layout

        def cells(columns: tuple[int, ...]) -> exp.Array:
            return exp.Array(expressions=[_text(_user(layout.headers[i])) for i in columns])

        self._add(
            "rows",
            exp.select(
                _as(exp.Window(this=exp.RowNumber()), "rec"),
                _as(_text(_user(layout.headers[layout.record_id])), "rid_raw"),
                _as(self._date(), "date_raw"),
                _as(cells(layout.diagnoses), "dx"),
                _as(cells(layout.procedures), "px"),
            ).from_(self.table),
        )
        self._unpivot("px_cells", exp.to_table("rows").as_("t"), PX, "px")
        self._normalise("px_norm", "px_cells")
        self._classify("px_norm", "px_", PX)
        self._hits("px_hits", "px_codes")
        self._add(
            "cand",
            exp.select("rec")
            .from_("px_hits")
            .where(exp.EQ(this=_c("grp"), expression=_n(FIRST)))
            .group_by("rec"),
        )
        chosen = (
            exp.select(_c("rec", "r"), _c("rid_raw", "r"), _c("date_raw", "r"), _c("dx", "r"))
            .from_(exp.to_table("rows").as_("r"))
            .join(
                exp.to_table("cand").as_("c"),
                on=exp.EQ(this=_c("rec", "c"), expression=_c("rec", "r")),
            )
        )
        self._add("cand_rows", chosen)
        if layout.diagnoses:
            self._unpivot("dx_cells", exp.to_table("cand_rows").as_("t"), DX, "dx")
            self._normalise("dx_norm", "dx_cells")
            self._classify("dx_norm", "dx_", DX)
            self._hits("dx_hits", "dx_codes")
        self.range_codes = "dx_codes" if layout.diagnoses else ""
        self.hit_tables = ["px_hits", "dx_hits"] if layout.diagnoses else ["px_hits"]
        self._add(
            "records",
            exp.select(
                "rec",
                _as(self._stripped(_c("rid_raw")), "record_id"),
                "date_raw",
                _as(_c("rec"), "line"),
            ).from_("cand_rows"),
        )

    def _long(self, relevant: Sequence[str]) -> None:
        layout = self.layout
        assert layout.code is not None
        columns = [
            _as(exp.Window(this=exp.RowNumber()), "rtech_row"),
            _as(self._stripped(_user(layout.headers[layout.record_id])), "record_id"),
            _as(self._date(), "date_raw"),
            _as(self._stripped(_user(layout.headers[layout.code])), "raw"),
        ]
        if layout.code_kind is not None:
            columns.append(
                _as(
                    exp.Coalesce(
                        this=_text(_user(layout.headers[layout.code_kind])), expressions=[_s("")]
                    ),
                    "kind_raw",
                )
            )
        self._add("src", exp.select(*columns).from_(self.table))
        typed = ["rtech_row", "record_id", "date_raw", "raw"]
        extra = [_as(self.normalised(_c("raw")), "k")]
        if layout.code_kind is not None:
            typed.append("kind_raw")
            extra.append(_as(self.normalised(_c("kind_raw")), "kind_key"))
            kind = _case(
                [
                    (_in(_c("kind_key"), _KIND_VALUES[k]), _s(mark))
                    for k, mark in zip(_KIND_VALUES, (DX, PX), strict=True)
                ]
            )
        else:
            # CodeKind.DIAGNOSIS when the key starts with a letter (str.isalpha):
            # a key starting with another character than A-Z is implausible as
            # either kind, or a placeholder of both.
            kind = _case([(_matches(_c("k"), "^[A-Z]"), _s(DX))], _s(PX))
        self._add(
            "typed",
            exp.select(*typed, *extra)
            .from_("src")
            .where(exp.NEQ(this=_c("raw"), expression=_s(""))),
        )
        self._add(
            "valid",
            exp.select("*")
            .from_(exp.select(*typed, "k", _as(kind, "kind")).from_("typed").subquery("t"))
            .where(exp.not_(exp.Is(this=_c("kind"), expression=exp.Null()))),
        )
        by_length: dict[int, set[str]] = {}
        for prefix in relevant:
            by_length.setdefault(len(prefix), set()).add(prefix)
        tests = [
            _in(exp.Substring(this=_c("k"), start=_n(1), length=_n(length)), prefixes)
            for length, prefixes in sorted(by_length.items())
        ]
        relevant_row = exp.or_(*tests) if tests else exp.false()
        first_kept = _window(
            exp.Min(this=_case([(relevant_row, _c("rtech_row"))])), [_c("record_id")], []
        )
        held = (
            exp.select(
                "rtech_row",
                "record_id",
                "date_raw",
                "raw",
                "k",
                "kind",
                _as(first_kept, "first_kept"),
            )
            .from_("valid")
            .subquery("h")
        )
        self._add(
            "norm",
            exp.select(
                _as(_c("record_id"), "rec"),
                "kind",
                _as(_c("rtech_row"), "pos"),
                "raw",
                "k",
                "date_raw",
            )
            .from_(held)
            .where(exp.GTE(this=_c("rtech_row"), expression=_c("first_kept"))),
        )
        self._classify("norm", "", None)
        self._hits("hits", "codes")
        self.range_codes = "codes"
        self.hit_tables = ["hits"]
        dated = (
            exp.select(
                "rec", "date_raw", _as(_window(exp.RowNumber(), [_c("rec")], [_c("pos")]), "n")
            )
            .from_("norm")
            .where(
                exp.and_(
                    exp.not_(exp.Is(this=_c("date_raw"), expression=exp.Null())),
                    exp.NEQ(this=_c("date_raw"), expression=_s("")),
                )
            )
            .subquery("d")
        )
        self._add("rec_dates", exp.select("rec", "date_raw").from_(dated).where("n = 1"))
        held_records = (
            exp.select("rec", _as(exp.Min(this=_c("pos")), "line"))
            .from_("hits")
            .where(exp.EQ(this=_c("grp"), expression=_n(FIRST)))
            .group_by("rec")
            .subquery("h")
        )
        self._add(
            "records",
            exp.select(
                _c("rec", "h"),
                _as(_c("rec", "h"), "record_id"),
                _c("date_raw", "d"),
                _c("line", "h"),
            )
            .from_(held_records)
            .join(
                exp.to_table("rec_dates").as_("d"),
                on=exp.EQ(this=_c("rec", "d"), expression=_c("rec", "h")),
                join_type="left",
            ),
        )

    # -- normalize_cell -------------------------------------------------------

    def _classify(self, source: str, prefix: str, kind: str | None) -> None:
        """normalize_cell over ``source`` (rec, kind, pos, k), for cells of ``kind``
        (None: both). Adds ``{prefix}codes`` (rec, kind, pos, sub, key) and, for
        diagnoses, ``{prefix}cells_ok``: the cells that split into codes."""
        keep = ["rec", "kind", "pos"]
        k = _c("k")
        shapes = []
        if kind in (None, PX):
            shapes.append(
                exp.and_(
                    exp.EQ(this=_c("kind"), expression=_s(PX)), self._shaped(k, _ICD9CM3.pattern)
                )
            )
        if kind in (None, DX):
            shapes.append(
                exp.and_(
                    exp.EQ(this=_c("kind"), expression=_s(DX)), self._shaped(k, _ICD10.pattern)
                )
            )
        direct = (
            exp.select(*keep, _as(_n(0), "sub"), _as(k, "key"))
            .from_(source)
            .where(exp.or_(*shapes))
        )
        if kind == PX:
            self._add(f"{prefix}codes", direct)
            return
        self._add(f"{prefix}direct", direct)
        n_k = _c("k", "n")
        self._add(
            f"{prefix}pieces",
            exp.select(*[_c(c, "n") for c in keep], _c("sub", "p"), _c("part", "p"))
            .from_(exp.to_table(source).as_("n"))
            .join(
                _unnest(exp.RegexpSplit(this=n_k, expression=_s("[+\u2020]")), "p", "part", "sub"),
                join_type="cross",
            )
            .where(
                exp.and_(
                    exp.EQ(this=_c("kind", "n"), expression=_s(DX)),
                    exp.NEQ(this=n_k, expression=_s("")),
                    exp.not_(_in(n_k, PLACEHOLDERS)),
                    exp.not_(self._shaped(n_k, _ICD10.pattern)),
                )
            ),
        )
        x = _c("x")
        digits = self.map.digit_class
        morphology = "^" + _regex(_MORPHOLOGY.pattern, digits)
        cut = "^(.+?)" + _regex(_MORPHOLOGY.pattern, digits)
        base = _case(
            [
                (_matches(x, morphology), x),
                (_matches(x, cut), exp.RegexpExtract(this=x, expression=_s(cut), group=_n(1))),
            ],
            x,
        )
        stripped = (
            exp.select(
                *keep,
                "sub",
                _as(
                    exp.RegexpReplace(this=_c("part"), expression=_s(r"\*+$"), replacement=_s("")),
                    "x",
                ),
            )
            .from_(f"{prefix}pieces")
            .where(exp.NEQ(this=_c("part"), expression=_s("")))
            .subquery("s")
        )
        self._add(f"{prefix}parts", exp.select(*keep, "sub", _as(base, "key")).from_(stripped))
        self._add(
            f"{prefix}cells_ok",
            exp.select(*keep)
            .from_(f"{prefix}parts")
            .group_by(*keep)
            .having(
                exp.EQ(
                    this=exp.Min(
                        this=_case([(self._shaped(_c("key"), _ICD10.pattern), _n(1))], _n(0))
                    ),
                    expression=_n(1),
                )
            ),
        )
        joined = (
            exp.select(*[_c(c, "p") for c in [*keep, "sub", "key"]])
            .from_(exp.to_table(f"{prefix}parts").as_("p"))
            .join(
                exp.to_table(f"{prefix}cells_ok").as_("o"),
                on=exp.and_(*[exp.EQ(this=_c(c, "o"), expression=_c(c, "p")) for c in keep]),
            )
        )
        self._add(
            f"{prefix}codes",
            exp.union(
                exp.select(*keep, "sub", "key").from_(f"{prefix}direct"), joined, distinct=False
            ),
        )

    def _hits(self, name: str, codes: str) -> None:
        self._add(
            name,
            exp.select(
                _c("rec", "c"),
                _c("edition", "v"),
                _c("technology", "v"),
                _c("grp", "v"),
                _as(_n(0), "band"),
                _c("pos", "c"),
                _c("sub", "c"),
                _c("key", "c"),
                _c("shown", "v"),
                _c("qualified", "v"),
                _c("reason", "v"),
            )
            .from_(exp.to_table(codes).as_("c"))
            .join(
                exp.to_table("rtech_codes").as_("v"),
                on=exp.and_(
                    exp.EQ(this=_c("code_key", "v"), expression=_c("key", "c")),
                    exp.EQ(this=_c("kind", "v"), expression=_c("kind", "c")),
                ),
            ),
        )

    # -- records and rules ----------------------------------------------------

    def _records(self) -> None:
        self._editions()
        self._add(
            "kept",
            exp.select("rec", "record_id", "edition")
            .from_("editions")
            .where(
                exp.and_(
                    exp.NEQ(this=_c("record_id"), expression=_s("")),
                    exp.not_(exp.Is(this=_c("edition"), expression=exp.Null())),
                )
            ),
        )
        columns = (
            "rec",
            "edition",
            "technology",
            "grp",
            "band",
            "pos",
            "sub",
            "key",
            "shown",
            "qualified",
            "reason",
        )
        branches: list[exp.Query] = [
            exp.select(*[_c(c, "h") for c in columns])
            .from_(exp.to_table(table).as_("h"))
            .join(
                exp.to_table("kept").as_("r"),
                on=exp.and_(
                    exp.EQ(this=_c("rec", "r"), expression=_c("rec", "h")),
                    exp.EQ(this=_c("edition", "r"), expression=_c("edition", "h")),
                ),
            )
            for table in self.hit_tables
        ]
        if self.has_ranges and self.range_codes:
            key = _c("key", "c")
            branches.append(
                exp.select(
                    _c("rec", "c"),
                    _c("edition", "r"),
                    _c("technology", "g"),
                    _as(_n(0), "grp"),
                    _as(_n(1), "band"),
                    _c("pos", "c"),
                    _c("sub", "c"),
                    key,
                    _as(key, "shown"),
                    _as(_n(0), "qualified"),
                    _as(_s(""), "reason"),
                )
                .from_(exp.to_table(self.range_codes).as_("c"))
                .join(
                    exp.to_table("kept").as_("r"),
                    on=exp.EQ(this=_c("rec", "r"), expression=_c("rec", "c")),
                )
                .join(
                    exp.to_table("rtech_ranges").as_("g"),
                    on=exp.EQ(this=_c("edition", "g"), expression=_c("edition", "r")),
                )
                .where(
                    exp.and_(
                        exp.EQ(this=_c("kind", "c"), expression=_s(DX)),
                        exp.GTE(
                            this=_binary(
                                exp.Substring(this=key, start=_n(1), length=_c("start_length", "g"))
                            ),
                            expression=_binary(_c("range_start", "g")),
                        ),
                        exp.LTE(
                            this=_binary(
                                exp.Substring(this=key, start=_n(1), length=_c("end_length", "g"))
                            ),
                            expression=_binary(_c("range_end", "g")),
                        ),
                    )
                )
            )
        union = branches[0]
        for branch in branches[1:]:
            union = exp.union(union, branch, distinct=False)
        numbered = (
            exp.select(
                "*",
                _as(
                    _window(
                        exp.RowNumber(),
                        [_c("rec"), _c("technology"), _c("key")],
                        [_c("band"), _c("pos"), _c("sub")],
                    ),
                    "n",
                ),
            )
            .from_(union.subquery("u"))
            .subquery("h")
        )
        self._add("first_hits", exp.select("*").from_(numbered).where("n = 1"))

        def has(role: int) -> exp.Expr:
            return exp.Max(
                this=_case([(exp.EQ(this=_c("grp"), expression=_n(role)), _n(1))], _n(0))
            )

        procedure = exp.GT(this=_c("grp"), expression=_n(0))
        self._add(
            "agg",
            exp.select(
                "rec",
                "technology",
                _as(has(0), "has_dx"),
                _as(has(FIRST), "has_first"),
                _as(has(PARTNER), "has_partner"),
                _as(exp.Min(this=_case([(procedure, _c("qualified"))])), "qualified"),
                _as(_ordered_list(_c("shown"), ["grp", "band", "pos", "sub"]), "matched_codes"),
                _as(_ordered_list(_c("reason"), ["grp", "pos", "sub"], procedure), "reasons"),
            )
            .from_("first_hits")
            .group_by("rec", "technology"),
        )

    def _editions(self) -> None:
        """``editions``: each record's parsed date (``ymd``, yyyymmdd) and edition."""
        fixed = self.chooser.fixed
        if fixed is not None:
            self._add(
                "editions",
                exp.select(
                    "rec",
                    "record_id",
                    "date_raw",
                    "line",
                    _as(exp.Cast(this=exp.Null(), to=exp.DataType.build("int")), "ymd"),
                    _as(_s(fixed), "edition"),
                ).from_("records"),
            )
            return
        m = self.map
        spaces = m.whitespace.replace(" ", "")
        text = exp.Translate(
            this=_c("date_raw"),
            from_=_s(m.digits + spaces),
            to=_s(m.digit_values + " " * len(spaces)),
        )
        t = _c("t")
        found = _matches(t, _DATE)

        def part(group: int) -> exp.Expr:
            value = exp.RegexpExtract(this=t, expression=_s(_DATE), group=_n(group))
            return _case([(found, exp.Cast(this=value, to=exp.DataType.build("int")))])

        parts = (
            exp.select(
                "rec",
                "record_id",
                "date_raw",
                "line",
                _as(part(1), "y"),
                _as(part(2), "m"),
                _as(part(3), "d"),
            )
            .from_(
                exp.select("rec", "record_id", "date_raw", "line", _as(text, "t"))
                .from_("records")
                .subquery("t")
            )
            .subquery("p")
        )
        y, mo, d = _c("y"), _c("m"), _c("d")

        def divisible(by: int) -> exp.Expr:
            return exp.EQ(this=exp.Mod(this=y, expression=_n(by)), expression=_n(0))

        leap = exp.or_(exp.and_(divisible(4), exp.not_(divisible(100))), divisible(400))
        days = _case(
            [
                (exp.EQ(this=mo, expression=_n(2)), _case([(leap, _n(29))], _n(28))),
                (exp.In(this=mo, expressions=[_n(4), _n(6), _n(9), _n(11)]), _n(30)),
            ],
            _n(31),
        )
        valid = exp.and_(
            exp.GTE(this=y, expression=_n(1)),
            exp.Between(this=mo, low=_n(1), high=_n(12)),
            exp.GTE(this=d, expression=_n(1)),
            exp.LTE(this=d, expression=days),
        )
        ymd = exp.Add(
            this=exp.Add(
                this=exp.Mul(this=y, expression=_n(10000)),
                expression=exp.Mul(this=mo, expression=_n(100)),
            ),
            expression=d,
        )
        dated = exp.select(
            "rec", "record_id", "date_raw", "line", _as(_case([(valid, ymd)]), "ymd")
        ).from_(parts)
        # EditionChooser.choose: the last of the sorted (date, edition) pairs in effect.
        chosen = _case(
            [
                (exp.GTE(this=_c("ymd"), expression=_n(int(start.strftime("%Y%m%d")))), _s(edition))
                for start, edition in reversed(self.chooser.effective)
            ]
        )
        self._add(
            "editions",
            exp.select("rec", "record_id", "date_raw", "line", "ymd", _as(chosen, "edition")).from_(
                dated.subquery("e")
            ),
        )

    # -- what screen's summary counts ------------------------------------------

    def _checked(self) -> None:
        """``rejected``: every implausible cell (as ``rtech screen --thorough`` counts
        them), with what its example names."""
        placeholders = _in(_c("k", "n"), PLACEHOLDERS)
        branches: list[exp.Query] = []
        if self.layout.kind == "wide":
            self._add(
                "px_rejected",
                exp.select(_c("rec", "n"), _c("kind", "n"), _c("pos", "n"), _c("raw", "n"))
                .from_(exp.to_table("px_norm").as_("n"))
                .where(
                    exp.and_(
                        exp.NEQ(this=_c("k", "n"), expression=_s("")),
                        exp.not_(placeholders),
                        exp.not_(self._shaped(_c("k", "n"), _ICD9CM3.pattern)),
                    )
                ),
            )
            branches.append(exp.select("*").from_("px_rejected"))
            if self.layout.diagnoses:
                self._unpivot("all_dx_cells", exp.to_table("rows").as_("t"), DX, "dx")
                self._normalise("all_dx_norm", "all_dx_cells")
                self._classify("all_dx_norm", "all_dx_", DX)
                branches.append(self._implausible("all_dx_norm", "all_dx_"))
            union = branches[0]
            for branch in branches[1:]:
                union = exp.union(union, branch, distinct=False)
            self._add(
                "rejected",
                exp.select(
                    _as(_c("rec", "x"), "line"),
                    _as(self._stripped(_c("rid_raw", "r")), "record_id"),
                    _c("kind", "x"),
                    _c("pos", "x"),
                    _c("raw", "x"),
                    _as(_text(exp.Null()), "kind_raw"),
                )
                .from_(union.subquery("x"))
                .join(
                    exp.to_table("rows").as_("r"),
                    on=exp.EQ(this=_c("rec", "r"), expression=_c("rec", "x")),
                ),
            )
            return
        self._add(
            "checked",
            exp.select(
                _as(_c("rtech_row"), "rec"),
                "kind",
                _as(_c("rtech_row"), "pos"),
                "raw",
                "k",
                "record_id",
            ).from_("valid"),
        )
        self._classify("checked", "chk_", None)
        implausible = self._implausible("checked", "chk_", extra=["record_id"])
        unknown = exp.select(
            _as(_c("rtech_row"), "rec"),
            _as(_s("K"), "kind"),
            _as(_c("rtech_row"), "pos"),
            "raw",
            "record_id",
        ).from_("typed")
        if self.layout.code_kind is not None:
            kinds = set().union(*_KIND_VALUES.values())
            unknown = unknown.where(exp.not_(_in(_c("kind_key"), kinds)))
            kind_raw: exp.Expr = _c("kind_raw", "t")
        else:
            unknown = unknown.where(exp.false())
            kind_raw = _text(exp.Null())
        both = exp.union(implausible, unknown, distinct=False).subquery("x")
        self._add(
            "rejected",
            exp.select(
                _as(_c("rec", "x"), "line"),
                _c("record_id", "x"),
                _c("kind", "x"),
                _c("pos", "x"),
                _c("raw", "x"),
                _as(kind_raw, "kind_raw"),
            )
            .from_(both)
            .join(
                exp.to_table("typed").as_("t"),
                on=exp.EQ(this=_c("rtech_row", "t"), expression=_c("rec", "x")),
            ),
        )

    def _implausible(self, source: str, prefix: str, extra: Sequence[str] = ()) -> exp.Select:
        """Cells of ``source`` that are not empty, a placeholder or codes."""
        n_k = _c("k", "n")
        shaped = exp.or_(
            exp.and_(
                exp.EQ(this=_c("kind", "n"), expression=_s(PX)), self._shaped(n_k, _ICD9CM3.pattern)
            ),
            exp.and_(
                exp.EQ(this=_c("kind", "n"), expression=_s(DX)), self._shaped(n_k, _ICD10.pattern)
            ),
        )
        keys = ("rec", "kind", "pos")
        return (
            exp.select(*[_c(c, "n") for c in (*keys, "raw", *extra)])
            .from_(exp.to_table(source).as_("n"))
            .join(
                exp.to_table(f"{prefix}cells_ok").as_("o"),
                on=exp.and_(*[exp.EQ(this=_c(c, "o"), expression=_c(c, "n")) for c in keys]),
                join_type="left",
            )
            .where(
                exp.and_(
                    exp.NEQ(this=n_k, expression=_s("")),
                    exp.not_(_in(n_k, PLACEHOLDERS)),
                    exp.not_(shaped),
                    exp.Is(this=_c("rec", "o"), expression=exp.Null()),
                )
            )
        )

    def records_query(self) -> exp.Select:
        """How many records the table holds (long layout: runs of one record id, in
        row order, as rtech.screening.sources.LongRecords counts them)."""
        if self.layout.kind == "wide":
            return exp.select(_as(exp.Count(this=exp.Star()), "n")).from_(self.table.copy())
        previous = exp.Window(
            this=exp.Anonymous(this="LAG", expressions=[_c("record_id")]),
            order=exp.Order(expressions=[exp.Ordered(this=_c("rtech_row"), nulls_first=False)]),
        )
        runs = exp.select("record_id", _as(previous, "previous")).from_("src").subquery("s")
        return self._with(
            exp.select(_as(exp.Count(this=exp.Star()), "n"))
            .from_(runs)
            .where(
                exp.or_(
                    exp.Is(this=_c("previous"), expression=exp.Null()),
                    exp.NEQ(this=_c("previous"), expression=_c("record_id")),
                )
            )
        )

    def rejected_query(self, examples: int) -> exp.Select:
        """The implausible cells: their count (``total``) and the first few."""
        return self._with(
            exp.select(
                _as(exp.Window(this=exp.Count(this=exp.Star())), "total"),
                "line",
                "record_id",
                "kind",
                "pos",
                "raw",
                "kind_raw",
            )
            .from_("rejected")
            .order_by("line", "kind", "pos")
            .limit(examples)
        )

    def skipped_query(self, examples: int) -> exp.Select:
        """Records holding a trigger code that screening skips: ``reason`` 1, no
        record id; 2, no readable discharge date; 3, a date before every edition.
        Their count per reason (``total``) and the first few of each."""
        reason = _case(
            [
                (exp.EQ(this=_c("record_id"), expression=_s("")), _n(1)),
                (exp.Is(this=_c("ymd"), expression=exp.Null()), _n(2)),
            ],
            _n(3),
        )
        skipped = (
            exp.select(_as(reason, "reason"), "line", "record_id", "date_raw")
            .from_("editions")
            .where(
                exp.or_(
                    exp.EQ(this=_c("record_id"), expression=_s("")),
                    exp.Is(this=_c("edition"), expression=exp.Null()),
                )
            )
            .subquery("s")
        )
        numbered = exp.select(
            "reason",
            _as(exp.Window(this=exp.Count(this=exp.Star()), partition_by=[_c("reason")]), "total"),
            _as(_window(exp.RowNumber(), [_c("reason")], [_c("line")]), "n"),
            "line",
            "record_id",
            "date_raw",
        ).from_(skipped)
        return self._with(
            exp.select("reason", "total", "line", "record_id", "date_raw")
            .from_(numbered.subquery("k"))
            .where(exp.LTE(this=_c("n"), expression=_n(examples)))
            .order_by("reason", "line")
        )

    # -- queries ------------------------------------------------------------

    def _with(self, select: exp.Select) -> exp.Select:
        """``select`` with the CTEs it reads, in definition order.

        Those read more than once, the normalised cells and the hits are
        MATERIALIZED: computed once, and never inlined into a join (PostgreSQL
        would otherwise evaluate the normalisation once per pair a nested loop
        compares). Spark has no such keyword and gets none.
        """
        uses: dict[str, int] = {}
        stack: list[exp.Expr] = [select]
        seen: set[str] = set()
        while stack:
            node = stack.pop()
            for table in node.find_all(exp.Table):
                name = table.name
                if name in self.ctes and not table.db:
                    uses[name] = uses.get(name, 0) + 1
                    if name not in seen:
                        seen.add(name)
                        stack.append(self.ctes[name])
        for name in self.ctes:
            if name in seen:
                fenced = uses[name] > 1 or name.endswith(_FENCED)
                select = select.with_(
                    name, as_=self.ctes[name], materialized=fenced or None, copy=False
                )
        return select

    def matches(self, *, record_key: bool = False) -> exp.Select:
        """The exported query: one row per (record, technology) match, screen's columns.

        ``record_key`` adds ``rtech_record`` (the row number of a wide table, the
        record id of a long one), which tells apart records that share an id.
        """
        empty = exp.Cast(this=exp.Array(expressions=[]), to=exp.DataType.build("array<text>"))
        qualified = exp.EQ(this=_c("qualified", "a"), expression=_n(1))
        columns: list[exp.Expr] = [
            _c("record_id", "r"),
            _c("technology", "a"),
            _c("catalog_no", "u"),
            _c("edition", "r"),
            _c("rule", "u"),
            _c("matched_codes", "a"),
            _as(qualified.copy(), "needs_review"),
            _as(_case([(qualified, _c("reasons", "a"))], empty), "review_reasons"),
        ]
        if record_key:
            columns.append(_as(_c("rec", "r"), "rtech_record"))
        select = (
            exp.select(*columns)
            .from_(exp.to_table("agg").as_("a"))
            .join(
                exp.to_table("kept").as_("r"),
                on=exp.EQ(this=_c("rec", "r"), expression=_c("rec", "a")),
            )
            .join(
                exp.to_table("rtech_rules").as_("u"),
                on=exp.and_(
                    exp.EQ(this=_c("edition", "u"), expression=_c("edition", "r")),
                    exp.EQ(this=_c("technology", "u"), expression=_c("technology", "a")),
                ),
            )
            .where(
                exp.and_(
                    exp.EQ(this=_c("has_first", "a"), expression=_n(1)),
                    exp.or_(
                        exp.EQ(this=_c("needs_dx", "u"), expression=_n(0)),
                        exp.EQ(this=_c("has_dx", "a"), expression=_n(1)),
                    ),
                    exp.or_(
                        exp.EQ(this=_c("needs_partner", "u"), expression=_n(0)),
                        exp.EQ(this=_c("has_partner", "a"), expression=_n(1)),
                    ),
                )
            )
            .order_by(
                exp.Ordered(this=_binary(_c("record_id", "r")), nulls_first=False),
                exp.Ordered(this=_c("rec", "r"), nulls_first=False),
                exp.Ordered(this=_c("tech_pos", "u"), nulls_first=False),
            )
        )
        return self._with(select)
