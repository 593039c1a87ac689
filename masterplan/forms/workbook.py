"""Building the workbook of one stage for one contributor, with their answers pre-filled.

Sheets, in order: the cover ("Petunjuk"), one sheet per section for its
single answers, one sheet per table question, the code lists ("Daftar
Pilihan") and the very hidden metadata. Structure cells are locked (no
password); answer cells are unlocked, shaded, formatted and validated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from masterplan.answers.contribution import Answer, Contribution, Row
from masterplan.forms.cover import CoverInfo, write_cover
from masterplan.forms.guide import guide, hint, year_hint
from masterplan.forms.layout import (
    ANSWER_COLUMN,
    EXTRA_ROWS,
    HELP_COLUMN,
    LABEL_COLUMN,
    LISTS_SHEET,
    META_SHEET,
    SINGLE_HEADER_ROW,
    TABLE_FIRST_ROW,
    TABLE_HEADER_ROW,
    TABLE_HINT_ROW,
    FormLayout,
    SingleSheet,
    Slot,
    TableSheet,
)
from masterplan.forms.lists import ListRefs, Source, write_lists
from masterplan.forms.meta import FormMeta, write_meta
from masterplan.forms.style import (
    ANSWER_FILL,
    GRID,
    HINT,
    TITLE,
    TOP,
    UNLOCKED,
    WRAP,
    fit_row,
    header_cell,
    print_setup,
    protect,
)
from masterplan.forms.validation import validation_for
from masterplan.forms.values import display, kind, needs_escape, number_format, raw_display, timeline_text
from masterplan.models.questionnaire import QuestionBase, RefQuestion, TimelineQuestion, parse_year

_LABEL_WIDTH, _HELP_WIDTH, _ANSWER_WIDTH = 40, 55, 60

EXCEL_TEXT_LIMIT = 32767
"""Characters a cell holds; longer text would be cut by Excel."""

_WIDTHS = {
    "text": 28,
    "longtext": 50,
    "integer": 14,
    "decimal": 14,
    "percent": 12,
    "rupiah": 20,
    "year": 10,
    "date": 14,
    "choice": 18,
    "multichoice": 24,
    "yesno": 10,
    "nip": 24,
    "ref": 16,
    "timeline": 13,
    "file": 30,
}


@dataclass
class Filled:
    """What the export put in: answers and rows pre-filled, and what it could not carry."""

    answers: int = 0
    rows: int = 0
    warnings: list[str] = field(default_factory=list)


def _width(question: QuestionBase) -> int:
    if isinstance(question, RefQuestion) and question.multiple:
        return 24
    return _WIDTHS.get(kind(question), 20)


def put(cell: Cell, question: QuestionBase, value: Any, filled: Filled) -> None:
    """Write one answer cell: value, format, shade, unlocked; text that looks like a formula stays text."""
    if isinstance(value, str):
        clean = ILLEGAL_CHARACTERS_RE.sub("", value)
        if clean != value:
            filled.warnings.append(f"{cell.parent.title}!{cell.coordinate}: karakter kendali dihapus")
        if len(clean) > EXCEL_TEXT_LIMIT:
            filled.warnings.append(
                f"{cell.parent.title}!{cell.coordinate}: teks {len(clean)} karakter, melebihi batas Excel "
                f"{EXCEL_TEXT_LIMIT}; Excel dapat memotongnya"
            )
        value = clean
    cell.value = value
    if needs_escape(value):
        cell.data_type = "s"  # openpyxl took it for a formula
        cell.quotePrefix = True
    cell.number_format = number_format(question)
    cell.fill = ANSWER_FILL
    cell.border = GRID
    cell.protection = UNLOCKED
    cell.alignment = WRAP if kind(question) in ("longtext", "text", "multichoice") else TOP


def _cell_value(question: QuestionBase, valid: bool, value: Any, raw: Any) -> Any:
    return display(question, value) if valid and value is not None else raw_display(raw)


def _title(sheet: Worksheet, title: str, help_text: str | None) -> None:
    sheet["A1"] = title
    sheet["A1"].font = TITLE
    if help_text:
        sheet["A2"] = " ".join(help_text.split())
        sheet["A2"].font = HINT


def write_single_sheet(
    sheet: Worksheet,
    layout: SingleSheet,
    answers: dict[str, Answer],
    refs: ListRefs,
    filled: Filled,
    labels: dict[str, str],
) -> None:
    """One section's single answers: question, help, answer."""
    _title(sheet, layout.section.title, layout.section.help)
    for letter, text in ((LABEL_COLUMN, "Pertanyaan"), (HELP_COLUMN, "Petunjuk"), (ANSWER_COLUMN, "Jawaban")):
        header_cell(sheet[f"{letter}{SINGLE_HEADER_ROW}"], text)
    for index, question in enumerate(layout.questions):
        row = layout.row_of(index)
        label = sheet[f"{LABEL_COLUMN}{row}"]
        label.value = layout.label_text(question)
        label.alignment, label.border = WRAP, GRID
        help_cell = sheet[f"{HELP_COLUMN}{row}"]
        help_cell.value = guide(question, labels)
        help_cell.alignment, help_cell.border, help_cell.font = WRAP, GRID, HINT
        answer = answers.get(question.id)
        value = _cell_value(question, answer.valid, answer.value, answer.raw) if answer else None
        if value is not None:
            filled.answers += 1
        put(sheet[f"{ANSWER_COLUMN}{row}"], question, value, filled)
        fit_row(
            sheet, row, [(label.value, _LABEL_WIDTH), (help_cell.value, _HELP_WIDTH), (value, _ANSWER_WIDTH)]
        )
        check = validation_for(question, refs)
        check.add(f"{ANSWER_COLUMN}{row}")
        sheet.add_data_validation(check)
    sheet.column_dimensions[LABEL_COLUMN].width = _LABEL_WIDTH
    sheet.column_dimensions[HELP_COLUMN].width = _HELP_WIDTH
    sheet.column_dimensions[ANSWER_COLUMN].width = _ANSWER_WIDTH
    sheet.freeze_panes = f"A{SINGLE_HEADER_ROW + 1}"
    protect(sheet)


def _timeline_cells(slots: list[Slot], valid: bool, value: Any, raw: Any) -> dict[str, Any]:
    """Year column -> status, and the other years as text, of one timeline cell."""
    mapping = value if valid and isinstance(value, dict) else raw
    letters = {slot.year: slot.letter for slot in slots if slot.year is not None}
    other = next(slot.letter for slot in slots if slot.other_years)
    if not isinstance(mapping, dict):
        return {other: raw_display(mapping)}
    cells: dict[str, Any] = {}
    rest: dict[Any, Any] = {}
    for key, status in mapping.items():
        year = parse_year(key)
        letter = letters.get(year) if year is not None else None
        if letter is not None and letter not in cells:
            cells[letter] = raw_display(status)
        else:
            rest[key] = raw_display(status)
    if rest:
        cells[other] = timeline_text(rest)
    return cells


def _row_cells(layout: TableSheet, row: Row, filled: Filled) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for column_id, slots in layout.slots_by_column.items():
        cell = row.cells.get(column_id)
        if cell is None:
            continue
        column = slots[0].column
        if isinstance(column, TimelineQuestion):
            cells.update(_timeline_cells(slots, cell.valid, cell.value, cell.raw))
        else:
            cells[slots[0].letter] = _cell_value(column, cell.valid, cell.value, cell.raw)
    unknown = [name[1:] for name in row.cells if name.startswith("?")]
    if unknown:
        filled.warnings.append(
            f"{layout.title}: baris {row.number} memuat kolom yang tidak dikenal ({', '.join(unknown)}); "
            "kolom itu tidak ada di buku kerja dan hilang bila buku kerja diimpor"
        )
    return cells


def write_table_sheet(
    sheet: Worksheet, layout: TableSheet, answer: Answer | None, refs: ListRefs, filled: Filled
) -> None:
    """One table question: header, hints, the existing rows, then empty rows to add more."""
    table = layout.table
    what = table.row_name or "isian"
    help_text = " ".join(
        filter(None, [table.help, f"Satu baris untuk satu {what}; tanda * berarti wajib diisi."])
    )
    _title(sheet, table.label + (" *" if table.required else ""), help_text)
    rows: list[Row] = list(answer.value) if answer is not None and isinstance(answer.value, list) else []
    if answer is not None and not answer.valid and not isinstance(answer.raw, list):
        filled.warnings.append(f"{layout.title}: isian tabel bukan daftar baris dan tidak dapat dimuat")
    last = TABLE_FIRST_ROW + len(rows) + EXTRA_ROWS - 1
    dimension = next(
        (s.letter for s in layout.slots if isinstance(s.column, RefQuestion) and s.column.ref == "dimension"),
        None,
    )
    widths = {slot.letter: 24 if slot.other_years else _width(slot.column) for slot in layout.slots}
    hints: list[tuple[object, float]] = []
    for slot in layout.slots:
        header_cell(sheet[f"{slot.letter}{TABLE_HEADER_ROW}"], slot.header)
        column = slot.column
        timeline = isinstance(column, TimelineQuestion)
        text = year_hint(slot.year) if timeline else hint(column)
        hint_cell = sheet[f"{slot.letter}{TABLE_HINT_ROW}"]
        hint_cell.value, hint_cell.font, hint_cell.alignment = text, HINT, WRAP
        hints.append((text, widths[slot.letter] * 1.2))  # the hint font is smaller
        check = validation_for(
            column,
            refs,
            dimension_cell=f"${dimension}{TABLE_FIRST_ROW}" if dimension else None,
            timeline_year=slot.year is not None,
            prompt=text,
        )
        check.add(f"{slot.letter}{TABLE_FIRST_ROW}:{slot.letter}{last}")
        sheet.add_data_validation(check)
        sheet.column_dimensions[slot.letter].width = widths[slot.letter]
    fit_row(sheet, TABLE_HEADER_ROW, [(slot.header, widths[slot.letter]) for slot in layout.slots])
    fit_row(sheet, TABLE_HINT_ROW, hints)
    for index in range(last - TABLE_FIRST_ROW + 1):
        values = _row_cells(layout, rows[index], filled) if index < len(rows) else {}
        for slot in layout.slots:
            value = values.get(slot.letter)
            put(sheet[f"{slot.letter}{TABLE_FIRST_ROW + index}"], slot.column, value, filled)
        if values:
            fit_row(sheet, TABLE_FIRST_ROW + index, [(v, widths[k]) for k, v in values.items()])
    filled.rows += len(rows)
    first_is_key = table.key is not None and table.columns[0].id == table.key
    sheet.freeze_panes = f"{'B' if first_is_key else 'A'}{TABLE_FIRST_ROW}"
    protect(sheet)


def no_formulas(workbook: Workbook) -> None:
    """Keep every text that a spreadsheet would run as a formula as text, whatever sheet it is on.

    Answers reach more than their own cells (programme names fill the code
    lists of every workbook, ``filled_by`` the cover), so the whole workbook
    is swept once before it is saved: masterplan never writes a formula.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for found in row:
                if found.data_type == "f" or needs_escape(found.value):
                    found.data_type = "s"
                    found.quotePrefix = True


def build_workbook(
    layout: FormLayout,
    contribution: Contribution | None,
    cover: CoverInfo,
    lists: list[Source],
    meta: FormMeta,
) -> tuple[Workbook, Filled]:
    """The complete workbook of ``layout`` with ``contribution``'s answers."""
    workbook = Workbook()
    filled = Filled()
    cover_sheet = workbook.active
    assert cover_sheet is not None
    cover_sheet.title = "Petunjuk"
    write_cover(cover_sheet, layout, cover)
    sheets = [workbook.create_sheet(entry.title) for entry in layout.sheets]
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    refs = write_lists(workbook, lists_sheet, lists)
    answers = contribution.answers if contribution else {}
    labels = layout.questionnaire.labels
    for sheet, entry in zip(sheets, layout.sheets, strict=True):
        if isinstance(entry, SingleSheet):
            write_single_sheet(sheet, entry, answers, refs, filled, labels)
        else:
            write_table_sheet(sheet, entry, answers.get(entry.table.id), refs, filled)
    for sheet in [cover_sheet, *sheets, lists_sheet]:
        print_setup(sheet, landscape=sheet is not cover_sheet)
    write_meta(workbook.create_sheet(META_SHEET), meta)
    no_formulas(workbook)
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.creator = "masterplan"
    workbook.properties.title = cover_sheet["A1"].value
    workbook.active = 0
    return workbook, filled
