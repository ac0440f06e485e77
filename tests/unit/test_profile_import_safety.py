"""Issue 19 item 5: a profile import never overwrites another physician, and
parallel imports on PostgreSQL never crash on the institution code."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, func, select

from rtech.eligibility.profiles import ProfileImportError, apply_profiles, read_profiles
from rtech.host import Host, get_host
from rtech.store import Store, make_engine, registry, upgrade
from rtech.store.models import Institution, Physician
from tests.seeds import ROOT

SAMPLE = ROOT / "docs" / "examples" / "cardio_profiles.toml"


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


@pytest.fixture
def host() -> Host:
    return get_host()


def _sample(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "profiles.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _import(store: Store, path: Path, host: Host) -> dict[str, object]:
    profiles = read_profiles(path, host)
    with store.write() as session:
        return apply_profiles(session, profiles, actor="导入员")


def _physicians(store: Store) -> dict[str, str | None]:
    with store.read() as session:
        return {p.name: p.licence_no for p in session.scalars(select(Physician))}


def test_a_licence_number_repeated_in_the_file_names_both_rows(tmp_path: Path, host: Host) -> None:
    # 李华 given 王建国's licence number.
    path = _sample(tmp_path, 'licence_no = "110510100000002"', 'licence_no = "110510100000001"')
    with pytest.raises(ProfileImportError) as refused:
        read_profiles(path, host)
    assert (
        "第2位医师（李华）：执业证书编码“110510100000001”与第1位医师（王建国）相同"
        in refused.value.message
    )


def test_a_registered_licence_of_another_name_is_refused_not_overwritten(
    store: Store, tmp_path: Path, host: Host
) -> None:
    _import(store, SAMPLE, host)
    before = _physicians(store)
    assert before["王建国"] == "110510100000001"
    # A later file where 李华 carries 王建国's number (and 王建国 is not in it).
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("[[physicians]]")
    second = text.index("[[physicians]]", start + 1)
    path = tmp_path / "later.toml"
    path.write_text(
        text[:start]
        + text[second:].replace(
            'licence_no = "110510100000002"', 'licence_no = "110510100000001"', 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(ProfileImportError) as refused:
        _import(store, path, host)
    message = refused.value.message
    assert "第1位医师（李华）：执业证书编码“110510100000001”已登记为医师王建国" in message
    assert "与本行的姓名“李华”不符" in message
    assert _physicians(store) == before


def test_the_same_file_imported_again_is_unchanged(store: Store, host: Host) -> None:
    _import(store, SAMPLE, host)
    report = _import(store, SAMPLE, host)
    assert {p["action"] for p in report["physicians"]} == {"unchanged"}  # type: ignore[index, union-attr]


def test_parallel_imports_of_one_file_all_succeed(store: Store, host: Host) -> None:
    """Eight imports at once: one institution, each physician once, no IntegrityError."""
    profiles = read_profiles(SAMPLE, host)
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def run() -> None:
        try:
            start.wait()
            with store.write() as session:
                apply_profiles(session, profiles, actor="导入员")
        except BaseException as exc:  # noqa: BLE001 - every failure is reported below
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with store.read() as session:
        assert session.scalar(select(func.count(Institution.id))) == 1
        names = [p.name for p in session.scalars(select(Physician))]
        assert len(names) == len(set(names)) == len(profiles.physicians)
        assert registry.list_institutions(session)[0].code == "SC5101000001"


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1" + "0" * 400])
def test_a_number_past_a_float_is_a_chinese_error(tmp_path: Path, host: Host, value: str) -> None:
    """Found by the fuzzer: ``clinical_since = inf`` was an OverflowError."""
    path = _sample(tmp_path, "clinical_since = 1995", f"clinical_since = {value}")
    with pytest.raises(ProfileImportError) as refused:
        read_profiles(path, host)
    assert "第1位医师（王建国）“开始从事临床工作年份”" in refused.value.message
    assert "超出范围" in refused.value.message
