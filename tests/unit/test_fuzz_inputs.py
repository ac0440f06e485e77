"""Hypothesis fuzzers (issue 19): ``cases import``, ``profile import`` and intake
answers, on SQLite and PostgreSQL.

The property is the house rule for bad input: whatever the file or the line, the
outcome is either accepted (and stored so that it reads back and exports as
valid JSON) or a Chinese :class:`UserError` with nothing stored — never another
exception. Examples are few per run (``max_examples``) to keep CI time bounded;
the database accumulates across examples, as a real one does.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import URL, func, select

from rtech.eligibility.profiles import apply_profiles, read_profiles
from rtech.errors import UserError
from rtech.host import Host, get_host
from rtech.intake.exchange import export_cases, import_in_batches
from rtech.store import Store, make_engine, upgrade
from rtech.store.models import AuditEntry, Case, CaseRevision, Institution, Physician
from tests.seeds import ROOT
from tests.support.exchange import one_case_document
from tests.support.intake import host_with_codes, open_case

FUZZ = settings(
    # A longer hunt: RTECH_FUZZ_EXAMPLES=500 (CI keeps the default).
    max_examples=int(os.environ.get("RTECH_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Text as hostile files carry it: controls, NUL, escapes, RTL marks, CJK.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x1b", "\u202e", "\u200b", "\r", "\n", "男", "岁", "是"]),
    ),
    max_size=40,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.sampled_from(["2023-03-01", "2023", "cardio", "ZY0001", "1", "2", "chief", "abc"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


def _counts(store: Store) -> tuple[int, ...]:
    with store.read() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Case, CaseRevision, AuditEntry, Institution, Physician)
        )


def _refused_storing_nothing(refusal: UserError, store: Store, before: tuple[int, ...]) -> None:
    assert re.search(r"[\u4e00-\u9fff]", refusal.message), refusal.message
    assert _counts(store) == before


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return document


# -- cases import ------------------------------------------------------------


def test_cases_import_accepts_or_refuses_in_chinese_storing_nothing(store: Store) -> None:
    host = host_with_codes()
    base = one_case_document(store, host)
    numbers = itertools.count(1)

    @FUZZ
    @given(st.data())
    def check(data: st.DataObject) -> None:
        document = copy.deepcopy(base)
        case = document["cases"][0]
        record_no = f"FZ{next(numbers)}"
        case["answers"]["patient"]["record_no"] = record_no
        for revision in case["revisions"]:
            revision["answers"]["patient"]["record_no"] = record_no
        for _ in range(data.draw(st.integers(1, 3), label="mutations")):
            path = data.draw(st.sampled_from(list(_paths(document))), label="path")
            document = _replace(document, path, data.draw(VALUES, label="value"))
        before = _counts(store)
        try:
            report = import_in_batches(store, host, document, actor="导入员")
        except UserError as exc:
            _refused_storing_nothing(exc, store, before)
            return
        added = len(report.imported)
        assert _counts(store)[0] == before[0] + added
        with store.read() as session:
            exported = export_cases(session, host, case_ids=[n for _s, n in report.imported])
        json.dumps(exported, allow_nan=False, default=str)  # valid JSON out again

    check()


# -- profile import ----------------------------------------------------------

SAMPLE = (ROOT / "docs" / "examples" / "cardio_profiles.toml").read_text(encoding="utf-8")
ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*) = .*$", re.MULTILINE)
LINES = [m.start() for m in ASSIGNMENT.finditer(SAMPLE)]


def _toml(value: Any) -> str:
    """``value`` as a TOML literal (JSON escapes are TOML escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(value), repr(value))
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '""'


TOML_VALUES = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),
    TEXT,
    st.sampled_from(
        ["110510100000001", "110510100000002", "王建国", "李华", "主任医师", "1995-01-01"]
    ),
    st.lists(st.one_of(TEXT, st.integers()), max_size=3),
)


def test_profile_import_accepts_or_refuses_in_chinese_storing_nothing(
    store: Store, tmp_path: Path
) -> None:
    host: Host = get_host()
    files = itertools.count(1)

    @FUZZ
    @given(st.dictionaries(st.sampled_from(LINES), TOML_VALUES, min_size=1, max_size=3))
    def check(changes: dict[int, Any]) -> None:
        text = SAMPLE
        for start, value in sorted(changes.items(), reverse=True):
            end = text.index("\n", start)
            key = text[start:end].split(" = ", 1)[0]
            text = text[:start] + f"{key} = {_toml(value)}" + text[end:]
        path = tmp_path / f"p{next(files)}.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = _counts(store)
        try:
            profiles = read_profiles(path, host)
            with store.write() as session:
                apply_profiles(session, profiles, actor="导入员")
        except UserError as exc:
            _refused_storing_nothing(exc, store, before)
            return
        with store.read() as session:
            registered = [
                (p.institution_id, p.licence_no, p.name)
                for p in session.scalars(select(Physician))
                if p.licence_no
            ]
            code = (profiles.institution or {}).get("general", {}).get("code")
            target = session.scalar(select(Institution.id).where(Institution.code == code))
        # One physician per licence number in an institution (the same doctor may
        # be registered at two), and never another physician under a row's number.
        by_licence = {(i, licence): name for i, licence, name in registered}
        assert len(by_licence) == len(registered)
        for physician in profiles.physicians:
            general = physician["general"]
            if target is not None and general.get("licence_no") and general.get("name"):
                assert by_licence[(target, general["licence_no"])] == general["name"]

    check()


# -- intake answers ------------------------------------------------------------

ANSWERS = st.one_of(
    TEXT,
    st.sampled_from(
        ["张三", "男 70岁", "跳过", "上一题", "保存", "查看", "修改 1", "2023-3-1", "3.2万", "1"]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def test_intake_answers_are_stored_as_shown_or_refused(store: Store) -> None:
    """Every line is handled without an exception; what a save reports saved is
    what the database holds."""
    from tests.support.intake import seed_registry

    host = host_with_codes()
    seed_registry(store)

    @FUZZ
    @given(st.lists(ANSWERS, min_size=1, max_size=6))
    def check(lines: list[str]) -> None:
        intake = open_case(store, host, new=True)
        for line in lines:
            reply = intake.handle(line)
            if reply.saved:
                with store.read() as session:
                    stored = session.get(Case, intake.backend.case_id)  # type: ignore[attr-defined]
                    assert stored is not None
                    assert stored.draft_answers == intake.answers
            json.dumps(intake.answers, allow_nan=False, ensure_ascii=False)

    check()
