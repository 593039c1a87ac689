"""How fast the CLI answers, and what a second read of the workspace costs in one process.

Whole processes, as a user runs them (median of ``--repeat``): ``masterplan --version`` and
``masterplan check`` of the example; then, in one process, ``load_plan`` of the example cold (the
first read) and warm (the answers files already parsed: what every web request after the first pays).
``check`` runs twice: with an empty cache of parsed files (``masterplan.answers.diskcache``), then with the
files parsed by an earlier process (after a user edits one file, only that one is parsed again).
Targets (issue 16): ``--version`` under 0.2 s, ``check`` under 0.3 s.

    .venv/bin/python bench/start.py [--repeat 5]
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
MASTERPLAN = [sys.executable, "-m", "masterplan"]
READS = (
    "import sys, time; started = time.perf_counter(); from masterplan import api; "
    "imported = time.perf_counter(); api.load_plan(sys.argv[1]); cold = time.perf_counter(); "
    "api.load_plan(sys.argv[1]); warm = time.perf_counter(); "
    "print(imported - started, cold - imported, warm - cold)"
)


def _wall(command: list[str], repeat: int, env: dict[str, str] | None = None,
          before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=REPO, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Print the table of start and read times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "cache"
        # compiled modules written once, as an installed package has them
        env = {**os.environ, "MASTERPLAN_CACHE": str(cache), "PYTHONDONTWRITEBYTECODE": ""}
        subprocess.run([*MASTERPLAN, "check", str(EXAMPLE)], capture_output=True, check=False, cwd=REPO,
                       env=env)
        version = _wall([*MASTERPLAN, "--version"], args.repeat, env)
        check_first = _wall([*MASTERPLAN, "check", str(EXAMPLE)], args.repeat, env,
                            before=lambda: shutil.rmtree(cache, ignore_errors=True))
        check = _wall([*MASTERPLAN, "check", str(EXAMPLE)], args.repeat, env)
        runs = [subprocess.run([sys.executable, "-c", READS, str(EXAMPLE)], capture_output=True, text=True,
                               check=True, cwd=REPO, env=env).stdout.split() for _ in range(args.repeat)]
    imported, cold, warm = (statistics.median(float(run[i]) for run in runs) for i in range(3))
    print("| measure | seconds | target |\n|---|---:|---:|")
    print(f"| `masterplan --version` (process) | {version:.2f} | 0.2 |")
    print(f"| `masterplan check` of the example, nothing parsed before (process) | {check_first:.2f} | |")
    print(f"| `masterplan check` of the example, files unchanged (process) | {check:.2f} | 0.3 |")
    print(f"| importing the api | {imported:.3f} | |")
    print(f"| `load_plan` of the example, first read in the process | {cold:.3f} | |")
    print(f"| `load_plan` again, answers unchanged (warm) | {warm:.3f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
