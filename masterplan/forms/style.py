"""Fonts, fills, borders and protection shared by every sheet of a questionnaire workbook."""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

TITLE = Font(bold=True, size=14)
SUBTITLE = Font(bold=True, size=11)
HEADER = Font(bold=True)
HINT = Font(italic=True, size=9, color="595959")
ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
"""Light yellow: the cells a person fills."""
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
_THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
UNLOCKED = Protection(locked=False)

_PRINTABLE_WIDTH = 220
_CHARS_PER_WIDTH = 1.2
_LINE_HEIGHT = 15
_MAX_HEIGHT = 409


def protect(sheet: Worksheet) -> None:
    """Lock the sheet's structure cells (no password); columns and rows may still be resized."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False


def header_cell(cell: Cell, text: str) -> None:
    """A bold, shaded, wrapped header."""
    cell.value = text
    cell.font = HEADER
    cell.fill = HEADER_FILL
    cell.alignment = WRAP
    cell.border = GRID


def print_setup(sheet: Worksheet, landscape: bool = True) -> None:
    """Print on A4; a sheet not much wider than a page is fitted to its width."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    width = sum(dimension.width or 9 for dimension in sheet.column_dimensions.values())
    if width <= _PRINTABLE_WIDTH:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0


def fit_row(sheet: Worksheet, row: int, cells: list[tuple[object, float]]) -> None:
    """Set the height of ``row`` so that wrapped text shows whole (spreadsheets do not always do it).

    ``cells`` holds each wrapped cell's value and its column width.
    """
    lines = 1
    for value, width in cells:
        if value is None:
            continue
        per_line = max(int(width * _CHARS_PER_WIDTH), 1)
        needed = sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n"))
        lines = max(lines, needed)
    if lines > 1:
        sheet.row_dimensions[row].height = min(_LINE_HEIGHT * lines + 2, _MAX_HEIGHT)
