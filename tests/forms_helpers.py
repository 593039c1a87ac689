"""Helpers for the workbook tests: cell addresses from the layout, editing workbooks, hand-made XLSX files."""

from __future__ import annotations

import shutil
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import openpyxl

from masterplan.answers.definitions import load_definitions
from masterplan.forms.layout import FormLayout, SingleSheet, TableSheet, form_layout
from masterplan.forms.safety import XLSX_MAIN

YEARS = tuple(range(2027, 2037))
"""The example's period."""


def layout(stage: int) -> FormLayout:
    """The layout of a stage's workbook for the example."""
    return form_layout(load_definitions().stage(stage), YEARS)


def table_cell(stage: int, table: str, column: str, row: int, year: int | None = None) -> str:
    """``Daftar program!U5``: the cell of ``column`` in data row ``row`` (1-based) of ``table``."""
    for sheet in layout(stage).sheets:
        if isinstance(sheet, TableSheet) and sheet.table.id == table:
            slot = next(s for s in sheet.slots if s.column.id == column and (year is None or s.year == year))
            return f"{sheet.title}!{slot.letter}{4 + row}"
    raise KeyError(table)


def other_years_cell(stage: int, table: str, column: str, row: int) -> str:
    """The "(tahun lain)" cell of a timeline column."""
    for sheet in layout(stage).sheets:
        if isinstance(sheet, TableSheet) and sheet.table.id == table:
            slot = next(s for s in sheet.slots if s.column.id == column and s.other_years)
            return f"{sheet.title}!{slot.letter}{4 + row}"
    raise KeyError(table)


def single_cell(stage: int, question: str) -> str:
    """``Profil Daerah!C8``: the answer cell of a single question."""
    for sheet in layout(stage).sheets:
        if isinstance(sheet, SingleSheet):
            for index, found in enumerate(sheet.questions):
                if found.id == question:
                    return f"{sheet.title}!C{sheet.row_of(index)}"
    raise KeyError(question)


def load(path: Path) -> openpyxl.Workbook:
    """Open a workbook fully (styles, validations), without openpyxl's notes on extensions."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


def cell(workbook: openpyxl.Workbook, ref: str) -> Any:
    """The cell at ``Sheet!A1``."""
    sheet, coordinate = ref.rsplit("!", 1)
    return workbook[sheet][coordinate]


def edit(
    path: Path, changes: dict[str, Any], *, text: Iterable[str] = (), target: Path | None = None
) -> Path:
    """Type ``changes`` (``Sheet!A1`` -> value) into the workbook, as a person would, and save it.

    Refs in ``text`` are stored as text even when they start with ``=`` (a
    cell formatted as Text, or typed with a leading apostrophe).
    """
    workbook = load(path)
    literal = set(text)
    for ref, value in changes.items():
        found = cell(workbook, ref)
        found.value = value
        if ref in literal:
            found.data_type = "s"
    out = target or path
    workbook.save(out)
    return out


def set_meta(path: Path, **values: str) -> None:
    """Change entries of the hidden metadata sheet."""
    workbook = load(path)
    sheet = workbook["_masterplan"]
    for row in sheet.iter_rows():
        if row[0].value in values:
            row[1].value = values[row[0].value]
    workbook.save(path)


def copy(path: Path, target: Path) -> Path:
    """A copy of ``path`` at ``target``."""
    shutil.copyfile(path, target)
    return target


# --- hand-made packages for hostile files ---------------------------------------------------

_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Lembar1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def content_types(main: str = XLSX_MAIN, extra: str = "") -> str:
    """A ``[Content_Types].xml`` whose workbook part has content type ``main``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        f"{extra}</Types>"
    )


def package(
    path: Path,
    sheet: Iterable[bytes] = (SHEET_HEAD, SHEET_TAIL),
    *,
    types: str | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A minimal XLSX whose single sheet is streamed from ``sheet`` (so huge sheets cost no memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types or content_types())
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            for chunk in sheet:
                stream.write(chunk)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def many_rows(count: int, per_chunk: int = 20_000) -> Iterator[bytes]:
    """A sheet of ``count`` one-cell rows, in chunks."""
    yield SHEET_HEAD
    row = b"<row><c><v>1</v></c></row>"
    for start in range(0, count, per_chunk):
        yield row * min(per_chunk, count - start)
    yield SHEET_TAIL
