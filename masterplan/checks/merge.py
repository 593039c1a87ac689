"""Merge the contributors of a stage into one set of answers (pure functions).

* A single-valued question answered differently by two contributors is a
  conflict naming both; the coordinator's answer, when given, settles it.
* Table rows are united, each keeping its contributor. Two rows with the same
  key are a conflict, unless the coordinator's file holds a row with that key,
  which then replaces the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from masterplan.answers.contribution import COORDINATOR, Answer, Contribution, Row
from masterplan.checks.problems import Problem, Where
from masterplan.models.questionnaire import Questionnaire, TableQuestion


@dataclass
class MergedAnswer:
    """A question's answer for the whole stage.

    ``value`` is the valid value that counts (``None`` if there is none);
    ``sources`` keeps every contributor's answer, invalid ones included.
    For tables, ``rows`` holds the united rows and ``value`` is ``None``.
    """

    question: str
    value: Any = None
    sources: list[Answer] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        """True when a valid value (or at least one row) exists."""
        return bool(self.rows) or self.value is not None

    @property
    def source(self) -> Answer | None:
        """The answer whose value counts (for locating messages)."""
        for answer in reversed(self.sources):
            if answer.value is not None and answer.valid:
                return answer
        return self.sources[0] if self.sources else None


@dataclass
class MergedStage:
    """The merged answers of one stage."""

    questionnaire: Questionnaire
    answers: dict[str, MergedAnswer]
    contributors: list[str]

    @property
    def stage(self) -> int:
        """The stage number."""
        return self.questionnaire.stage

    def value(self, question: str) -> Any:
        """The merged value of a single-valued question."""
        answer = self.answers.get(question)
        return answer.value if answer else None

    def rows(self, question: str) -> list[Row]:
        """The merged rows of a table question."""
        answer = self.answers.get(question)
        return answer.rows if answer else []

    def lookup(self) -> dict[str, Any]:
        """Question id -> merged value, for conditions."""
        return {qid: (a.rows or a.value) for qid, a in self.answers.items()}


def merge_stage(
    questionnaire: Questionnaire, contributions: list[Contribution]
) -> tuple[MergedStage, list[Problem]]:
    """Merge the contributions (the coordinator's last) of one stage."""
    problems: list[Problem] = []
    merged: dict[str, MergedAnswer] = {}
    for question in questionnaire.questions.values():
        sources = [c.answers[question.id] for c in contributions if question.id in c.answers]
        if isinstance(question, TableQuestion):
            merged[question.id] = _merge_table(question, sources, questionnaire.stage, problems)
        else:
            merged[question.id] = _merge_single(question.id, sources, questionnaire, problems)
    contributors = [c.contributor for c in contributions]
    return MergedStage(questionnaire, merged, contributors), problems


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _merge_single(
    question_id: str, sources: list[Answer], questionnaire: Questionnaire, problems: list[Problem]
) -> MergedAnswer:
    answered = [a for a in sources if a.valid and a.value is not None]
    result = MergedAnswer(question_id, sources=sources)
    if not answered:
        return result
    settled = [a for a in answered if a.contributor == COORDINATOR]
    if settled:
        result.value = settled[-1].value
        return result
    first = answered[0]
    result.value = first.value
    for other in answered[1:]:
        if other.value != first.value:
            question = questionnaire.questions[question_id]
            where = Where(
                file=other.file,
                line=other.line,
                stage=questionnaire.stage,
                question=question_id,
                label=question.label,
                label_en=question.label_en,
            )
            params = {
                "first": first.contributor,
                "first_value": _display(first.value),
                "first_file": first.file,
                "first_line": first.line,
                "second": other.contributor,
                "second_value": _display(other.value),
                "second_file": other.file,
                "second_line": other.line,
            }
            problems.append(Problem("error", "merge-conflict", where, params))
    return result


def _merge_table(
    table: TableQuestion, sources: list[Answer], stage: int, problems: list[Problem]
) -> MergedAnswer:
    result = MergedAnswer(table.id, sources=sources)
    all_rows = [row for answer in sources for row in answer.value]
    if table.key is None:
        result.rows = all_rows
        return result
    settled = {row.get(table.key) for row in all_rows if row.contributor == COORDINATOR}
    settled.discard(None)
    first_seen: dict[Any, Row] = {}
    for row in all_rows:
        key = row.get(table.key)
        if key in settled and row.contributor != COORDINATOR:
            continue  # replaced by the coordinator's row
        if key is None:
            result.rows.append(row)
            continue
        earlier = first_seen.get(key)
        if earlier is not None:
            key_column = table.key_column
            label = key_column.label if key_column else table.key
            column_label = label[:1].lower() + label[1:]
            where = Where(
                file=row.file,
                line=row.cells[table.key].line if table.key in row.cells else row.line,
                stage=stage,
                question=table.id,
                label=table.label,
                label_en=table.label_en,
                row=table.row_title(key, row.number),
            )
            params = {
                "column": column_label,
                "key": key,
                "other_file": earlier.file,
                "other_line": earlier.cells[table.key].line if table.key in earlier.cells else earlier.line,
            }
            problems.append(Problem("error", "unique-key", where, params))
        else:
            first_seen[key] = row
        result.rows.append(row)
    return result
