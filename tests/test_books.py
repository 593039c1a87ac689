"""Companion books from the same answers: the Ringkasan Eksekutif, `--book`, a workspace's own book."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROOTS, copy_root

from masterplan import api
from masterplan.cli import main
from masterplan.errors import WorkflowError

DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ringkasan")
    result = api.build(EXAMPLE, fmt="all", outdir=out, build_date=DAY, libreoffice=False, book="ringkasan")
    assert result.warnings == [], "nobody is expected to sign a summary"
    return {path.suffix: path for path in result.files}


def test_the_books_of_a_workspace_are_listed_main_first():
    assert api.book_names(EXAMPLE) == [
        "rencana-induk", "analisis", "evaluasi", "perbup", "poster", "quickwin", "ringkasan", "slides",
        "matriks",
    ]


def test_the_executive_summary_is_a_short_book_of_its_own(summary: dict[str, Path]):
    assert summary[".pdf"].name == "kabupaten-sukamaju-ringkasan-draf.pdf"
    reader = pypdf.PdfReader(str(summary[".pdf"]))
    assert 8 <= len(reader.pages) <= 12, len(reader.pages)
    assert reader.metadata.title == "Ringkasan Eksekutif Rencana Induk (Masterplan) Smart City Kabupaten Sukamaju 2027–2036"
    cover = reader.pages[0].extract_text()
    assert "RINGKASAN EKSEKUTIF RENCANA INDUK" in cover and "LAMPIRAN" not in cover, "not the Perbup's Lampiran"
    text = " ".join(page.extract_text() for page in reader.pages)
    for heading in ("GAMBARAN UMUM", "VISI DAN MISI SMART CITY", "PROGRAM DAN PEMBIAYAAN", "PETA JALAN DAN QUICK WIN",
                    "KOMITMEN"):
        assert heading in text
    assert "memuat 70 program pada enam dimensi smart city" in " ".join(text.split())
    assert "Rekapitulasi Program dan Pagu Indikatif per Dimensi" in text and "Ikhtisar Peta Jalan Program" in text
    assert all(f"QW-0{n}" in text for n in range(1, 7))
    assert "ditandatangani di Sukamaju pada 19 November 2026 oleh 23 pejabat" in " ".join(text.split())
    for absent in ("Catatan Reviu Pendamping", "Catatan Pemeriksaan", "Peta Wilayah Administrasi", "LEMBAR PENGESAHAN"):
        assert absent not in text, absent


def test_book_one_is_the_strategic_analysis_in_full_with_its_own_pengesahan():
    model, _ = api.document(EXAMPLE, build_date=DAY, book="analisis")
    assert model.meta.title.startswith("Buku I Analisis Strategis Rencana Induk (Masterplan) Smart City")
    assert [c.title for c in model.chapters] == [
        "PENDAHULUAN", "GAMBARAN UMUM DAERAH", "ANALISIS STRATEGIS", "VISI DAN MISI SMART CITY",
    ]
    assert [p.role for p in model.front][:2] == ["approval", "toc"]
    assert [a.title for a in model.appendices] == ["Kelembagaan Smart City", "Salinan Dokumen"]
    sections = [s.title for c in model.chapters for s in c.sections]
    assert "Analisis SWOT" in sections and "Isu Strategis" in sections
    assert "Program Pembangunan per Dimensi" not in sections
    assert model.cover.adoption == [] and model.review == []


def test_word_and_pdf_of_the_summary_have_the_same_headings(summary: dict[str, Path]):
    word = docx.Document(str(summary[".docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading") and p.text]
    pdf = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(summary[".pdf"])).pages)
    assert len(headings) >= 15
    for heading in headings:
        assert " ".join(heading.split()) in pdf, heading


def test_book_on_the_command_line_all_and_unknown(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(EXAMPLE), "--book", "all", "-o", str(tmp_path), "--no-libreoffice",
                                  "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kabupaten-sukamaju-analisis-draf.docx", "kabupaten-sukamaju-evaluasi-draf.docx",
        "kabupaten-sukamaju-matriks-draf.xlsx", "kabupaten-sukamaju-perbup-draf.docx",
        "kabupaten-sukamaju-poster-draf.docx",
        "kabupaten-sukamaju-quickwin-draf.docx",
        "kabupaten-sukamaju-rencana-induk-draf.docx", "kabupaten-sukamaju-ringkasan-draf.docx",
        "kabupaten-sukamaju-slides-draf.pptx",
    ]
    wrong = runner.invoke(main, ["build", str(EXAMPLE), "--book", "perbub"])
    assert wrong.exit_code == 2
    assert "buku perbub tidak dikenal; yang ada: rencana-induk, analisis, evaluasi, perbup, poster, quickwin, " \
        "ringkasan, slides, matriks " \
        "(atau all)" in wrong.output


def test_a_final_summary_obeys_the_same_gate_as_the_plan(tmp_path: Path):
    root = copy_root("example", tmp_path, history=True)
    with pytest.raises(WorkflowError, match="masterplan finalize"):
        api.build(root, fmt="pdf", mode="final", outdir=tmp_path / "out", book="ringkasan")
    assert not (tmp_path / "out").exists()


def test_a_workspace_adds_a_book_of_its_own(tmp_path: Path):
    root = copy_root("minimal", tmp_path)
    books = root / "templates" / "text" / "books"
    books.mkdir(parents=True)
    (books / "lembar-quick-win.yaml").write_text(
        "title: LEMBAR QUICK WIN\nname: Lembar Quick Win\nadoption: false\nreview: false\nfront: []\n"
        "chapters:\n  - title: QUICK WIN\n    sections:\n      - title: Daftar Quick Win\n"
        "        content: [{build: quick_win_summary}]\n",
        encoding="utf-8",
    )
    assert api.book_names(root) == ["rencana-induk", "analisis", "evaluasi", "lembar-quick-win", "perbup", "poster",
                                    "quickwin", "ringkasan", "slides", "matriks"]
    model, _ = api.document(root, build_date=DAY, book="lembar-quick-win")
    assert model.meta.title.startswith("Lembar Quick Win Kota Contoh Kecil")
    assert [c.title for c in model.chapters] == ["QUICK WIN"] and model.appendices == []
    assert api.output_name(model, "pdf") == "kota-contoh-kecil-lembar-quick-win-draf.pdf"


# --- the Bappeda matrix ---------------------------------------------------------------------


def _matrix(root: Path, out: Path) -> Any:
    from openpyxl import load_workbook

    [path] = api.build(root, outdir=out, build_date=DAY, book="matriks").files
    assert path.name.endswith("-matriks-draf.xlsx")
    return load_workbook(path)


def test_the_matrix_holds_the_plans_tables_as_values_with_filters_and_no_formula(tmp_path: Path):
    from masterplan.renderers.matrix import RUPIAH_FORMAT

    book = _matrix(EXAMPLE, tmp_path)
    assert book.sheetnames == ["Program", "Pagu per Tahun", "Peta Jalan", "Rencana Aksi", "Quick Win"]
    programmes = book["Program"]
    header = [c.value for c in programmes[1]]
    assert header[:3] == ["Kode", "Nama program", "Dimensi"] and "Target 2027" in header and "Target 2036" in header
    assert programmes.max_row == 71 and programmes.freeze_panes == "C2" and programmes.auto_filter.ref == "A1:AA71"
    budget = programmes.cell(2, header.index("Pagu indikatif") + 1)
    assert budget.value == 8_500_000_000 and budget.number_format == RUPIAH_FORMAT
    plan = api.check(EXAMPLE).plan
    assert plan is not None
    lines = book["Pagu per Tahun"]
    assert sum(row[4].value for row in lines.iter_rows(min_row=2)) == sum(
        r.get("amount") for r in plan.rows(2, "budget_plan")
    ), "every line of the budget plan, as numbers"
    assert [c.value for c in book["Peta Jalan"][2]][:4] == ["SG-01", programmes.cell(2, 2).value, "Smart Governance",
                                                             "Persiapan"]
    assert [row[0].value for row in book["Quick Win"].iter_rows(min_row=2)] == [f"QW-0{n}" for n in range(1, 7)]
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)


def test_text_that_looks_like_a_formula_stays_text_in_the_matrix(tmp_path: Path):
    root = copy_root("minimal", tmp_path)
    path = root / "answers" / "bimtek-2" / "diskominfo.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("name: ", text.index("programs:"))
    end = text.index("\n", first)
    path.write_text(text[:first] + "name: '=HYPERLINK(\"http://contoh.test\",\"klik\")'" + text[end:],
                    encoding="utf-8")
    book = _matrix(root, tmp_path / "out")
    cell = next(c for row in book["Program"].iter_rows(min_row=2) for c in row if str(c.value).startswith("=HYP"))
    assert cell.data_type == "s" and cell.quotePrefix


# --- many regions at once --------------------------------------------------------------------


def test_many_workspaces_build_in_parallel_and_one_broken_region_does_not_stop_the_others(tmp_path: Path):
    root = tmp_path / "wilayah"
    root.mkdir()
    copy_root("example", root)
    copy_root("minimal", root)
    (root / "rusak").mkdir()
    (root / "rusak" / "region.yaml").write_text("name: [\n", encoding="utf-8")
    (root / "bukan-workspace").mkdir()
    out = tmp_path / "keluaran"
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--book", "ringkasan", "--format", "pdf",
                                       "--jobs", "2", "--no-libreoffice", "-o", str(out), "--date", "2026-12-01"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 3 and any("rusak: GAGAL" in line and "region.yaml" in line for line in progress)
    assert any(line.startswith("Kabupaten Sukamaju") and " 11 " in line for line in lines), "pages counted"
    assert "2 dari 3 workspace tersusun" in result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == [
        "example/kabupaten-sukamaju-ringkasan-draf.pdf", "minimal/kota-contoh-kecil-ringkasan-draf.pdf",
    ]
    unknown = CliRunner().invoke(main, ["build", str(root / "minimal"), str(root / "example"), "--book", "slaid",
                                        "-o", str(out)])
    assert unknown.exit_code == 2 and "0 dari 2 workspace tersusun" in unknown.output
    assert unknown.output.count("GAGAL (") == 2 and "buku slaid tidak dikenal" in unknown.output


# --- the evaluator's checklist ---------------------------------------------------------------


def _checklist(root: Path, **options: Any) -> dict[str, list[str]]:
    from masterplan.document.model import Table

    model, _ = api.document(root, build_date=DAY, book="evaluasi", **options)
    [table] = [b for s in model.chapters[0].sections for b in s.blocks if isinstance(b, Table)]
    return {row.cells[1].split(":")[0]: row.cells[2:] for row in table.rows}


def test_the_checklist_computes_each_criterion_from_the_answers_and_the_rules(tmp_path: Path):
    example = _checklist(EXAMPLE)
    assert len(example) == 10 and {status for _, status, _ in example.values()} == {"Terpenuhi"}
    assert example["Bauran pendanaan"][0] == "27% rincian pagu per tahun bersumber di luar APBD."
    small = _checklist(ROOTS / "minimal")
    assert small["Regulasi"][1:] == ["Belum", "Tambahkan rencana aksi penetapan peraturan tentang Rencana Induk."]
    assert small["Kelembagaan"][1:] == ["Sebagian", "Bentuk dan tetapkan: Dewan Smart City, Forum Smart City."]
    assert small["Pemantauan dan evaluasi"] == [
        "0 dari 18 program memiliki target tahunan.", "Belum",
        "Isi target tahunan indikator setiap program pada Bimtek III.",
    ]
    # a rule of check that fires makes its criterion "Sebagian", with the rule's own words
    root = copy_root("example", tmp_path)
    for path in (root / "answers" / "bimtek-3").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("category: literasi", "category: infrastruktur"), encoding="utf-8")
    changed = _checklist(root)
    assert changed["Rencana aksi pengembangan SDM dan literasi digital"][1] == "Belum"


def test_a_draft_ends_with_the_checklist_and_a_final_document_does_not():
    draft, _ = api.document(EXAMPLE, build_date=DAY)
    assert draft.appendices[-2].title == "Daftar Periksa Evaluasi"
    final_titles = [a.title for a in api.document(ROOTS / "minimal", "final", build_date=DAY)[0].appendices]
    assert "Daftar Periksa Evaluasi" not in final_titles


# --- the quick-win book ----------------------------------------------------------------------


def test_the_quick_win_book_shows_profiles_photos_and_planned_against_done(tmp_path: Path):
    from masterplan.document.model import Figure, Paragraph, Table

    model, _ = api.document(EXAMPLE, build_date=DAY, book="quickwin")
    assert [c.title for c in model.chapters] == ["QUICK WIN SMART CITY", "PROFIL QUICK WIN", "CAPAIAN QUICK WIN"]
    profiles = [b for s in model.chapters[1].sections for b in s.blocks]
    assert sum(1 for b in profiles if isinstance(b, Figure) and b.attachment_page) == 6, "the photos"
    [waiting] = [b for s in model.chapters[2].sections for b in s.blocks]
    assert isinstance(waiting, Paragraph) and waiting.text.startswith("Capaian belum dilaporkan.")
    root = copy_root("example", tmp_path)
    path = root / "answers" / "bimtek-4" / "diskominfo.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("responsible:", text.index("quick_win: QW-01"))
    end = text.index("\n", first)
    path.write_text(text[:end] + "\n      progress: 100\n      done_month: 2" + text[end:], encoding="utf-8")
    assert api.check(root).report.errors == []
    model, _ = api.document(root, build_date=DAY, book="quickwin")
    blocks = [b for s in model.chapters[2].sections for b in s.blocks]
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "Dari 1 kegiatan yang telah dilaporkan, 1 selesai; rata-rata realisasi 100 persen."
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.caption.startswith("Capaian Quick Win QW-01")
    assert table.rows[0].cells[2:] == ["100%", "Bulan ke-2"] and table.rows[1].cells[2:] == ["-", "-"]
