"""How far a stage is, counted the way a person sees it: every table row and every error counts.

A required question is one item, done when answered without an error; each
row of a table is one item, done when no error names it; a required table
without rows is one item not done. A stage, section or file with an error is
never shown as 100%.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from masterplan.answers.contribution import Row
from masterplan.api import CheckResult
from masterplan.models.questionnaire import TableQuestion, is_blank


@dataclass
class Progress:
    """Items done out of items, and the errors."""

    done: int = 0
    total: int = 0
    errors: int = 0

    @property
    def percent(self) -> int:
        """Whole percent done; at most 99 while there is an error, 100 when nothing is asked."""
        if not self.total:
            return 0 if self.errors else 100
        share = int(100 * self.done / self.total)
        return min(share, 99) if self.errors else share

    @property
    def text(self) -> str:
        """``68 dari 70 isian lengkap · 2 kesalahan``."""
        errors = f" · {self.errors} kesalahan" if self.errors else ""
        return f"{self.done} dari {self.total} isian lengkap{errors}"

    def add(self, ok: bool) -> None:
        """Count one item."""
        self.total += 1
        self.done += ok


@dataclass
class StageProgress:
    """A stage's progress, per section and per answers file."""

    stage: Progress = field(default_factory=Progress)
    sections: dict[str, Progress] = field(default_factory=dict)
    files: dict[str, Progress] = field(default_factory=dict)


def stage_progress(result: CheckResult, stage: int) -> StageProgress:
    """The progress of ``stage`` (empty when the plan could not be read)."""
    found = StageProgress()
    plan = result.plan
    if plan is None:
        return found
    merged = plan.stages[stage]
    questionnaire = merged.questionnaire
    lookup = merged.lookup()
    question_errors: set[tuple[str, str]] = set()  # (file, question) with an error not on a row
    row_errors: set[tuple[str, str, str]] = set()  # (file, question, row title)
    section_of = {qid: s.id for qid, s in questionnaire.section_of.items()}
    for problem in result.report.errors:
        where = problem.where
        if where.stage != stage:
            continue
        found.stage.errors += 1
        if where.question in section_of:
            found.sections.setdefault(section_of[where.question], Progress()).errors += 1
        found.files.setdefault(where.file, Progress()).errors += 1
        if where.question and where.row:
            row_errors.add((where.file, where.question, where.row))
        elif where.question:
            question_errors.add((where.file, where.question))
    errored = {question for _file, question in question_errors}
    rows_errored = {(file, question) for file, question, _row in row_errors}
    contributions = result.workspace.contributions.get(stage, [])
    for section in questionnaire.sections:
        progress = found.sections.setdefault(section.id, Progress())
        for question in section.questions:
            relevant = question.relevant is None or question.relevant.holds(lookup)
            if isinstance(question, TableQuestion):
                rows = 0
                for contribution in contributions:
                    answer = contribution.answers.get(question.id)
                    for row in (answer.value or []) if answer else []:
                        rows += 1
                        ok = (contribution.file, question.id) not in rows_errored or not any(
                            (contribution.file, question.id, name) in row_errors
                            for name in _row_names(question, row)
                        )
                        progress.add(ok)
                        found.files.setdefault(contribution.file, Progress()).add(ok)
                if not rows and question.required and relevant:
                    progress.add(False)
                continue
            answered_by = [c for c in contributions if question.id in c.answers
                           and not is_blank(c.answers[question.id].raw)]
            for contribution in answered_by:
                found.files.setdefault(contribution.file, Progress()).add(
                    (contribution.file, question.id) not in question_errors
                )
            if question.required and relevant:
                progress.add(merged.answers[question.id].answered and question.id not in errored)
        found.stage.done += progress.done
        found.stage.total += progress.total
    return found


def _row_names(table: TableQuestion, row: Row) -> set[str]:
    """Every way ``check`` may name ``row`` ("baris 4", "program SG-03")."""
    number = row.number
    names = {table.row_title(None, number)}
    cell = row.cells.get(table.key) if table.key else None
    if cell is not None and not is_blank(cell.raw):
        key = str(cell.raw).strip()
        names |= {table.row_title(key, number), table.row_title(key.upper(), number)}
    return names
