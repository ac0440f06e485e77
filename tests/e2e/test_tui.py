"""The installed ``rtech`` in a real terminal (tmux): record a case, find it in the list.

A private tmux server (its own socket) runs ``rtech`` with this test's data
directory; keys go in with ``send-keys``, the screen comes back with
``capture-pane``. The case is typed as a clinician would type it, with the
built-in code lists (no test plugins in the installed program).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtech.store import Store, cases
from tests.e2e.test_cli import rtech_exe
from tests.support.intake import seed_registry

pytestmark = pytest.mark.e2e

#: A STEMI PCI case with the codes the installed program knows.
CASE = (
    "张三",
    "男 65岁",
    "跳过",
    "11010519491231002x",
    "ZY0001",
    "2023-3-1",
    "2023年3月6日",
    "1",
    "3.2万",
    "冠脉",
    "2023/3/2",
    "stemi",
    "是",
    "直接",
    "1、3",
    "支架",
    "两个",
    "15%",
    "3",
    "无",
    "I21.0 急性前壁透壁性心肌梗死",
    "无",
    "36.07",
    "1",
    "完成",
    "lm",
    "无",
    "王芳、张伟",
    "完成",
    "是",
    "2023-3-1",
    "药物洗脱支架",
    "(01)06901234567892(17)251231(10)A123",
    "跳过",
    "完成",
    "门诊",
    "1个月",
    "无",
)


class Terminal:
    """One tmux session on a private server."""

    def __init__(self, socket: str, width: int, height: int) -> None:
        self.socket = socket
        self.width = width
        self.height = height

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return result.stdout

    def start(self, command: str) -> None:
        self.tmux(
            "new-session", "-d", "-s", "rtech", "-x", str(self.width), "-y", str(self.height),
            command,
        )  # fmt: skip

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "rtech")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"“{text}” did not appear; the screen:\n{shown}")
            time.sleep(0.1)

    def settle(self, timeout: float = 10) -> str:
        """Wait until the screen stops changing."""
        deadline = time.monotonic() + timeout
        before = self.screen()
        while time.monotonic() < deadline:
            time.sleep(0.15)
            now = self.screen()
            if now == before:
                return now
            before = now
        return before

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "rtech", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "rtech", "-l", text)
        self.settle()  # the typed text has been drawn
        self.keys("Enter")
        self.settle()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (./dev test installs it)")
    term = Terminal(f"rtech-test-{uuid.uuid4().hex[:8]}", 100, 30)
    yield term
    subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True, check=False)


def test_a_case_typed_in_the_terminal_is_in_the_case_list(
    terminal: Terminal, tmp_path: Path
) -> None:
    store = Store.open()
    try:
        seed_registry(store)
    finally:
        store.dispose()
    env = {
        "RTECH_DATA_DIR": os.environ["RTECH_DATA_DIR"],
        "RTECH_CONFIG_DIR": os.environ["RTECH_CONFIG_DIR"],
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    done = tmp_path / "exit-code"
    assignments = " ".join(f"{k}='{v}'" for k, v in env.items())
    terminal.start(f"env {assignments} {rtech_exe()}; echo $? > {done}; sleep 30")
    terminal.wait_for("限制类技术临床应用管理平台")
    terminal.wait_for("没有未完成的草稿")

    # The technologies are listed in catalog order: cardio is the third (2022 S03).
    terminal.keys("Down", "Down")
    terminal.settle()
    terminal.keys("n")
    terminal.wait_for("新建病例 1：心血管疾病介入诊疗技术")
    terminal.wait_for("患者姓名？")
    terminal.wait_for("第 1/23 题")
    for line in CASE:
        terminal.type(line)
    review = terminal.wait_for("全部必答题已完成，可以提交")
    assert "复核" in review

    terminal.keys("s")
    terminal.wait_for("确认提交")
    assert "提交病例 1（张三，病案号 ZY0001" in terminal.settle()
    terminal.keys("y")
    terminal.wait_for("已提交：病例 1 第 1 版")

    terminal.keys("l")
    listed = terminal.wait_for("共 1 例")
    row = next(line for line in listed.splitlines() if "ZY0001" in line)
    assert "张三" in row
    assert "已提交" in row
    assert "2023-03-02" in row

    terminal.keys("C-q")
    deadline = time.monotonic() + 15
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert done.read_text().strip() == "0"

    store = Store.open()
    try:
        with store.read() as session:
            case = cases.get_case(session, 1)
            assert (case.status, case.current_revision) == ("submitted", 1)
            assert case.record_no == "ZY0001"
            assert case.draft_answers["coding"]["procedures"] == [
                {"code": "36.0700", "name": "药物洗脱冠状动脉支架置入"}
            ]
    finally:
        store.dispose()
