"""The "Daftar Pilihan" sheet: every code a drop-down offers, with its meaning.

Drop-downs refer to ranges of this sheet rather than holding their options
inline (Excel limits an inline list to 255 characters). Sub-dimensions are
grouped by dimension under defined names (``SUB_SG`` ...) so that a
sub-dimension column can offer only those of the row's dimension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from masterplan.forms.layout import LISTS_SHEET, FormLayout, SingleSheet, TableSheet
from masterplan.forms.style import HEADER, TITLE, protect
from masterplan.models.choices import Choices
from masterplan.models.questionnaire import QuestionBase, RefQuestion
from masterplan.models.region import Region

FIRST_ROW = 4
SUB_PREFIX = "SUB_"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class Source:
    """One list of the sheet: a key ("opd", "list:horizons" ...), a title, and its rows."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class ListRefs:
    """Where each list ended up: key -> absolute range of its codes."""

    ranges: dict[str, str] = field(default_factory=dict)
    by_dimension: bool = False
    """True when ``SUB_<dimension>`` names exist for a dependent sub-dimension list."""

    def get(self, key: str) -> str | None:
        """The range of list ``key`` (``None`` when the workbook has no such list)."""
        return self.ranges.get(key)


def list_key(question: QuestionBase) -> str | None:
    """The list a question's drop-down shows (``None`` for free input)."""
    if isinstance(question, RefQuestion):
        return question.ref
    names = question.choice_list_names()
    return f"list:{names[0]}" if names else None


def _questions(layout: FormLayout) -> list[QuestionBase]:
    found: list[QuestionBase] = []
    for sheet in layout.sheets:
        if isinstance(sheet, SingleSheet):
            found.extend(sheet.questions)
        elif isinstance(sheet, TableSheet):
            found.extend(sheet.table.columns)
    return found


def sources(layout: FormLayout, choices: Choices, region: Region, programs: dict[str, str]) -> list[Source]:
    """The lists the workbook's questions need, in order of first use.

    ``programs`` maps the Bimtek II programme codes known now to their names.
    """
    keys: list[str] = []
    for question in _questions(layout):
        key = list_key(question)
        if key is not None and key not in keys:
            keys.append(key)
    found: list[Source] = []
    rows: tuple[tuple[str, ...], ...]
    for key in keys:
        if key == "opd":
            rows = tuple((o.code, o.name) for o in region.opds)
            found.append(Source(key, "OPD", ("Kode OPD", "Nama perangkat daerah"), rows))
        elif key == "dimension":
            rows = tuple((d.code, d.label) for d in choices.dimensions)
            found.append(Source(key, "Dimensi", ("Kode dimensi", "Dimensi"), rows))
        elif key == "subdimension":
            rows = tuple((s.code, s.label, d.code) for d in choices.dimensions for s in d.subdimensions)
            found.append(Source(key, "Subdimensi", ("Kode subdimensi", "Subdimensi", "Dimensi"), rows))
        elif key == "program" and programs:
            rows = tuple(sorted(programs.items()))
            found.append(Source(key, "Program (Bimtek II)", ("Kode program", "Nama program"), rows))
        elif key.startswith("list:"):
            choice_list = choices.lists[key[5:]]
            rows = tuple((o.code, o.label) for o in choice_list.options)
            found.append(Source(key, choice_list.label, (choice_list.label, "Keterangan"), rows))
    return found


def _absolute(column: str, first: int, last: int) -> str:
    return f"'{LISTS_SHEET}'!${column}${first}:${column}${last}"


def write_lists(workbook: Workbook, sheet: Worksheet, found: list[Source]) -> ListRefs:
    """Fill ``sheet`` with ``found`` side by side; define the sub-dimension names."""
    refs = ListRefs()
    sheet["A1"] = "Daftar pilihan: kode yang dapat dipilih pada daftar turun (drop-down) dan artinya"
    sheet["A1"].font = TITLE
    sheet["A2"] = "Lembar ini hanya rujukan dan dikunci; tulis atau pilih kodenya di lembar isian."
    column = 1
    for source in found:
        letter = get_column_letter(column)
        for offset, header in enumerate(source.headers):
            cell = sheet.cell(row=FIRST_ROW - 1, column=column + offset, value=header)
            cell.font = HEADER
            width = 16 if offset == 0 else 40
            sheet.column_dimensions[get_column_letter(column + offset)].width = width
        for index, row in enumerate(source.rows):
            for offset, text in enumerate(row):
                sheet.cell(row=FIRST_ROW + index, column=column + offset, value=text)
        last = FIRST_ROW + len(source.rows) - 1
        refs.ranges[source.key] = _absolute(letter, FIRST_ROW, last)
        if source.key == "subdimension":
            refs.by_dimension = _define_groups(workbook, source, letter)
        column += len(source.headers) + 1
    protect(sheet)
    return refs


def _define_groups(workbook: Workbook, source: Source, letter: str) -> bool:
    """``SUB_SG`` -> the rows of the SG sub-dimensions; ``False`` when a code cannot name a range."""
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(source.rows):
        groups.setdefault(row[2], []).append(FIRST_ROW + index)
    if not all(_NAME.match(code) for code in groups):
        return False
    for code, rows in groups.items():
        if rows != list(range(rows[0], rows[-1] + 1)):
            return False
        name = SUB_PREFIX + code
        workbook.defined_names[name] = DefinedName(name, attr_text=_absolute(letter, rows[0], rows[-1]))
    return True
