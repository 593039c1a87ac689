"""Spreadsheet benchmark: exporting and importing questionnaire workbooks as plans grow.

Usage: .venv/bin/python bench/forms.py [--sizes 50,200,800]

For each synthetic plan (bench/run.py's workspaces: four programmes per OPD file) it
exports the Bimtek II workbook of every contributor and imports them all again into a
copy, then reports the time per phase, the biggest workbook and whether the merged
answers came back identical. The example workspace is measured the same way.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from masterplan import api
from masterplan.answers.export import merged_answers_json
from masterplan.forms import export_forms, import_form

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "sukamaju"


def _bench_run():  # bench/run.py builds the synthetic workspaces
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def contributors(root: Path, stage: int) -> list[str | None]:
    return [
        p.stem if p.stem != "koordinator" else None
        for p in sorted((root / "answers" / f"bimtek-{stage}").glob("*.yaml"))
    ]


def measure(root: Path, scratch: Path, stage: int = 2) -> dict[str, object]:
    out = scratch / "wb"
    start = time.perf_counter()
    exported = export_forms(root, stage, contributors(root, stage), out)
    export_s = time.perf_counter() - start
    target = scratch / "empty"
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("workflow", "build", "final", "people.yaml"))
    shutil.rmtree(target / "answers" / f"bimtek-{stage}")
    start = time.perf_counter()
    for result in exported:
        import_form(result.path, target, person="bench")
    import_s = time.perf_counter() - start
    biggest_workbook = max(exported, key=lambda r: r.path.stat().st_size)
    tracemalloc.start()  # a separate run: tracing slows Python down too much to time with it on
    import_form(biggest_workbook.path, target, person="bench")  # its own earlier import: replaced again
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    same = merged_answers_json(api.load_plan(root).plan) == merged_answers_json(api.load_plan(target).plan)  # type: ignore[arg-type]
    biggest = max(r.path.stat().st_size for r in exported) / 1024
    return {
        "workbooks": len(exported),
        "export": export_s,
        "import": import_s,
        "peak": peak,
        "biggest": biggest,
        "same": same,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,800")
    parser.add_argument("--no-example", action="store_true", help="only the synthetic plans")
    args = parser.parse_args(argv)
    print("| plan | Bimtek II workbooks | export all | import all | peak MiB (one) | biggest | lossless |")
    print("|---|---:|---:|---:|---:|---:|---|")
    run = _bench_run()
    with tempfile.TemporaryDirectory(prefix="masterplan-bench-forms-") as temp:
        plans = [] if args.no_example else [("example", EXAMPLE)]
        for size in (int(s) for s in args.sizes.split(",")):
            plans.append((f"{size} programmes", run.build_workspace(Path(temp) / f"p{size}", size)))
        for name, root in plans:
            scratch = Path(temp) / f"s-{name.replace(' ', '-')}"
            scratch.mkdir()
            m = measure(root, scratch)
            print(
                f"| {name} | {m['workbooks']} | {m['export'] * 1000:.0f} ms | {m['import'] * 1000:.0f} ms "
                f"| {m['peak']:.1f} | {m['biggest']:.0f} KiB | {'yes' if m['same'] else 'NO'} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
