"""The Bappeda matrix (book ``matriks``): the plan's tables as a workbook for a planning system.

One sheet per table, values as values (Rupiah and targets are numbers with a
number format, years are numbers, choices are their labels), a frozen header
row with filters, and no formula anywhere: what a cell says is what the
answers say, so a planner never trusts a calculation blindly. Text that a
spreadsheet would read as a formula stays text. The programmes are those the
Rencana Induk keeps (cancelled at re-confirmation: left out), in its order.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from masterplan.checks.plan import Plan
from masterplan.document.assembly import Assembly
from masterplan.document.outline import load_outline, text_dirs
from masterplan.formatting import Wording

RUPIAH_FORMAT = '"Rp "#,##0'
NUMBER_FORMAT = "#,##0.##"

Column = tuple[str, float, str | None]  # title, width, number format


def write_matrix(plan: Plan, path: Path, workspace: Path | None, build_date: dt.date, draft: bool) -> Path:
    """Write the matrix of ``plan`` to ``path`` (atomically); its path."""
    from openpyxl import Workbook

    from masterplan.fileio import atomic_write_bytes
    from masterplan.forms.workbook import no_formulas

    a = Assembly(plan=plan, wording=Wording.of(plan.region), outline=load_outline(workspace),
                 dirs=text_dirs(workspace), build_date=build_date, mode="draft" if draft else "final",
                 workspace=workspace)
    book = Workbook()
    book.remove(book.active)
    years = list(range(plan.region.period.start, plan.region.period.end + 1))
    for title, columns, rows in (_programmes(a, years), _budget(a), _roadmap(a, years), _actions(a),
                                 _quick_wins(a)):
        _sheet(book, title, columns, rows)
    no_formulas(book)
    status = "DRAF " if draft else ""
    book.properties.title = f"{status}Matriks Program Rencana Induk Smart City {a.wording.daerah}"
    book.properties.creator = "masterplan"
    book.properties.created = book.properties.modified = dt.datetime.combine(build_date, dt.time())
    out = io.BytesIO()
    book.save(out)
    atomic_write_bytes(path, out.getvalue())
    return path


def _sheet(book: Any, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append([name for name, _, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3864")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    count = 0
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        count += 1
    for index, (_, width, number_format) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][1:] if number_format else []:
            cell.number_format = number_format
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _text(value: Any) -> str | None:
    return None if value is None else " ".join(str(value).split())


def _programmes(a: Assembly, years: list[int]) -> tuple[str, list[Column], Iterable[list[Any]]]:
    targets: dict[str, dict[int, Any]] = {}
    for row in a.rows(3, "indicator_targets"):
        if row.get("program") and isinstance(row.get("year"), int):
            targets.setdefault(str(row.get("program")).upper(), {})[row.get("year")] = row.get("target")
    columns: list[Column] = [
        ("Kode", 10, None), ("Nama program", 40, None), ("Dimensi", 18, None), ("Subdimensi", 22, None),
        ("OPD penanggung jawab", 14, None), ("OPD pendukung", 18, None), ("Misi RPJMD", 8, None),
        ("Program Renstra", 30, None), ("Indikator kinerja", 36, None), ("Jenis indikator", 12, None),
        ("Satuan", 12, None), ("Kondisi awal", 12, NUMBER_FORMAT),
        *((f"Target {year}", 11, NUMBER_FORMAT) for year in years),
        ("Target akhir periode", 12, NUMBER_FORMAT), ("Pagu indikatif", 20, RUPIAH_FORMAT),
        ("Sumber dana", 18, None), ("Jangka waktu", 14, None), ("Lokasi", 24, None),
    ]
    rows = (
        [
            r.get("code"), _text(r.get("name")), a.dimension_label(r.get("dimension")),
            a.subdimension_label(r.get("subdimension")), a.opd_short(r.get("opd")),
            ", ".join(a.opd_short(o) for o in r.get("supporting_opds") or []) or None, r.get("rpjmd_mission"),
            _text(r.get("renstra_program")), _text(r.get("indicator")),
            a.label("indicator_kinds", r.get("indicator_kind")) if r.get("indicator_kind") else None,
            _text(r.get("unit")), r.get("baseline"),
            *(targets.get(str(r.get("code")).upper(), {}).get(year) for year in years),
            r.get("target"), r.get("budget"), a.labels("funding_sources", r.get("funding")),
            a.label("horizons", r.get("horizon")) if r.get("horizon") else None, _text(r.get("location")),
        ]
        for r in a.programmes_in_order
    )
    return "Program", columns, rows


def _budget(a: Assembly) -> tuple[str, list[Column], Iterable[list[Any]]]:
    columns: list[Column] = [("Kode", 10, None), ("Nama program", 40, None), ("Tahun", 8, "0"),
                             ("Sumber dana", 16, None), ("Jumlah", 20, RUPIAH_FORMAT)]
    rows = (
        [line.get("program"), _text(programme.get("name")), line.get("year"),
         a.label("funding_sources", line.get("source")), line.get("amount")]
        for programme in a.programmes_in_order
        for line in sorted(a.budget_lines.get(str(programme.get("code")).upper(), []),
                           key=lambda x: (x.get("year") or 0, str(x.get("source") or "")))
    )
    return "Pagu per Tahun", columns, rows


def _roadmap(a: Assembly, years: list[int]) -> tuple[str, list[Column], Iterable[list[Any]]]:
    lines = {str(line.get("program")).upper(): line for line in a.rows(3, "roadmap")}
    columns: list[Column] = [("Kode", 10, None), ("Nama program", 40, None), ("Dimensi", 18, None),
                             *((str(year), 14, None) for year in years)]
    rows = []
    for programme in a.programmes_in_order:
        line = lines.get(str(programme.get("code")).upper())
        statuses = line.get("years") if line is not None and isinstance(line.get("years"), dict) else {}
        dimension = a.dimension_label(programme.get("dimension"))
        rows.append([
            programme.get("code"), _text(programme.get("name")), dimension,
            *(a.label("roadmap_status", statuses[year]) if statuses.get(year) else None for year in years),
        ])
    return "Peta Jalan", columns, rows


def _actions(a: Assembly) -> tuple[str, list[Column], Iterable[list[Any]]]:
    columns: list[Column] = [
        ("Kode", 10, None), ("Kategori", 16, None), ("Program", 10, None), ("Aksi", 36, None),
        ("Keluaran", 30, None), ("Indikator dan target", 30, None), ("OPD", 14, None),
        ("Tahun mulai", 10, "0"), ("Tahun selesai", 10, "0"), ("Anggaran", 20, RUPIAH_FORMAT),
        ("Sumber dana", 16, None), ("Status", 14, None),
    ]
    rows = (
        [r.get("code"), a.label("action_categories", r.get("category")) if r.get("category") else None,
         r.get("program"), _text(r.get("action")), _text(r.get("output")), _text(r.get("indicator")),
         a.opd_short(r.get("opd")), r.get("start_year"), r.get("end_year"), r.get("budget"),
         a.labels("funding_sources", r.get("funding")) if r.get("funding") else None,
         a.label("action_status", r.get("status")) if r.get("status") else None]
        for r in a.rows(3, "action_plans")
    )
    return "Rencana Aksi", columns, rows


def _quick_wins(a: Assembly) -> tuple[str, list[Column], Iterable[list[Any]]]:
    columns: list[Column] = [
        ("Kode", 10, None), ("Nama quick win", 40, None), ("Program", 10, None), ("OPD", 14, None),
        ("Tahun", 8, "0"), ("Anggaran", 20, RUPIAH_FORMAT), ("Sumber dana", 16, None),
        ("Indikator keberhasilan", 36, None), ("Target 12 bulan", 36, None),
    ]
    rows = (
        [r.get("code"), _text(r.get("name")), r.get("program"), a.opd_short(r.get("opd")),
         a.plan.quick_win_year(r), r.get("budget"), a.labels("funding_sources", r.get("funding")),
         _text(r.get("success_indicator")), _text(r.get("target"))]
        for members in a.plan.quick_win_years().values()
        for r in members
    )
    return "Quick Win", columns, rows
