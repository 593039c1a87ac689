"""How fast the CLI answers, and what a second read of the workspace costs in one process.

Whole processes, as a user runs them (median of ``--repeat``): ``masterplan --version`` and
``masterplan check`` of the example; then, in one process, ``load_plan`` of the example cold (the
first read) and warm (the answers files already parsed: what every web request after the first pays).
Targets (issue 16): ``--version`` under 0.2 s, ``check`` under 0.3 s.

    .venv/bin/python bench/start.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
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


def _wall(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=REPO)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Print the table of start and read times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    version = _wall([*MASTERPLAN, "--version"], args.repeat)
    check = _wall([*MASTERPLAN, "check", str(EXAMPLE)], args.repeat)
    runs = [subprocess.run([sys.executable, "-c", READS, str(EXAMPLE)], capture_output=True, text=True,
                           check=True, cwd=REPO).stdout.split() for _ in range(args.repeat)]
    imported, cold, warm = (statistics.median(float(run[i]) for run in runs) for i in range(3))
    print("| measure | seconds | target |\n|---|---:|---:|")
    print(f"| `masterplan --version` (process) | {version:.2f} | 0.2 |")
    print(f"| `masterplan check` of the example (process) | {check:.2f} | 0.3 |")
    print(f"| importing the api | {imported:.3f} | |")
    print(f"| `load_plan` of the example, first read | {cold:.3f} | |")
    print(f"| `load_plan` again, answers unchanged (warm) | {warm:.3f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
