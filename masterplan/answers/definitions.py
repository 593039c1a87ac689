"""Load and check the questionnaire definitions (the four stages and the choice lists).

A definition with a mistake (unknown type, duplicate id, a reference to a
missing choice list or question) raises :class:`QuestionnaireError` naming
every problem with its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from masterplan.answers import diskcache
from masterplan.answers.schema_errors import locate, pydantic_problems
from masterplan.answers.yamlio import read_yaml
from masterplan.checks.problems import Problem, Where
from masterplan.errors import QuestionnaireError
from masterplan.models.choices import Choices
from masterplan.models.questionnaire import Questionnaire, TableQuestion
from masterplan.resources import questionnaires_dir

STAGES = (1, 2, 3, 4)


@dataclass(frozen=True)
class Definitions:
    """The choice lists and the four questionnaires, checked together."""

    choices: Choices
    stages: dict[int, Questionnaire]
    folder: Path
    digest: str = ""
    """A digest of the definition files' bytes (part of the keys of parsed answers kept on disk)."""

    def stage(self, number: int) -> Questionnaire:
        """The questionnaire of Bimtek ``number``."""
        return self.stages[number]

    @property
    def version(self) -> str:
        """The questionnaire version ("2026.1"); all stages share it."""
        return self.stages[1].version


def load_definitions(folder: Path | None = None) -> Definitions:
    """Load ``choices.yaml`` and ``bimtek-1.yaml`` .. ``bimtek-4.yaml`` from ``folder``."""
    folder = folder or questionnaires_dir()
    return _load_cached(folder.resolve())


@lru_cache(maxsize=8)
def _load_cached(folder: Path) -> Definitions:
    """The definitions in ``folder``: from the disk cache when these files were loaded before."""
    names = ["choices.yaml", *(f"bimtek-{number}.yaml" for number in STAGES)]
    try:
        contents = [(folder / name).read_bytes() for name in names]
    except OSError:  # a file is missing or unreadable: the loader below says which
        return _load_files(folder)
    digest = diskcache.key_of(str(folder), *contents)
    cached = diskcache.load("definitions", digest)
    if isinstance(cached, Definitions) and cached.digest == digest:
        return cached
    definitions = replace(_load_files(folder), digest=digest)
    diskcache.store("definitions", digest, definitions)
    return definitions


def _load_files(folder: Path) -> Definitions:
    problems: list[Problem] = []
    choices = _load_model(folder / "choices.yaml", Choices, problems)
    stages: dict[int, Questionnaire] = {}
    for number in STAGES:
        path = folder / f"bimtek-{number}.yaml"
        questionnaire = _load_model(path, Questionnaire, problems)
        if questionnaire is None:
            continue
        data = questionnaire_data(path)
        where = Where(file=path.name)
        if questionnaire.stage != number:
            problems.append(_definition_problem(where.at(line=locate(data, ("stage",))[0]),
                            f"berkas {path.name} harus berisi stage: {number}"))
        problems.extend(_check_ids(questionnaire, data, where))
        if choices is not None:
            problems.extend(_check_choice_lists(questionnaire, choices, data, where))
        stages[number] = questionnaire
    if problems or choices is None:
        raise QuestionnaireError(problems)
    versions = {q.version for q in stages.values()}
    if len(versions) > 1:
        raise QuestionnaireError([_definition_problem(
            Where(file=folder.name), f"versi kuesioner berbeda-beda: {', '.join(sorted(versions))}")])
    return Definitions(choices=choices, stages=stages, folder=folder)


def questionnaire_data(path: Path) -> Any:
    """The parsed definition file (for locating problems)."""
    data, _ = read_yaml(path, path.name)
    return data


def _load_model(path: Path, model: Any, problems: list[Problem]) -> Any:
    where = Where(file=path.name)
    if not path.is_file():
        problems.append(Problem("error", "missing-file", where, {"expected": path.name}))
        return None
    data, read_problems = read_yaml(path, path.name)
    if read_problems:
        problems.extend(read_problems)
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, data, where, model))
        return None


def _definition_problem(where: Where, detail: str) -> Problem:
    return Problem("error", "field-invalid", where, {"detail": detail, "detail_en": detail})


def _question_loc(questionnaire: Questionnaire, question_id: str) -> tuple[Any, ...]:
    for s_index, section in enumerate(questionnaire.sections):
        for q_index, question in enumerate(section.questions):
            if question.id == question_id:
                return ("sections", s_index, "questions", q_index)
    return ()


def _check_ids(questionnaire: Questionnaire, data: Any, where: Where) -> list[Problem]:
    """Question and section ids unique within the stage; conditions name known questions."""
    problems = []
    seen: dict[str, int | None] = {}
    for s_index, section in enumerate(questionnaire.sections):
        for q_index, question in enumerate(section.questions):
            line, _ = locate(data, ("sections", s_index, "questions", q_index, "id"))
            if question.id in seen:
                problems.append(_definition_problem(
                    where.at(line=line, question=question.id),
                    f'id pertanyaan "{question.id}" sudah dipakai di baris {seen[question.id]}'))
            else:
                seen[question.id] = line
    section_ids = [s.id for s in questionnaire.sections]
    for s_index, section in enumerate(questionnaire.sections):
        if section_ids.count(section.id) > 1 and section_ids.index(section.id) != s_index:
            line, _ = locate(data, ("sections", s_index, "id"))
            problems.append(_definition_problem(where.at(line=line),
                            f'id bagian "{section.id}" dipakai lebih dari sekali'))
    for question in questionnaire.questions.values():
        for ref in question.relevant.referenced() if question.relevant else []:
            if ref not in seen or ref == question.id:
                line, _ = locate(data, (*_question_loc(questionnaire, question.id), "relevant"))
                problems.append(_definition_problem(
                    where.at(line=line, question=question.id),
                    f'relevant merujuk pertanyaan "{ref}" yang tidak ada di tahap ini'))
    return problems


def _check_choice_lists(
    questionnaire: Questionnaire, choices: Choices, data: Any, where: Where
) -> list[Problem]:
    """Every ``choices:`` names a list in choices.yaml."""
    problems = []
    for question in questionnaire.questions.values():
        columns = question.columns if isinstance(question, TableQuestion) else [question]
        for c_index, column in enumerate(columns):
            for name in column.choice_list_names():
                if name in choices.lists:
                    continue
                loc = _question_loc(questionnaire, question.id)
                if isinstance(question, TableQuestion):
                    loc = (*loc, "columns", c_index)
                line, _ = locate(data, (*loc, "choices"))
                known = ", ".join(sorted(choices.lists))
                problems.append(_definition_problem(
                    where.at(line=line, question=question.id),
                    f'daftar pilihan "{name}" tidak ada di choices.yaml; yang ada: {known}'))
    return problems
