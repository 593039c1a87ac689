"""Reading a workbook's cells: streamed, bounded, formulas refused and never evaluated.

openpyxl reads in read-only mode (one row at a time) with ``data_only=False``,
so a formula arrives as its text and a cached result is never used. Every
sheet is read up to :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns; a
sheet with more rows is refused as soon as the limit is passed, whatever its
``<dimension>`` claims.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from masterplan.forms.errors import FormRefused
from masterplan.forms.safety import MAX_ROWS, too_many_rows

MAX_COLUMNS = 200
MAX_LISTED = 10
"""Formula cells named in a refusal; the rest are counted."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class SheetCells:
    """The non-empty cells of one sheet: (row, column) -> value, 1-based."""

    title: str
    values: dict[tuple[int, int], Any] = field(default_factory=dict)

    def get(self, row: int, column: int) -> Any:
        """The value at ``row``, ``column`` (``None`` when empty)."""
        return self.values.get((row, column))


@dataclass
class WorkbookCells:
    """Every sheet's cells, in workbook order, and notes on what was cleaned."""

    sheets: dict[str, SheetCells]
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(``Sheet!A1``, what was done) for characters removed from text."""


def _refuse_formulas(found: list[str], name: str) -> None:
    listed = ", ".join(found[:MAX_LISTED])
    more = f" dan {len(found) - MAX_LISTED} sel lainnya" if len(found) > MAX_LISTED else ""
    raise FormRefused(
        f"{name} ditolak karena berisi rumus di {listed}{more}; rumus tidak dijalankan dan tidak diterima. "
        "Ganti setiap rumus dengan nilainya (salin, lalu Tempel Khusus > Nilai), atau awali teks dengan "
        "tanda petik (') bila memang teks, lalu impor ulang"
    )


def read_cells(data: bytes, name: str) -> WorkbookCells:
    """Every sheet's values from the XLSX ``data`` (already checked by :mod:`masterplan.forms.safety`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions are not for people
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
            try:
                return _read(workbook, name)
            finally:
                workbook.close()
    except FormRefused:
        raise
    except Exception as error:  # hostile or broken XML: whatever openpyxl raises, the file is refused
        raise FormRefused(
            f"{name} tidak dapat dibaca sebagai buku kerja .xlsx ({type(error).__name__}: {error}); "
            "simpan ulang dari Excel atau LibreOffice"
        ) from error


def _read(workbook: Any, name: str) -> WorkbookCells:
    result = WorkbookCells(sheets={})
    formulas: list[str] = []
    for sheet in workbook.worksheets:
        title = sheet.title
        cells = SheetCells(title)
        sheet.reset_dimensions()  # a <dimension> element may lie; read what is there
        for count, row in enumerate(sheet.iter_rows(), start=1):
            if count > MAX_ROWS:
                raise too_many_rows(name, title)
            for index, cell in enumerate(row[:MAX_COLUMNS], start=1):
                value = getattr(cell, "value", None)
                if value is None:
                    continue
                where = f"{title}!{get_column_letter(index)}{count}"
                if getattr(cell, "data_type", None) == "f":
                    formulas.append(where)
                    continue
                if isinstance(value, str) and _CONTROL.search(value):
                    value = _CONTROL.sub("", value)
                    result.notes.append((where, "karakter kendali dihapus dari teks"))
                cells.values[(count, index)] = value
        result.sheets[title] = cells
    if formulas:
        _refuse_formulas(formulas, name)
    return result
