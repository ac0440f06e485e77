"""A small mutation-testing run: does the suite notice when a rule is changed?

Each mutant changes one thing in one file — a comparison's operator (``<`` to
``<=``, ``==`` to ``!=`` …), ``and`` to ``or``, a dropped ``not``, an integer
constant plus one, ``operator.lt`` to ``operator.le`` — then runs the given
tests; a mutant the tests do not fail "survives". The file is restored after
every mutant (also on Ctrl-C). Run it in a scratch worktree: it edits files in
place.

    python tools/mutation.py core/store/audit.py -- tests/unit/test_store_cases.py
    python tools/mutation.py core/codes/normalize.py core/indicators/expr.py \
        --json mutants.json -- tests/unit/codes tests/unit/test_indicators_core.py

Prints one line per surviving mutant and a summary; exits 1 when any survives.
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_OPERATOR_FUNCTIONS = {"lt": "le", "le": "lt", "gt": "ge", "ge": "gt", "eq": "ne", "ne": "eq"}
_SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}


@dataclass
class Mutant:
    file: str
    line: int
    change: str
    status: str = "pending"  # killed | survived | timeout


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _sites(tree: ast.AST) -> Iterator[tuple[ast.AST, int, str]]:
    """(node, index within the node, description) of every possible mutation."""
    docstrings = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for index, op in enumerate(node.ops):
                swap = _SWAP.get(type(op))
                if swap is not None:
                    yield node, index, f"{_SYMBOL[type(op)]} -> {_SYMBOL[swap]}"
        elif isinstance(node, ast.BoolOp):
            yield node, 0, "and -> or" if isinstance(node.op, ast.And) else "or -> and"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, 0, "not x -> x"
        elif (
            isinstance(node, ast.Constant)
            and type(node.value) is int
            and id(node) not in docstrings
        ):
            yield node, 0, f"{node.value} -> {node.value + 1}"
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "operator"
            and node.attr in _OPERATOR_FUNCTIONS
        ):
            yield node, 0, f"operator.{node.attr} -> operator.{_OPERATOR_FUNCTIONS[node.attr]}"


class _Apply(ast.NodeTransformer):
    def __init__(self, target: int, index: int) -> None:
        self.target, self.index = target, index

    def visit(self, node: ast.AST) -> ast.AST:
        if id(node) != self.target:
            return super().visit(node)
        if isinstance(node, ast.Compare):
            node.ops[self.index] = _SWAP[type(node.ops[self.index])]()
        elif isinstance(node, ast.BoolOp):
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        elif isinstance(node, ast.UnaryOp):
            return node.operand
        elif isinstance(node, ast.Constant):
            node.value = node.value + 1
        elif isinstance(node, ast.Attribute):
            node.attr = _OPERATOR_FUNCTIONS[node.attr]
        return node


def mutants_of(path: Path) -> Iterator[tuple[Mutant, str]]:
    source = path.read_text(encoding="utf-8")
    count = sum(1 for _ in _sites(ast.parse(source)))
    for number in range(count):
        tree = ast.parse(source)  # a fresh tree per mutant
        node, index, change = list(_sites(tree))[number]
        line = getattr(node, "lineno", 0)
        mutated = ast.unparse(ast.fix_missing_locations(_Apply(id(node), index).visit(tree)))
        yield Mutant(str(path), line, change), mutated


def run_tests(tests: list[str], timeout: float) -> str:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if done.returncode == 0 else "killed"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    tests = argv[argv.index("--") + 1 :] if "--" in argv else []
    own = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--json", type=Path, help="write every mutant and its fate here")
    options = parser.parse_args(own)
    if not tests:
        parser.error("name the tests after --")
    if run_tests(tests, options.timeout) != "survived":
        print("the tests fail before any mutation: nothing to measure", file=sys.stderr)
        return 2
    results: list[Mutant] = []
    started = time.monotonic()
    for path in options.files:
        original = path.read_text(encoding="utf-8")
        try:
            for mutant, mutated in mutants_of(path):
                path.write_text(mutated, encoding="utf-8")
                mutant.status = run_tests(tests, options.timeout)
                results.append(mutant)
                if mutant.status == "survived":
                    print(f"survived  {mutant.file}:{mutant.line}  {mutant.change}", flush=True)
        finally:
            path.write_text(original, encoding="utf-8")
    killed = sum(m.status != "survived" for m in results)
    print(
        f"{len(results)} mutants, {killed} killed, {len(results) - killed} survived "
        f"({time.monotonic() - started:.0f} s)"
    )
    if options.json is not None:
        options.json.write_text(json.dumps([asdict(m) for m in results], ensure_ascii=False))
    return 1 if killed < len(results) else 0


if __name__ == "__main__":
    sys.exit(main())
