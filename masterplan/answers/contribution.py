"""One contributor's answers file -> typed answers, with every problem located.

Nothing a person typed is dropped: an invalid value is kept as ``raw`` with
``valid=False`` (and ``value=None``) and reported; the file is never written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from masterplan.answers.yamlio import item_line, key_line, line_of
from masterplan.checks.problems import Problem, Where
from masterplan.limits import MAX_TABLE_ROWS, dotted
from masterplan.models.questionnaire import (
    Invalid,
    ParseContext,
    QuestionBase,
    Questionnaire,
    TableQuestion,
    is_blank,
)

COORDINATOR = "koordinator"
"""The coordinating team's contributor name; its answers settle conflicts."""

HEADER_KEYS = ("stage", "filled_by", "updated", "answers")


@dataclass
class Cell:
    """One value as typed and as understood."""

    raw: Any
    value: Any
    line: int | None
    valid: bool


@dataclass
class Row:
    """One table row from one contributor."""

    number: int  # 1-based position in its file
    cells: dict[str, Cell]
    line: int | None
    contributor: str
    file: str

    def get(self, column: str) -> Any:
        """The valid value of ``column`` (``None`` when blank or invalid)."""
        cell = self.cells.get(column)
        return cell.value if cell else None

    @property
    def values(self) -> dict[str, Any]:
        """Column -> valid value, for conditions and rules."""
        return {name: cell.value for name, cell in self.cells.items()}


@dataclass
class Answer:
    """One question answered in one file; for tables ``value`` is a list of :class:`Row`."""

    question: str
    raw: Any
    value: Any
    line: int | None
    contributor: str
    file: str
    valid: bool


@dataclass
class Contribution:
    """The parsed answers file of one contributor for one stage."""

    stage: int
    contributor: str
    file: str
    answers: dict[str, Answer] = field(default_factory=dict)
    filled_by: str | None = None
    unread: list[str] = field(default_factory=list)  # questions of a file that could not be read at all


def parse_contribution(
    data: Any,
    questionnaire: Questionnaire,
    ctx: ParseContext,
    contributor: str,
    file: str,
) -> tuple[Contribution, list[Problem]]:
    """Read one answers document (as read by yamlio) against its questionnaire."""
    stage = questionnaire.stage
    where = Where(file=file, stage=stage)
    contribution = Contribution(stage=stage, contributor=contributor, file=file)
    problems: list[Problem] = []
    if data is None:
        problems.append(Problem("error", "file-empty", where, {"expected": "stage: dan answers:"}))
        return contribution, problems
    if not isinstance(data, dict):
        kind = "daftar" if isinstance(data, list) else "teks"
        problems.append(Problem("error", "file-not-mapping", where.at(line=1), {"kind": kind}))
        return contribution, problems
    for key in data:
        if key not in HEADER_KEYS:
            params = {"key": key, "known": ", ".join(HEADER_KEYS)}
            problems.append(Problem("error", "field-unknown", where.at(line=key_line(data, key)), params))
    declared = data.get("stage")
    if declared is not None and str(declared).strip() != str(stage):
        params = {"folder": stage, "declared": declared}
        problems.append(Problem("error", "stage-mismatch", where.at(line=key_line(data, "stage")), params))
    if data.get("filled_by") is not None:
        contribution.filled_by = str(data["filled_by"])
    answers = data.get("answers")
    if answers is None:
        return contribution, problems
    if not isinstance(answers, dict):
        line = key_line(data, "answers")
        problems.append(Problem("error", "file-not-mapping", where.at(line=line), {"kind": "daftar"}))
        return contribution, problems
    for key, raw in answers.items():
        line = key_line(answers, key)
        question = questionnaire.questions.get(str(key))
        if question is None:
            problems.append(_unknown_question(str(key), questionnaire, where.at(line=line)))
            continue
        spot = where.at(line=line, question=question.id, label=question.label, label_en=question.label_en)
        if isinstance(question, TableQuestion):
            answer = _parse_table(question, raw, ctx, spot, contributor, problems)
        else:
            answer = _parse_single(question, raw, ctx, spot, contributor, problems)
        contribution.answers[question.id] = answer
    return contribution, problems


def _unknown_question(key: str, questionnaire: Questionnaire, where: Where) -> Problem:
    close = difflib.get_close_matches(key, list(questionnaire.questions), n=1)
    return Problem(
        "error",
        "unknown-question",
        where,
        {
            "key": key,
            "stage": questionnaire.stage,
            "suggestion": f'; maksud Anda "{close[0]}"?' if close else "",
            "suggestion_en": f'; did you mean "{close[0]}"?' if close else "",
        },
    )


def parse_value(
    question: QuestionBase, raw: Any, ctx: ParseContext, where: Where, problems: list[Problem]
) -> tuple[Any, bool]:
    """``(value, valid)`` for one non-table value; a blank value is valid and ``None``."""
    if is_blank(raw):
        return None, True
    try:
        return question.parse(raw, ctx), True
    except Invalid as invalid:
        if invalid.at is not None and isinstance(raw, dict):
            where = where.at(line=key_line(raw, invalid.at, where.line))
        elif isinstance(invalid.at, int) and isinstance(raw, list):
            where = where.at(line=item_line(raw, invalid.at, where.line))
        problems.append(Problem("error", invalid.rule, where, invalid.params))
        return None, False


def _parse_single(
    question: QuestionBase,
    raw: Any,
    ctx: ParseContext,
    where: Where,
    contributor: str,
    problems: list[Problem],
) -> Answer:
    value, valid = parse_value(question, raw, ctx, where, problems)
    return Answer(question.id, raw, value, where.line, contributor, where.file, valid)


def _parse_table(
    table: TableQuestion,
    raw: Any,
    ctx: ParseContext,
    where: Where,
    contributor: str,
    problems: list[Problem],
) -> Answer:
    if is_blank(raw):
        return Answer(table.id, raw, [], where.line, contributor, where.file, True)
    if not isinstance(raw, list):
        problems.append(Problem("error", "type-table", where))
        return Answer(table.id, raw, [], where.line, contributor, where.file, False)
    if len(raw) > MAX_TABLE_ROWS:  # kept in the file, not read: the work stays bounded
        params = {"count": dotted(len(raw)), "limit": dotted(MAX_TABLE_ROWS)}
        problems.append(Problem("error", "table-too-long", where, params))
        return Answer(table.id, raw, [], where.line, contributor, where.file, False)
    rows: list[Row] = []
    valid = True
    for index, raw_row in enumerate(raw):
        line = item_line(raw, index, where.line)
        row_where = where.at(line=line, row=table.row_title(None, index + 1))
        if not isinstance(raw_row, dict):
            problems.append(Problem("error", "type-row", row_where))
            valid = False
            continue
        row = parse_row(table, raw_row, index + 1, ctx, row_where, contributor, problems)
        valid = valid and all(cell.valid for cell in row.cells.values())
        rows.append(row)
    return Answer(table.id, raw, rows, where.line, contributor, where.file, valid)


def parse_row(
    table: TableQuestion,
    raw_row: dict[Any, Any],
    number: int,
    ctx: ParseContext,
    where: Where,
    contributor: str,
    problems: list[Problem],
) -> Row:
    """A table's ``number``-th row, read; its cells' problems go to ``problems`` as check words them."""
    key_raw = raw_row.get(table.key) if table.key else None
    row_title = table.row_title(None if is_blank(key_raw) else str(key_raw).strip(), number)
    where = where.at(row=row_title)
    cells: dict[str, Cell] = {}
    for name, raw in raw_row.items():
        line = key_line(raw_row, name, where.line)
        column = table.column_map.get(str(name))
        if column is None:
            known = [c.id for c in table.columns]
            params = {"key": name, "known": known}
            problems.append(Problem("error", "unknown-column", where.at(line=line), params))
            cells[f"?{name}"] = Cell(raw, None, line, False)  # kept, never dropped
            continue
        spot = where.at(line=line, column=column.label)
        value, valid = parse_value(column, raw, ctx, spot, problems)
        cells[column.id] = Cell(raw, value, line, valid)
    row = Row(number, cells, line_of(raw_row, where.line), contributor, where.file)
    _check_row_presence(table, row, where, problems)
    return row


def _check_row_presence(table: TableQuestion, row: Row, where: Where, problems: list[Problem]) -> None:
    """Required cells present where relevant; cells of irrelevant columns flagged."""
    values = row.values
    for column in table.columns:
        cell = row.cells.get(column.id)
        relevant = column.relevant is None or column.relevant.holds(values)
        answered = cell is not None and not is_blank(cell.raw)
        if column.required and relevant and not answered:
            spot = where.at(line=cell.line if cell else where.line, column=column.label)
            problems.append(Problem("error", "required-cell", spot))
        elif answered and not relevant and column.relevant is not None and cell is not None:
            labels = {c.id: c.label for c in table.columns}
            params = {
                "condition": column.relevant.describe(labels, "id"),
                "condition_en": column.relevant.describe(labels, "en"),
            }
            spot = where.at(line=cell.line, column=column.label)
            problems.append(Problem("warning", "not-relevant", spot, params))
