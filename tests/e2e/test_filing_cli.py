"""The installed ``rtech`` producing, signing and verifying filings, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.seeds import ROOT

pytestmark = pytest.mark.e2e

EXAMPLES = ROOT / "docs" / "filing" / "examples"
PASSPHRASE = "医务部的口令 2024"


def rtech_exe() -> str:
    exe = shutil.which("rtech", path=str(Path(sys.executable).parent))
    assert exe, "the rtech console script is installed in the test environment"
    return exe


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A working directory with a passphrase file; data and config are the test's."""
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    return tmp_path


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [rtech_exe(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, **env},
    )
    # Users see Chinese messages, never a library's Python warnings.
    assert "Warning:" not in result.stderr, result.stderr
    return result


def keygen(home: Path) -> None:
    result = run(
        home,
        "sign",
        "keygen",
        "--institution",
        "四川省某某人民医院",
        "--name",
        "陈静",
        "--title",
        "医务部主任",
        "--passphrase-file",
        "pass.txt",
    )
    assert result.returncode == 0, result.stderr
    assert "已生成签名密钥" in result.stdout


def test_a_case_filing_is_signed_verified_and_caught_when_tampered(home: Path) -> None:
    keygen(home)
    shown = run(home, "sign", "show", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    info = json.loads(shown.stdout)
    assert (info["printed_name"], info["source"], info["profile"]) == (
        "陈静",
        "keygen",
        "PAdES B-B",
    )

    made = run(
        home,
        "file",
        "case",
        "--data",
        str(EXAMPLES / "case-cardio.json"),
        "--sign",
        "--passphrase-file",
        "pass.txt",
        "-o",
        "case.pdf",
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "已生成病例信息上报表：case.pdf（3 页，已签名：审核，陈静）"

    verified = run(home, "verify", "case.pdf")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "签名 1（审核人签章）：审核  陈静" in verified.stdout
    assert "rtech-" not in verified.stdout
    assert "完好：是  有效：是  可信：是（本机构自签根证书" in verified.stdout
    assert "结论：全部 1 个签名完好、有效、可信，签名后未被篡改。" in verified.stdout

    # A second signer approves; the receiver trusts only the exported root.
    approved = run(
        home,
        "sign",
        "pdf",
        "case.pdf",
        "--meaning",
        "批准",
        "-o",
        "case-approved.pdf",
        "--passphrase-file",
        "pass.txt",
    )
    assert approved.returncode == 0, approved.stderr
    exported = run(home, "sign", "export", "-o", "ca.pem")
    assert exported.returncode == 0, exported.stderr
    receiver = run(
        home,
        "verify",
        "case-approved.pdf",
        "--trust",
        "ca.pem",
        "--no-local-ca",
        "--format",
        "json",
    )
    assert receiver.returncode == 0, receiver.stdout
    report = json.loads(receiver.stdout)
    assert [s["meaning"] for s in report["signatures"]] == ["审核", "批准"]
    assert [r["source"] for r in report["trust_roots"]] == ["--trust ca.pem"]

    # Flip one byte inside the signed range: verify fails, without a traceback.
    data = bytearray((home / "case.pdf").read_bytes())
    start = data.index(b"stream\n", data.index(b"/FlateDecode")) + 50
    data[start] ^= 0x01
    (home / "tampered.pdf").write_bytes(bytes(data))
    tampered = run(home, "verify", "tampered.pdf")
    assert tampered.returncode == 1
    assert "结论：验证未通过" in tampered.stdout
    assert "签名所覆盖的内容已被改动" in tampered.stdout
    assert "签名后未被修改" not in tampered.stdout  # never next to the finding
    assert "Traceback" not in tampered.stderr

    # Append an incremental update after the signature: verify fails too.
    with (home / "case.pdf").open("ab") as handle:
        handle.write(_incremental_update((home / "case.pdf").read_bytes()))
    appended = run(home, "verify", "case.pdf", "--format", "json")
    assert appended.returncode == 1
    (signature,) = json.loads(appended.stdout)["signatures"]
    assert signature["coverage"] == "ENTIRE_REVISION"
    assert "未经签名的增量更新" in signature["problems"][0]
    assert "Traceback" not in appended.stderr


def _incremental_update(pdf: bytes) -> bytes:
    """The bytes an editor appends to retitle the document (an incremental update)."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("已修改")
    writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert updated.startswith(pdf)
    return updated[len(pdf) :]


def test_a_batch_of_reports_renders_with_a_progress_bar_and_re_imports(home: Path) -> None:
    keygen(home)
    report = json.loads((EXAMPLES / "report-cardio.json").read_text(encoding="utf-8"))
    batch = []
    for quarter in ("2024Q2", "2024Q3", "2024Q4"):
        batch.append(report | {"period": quarter, "period_label": f"{quarter[:4]}年 {quarter[4:]}"})
    (home / "reports.json").write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    made = run(
        home,
        *("file", "report", "--data", "reports.json", "-o", "out", "--format", "json"),
        *("--sign", "--meaning", "批准", "--passphrase-file", "pass.txt", "--jobs", "2"),
    )
    assert made.returncode == 0, made.stderr
    results = json.loads(made.stdout)
    assert [Path(r["file"]).name for r in results] == [
        f"ZK-S05-12510000MB0000000X-{q}.pdf" for q in ("2024Q2", "2024Q3", "2024Q4")
    ]
    assert all(r["pages"] == 4 and r["signed"] and r["meaning"] == "批准" for r in results)
    assert "生成质量控制指标报告并签名" in made.stderr  # the progress bar's label
    assert "3/3" in made.stderr
    for result in results:
        verified = run(home, "verify", result["file"], "--format", "json")
        assert verified.returncode == 0, verified.stdout

    extracted = run(home, "file", "extract", results[1]["file"], "-o", "q3.json")
    assert extracted.returncode == 0, extracted.stderr
    data = json.loads((home / "q3.json").read_text(encoding="utf-8"))
    assert data["period"] == "2024Q3"
    again = run(home, "file", "report", "--data", "q3.json", "-o", "again.pdf")
    assert again.returncode == 0, again.stderr
    assert "已生成质量控制指标报告：again.pdf（4 页，未签名）" in again.stdout
    # Malformed data is reported before anything is rendered...
    batch[1]["case_counts"] = "many"
    (home / "bad.json").write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    bad = run(home, "file", "report", "--data", "bad.json", "-o", "bad", "--jobs", "2")
    assert bad.returncode == 2
    assert "错误：bad.json 第 2 项.case_counts 缺失或不是列表。" in bad.stderr
    assert not list((home / "bad").glob("*.pdf"))
    # ...and a filing that fails in a worker process stops the batch the same way.
    batch[1]["case_counts"] = []
    batch[1]["period_label"] = "2024年第三季度\U00030000"
    (home / "rare.json").write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    rare = run(home, "file", "report", "--data", "rare.json", "-o", "rare", "--jobs", "2")
    assert rare.returncode == 2
    assert "没有以下字符的字形：“\U00030000”（U+30000" in rare.stderr
    assert "Traceback" not in rare.stderr


def test_errors_are_chinese_and_exit_2(home: Path) -> None:
    no_font = run(
        home,
        "file",
        "registration",
        "--data",
        str(EXAMPLES / "registration-cardio.json"),
        RTECH_FILING_SERIF_FONT="Nonexistent Song",
    )
    assert no_font.returncode == 2
    assert "错误：找不到正文（宋体类）字体“Nonexistent Song”" in no_font.stderr
    assert "fonts-noto-cjk" in no_font.stderr
    assert not list(home.glob("*.pdf"))

    no_key = run(home, "file", "case", "--data", str(EXAMPLES / "case-cardio.json"), "--sign")
    assert no_key.returncode == 2
    assert "错误：需要签名密钥的口令。" in no_key.stderr

    keygen(home)
    (home / "wrong.txt").write_text("not the passphrase\n", encoding="utf-8")
    wrong = run(
        home,
        "file",
        "case",
        "--data",
        str(EXAMPLES / "case-cardio.json"),
        "--sign",
        "--passphrase-file",
        "wrong.txt",
    )
    assert wrong.returncode == 2
    assert "错误：口令错误，无法解开签名密钥" in wrong.stderr

    mismatch = run(home, "file", "case", "--data", str(EXAMPLES / "report-cardio.json"))
    assert mismatch.returncode == 2
    assert "是“质量控制指标报告”的数据，不能用于生成病例信息上报表" in mismatch.stderr

    (home / "junk.p12").write_bytes(b"\x30\x82\x01\x00 not really")
    corrupt = run(home, "sign", "import", "junk.p12", "--force", "--passphrase-file", "pass.txt")
    assert corrupt.returncode == 2
    assert "已损坏或不是 PKCS#12" in corrupt.stderr

    for result in (no_font, no_key, wrong, mismatch, corrupt):
        assert "Traceback" not in result.stderr


def test_store_backed_filings_from_the_demo_database(home: Path) -> None:
    env = {"RTECH_DATA_DIR": str(home / "data"), "RTECH_CONFIG_DIR": str(home / "config")}
    assert run(home, "demo", "--technology", "cardio", "--cases", "80", **env).returncode == 0
    env["RTECH_DEMO"] = "1"  # what `rtech --demo` sets: the demonstration database
    listed = json.loads(
        run(home, "cases", "list", "--status", "submitted", "--format", "json", **env).stdout
    )
    case_id = str(listed[0]["id"])
    keygen_env = run(
        home,
        "sign",
        "keygen",
        "--institution",
        "示例市第一人民医院（演示）",
        "--name",
        "陈静",
        "--passphrase-file",
        "pass.txt",
        **env,
    )
    assert keygen_env.returncode == 0, keygen_env.stderr

    filed = run(
        home,
        "file",
        "case",
        case_id,
        "--sign",
        "--passphrase-file",
        "pass.txt",
        "-o",
        "case.pdf",
        **env,
    )
    assert filed.returncode == 0, filed.stderr
    assert "已签名：审核，陈静" in filed.stdout
    assert f"已签名并锁定病例：{case_id}" in filed.stderr
    shown = json.loads(run(home, "cases", "show", case_id, "--format", "json", **env).stdout)
    assert shown["status"] == "signed"
    assert run(home, "verify", "case.pdf", **env).returncode == 0

    registration = run(
        home, "file", "registration", "--technology", "cardio", "-o", "reg.pdf", **env
    )
    assert registration.returncode == 0, registration.stderr
    extracted = json.loads(run(home, "file", "extract", "reg.pdf", **env).stdout)
    assert extracted["document"] == "registration"
    assert {f["level"] for f in extracted["findings"]} == {"institution", "personnel"}

    period = listed[0]["discharge_date"][:4]
    everything = json.loads(run(home, "cases", "list", "--format", "json", **env).stdout)
    in_year = json.loads(
        run(home, "cases", "list", "--period", period, "--format", "json", **env).stdout
    )
    assert in_year
    assert [c["id"] for c in in_year] == [
        c["id"] for c in everything if (c["discharge_date"] or "").startswith(period)
    ]
    bad_period = run(home, "cases", "list", "--period", "2024Q7", **env)
    assert bad_period.returncode == 2
    assert "无法识别的统计期" in bad_period.stderr
    report = run(
        home,
        "file",
        "report",
        "--technology",
        "cardio",
        "--period",
        period,
        "-o",
        "report.pdf",
        **env,
    )
    assert report.returncode == 0, report.stderr
    data = json.loads(run(home, "file", "extract", "report.pdf", **env).stdout)
    assert data["period"] == period
    assert data["indicators"]

    draft = next(
        c
        for c in json.loads(
            run(home, "cases", "list", "--status", "draft", "--format", "json", **env).stdout
        )
    )
    refused = run(home, "file", "case", str(draft["id"]), **env)
    assert refused.returncode == 2
    assert "尚未提交" in refused.stderr
    neither = run(home, "file", "case", **env)
    assert neither.returncode == 2
    assert "请给出病例编号" in neither.stderr


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("document_no", "../../../x"),
        ("document_no", "..\\..\\x"),
        ("document_no", ".."),
        ("document_no", "a\x00b"),
        ("case_id", "../../x"),
    ],
)
def test_a_data_file_never_writes_outside_the_output_directory(
    home: Path, field: str, value: str
) -> None:
    """Issue 19 item 9: every filing is confined to ``-o``; a Chinese error, exit 2."""
    data = json.loads((EXAMPLES / "case-cardio.json").read_text(encoding="utf-8"))
    data[field] = value
    workdir = home / "a" / "b" / "c"
    (workdir / "out").mkdir(parents=True)
    (workdir / "evil.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run(workdir, "file", "case", "--data", "evil.json", "-o", "out")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "不能用作文件名" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(home.rglob("*.pdf")) == []


def test_a_tampered_filing_is_neither_extracted_nor_countersigned(home: Path) -> None:
    """Issue 19 item 12: verify before extracting or countersigning."""
    keygen(home)
    made = run(
        home,
        *("file", "case", "--data", str(EXAMPLES / "case-cardio.json")),
        *("--sign", "--passphrase-file", "pass.txt", "-o", "case.pdf"),
    )
    assert made.returncode == 0, made.stderr
    intact = run(home, "file", "extract", "case.pdf")
    assert intact.returncode == 0, intact.stderr
    assert json.loads(intact.stdout)["case_id"] == "C2024-000123"
    assert intact.stderr == ""

    data = bytearray((home / "case.pdf").read_bytes())
    start = data.index(b"stream\n", data.index(b"/FlateDecode")) + 50
    data[start] ^= 0x01
    (home / "flipped.pdf").write_bytes(bytes(data))
    appended = (home / "case.pdf").read_bytes()
    (home / "appended.pdf").write_bytes(appended + _incremental_update(appended))
    for name in ("flipped.pdf", "appended.pdf"):
        extracted = run(home, "file", "extract", name, "-o", "data.json")
        assert extracted.returncode == 2, extracted.stdout + extracted.stderr
        assert f"错误：{name} 的签名校验未通过" in extracted.stderr
        assert "拒绝取出其中的数据" in extracted.stderr
        assert not (home / "data.json").exists()
        approved = run(
            home,
            *("sign", "pdf", name, "--meaning", "批准", "-o", "approved.pdf"),
            *("--passphrase-file", "pass.txt"),
        )
        assert approved.returncode == 2, approved.stdout + approved.stderr
        assert "拒绝在其上再签署" in approved.stderr
        assert not (home / "approved.pdf").exists()
        assert "Traceback" not in extracted.stderr + approved.stderr

    unsigned = run(
        home, "file", "case", "--data", str(EXAMPLES / "case-cardio.json"), "-o", "plain.pdf"
    )
    assert unsigned.returncode == 0, unsigned.stderr
    plain = run(home, "file", "extract", "plain.pdf")
    assert plain.returncode == 0, plain.stderr
    assert "注意：plain.pdf 未签名，无法确认其中的数据未被改动。" in plain.stderr


def test_a_filing_signed_from_a_data_file_is_audited(home: Path) -> None:
    """Issue 19 item 12: no signature leaves rtech without an audit entry."""
    import getpass
    import hashlib

    from rtech.store import Store
    from rtech.store import audit as audit_log
    from rtech.store.models import AuditEntry

    keygen(home)
    unsigned = run(
        home, "file", "case", "--data", str(EXAMPLES / "case-cardio.json"), "-o", "plain.pdf"
    )
    assert unsigned.returncode == 0, unsigned.stderr
    made = run(
        home,
        *("file", "case", "--data", str(EXAMPLES / "case-cardio.json")),
        *("--sign", "--passphrase-file", "pass.txt", "-o", "case.pdf"),
    )
    assert made.returncode == 0, made.stderr
    store = Store.open()
    try:
        with store.read() as session:
            entries = session.query(AuditEntry).filter_by(action="filing.sign_data").all()
            assert audit_log.verify(session).ok
    finally:
        store.dispose()
    (entry,) = entries  # the unsigned filing is not a signature
    # A new installation without users: the installer (the operating-system account).
    assert (entry.actor, entry.entity) == (getpass.getuser(), "filing")
    assert entry.payload["data_file"] == "case-cardio.json"
    assert entry.payload["meaning"] == "审核"
    pdf = (home / "case.pdf").read_bytes()
    assert entry.payload["pdf_sha256"] == hashlib.sha256(pdf).hexdigest()


def test_an_output_ending_in_a_slash_is_a_directory(home: Path) -> None:
    made = run(home, "file", "case", "--data", str(EXAMPLES / "case-cardio.json"), "-o", "out2/")
    assert made.returncode == 0, made.stderr
    (pdf,) = (home / "out2").glob("*.pdf")
    assert pdf.name.startswith("BL-")
