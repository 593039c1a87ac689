"""Merging the contributors of a stage: conflicts, settlement by the coordinator, united rows."""

from __future__ import annotations

import pytest
from conftest import ROOTS, answers, copy_root, problems_of

from masterplan import api
from masterplan.answers.contribution import Answer, Cell, Contribution, Row
from masterplan.answers.definitions import load_definitions
from masterplan.checks.merge import merge_stage


def test_conflicting_workspace_reports_both_sources():
    result = api.check(ROOTS / "conflicting")
    conflicts = [p for p in result.report if p.rule == "merge-conflict"]
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict.where.question == "population"
    assert conflict.render() == (
        'answers/bimtek-1/dinkes.yaml:4: "Jumlah penduduk (jiwa)": dijawab berbeda oleh BAPPEDA '
        '("150500", answers/bimtek-1/bappeda.yaml:4) dan DINKES ("149000", answers/bimtek-1/dinkes.yaml:4); '
        "samakan jawabannya atau tetapkan satu jawaban di berkas koordinator"
    )


def test_coordinator_settles_a_disagreement():
    result = api.check(ROOTS / "conflicting")
    assert result.plan.value(1, "districts") == 4  # BAPPEDA says 5, DINKES 3, koordinator 4
    assert not [p for p in result.report if p.where.question == "districts"]


def test_duplicate_programme_code_across_contributors():
    result = api.check(ROOTS / "conflicting")
    (duplicate,) = [p for p in result.report if p.rule == "unique-key"]
    assert duplicate.where.row == "program SG-01"
    assert duplicate.message() == (
        'kode program "SG-01" dipakai lebih dari sekali (juga di answers/bimtek-2/dinkes.yaml:24); '
        "setiap kode harus unik"
    )
    assert duplicate.where.file == "answers/bimtek-2/diskominfo.yaml"


def test_coordinator_row_replaces_duplicates(tmp_path):
    root = copy_root("conflicting", tmp_path)
    text = answers(root, 2, "dinkes").read_text()
    settled = text[text.index("    - code: SG-01"):].replace("Layanan Kesehatan Daring", "Layanan Terpadu")
    path = answers(root, 2)
    path.write_text(path.read_text().replace("answers:\n", "answers:\n  programs:\n" + settled, 1))
    result = api.check(root)
    assert not [p for p in result.report if p.rule == "unique-key"]
    rows = [r for r in result.plan.rows(2, "programs") if r.get("code") == "SG-01"]
    assert [(r.contributor, r.get("name")) for r in rows] == [("koordinator", "Layanan Terpadu")]


def test_rows_are_united_with_their_contributor():
    result = api.check(ROOTS / "minimal")
    rows = result.plan.rows(2, "programs")
    assert len(rows) == 18
    assert {r.contributor for r in rows} == {"DINKES", "DISKOMINFO"}
    assert {r.file for r in rows if r.contributor == "DINKES"} == {"answers/bimtek-2/dinkes.yaml"}


def test_same_answer_from_two_contributors_is_no_conflict(minimal):
    answers(minimal, 1, "bappeda").write_text("stage: 1\nanswers:\n  area_km2: 42,5\n")
    assert problems_of(minimal, "merge-conflict") == []


def test_duplicate_key_within_one_file(minimal):
    path = answers(minimal, 2, "diskominfo")
    path.write_text(path.read_text().replace("code: SG-02", "code: SG-01"))
    (duplicate,) = problems_of(minimal, "unique-key")
    assert duplicate.params["other_file"] == "answers/bimtek-2/diskominfo.yaml"


# --- merge_stage on answers built here: every branch, from the rule, not from a workspace's data ---

STAGE_1 = load_definitions().stage(1)
STAGE_2 = load_definitions().stage(2)


def single(contributor: str, value: object, line: int, valid: bool = True, question: str = "population") -> Answer:
    """One contributor's answer to a single-valued question (``value`` None when blank or invalid)."""
    file = f"answers/bimtek-1/{contributor.lower()}.yaml"
    return Answer(question, value, value if valid else None, line, contributor, file, valid)


def contribution(stage: int, contributor: str, *answers_: Answer) -> Contribution:
    return Contribution(stage, contributor, f"answers/bimtek-{stage}/{contributor.lower()}.yaml",
                        {a.question: a for a in answers_})


def programme_row(contributor: str, code: str | None, row_line: int, key_line: int, number: int = 1) -> Row:
    cells = {"name": Cell("Program", "Program", row_line, True)}
    if code is not None:
        cells["code"] = Cell(code, code, key_line, True)
    return Row(number, cells, row_line, contributor, f"answers/bimtek-2/{contributor.lower()}.yaml")


def programmes(contributor: str, *rows: Row) -> Contribution:
    table = Answer("programs", [], list(rows), rows[0].line if rows else 1, contributor,
                   f"answers/bimtek-2/{contributor.lower()}.yaml", True)
    return contribution(2, contributor, table)


def test_an_invalid_or_blank_answer_neither_counts_nor_conflicts():
    typed = [single("BAPPEDA", "banyak", 4, valid=False), single("DINKES", 149000, 5),
             single("DISDIK", None, 6)]
    merged, problems = merge_stage(STAGE_1, [contribution(1, a.contributor, a) for a in typed])
    assert problems == []
    assert merged.value("population") == 149000
    assert merged.lookup()["population"] == 149000  # a single question's value, not its (empty) rows
    assert merged.answers["population"].source is typed[1]
    assert merged.stage == 1


def test_the_source_is_the_last_valid_answer_else_the_first_typed():
    valid = [single("BAPPEDA", 150000, 4), single("koordinator", 149500, 7), single("DINKES", "x", 9, valid=False)]
    merged, _ = merge_stage(STAGE_1, [contribution(1, a.contributor, a) for a in valid])
    assert merged.answers["population"].source is valid[1]
    assert merged.value("population") == 149500
    only_invalid = [single("DINKES", "x", 9, valid=False), single("BAPPEDA", "y", 3, valid=False)]
    merged, _ = merge_stage(STAGE_1, [contribution(1, a.contributor, a) for a in only_invalid])
    assert merged.answers["population"].source is only_invalid[0]
    assert merged.answers["population"].answered is False
    merged, _ = merge_stage(STAGE_1, [])
    assert merged.answers["population"].source is None and merged.value("population") is None


@pytest.mark.parametrize(("first", "second", "shown"), [
    (True, False, ("ya", "tidak")),
    (["APBD", "CSR"], ["APBD"], ("APBD, CSR", "APBD")),
    ("a" * 60, "b" * 60, ("a" * 60, "b" * 60)),
    ("a" * 61, "b" * 61, ("a" * 57 + "...", "b" * 57 + "...")),
], ids=["yes-no", "list", "60-characters-whole", "61-characters-cut"])
def test_a_conflict_shows_both_values_readably(first, second, shown):
    typed = [single("BAPPEDA", first, 4, question="geography"), single("DINKES", second, 6, question="geography")]
    _, problems = merge_stage(STAGE_1, [contribution(1, a.contributor, a) for a in typed])
    (conflict,) = problems
    assert (conflict.rule, conflict.severity) == ("merge-conflict", "error")
    assert (conflict.params["first_value"], conflict.params["second_value"]) == shown
    assert (conflict.where.file, conflict.where.line, conflict.where.stage) == ("answers/bimtek-1/dinkes.yaml", 6, 1)
    assert (conflict.params["first_file"], conflict.params["first_line"]) == ("answers/bimtek-1/bappeda.yaml", 4)


def test_a_duplicate_key_points_at_the_key_cell_of_both_rows():
    merged, problems = merge_stage(STAGE_2, [
        programmes("DINKES", programme_row("DINKES", "SG-01", row_line=10, key_line=12)),
        programmes("DISKOMINFO", programme_row("DISKOMINFO", "SG-01", row_line=20, key_line=23)),
    ])
    (duplicate,) = problems
    assert (duplicate.where.file, duplicate.where.line) == ("answers/bimtek-2/diskominfo.yaml", 23)
    assert (duplicate.params["other_file"], duplicate.params["other_line"]) == ("answers/bimtek-2/dinkes.yaml", 12)
    assert duplicate.where.row == "program SG-01" and duplicate.params["column"] == "kode program"
    assert len(merged.rows("programs")) == 2  # both kept: nothing typed is dropped


def test_rows_without_a_key_are_kept_and_never_conflict():
    rows = [programme_row("DINKES", None, 10, 10), programme_row("DINKES", None, 14, 14, number=2)]
    merged, problems = merge_stage(STAGE_2, [programmes("DINKES", *rows)])
    assert problems == [] and merged.rows("programs") == rows
    assert merged.lookup()["programs"] == rows


def test_the_coordinators_row_replaces_every_other_row_with_its_key():
    ours = programme_row("koordinator", "SG-01", 5, 5)
    merged, problems = merge_stage(STAGE_2, [
        programmes("DINKES", programme_row("DINKES", "SG-01", 10, 10), programme_row("DINKES", "SG-02", 14, 14, 2)),
        programmes("koordinator", ours),
    ])
    assert problems == []
    assert [(r.contributor, r.get("code")) for r in merged.rows("programs")] == [("DINKES", "SG-02"),
                                                                                  ("koordinator", "SG-01")]
