"""``rtech intake --plain`` as a clinician (or a script) uses it: real processes, real files."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from rtech.store import Store, cases, registry, users
from tests.e2e.test_cli import rtech_exe
from tests.seeds import ROOT
from tests.support.intake import PCI_EXPECTED, PCI_LINES, PHYSICIANS, seed_registry

pytestmark = pytest.mark.e2e

STRUCTURAL_LINES = (
    "李四",
    "女",
    "1990年5月12日",
    "跳过",
    "ZY0002",
    "2023-4-10",
    "2023-4-14",
    "医嘱离院",
    "38000",
    "2",
    "2023-4-11",
    "asd",
    "是",
    "无",
    "房间隔缺损",
    "无",
    "35.5200x001",
    "完成",
    "王芳",
    "单勇",
    "完成",
    "王芳",
    "李明",
    "完成",
    "是",
    "2023-4-10",
    "房间隔缺损封堵器",
    "ASD-2023-0415",
    "先健科技",
    "完成",
    "电话",
    "3",
    "2023-7-15",
    "良好",
    "跳过",  # 疾病状态
    "跳过",  # 随访发现的并发症
    "跳过",  # 备注
    "完成",
    "提交",
)
STRUCTURAL_EXPECTED = {
    "patient": {"name": "李四", "sex": "2", "birth_date": "1990-05-12", "record_no": "ZY0002"},
    "admission": {
        "admission_date": "2023-04-10",
        "discharge_date": "2023-04-14",
        "discharge_disposition": "1",
        "total_cost": 38000,
    },
    "procedure": {"category": "structural", "date": "2023-04-11"},
    "structural": {"structural_type": "asd", "success": True, "complications": []},
    "coding": {
        "main_diagnosis": {"code": "Q21.1", "name": "房间隔缺损"},
        "other_diagnoses": [],
        "procedures": [{"code": "35.5200x001", "name": "经皮房间隔缺损封堵术"}],
    },
    "team": {
        "operator": {"id": "2", "name": "王芳"},
        "assistants": [{"id": "5", "name": "单勇"}],
        "deciders": [{"id": "2", "name": "王芳"}, {"id": "1", "name": "李明"}],
    },
    "consent": {"signed": True, "date": "2023-04-10"},
    "devices": {
        "items": [
            {"name": "房间隔缺损封堵器", "barcode": "ASD-2023-0415", "manufacturer": "先健科技"}
        ]
    },
    "followup": {
        "plan": "phone",
        "interval_months": 3,
        "visits": [{"date": "2023-07-15", "status": "well"}],
    },
}

ABLATION_LINES = (
    "王五",
    "男 58岁",
    "跳过",
    "跳过",
    "ZY0003",
    "2023-5-8",
    "2023-5-12",
    "1",
    "9.6万",
    "心律失常",
    "2023-5-9",
    "导管消融",
    "房颤",
    "是",
    "是",
    "无",
    "I48",
    "无",
    "37.3400x001",
    "完成",
    "李明",
    "无",
    "王芳、张伟",
    "完成",
    "是",
    "2023-5-8",
    "无",
    "1",
    "3个月",
    "无",
    "提交",
)
ABLATION_EXPECTED = {
    "patient": {"name": "王五", "sex": "1", "age": 58, "record_no": "ZY0003"},
    "admission": {
        "admission_date": "2023-05-08",
        "discharge_date": "2023-05-12",
        "discharge_disposition": "1",
        "total_cost": 96000,
    },
    "procedure": {"category": "arrhythmia", "date": "2023-05-09"},
    "arrhythmia": {
        "kind": "ablation",
        "ablation_target": "af",
        "first_af_ablation": True,
        "immediate_success": True,
        "complications": [],
    },
    "coding": {
        "main_diagnosis": {"code": "I48", "name": "心房颤动和扑动"},
        "other_diagnoses": [],
        "procedures": [{"code": "37.3400x001", "name": "经皮环肺静脉电隔离术"}],
    },
    "team": {
        "operator": {"id": "1", "name": "李明"},
        "assistants": [],
        "deciders": [{"id": "2", "name": "王芳"}, {"id": "3", "name": "张伟"}],
    },
    "consent": {"signed": True, "date": "2023-05-08"},
    "devices": {"items": []},
    "followup": {"plan": "clinic", "interval_months": 3, "visits": []},
}


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """The test code lists installed as a plugin (an entry point on PYTHONPATH)."""
    site = tmp_path / "site"
    info = site / "rtech_testcodes-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rtech-testcodes\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[rtech.technologies]\ntestcodes = tests.support.codelists\n"
    )
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def store() -> Iterator[Store]:
    """The default database of the test's data directory, as rtech opens it."""
    store = Store.open()
    yield store
    store.dispose()


def run(
    env: dict[str, str], *args: str, lines: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [rtech_exe(), *args],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


def stored_answers(store: Store, case_id: int) -> dict[str, Any]:
    with store.read() as session:
        case = cases.get_case(session, case_id)
        assert case.status == "submitted", case.status
        return dict(case.draft_answers)


def test_three_scripted_cases_are_stored_exactly(
    environment: dict[str, str], store: Store, tmp_path: Path
) -> None:
    seed_registry(store)
    # The clinician who types the cases logs in: revisions and the audit log name her.
    password = tmp_path / "password.txt"
    password.write_text("li-ming-2024\n", encoding="utf-8")
    with store.write() as session:
        # The first user of a database is its system administrator.
        users.add_user(
            session, login="admin", name="王管理", roles=["system_admin"], password="admin-2024"
        )
        users.add_user(
            session,
            login="liming",
            name="李明",
            roles=["clinician", "quality_manager"],
            institutions=["SC0001"],
            password="li-ming-2024",
        )
    logged_in = run(environment, "login", "liming", "--password-file", str(password))
    assert logged_in.returncode == 0, logged_in.stderr
    for number, (lines, expected) in enumerate(
        [
            ((*PCI_LINES, "提交"), PCI_EXPECTED),
            (STRUCTURAL_LINES, STRUCTURAL_EXPECTED),
            (ABLATION_LINES, ABLATION_EXPECTED),
        ],
        start=1,
    ):
        result = run(
            environment, "intake", "--technology", "cardio", "--plain", "--new", lines=lines
        )
        assert result.returncode == 0, result.stderr
        assert "错误：" not in result.stdout, result.stdout
        assert f"已提交：病例 {number} 第 1 版" in result.stdout
        assert stored_answers(store, number) == expected
    listed = run(environment, "cases", "list", "--format", "json")
    assert [(c["id"], c["status"], c["record_no"]) for c in json.loads(listed.stdout)] == [
        (3, "submitted", "ZY0003"),
        (2, "submitted", "ZY0002"),
        (1, "submitted", "ZY0001"),
    ]
    shown = json.loads(run(environment, "cases", "show", "1", "--format", "json").stdout)
    assert shown["answers"]["patient"]["id_number"] == "110105********002X"
    assert shown["revisions"][0]["author"] == "李明（liming）"
    assert [a["action"] for a in shown["audit"]] == ["case.create", "case.submit"]
    table = run(environment, "cases", "show", "2")
    assert "房间隔缺损（ASD）封堵术" in table.stdout
    assert run(environment, "audit", "verify").stdout.startswith("审计链完整")


class Session:
    """A running ``rtech intake --plain``, read as it prints."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [rtech_exe(), "intake", "--technology", "cardio", "--plain", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            bufsize=1,
        )
        self.output: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.seen = ""

    def _pump(self) -> None:
        assert self.process.stdout is not None
        while True:
            chunk = self.process.stdout.read(1)
            if not chunk:
                return
            self.output.put(chunk)

    def prompt(self, timeout: float = 60) -> str:
        """Everything printed up to the next input marker “> ”."""
        text = ""
        deadline = time.monotonic() + timeout
        while not text.endswith("\n> ") and text != "> ":
            try:
                text += self.output.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no prompt within {timeout}s; printed: {text!r}") from None
        self.seen += text
        return text

    def type(self, line: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.prompt()

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def test_a_killed_intake_resumes_at_the_same_question(
    environment: dict[str, str], store: Store
) -> None:
    seed_registry(store)
    first = Session(environment)
    first.prompt()
    for line in PCI_LINES[:16]:
        shown = first.type(line)
    assert "第 18/" in shown
    assert "本次置入支架几个？" in shown
    first.kill()
    assert first.process.returncode == -signal.SIGKILL
    with store.read() as session:
        draft = cases.get_case(session, 1)
        assert draft.draft_answers["coronary"]["pci_type"] == "stent"
        assert draft.cursor["path"] == "coronary.stent_count"

    second = Session(environment)
    resumed = second.prompt()
    assert "继续录入病例 1" in resumed
    assert "第 18/" in resumed
    assert "本次置入支架几个？" in resumed
    for line in PCI_LINES[16:]:
        second.type(line)
    assert second.process.stdin is not None
    second.process.stdin.write("提交\n")
    second.process.stdin.close()
    assert second.process.wait(timeout=60) == 0
    assert stored_answers(store, 1) == PCI_EXPECTED


def test_first_run_registers_the_institution_and_physicians(
    environment: dict[str, str], store: Store
) -> None:
    lines = [
        "四川省示例医院",
        "SC-000123",
        "综合",
        "三甲",
        "四川",
        "登记",
        "李明",
        "110105000001",
        "临床",
        "内科",
        "主任",
        "2001",
        "是",
        "心内科",
        "登记",
        "是",
        "王芳",
        "跳过",
        "1",
        "1",
        "副主任医师",
        "2005",
        "是",
        "跳过",
        "登记",
        "否",
        "张三",
        "退出",
    ]
    result = run(environment, "intake", "--technology", "cardio", "--plain", lines=lines)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "首次使用：请先登记本医疗机构" in out
    assert "已登记医疗机构“四川省示例医院”（编号 1，机构代码 SC-000123）。" in out
    assert "已登记医师“李明”（主任医师，编号 1）。" in out
    assert "已登记医师“王芳”（副主任医师，编号 2）。" in out
    assert "新建病例 1" in out
    assert "已保存草稿并退出" in out
    shown = json.loads(run(environment, "registry", "show", "--format", "json").stdout)
    (institution,) = shown
    assert institution["profile"]["general"]["grade"] == "3A"
    assert [(p["name"], p["title"]) for p in institution["physicians"]] == [
        ("李明", "chief"),
        ("王芳", "associate_chief"),
    ]
    with store.read() as session:
        assert cases.get_case(session, 1).draft_answers == {"patient": {"name": "张三"}}


def test_bad_input_is_explained_and_nothing_is_lost(
    environment: dict[str, str], store: Store
) -> None:
    seed_registry(store)
    lines = [
        "张三",
        "男",
        "跳过",
        "65",
        "110105194912310021",  # wrong check character
        "11010519491231002X",
        "ZY0100",
        "2023-3-5",
        "2023-3-1",  # discharge before admission
        "2023-3-9",
        "7",  # not a 离院方式 code
        "1",
        "-5",  # negative cost
        "500",
        "退出",
    ]
    result = run(environment, "intake", "--technology", "cardio", "--plain", lines=lines)
    out = result.stdout
    assert "身份证号“110105194912310021”校验码不符：最后一位应为“X”，输入为“1”" in out
    assert "出院日期 2023-03-01 早于入院日期 2023-03-05，请核对。本次回答未保存。" in out
    assert "“7”不是“离院方式”的可选项" in out
    assert "“住院总费用”为 -5元，超出范围：应在 0～10000000元之间" in out
    with store.read() as session:
        answers = cases.get_case(session, 1).draft_answers
    assert answers["patient"]["id_number"] == "11010519491231002X"
    assert answers["admission"] == {
        "admission_date": "2023-03-05",
        "discharge_date": "2023-03-09",
        "discharge_disposition": "1",
        "total_cost": 500,
    }


def test_export_import_round_trip_and_a_broken_audit_chain(
    environment: dict[str, str], store: Store, tmp_path: Path
) -> None:
    seed_registry(store)
    for lines in ((*PCI_LINES, "提交"), STRUCTURAL_LINES):
        run(environment, "intake", "--technology", "cardio", "--plain", "--new", lines=lines)
    run(environment, "intake", "-t", "cardio", "--plain", "--new", lines=["赵六", "退出"])
    exported = tmp_path / "cases.json"
    assert run(environment, "cases", "export", "-o", str(exported)).returncode == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert [c["status"] for c in document["cases"]] == ["submitted", "submitted", "draft"]
    assert document["cases"][2]["draft"]["answers"] == {"patient": {"name": "赵六"}}

    other = {**environment, "RTECH_DATA_DIR": str(tmp_path / "other")}
    refused = run(other, "cases", "import", str(exported))
    assert refused.returncode == 2
    assert "未导入任何病例" in refused.stderr
    assert "第 1、2、3 例：本库没有机构代码为“SC0001”的医疗机构" in refused.stderr

    target = Store.open(f"sqlite:///{tmp_path / 'other' / 'rtech.sqlite3'}")
    try:
        with target.write() as session:
            hospital = registry.create_institution(
                session, name="四川省示例医院", code="SC0001", actor="a"
            )
            for name, title, licence in reversed(PHYSICIANS):  # other ids than at the source
                registry.create_physician(
                    session,
                    institution_id=hospital.id,
                    name=name,
                    title=title,
                    licence_no=licence,
                    actor="a",
                )
    finally:
        target.dispose()
    imported = run(other, "cases", "import", str(exported), "--format", "json")
    assert imported.returncode == 0, imported.stderr
    assert [i["source_id"] for i in json.loads(imported.stdout)["imported"]] == [1, 2, 3]
    again = run(other, "cases", "import", str(exported), "--format", "json")
    assert len(json.loads(again.stdout)["skipped"]) == 3  # nothing is imported twice
    back = tmp_path / "back.json"
    run(other, "cases", "export", "-o", str(back))
    returned = json.loads(back.read_text(encoding="utf-8"))["cases"]
    ids = {"李明": "5", "王芳": "4", "张伟": "3", "张蔚": "2", "单勇": "1"}
    for before, after in zip(document["cases"], returned, strict=True):
        assert after["status"] == before["status"]
        assert [(r["number"], r["author"], r["created_at"]) for r in after["revisions"]] == [
            (r["number"], r["author"], r["created_at"]) for r in before["revisions"]
        ]
        remapped = json.loads(
            json.dumps(before["answers"], ensure_ascii=False), object_hook=_remap(ids)
        )
        assert after["answers"] == remapped
    assert returned[0]["answers"]["team"]["operator"] == {"id": "5", "name": "李明"}

    with store.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_log_no_update"))
        connection.execute(text("UPDATE audit_log SET actor = '某人' WHERE id = 3"))
    broken = run(environment, "audit", "verify")
    assert broken.returncode == 1
    assert broken.stdout.startswith("审计链在第 3 条记录处断开：记录内容与其哈希不符")


def _remap(ids: dict[str, str]) -> Any:
    def hook(value: dict[str, Any]) -> dict[str, Any]:
        if set(value) == {"id", "name"} and value["name"] in ids:
            return {"id": ids[value["name"]], "name": value["name"]}
        return value

    return hook


def test_bytes_that_are_not_utf8_are_refused_in_chinese(
    environment: dict[str, str], store: Store
) -> None:
    """Issue 19 item 8: invalid UTF-8 on stdin is a Chinese message, not a traceback."""
    seed_registry(store)
    result = subprocess.run(
        [rtech_exe(), "intake", "--technology", "cardio", "--plain", "--new"],
        input=b"\xff\xfe\xc3\n" + "张三\n退出\n".encode(),
        capture_output=True,
        env={**environment, "PYTHONIOENCODING": "utf-8:strict"},  # as under a UTF-8 locale
        timeout=180,
        check=False,
    )
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, err
    assert "错误：输入中含有无法识别的字节（输入不是 UTF-8 编码），本次回答未保存" in out
    assert "Traceback" not in err
    with store.read() as session:
        assert cases.get_case(session, 1).draft_answers == {"patient": {"name": "张三"}}
