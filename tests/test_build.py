"""`masterplan build`: file names, draft and final, and the example's Word document read back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROOTS, answers, edit_yaml
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from masterplan import api
from masterplan.cli import main
from masterplan.renderers import office
from masterplan.renderers.docx_outline import outline


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def example_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    code, output = run("build", str(EXAMPLE), "-o", str(out), "--date", "2026-11-23")
    assert code == 0, output
    (path,) = out.glob("*.docx")
    return path


def test_draft_name_and_message(example_docx: Path):
    assert example_docx.name == "kabupaten-sukamaju-rencana-induk-draf.docx"


def test_example_docx_reads_back(example_docx: Path):
    document = open_docx(str(example_docx))
    texts = [p.text for p in document.paragraphs]
    joined = "\n".join(texts)
    for number in ["I", "II", "III", "IV", "V", "VI", "VII"]:
        assert re.search(rf"\bBAB {number}\b", joined), number
    everything = "\n".join(Paragraph(p, None).text for p in document.element.body.iter(qn("w:p")))
    assert "NIP. 19700512 199603 1 004" in everything, "the Ketua Tim's NIP on the Lembar Pengesahan"
    assert "Ir. Bambang Setiawan, M.T." in everything
    years = [str(y) for y in range(2027, 2037)]
    roadmap_tables = [t for t in document.tables if [c.text for c in t.rows[0].cells][-10:] == years]
    assert len(roadmap_tables) >= 6, "one roadmap grid per dimension with a column per year"
    sections = document.sections
    assert any(s.page_width > s.page_height for s in sections), "the roadmap is in a landscape section"


def test_final_build_is_refused_while_check_reports_errors(minimal: Path, tmp_path: Path):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].pop("geography"))
    code, output = run("build", str(minimal), "--mode", "final", "-o", str(tmp_path / "out"))
    assert code == 1
    assert "dokumen final tidak dapat disusun" in output
    assert "Kondisi geografis" in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_final_build_of_a_clean_workspace(minimal: Path, tmp_path: Path):
    code, output = run("build", str(minimal), "--mode", "final", "--format", "all", "-o", str(tmp_path),
                       "--date", "2026-11-23")
    assert code == 0, output
    docx, pdf = tmp_path / "kota-contoh-kecil-rencana-induk.docx", tmp_path / "kota-contoh-kecil-rencana-induk.pdf"
    assert f"ditulis: {docx}" in output and f"ditulis: {pdf}" in output
    word = open_docx(str(docx))
    assert word.core_properties.content_status == "Final"
    assert not any("DRAF" in p.text for p in word.paragraphs)  # a final carries no draft marks
    import hashlib
    import json

    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    assert "DRAF" not in reader.pages[0].extract_text()
    manifest = json.loads((tmp_path / "kota-contoh-kecil-rencana-induk.ttd.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    fields = {f.get("/T") for f in (reader.get_fields() or {}).values()}
    assert fields == {s["field"] for s in manifest["signatories"]} and fields  # a field per signatory


def test_build_of_a_folder_that_is_not_a_workspace(tmp_path: Path):
    code, output = run("build", str(tmp_path))
    assert code == 2
    assert "bukan workspace masterplan" in output


def test_without_libreoffice_the_toc_is_marked_to_update_on_open(minimal: Path, tmp_path: Path):
    code, output = run("build", str(minimal), "-o", str(tmp_path), "--no-libreoffice", "--date", "2026-11-23")
    assert code == 0, output
    (path,) = tmp_path.glob("*.docx")
    settings = open_docx(str(path)).settings.element
    assert settings.find(qn("w:updateFields")) is not None


def test_example_outline_golden(tmp_path: Path, update_goldens: bool):
    """The example's Word draft, paragraph by paragraph; update deliberately with --update-goldens.

    Built without LibreOffice so page numbers (which depend on installed fonts) stay out of it.
    """
    code, output = run("build", str(EXAMPLE), "-o", str(tmp_path), "--no-libreoffice", "--date", "2026-11-23")
    assert code == 0, output
    (path,) = tmp_path.glob("*.docx")
    text = outline(path)
    golden = ROOTS / "docx" / "expects" / "example-outline.txt"
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_answers_stay_text_in_word(minimal: Path, tmp_path: Path):
    hostile = 'Batas <w:p>wilayah</w:p> & "kutipan" ]]> =HYPERLINK("http://contoh.invalid")'
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].update(geography=hostile))
    code, output = run("build", str(minimal), "-o", str(tmp_path), "--no-libreoffice", "--date", "2026-11-23")
    assert code == 0, output
    (path,) = tmp_path.glob("*.docx")
    texts = [p.text for p in open_docx(str(path)).paragraphs]
    assert hostile in texts


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


def _libreoffice() -> Path:
    soffice = office.find_soffice()
    if soffice is None:
        pytest.skip("LIBREOFFICE (soffice) NOT INSTALLED: Word output is NOT opened by a real word processor")
    return soffice


def test_example_draft_opens_in_libreoffice_with_a_filled_toc(example_docx: Path, tmp_path: Path):
    soffice = _libreoffice()
    toc = [p.text for p in open_docx(str(example_docx)).paragraphs if p.style.name.startswith("toc")]
    chapters = [line for line in toc if line.startswith("BAB ")]
    assert len(chapters) == 7 and all(re.search(r"\t\d+$", line) for line in chapters), chapters
    pdf = office.convert(example_docx, "pdf", tmp_path, soffice=soffice, timeout=180)
    assert _pdf_pages(pdf.read_bytes()) >= 40


def test_hostile_answers_still_open_in_libreoffice(minimal: Path, tmp_path: Path):
    soffice = _libreoffice()
    hostile = '<w:p>&amp; "]]> \u202e terbalik'
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].update(demography=hostile))
    code, output = run("build", str(minimal), "-o", str(tmp_path), "--no-libreoffice", "--date", "2026-11-23")
    assert code == 0, output
    (path,) = tmp_path.glob("*.docx")
    pdf = office.convert(path, "pdf", tmp_path / "pdf", soffice=soffice, timeout=180)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_draft_of_an_unreadable_region_says_so(minimal: Path, tmp_path: Path):
    region = minimal / "region.yaml"
    region.write_text(region.read_text().replace("    nip: '197801012003122001'\n", ""))
    code, output = run("build", str(minimal), "-o", str(tmp_path))
    assert code == 1
    assert "draf tidak dapat disusun: region.yaml harus benar lebih dulu" in output
    assert "--mode draft" not in output


def test_unwritable_output_is_a_clear_error(minimal: Path, tmp_path: Path):
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder")
    code, output = run("build", str(minimal), "-o", str(blocker / "keluaran"), "--no-libreoffice")
    assert code == 2
    assert "tidak dapat menulis ke" in output and "Traceback" not in output


def test_a_libreoffice_failure_is_a_build_warning_not_a_silent_log(minimal: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\necho 'crash' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("MASTERPLAN_SOFFICE", str(broken))
    result = api.build(minimal, "docx", "draft", tmp_path / "out", dt.date(2026, 11, 23))
    assert result.files[0].is_file()
    assert any("tidak dapat diisi oleh LibreOffice" in w for w in result.warnings), result.warnings


def test_word_and_pdf_built_side_by_side_are_the_files_built_alone(minimal: Path, tmp_path: Path):
    import hashlib

    from masterplan import api

    day = dt.date(2026, 12, 1)
    together = api.build(minimal, fmt="all", outdir=tmp_path / "all", build_date=day, libreoffice=False)
    alone = [
        *api.build(minimal, fmt="docx", outdir=tmp_path / "docx", build_date=day, libreoffice=False).files,
        *api.build(minimal, fmt="pdf", outdir=tmp_path / "pdf", build_date=day, libreoffice=False).files,
    ]
    assert [p.suffix for p in together.files] == [".docx", ".pdf"]  # Word first, as before

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    assert [digest(p) for p in together.files] == [digest(p) for p in alone]


def test_a_draft_reads_the_journal_once(monkeypatch):
    from masterplan.store.files import FileStore

    reads: list[str] = []
    journal = FileStore.journal

    def counted(self: FileStore) -> bytes | None:
        reads.append(self.name)
        return journal(self)

    monkeypatch.setattr(FileStore, "journal", counted)
    model, result = api.document(EXAMPLE, build_date=dt.date(2026, 12, 1))
    assert reads == ["sukamaju"]  # the answers, the approvals and the review notes from one reading
    assert result.state is not None and len(model.review) == len(result.state.open_notes()) > 0
