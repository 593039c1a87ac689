"""Many regions at once: ``masterplan build --root DIR --jobs N`` over copies of the example.

Whole processes, as a mentor runs them: ``--copies`` copies of the example (without their review
history) under one folder, every book or the ``--book`` given, in ``--format``, once with
``--jobs 1`` and once with ``--jobs 2`` (the machine's cores), wall time of each.

    .venv/bin/python bench/batch.py [--copies 4] [--book all] [--format pdf]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "sukamaju"


def main() -> None:
    """Print the wall time of the batch with one and with two worker processes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--book", default="all")
    parser.add_argument("--format", default="pdf")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="masterplan-batch-") as folder:
        root = Path(folder) / "wilayah"
        for n in range(args.copies):
            skipped = shutil.ignore_patterns("workflow", "build")
            shutil.copytree(EXAMPLE, root / f"daerah-{n + 1:02d}", ignore=skipped)
        print(f"{args.copies} salinan contoh, --book {args.book}, --format {args.format}")
        for jobs in (1, 2):
            out = Path(folder) / f"keluaran-{jobs}"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "masterplan", "build", "--root", str(root), "--book", args.book,
                 "--format", args.format, "--jobs", str(jobs), "--no-libreoffice", "-o", str(out),
                 "--date", "2026-12-01"],
                check=True, capture_output=True,
            )
            seconds = time.perf_counter() - started
            files = sum(1 for p in out.rglob("*") if p.is_file())
            each = seconds / args.copies
            print(f"--jobs {jobs}: {seconds:6.1f} s, {files} berkas, {each:5.1f} s per daerah")


if __name__ == "__main__":
    main()
