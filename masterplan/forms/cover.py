"""The cover sheet: who the workbook is for, until when, and how to fill it, in Indonesian."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.worksheet.worksheet import Worksheet

from masterplan.formatting import tanggal
from masterplan.forms.layout import LISTS_SHEET, FormLayout, SingleSheet
from masterplan.forms.style import (
    ANSWER_FILL,
    GRID,
    HEADER,
    SUBTITLE,
    TITLE,
    UNLOCKED,
    WRAP,
    fit_row,
    protect,
)
from masterplan.forms.values import TEXT_FORMAT
from masterplan.models.region import Region

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FILLED_BY_LABEL = "Diisi oleh (nama dan jabatan)"
FILLED_BY_ROW = 10
FILLED_BY_CELL = f"B{FILLED_BY_ROW}"
"""The one answer cell of the cover: ``filled_by`` of the answers file."""


@dataclass(frozen=True)
class CoverInfo:
    """What the cover says besides the layout."""

    region: Region
    contributor: str
    """"DINKES - Dinas Kesehatan" or "Tim Koordinator"."""
    file: str
    """The answers file the workbook fills: ``answers/bimtek-2/dinkes.yaml``."""
    exported: dt.datetime
    filled_by: str | None


def instructions(deadline: dt.date | None) -> list[str]:
    """The numbered filling instructions."""
    return [
        "Isi hanya sel berwarna kuning. Sel lain dikunci agar susunan buku kerja tetap utuh; "
        "lebar kolom dan tinggi baris boleh diubah.",
        "Setiap bagian kuesioner ada di lembar tersendiri (kolom Jawaban), dan setiap tabel di lembarnya "
        "sendiri: satu baris untuk satu isian. Tanda * berarti wajib diisi.",
        "Pilih dari daftar turun (drop-down) bila tersedia. Arti setiap kode ada di lembar "
        f'"{LISTS_SHEET}". Beberapa pilihan dalam satu sel (misalnya sumber dana atau OPD pendukung) '
        "ditulis dengan koma: APBD, CSR.",
        "Rupiah dan bilangan lain ditulis sebagai angka, misalnya 150000000; pemisah ribuan "
        "ditampilkan otomatis. Tanggal ditulis seperti 15/03/2026.",
        "Jangan memakai rumus (=...). Sel berisi rumus membuat seluruh buku kerja ditolak saat diimpor. "
        "Teks yang diawali =, +, - atau @ tetap boleh ditulis di sel teks dan tersimpan apa adanya.",
        "Untuk menghapus satu baris tabel, kosongkan seluruh isinya. Baris kosong diabaikan.",
        "Jangan mengganti nama lembar atau menyisipkan kolom, dan simpan tetap sebagai .xlsx "
        "(bukan .xls, .xlsm atau .ods).",
        "Isian yang belum sesuai tetap disimpan apa adanya saat diimpor, lalu dilaporkan per sel "
        "(misalnya Daftar program!V7) agar dapat diperbaiki dan diimpor ulang.",
        "Kirim kembali berkas ini kepada koordinator Tim Pelaksana"
        + (f" paling lambat {tanggal(deadline)}." if deadline else "."),
    ]


def write_cover(sheet: Worksheet, layout: FormLayout, info: CoverInfo) -> None:
    """Fill the cover sheet; only the "filled by" cell is open for input."""
    questionnaire = layout.questionnaire
    stage = questionnaire.stage
    region = info.region
    sheet["A1"] = f"Kuesioner Bimtek {ROMAN.get(stage, stage)}: {questionnaire.title}"
    sheet["A1"].font = TITLE
    sheet["A2"] = f"Rencana Induk Smart City {region.title}, Provinsi {region.province}"
    sheet["A2"].font = SUBTITLE
    facts = [
        ("Daerah", region.title),
        ("Tahap", f"Bimtek {ROMAN.get(stage, stage)}: {questionnaire.title}"),
        ("Pengisi", info.contributor),
        ("Berkas jawaban", info.file),
        ("Versi kuesioner", questionnaire.version),
        ("Batas pengisian", tanggal(region.deadline) if region.deadline else "(tidak ditetapkan)"),
        ("Dibuat", f"{tanggal(info.exported.date())}, pukul {info.exported:%H.%M}"),
    ]
    for offset, (label, value) in enumerate(facts):
        sheet.cell(row=3 + offset, column=1, value=label).font = HEADER
        sheet.cell(row=3 + offset, column=2, value=value)
    sheet.cell(row=FILLED_BY_ROW, column=1, value=FILLED_BY_LABEL).font = HEADER
    answer = sheet[FILLED_BY_CELL]
    answer.value = info.filled_by
    answer.number_format = TEXT_FORMAT
    answer.fill = ANSWER_FILL
    answer.border = GRID
    answer.protection = UNLOCKED
    row = FILLED_BY_ROW + 2
    sheet.cell(row=row, column=1, value="Petunjuk pengisian").font = SUBTITLE
    for number, text in enumerate(instructions(region.deadline), start=1):
        row += 1
        sheet.cell(row=row, column=1, value=f"{number}.").alignment = WRAP
        sheet.cell(row=row, column=2, value=text).alignment = WRAP
        fit_row(sheet, row, [(text, 100)])
    row += 2
    sheet.cell(row=row, column=1, value="Isi buku kerja").font = SUBTITLE
    for entry in layout.sheets:
        row += 1
        what = f"bagian {entry.section.title}" if isinstance(entry, SingleSheet) else "tabel"
        sheet.cell(row=row, column=1, value=entry.title).alignment = WRAP
        text = f"{what}: " + ", ".join(_questions(entry))
        sheet.cell(row=row, column=2, value=text).alignment = WRAP
        fit_row(sheet, row, [(text, 100)])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    protect(sheet)


def _questions(entry: object) -> list[str]:
    if isinstance(entry, SingleSheet):
        return [q.label for q in entry.questions]
    table = getattr(entry, "table", None)
    return [table.label] if table is not None else []
