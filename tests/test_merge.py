"""Merging the contributors of a stage: conflicts, settlement by the coordinator, united rows."""

from __future__ import annotations

from conftest import ROOTS, answers, copy_root, problems_of

from masterplan import api


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
