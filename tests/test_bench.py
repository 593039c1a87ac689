"""The benchmark keeps working: its synthetic workspaces are valid plans."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from masterplan import api


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_workspace_is_a_valid_plan_of_the_asked_size(tmp_path: Path):
    root = _bench_module().build_workspace(tmp_path / "ws", 36)
    result = api.check(root)
    assert [p.render() for p in result.report.errors] == []
    assert result.plan is not None and len(result.plan.rows(2, "programs")) == 36


def test_bench_writes_its_figures(tmp_path: Path):
    out = tmp_path / "bench.json"
    assert _bench_module().main(["--sizes", "18,36", "--repeat", "1", "--json", str(out)]) == 0
    rows = json.loads(out.read_text())
    assert [row["programmes"] for row in rows] == [18, 36]
    assert all(row["check"] > 0 and row["docx"] > 0 and row["pdf"] > 0 and row["pdf_pages"] > 10 for row in rows)
    assert all(row["libreoffice_pdf"] is None for row in rows)  # only with --libreoffice


def test_workflow_bench_runs_on_small_journals(capsys):
    spec = importlib.util.spec_from_file_location("bench_workflow", REPO / "bench" / "workflow.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--sizes", "10,100", "--repeat", "1"]) == 0
    output = capsys.readouterr().out
    assert "| 100 |" in output and "`stage submit`" in output


def test_forms_bench_round_trips_a_small_plan(capsys):
    spec = importlib.util.spec_from_file_location("bench_forms", REPO / "bench" / "forms.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--sizes", "18", "--no-example"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| 18 programmes")]
    assert rows and rows[0].endswith("| yes |")


def test_start_bench_prints_every_figure(capsys):
    spec = importlib.util.spec_from_file_location("bench_start", REPO / "bench" / "start.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--repeat", "1"]) == 0
    rows = [line.split("|")[1:3] for line in capsys.readouterr().out.splitlines()[2:]]
    assert [name.strip().split(" ")[0] for name, _ in rows] == [
        "`masterplan", "`masterplan", "`masterplan", "importing", "`load_plan`", "`load_plan`"]
    assert all(float(seconds) > 0 for _, seconds in rows)


def test_web_bench_times_pages_and_the_throughput_of_a_real_server(capsys):
    spec = importlib.util.spec_from_file_location("bench_web", REPO / "bench" / "web.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--clients", "2", "--seconds", "1", "--programmes", "36", "--no-draft"]) == 0
    out = capsys.readouterr().out
    pages = [line.split("|") for line in out.splitlines() if line.startswith(("| contoh", "| 36 program"))]
    assert len(pages) == 10 and all(float(row[3]) > 0 and float(row[4]) > 0 for row in pages)
    throughput = out.split("Throughput", 1)[1]
    assert "requests/s" in throughput and "errors" not in throughput


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium not found")
def test_pages_bench_opens_every_page_and_the_roadmap_in_a_throttled_browser(capsys):
    spec = importlib.util.spec_from_file_location("bench_pages", REPO / "bench" / "pages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--programmes", "0", "--mbps", "100", "--rtt", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    pages = {line.split()[0]: [float(n) for n in line.split()[1:]] for line in out if line.startswith("/")}
    assert set(pages) == {"/masuk", *module.PAGES}
    assert all(len(row) == 6 and row[0] > 0 and row[2] > 0 and row[5] > 0 for row in pages.values())
    rows = [line.split() for line in out if line.startswith("example")]
    assert len(rows) == 5  # grid and cards, first visit and again; the grid from its stage page
    kilobytes = {(row[0], " ".join(row[2:-3])): float(row[-3]) for row in rows}
    assert 0 < kilobytes[("example", "tabel, again")] < kilobytes[("example", "tabel, first visit")] < 100
    assert all(float(row[-2]) > 0 and int(row[-1]) > 0 for row in rows)
