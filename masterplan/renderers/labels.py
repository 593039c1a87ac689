"""The few fixed Indonesian words a renderer adds around the document model's texts.

Every other text comes final from the document model; these are the column
heads, caption labels and list titles that belong to the layout itself, kept
in one place so the DOCX and PDF renderers say the same.
"""

from __future__ import annotations

TABLE = "Tabel"
FIGURE = "Gambar"
CHAPTER = "BAB"
APPENDIX = "LAMPIRAN"
SOURCE = "Sumber: "
NIP = "NIP. "
DRAFT = "DRAF"
LEGEND = "Keterangan:"
NO_TABLES = "Tidak ada tabel."
NO_FIGURES = "Tidak ada gambar."
NO_HEADINGS = "Daftar isi diperbarui ketika dokumen dibuka."
MISSING_IMAGE = "[GAMBAR TIDAK DITEMUKAN: {name}]"

ROADMAP_CODE = "Kode"
ROADMAP_PROGRAMME = "Program"
ROADMAP_OPD = "Perangkat Daerah"

SCHEDULE_NUMBER = "No."
SCHEDULE_ACTIVITY = "Kegiatan"
SCHEDULE_RESPONSIBLE = "Penanggung Jawab"
SCHEDULE_MONTHS = "Bulan ke- (Tahun {year})"
