"""Questionnaire definitions: the built-in ones load; a broken one names file and spot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from masterplan.answers.definitions import load_definitions
from masterplan.errors import QuestionnaireError
from masterplan.models.questionnaire import TableQuestion
from masterplan.resources import questionnaires_dir


def test_builtin_questionnaires_load(definitions):
    assert sorted(definitions.stages) == [1, 2, 3, 4]
    assert [d.code for d in definitions.choices.dimensions] == ["SG", "SB", "SE", "SL", "SS", "SV"]
    assert all(len(d.subdimensions) == 3 for d in definitions.choices.dimensions)
    programs = definitions.stage(2).questions["programs"]
    assert isinstance(programs, TableQuestion) and programs.key == "code"
    columns = set(programs.column_map)
    # every field of domain.md §2 for a programme
    assert {"code", "dimension", "subdimension", "name", "description", "problem", "rpjmd_mission",
            "renstra_program", "opd", "supporting_opds", "partners", "beneficiaries", "indicator",
            "baseline", "target", "unit", "horizon", "location", "budget", "funding",
            "needs_structure", "needs_infrastructure", "needs_superstructure"} <= columns


def test_labels_are_indonesian_and_english_is_offered(definitions):
    for questionnaire in definitions.stages.values():
        for question in questionnaire.questions.values():
            assert question.label and question.label_en, question.id
            for column in getattr(question, "columns", []):
                assert column.label and column.label_en, f"{question.id}.{column.id}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "questionnaires"
    shutil.copytree(questionnaires_dir(), target)
    return target


def break_file(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def error_lines(folder: Path) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load_definitions(folder)
    return [p.render("id") for p in caught.value.problems]


def test_unknown_question_type_is_named_with_its_line(folder):
    break_file(folder, "bimtek-1.yaml", "        type: decimal\n        label: Luas wilayah",
               "        type: luas\n        label: Luas wilayah")
    lines = error_lines(folder)
    assert len(lines) == 1
    assert lines[0].startswith("bimtek-1.yaml:")
    assert 'jenis "luas" tidak dikenal' in lines[0]
    line_number = int(lines[0].split(":")[1])
    text = (folder / "bimtek-1.yaml").read_text().splitlines()
    assert "area_km2" in text[line_number - 1] or "type: luas" in "\n".join(text[line_number - 1:line_number + 2])


def test_duplicate_question_id(folder):
    break_file(folder, "bimtek-1.yaml", "- id: districts", "- id: area_km2")
    lines = error_lines(folder)
    assert any('id pertanyaan "area_km2" sudah dipakai' in line for line in lines)
    assert all(line.startswith("bimtek-1.yaml:") for line in lines)


def test_missing_choice_list(folder):
    break_file(folder, "bimtek-2.yaml", "choices: horizons", "choices: jangka")
    (line,) = error_lines(folder)
    assert line.startswith("bimtek-2.yaml:")
    assert 'daftar pilihan "jangka" tidak ada di choices.yaml' in line


def test_condition_on_a_missing_question(folder):
    break_file(folder, "bimtek-1.yaml", "relevant: {question: forum_exists, equals: true}",
               "relevant: {question: forum_ada, equals: true}")
    (line,) = error_lines(folder)
    assert 'relevant merujuk pertanyaan "forum_ada"' in line


def test_unknown_key_in_a_definition(folder):
    break_file(folder, "bimtek-3.yaml", "title: Peta Jalan\n", "title: Peta Jalan\njudul: Peta Jalan\n")
    (line,) = error_lines(folder)
    assert line.startswith("bimtek-3.yaml:9:") or line.startswith("bimtek-3.yaml:")
    assert 'kunci "judul" tidak dikenal' in line and "sections" in line


def test_every_problem_is_reported_at_once(folder):
    break_file(folder, "bimtek-2.yaml", "choices: horizons", "choices: jangka")
    break_file(folder, "bimtek-4.yaml", "type: longtext", "type: paragraf")
    files = {line.split(":")[0] for line in error_lines(folder)}
    assert files == {"bimtek-2.yaml", "bimtek-4.yaml"}


def test_malformed_definition_yaml(folder):
    (folder / "choices.yaml").write_text("dimensions: [\n", encoding="utf-8")
    (line,) = error_lines(folder)
    assert line.startswith("choices.yaml:") and "YAML tidak dapat dibaca" in line
