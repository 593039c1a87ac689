"""The bundled example is the shop window: complete, valid, and every answer in it is checked."""

from __future__ import annotations

import os
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, copy_root

from masterplan import api
from masterplan.answers.definitions import Definitions
from masterplan.answers.yamlio import item_line, key_line, new_yaml


@pytest.fixture(scope="module")
def result() -> api.CheckResult:
    return api.check(EXAMPLE)


def test_example_has_no_problem_at_all(result: api.CheckResult):
    assert [p.render("id") for p in result.report] == []


def test_example_is_a_full_plan(result: api.CheckResult, definitions: Definitions):
    plan = result.plan
    assert plan is not None
    programmes = plan.rows(2, "programs")
    assert 60 <= len(programmes) <= 90
    per_dimension = Counter(row.get("dimension") for row in programmes)
    assert set(per_dimension) == {d.code for d in definitions.choices.dimensions}
    assert min(per_dimension.values()) >= 6, per_dimension
    covered = {row.get("subdimension") for row in programmes}
    assert covered == set(definitions.choices.dimension_of), "every sub-dimension has a programme"

    codes = {row.get("code") for row in programmes}
    assert {row.get("program") for row in plan.rows(3, "roadmap")} == codes
    assert {row.get("program") for row in plan.rows(3, "innovations")} == codes
    assert {row.get("program") for row in plan.rows(4, "reconfirmation")} == codes

    quick_wins = plan.rows(4, "quick_wins")
    assert len(quick_wins) == 6
    dimension_of_programme = {row.get("code"): row.get("dimension") for row in programmes}
    assert len({dimension_of_programme[row.get("program")] for row in quick_wins}) >= 4
    categories = Counter(row.get("category") for row in plan.rows(3, "action_plans"))
    assert set(categories) == set(definitions.choices.lists["action_categories"].codes())


def test_example_is_written_by_many_opds(result: api.CheckResult):
    contributors = {stage: {c.contributor for c in result.workspace.contributions[stage]} for stage in (1, 2, 3, 4)}
    assert len(contributors[2]) >= 15, "programmes come from the OPDs that lead them"
    assert all("koordinator" in names for names in contributors.values())


def _all_text(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _all_text(value)]
    if isinstance(node, list):
        return [text for value in node for text in _all_text(value)]
    return [node] if isinstance(node, str) else []


def test_example_keeps_kabupaten_wording():
    """A kabupaten's plan never speaks of its Wali Kota, Perwali or Pemerintah Kota."""
    yaml = new_yaml()
    wrong = re.compile(r"\b(Wali ?kota|Walikota|Perwali|Pemerintah Kota|Kota Sukamaju)\b", re.IGNORECASE)
    found = []
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        for text in _all_text(yaml.load(path.read_text(encoding="utf-8"))):
            found += [f"{path.relative_to(EXAMPLE)}: {m.group()}" for m in wrong.finditer(text)]
    assert found == []


# --- breaking any single answer is reported at its file, line and question ----------------


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], int | None]]:
    """Every scalar under ``node`` with its path and 1-based line."""
    found = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        line = key_line(node, key) if isinstance(node, dict) else item_line(node, key)
        if isinstance(value, dict | list):
            found += _leaves(value, (*path, key))
        else:
            found.append(((*path, key), line))
    return found


def _label(definitions: Definitions, stage: int, path: tuple[Any, ...]) -> str:
    """The label a message about the answer at ``path`` (under ``answers``) must name."""
    question = definitions.stage(stage).questions[path[0]]
    if question.type == "table":
        return question.column_map[path[2]].label
    return question.label


def _sample() -> list[tuple[Path, tuple[Any, ...]]]:
    yaml = new_yaml()
    every = []
    for path in sorted((EXAMPLE / "answers").rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        every += [(path, leaf) for leaf, _ in _leaves(data["answers"])]
    size = int(os.environ.get("MASTERPLAN_BREAK_SAMPLES", "12"))  # raise it for a deeper run
    return random.Random(20261123).sample(every, min(size, len(every)))


def _line_of(data: Any, leaf: tuple[Any, ...]) -> int | None:
    node = data["answers"]
    for part in leaf[:-1]:
        node = node[part]
    return key_line(node, leaf[-1]) if isinstance(node, dict) else item_line(node, leaf[-1])


@pytest.mark.parametrize(("path", "leaf"), _sample(),
                         ids=lambda v: str(v.relative_to(EXAMPLE)) if isinstance(v, Path) else "-".join(map(str, v)))
def test_breaking_any_answer_is_reported_where_it_is(
    tmp_path: Path, definitions: Definitions, path: Path, leaf: tuple[Any, ...]
):
    root = copy_root("example", tmp_path)
    target = root / path.relative_to(EXAMPLE)
    yaml = new_yaml()
    data = yaml.load(target.read_text(encoding="utf-8"))
    node = data["answers"]
    for part in leaf[:-1]:
        node = node[part]
    node[leaf[-1]] = {"rusak": True}
    with target.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)

    line = _line_of(yaml.load(target.read_text(encoding="utf-8")), leaf)  # the dump may rewrap text
    result = api.check(root)
    stage = int(path.parent.name.removeprefix("bimtek-"))
    file = str(target.relative_to(root))
    here = [p for p in result.report.errors if p.where.file == file and p.where.line == line]
    assert here, "\n".join(p.render("id") for p in result.report)
    label = _label(definitions, stage, leaf)
    assert any(f'"{label}"' in p.render("id") for p in here), [p.render("id") for p in here]
    assert result.has_errors(stage)
