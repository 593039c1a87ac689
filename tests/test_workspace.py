"""Reading a workspace again in one process: parsed files are reused by their content, never served stale."""

from __future__ import annotations

import os

from conftest import answers

from masterplan import api
from masterplan.answers import workspace


def test_a_file_changed_in_place_is_read_again_even_with_the_same_size_and_time(minimal):
    path = answers(minimal, 1)
    first = api.check(minimal)
    assert first.report.errors == []
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("population: 150000", "population: 1x0000")
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # what a stat-keyed cache would miss
    (problem,) = api.check(minimal).report.errors
    assert (problem.rule, problem.where.file, problem.where.question) == (
        "type-integer", "answers/bimtek-1/koordinator.yaml", "population")
    path.write_text(text, encoding="utf-8")
    assert api.check(minimal).report.errors == []


def test_the_same_content_is_parsed_once_and_its_problems_are_not_shared(minimal):
    path = answers(minimal, 1)
    path.write_text(path.read_text(encoding="utf-8").replace("population: 150000", "population: banyak"),
                    encoding="utf-8")
    workspace.forget_parsed()
    first = api.check(minimal)
    parsed = len(workspace._parsed)
    second = api.check(minimal)
    assert len(workspace._parsed) == parsed  # nothing parsed again
    assert [p.render() for p in first.report] == [p.render() for p in second.report]
    first_stage = next(c for c in first.workspace.contributions[1] if c.contributor == "koordinator")
    second_stage = next(c for c in second.workspace.contributions[1] if c.contributor == "koordinator")
    assert first_stage is second_stage  # shared, read-only


def test_the_cache_is_bounded_by_the_bytes_it_holds(minimal, monkeypatch):
    sizes = sorted(p.stat().st_size for p in (minimal / "answers").rglob("*.yaml"))
    monkeypatch.setattr(workspace, "PARSED_CACHE_BYTES", sizes[-1] + sizes[-2])
    workspace.forget_parsed()
    api.check(minimal)
    held = sum(entry[3] for entry in workspace._parsed.values())
    assert held == workspace._parsed_bytes <= sizes[-1] + sizes[-2] and len(workspace._parsed) >= 1
    assert len(workspace._parsed) < len(sizes)
