"""From sheet cells to the answers document ``check`` reads, remembering which cell said what.

The document is built from the same line-aware containers :mod:`masterplan.answers.yamlio`
produces, but each "line" is the number of a :class:`Spot` (a cell), so the
problems :func:`masterplan.answers.contribution.parse_contribution` reports come back
with the cell they are about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from masterplan.answers.yamlio import LineDict, LineInfo, LineList
from masterplan.forms.cover import FILLED_BY_CELL, FILLED_BY_LABEL, FILLED_BY_ROW
from masterplan.forms.errors import FormRefused
from masterplan.forms.layout import (
    ANSWER_COLUMN,
    COVER_SHEET,
    LABEL_COLUMN,
    RESERVED,
    TABLE_FIRST_ROW,
    TABLE_HEADER_ROW,
    FormLayout,
    SingleSheet,
    TableSheet,
)
from masterplan.forms.reader import SheetCells, WorkbookCells
from masterplan.forms.values import from_cell, parse_timeline_text
from masterplan.models.questionnaire import TimelineQuestion

_ANSWER_INDEX = ord(ANSWER_COLUMN) - ord("A") + 1
_LABEL_INDEX = ord(LABEL_COLUMN) - ord("A") + 1
_IGNORED = "{}; isian ini diabaikan"


@dataclass(frozen=True)
class Spot:
    """A cell (or, with ``columns``, a table row whose cells are found by column label)."""

    sheet: str
    row: int
    letter: str
    columns: dict[str, str] | None = None

    def cell(self, column_label: str | None = None) -> str:
        """``Daftar program!V7``: the cell, or the row's cell of ``column_label``."""
        letter = self.letter
        if self.columns and column_label:
            letter = self.columns.get(column_label, letter)
        return f"{self.sheet}!{letter}{self.row}"


@dataclass
class Collected:
    """The answers document and where each of its values came from."""

    document: LineDict
    spots: list[Spot] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(``Sheet!A1``, what was set aside) for cells outside the answer area."""

    def add(self, spot: Spot) -> int:
        """Record ``spot``; its number, used as the "line" of values from it."""
        self.spots.append(spot)
        return len(self.spots)

    def spot(self, number: int | None) -> Spot | None:
        """The spot with ``number``."""
        return self.spots[number - 1] if number and 0 < number <= len(self.spots) else None


def _mapping(number: int) -> LineDict:
    found = LineDict()
    found.lc = LineInfo(number - 1, 0)
    return found


def _sequence(number: int) -> LineList:
    found = LineList()
    found.lc = LineInfo(number - 1, 0)
    return found


def _set(mapping: LineDict, key: Any, value: Any, number: int) -> None:
    mapping[key] = value
    mapping.lc.entries[key] = (number - 1, 0)


def _located(value: Any, number: int) -> Any:
    """Lists and mappings made line-aware, all pointing at the same cell."""
    if isinstance(value, list):
        items = _sequence(number)
        for item in value:
            items.lc.entries[len(items)] = (number - 1, 0)
            items.append(item)
        return items
    if isinstance(value, dict):
        mapping = _mapping(number)
        for key, item in value.items():
            _set(mapping, key, item, number)
        return mapping
    return value


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def check_structure(layout: FormLayout, cells: WorkbookCells, name: str) -> None:
    """Refuse a workbook whose sheets or labels are not where the layout puts them."""
    wrong: list[str] = []
    for entry in layout.sheets:
        sheet = cells.sheets.get(entry.title)
        if sheet is None:
            raise FormRefused(
                f"{name} tidak memiliki lembar {entry.title}; buku kerja ini bukan untuk kuesioner "
                f"{layout.questionnaire.id} versi {layout.questionnaire.version} atau telah diubah "
                "susunannya. Ekspor ulang buku kerja"
            )
        if isinstance(entry, SingleSheet):
            for index, question in enumerate(entry.questions):
                row = entry.row_of(index)
                expected = entry.label_text(question)
                if _text(sheet.get(row, _LABEL_INDEX)) != expected:
                    wrong.append(f'{entry.title}!{LABEL_COLUMN}{row} seharusnya "{expected}"')
        else:
            for index, slot in enumerate(entry.slots, start=1):
                if _text(sheet.get(TABLE_HEADER_ROW, index)) != slot.header:
                    wrong.append(f'{entry.title}!{slot.letter}{TABLE_HEADER_ROW} seharusnya "{slot.header}"')
    cover = cells.sheets.get(COVER_SHEET)
    if cover is None or _text(cover.get(FILLED_BY_ROW, 1)) != FILLED_BY_LABEL:
        wrong.append(f'{COVER_SHEET}!A{FILLED_BY_ROW} seharusnya "{FILLED_BY_LABEL}"')
    if wrong:
        more = f" dan {len(wrong) - 5} lainnya" if len(wrong) > 5 else ""
        raise FormRefused(
            f"susunan {name} telah berubah ({'; '.join(wrong[:5])}{more}); jangan menyisipkan, menghapus "
            "atau memindahkan baris pertanyaan dan kolom tabel. Salin isian ke buku kerja hasil ekspor ulang"
        )


def _single(collected: Collected, entry: SingleSheet, sheet: SheetCells, answers: LineDict) -> None:
    last = entry.row_of(len(entry.questions) - 1)
    for index, question in enumerate(entry.questions):
        row = entry.row_of(index)
        raw = from_cell(question, sheet.get(row, _ANSWER_INDEX))
        if raw is None:
            continue
        number = collected.add(Spot(entry.title, row, ANSWER_COLUMN))
        _set(answers, question.id, _located(raw, number), number)
    for (row, column), value in sorted(sheet.values.items()):
        if (row > last or column > _ANSWER_INDEX) and _text(value):
            collected.notes.append(
                (f"{entry.title}!{get_column_letter(column)}{row}", _IGNORED.format("di luar sel jawaban"))
            )


def _timeline(
    collected: Collected, entry: TableSheet, sheet: SheetCells, row: int, column_id: str
) -> LineDict:
    slots = entry.slots_by_column[column_id]
    mapping = _mapping(collected.add(Spot(entry.title, row, slots[0].letter)))
    for index, slot in enumerate(entry.slots, start=1):
        if slot.column.id != column_id:
            continue
        value = sheet.get(row, index)
        if value is None or not _text(value):
            continue
        number = collected.add(Spot(entry.title, row, slot.letter))
        if slot.year is not None:
            _set(mapping, slot.year, value, number)
            continue
        pairs = parse_timeline_text(value) if isinstance(value, str) else [(value, None)]
        for year, status in pairs:
            if year in mapping:
                collected.notes.append(
                    (
                        f"{entry.title}!{slot.letter}{row}",
                        _IGNORED.format(f"tahun {year} sudah diisi di kolomnya"),
                    )
                )
                continue
            _set(mapping, year, status, number)
    return mapping


def _table(collected: Collected, entry: TableSheet, sheet: SheetCells, answers: LineDict) -> None:
    header = collected.add(Spot(entry.title, TABLE_HEADER_ROW, "A"))
    rows = _sequence(header)
    width = len(entry.slots)
    labels = {column_id: slots[0].letter for column_id, slots in entry.slots_by_column.items()}
    letters = {entry.table.column_map[c].label: letter for c, letter in labels.items()}
    filled: set[int] = set()
    for (row, index), value in sorted(sheet.values.items()):
        if row < TABLE_FIRST_ROW or not _text(value):
            continue
        if index > width:
            collected.notes.append(
                (f"{entry.title}!{get_column_letter(index)}{row}", _IGNORED.format("di luar kolom tabel"))
            )
        else:
            filled.add(row)
    for row in sorted(filled):
        anchor = collected.add(Spot(entry.title, row, "A", letters))
        mapping = _mapping(anchor)
        for column_id, slots in entry.slots_by_column.items():
            column = slots[0].column
            if isinstance(column, TimelineQuestion):
                timeline = _timeline(collected, entry, sheet, row, column_id)
                if timeline:
                    _set(mapping, column_id, timeline, timeline.lc.line + 1)
                continue
            index = entry.slots.index(slots[0]) + 1
            raw = from_cell(column, sheet.get(row, index))
            if raw is None:
                continue
            number = collected.add(Spot(entry.title, row, slots[0].letter))
            _set(mapping, column_id, _located(raw, number), number)
        rows.lc.entries[len(rows)] = (anchor - 1, 0)
        rows.append(mapping)
    if rows:
        _set(answers, entry.table.id, rows, header)


def collect(layout: FormLayout, cells: WorkbookCells, stage: int) -> Collected:
    """The answers document of the workbook (``stage``, ``filled_by``, ``answers``) with its spots."""
    document = _mapping(1)
    collected = Collected(document)
    top = collected.add(Spot(COVER_SHEET, FILLED_BY_ROW, FILLED_BY_CELL[0]))
    _set(document, "stage", stage, top)
    filled_by = _text(cells.sheets[COVER_SHEET].get(FILLED_BY_ROW, 2))
    if filled_by:
        _set(document, "filled_by", filled_by, top)
    answers = _mapping(top)
    for entry in layout.sheets:
        sheet = cells.sheets[entry.title]
        if isinstance(entry, SingleSheet):
            _single(collected, entry, sheet, answers)
        else:
            _table(collected, entry, sheet, answers)
    _set(document, "answers", answers, top)
    known = {entry.title for entry in layout.sheets} | set(RESERVED)
    for title in cells.sheets:
        if title not in known:
            collected.notes.append((f"{title}!A1", _IGNORED.format("lembar tidak dikenal")))
    collected.notes[:0] = cells.notes
    return collected
