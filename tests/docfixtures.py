"""A small but complete document model, built by hand, for the renderer tests."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from masterplan.document.model import (
    Appendix,
    BulletList,
    Chapter,
    Column,
    Cover,
    Document,
    Figure,
    FrontPage,
    Heading,
    Meta,
    PageBreak,
    Paragraph,
    Placeholder,
    QuickWinSchedule,
    RoadmapGrid,
    RoadmapRow,
    ScheduleActivity,
    Section,
    Signature,
    Signatures,
    StatusStyle,
    Table,
    TableRow,
)

REPO = Path(__file__).resolve().parent.parent
EMBLEM = REPO / "examples" / "sukamaju" / "assets" / "lambang-sukamaju.png"
YEARS = list(range(2027, 2037))
LEGEND = [
    StatusStyle(code="persiapan", label="Persiapan", shade="FFE699"),
    StatusStyle(code="pembangunan", label="Pembangunan", shade="9DC3E6"),
    StatusStyle(code="operasional", label="Operasional", shade="A9D18E"),
]
CHAPTER_TITLES = [
    "PENDAHULUAN",
    "GAMBARAN UMUM DAERAH",
    "ANALISIS STRATEGIS",
    "VISI, MISI DAN ARAH PEMBANGUNAN SMART CITY",
    "RENCANA PEMBANGUNAN SMART CITY",
    "RENCANA AKSI DAN PETA JALAN",
    "PENUTUP",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]

BUPATI = Signature(position="BUPATI SUKAMAJU", name="H. Ahmad Sulaiman, S.H., M.Si.")
KETUA_TIM = Signature(
    position="KEPALA DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN SUKAMAJU selaku KETUA TIM PELAKSANA SMART CITY",
    name="Dr. Siti Rahmawati, S.Kom., M.T.",
    rank="Pembina Utama Muda (IV/c)",
    nip="19700512 199603 1 004",
)


def _years(*spans: tuple[str, int, int]) -> list[str | None]:
    """Statuses per year of the period from (status, first year index, last year index) spans."""
    statuses: list[str | None] = [None] * len(YEARS)
    for status, first, last in spans:
        for index in range(first, last + 1):
            statuses[index] = status
    return statuses


def sample_document(tmp_path: Path, mode: str = "draft", paper: str = "A4") -> Document:
    """Every kind of block once or twice, in the shape ``assemble`` gives (emblem copied to ``tmp_path``)."""
    assets = tmp_path / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    emblem = assets / EMBLEM.name
    shutil.copyfile(EMBLEM, emblem)
    lorem = (
        "Kabupaten Sukamaju menyusun Rencana Induk Smart City sebagai pedoman pembangunan kota cerdas "
        "yang terarah, terukur dan berkelanjutan selama sepuluh tahun."
    )
    chapters = [
        Chapter(
            number="I",
            title=CHAPTER_TITLES[0],
            sections=[
                Section(number="1.1", title="Latar Belakang", blocks=[
                    Paragraph(text=lorem),
                    BulletList(items=["Layanan publik yang cepat.", "Data yang terpadu."]),
                ]),
                Section(number="1.2", title="Maksud dan Tujuan", blocks=[
                    Paragraph(text="Tujuan penyusunan:", style="lead"),
                    BulletList(items=["Menetapkan arah.", "Menyusun program."], ordered=True),
                ]),
                Section(number="1.3", title="Landasan Hukum", blocks=[
                    BulletList(items=["UU 23/2014 Pemerintahan Daerah.", "Perpres 95/2018 SPBE."], ordered=True),
                ]),
            ],
        ),
        Chapter(
            number="II",
            title=CHAPTER_TITLES[1],
            sections=[
                Section(number="2.1", title="Kondisi Geografis", blocks=[
                    Figure(number="2.1", caption="Lambang Kabupaten Sukamaju", source="Pemerintah Kabupaten Sukamaju",
                           path=str(emblem), width_cm=4.0),
                    Paragraph(text="Luas wilayah 1.234 km² dengan 12 kecamatan."),
                ]),
                Section(number="2.2", title="Kondisi Demografi dan Sosial", blocks=[
                    Placeholder(question="demography", label="Kondisi demografi", stage=1),
                ]),
            ],
        ),
        Chapter(
            number="III",
            title=CHAPTER_TITLES[2],
            sections=[
                Section(number="3.1", title="Analisis SWOT", blocks=[
                    Table(
                        number="3.1", caption="Matriks SWOT", source="Bimtek 1, diolah",
                        columns=[Column(title="Kekuatan", width=1), Column(title="Kelemahan", width=1)],
                        rows=[TableRow(cells=["Jaringan serat optik", "SDM TIK terbatas"])],
                    ),
                ]),
            ],
        ),
        Chapter(
            number="IV",
            title=CHAPTER_TITLES[3],
            blocks=[Paragraph(text="Bab ini memuat visi dan misi.", style="center")],
            sections=[
                Section(number="4.1", title="Strategi per Dimensi", blocks=[
                    Heading(level=3, number="4.1.1", text="Smart Governance"),
                    Paragraph(text="Tata kelola pemerintahan yang efektif."),
                    Heading(level=4, text="Sasaran"),
                    Paragraph(text="Catatan: sasaran dirinci pada Bab V.", style="note"),
                ]),
            ],
        ),
        Chapter(
            number="V",
            title=CHAPTER_TITLES[4],
            sections=[
                Section(number="5.1", title="Program Pembangunan per Dimensi", blocks=[
                    Table(
                        number="5.1", caption="Program Smart Governance", source="Bimtek 2, diolah",
                        columns=[
                            Column(title="Kode", width=1),
                            Column(title="Program", width=4),
                            Column(title="OPD", width=1.5),
                            Column(title="Pagu Indikatif", width=2, align="right"),
                        ],
                        rows=[
                            TableRow(cells=["SG-LAYANAN Layanan Publik"], group=True),
                            TableRow(cells=["SG-01", "Mal Pelayanan Publik Digital", "DPMPTSP", "Rp 1.500.000.000"]),
                            TableRow(cells=["SG-02", "Aplikasi Pengaduan Terpadu", "Diskominfo", "Rp 350.000.000"]),
                            TableRow(cells=["SG-BIROKRASI Manajemen Birokrasi"], group=True),
                            TableRow(cells=["SG-03", "Kepegawaian Digital", "BKPSDM", "Rp 400.000.000"]),
                        ],
                    ),
                ]),
            ],
        ),
        Chapter(
            number="VI",
            title=CHAPTER_TITLES[5],
            sections=[
                Section(number="6.1", title="Rencana Aksi", blocks=[Paragraph(text="Rencana aksi dalam empat kategori.")]),
                Section(number="6.2", title="Peta Jalan Program", landscape=True, blocks=[
                    RoadmapGrid(
                        number="6.1", caption="Peta Jalan Smart Governance", source="Bimtek 3, diolah",
                        years=YEARS, legend=LEGEND,
                        rows=[
                            RoadmapRow(code="SG-01", name="Mal Pelayanan Publik Digital", opd="DPMPTSP",
                                       group="Layanan Publik",
                                       statuses=_years(("persiapan", 0, 0), ("pembangunan", 1, 2), ("operasional", 3, 9))),
                            RoadmapRow(code="SG-02", name="Aplikasi Pengaduan Terpadu", opd="Diskominfo",
                                       group="Layanan Publik",
                                       statuses=_years(("pembangunan", 0, 0), ("operasional", 1, 9))),
                            RoadmapRow(code="SG-03", name="Kepegawaian Digital", opd="BKPSDM",
                                       group="Manajemen Birokrasi",
                                       statuses=_years(("persiapan", 2, 3), ("pembangunan", 4, 5), ("operasional", 6, 9))),
                        ],
                    ),
                ]),
                Section(number="6.3", title="Rencana Quick Win Tahun Pertama", blocks=[
                    Heading(level=3, number="6.3.1", text="QW-01 Mal Pelayanan Publik Digital"),
                    QuickWinSchedule(
                        number="6.2", caption="Jadwal Quick Win QW-01", source="Bimtek 4, diolah", year=2027,
                        activities=[
                            ScheduleActivity(activity="Penyusunan kerangka acuan", start=1, end=2, responsible="DPMPTSP"),
                            ScheduleActivity(activity="Pengadaan perangkat", start=3, end=6, responsible="Diskominfo"),
                            ScheduleActivity(activity="Peluncuran layanan", start=10, end=12),
                        ],
                    ),
                ]),
            ],
        ),
        Chapter(
            number="VII",
            title=CHAPTER_TITLES[6],
            sections=[
                Section(number="7.1", title="Kaidah Pelaksanaan", blocks=[
                    Paragraph(text="Rencana induk ini menjadi acuan seluruh perangkat daerah."),
                    PageBreak(),
                    Paragraph(text="Hal-hal yang belum diatur ditetapkan kemudian."),
                ]),
            ],
        ),
    ]
    commitment = [
        Signature(position="KEPALA BAPPEDA", name="Ir. Bambang Wijaya, M.T.", rank="Pembina Utama Muda (IV/c)",
                  nip="19680203 199403 1 002"),
        Signature(position="KEPALA DINAS KESEHATAN", name="dr. Ratna Dewi, M.Kes.", rank="Pembina Tingkat I (IV/b)",
                  nip="19750815 200212 2 001"),
        Signature(position="KEPALA DPMPTSP", name="Drs. Agus Salim", rank="Pembina (IV/a)",
                  nip="19720101 199803 1 005"),
        Signature(position="KEPALA BKPSDM", name="Hj. Nur Aini, S.Sos.", rank="Pembina (IV/a)",
                  nip="19780420 200501 2 003"),
    ]
    return Document(
        meta=Meta(
            title="Rencana Induk (Masterplan) Smart City Kabupaten Sukamaju 2027–2036",
            subject="Rencana Induk Smart City Kabupaten Sukamaju Tahun 2027–2036",
            region="Kabupaten Sukamaju",
            slug="kabupaten-sukamaju",
            author="Pemerintah Kabupaten Sukamaju",
            build_date=dt.date(2026, 11, 19),
            mode="final" if mode == "final" else "draft",
            paper="F4" if paper == "F4" else "A4",
            version="masterplan 0.1.0; kuesioner 1",
        ),
        cover=Cover(
            title="RENCANA INDUK (MASTERPLAN) SMART CITY",
            region="KABUPATEN SUKAMAJU",
            period="2027–2036",
            lines=["PEMERINTAH KABUPATEN SUKAMAJU", "2026"],
            emblem=str(emblem),
            band=["2E75B6", "C55A11", "BF8F00", "548235", "7030A0", "00868B"],
            programme="GERAKAN MENUJU 100 SMART CITY",
        ),
        front=[
            FrontPage(role="approval", title="LEMBAR PENGESAHAN", blocks=[
                Paragraph(text="RENCANA INDUK (MASTERPLAN) SMART CITY", style="center"),
                Paragraph(text="KABUPATEN SUKAMAJU", style="center"),
                Signatures(place_date="Sukamaju, 19 November 2026", blocks=[KETUA_TIM]),
                Signatures(intro="Mengetahui,", blocks=[BUPATI]),
            ]),
            FrontPage(role="foreword", title="KATA PENGANTAR", blocks=[
                Paragraph(text="Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa."),
                Signatures(place_date="Sukamaju, 19 November 2026", blocks=[BUPATI]),
            ]),
            FrontPage(role="toc", title="DAFTAR ISI"),
            FrontPage(role="tables", title="DAFTAR TABEL"),
            FrontPage(role="figures", title="DAFTAR GAMBAR"),
        ],
        chapters=chapters,
        appendices=[
            Appendix(number="1", title="Lembar Komitmen", blocks=[
                Paragraph(text="Kami yang bertanda tangan di bawah ini berkomitmen melaksanakan rencana induk ini."),
                Signatures(place_date="Sukamaju, 19 November 2026", columns=2, blocks=commitment),
            ]),
            Appendix(number="2", title="Lembar Program", blocks=[
                Heading(level=3, text="Smart Governance"),
                Paragraph(text="Program SG-01 Satu Data Sukamaju dipimpin Diskominfo."),
                PageBreak(),
                Heading(level=3, text="Smart Economy"),
                Paragraph(text="Program SE-01 Pasar Digital dipimpin Dinas Perdagangan."),
            ]),
        ],
    )
