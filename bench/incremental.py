"""A rebuild after one answer: what a mentor waits for during a workshop.

On a copy of the example: the cold PDF (an empty cache of laid-out parts) as a whole process, then
LibreOffice converting the same plan's DOCX (the peer), then one answer changed with
``masterplan answer set`` and the PDF and the DOCX rebuilt, as whole processes and inside one
process (as the web front rebuilds a draft: the workspace already read once). Wall time, median of
``--repeat``; the changed answer alternates so that every rebuild has something new to lay out.

    .venv/bin/python bench/incremental.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "sukamaju"
MASTERPLAN = [sys.executable, "-m", "masterplan"]
BUILD = ["build", "--no-libreoffice", "--date", "2026-12-01"]
IN_PROCESS = """
import sys, time
from pathlib import Path
from masterplan import api
from masterplan.workflow import edits
root = Path(sys.argv[1])
api.build(root, "pdf", libreoffice=False)  # the process has read the workspace once
times = []
for value in sys.argv[2:]:
    edits.set_answer(root, 1, "koordinator", "districts", value, person="retno")
    started = time.perf_counter()
    api.build(root, "pdf", libreoffice=False)
    pdf = time.perf_counter()
    api.build(root, "docx", libreoffice=False)
    docx = time.perf_counter()
    times.append((pdf - started, docx - pdf))
for pdf, docx in times:
    print(pdf, docx)
"""


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, cwd=REPO)
    return time.perf_counter() - started


def _answer(root: Path, value: int) -> None:
    subprocess.run([*MASTERPLAN, "answer", "set", "1", "koordinator", "districts", str(value), str(root),
                    "--as", "retno"], capture_output=True, check=True, cwd=REPO)


def main(argv: list[str] | None = None) -> int:
    """Print the table of cold build, LibreOffice's conversion and rebuilds after one answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="masterplan-incremental-") as folder:
        root = Path(folder) / "sukamaju"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "workflow"))  # every stage open
        cache = root / "build" / ".cache"
        cold = []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(_timed([*MASTERPLAN, *BUILD, str(root), "--format", "pdf"]))
        rows.append(("PDF, cold (no cache), process", statistics.median(cold)))
        _timed([*MASTERPLAN, *BUILD, str(root), "--format", "docx"])
        docx = next((root / "build").glob("*.docx"))
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            converted = []
            for _ in range(args.repeat):
                converted.append(_timed([office, "--headless", "--convert-to", "pdf", "--outdir",
                                         str(Path(folder) / "lo"), str(docx)]))
            rows.append(("LibreOffice DOCX -> PDF of the same plan, process", statistics.median(converted)))
        unchanged = [_timed([*MASTERPLAN, *BUILD, str(root), "--format", "pdf"]) for _ in range(args.repeat)]
        rows.append(("PDF again, nothing changed, process", statistics.median(unchanged)))
        pdf_again, docx_again = [], []
        for n in range(args.repeat):
            _answer(root, 30 + n)
            pdf_again.append(_timed([*MASTERPLAN, *BUILD, str(root), "--format", "pdf"]))
            _answer(root, 40 + n)
            docx_again.append(_timed([*MASTERPLAN, *BUILD, str(root), "--format", "docx"]))
        rows.append(("PDF after one answer, process", statistics.median(pdf_again)))
        rows.append(("DOCX after one answer, process", statistics.median(docx_again)))
        values = [str(50 + n) for n in range(args.repeat)]
        out = subprocess.run([sys.executable, "-c", IN_PROCESS, str(root), *values], capture_output=True,
                             text=True, check=True, cwd=REPO).stdout.split()
        pairs = [(float(out[i]), float(out[i + 1])) for i in range(0, len(out), 2)]
        in_process = statistics.median(p for p, _ in pairs)
        rows.append(("PDF after one answer, in a running process (the web)", in_process))
        rows.append(("DOCX after one answer, in a running process", statistics.median(d for _, d in pairs)))
    print("| measure | seconds |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
