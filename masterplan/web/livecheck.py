"""What ``check`` says about each field of a form as it is typed, before anything is saved.

The form's values are read as a save would read them and each value, and each
table row, goes through the same reader as the answers files
(:func:`masterplan.answers.contribution.parse_value`, :func:`masterplan.answers.contribution.parse_row`),
so the messages are the ones ``check`` gives after saving. Rules that need the
whole plan (a code used twice, a reference to a programme of another file) are
only checked after saving.
"""

from __future__ import annotations

from masterplan.answers.contribution import parse_row, parse_value
from masterplan.checks.problems import Problem, Where
from masterplan.models.questionnaire import ParseContext, Section, TableQuestion, is_blank
from masterplan.web.formdata import SectionData, field_name


def field_problems(section: Section, data: SectionData, ctx: ParseContext) -> dict[str, list[str]]:
    """Form field name -> the messages ``check`` gives for its value (fields without a problem left out)."""
    found: dict[str, list[str]] = {}
    where = Where(file="")
    for question in section.questions:
        value = data.get(question.id)
        problems: list[Problem] = []
        if not isinstance(question, TableQuestion):
            parse_value(question, value, ctx, where, problems)
            if problems:
                found[field_name(question.id)] = [p.message("id") for p in problems]
            continue
        columns = {c.label: c.id for c in question.columns}
        for index, row in enumerate(value or []):
            if row.removed or row.opaque is not None:
                continue
            problems = []
            raw = {key: cell for key, cell in row.values.items() if not is_blank(cell)}
            parse_row(question, raw, index + 1, ctx, where, "", problems)
            for problem in problems:
                column = columns.get(problem.where.column or "")
                if column is not None:
                    name = field_name(question.id, index, column)
                    found.setdefault(name, []).append(problem.message("id"))
    return found
