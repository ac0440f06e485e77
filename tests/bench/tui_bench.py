"""Terminal UI benchmark: keystroke-to-suggestions and the cold start of ``rtech``.

    python tests/bench/tui_bench.py [--codes 40000] [--runs 5]

1. **Keystroke to suggestions.** The app runs in a pseudo-terminal (100x30)
   on a seeded database whose hospital dictionary (``rtech codes import`` of a
   GB18030 CSV, as a HIS exports it) holds N synthetic diagnosis codes
   (ICD-10-shaped, with Chinese names and 拼音码, default 40 000), resumed at
   the main-diagnosis question of a cardio case: every keystroke searches
   cardio's curated lists, its catalog, the dictionary and the rest, in turn.
   Each keystroke is timed from writing it to the terminal until the last
   byte the app draws in response (the answer box, the engine's search, the
   dropdown of candidates), calm being 60 ms without output. Side by side, in
   the same run: the same keystrokes into the ``Input`` of an empty Textual
   app (what any keystroke costs), and the engine's ``suggestions()`` alone.
2. **Cold start.** ``rtech`` is started in a pseudo-terminal (100x30) on a
   database with the demo data until the home screen's title is on the
   screen, and until its list of drafts is filled in (the database opens in
   the background); baseline: an empty Textual app that shows one line,
   started the same way. Each is run ``--runs`` times; the median and the
   range are shown.

A benchmark, not a test: it prints figures and asserts no timings (the goals —
under 20 ms per keystroke, under 1.5 s to the first screen — are printed
beside them).
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

KEYSTROKES = ["g", "x", "b", "I", "2", "5", ".", "1", "冠", "心", "梗", "死"]
#: the keystrokes start over (the box is emptied) before these
RESTARTS = {3, 8}

_WORDS = (
    "冠状动脉粥样硬化性心脏病急性心肌梗死高血压房颤经皮支架置入术球囊扩张肺炎糖尿病骨折胃癌"
    "慢性阻塞性肺疾病脑梗死肾功能不全心力衰竭室性早搏主动脉瓣狭窄二尖瓣关闭不全"
)


def big_code_list(count: int, seed: int = 7) -> Any:
    """An extension plugin listing ``count`` diagnosis codes (a large ICD-10 list)."""
    from rtech import CodeEntry, CodeKind, ValueSet, hookimpl

    rnd = random.Random(seed)
    entries = tuple(
        CodeEntry(
            f"{rnd.choice('ABCDEIJKMNQRS')}{rnd.randrange(100):02d}.{rnd.randrange(1000):03d}"
            f"x{n:03d}",
            "".join(rnd.choice(_WORDS) for _ in range(rnd.randrange(4, 14))),
        )
        for n in range(count)
    )
    value_set = ValueSet("bench.icd10", CodeKind.DIAGNOSIS, "基准测试用疾病诊断编码", entries)

    class BigCodes:
        @hookimpl
        def rtech_code_lists(self) -> list[Any]:
            return [value_set]

    return BigCodes()


def write_dictionary(path: Path, count: int, seed: int = 7) -> Path:
    """A HIS export of ``count`` diagnosis codes: GB18030 CSV, a title line, 拼音码."""
    from rtech.intake.pinyin import initials

    rnd = random.Random(seed)
    lines = ["本院疾病诊断字典（基准测试）", "疾病编码,疾病名称,拼音码"]
    for n in range(count):
        # Unique, and shaped as the national clinical edition's: I25.103x004.
        code = (
            f"{rnd.choice('ABCDEIJKMNQRS')}{rnd.randrange(100):02d}.{n // 1000:03d}x{n % 1000:03d}"
        )
        name = "".join(rnd.choice(_WORDS) for _ in range(rnd.randrange(4, 14)))
        lines.append(f"{code},{name},{initials(name).upper()}")
    path.write_bytes("\n".join(lines).encode("gb18030"))
    return path


def import_dictionary(count: int, work: Path) -> float:
    """``rtech codes import`` of a dictionary of ``count`` codes; seconds taken."""
    import contextlib
    import io

    from rtech.cli import main as rtech

    source = write_dictionary(work / "诊断字典.csv", count)
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            rtech(["codes", "import", str(source), "--version", "bench"])
        except SystemExit as exit_:
            if exit_.code:
                raise
    return time.perf_counter() - started


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"中位 {statistics.median(values) * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms"


# -------------------------------------------------------------------------
# Programs in a pseudo-terminal
# -------------------------------------------------------------------------

_EMPTY_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Empty(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("限制类技术临床应用管理平台")
        yield Input()


Empty().run()
"""


class Terminal:
    """A program in a 100x30 pseudo-terminal; reads what it draws."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        import fcntl
        import termios

        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.seen = b""

    def _read(self, timeout: float) -> float | None:
        """Read what is there within ``timeout``; the time of the read (None: nothing)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return None
        self.seen += chunk
        return time.perf_counter()

    def wait_for(self, marker: str, timeout: float = 30) -> float:
        """Seconds since start until ``marker`` is drawn."""
        wanted = marker.encode()
        deadline = time.perf_counter() + timeout
        while wanted not in self.seen:
            if time.perf_counter() > deadline:
                raise TimeoutError(marker)
            self._read(0.05)
        self.seen = b""
        return time.perf_counter() - self.started

    def drain(self, quiet: float = 0.3) -> None:
        while self._read(quiet) is not None:
            pass
        self.seen = b""

    def press(self, data: bytes, quiet: float = 0.06) -> float:
        """Write ``data``; seconds until the last byte drawn before ``quiet`` seconds of calm."""
        self.drain(0.05)
        sent = time.perf_counter()
        os.write(self.fd, data)
        last = sent
        while True:
            when = self._read(quiet)
            if when is None:
                break
            last = when
        return last - sent

    def close(self) -> None:
        try:
            os.write(self.fd, b"\x11")  # ctrl+q
            deadline = time.perf_counter() + 5
            while time.perf_counter() < deadline:
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    return
                self._read(0.05)
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


def _child(count: int) -> None:
    """Run the app as a clinician would find it: a draft at the main diagnosis."""
    from rtech.host import get_host
    from rtech.store import Store
    from rtech.tui.app import RtechApp
    from tests.support.intake import PCI_LINES, TODAY, open_case, seed_registry

    import_dictionary(count, Path(os.environ["RTECH_DATA_DIR"]))
    host = get_host()
    store = Store.open()
    seed_registry(store)
    intake = open_case(store, host)
    for line in PCI_LINES:
        if intake.prompt.path == "coding.main_diagnosis":
            break
        intake.handle(line)
    RtechApp(store=store, host=host, actor="李明", today=TODAY).run()


def _keys(key: str) -> bytes:
    return key.encode()


def _typing(count: int, rtech_env: dict[str, str], work: Path) -> dict[str, list[float]]:
    """Keystroke to settled screen, in a terminal: rtech's intake and an empty app's Input."""
    script = work / "empty_app.py"
    script.write_text(_EMPTY_APP, encoding="utf-8")
    times: dict[str, list[float]] = {"rtech": [], "empty": []}
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(count)]
    term = Terminal(argv, rtech_env)
    try:
        term.wait_for("我的草稿")
        term.press(b"\r")  # resume the draft
        term.wait_for("主要诊断")
        time.sleep(4)  # the code index loads in the background
        term.press(b"a")
        term.press(b"\x7f")
        for index, key in enumerate(KEYSTROKES):
            if index in RESTARTS:
                term.press(b"\x15")  # ctrl+u: empty the box
            times["rtech"].append(term.press(_keys(key)))
    finally:
        term.close()
    term = Terminal([sys.executable, str(script)], rtech_env)
    try:
        term.wait_for("限制类技术临床应用管理平台")
        term.press(b"\t")
        for index, key in enumerate(KEYSTROKES):
            if index in RESTARTS:
                term.press(b"\x15")
            times["empty"].append(term.press(_keys(key)))
    finally:
        term.close()
    return times


def _engine(count: int, work: Path) -> dict[str, Any]:
    """The engine's ``suggestions()`` alone, for the same keystrokes."""
    from rtech.host import get_host
    from rtech.store import Store
    from tests.support.intake import PCI_LINES, open_case, seed_registry

    imported = import_dictionary(count, work)
    host = get_host()
    store = Store.open()
    try:
        seed_registry(store)
        intake = open_case(store, host)
        for line in PCI_LINES:
            if intake.prompt.path == "coding.main_diagnosis":
                break
            intake.handle(line)
        started = time.perf_counter()
        entries = intake.warm_codes()
        built = time.perf_counter() - started
        typed, times, shown = "", [], []
        for index, key in enumerate(KEYSTROKES):
            if index in RESTARTS:
                typed = ""
            typed += key
            begin = time.perf_counter()
            found = intake.suggestions(typed, limit=12)
            times.append(time.perf_counter() - begin)
            shown.append((typed, len(found)))
        return {
            "entries": entries,
            "import": imported,
            "index": built,
            "engine": times,
            "shown": shown,
        }
    finally:
        store.dispose()


def _cold_start(runs: int, env: dict[str, str], work: Path) -> dict[str, list[float]]:
    rtech = shutil.which("rtech", path=str(Path(sys.executable).parent))
    assert rtech, "rtech is installed in this environment"
    subprocess.run([rtech, "demo"], env=env, check=True, capture_output=True)
    script = work / "empty_app.py"
    script.write_text(_EMPTY_APP, encoding="utf-8")
    times: dict[str, list[float]] = {"rtech": [], "drafts": [], "empty": []}
    for _ in range(runs):
        for name, argv in (("rtech", [rtech]), ("empty", [sys.executable, str(script)])):
            term = Terminal(argv, env)
            try:
                times[name].append(term.wait_for("限制类技术临床应用管理平台"))
                if name == "rtech":
                    # The database opens in the background; then the drafts are listed.
                    times["drafts"].append(term.wait_for("没有未完成的草稿"))
            finally:
                term.close()
    return times


def _env(work: Path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "RTECH_DATA_DIR": str(work / name / "data"),
        "RTECH_CONFIG_DIR": str(work / name / "config"),
        "TERM": "xterm-256color",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--codes", type=int, default=40000, help="synthetic codes (≥ 30000)")
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each program")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child)
        return

    work = Path(tempfile.mkdtemp(prefix="rtech-tui-bench-"))
    try:
        os.environ.update(_env(work, "engine"))
        engine = _engine(args.codes, work)
        typing = _typing(args.codes, _env(work, "typing"), work)
        starts = _cold_start(args.runs, _env(work, "start"), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"键入到候选（编码表 {engine['entries']} 条，终端 100x30，目标 < 20 ms）")
    print(f"  rtech 录入界面：按键 → 候选列表画出     {_ms(typing['rtech'])}")
    print(f"  基线：空白 Textual 应用的输入框按键     {_ms(typing['empty'])}")
    print(f"  其中引擎 suggestions() 检索             {_ms(engine['engine'])}")
    print(f"  编码表索引（后台载入，界面不阻塞）       {engine['index']:.2f} s")
    print(f"  rtech codes import 导入 {args.codes} 条字典      {engine['import']:.2f} s")
    detail = "  ".join(f"{typed}:{n}" for typed, n in engine["shown"])
    print(f"  各次键入后的候选数：{detail}")
    print(f"冷启动到首屏（{args.runs} 次，目标 < 1.5 s）")
    for name, label in (
        ("rtech", "rtech 首屏（演示数据）"),
        ("drafts", "rtech 首屏草稿列表就绪"),
        ("empty", "基线：空白 Textual 应用"),
    ):
        values = starts[name]
        print(
            f"  {label:<24} 中位 {statistics.median(values):.2f} s"
            f"（{min(values):.2f}–{max(values):.2f} s）"
        )


if __name__ == "__main__":
    main()
