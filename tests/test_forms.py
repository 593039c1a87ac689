"""Questionnaire workbooks: export, import with cell-precise problems, and the lossless round trip."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import answers, edit_yaml
from forms_helpers import cell, edit, load, other_years_cell, set_meta, single_cell, table_cell

from masterplan import api
from masterplan.answers.export import merged_answers_json
from masterplan.answers.yamlio import read_yaml
from masterplan.errors import WorkflowError
from masterplan.forms import FormRefused, export_form, export_forms, import_form
from masterplan.workflow.actions import stage_action

NOW = dt.datetime(2026, 11, 23, 9, 30)
TODAY = dt.date(2026, 11, 23)
COORDINATOR = "retno"  # people.yaml of the example: the coordinator may write every file


def _import(path: Path, root: Path, **options: object):
    options.setdefault("person", COORDINATOR)
    return import_form(path, root, today=TODAY, **options)  # type: ignore[arg-type]


def _answers_of(root: Path, stage: int, stem: str) -> dict:
    data, problems = read_yaml(answers(root, stage, stem), "x")
    assert not problems
    return data["answers"]


# --- the round trip ---------------------------------------------------------------------------


def test_round_trip_of_the_whole_example_is_lossless(example: Path, tmp_path: Path) -> None:
    empty = tmp_path / "kosong"
    empty.mkdir()
    for name in ("region.yaml", "people.yaml", "assets"):
        source = example / name
        if source.is_dir():
            shutil.copytree(source, empty / name)
        elif source.exists():
            shutil.copyfile(source, empty / name)
    workbooks: list[Path] = []
    for stage in (1, 2, 3, 4):
        stems = [p.stem for p in sorted((example / "answers" / f"bimtek-{stage}").glob("*.yaml"))]
        results = export_forms(example, stage, stems, tmp_path / "buku", now=NOW)
        assert [r.target.stem for r in results] == stems
        assert all(not r.warnings for r in results)
        workbooks += [r.path for r in results]
    assert len(workbooks) == 36
    for path in workbooks:
        result = _import(path, empty)
        assert result.problems == [], [p.render() for p in result.problems]
        assert result.saved is not None and result.saved.changed
    original = api.load_plan(example)
    copied = api.load_plan(empty)
    assert copied.plan is not None and original.plan is not None
    assert merged_answers_json(copied.plan) == merged_answers_json(original.plan)
    assert [p.render() for p in copied.report] == [p.render() for p in original.report]
    assert _answers_of(empty, 2, "dinkes") == _answers_of(example, 2, "dinkes")


def test_export_then_import_changes_nothing_but_the_header(example: Path, tmp_path: Path) -> None:
    before = _answers_of(example, 3, "koordinator")
    result = export_form(example, 3, None, tmp_path / "k.xlsx", now=NOW)
    assert result.rows > 50 and result.target.file == "answers/bimtek-3/koordinator.yaml"
    imported = _import(result.path, example)
    assert imported.problems == [] and imported.invalid == 0
    assert _answers_of(example, 3, "koordinator") == before
    text = answers(example, 3, "koordinator").read_text("utf-8")
    assert text.startswith("# Jawaban Bimtek III: Peta Jalan - Tim Koordinator")
    assert "# Diimpor dari buku kerja k.xlsx (masterplan form import)." in text
    assert "updated: 2026-11-23" in text
    again = _import(result.path, example)
    assert again.saved is not None and not again.saved.changed


# --- what the workbook holds ------------------------------------------------------------------


def test_workbook_cover_sheets_protection_and_metadata(example: Path, tmp_path: Path) -> None:
    path = export_form(example, 2, "dinkes", tmp_path / "dinkes.xlsx", now=NOW).path
    workbook = load(path)
    assert workbook.sheetnames == [
        "Petunjuk",
        "Strategi pengembangan per",
        "Daftar program",
        "Pagu indikatif per tahun dan",
        "Rencana Pengembangan Enabler",
        "Daftar Pilihan",
        "_masterplan",
    ]
    cover = workbook["Petunjuk"]
    texts = [str(c.value) for row in cover.iter_rows() for c in row if c.value is not None]
    assert "Kuesioner Bimtek II: Perumusan Program" in texts
    assert "DINKES - Dinas Kesehatan" in texts and "15 Desember 2026" in texts and "2026.3" in texts
    assert any("Jangan memakai rumus" in t for t in texts)
    assert cover["B10"].value == "dr. Wahyu Nugroho, M.P.H. (Sekretaris Dinas Kesehatan)"
    assert cover["B10"].protection.locked is False and cover["B9"].protection.locked is True
    meta = workbook["_masterplan"]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    values = {row[0].value: row[1].value for row in meta.iter_rows()}
    assert values["region"] == "kabupaten-sukamaju" and values["stage"] == "2"
    assert values["contributor"] == "dinkes" and values["version"] == "2026.3"
    assert values["period"] == "2027-2036" and values["exported"] == "2026-11-23T09:30:00"
    assert workbook.security is not None and workbook.security.lockStructure
    programs = workbook["Daftar program"]
    assert programs.protection.sheet and programs.freeze_panes == "B5"
    assert programs["A3"].value == "Kode program *" and programs["A3"].protection.locked
    assert programs["A5"].value == "SL-05" and programs["A5"].protection.locked is False
    assert programs["A59"].protection.locked is False  # 5 rows + 50 empty ones
    assert programs.column_dimensions["F"].width == 50
    budget = cell(workbook, table_cell(2, "programs", "budget", 1))
    assert isinstance(budget.value, int) and budget.number_format == "#,##0"
    assert cell(workbook, table_cell(2, "programs", "funding", 1)).value == "APBD, APBN"
    assert cell(workbook, table_cell(2, "programs", "code", 1)).number_format == "@"


def test_validations_offer_the_lists_and_check_numbers(example: Path, tmp_path: Path) -> None:
    workbook = load(export_form(example, 2, "dinkes", tmp_path / "d.xlsx").path)
    checks = {
        str(v.sqref).split(":")[0]: v for v in workbook["Daftar program"].data_validations.dataValidation
    }
    lists = workbook["Daftar Pilihan"]
    assert lists.protection.sheet
    dimension, subdimension = checks["B5"], checks["C5"]
    assert dimension.type == "list" and dimension.formula1 == "'Daftar Pilihan'!$A$4:$A$9"
    assert [lists[f"A{r}"].value for r in range(4, 10)] == ["SG", "SB", "SE", "SL", "SS", "SV"]
    assert subdimension.formula1.startswith('IF(ISREF(INDIRECT("SUB_"&$B5))')
    assert str(workbook.defined_names["SUB_SL"].attr_text) == "'Daftar Pilihan'!$D$13:$D$15"
    opd = checks["J5"]
    assert opd.type == "list" and opd.showErrorMessage and str(opd.sqref) == "J5:J59"
    assert checks["K5"].type == "list" and not checks["K5"].showErrorMessage  # several OPDs in one cell
    assert (checks["U5"].type, checks["U5"].formula1) == ("whole", "0")  # Rupiah
    assert (checks["H5"].type, checks["H5"].formula1) == ("whole", "1")  # mission number, min 1
    assert checks["P5"].type == "decimal"
    assert (checks["E5"].type, checks["E5"].formula1) == ("textLength", "200")
    assert checks["V5"].formula1 == "'Daftar Pilihan'!$Q$4:$Q$10"  # funding sources
    assert checks["A5"].prompt == "teks; tulis kode dimensi, tanda hubung dan dua angka, misalnya SG-01"
    first = load(export_form(example, 1, None, tmp_path / "k1.xlsx").path)
    singles = {str(v.sqref): v for v in first["Kelembagaan Smart City"].data_validations.dataValidation}
    decree = singles[single_cell(1, "council_decree_exists").split("!")[1]]
    assert decree.type == "list" and decree.formula1 == '"ya,tidak"'
    date = singles[single_cell(1, "council_decree_date").split("!")[1]]
    assert date.type == "date"
    ratings = {
        str(v.sqref).split(":")[0]: v for v in first["Penilaian kesiapan"].data_validations.dataValidation
    }
    assert ratings["C5"].type == "list"
    assert [
        first["Daftar Pilihan"][f"{ratings['C5'].formula1.split('$')[1]}{r}"].value for r in range(4, 9)
    ] == ["1", "2", "3", "4", "5"]


def test_timeline_years_get_one_column_each_and_other_years_come_back(example: Path, tmp_path: Path) -> None:
    def add_year(data: dict) -> None:
        data["answers"]["roadmap"][0]["years"][2026] = "persiapan"

    edit_yaml(answers(example, 3, "koordinator"), add_year)
    path = export_form(example, 3, None, tmp_path / "k3.xlsx").path
    workbook = load(path)
    assert cell(workbook, table_cell(3, "roadmap", "years", 1, year=2027)).value == "persiapan"
    assert cell(workbook, table_cell(3, "roadmap", "years", 1, year=2036)).value == "operasional"
    assert cell(workbook, other_years_cell(3, "roadmap", "years", 1)).value == "2026: persiapan"
    checks = workbook["Peta jalan program"].data_validations.dataValidation
    status = next(v for v in checks if str(v.sqref).startswith("B5"))
    assert status.type == "list"
    before = _answers_of(example, 3, "koordinator")
    assert _import(path, example).problems == []
    after = _answers_of(example, 3, "koordinator")
    assert after == before and after["roadmap"][0]["years"][2026] == "persiapan"


# --- mistakes: reported per cell, saved as typed, replaced by a corrected import ---------------


def test_typed_mistakes_are_reported_by_cell_and_saved_as_typed(example: Path, tmp_path: Path) -> None:
    path = export_form(example, 2, "dinkes", tmp_path / "dinkes.xlsx").path
    budget = table_cell(2, "programs", "budget", 1)
    mission = table_cell(2, "programs", "rpjmd_mission", 2)
    funding = table_cell(2, "programs", "funding", 3)
    opd = table_cell(2, "programs", "opd", 4)
    subdimension = table_cell(2, "programs", "subdimension", 5)
    edit(path, {budget: "banyak", mission: "dua", funding: "APBD, ZAKAT", opd: "DINKESX", subdimension: None})
    result = _import(path, example)
    assert [p.render() for p in result.problems] == [
        'Daftar program!U5: program SL-05, "Daftar program" / "Pagu indikatif (Rupiah)": '
        "harus berupa angka rupiah, misalnya 150000000",
        'Daftar program!H6: program SL-06, "Daftar program" / "Nomor misi RPJMD yang didukung": '
        "harus berupa bilangan bulat, misalnya 25",
        'Daftar program!V7: program SL-07, "Daftar program" / "Sumber dana": "ZAKAT" bukan pilihan yang '
        "tersedia; pilih salah satu: APBD, APBN, APBDES, CSR, KPBU, SWASTA, MASYARAKAT",
        'Daftar program!J8: program SL-08, "Daftar program" / "OPD penanggung jawab": OPD "DINKESX" tidak '
        "terdaftar di region.yaml; kode yang ada: "
        + result.problems[3].params["known"][0]
        + ", "
        + ", ".join(result.problems[3].params["known"][1:]),
        'Daftar program!C9: program SL-09, "Daftar program" / "Subdimensi": wajib diisi',
    ]
    assert result.invalid == 4 and result.saved is not None
    saved = _answers_of(example, 2, "dinkes")["programs"]
    assert saved[0]["budget"] == "banyak" and saved[1]["rpjmd_mission"] == "dua"
    assert saved[2]["funding"] == ["APBD", "ZAKAT"] and saved[3]["opd"] == "DINKESX"
    assert "subdimension" not in saved[4]
    text = answers(example, 2, "dinkes").read_text("utf-8")
    assert "budget: banyak  # belum sesuai: harus berupa angka rupiah, misalnya 150000000" in text
    found = {p.message() for p in api.check(example).report if p.where.file == "answers/bimtek-2/dinkes.yaml"}
    assert {p.message() for p in result.errors} <= found

    corrected = {budget: 5400000000, mission: 2, funding: "APBD, APBN, CSR", opd: "DINKES",
                 subdimension: "SL-KESEHATAN"}
    edit(path, corrected)
    corrected = _import(path, example)
    assert corrected.problems == [] and corrected.invalid == 0
    saved = _answers_of(example, 2, "dinkes")["programs"]
    assert saved[0]["budget"] == 5400000000 and saved[1]["rpjmd_mission"] == 2
    assert saved[2]["funding"] == ["APBD", "APBN", "CSR"] and saved[3]["opd"] == "DINKES"
    assert "# belum sesuai" not in answers(example, 2, "dinkes").read_text("utf-8")
    assert not [p for p in api.check(example).report.errors if p.where.file == "answers/bimtek-2/dinkes.yaml"]


def test_single_answers_and_labels_typed_the_indonesian_way(example: Path, tmp_path: Path) -> None:
    path = export_form(example, 1, None, tmp_path / "k1.xlsx").path
    population, decree = single_cell(1, "population"), single_cell(1, "council_decree_date")
    edit(
        path,
        {
            population: "banyak sekali",
            decree: "31 Februari 2026",
            single_cell(1, "council_decree_exists"): "ya",
            single_cell(1, "grdp"): "Rp38.652.400.000.000",
            table_cell(1, "team_members", "role", 2): "Wakil ketua",
            "Petunjuk!B10": "Dra. Retno Wulandari, M.Si.",
        },
    )
    result = _import(path, example)
    assert [p.render() for p in result.problems] == [
        f'{population}: "Jumlah penduduk (jiwa)": harus berupa bilangan bulat, misalnya 25',
        f'{decree}: "Tanggal SK Dewan Smart City": harus berupa tanggal yang ada, misalnya 2026-03-15 '
        "atau 15 Maret 2026",
    ]
    saved = _answers_of(example, 1, "koordinator")
    assert saved["population"] == "banyak sekali" and saved["council_decree_date"] == "31 Februari 2026"
    assert saved["grdp"] == 38652400000000 and saved["council_decree_exists"] is True
    assert saved["team_members"][1]["role"] == "wakil-ketua"
    assert saved["team_members"][0]["nip"] == "19700512 199603 1 004"
    data, _ = read_yaml(answers(example, 1, "koordinator"), "x")
    assert data["filled_by"] == "Dra. Retno Wulandari, M.Si."
    assert result.problems[0].as_dict()["question_id"] == "population"
    english = result.problems[0].render("en")
    assert english == f'{population}: "Population": must be a whole number, for example 25'


def test_text_that_looks_like_a_formula_is_escaped_and_comes_back_identical(
    example: Path, tmp_path: Path
) -> None:
    values = {"partners": "=1+1", "location": "+62 812", "topic": "-", "renstra_program": "@x"}

    def hostile(data: dict) -> None:
        data["answers"]["programs"][0].update(values)

    edit_yaml(answers(example, 2, "dinkes"), hostile)
    path = export_form(example, 2, "dinkes", tmp_path / "d.xlsx").path
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    workbook = load(path)
    for column, value in values.items():
        found = cell(workbook, table_cell(2, "programs", column, 1))
        assert (found.value, found.data_type, found.quotePrefix) == (value, "s", True)
    assert _import(path, example).problems == []
    assert {k: _answers_of(example, 2, "dinkes")["programs"][0][k] for k in values} == values
    typed = {
        table_cell(2, "programs", "partners", 2): "=SUM(1,2)",
        table_cell(2, "programs", "unit", 2): "@ 5",
    }
    edit(path, typed, text=typed)
    assert _import(path, example).problems == []
    row = _answers_of(example, 2, "dinkes")["programs"][1]
    assert (row["partners"], row["unit"]) == ("=SUM(1,2)", "@ 5")


def test_answers_of_other_files_never_become_formulas_anywhere(example: Path, tmp_path: Path) -> None:
    def hostile_name(data: dict) -> None:
        data["answers"]["programs"][0]["name"] = '=HYPERLINK("http://contoh.invalid","klik")'

    def hostile_filler(data: dict) -> None:
        data["filled_by"] = "=cmd|' /C calc'!A0"

    edit_yaml(answers(example, 2, "diskominfo"), hostile_name)  # fills the programme list of every workbook
    edit_yaml(answers(example, 3, "bappeda"), hostile_filler)
    path = export_form(example, 3, "bappeda", tmp_path / "b.xlsx").path
    with zipfile.ZipFile(path) as archive:
        assert not any(
            b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")
        )
    workbook = load(path)
    listed = [
        c for row in workbook["Daftar Pilihan"].iter_rows() for c in row if str(c.value).startswith("=")
    ]
    assert [(c.value, c.data_type, c.quotePrefix) for c in listed] == [
        ('=HYPERLINK("http://contoh.invalid","klik")', "s", True)
    ]
    assert (workbook["Petunjuk"]["B10"].value, workbook["Petunjuk"]["B10"].quotePrefix) == (
        "=cmd|' /C calc'!A0",
        True,
    )
    assert _import(path, example).problems == []
    data, _ = read_yaml(answers(example, 3, "bappeda"), "x")
    assert data["filled_by"] == "=cmd|' /C calc'!A0"


def test_what_the_workbook_cannot_hold_is_announced_and_kept(example: Path, tmp_path: Path) -> None:
    def old_question(data: dict) -> None:
        data["answers"]["catatan_lama"] = "isian dari kuesioner versi lama"

    edit_yaml(answers(example, 2, "dinkes"), old_question)
    result = export_form(example, 2, "dinkes", tmp_path / "d.xlsx")
    assert result.warnings == [
        "answers/bimtek-2/dinkes.yaml: pertanyaan catatan_lama tidak ada di kuesioner; tidak dimuat ke buku "
        "kerja, tetapi dipertahankan saat buku kerja diimpor"
    ]
    _import(result.path, example)
    assert _answers_of(example, 2, "dinkes")["catatan_lama"] == "isian dari kuesioner versi lama"
    answers(example, 2, "dinkes").write_text("stage: 2\nanswers: [tidak: lengkap\n", encoding="utf-8")
    with pytest.raises(FormRefused, match=r"dinkes\.yaml tidak dapat dibaca .*perbaiki dulu berkas itu"):
        export_form(example, 2, "dinkes", tmp_path / "d2.xlsx")


def test_content_outside_the_answer_cells_is_named(example: Path, tmp_path: Path) -> None:
    path = export_form(example, 2, "dinkes", tmp_path / "d.xlsx").path
    edit(path, {"Daftar program!AB6": "catatan", "Rencana Pengembangan Enabler!E4": "lihat lampiran"})
    result = _import(path, example, dry_run=True)
    assert [p.render() for p in result.problems] == [
        "Daftar program!AB6: di luar kolom tabel; isian ini diabaikan",
        "Rencana Pengembangan Enabler!E4: di luar sel jawaban; isian ini diabaikan",
    ]
    assert all(p.severity == "warning" for p in result.problems) and result.saved is None


# --- workbooks that do not belong here ---------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            {"region": "kota-lain", "region_title": "Kota Lain"},
            "dibuat untuk Kota Lain, bukan Kabupaten Sukamaju",
        ),
        (
            {"version": "2025.1"},
            "dibuat dengan kuesioner versi 2025.1, sedangkan workspace memakai versi 2026.3",
        ),
        (
            {"period": "2025-2034"},
            "dibuat untuk periode 2025-2034, sedangkan periode masterplan kini 2027-2036",
        ),
        ({"stage": "3", "questionnaire": "bimtek-3"}, "tidak memiliki lembar Inovasi per program"),
        ({"format": "lain"}, "bukan buku kerja kuesioner masterplan"),
        ({"contributor": "dinas-lain"}, "OPD dinas-lain tidak terdaftar di region.yaml"),
    ],
)
def test_workbook_for_another_workspace_is_refused(
    example: Path, tmp_path: Path, meta: dict[str, str], expected: str
) -> None:
    path = export_form(example, 2, "dinkes", tmp_path / "d.xlsx").path
    set_meta(path, **meta)
    before = answers(example, 2, "dinkes").read_bytes()
    with pytest.raises(FormRefused) as refused:
        _import(path, example)
    assert expected in str(refused.value)
    assert answers(example, 2, "dinkes").read_bytes() == before


def test_workbook_of_another_stage_or_changed_layout_is_refused(example: Path, tmp_path: Path) -> None:
    path = export_form(example, 2, "dinkes", tmp_path / "d.xlsx").path
    with pytest.raises(FormRefused, match="berisi kuesioner Bimtek II, bukan Bimtek III"):
        _import(path, example, stage=3)
    edit(path, {"Daftar program!C3": "Dimensi kedua"})
    with pytest.raises(FormRefused, match='Daftar program!C3 seharusnya "Subdimensi \\*"'):
        _import(path, example)


def test_locked_stage_and_other_opds_are_refused_by_the_workflow(example: Path, tmp_path: Path) -> None:
    path = export_form(example, 2, "dinkes", tmp_path / "d.xlsx").path
    with pytest.raises(WorkflowError, match="hanya boleh mengubah jawaban diskominfo, bukan dinkes"):
        _import(path, example, person="agus")
    assert _import(path, example, person="wahyu").problems == []
    stage_action(example, 2, "stage.submit", COORDINATOR)
    with pytest.raises(WorkflowError, match="terkunci"):
        _import(path, example)


# --- the command line --------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from masterplan.cli import main
    from masterplan.cli.form import form

    main.add_command(form)  # idempotent; cli.py registers it too
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_command_line_export_and_import(example: Path, tmp_path: Path) -> None:
    code, out, _ = _run(
        "form", "export", str(example), "--stage", "2", "--opd", "DINKES", "-o", str(tmp_path / "d.xlsx")
    )
    assert code == 0 and out == f"ditulis: {tmp_path / 'd.xlsx'} (terisi: 0 jawaban, 81 baris tabel)\n"
    code, out, _ = _run(
        "form", "export", str(example), "--stage", "4", "--opd", "semua", "--opd", "koordinator"
    )
    assert code == 0 and len(out.splitlines()) == 20
    assert (example / "build" / "formulir" / "kabupaten-sukamaju-bimtek-4-dlh.xlsx").is_file()
    budget = table_cell(2, "programs", "budget", 1)
    edit(tmp_path / "d.xlsx", {budget: "-5"})
    code, out, _ = _run(
        "form", "import", str(tmp_path / "d.xlsx"), str(example), "--as", "wahyu", "--dry-run"
    )
    assert code == 1
    assert out.splitlines() == [
        "1 galat, 0 peringatan di d.xlsx:",
        f'  {budget}: program SL-05, "Daftar program" / "Pagu indikatif (Rupiah)": tidak boleh negatif '
        "(tertulis -5); isi 0 bila belum ada anggaran",
        "Tidak disimpan (--dry-run): 429 isian (81 baris tabel), 1 belum sesuai.",
        "Perbaiki sel yang disebut di buku kerja lalu impor ulang; pemeriksaan lintas kontributor dan lintas "
        "tahap: masterplan check",
    ]
    code, out, _ = _run(
        "form",
        "import",
        str(tmp_path / "d.xlsx"),
        str(example),
        "--as",
        "wahyu",
        "--format",
        "json",
        "--lang",
        "en",
    )
    assert code == 1
    data = json.loads(out)
    assert data["saved"] is True and data["invalid"] == 1 and data["file"] == "answers/bimtek-2/dinkes.yaml"
    assert data["errors"][0]["file"] == budget and data["errors"][0]["rule"] == "budget-non-negative"
    assert (
        data["errors"][0]["message"] == "must not be negative (found -5); write 0 if there is no budget yet"
    )
    edit(tmp_path / "d.xlsx", {budget: 5400000000})
    code, out, _ = _run("form", "import", str(tmp_path / "d.xlsx"), str(example), "--as", "wahyu")
    assert code == 0 and out.splitlines()[-1] == (
        "Disimpan ke answers/bimtek-2/dinkes.yaml: 429 isian (81 baris tabel), 0 belum sesuai dan ditandai."
    )
    code, _, err = _run("form", "export", str(example), "--stage", "2", "--opd", "dinas-x")
    assert code == 2 and err.startswith("masterplan: OPD dinas-x tidak terdaftar di region.yaml")


def test_a_folder_that_is_not_a_workspace_is_refused(example: Path, tmp_path: Path) -> None:
    from masterplan.errors import WorkspaceNotFound

    path = export_form(example, 2, "dinkes", tmp_path / "d.xlsx").path
    (tmp_path / "bukan").mkdir()
    with pytest.raises(WorkspaceNotFound, match="bukan workspace masterplan"):
        _import(path, tmp_path / "bukan")


def test_a_workbook_older_than_the_file_is_refused_unless_replace(example: Path, tmp_path: Path) -> None:
    from masterplan.errors import StaleEdit
    from masterplan.workflow.edits import set_answer

    path = export_form(example, 2, "diskominfo", tmp_path / "k.xlsx").path
    set_answer(example, 2, "diskominfo", "programs", "6500000000", person="agus", row="SG-01", column="budget")
    edited = answers(example, 2, "diskominfo").read_text(encoding="utf-8")
    with pytest.raises(StaleEdit, match=r"telah berubah sejak buku kerja k\.xlsx dibuat"):
        _import(path, example)
    assert answers(example, 2, "diskominfo").read_text(encoding="utf-8") == edited
    result = _import(path, example, replace=True)
    assert result.saved is not None and any("--replace" in note for note in result.notes)
    assert _answers_of(example, 2, "diskominfo")["programs"][0]["budget"] == 8_500_000_000


def test_a_workbook_pointed_at_another_opds_file_is_refused(example: Path, tmp_path: Path) -> None:
    from masterplan.errors import StaleEdit

    path = export_form(example, 2, "diskominfo", tmp_path / "k.xlsx").path
    set_meta(path, contributor="dinkes")
    before = answers(example, 2, "dinkes").read_text(encoding="utf-8")
    with pytest.raises((StaleEdit, FormRefused)):
        _import(path, example)
    assert answers(example, 2, "dinkes").read_text(encoding="utf-8") == before
