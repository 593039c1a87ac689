"""Where every answer lives in a questionnaire workbook.

The layout is a pure function of the questionnaire and the plan's period, so
the export and the import compute the same one: the import never trusts the
workbook to say which cell holds which question, it only checks that the
labels are still where the layout puts them.

* one sheet per section for its single answers: question, help, answer (column C);
* one sheet per table question: a header row of column labels and one row
  per answer row; a ``timeline`` column becomes one column per year of the
  period plus one for years outside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from masterplan.models.questionnaire import (
    QuestionBase,
    Questionnaire,
    Section,
    TableQuestion,
    TimelineQuestion,
)

COVER_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar Pilihan"
META_SHEET = "_masterplan"
RESERVED = (COVER_SHEET, LISTS_SHEET, META_SHEET)

# Single-answer sheets: a title, the section's help, a header, then one row per question.
SINGLE_HEADER_ROW = 3
SINGLE_FIRST_ROW = 4
LABEL_COLUMN, HELP_COLUMN, ANSWER_COLUMN = "A", "B", "C"

# Table sheets: a title, the table's help, column labels, a hint per column, then the rows.
TABLE_HEADER_ROW = 3
TABLE_HINT_ROW = 4
TABLE_FIRST_ROW = 5

EXTRA_ROWS = 50
"""Empty, formatted rows offered after the existing ones of a table."""

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_TITLE = 31


def required_mark(question: QuestionBase) -> str:
    """`` *`` after the label of a required question or column."""
    return " *" if question.required else ""


@dataclass(frozen=True)
class Slot:
    """One spreadsheet column of a table sheet (a timeline column spans several slots)."""

    column: QuestionBase
    letter: str
    header: str
    year: int | None = None
    """The year of a timeline year column."""
    other_years: bool = False
    """The timeline column for years outside the period ("2026: persiapan; 2040: operasional")."""


@dataclass(frozen=True)
class SingleSheet:
    """The single-valued questions of one section, one row each."""

    title: str
    section: Section
    questions: tuple[QuestionBase, ...]

    def row_of(self, index: int) -> int:
        """The sheet row of question ``index``."""
        return SINGLE_FIRST_ROW + index

    def label_text(self, question: QuestionBase) -> str:
        """What column A holds for ``question``."""
        return question.label + required_mark(question)


@dataclass(frozen=True)
class TableSheet:
    """One table question: its columns as slots."""

    title: str
    section: Section
    table: TableQuestion
    slots: tuple[Slot, ...]

    @property
    def slots_by_column(self) -> dict[str, list[Slot]]:
        """Column id -> its slots, in order."""
        found: dict[str, list[Slot]] = {}
        for slot in self.slots:
            found.setdefault(slot.column.id, []).append(slot)
        return found


Sheet = SingleSheet | TableSheet


@dataclass(frozen=True)
class FormLayout:
    """Every answer sheet of one stage's workbook, in questionnaire order."""

    questionnaire: Questionnaire
    years: tuple[int, ...]
    sheets: tuple[Sheet, ...] = field(default=())


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, at a word boundary when one is not too far back."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[limit // 2 : limit + 1] else text[:limit]
    return cut[:limit].rstrip()


def sheet_title(text: str, used: set[str]) -> str:
    """A unique sheet name made from ``text``: 31 characters at most, no ``[]:*?/`` or backslash."""
    base = " ".join(_FORBIDDEN.sub(" ", text).split()).strip("'") or "Lembar"
    title, number = _clip(base, _MAX_TITLE), 1
    while title.casefold() in used:
        number += 1
        suffix = f" ({number})"
        title = _clip(base, _MAX_TITLE - len(suffix)) + suffix
    used.add(title.casefold())
    return title


def _slots(table: TableQuestion, years: tuple[int, ...]) -> tuple[Slot, ...]:
    slots: list[Slot] = []

    def add(column: QuestionBase, header: str, year: int | None = None, other_years: bool = False) -> None:
        slots.append(Slot(column, get_column_letter(len(slots) + 1), header, year, other_years))

    for column in table.columns:
        if isinstance(column, TimelineQuestion):
            for year in years:
                add(column, f"{column.label} {year}", year=year)
            add(column, f"{column.label} (tahun lain)", other_years=True)
        else:
            add(column, column.label + required_mark(column))
    return tuple(slots)


def form_layout(questionnaire: Questionnaire, years: tuple[int, ...] | list[int]) -> FormLayout:
    """The layout of ``questionnaire``'s workbook for a plan covering ``years``."""
    used = {name.casefold() for name in RESERVED}
    sheets: list[Sheet] = []
    period = tuple(years)
    for section in questionnaire.sections:
        singles = tuple(q for q in section.questions if not isinstance(q, TableQuestion))
        if singles:
            sheets.append(SingleSheet(sheet_title(section.title, used), section, singles))
        for question in section.questions:
            if isinstance(question, TableQuestion):
                title = sheet_title(question.label, used)
                sheets.append(TableSheet(title, section, question, _slots(question, period)))
    return FormLayout(questionnaire, period, tuple(sheets))
