"""Stage-level checks on merged answers: required questions, row counts, relevance."""

from __future__ import annotations

from masterplan.checks.merge import MergedStage
from masterplan.checks.problems import Problem, Where
from masterplan.models.questionnaire import TableQuestion


def check_stage(merged: MergedStage, folder: str) -> list[Problem]:
    """Problems of a merged stage as a whole (``folder``: ``answers/bimtek-N/``)."""
    problems: list[Problem] = []
    questionnaire = merged.questionnaire
    lookup = merged.lookup()
    for question in questionnaire.questions.values():
        answer = merged.answers[question.id]
        relevant = question.relevant is None or question.relevant.holds(lookup)
        source = answer.source
        where = Where(
            file=source.file if source else folder,
            line=source.line if source else None,
            stage=questionnaire.stage,
            question=question.id,
            label=question.label,
            label_en=question.label_en,
        )
        has_invalid = any(not s.valid for s in answer.sources)
        if question.required and relevant and not answer.answered and not has_invalid:
            problems.append(Problem("error", "required", where))
        if answer.answered and not relevant and question.relevant is not None:
            labels = questionnaire.labels
            params = {
                "condition": question.relevant.describe(labels, "id"),
                "condition_en": question.relevant.describe(labels, "en"),
            }
            problems.append(Problem("warning", "not-relevant", where, params))
        if isinstance(question, TableQuestion) and answer.rows:
            count = len(answer.rows)
            if question.min_rows is not None and count < question.min_rows:
                bounds = {"min": question.min_rows, "count": count}
                problems.append(Problem("error", "rows-min", where, bounds))
            if question.max_rows is not None and count > question.max_rows:
                bounds = {"max": question.max_rows, "count": count}
                problems.append(Problem("error", "rows-max", where, bounds))
    return problems
