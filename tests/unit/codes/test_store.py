"""Imported code tables and reconciliation, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import URL

from rtech.codes.imported import read_table
from rtech.errors import UserError
from rtech.host import get_host
from rtech.screening.context import imported_rules
from rtech.screening.evaluate import Match
from rtech.screening.reconcile import filed_keys, unfiled
from rtech.store import make_engine, upgrade
from rtech.store.codetables import in_force, list_versions, save_table, withdraw
from tests.cli import rtech


def _table(path: Path, body: str) -> Path:
    path.write_text("编码,名称,备注\n" + body, encoding="utf-8")
    return path


def test_imported_tables_are_versioned_and_take_precedence(
    database_url: URL, tmp_path: Path
) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    entries, digest = read_table(_table(tmp_path / "t.csv", "37.3401,射频消融,\n"))
    assert (
        save_table(
            engine,
            "2023",
            "cardio",
            entries,
            source_name="t.csv",
            source_sha256=digest,
            imported_by="admin",
        )
        == 1
    )
    entries2, digest2 = read_table(
        _table(tmp_path / "t2.csv", "C00-C97,恶性肿瘤,\n００．０９０１,HIFU,需结合诊断\n")
    )
    assert (
        save_table(
            engine,
            "2023",
            "cardio",
            entries2,
            source_name="t2.csv",
            source_sha256=digest2,
            imported_by="admin",
        )
        == 2
    )
    assert [v.version for v in list_versions(engine, "2023", "cardio")] == [1, 2]
    table = in_force(engine)[("2023", "cardio")]
    assert table.version == 2
    assert [(e.kind, e.code, e.range_end) for e in table.entries] == [
        ("diagnosis", "C00", "C97"),
        ("procedure", "00.0901", None),
    ]
    rules = imported_rules(engine, get_host())[("2023", "cardio")]
    assert rules.source == "imported v2"
    assert rules.rule.id == "diagnosis_and_procedure"
    assert rules.citation.catalog_no == "S05"
    assert rules.rule.evaluate(["C22.000"], ["00.0901"]) is not None
    assert withdraw(engine, "2023", "cardio") == 2
    assert in_force(engine) == {}
    engine.dispose()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("37.34O1,x,\n", "第 2 行：编码“37.34O1”不是有效的"),
        ("37.3401,,\n", "第 2 行：编码“37.3401”没有名称"),
        ("37.3401,a,\n37.3401,b,\n", "第 3 行：编码“37.3401”与第 2 行重复"),
        ("C22.000,肝癌,\n", "没有手术/操作编码"),
        ("C97-C00,x,\n37.3401,a,\n", "起点大于终点"),
    ],
)
def test_bad_tables_are_refused_naming_row_and_value(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        read_table(_table(tmp_path / "bad.csv", body))


def test_rules_import_show_and_screen_use_the_imported_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = _table(tmp_path / "cardio2023.csv", "37.3401,经导管心脏射频消融术,\n36.0601,支架,\n")
    refused = rtech(
        capsys, "rules", "import", str(table), "--edition", "2023", "--technology", "s01_implant"
    )
    assert refused.code == 2
    assert "不在 2023 版目录中" in refused.err
    dry = rtech(
        capsys,
        "rules",
        "import",
        str(table),
        "--edition",
        "2023",
        "--technology",
        "cardio",
        "--dry-run",
        "--format",
        "json",
    )
    assert dry.code == 0, dry.err
    assert dry.json()["version"] is None
    done = rtech(
        capsys, "rules", "import", str(table), "--edition", "2023", "--technology", "cardio"
    )
    assert done.code == 0, done.err
    assert "已导入为第 1 版" in done.out
    shown = rtech(capsys, "rules", "show", "cardio", "--edition", "2023", "--format", "json").json()
    cardio = shown["technologies"][0]
    assert cardio["source"] == "imported v1"
    assert [c["code"] for c in cardio["value_sets"][0]["codes"]] == ["37.3401", "36.0601"]
    table_view = rtech(capsys, "rules", "show", "--edition", "2023")
    assert "导入（imported v1）" in table_view.out
    assert "无法通过编码识别" in table_view.out

    records = tmp_path / "r.csv"
    records.write_text(
        "病案号,出院日期,主要手术操作编码\nR1,2024-01-01,37.3401\nR2,2024-01-01,00.6600\n",
        encoding="utf-8",
    )
    result = rtech(capsys, "screen", str(records), "--edition", "2023")
    assert result.code == 0, result.err
    assert [line.count('"R1"') for line in result.out.splitlines()] == [1]
    assert '"catalog_no": "S05"' in result.out
    assert "2023 版没有编码表，以下技术无法通过编码识别：S01 同种异体皮肤移植技术" in result.err
    assert (
        rtech(capsys, "rules", "withdraw", "--edition", "2023", "--technology", "cardio").code == 0
    )


def _file_cases(engine: object, cases_: list[tuple[str, str, str]]) -> None:
    """Real cases through the store: (record_no, technology, status)."""
    from rtech.store import Store, registry
    from rtech.store import cases as case_store

    store = Store(engine)  # type: ignore[arg-type]
    with store.write() as session:
        hospital = registry.create_institution(session, name="示例医院", code="H0001", actor="t")
        for record_no, slug, status in cases_:
            case = case_store.create_case(
                session,
                technology=slug,
                edition="2022",
                institution_id=hospital.id,
                actor="t",
                answers={"patient": {"record_no": record_no}},
            )
            if status in ("submitted", "signed"):
                case_store.submit_case(session, case.id, expected_version=1, actor="t")
            if status == "signed":
                case_store.record_signature(
                    session,
                    case.id,
                    expected_version=2,
                    revision=1,
                    signer="t",
                    meaning="审核",
                    document_sha256="0" * 64,
                    actor="t",
                )


def test_reconciliation_reads_filed_cases(database_url: URL) -> None:
    engine = make_engine(database_url)
    with pytest.raises(UserError, match="结构不是最新版本"):
        filed_keys(engine)
    upgrade(engine)
    assert filed_keys(engine) == set()
    _file_cases(
        engine,
        [
            ("BA001", "cardio", "submitted"),
            (" BA002", "cardio", "signed"),
            ("BA003", "cardio", "draft"),
            ("BA004", "s01_implant", "signed"),
        ],
    )
    keys = filed_keys(engine)
    assert keys == {("BA001", "cardio"), ("BA002", "cardio"), ("BA004", "s01_implant")}

    def match(record: str, slug: str) -> Match:
        return Match(record, slug, "S03", "2022", "any_procedure", ("37.3401",), False, ())

    matches = [
        match("BA001", "cardio"),
        match("ＢＡ002", "cardio"),
        match("BA003", "cardio"),
        match("BA004", "cardio"),
    ]
    assert [m.record_id for m in unfiled(matches, keys)] == ["BA003", "BA004"]
    engine.dispose()


def test_screen_reconcile_lists_matches_never_filed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rtech.store import open_database

    engine = open_database()
    _file_cases(engine, [("C1", "cardio", "signed"), ("C2", "cardio", "draft")])
    engine.dispose()
    records = tmp_path / "r.csv"
    records.write_text(
        "病案号,出院日期,主要手术操作编码\nC1,2023-01-01,37.3401\nC2,2023-01-01,36.0601\n"
        "C3,2023-01-01,99.0401\n",
        encoding="utf-8",
    )
    result = rtech(capsys, "screen", str(records), "--edition", "2022", "--reconcile")
    assert result.code == 0, result.err
    assert [line for line in result.out.splitlines() if '"C1"' in line] == []
    assert '"C2"' in result.out
    assert "核对：已上报 1 条，未上报（已输出）1 条" in result.err
