"""What real plans hold: any period, quick-win years, every signatory, the adopting regulation,
financing by year and source, the legal basis of the plan's date and the evaluator's checks."""

from __future__ import annotations

import copy as copy_module
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, answers, copy_root, edit_yaml, problems_of

from masterplan import api
from masterplan.answers.upgrade import upgrade_workspace
from masterplan.document.assemble import assemble
from masterplan.document.legal import decree_number, legal
from masterplan.document.model import Paragraph, QuickWinSchedule, Signatures, Table
from masterplan.errors import WorkflowError
from masterplan.models.region import FORMAT
from masterplan.workflow.journal import read_journal

DAY = dt.date(2026, 12, 1)


def rows(data, question):
    return data["answers"][question]


def document(root: Path):
    result = api.load_plan(root)
    assert result.plan is not None
    return assemble(result.plan, DAY, workspace=root)


def texts(blocks) -> list[str]:
    found = []
    for block in blocks:
        found += [block.text] if isinstance(block, Paragraph) else getattr(block, "items", [])
    return found


def rendered(root: Path, rule: str | None = None) -> list[str]:
    return [p.render() for p in problems_of(root, rule)]


# --- the period ------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), [(2019, 2029), (2021, 2026), (2027, 2029)])
def test_any_period_of_3_to_20_years_sets_the_roadmap_and_the_text(minimal, start, end):
    edit_yaml(minimal / "region.yaml", lambda d: d["period"].update(start=start, end=end))
    model = document(minimal)
    assert model.cover.period == f"{start}–{end}"
    grids = [b for blocks in model.block_lists() for b in blocks if getattr(b, "kind", "") == "roadmap"]
    assert grids and all(g.years == list(range(start, end + 1)) for g in grids)
    scope = " ".join(texts(model.chapters[0].sections[2].blocks))
    assert f"{end - start + 1} tahun, yaitu tahun {start} sampai dengan tahun {end}" in scope


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ({"start": 2027, "end": 2028}, "periode 2027-2028 berlangsung 2 tahun; periode masterplan 3 sampai 20 tahun"),
        ({"start": 2027, "end": 2047}, "berlangsung 21 tahun"),
        ({"start": 2027, "length": 7}, "length (format lama) harus 5 atau 10"),
        ({"start": 2027, "length": 10, "end": 2036}, "tulis end (tahun terakhir) saja, tanpa length"),
    ],
)
def test_a_period_out_of_bounds_is_a_located_error(minimal, period, expected):
    edit_yaml(minimal / "region.yaml", lambda d: d.__setitem__("period", period))
    found = [p.render() for p in api.check(minimal).report.errors]
    assert len(found) == 1 and found[0].startswith("region.yaml:") and expected in found[0], found


def test_format_1_is_still_read_and_check_asks_for_an_upgrade(minimal):
    old = (minimal / "region.yaml").read_text().replace("format: 2  # format workspace (masterplan upgrade)\n", "")
    (minimal / "region.yaml").write_text(old.replace("  end: 2036\n", "  length: 10\n"))
    result = api.check(minimal)
    assert result.plan is not None and result.plan.region.period.years[-1] == 2036
    assert [p.render() for p in result.report] == [
        "region.yaml:2: workspace berformat 1, format terkini 2; jalankan masterplan upgrade pada folder "
        "workspace ini (perubahannya disebutkan dan tercatat)"
    ]


# --- masterplan upgrade ---------------------------------------------------------------------


def _format_1(root: Path) -> str:
    """Write region.yaml as format 1 (as the example was before), with a comment on the period."""
    text = (root / "region.yaml").read_text(encoding="utf-8")
    text = text.replace("format: 2\n", "").replace("  end: 2036\n", "  length: 10   # sepuluh tahun\n")
    (root / "region.yaml").write_text(text, encoding="utf-8")
    return text


def test_upgrade_migrates_the_example_of_format_1_and_says_what_it_changed(tmp_path):
    root = copy_root("example", tmp_path, history=True)
    _format_1(root)
    assert [p.rule for p in problems_of(root, "workspace-format")] == ["workspace-format"]
    before = (root / "region.yaml").read_bytes()
    dry = upgrade_workspace(root, person="retno", dry_run=True)
    assert (root / "region.yaml").read_bytes() == before  # a dry run writes nothing
    result = upgrade_workspace(root, person="retno")
    assert result.changes == dry.changes == [
        "region.yaml: period.length 10 diganti period.end 2036 (periode 2027-2036 tetap sama)",
        "region.yaml: format 1 menjadi 2",
    ]
    text = (root / "region.yaml").read_text(encoding="utf-8")
    assert re.search(r"\n  start: 2027\n  end: 2036 +# sepuluh tahun\n", text) and "length" not in text
    assert text.startswith("# Profil daerah Kabupaten Sukamaju (fiktif)")  # comments kept
    assert "\nformat: 2" in text
    assert problems_of(root, "workspace-format") == []
    journal = read_journal(root)
    last = journal.entries[-1]
    assert (last.action, last.who, last.data["format"]) == ("answers.upgrade", "retno", [1, 2])
    assert journal.intact and journal.problems == []
    assert api.check(root).report.errors == []  # no approved stage looks hand-edited
    again = upgrade_workspace(root, person="retno")
    assert (again.before, again.changes, again.files) == (2, [], [])


def test_upgrade_is_the_coordinators_to_do(tmp_path):
    root = copy_root("example", tmp_path, history=True)
    _format_1(root)
    with pytest.raises(WorkflowError, match="tidak boleh meningkatkan format workspace"):
        upgrade_workspace(root, person="sari")  # a mentor


def test_upgrade_without_a_history_writes_the_file_only(minimal):
    (minimal / "region.yaml").write_text(
        (minimal / "region.yaml").read_text().replace("format: 2  # format workspace (masterplan upgrade)\n", "")
        .replace("  end: 2036\n", "  length: 5\n")
    )
    result = upgrade_workspace(minimal)
    assert result.files == ["region.yaml"] and not (minimal / "workflow").exists()
    assert "  end: 2031\n" in (minimal / "region.yaml").read_text()


# --- quick wins with years ---------------------------------------------------------------


def _quick_win(data, **changes):
    rows(data, "quick_wins")[0].update(changes)


def test_a_quick_win_outside_the_period_is_an_error(minimal):
    edit_yaml(answers(minimal, 4), lambda d: _quick_win(d, year=2040))
    assert rendered(minimal, "quickwin-in-period") == [
        'answers/bimtek-4/koordinator.yaml:21: quick win QW-01, "Quick win" / "Tahun pelaksanaan": '
        "quick win QW-01 dilaksanakan tahun 2040, di luar periode masterplan 2027-2036"
    ]


def test_a_quick_win_whose_programme_is_not_yet_on_the_roadmap_that_year_is_an_error(minimal):
    edit_yaml(answers(minimal, 4), lambda d: _quick_win(d, year=2031))
    (message,) = rendered(minimal, "quickwin-on-roadmap")
    assert message.endswith(
        "quick win QW-01 dilaksanakan tahun 2031, tetapi program SG-01 belum berjalan pada tahun itu di peta "
        "jalan (berjalan: 2027-2029); sesuaikan peta jalan Bimtek III atau tahun quick win"
    )
    edit_yaml(answers(minimal, 4), lambda d: _quick_win(d, year=2028))
    assert rendered(minimal, "quickwin-on-roadmap") == []


def test_quick_wins_are_counted_and_checked_per_year(minimal):
    def second_year(data):
        copy = dict(copy_module.deepcopy(rows(data, "quick_wins")[0]), code="QW-02", year=2028)
        rows(data, "quick_wins").append(copy)

    edit_yaml(minimal / "region.yaml", lambda d: d["quick_wins"].update(min=2, dimensions=["SG", "SB"]))
    edit_yaml(answers(minimal, 4), second_year)
    counts = [p.params for p in problems_of(minimal, "quickwin-count")]
    assert [(c["year"], c["count"]) for c in counts] == [(2027, 1), (2028, 1)]
    missing = [p.message() for p in problems_of(minimal, "quickwin-per-dimension")]
    assert [m.split(";")[0] for m in missing] == [
        "quick win tahun 2027 belum mencakup dimensi SB (Smart Branding)",
        "quick win tahun 2028 belum mencakup dimensi SB (Smart Branding)",
    ]


def test_the_schedule_and_the_profile_follow_the_quick_win_year(minimal):
    edit_yaml(answers(minimal, 4), lambda d: _quick_win(d, year=2028))
    model = document(minimal)
    (schedule,) = [b for blocks in model.block_lists() for b in blocks if isinstance(b, QuickWinSchedule)]
    assert schedule.year == 2028
    profile = next(b for blocks in model.block_lists() for b in blocks
                   if isinstance(b, Table) and b.caption.startswith("Profil Quick Win"))
    assert ["Tahun pelaksanaan", "2028"] in [r.cells for r in profile.rows]
    quick = " ".join(texts(model.chapters[5].sections[-1].blocks))
    assert "menetapkan 1 quick win yang dilaksanakan pada tahun 2028" in quick


# --- signatories, forewords and the regulation ------------------------------------------------


def _signatory(role: str, name: str, nip: str) -> dict:
    return {"role": role, "name": name, "position": f"JABATAN {name.upper()}", "rank": "Pembina",
            "grade": "IV/a", "nip": nip}


def test_the_lembar_pengesahan_prints_every_signatory_in_protocol_order(minimal):
    def co_chaired(data):
        data["signatories"] += [
            _signatory("sekretaris-tim", "Sekretaris", "198001012005011001"),
            _signatory("ketua-tim", "Ketua Dua", "197501012000031002"),
            _signatory("sekda", "Sekda", "196801011990031003"),
            _signatory("kepala-bappeda", "Bappeda", "197001011995031004"),
        ]

    edit_yaml(minimal / "region.yaml", co_chaired)
    model = document(minimal)
    approval = model.front[0]
    groups = [(b.intro, [s.name for s in b.blocks], b.columns, b.centre, b.signing)
              for b in approval.blocks if isinstance(b, Signatures)]
    assert groups == [
        ("Disusun oleh,", ["Ir. Sari Dewi, M.T.", "Ketua Dua"], 2, False, True),
        ("Mengetahui,", ["Sekda", "Bappeda", "Sekretaris"], 2, False, True),
        ("Mengesahkan,", ["Budi Santoso, S.H."], 1, True, True),
    ]
    assert [p.title for p in model.front[1:3]] == ["KATA SAMBUTAN WALI KOTA CONTOH KECIL", "KATA PENGANTAR"]
    foreword = [b for b in model.front[2].blocks if isinstance(b, Signatures)]
    assert [[s.name for s in b.blocks] for b in foreword] == [["Ir. Sari Dewi, M.T.", "Ketua Dua"]]
    assert api.unsigned_signatories(model, api.load_plan(minimal).plan) == []


def test_a_signatory_the_outline_does_not_print_is_warned_about(minimal):
    edit_yaml(minimal / "region.yaml",
              lambda d: d["signatories"].append(_signatory("sekda", "Sekda", "196801011990031003")))
    outline = (Path(__file__).parents[1] / "templates/text/outline.yaml").read_text(encoding="utf-8")
    (minimal / "templates/text").mkdir(parents=True)
    outline = outline.replace("  - {role: approval, title: LEMBAR PENGESAHAN}\n", "")
    outline = outline.replace("  - {role: foreword, title: KATA PENGANTAR, signer: ketua-tim}\n", "")
    (minimal / "templates/text/outline.yaml").write_text(outline, encoding="utf-8")
    model = document(minimal)
    assert api.unsigned_signatories(model, api.load_plan(minimal).plan) == [
        "region.yaml: Sekda (sekda) tidak menandatangani di mana pun dalam dokumen; "
        "periksa halaman Lembar Pengesahan dan Kata Pengantar pada outline.yaml"
    ]


def test_the_adopting_regulation_heads_the_cover_and_enters_the_text(minimal):
    regulation = {"kind": "peraturan", "number": "7", "year": 2027,
                  "title": "Rencana Induk Smart City Kota Contoh Kecil Tahun 2027-2036"}
    edit_yaml(minimal / "region.yaml", lambda d: d.__setitem__("regulation", regulation))
    model = document(minimal)
    assert model.cover.adoption == [
        "LAMPIRAN", "PERATURAN WALI KOTA CONTOH KECIL", "NOMOR 7 TAHUN 2027",
        "TENTANG RENCANA INDUK SMART CITY KOTA CONTOH KECIL TAHUN 2027-2036",
    ]
    act = "Peraturan Wali Kota Contoh Kecil Nomor 7 Tahun 2027 tentang Rencana Induk Smart City Kota " \
          "Contoh Kecil Tahun 2027-2036"
    basis = texts(model.chapters[0].sections[3].blocks)
    assert basis[-1] == f"{act}."
    rules = " ".join(texts(model.chapters[-1].sections[0].blocks))
    assert f"ditetapkan dengan {act} dan ditinjau kembali" in rules


def test_without_a_regulation_the_text_names_the_kind_of_act_only(minimal):
    model = document(minimal)
    assert model.cover.adoption == []
    rules = " ".join(texts(model.chapters[-1].sections[0].blocks))
    assert "ditetapkan dengan Peraturan Wali Kota dan ditinjau kembali" in rules


# --- the plan's date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "ministry", "cites_pp_59"),
    [
        (dt.date(2019, 8, 12), "Kementerian Komunikasi dan Informatika", False),
        (dt.date(2024, 10, 20), "Kementerian Komunikasi dan Informatika", True),
        (dt.date(2024, 10, 21), "Kementerian Komunikasi dan Digital", True),
    ],
)
def test_the_legal_basis_and_the_ministry_follow_the_plans_date(minimal, day, ministry, cites_pp_59):
    edit_yaml(answers(minimal, 4), lambda d: d["answers"].__setitem__("commitment_date", day))
    model = document(minimal)
    background = " ".join(texts(model.chapters[0].sections[0].blocks))
    assert f"diselenggarakan oleh {ministry} bersama" in background
    basis = " ".join(texts(model.chapters[0].sections[3].blocks))
    assert ("Peraturan Pemerintah Nomor 59 Tahun 2022 tentang Perkotaan" in basis) is cites_pp_59
    assert ("Satu Data Indonesia" in basis) is (day >= dt.date(2019, 6, 12))


def test_a_regulation_enters_on_its_date_and_is_amended_from_its_year():
    data = legal()
    assert "Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia" not in data.basis(dt.date(2019, 6, 11))
    assert "Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia" in data.basis(dt.date(2019, 6, 12))
    ite = [b for b in data.basis(dt.date(2015, 6, 1)) if "Elektronik" in b and "Informasi dan" in b]
    assert ite == ["Undang-Undang Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik"]
    assert any(b.endswith("beserta perubahannya") for b in data.basis(dt.date(2017, 1, 1)) if "Transaksi" in b)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("Keputusan Bupati Sukamaju Nomor 050/412 Tahun 2026", "050/412 Tahun 2026"),
        ("SK Wali Kota Contoh Nomor: 12/2025", "12/2025"),
        ("050/412 Tahun 2026", "050/412 Tahun 2026"),
        ("", None),
    ],
)
def test_a_decree_number_is_printed_once_whatever_was_typed(typed, number):
    assert decree_number(typed) == number


def test_a_kota_counts_kelurahan_not_desa(minimal):
    model = document(minimal)
    table = next(b for blocks in model.block_lists() for b in blocks
                 if isinstance(b, Table) and any(r.cells[0].startswith("Jumlah kelurahan") for r in b.rows))
    assert all("desa" not in r.cells[0] for r in table.rows)


# --- the budget per year and source -----------------------------------------------------------


def _budget_lines(minimal: Path, lines: list[dict]) -> None:
    edit_yaml(answers(minimal, 2, "diskominfo"), lambda d: d["answers"].__setitem__("budget_plan", lines))


def test_budget_lines_must_add_up_to_the_pagu(minimal):
    _budget_lines(minimal, [{"program": "SG-01", "year": 2027, "source": "APBD", "amount": 40000000},
                            {"program": "SG-01", "year": 2028, "source": "APBD", "amount": 50000000}])
    (message,) = rendered(minimal, "budget-plan-total")
    assert message == (
        'answers/bimtek-2/diskominfo.yaml:21: program SG-01, "Daftar program" / "Pagu indikatif (Rupiah)": '
        "rincian pagu program SG-01 (2 baris) berjumlah Rp 90.000.000, sedangkan pagu indikatifnya "
        "Rp 100.000.000; samakan keduanya"
    )


def test_budget_lines_use_the_programmes_sources_and_years(minimal):
    _budget_lines(minimal, [{"program": "SG-01", "year": 2027, "source": "KPBU", "amount": 60000000},
                            {"program": "SG-01", "year": 2040, "source": "APBD", "amount": 40000000}])
    assert [p.message() for p in problems_of(minimal, "budget-plan-fits")] == [
        "sumber dana KPBU tidak tercantum pada program SG-01 (sumber dananya: APBD, CSR); tambahkan sumber "
        "itu pada program atau perbaiki rinciannya"
    ]
    assert [p.params["year"] for p in problems_of(minimal, "roadmap-in-period")] == [2040]
    assert problems_of(minimal, "budget-plan-total") == []


def test_a_quick_win_fits_its_programmes_budget_of_that_year(minimal):
    _budget_lines(minimal, [{"program": "SG-01", "year": 2027, "source": "APBD", "amount": 30000000},
                            {"program": "SG-01", "year": 2028, "source": "APBD", "amount": 70000000}])
    (problem,) = problems_of(minimal, "quickwin-budget-fits")
    assert problem.message() == (
        "anggaran quick win QW-01 (Rp 50.000.000) melebihi pagu program SG-01 tahun 2027 menurut rincian "
        "pagu (Rp 30.000.000)"
    )
    edit_yaml(answers(minimal, 4), lambda d: _quick_win(d, year=2028))
    assert problems_of(minimal, "quickwin-budget-fits") == []


def test_the_document_sums_the_budget_by_year_source_and_dimension(minimal):
    _budget_lines(minimal, [{"program": "SG-01", "year": 2027, "source": "APBD", "amount": 60000000},
                            {"program": "SG-01", "year": 2028, "source": "APBD", "amount": 40000000},
                            {"program": "SB-01", "year": 2028, "source": "APBD", "amount": 100000000}])
    model = document(minimal)
    tables = {b.caption: b for blocks in model.block_lists() for b in blocks if isinstance(b, Table)}
    by_year = tables["Pagu Indikatif per Tahun dan Sumber Dana (Miliar Rupiah)"]
    assert [r.cells for r in by_year.rows] == [["2027", "0,06", "0,06"], ["2028", "0,14", "0,14"],
                                               ["Jumlah", "0,2", "0,2"]]
    by_dimension = tables["Pagu Indikatif per Dimensi dan Sumber Dana (Miliar Rupiah)"]
    assert by_dimension.rows[0].cells == ["SG", "0,1", "0,1", "100%"]  # codes, named in the text above
    yearly = tables["Pagu Indikatif per Tahun Dimensi Smart Governance (Juta Rupiah)"]
    assert yearly.rows[0].cells[:4] == ["SG-01", "60", "40", "-"] and yearly.rows[0].cells[-1] == "100"
    sheet = next(t for c, t in tables.items() if c.startswith("Lembar Program SG-01"))
    assert ["Rincian pagu per tahun", "2027: APBD Rp 60 juta\n2028: APBD Rp 40 juta"] in [r.cells for r in sheet.rows]


# --- the evaluator's checks ------------------------------------------------------------------


def test_a_short_programme_that_takes_years_to_build_is_warned_about(minimal):
    edit_yaml(answers(minimal, 2, "diskominfo"), lambda d: rows(d, "programs")[0].update(horizon="pendek"))
    (message,) = [p.message() for p in problems_of(minimal, "horizon-matches-roadmap")]
    assert message.startswith("program SG-01 ditetapkan jangka pendek (≤ 1 tahun), tetapi di peta jalan "
                              "memerlukan 2 tahun persiapan dan pembangunan (2027-2028) sebelum beroperasi")


def test_a_rebuild_after_delivery_does_not_count_against_the_horizon(minimal):
    def rebuilt(data):
        rows(data, "roadmap")[0]["years"] = {2027: "pembangunan", 2028: "operasional", 2031: "pembangunan"}

    edit_yaml(answers(minimal, 2, "diskominfo"), lambda d: rows(d, "programs")[0].update(horizon="pendek"))
    edit_yaml(answers(minimal, 3), rebuilt)
    assert problems_of(minimal, "horizon-matches-roadmap") == []


def test_every_programme_owner_signs_the_commitment(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "signatories").pop())
    (problem,) = problems_of(minimal, "commitment-covers-owners")
    assert problem.params["missing"] == ["DINKES"] and problem.severity == "warning"


def test_the_stated_number_of_applications_matches_the_inventory_or_is_explained(minimal):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].__setitem__("application_count", 87))
    (problem,) = problems_of(minimal, "application-count")
    assert (problem.params["stated"], problem.params["listed"]) == (87, 1)
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].__setitem__(
        "application_count_note", "Inventaris memuat aplikasi strategis; daftar lengkap di data dukung."))
    assert problems_of(minimal, "application-count") == []


def test_apbd_only_funding_is_reported_per_dimension(minimal):
    def apbd_only(data):
        for row in rows(data, "programs"):
            if row["dimension"] == "SG":
                row["funding"] = ["APBD"]

    edit_yaml(answers(minimal, 2, "diskominfo"), apbd_only)
    dimensions = [p.params["dimension"] for p in problems_of(minimal, "non-apbd-funding")]
    assert dimensions == ["SG (Smart Governance)"]


@pytest.mark.parametrize(("text", "fires"), [
    ("Rata-rata nilai kesiapan 2,7 dari 4 untuk seluruh elemen.", True),
    ("Rata-rata nilai kesiapan 2,7 dari 5 untuk seluruh elemen.", False),
    ("Sebanyak 24 dari 87 aplikasi masih aktif.", False),
])
def test_the_readiness_scale_in_the_text_is_the_tables(minimal, text, fires):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].__setitem__("readiness_summary", text))
    assert bool(problems_of(minimal, "readiness-scale")) is fires


# --- messages -----------------------------------------------------------------------------------


def test_a_file_that_cannot_be_read_is_one_cause_not_thirty_missing_answers(tmp_path):
    root = copy_root("example", tmp_path)
    path = answers(root, 1)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  villages: 312\n", "  villages: *luas\n"), encoding="utf-8")
    errors = [p.render() for p in api.check(root).report.errors]
    assert errors[0].startswith("answers/bimtek-1/koordinator.yaml:27: alias dan anchor YAML")
    assert errors[1].startswith(
        'answers/bimtek-1/koordinator.yaml:27: 43 jawaban di berkas ini tidak terbaca karena galat di baris 27 '
        '("Kondisi geografis", "Luas wilayah (km²)"'
    )
    assert len(errors) == 2, errors
    assert (root / "answers/bimtek-1/koordinator.yaml").read_text(encoding="utf-8") != text  # kept as typed


# --- the second example ---------------------------------------------------------------------------

KOTA = EXAMPLE.parent / "tirtamaya"


@pytest.mark.skipif(not KOTA.is_dir(), reason="the kota example is not there")
def test_the_kota_example_passes_strict_check_with_its_own_shape():
    result = api.check(KOTA)
    assert [p.render() for p in result.report] == []
    plan = result.plan
    assert plan is not None and plan.region.kind == "kota" and plan.region.period.length == 11
    assert sorted(plan.quick_win_years()) == [2025, 2026]
    assert [s.role for s in plan.region.signatories].count("ketua-tim") == 2
    assert plan.region.regulation is not None


def test_the_example_uses_the_new_fields():
    result = api.check(EXAMPLE)
    plan = result.plan
    assert plan is not None and plan.region.format == FORMAT
    assert plan.region.regulation is not None
    assert [s.role for s in plan.region.signatories].count("ketua-tim") == 2
    assert plan.rows(2, "budget_plan") and plan.rows(4, "risks") and plan.rows(1, "tows")
    assert all(isinstance(r.get("year"), int) for r in plan.rows(4, "quick_wins"))


def test_copying_the_example_keeps_its_new_fields(tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build", "final"))
    assert api.check(target).report.errors == []


def test_indicator_targets_lie_in_active_years_and_reach_the_end_target(minimal):
    targets = [{"program": "SG-01", "year": 2028, "target": 50}, {"program": "SG-01", "year": 2031, "target": 80}]
    edit_yaml(answers(minimal, 3), lambda d: d["answers"].__setitem__("indicator_targets", targets))
    messages = [p.message() for p in problems_of(minimal, "indicator-targets-fit")]
    assert messages[0] == "program SG-01 tidak berjalan pada tahun 2031 menurut peta jalan"
    assert messages[1].startswith("target program SG-01 tahun 2031 (80) berbeda dengan target akhir periodenya")


def test_a_quick_win_is_led_by_its_programmes_opd_with_its_sources(minimal):
    edit_yaml(answers(minimal, 4), lambda d: _quick_win(d, opd="DINKES", funding=["APBD", "KPBU"]))
    assert [p.message() for p in problems_of(minimal, "quickwin-matches-program")] == [
        "quick win QW-01 dipimpin DINKES, padahal program SG-01 dipimpin DISKOMINFO",
        "sumber dana KPBU quick win QW-01 tidak tercantum pada program SG-01",
    ]


@pytest.mark.skipif(not KOTA.is_dir(), reason="the kota example is not there")
def test_the_kota_example_builds_a_final_pdf_every_signatory_can_sign(tmp_path):
    import json

    import pypdf

    result = api.build(KOTA, fmt="pdf", mode="final", outdir=tmp_path, build_date=DAY, libreoffice=False)
    assert result.warnings == []
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    manifest = json.loads(next(p for p in result.files if p.name.endswith(".ttd.json")).read_text("utf-8"))
    plan = api.load_plan(KOTA).plan
    assert plan is not None
    leaders = [s.name for s in plan.region.signatories if s.role == "ketua-tim"]
    others = [s.name for role in ("sekda", "sekretaris-tim") for s in plan.region.signatories if s.role == role]
    head = plan.region.head.name
    names = [entry["name"] for entry in manifest["signatories"]]
    # Lembar Pengesahan (co-chairs, Sekda, Sekretaris, Wali Kota), Kata Sambutan (Wali Kota),
    # Kata Pengantar (co-chairs), then the commitment sheet
    assert names[:8] == [*leaders, *others, head, head, *leaders]
    assert len(names) == 8 + len(plan.rows(4, "signatories"))
    reader = pypdf.PdfReader(str(pdf))
    width, height = (float(v) * 25.4 / 72 for v in (reader.pages[0].mediabox.width, reader.pages[0].mediabox.height))
    assert (round(width), round(height)) == (215, 330)  # F4
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "PERATURAN WALI KOTA TIRTAMAYA" in text and "Bupati" not in text
    assert "Bulan ke- (Tahun 2025)" in text and "Bulan ke- (Tahun 2026)" in text
    assert "Kementerian Komunikasi dan Informatika" in text  # the Bimtek of 2024 was before the renaming


@pytest.mark.parametrize(("province", "zone", "time"), [
    ("Jawa Tengah", "WIB", "30 November 2026 19.45 WIB"),
    ("Kalimantan Selatan", "WITA", "30 November 2026 20.45 WITA"),
    ("Papua Pegunungan", "WIT", "30 November 2026 21.45 WIT"),
])
def test_times_are_printed_in_the_regions_time_zone(province, zone, time):
    from masterplan.models.region import province_zone
    from masterplan.workflow.present import note_time

    assert province_zone(province) == zone
    assert note_time("2026-11-30T12:45:12Z", zone) == time


def test_the_review_appendix_prints_the_regions_time(tmp_path):
    root = copy_root("example", tmp_path, history=True)
    notes = api.review_notes(root, api.load_definitions())
    assert notes and all(n.time.endswith(" WIB") for n in notes)
    edit_yaml(root / "region.yaml", lambda d: d.__setitem__("timezone", "WIT"))
    assert all(n.time.endswith(" WIT") for n in api.review_notes(root, api.load_definitions()))
