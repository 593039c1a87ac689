"""Mutation testing of the core: change the code one small way at a time, see whether a test notices.

A small project script rather than a tool, because mutmut 3 skips decorated
functions (every ``@rule``) and the core is small: for each module below it
parses the source, and for every place where a regression could hide makes
one mutant (a comparison loosened or flipped, ``and``/``or`` swapped, a
number off by one, ``any``/``all`` or ``min``/``max`` swapped, a condition
negated, a value returned as ``None``, a ``yield`` or ``raise`` removed). Each
mutant is written into a scratch copy of the repository and the tests that
exercise the module run against it (``pytest -x``); a failing run kills the
mutant. The score per module is killed / all; survivors are listed with
their line. Mutants that change nothing a user could see are listed, with the
reason, in ``docs/testing.md`` under ``EQUIVALENT`` and skipped here.

    .venv/bin/python scripts/mutation.py                # every module
    .venv/bin/python scripts/mutation.py nip formatting # some of them
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

MODULES: dict[str, tuple[str, list[str]]] = {
    "nip": ("masterplan/answers/nip.py", ["tests/test_nip.py"]),
    "formatting": ("masterplan/formatting.py", ["tests/test_formatting.py", "tests/test_text_fixes.py"]),
    "rules": ("masterplan/checks/rules.py", [
        "tests/test_rules.py", "tests/test_real_plans.py",
        "--deselect",  # the one slow test there builds a PDF and runs no rule the others do not
        "tests/test_real_plans.py::test_the_kota_example_builds_a_final_pdf_every_signatory_can_sign",
    ]),
    "answers": ("masterplan/answers/contribution.py",
                ["tests/test_answers.py", "tests/test_types.py", "tests/test_bad_input.py"]),
    "merge": ("masterplan/checks/merge.py", ["tests/test_merge.py"]),
    "journal": ("masterplan/workflow/journal.py", [
        "tests/test_journal.py", "tests/test_journal_forgery.py",
        "tests/test_workflow.py::test_journal_line_cut_short_is_ignored_and_repaired",
        "tests/test_workflow.py::test_head_one_entry_behind_after_a_crash_is_not_tampering",
        "tests/test_workflow.py::test_a_malformed_entry_is_a_reported_problem_not_a_traceback",
        "tests/test_workflow.py::test_nothing_is_appended_to_a_journal_whose_tail_was_cut",
        "tests/test_workflow.py::test_the_example_history_holds",
    ]),
}
COPIED = ("masterplan", "tests", "questionnaires", "templates", "examples", "pyproject.toml")

_COMPARE_SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
_NAME_SWAPS = {"any": "all", "all": "any", "min": "max", "max": "min"}
_BINOP_SWAPS: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult,
}


@dataclass(frozen=True)
class Mutant:
    """One change: where, what, and the mutated module's source."""

    line: int
    code: str  # the original line, stripped
    description: str
    source: str


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _changes(node: ast.AST, skip: set[int]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """The mutations of one node: (description, a function applying it to a copy of the node)."""
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            swap = _COMPARE_SWAPS.get(type(op))
            if swap:
                yield f"{type(op).__name__} -> {swap.__name__}", ("op", index, swap)
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield f"{type(node.op).__name__} -> {other.__name__}", ("boolop", other)
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAPS:
        swap = _BINOP_SWAPS[type(node.op)]
        yield f"{type(node.op).__name__} -> {swap.__name__}", ("binop", swap)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not removed", ("unnot",)
    elif isinstance(node, ast.Constant) and id(node) not in skip:
        if isinstance(node.value, bool):
            yield f"{node.value} -> {not node.value}", ("const", not node.value)
        elif isinstance(node.value, int) and not isinstance(node.value, bool):
            yield f"{node.value} -> {node.value + 1}", ("const", node.value + 1)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _NAME_SWAPS:
        yield f"{node.func.id} -> {_NAME_SWAPS[node.func.id]}", ("name", _NAME_SWAPS[node.func.id])
    elif isinstance(node, ast.If | ast.While):
        yield "condition negated", ("negate",)
    elif isinstance(node, ast.Return) and node.value is not None and not (
        isinstance(node.value, ast.Constant) and node.value.value is None
    ):
        yield "returns None", ("return_none",)
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Yield | ast.YieldFrom):
        yield "yield removed", ("pass",)
    elif isinstance(node, ast.Raise):
        yield "raise removed", ("pass",)


def _apply(node: ast.AST, change: tuple) -> ast.AST:
    kind = change[0]
    if kind == "op":
        node.ops[change[1]] = change[2]()  # type: ignore[attr-defined]
    elif kind in ("boolop", "binop"):
        node.op = change[1]()  # type: ignore[attr-defined]
    elif kind == "unnot":
        return node.operand  # type: ignore[attr-defined]
    elif kind == "const":
        node.value = change[1]  # type: ignore[attr-defined]
    elif kind == "name":
        node.func.id = change[1]  # type: ignore[attr-defined]
    elif kind == "negate":
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)  # type: ignore[attr-defined]
    elif kind == "return_none":
        node.value = ast.Constant(value=None)  # type: ignore[attr-defined]
    elif kind == "pass":
        return ast.Pass()
    return node


class _Replace(ast.NodeTransformer):
    def __init__(self, target: int, change: tuple) -> None:
        self.target, self.change, self.index = target, change, -1

    def generic_visit(self, node: ast.AST) -> ast.AST:
        self.index += 1
        if self.index == self.target:
            return _apply(node, self.change)
        return super().generic_visit(node)


def mutants(source: str, equivalent: set[tuple[str, str]]) -> list[Mutant]:
    """Every mutant of ``source`` except the known equivalent ones (code of the line, description)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    skip = _docstring_nodes(tree)
    found: list[Mutant] = []
    order = list(_walk_in_visit_order(tree))
    for index, node in enumerate(order):
        if _in_type_hint_or_import(node):
            continue
        for description, change in _changes(node, skip):
            line = getattr(node, "lineno", 0)
            code = lines[line - 1].strip() if line else ""
            if (code, description) in equivalent:
                continue
            changed = _Replace(index, change).visit(copy.deepcopy(tree))
            ast.fix_missing_locations(changed)
            found.append(Mutant(line, code, description, ast.unparse(changed)))
    return found


def _walk_in_visit_order(tree: ast.AST) -> Iterator[ast.AST]:
    """Nodes in the order :class:`ast.NodeTransformer` visits them (pre-order), so indexes match."""
    yield tree
    for child in ast.iter_child_nodes(tree):
        yield from _walk_in_visit_order(child)


def _in_type_hint_or_import(node: ast.AST) -> bool:
    return isinstance(node, ast.Import | ast.ImportFrom)


def _equivalent(name: str) -> set[tuple[str, str]]:
    """``(code, mutation)`` pairs listed under ``EQUIVALENT <name>`` in docs/testing.md.

    A mutant is named by the text of its line, not its number, so the list survives edits elsewhere
    in the module: ``- `<the line, stripped>`: <mutation> (why)``.
    """
    path = REPO / "docs" / "testing.md"
    found: set[tuple[str, str]] = set()
    if not path.is_file():
        return found
    active = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            active = line.strip() == f"### EQUIVALENT {name}"
        elif active and line.startswith("- `"):
            code, _, rest = line.removeprefix("- `").partition("`")
            found.add((code.strip(), rest.lstrip(": ").split(" (", 1)[0].strip()))
    return found


def _scratch_copy(root: Path) -> None:
    root.mkdir()
    for part in COPIED:
        source_path = REPO / part
        if source_path.is_dir():
            shutil.copytree(source_path, root / part, ignore=shutil.ignore_patterns("__pycache__", "build"))
        else:
            shutil.copy2(source_path, root / part)


def _pytest(root: Path, tests: list[str]) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
               *tests]
    return command, env


def run(name: str, jobs: int = 1, lines: set[int] | None = None, timeout_factor: float = 4.0,
        ) -> tuple[int, list[Mutant]]:
    """Mutate one module (only ``lines`` when given) in ``jobs`` scratch copies at once.

    Returns the number of mutants and the survivors.
    """
    module, tests = MODULES[name]
    source = (REPO / module).read_text(encoding="utf-8")
    found = [m for m in mutants(source, _equivalent(name)) if lines is None or m.line in lines]
    survived: dict[int, Mutant] = {}
    done = 0
    lock = threading.Lock()
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        roots = [Path(scratch) / f"repo{worker}" for worker in range(max(jobs, 1))]
        for root in roots:
            _scratch_copy(root)
        command, env = _pytest(roots[0], tests)
        started = time.perf_counter()
        baseline = subprocess.run(command, cwd=roots[0], env=env, capture_output=True, check=False)
        limit = (time.perf_counter() - started) * timeout_factor + 10
        if baseline.returncode != 0:
            tail = baseline.stdout.decode()[-2000:]
            raise SystemExit(f"{name}: the tests fail without any mutant:\n{tail}")
        pending = list(enumerate(found))

        def work(root: Path) -> None:
            nonlocal done
            command, env = _pytest(root, tests)
            while True:
                with lock:
                    if not pending:
                        return
                    number, mutant = pending.pop(0)
                (root / module).write_text(mutant.source, encoding="utf-8")
                try:
                    result = subprocess.run(command, cwd=root, env=env, capture_output=True, timeout=limit,
                                            check=False)
                    killed = result.returncode != 0
                except subprocess.TimeoutExpired:
                    killed = True  # an endless loop is noticed too
                with lock:
                    done += 1
                    if not killed:
                        survived[number] = mutant
                    if sys.stderr.isatty():
                        progress = f"\r{name}: {done}/{len(found)} mutants, {len(survived)} survived"
                        print(progress, end="", file=sys.stderr)

        threads = [threading.Thread(target=work, args=(root,)) for root in roots]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if sys.stderr.isatty():
            print(file=sys.stderr)
    return len(found), [survived[number] for number in sorted(survived)]


def main() -> None:
    """Mutate the modules named on the command line (all by default) and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"modules to mutate: {', '.join(MODULES)} (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="scratch copies tested at once (default: one per core)")
    parser.add_argument("--lines", help="only the mutants of these lines (1,2,...): recheck survivors")
    args = parser.parse_args()
    lines = {int(n) for n in args.lines.split(",")} if args.lines else None
    unknown = sorted(set(args.modules) - set(MODULES))
    if unknown:
        parser.error(f"unknown module(s): {', '.join(unknown)}")
    scores: list[tuple[str, int, int]] = []
    for name in args.modules or list(MODULES):
        total, survivors = run(name, args.jobs, lines)
        scores.append((name, total, total - len(survivors)))
        for mutant in survivors:
            print(f"  survived: {MODULES[name][0]}:{mutant.line}: `{mutant.code}`: {mutant.description}")
    print("\n| module | mutants | killed | score |\n|---|---|---|---|")
    for name, total, killed in scores:
        print(f"| {name} | {total} | {killed} | {100 * killed / max(total, 1):.0f}% |")


if __name__ == "__main__":
    main()
