"""Benchmark: how ``check`` grows with the size of the plan.

Builds synthetic workspaces with a growing number of programmes (each with its
innovation, roadmap row and re-confirmation row, spread over many contributor
files, as a big kabupaten would write them), then times the real pipeline in
three phases: reading the files, merging and validating the answers, and the
cross-stage rules. Peak memory comes from ``tracemalloc`` on a separate run.

Usage: ``python bench/run.py [--sizes 60,240,960,3840] [--repeat 3] [--json FILE]``
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from masterplan.api import load_plan
from masterplan.definitions import STAGES, load_definitions
from masterplan.merge import merge_stage
from masterplan.plan import Plan
from masterplan.rules import run_rules
from masterplan.validate import check_stage
from masterplan.workspace import load_workspace
from masterplan.yamlio import new_yaml

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
        _yaml_dump(target / "answers" / "bimtek-2" / f"{name}.yaml",
                   {"stage": 2, "answers": {"programs": tables["programs"]}})
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
    return {"read": read - start, "merge_validate": merged_at - read, "rules": done - merged_at,
            "total": done - start}


def measure(programmes: int, repeat: int, scratch: Path) -> dict[str, Any]:
    """Best-of-``repeat`` phase times and the peak memory of one full check."""
    root = build_workspace(scratch / f"ws-{programmes}", programmes)
    result = load_plan(root)
    problems = [p.render("en") for p in result.report.errors]
    if problems:
        listing = "\n".join(problems)
        raise SystemExit(f"synthetic workspace with {programmes} programmes is not valid:\n{listing}")
    runs = [time_phases(root) for _ in range(repeat)]
    best = {phase: min(run[phase] for run in runs) for phase in runs[0]}
    tracemalloc.start()
    load_plan(root)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    files = sum(1 for _ in (root / "answers").rglob("*.yaml")) + 1
    size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    return {"programmes": programmes, "files": files, "bytes": size, **best, "peak_mib": peak / 2**20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60,240,960,3840", help="programme counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is kept")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    rows = []
    with tempfile.TemporaryDirectory(prefix="masterplan-bench-") as scratch:
        for size in sizes:
            rows.append(measure(size, args.repeat, Path(scratch)))
            row = rows[-1]
            growth = ""
            if len(rows) > 1:
                previous = rows[-2]
                ratio = row["total"] / previous["total"]
                growth = f"x{ratio:4.1f} for x{row['programmes'] / previous['programmes']:.0f} programmes"
            print(
                f"{row['programmes']:6d} programmes {row['files']:5d} files {row['bytes'] / 1024:8.0f} KiB | "
                f"read+parse {row['read'] * 1000:7.0f} ms  "
                f"merge+validate {row['merge_validate'] * 1000:6.0f} ms  "
                f"rules {row['rules'] * 1000:5.0f} ms  total {row['total'] * 1000:7.0f} ms | "
                f"peak {row['peak_mib']:6.1f} MiB  {growth}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
