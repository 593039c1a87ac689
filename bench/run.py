"""Benchmark: how check, assemble, the DOCX and the PDF build grow with the size of the plan.

Builds synthetic workspaces with a growing number of programmes (each with its
innovation, roadmap row and re-confirmation row, spread over many contributor
files, as a big kabupaten would write them), then times the real pipeline:
check (reading, merging and validating, the cross-stage rules), assemble, the
DOCX build and the PDF build; with ``--libreoffice`` also LibreOffice converting
the same DOCX to PDF, the peer figure for the PDF renderer. Peak memory comes
from ``tracemalloc`` (Python allocations) on a separate run.

Usage: ``python bench/run.py [--sizes 50,100,200,400,800] [--repeat 3] [--libreoffice] [--json FILE]``
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from masterplan.answers.definitions import STAGES, load_definitions
from masterplan.answers.workspace import load_workspace
from masterplan.answers.yamlio import new_yaml
from masterplan.api import load_plan
from masterplan.checks.merge import merge_stage
from masterplan.checks.plan import Plan
from masterplan.checks.rules import run_rules
from masterplan.checks.validate import check_stage

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "roots" / "minimal"
PROGRAMMES_PER_OPD = 4


def _yaml_dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        new_yaml().dump(data, handle)


def _load(path: Path) -> Any:
    return new_yaml().load(path.read_text(encoding="utf-8"))


def build_workspace(target: Path, programmes: int) -> Path:
    """A valid workspace with ``programmes`` programmes (a multiple of 18 is exact)."""
    shutil.copytree(BASE, target)
    region = _load(target / "region.yaml")
    template = _load(BASE / "answers" / "bimtek-2" / "diskominfo.yaml")["answers"]["programs"][0]
    stage3 = _load(BASE / "answers" / "bimtek-3" / "koordinator.yaml")
    stage4 = _load(BASE / "answers" / "bimtek-4" / "koordinator.yaml")
    for folder in ("bimtek-2", "bimtek-3"):
        for old in (target / "answers" / folder).glob("*.yaml"):
            if old.name != "koordinator.yaml":
                old.unlink()

    opd_count = max(1, -(-programmes // PROGRAMMES_PER_OPD))
    region["opds"] += [
        {"code": f"OPD{n:03d}", "name": f"Perangkat Daerah Uji {n}"} for n in range(1, opd_count + 1)
    ]
    _yaml_dump(target / "region.yaml", region)

    by_opd: dict[str, dict[str, list[Any]]] = {}
    reconfirmation = []
    choices = load_definitions().choices
    subdimensions = [(d.code, s.code) for d in choices.dimensions for s in d.subdimensions]
    numbers: dict[str, int] = {}
    for index in range(programmes):
        dimension, sub = subdimensions[index % len(subdimensions)]
        numbers[dimension] = numbers.get(dimension, 0) + 1
        code = f"{dimension}-{numbers[dimension]:03d}"
        opd = f"OPD{index // PROGRAMMES_PER_OPD + 1:03d}"
        row = copy.deepcopy(template)
        row.update(code=code, dimension=dimension, subdimension=sub, opd=opd, name=f"Program uji {code}")
        row["funding"] = ["APBD"]
        files = by_opd.setdefault(opd, {"programs": [], "innovations": [], "roadmap": []})
        files["programs"].append(row)
        innovation = f"Inovasi layanan daring untuk {code}."
        files["innovations"].append({"program": code, "kind": "layanan", "innovation": innovation})
        files["roadmap"].append({"program": code, "years": {2027: "persiapan", 2028: "pembangunan"}})
        reconfirmation.append({"program": code, "result": "tetap"})

    for opd, tables in by_opd.items():
        name = opd.lower()
        _yaml_dump(
            target / "answers" / "bimtek-2" / f"{name}.yaml",
            {"stage": 2, "answers": {"programs": tables["programs"]}},
        )
        stage3_answers = {"innovations": tables["innovations"], "roadmap": tables["roadmap"]}
        _yaml_dump(target / "answers" / "bimtek-3" / f"{name}.yaml", {"stage": 3, "answers": stage3_answers})
    stage3["answers"].pop("innovations")
    stage3["answers"].pop("roadmap")
    first = reconfirmation[0]["program"]
    for action in stage3["answers"]["action_plans"]:
        if "program" in action:
            action["program"] = first
    _yaml_dump(target / "answers" / "bimtek-3" / "koordinator.yaml", stage3)
    stage4["answers"]["reconfirmation"] = reconfirmation
    stage4["answers"]["quick_wins"][0]["program"] = first
    _yaml_dump(target / "answers" / "bimtek-4" / "koordinator.yaml", stage4)
    return target


def time_phases(root: Path) -> dict[str, float]:
    """Seconds spent reading, merging+validating and running the rules (one pass)."""
    definitions = load_definitions()
    start = time.perf_counter()
    workspace, _ = load_workspace(root, definitions)
    read = time.perf_counter()
    stages = {}
    for stage in STAGES:
        merged, _ = merge_stage(definitions.stage(stage), workspace.contributions[stage])
        check_stage(merged, workspace.stage_folder(stage))
        stages[stage] = merged
    merged_at = time.perf_counter()
    assert workspace.region is not None
    run_rules(Plan(workspace.region, workspace.region_data, definitions, stages))
    done = time.perf_counter()
    return {
        "read": read - start,
        "merge_validate": merged_at - read,
        "rules": done - merged_at,
        "total": done - start,
    }


def _timed(function: Any, repeat: int) -> tuple[float, float, Any]:
    """Best-of-``repeat`` seconds, then the peak MiB of one more traced run, and its result."""
    best = min(_once(function) for _ in range(repeat))
    tracemalloc.start()
    result = function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20, result


def _once(function: Any) -> float:
    return _once_result(function)[0]


def _once_result(function: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _libreoffice_pdf(docx: Path) -> float | None:
    """Seconds LibreOffice takes to convert ``docx`` to PDF (``None`` without LibreOffice)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="masterplan-lo-") as profile:
        start = time.perf_counter()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(docx.parent),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=900,
        )
        return time.perf_counter() - start


def measure(programmes: int, repeat: int, scratch: Path, libreoffice: bool) -> dict[str, Any]:
    """Phase times (best of ``repeat``) and peak memory of check, assemble, the DOCX and the PDF build."""
    from masterplan.document.assemble import assemble
    from masterplan.renderers.docx import render_docx
    from masterplan.renderers.pdf import render_pdf

    root = build_workspace(scratch / f"ws-{programmes}", programmes)
    result = load_plan(root)
    problems = [p.render("en") for p in result.report.errors]
    if problems:
        listing = "\n".join(problems)
        raise SystemExit(f"synthetic workspace with {programmes} programmes is not valid:\n{listing}")
    phases = min((time_phases(root) for _ in range(repeat)), key=lambda run: run["total"])
    check_s, check_mib, checked = _timed(lambda: load_plan(root), repeat)
    day = dt.date(2026, 11, 23)
    assemble_s, assemble_mib, document = _timed(
        lambda: assemble(checked.plan, day, "draft", root, list(checked.report)), repeat
    )
    docx = scratch / f"bench-{programmes}.docx"
    docx_s, docx_mib, _ = _timed(lambda: render_docx(document, docx, update_fields=False), repeat)
    pdf = scratch / f"bench-{programmes}.pdf"
    # WeasyPrint runs in a worker process: time it plainly; its memory is the worker's peak RSS.
    runs = [_once_result(lambda: render_pdf(document, pdf)) for _ in range(repeat)]
    pdf_s, rendered = min(runs, key=lambda run: run[0])
    files = sum(1 for _ in (root / "answers").rglob("*.yaml")) + 1
    size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    return {
        "programmes": programmes,
        "files": files,
        "bytes": size,
        **phases,
        "check": check_s,
        "check_mib": check_mib,
        "assemble": assemble_s,
        "assemble_mib": assemble_mib,
        "docx": docx_s,
        "docx_mib": docx_mib,
        "docx_bytes": docx.stat().st_size,
        "pdf": pdf_s,
        "pdf_mib": rendered.worker_peak_mib,
        "pdf_pages": rendered.pages,
        "libreoffice_pdf": _libreoffice_pdf(docx) if libreoffice else None,
    }


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200,400,800", help="programme counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is kept")
    parser.add_argument("--libreoffice", action="store_true", help="also time LibreOffice DOCX -> PDF")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    print(
        "| programmes | files | YAML | check | assemble | DOCX build | PDF build | PDF pages "
        "| growth (check+assemble+DOCX / PDF) | peak MiB (check/assemble/DOCX heap; PDF worker RSS) "
        "| LibreOffice DOCX→PDF | PDF ÷ LibreOffice |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|")
    rows = []
    with tempfile.TemporaryDirectory(prefix="masterplan-bench-") as scratch:
        for size in sizes:
            row = measure(size, args.repeat, Path(scratch), args.libreoffice)
            row["pipeline"] = row["check"] + row["assemble"] + row["docx"]
            rows.append(row)
            growth = ""
            if len(rows) > 1:
                previous = rows[-2]
                growth = (
                    f"x{row['pipeline'] / previous['pipeline']:.1f} / x{row['pdf'] / previous['pdf']:.1f} "
                    f"for x{row['programmes'] / previous['programmes']:.0f}"
                )
            office = row["libreoffice_pdf"]
            ratio = f"{row['pdf'] / office:.2f}" if office else "-"
            print(
                f"| {row['programmes']} | {row['files']} | {row['bytes'] / 1024:.0f} KiB "
                f"| {_ms(row['check'])} | {_ms(row['assemble'])} | {_ms(row['docx'])} | {_ms(row['pdf'])} "
                f"| {row['pdf_pages']} | {growth} "
                f"| {row['check_mib']:.1f} / {row['assemble_mib']:.1f} / {row['docx_mib']:.1f} / "
                f"{row['pdf_mib']:.1f} | {_ms(office)} | {ratio} |",
                flush=True,
            )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        times = last["programmes"] / first["programmes"]
        print(
            f"\nx{times:.0f} programmes cost x{last['pipeline'] / first['pipeline']:.1f} time for "
            f"check+assemble+DOCX and x{last['pdf'] / first['pdf']:.1f} for the PDF."
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
