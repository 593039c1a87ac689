"""Hostile inputs under the limits: time and peak memory of ``check``.

Each case is the example workspace with one answers file replaced by what an
adversary would write at (or beyond) a limit of ``masterplan/limits.py``. Every
case runs ``api.check`` in a fresh process; wall time and the process's peak
resident memory are reported (median of ``--repeat`` runs). The target
(issue 17): any input under the limits checks in under 1 s and 200 MB.

    .venv/bin/python bench/hostile.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "sukamaju"
sys.path.insert(0, str(REPO))

from masterplan.limits import MAX_FILE_BYTES, MAX_NODES, MAX_TABLE_ROWS  # noqa: E402

PROBE = (
    "import sys, time; from masterplan import api; started = time.perf_counter(); "
    "api.check(sys.argv[1]); print(time.perf_counter() - started)"
)


def _rows(count: int) -> str:
    return "stage: 2\nanswers:\n  programs:\n" + "".join(f"    - {{kode: X{i}}}\n" for i in range(count))


def _scalars(count: int) -> str:
    return "stage: 2\nanswers:\n  x:\n" + "    - 1\n" * count


def _long_text() -> str:
    return "stage: 2\nanswers:\n  plan_financing: '" + "a" * (MAX_FILE_BYTES - 100) + "'\n"


def _budgets(count: int) -> str:
    row = "    - {{code: SG-{n:02d}, budget: 1000000000000000000000000000000}}\n"
    return "stage: 2\nanswers:\n  programs:\n" + "".join(row.format(n=n) for n in range(count))


CASES: dict[str, Callable[[], str] | None] = {
    "the example as it is": None,
    f"a table at the limit ({MAX_TABLE_ROWS:,} rows, every row wrong)": lambda: _rows(MAX_TABLE_ROWS),
    "50,000 one-key rows (1 MB; the adversary's file)": lambda: _rows(50_000),
    f"{MAX_NODES:,} values in one list": lambda: _scalars(MAX_NODES - 10),
    "one text just under 2 MB": _long_text,
    f"{MAX_TABLE_ROWS:,} budgets of 10^30": lambda: _budgets(MAX_TABLE_ROWS),
}


def _run(root: Path) -> tuple[float, float, float]:
    """Seconds of ``check`` itself, of the whole process, and its peak RSS in MB."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", PROBE, str(root)], cwd=REPO, stdout=subprocess.PIPE)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"check failed on {root}")
    return float(output), elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| case | check (s) | process (s) | peak memory (MB) |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for name, make in CASES.items():
            root = Path(scratch) / "ws"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "final"))
            if make is not None:
                (root / "answers" / "bimtek-2" / "dinsos.yaml").write_text(make(), encoding="utf-8")
            runs = [_run(root) for _ in range(args.repeat)]
            check = statistics.median(r[0] for r in runs)
            whole = statistics.median(r[1] for r in runs)
            memory = max(r[2] for r in runs)
            print(f"| {name} | {check:.2f} | {whole:.2f} | {memory:.0f} |", flush=True)


if __name__ == "__main__":
    main()
