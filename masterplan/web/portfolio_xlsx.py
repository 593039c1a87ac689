"""The service's portfolio as an Excel workbook: one row per region, as the page shows it."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from masterplan.forms.workbook import no_formulas
from masterplan.workflow.state import ROMAN, STATE_LABELS

if TYPE_CHECKING:
    from masterplan.workflow.portfolio import Row

COLUMNS: list[tuple[str, float]] = [
    ("Daerah", 28), ("Provinsi", 20), ("Angkatan", 10),
    *((f"Bimtek {ROMAN[n]}", 18) for n in (1, 2, 3, 4)),
    ("Kelengkapan (%)", 13), ("Kesalahan", 10), ("Kriteria evaluasi terpenuhi", 14),
    ("Kriteria sebagian", 11), ("Catatan terbuka", 10), ("Kegiatan terakhir", 18), ("Draf terakhir", 30),
    ("Pendamping", 30), ("Keterangan", 30),
]


def portfolio_workbook(rows: list[Row], today: dt.date) -> bytes:
    """The rows as an ``.xlsx``: a title, a header row kept in view and printed on every page, filters."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Portofolio"
    sheet.append([f"Portofolio Rencana Induk Smart City per {today.isoformat()}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([name for name, _ in COLUMNS])
    header = PatternFill("solid", fgColor="EEF1F4")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = header
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        s, m = row.summary, row.measure
        sheet.append([
            s.title, s.province, row.batch,
            *(STATE_LABELS.get(s.stages.get(n, "draft"), "") for n in (1, 2, 3, 4)),
            m.completeness if m else None, m.errors if m else None, m.met if m else None,
            m.partly if m else None, s.open_notes,
            (s.last_activity or "")[:16].replace("T", " "),
            row.last_draft[0] if row.last_draft else "", ", ".join(row.mentors),
            row.held or ("kelengkapan sedang dihitung" if m is None
                         else "" if row.fresh else f"kelengkapan per {m.made_at[:16].replace('T', ' ')} UTC"),
        ])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = sheet.cell(row=2, column=len(COLUMNS)).column_letter
    sheet.auto_filter.ref = f"A2:{last}{max(2, sheet.max_row)}"
    sheet.freeze_panes = "B3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    no_formulas(book)  # a region's title or a mentor's name never runs as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
