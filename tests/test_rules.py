"""Each cross-stage rule: it stays silent on the minimal workspace and fires when broken."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOTS, answers, edit_yaml, problems_of

from masterplan import api
from masterplan.checks.rules import RULES
from masterplan.document.model import Signatures


def test_minimal_workspace_breaks_no_rule():
    result = api.check(ROOTS / "minimal")
    assert [p.render() for p in result.report] == []


def rows(data, question):
    return data["answers"][question]


def breaks(root: Path, rule: str, severity: str = "error") -> list:
    found = problems_of(root, rule)
    assert found, f"{rule} did not fire: {[p.render() for p in problems_of(root)]}"
    assert {p.severity for p in found} == {severity}
    return found


def test_program_on_roadmap(minimal):
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "roadmap").pop(4))
    (problem,) = breaks(minimal, "program-on-roadmap")
    # reported in Bimtek III, where the row is missing, so `check --stage 3` shows it
    assert (problem.where.file, problem.where.stage) == ("answers/bimtek-3/", 3)
    assert problem.where.row == "peta jalan program SB-02"
    assert problem.message().startswith('"Program Sb-Bisnis" belum ditempatkan di peta jalan')
    assert api.check(minimal, stage=3).has_errors()


def test_missing_row_points_at_the_lead_opds_file_when_it_contributes(minimal):
    stage3 = answers(minimal, 3)
    innovations: list = []
    edit_yaml(stage3, lambda d: innovations.extend(d["answers"].pop("innovations")))
    lead = answers(minimal, 3, "diskominfo")
    lead.write_text("stage: 3\nanswers:\n  innovations: []\n")
    edit_yaml(lead, lambda d: d["answers"].update(innovations=[i for i in innovations if i["program"] != "SB-02"]))
    (problem,) = breaks(minimal, "program-has-innovation", "warning")
    assert (problem.where.file, problem.where.stage, problem.where.line) == ("answers/bimtek-3/diskominfo.yaml", 3, None)


def test_roadmap_in_period(minimal):
    def change(data):
        rows(data, "roadmap")[0]["years"][2037] = "operasional"
        rows(data, "action_plans")[0]["start_year"] = 2026
    edit_yaml(answers(minimal, 3), change)
    found = breaks(minimal, "roadmap-in-period")
    assert sorted(p.params["year"] for p in found) == [2026, 2037]
    assert found[0].message().endswith("di luar periode masterplan 2027-2036")


def test_year_order(minimal):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].update(rpjmd_end=2024))
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "action_plans")[0].update(start_year=2030, end_year=2028))
    found = breaks(minimal, "year-order")
    assert len(found) == 2
    assert found[0].message() == "Tahun akhir periode RPJMD (2024) tidak boleh sebelum Tahun awal periode RPJMD (2025)"
    assert [(p.where.file, p.where.stage) for p in found] == [("answers/bimtek-1/koordinator.yaml", 1),
                                                              ("answers/bimtek-3/koordinator.yaml", 3)]


def test_quickwin_schedule(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_win_schedule")[1].update(start_month=6, end_month=13))
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_win_schedule")[0].update(start_month=5, end_month=2))
    found = breaks(minimal, "quickwin-schedule")
    messages = sorted(p.message() for p in found)
    assert messages == [
        'tahapan "Peluncuran" quick win QW-01 berakhir pada bulan ke-13; quick win harus selesai dalam 12 bulan',
        'tahapan "Persiapan" quick win QW-01 berakhir (bulan ke-2) sebelum dimulai (bulan ke-5)',
    ]


def test_nip_valid_in_answers(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "signatories")[1].update(nip="12345"))
    (problem,) = breaks(minimal, "nip-valid")
    assert problem.where.file == "answers/bimtek-4/koordinator.yaml"


def test_opd_exists(minimal):
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "enabler_roadmap")[0].update(opd="DISHUB"))
    (problem,) = breaks(minimal, "opd-exists")
    assert problem.where.row == "enabler EN-01"


def test_budget_non_negative(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_wins")[0].update(budget=-1))
    breaks(minimal, "budget-non-negative")


def test_rules_have_messages_in_both_languages():
    from masterplan.checks.messages import MESSAGES

    for rule in RULES:
        text_id, text_en = MESSAGES[rule.name]
        assert text_id and text_en and text_id != text_en


def test_wording_kind(minimal):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].update(geography="Wilayah kota ini kecil dan padat; peraturan Bupati lama masih berlaku di sana."))
    (problem,) = breaks(minimal, "wording-kind", "warning")
    assert problem.where.file == "answers/bimtek-1/koordinator.yaml" and problem.where.line
    assert problem.message().startswith('memakai sebutan "Bupati", padahal region.yaml menyatakan daerah ini kota')


def test_elected_without_nip(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "signatories")[0].update(nip="197001012000031001"))
    (problem,) = breaks(minimal, "elected-without-nip", "warning")
    assert problem.where.column == "NIP" and problem.where.line
    assert problem.message().startswith("Budi Santoso, S.H. adalah pejabat yang dipilih")
    document = api.document(minimal, "draft")[0]
    printed = [s for blocks in document.block_lists() for block in blocks if isinstance(block, Signatures)
               for s in block.blocks if s.name == "Budi Santoso, S.H."]
    assert printed and all(s.nip is None for s in printed)


# --- where and what, for every registered rule: the whole line a user reads -------------------------


def programmes_file(root: Path) -> Path:
    return answers(root, 2, "diskominfo")


def in_table(path_of, question: str, index: int, **changes):
    """An edit: update row ``index`` of ``question`` in the file ``path_of(root)``."""
    return lambda root: edit_yaml(path_of(root), lambda d: rows(d, question)[index].update(changes))


def set_answer(path_of, **changes):
    return lambda root: edit_yaml(path_of(root), lambda d: d["answers"].update(changes))


def in_region(change):
    return lambda root: edit_yaml(root / "region.yaml", change)


def stage(number: int, contributor: str = "koordinator"):
    return lambda root: answers(root, number, contributor)


def keep_programmes(keep):
    return lambda root: edit_yaml(programmes_file(root), lambda d: d["answers"].update(
        programs=[r for r in rows(d, "programs") if keep(r)]))


def budget_lines(*lines: dict):
    return set_answer(programmes_file, budget_plan=list(lines))


def all_funding(sources: list[str], dimension: str = "SG"):
    def change(data):
        for row in rows(data, "programs"):
            if row["dimension"] == dimension:
                row["funding"] = list(sources)
    return lambda root: edit_yaml(programmes_file(root), change)


def pop_row(path_of, question: str, index: int = -1):
    return lambda root: edit_yaml(path_of(root), lambda d: rows(d, question).pop(index))


CASES: dict[str, tuple] = {
    "subdimension-matches-dimension": (in_table(programmes_file, "programs", 0, subdimension="SL-MOBILITAS"),
        'error', [
        'answers/bimtek-2/diskominfo.yaml:7: program SG-01, "Daftar program" / "Subdimensi": subdimensi "SL-MOBILITAS" bukan bagian dari dimensi SG; pilih salah satu: SG-LAYANAN, SG-BIROKRASI, SG-KEBIJAKAN',
    ]),
    "program-code-dimension": (in_table(programmes_file, "programs", 0, dimension="SB", subdimension="SB-BISNIS"),
        'warning', [
        'answers/bimtek-2/diskominfo.yaml:5: program SG-01, "Daftar program" / "Kode program": kode program "SG-01" tidak diawali kode dimensinya (SB), misalnya SB-01',
    ]),
    "dimension-has-programs": (keep_programmes(lambda r: r["dimension"] != "SV"),
        'error', [
        'answers/bimtek-2/: "Daftar program": dimensi SV (Smart Environment) belum memiliki program; setiap dimensi harus memiliki setidaknya satu program',
    ]),
    "subdimension-covered": (keep_programmes(lambda r: r["code"] != "SS-02"),
        'warning', [
        'answers/bimtek-2/: "Daftar program": subdimensi SS-BELAJAR "Ekosistem Belajar" pada dimensi SS belum memiliki program',
    ]),
    "program-mission-exists": (in_table(programmes_file, "programs", 0, rpjmd_mission=7),
        'error', [
        'answers/bimtek-2/diskominfo.yaml:11: program SG-01, "Daftar program" / "Nomor misi RPJMD yang didukung": misi RPJMD nomor 7 tidak ada di Bimtek I; nomor misi yang ada: 1, 2',
    ]),
    "non-apbd-funding": (all_funding(["APBD"]),
        'warning', [
        'answers/bimtek-2/: "Daftar program": seluruh 3 program dimensi SG (Smart Governance) hanya didanai APBD; tambahkan sumber non-APBD (APBN/DAK, CSR, KPBU, swasta, masyarakat) bila memungkinkan',
    ]),
    "budget-plan-total": (budget_lines({"program": "SG-01", "year": 2027, "source": "APBD", "amount": 40000000},
                                       {"program": "SG-01", "year": 2028, "source": "APBD", "amount": 50000000}),
        'error', [
        'answers/bimtek-2/diskominfo.yaml:21: program SG-01, "Daftar program" / "Pagu indikatif (Rupiah)": rincian pagu program SG-01 (2 baris) berjumlah Rp 90.000.000, sedangkan pagu indikatifnya Rp 100.000.000; samakan keduanya',
    ]),
    "budget-plan-fits": (budget_lines({"program": "SG-01", "year": 2027, "source": "KPBU", "amount": 60000000},
                                      {"program": "SG-01", "year": 2028, "source": "APBD", "amount": 40000000}),
        'error', [
        'answers/bimtek-2/diskominfo.yaml:337: baris 1, "Pagu indikatif per tahun dan sumber dana" / "Sumber dana": sumber dana KPBU tidak tercantum pada program SG-01 (sumber dananya: APBD, CSR); tambahkan sumber itu pada program atau perbaiki rinciannya',
    ]),
    "quickwin-budget-fits": (budget_lines({"program": "SG-01", "year": 2027, "source": "APBD", "amount": 30000000},
                                          {"program": "SG-01", "year": 2028, "source": "APBD", "amount": 70000000}),
        'error', [
        'answers/bimtek-4/koordinator.yaml:13: quick win QW-01, "Quick win" / "Anggaran (Rupiah)": anggaran quick win QW-01 (Rp 50.000.000) melebihi pagu program SG-01 tahun 2027 menurut rincian pagu (Rp 30.000.000)',
    ]),
    "horizon-matches-roadmap": (in_table(programmes_file, "programs", 0, horizon="pendek"),
        'warning', [
        'answers/bimtek-2/diskominfo.yaml:19: program SG-01, "Daftar program" / "Jangka waktu": program SG-01 ditetapkan jangka pendek (≤ 1 tahun), tetapi di peta jalan memerlukan 2 tahun persiapan dan pembangunan (2027-2028) sebelum beroperasi; sesuaikan jangka waktu atau peta jalannya',
    ]),
    "program-exists": (in_table(stage(3), "action_plans", 1, program="SE-09"),
        'error', [
        'answers/bimtek-3/koordinator.yaml:189: rencana aksi RA-02, "Rencana aksi" / "Kode program terkait": program "SE-09" tidak ada di daftar program Bimtek II',
    ]),
    "quickwin-is-program": (in_table(stage(4), "quick_wins", 0, program="SG-77"),
        'error', [
        'answers/bimtek-4/koordinator.yaml:6: quick win QW-01, "Quick win" / "Kode program": quick win "QW-01" merujuk program "SG-77" yang tidak ada di Bimtek II; setiap quick win harus salah satu program yang telah dirumuskan',
    ]),
    "quickwin-matches-program": (in_table(stage(4), "quick_wins", 0, opd="DINKES", funding=["APBD", "KPBU"]),
        'warning', [
        'answers/bimtek-4/koordinator.yaml:12: quick win QW-01, "Quick win" / "OPD penanggung jawab": quick win QW-01 dipimpin DINKES, padahal program SG-01 dipimpin DISKOMINFO',
        'answers/bimtek-4/koordinator.yaml:14: quick win QW-01, "Quick win" / "Sumber dana": sumber dana KPBU quick win QW-01 tidak tercantum pada program SG-01',
    ]),
    "quickwin-not-cancelled": (in_table(stage(4), "reconfirmation", 0, result="dibatalkan"),
        'error', [
        'answers/bimtek-4/koordinator.yaml:6: quick win QW-01, "Quick win" / "Kode program": quick win "QW-01" merujuk program "SG-01" yang dibatalkan pada konfirmasi ulang; pilih program lain sebagai quick win atau ubah hasil konfirmasi ulangnya',
    ]),
    "elected-without-nip": (in_table(stage(4), "signatories", 0, nip="197001012000031001"),
        'warning', [
        'answers/bimtek-4/koordinator.yaml:74: baris 1, "Penanda tangan komitmen" / "NIP": Budi Santoso, S.H. adalah pejabat yang dipilih (kepala daerah, wakilnya atau pimpinan DPRD) dan menandatangani dengan nama saja, tanpa NIP; NIP ini tidak dicetak, hapus dari jawaban',
    ]),
    "quickwin-exists": (in_table(stage(4), "quick_win_schedule", 0, quick_win="QW-09"),
        'error', [
        'answers/bimtek-4/koordinator.yaml:22: baris 1, "Jadwal kegiatan quick win" / "Kode quick win": quick win "QW-09" tidak ada di daftar quick win Bimtek IV',
    ]),
    "program-on-roadmap": (pop_row(stage(3), "roadmap", 4),
        'error', [
        'answers/bimtek-3/: peta jalan program SB-02, "Peta jalan program": "Program Sb-Bisnis" belum ditempatkan di peta jalan: tambahkan baris "program: SB-02" pada roadmap di answers/bimtek-3/',
    ]),
    "roadmap-in-period": (in_table(stage(3), "action_plans", 0, start_year=2026),
        'error', [
        'answers/bimtek-3/koordinator.yaml:184: rencana aksi RA-01, "Rencana aksi" / "Tahun mulai": tahun 2026 di luar periode masterplan 2027-2036',
    ]),
    "year-order": (in_table(stage(3), "action_plans", 0, start_year=2030, end_year=2028),
        'error', [
        'answers/bimtek-3/koordinator.yaml:185: rencana aksi RA-01, "Rencana aksi" / "Tahun selesai": Tahun selesai (2028) tidak boleh sebelum Tahun mulai (2030)',
    ]),
    "program-has-innovation": (pop_row(stage(3), "innovations", 0),
        'warning', [
        'answers/bimtek-3/: inovasi program SG-01, "Inovasi per program": belum memiliki uraian inovasi: tambahkan baris "program: SG-01" pada innovations di answers/bimtek-3/',
    ]),
    "hr-action-plan": (in_table(stage(3), "action_plans", 3, category="aplikasi"),
        'warning', [
        'answers/bimtek-3/koordinator.yaml:175: "Rencana aksi": belum ada rencana aksi kategori literasi (pengembangan SDM dan masyarakat); evaluator mensyaratkan rencana aksi pengembangan SDM',
    ]),
    "application-count": (set_answer(stage(1), application_count=87),
        'warning', [
        'answers/bimtek-1/koordinator.yaml:105: "Jumlah aplikasi yang dimiliki pemerintah daerah": disebut 87 aplikasi, sedangkan inventaris memuat 1 baris; lengkapi inventaris atau jelaskan selisihnya pada pertanyaan penjelasan selisih jumlah aplikasi',
    ]),
    "readiness-scale": (set_answer(stage(1), readiness_summary="Rata-rata nilai kesiapan 2,7 dari 4."),
        'warning', [
        'answers/bimtek-1/koordinator.yaml:54: "Ringkasan analisis kesenjangan": teks menyebut "2,7 dari 4", padahal skala penilaian kesiapan 1 sampai 5; pakai skala yang sama dengan tabel kesiapan',
    ]),
    "indicator-targets-fit": (set_answer(stage(3), indicator_targets=[{"program": "SG-01", "year": 2031, "target": 80}]),
        'warning', [
        'answers/bimtek-3/koordinator.yaml:222: baris 1, "Target indikator per tahun" / "Tahun": program SG-01 tidak berjalan pada tahun 2031 menurut peta jalan',
        'answers/bimtek-3/koordinator.yaml:223: baris 1, "Target indikator per tahun" / "Target": target program SG-01 tahun 2031 (80) berbeda dengan target akhir periodenya di Bimtek II (10)',
    ]),
    "quickwin-count": (in_region(lambda d: d.update(quick_wins={"min": 3, "max": 6})),
        'warning', [
        'answers/bimtek-4/koordinator.yaml:4: "Quick win": jumlah quick win tahun 2027 adalah 1, di luar rentang yang ditetapkan (3-6)',
    ]),
    "quickwin-in-period": (in_table(stage(4), "quick_wins", 0, year=2040),
        'error', [
        'answers/bimtek-4/koordinator.yaml:21: quick win QW-01, "Quick win" / "Tahun pelaksanaan": quick win QW-01 dilaksanakan tahun 2040, di luar periode masterplan 2027-2036',
    ]),
    "quickwin-per-dimension": (in_region(lambda d: d.update(quick_wins={"min": 1, "max": 6, "dimensions": ["SG", "SB"]})),
        'warning', [
        'answers/bimtek-4/koordinator.yaml:4: "Quick win": quick win tahun 2027 belum mencakup dimensi SB (Smart Branding); sejak 2021 diharapkan satu quick win per dimensi (atur quick_wins.dimensions di region.yaml bila daerah menetapkan lain)',
    ]),
    "quickwin-on-roadmap": (in_table(stage(4), "quick_wins", 0, year=2031),
        'error', [
        'answers/bimtek-4/koordinator.yaml:6: quick win QW-01, "Quick win" / "Kode program": quick win QW-01 dilaksanakan tahun 2031, tetapi program SG-01 belum berjalan pada tahun itu di peta jalan (berjalan: 2027-2029); sesuaikan peta jalan Bimtek III atau tahun quick win',
    ]),
    "quickwin-schedule": (in_table(stage(4), "quick_win_schedule", 1, start_month=6, end_month=13),
        'error', [
        'answers/bimtek-4/koordinator.yaml:29: baris 2, "Jadwal kegiatan quick win" / "Bulan selesai (ke-)": tahapan "Peluncuran" quick win QW-01 berakhir pada bulan ke-13; quick win harus selesai dalam 12 bulan',
    ]),
    "quickwin-has-schedule": (lambda root: edit_yaml(answers(root, 4), lambda d: rows(d, "quick_win_schedule").clear()),
        'warning', [
        'answers/bimtek-4/koordinator.yaml:5: quick win QW-01, "Quick win": belum memiliki jadwal bulanan: tambahkan tahapan dengan "quick_win: QW-01" pada quick_win_schedule',
    ]),
    "program-reconfirmed": (pop_row(stage(4), "reconfirmation"),
        'warning', [
        'answers/bimtek-4/: konfirmasi program SV-03, "Konfirmasi ulang program": belum dikonfirmasi ulang: tambahkan baris "program: SV-03" pada reconfirmation di answers/bimtek-4/',
    ]),
    "commitment-covers-owners": (pop_row(stage(4), "signatories"),
        'warning', [
        'answers/bimtek-4/koordinator.yaml:70: "Penanda tangan komitmen": 1 OPD pemilik program belum ikut menandatangani Lembar Komitmen: DINKES; tambahkan kepala OPD tersebut (kolom opd) ke penanda tangan',
    ]),
    "wording-kind": (in_table(stage(3), "action_plans", 0, output="Rancangan Perbup tentang data desa"),
        'warning', [
        'answers/bimtek-3/koordinator.yaml:181: rencana aksi RA-01, "Rencana aksi" / "Keluaran": memakai sebutan "Perbup", padahal region.yaml menyatakan daerah ini kota; periksa apakah teks disalin dari dokumen daerah lain',
    ]),
    "workspace-format": (in_region(lambda d: d.update(format=1)),
        'warning', [
        'region.yaml:2: workspace berformat 1, format terkini 2; jalankan masterplan upgrade pada folder workspace ini (perubahannya disebutkan dan tercatat)',
    ]),
    "nip-valid": (in_region(lambda d: d["signatories"][0].update(nip="197801012003123001")),
        'error', [
        'region.yaml:29: Ir. Sari Dewi, M.T., "NIP": angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan), tertulis 3',
    ]),
    "signatory-required": (in_region(lambda d: d["signatories"][0].update(role="sekda")),
        'error', [
        'region.yaml:23: penanda tangan dengan peran ketua-tim belum ada di region.yaml',
    ]),
    "opd-code-unique": (in_region(lambda d: d["opds"].append({"code": "dinkes", "name": "Dinas Kesehatan Hewan"})),
        'error', [
        'region.yaml:21: kode OPD "DINKES" dipakai lebih dari sekali; setiap OPD memerlukan kode unik',
        'region.yaml:23: kode OPD "dinkes" dipakai lebih dari sekali; setiap OPD memerlukan kode unik',
    ]),
}


@pytest.mark.parametrize("rule", list(CASES))
def test_each_rule_says_where_and_what(minimal, rule):
    edit, severity, expected = CASES[rule]
    edit(minimal)
    found = problems_of(minimal, rule)
    assert [p.render() for p in found] == expected
    for problem in found:  # a problem in a stage's answers belongs to that stage (`check --stage` shows it)
        stage_folder = re.match(r"answers/bimtek-(\d)/", problem.where.file)
        assert problem.where.stage == (int(stage_folder.group(1)) if stage_folder else None)
    assert {p.severity for p in found} == {severity} == {next(r.severity for r in RULES if r.name == rule)}


def test_every_registered_rule_has_a_case_here():
    assert list(CASES) == [r.name for r in RULES]  # same order too: a new rule gets its case where it runs


# --- edges, from the rule: the period's first and last year, one-month activities, unstarted stages ---

PERIOD = (2027, 2036)  # tests/roots/minimal/region.yaml


def _roadmap_year(question: str):
    def edit(root: Path, year: int) -> None:
        edit_yaml(answers(root, 3), lambda d: rows(d, question)[0].update(years={year: "operasional"}))
    return edit


def _action_year(column: str):
    def edit(root: Path, year: int) -> None:
        # the other column stays inside (year-order may speak; only roadmap-in-period is looked at)
        edit_yaml(answers(root, 3), lambda d: rows(d, "action_plans")[0].update(
            {"start_year": 2030, "end_year": 2030, column: year}))
    return edit


def _budget_year(root: Path, year: int) -> None:
    budget_lines({"program": "SG-01", "year": year, "source": "APBD", "amount": 100000000})(root)


def _quick_win_year(root: Path, year: int) -> None:
    edit_yaml(answers(root, 4), lambda d: rows(d, "quick_wins")[0].update(year=year))


IN_PERIOD = {
    "roadmap": ("roadmap-in-period", _roadmap_year("roadmap")),
    "enabler roadmap": ("roadmap-in-period", _roadmap_year("enabler_roadmap")),
    "action plan start": ("roadmap-in-period", _action_year("start_year")),
    "action plan end": ("roadmap-in-period", _action_year("end_year")),
    "budget line": ("roadmap-in-period", _budget_year),
    "quick win": ("quickwin-in-period", _quick_win_year),
}


@pytest.mark.parametrize(("year", "inside"), [
    (PERIOD[0] - 1, False), (PERIOD[0], True), (PERIOD[1], True), (PERIOD[1] + 1, False),
], ids=["year-before", "first-year", "last-year", "year-after"])
@pytest.mark.parametrize("case", list(IN_PERIOD))
def test_the_periods_first_and_last_year_are_inside_it(minimal, case, year, inside):
    rule, edit = IN_PERIOD[case]
    edit(minimal, year)
    found = [p.params["year"] for p in problems_of(minimal, rule)]
    assert found == ([] if inside else [year])


@pytest.mark.parametrize(("start", "end", "fires"), [
    (3, 3, False), (3, 2, True), (1, 12, False), (12, 12, False), (12, 13, True),
], ids=["one-month", "ends-before-start", "whole-year", "last-month", "month-13"])
def test_a_quick_win_activity_of_one_month_fits_the_schedule(minimal, start, end, fires):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_win_schedule")[0].update(start_month=start, end_month=end))
    assert bool(problems_of(minimal, "quickwin-schedule")) is fires


@pytest.mark.parametrize(("start", "end", "fires"), [(2030, 2030, False), (2030, 2029, True)])
def test_an_action_plan_of_one_year_is_in_order(minimal, start, end, fires):
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "action_plans")[0].update(start_year=start, end_year=end))
    assert bool(problems_of(minimal, "year-order")) is fires
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].update(rpjmd_start=start, rpjmd_end=end))
    assert len(problems_of(minimal, "year-order")) == (2 if fires else 0)


# the rules that ask for a row of a later stage per programme speak only once that stage has begun
STAGE_GUARDED = {
    "program-on-roadmap": (3, pop_row(stage(3), "roadmap", 4)),
    "program-has-innovation": (3, pop_row(stage(3), "innovations", 0)),
    "quickwin-on-roadmap": (3, in_table(stage(4), "quick_wins", 0, year=2031)),
    "program-reconfirmed": (4, pop_row(stage(4), "reconfirmation")),
}


@pytest.mark.parametrize("rule", list(STAGE_GUARDED))
def test_a_stage_not_begun_gets_no_row_per_programme(minimal, rule):
    number, _ = STAGE_GUARDED[rule]
    for path in (minimal / "answers" / f"bimtek-{number}").iterdir():
        path.unlink()
    assert problems_of(minimal, rule) == []
    assert [p.rule for p in problems_of(minimal, "required")]  # the empty stage is reported, once per question


@pytest.mark.parametrize("rule", list(STAGE_GUARDED))
def test_the_guard_looks_at_its_own_stage(minimal, rule):
    number, edit = STAGE_GUARDED[rule]
    edit(minimal)
    other = {3: 4, 4: 3}[number]
    if rule != "quickwin-on-roadmap":  # its quick wins live in Bimtek IV
        for path in (minimal / "answers" / f"bimtek-{other}").iterdir():
            path.unlink()
    assert [p.rule for p in problems_of(minimal, rule)] == [rule]


@pytest.mark.parametrize(("kind", "text", "word"), [
    ("kota", "Peraturan Bupati lama masih berlaku.", "Bupati"),
    ("kota", "Rancangan Perbup disiapkan.", "Perbup"),
    ("kota", "Pemerintah Kabupaten tetangga bermitra.", "Pemerintah Kabupaten"),
    ("kota", "Wali Kota menetapkan kebijakan.", None),
    ("kota", "Kabupaten tetangga bermitra.", None),  # naming a neighbour is not the wrong kind
    ("kabupaten", "Wali Kota menetapkan kebijakan.", "Wali Kota"),
    ("kabupaten", "Walikota menetapkan kebijakan.", "Walikota"),
    ("kabupaten", "Rancangan Perwali disiapkan.", "Perwali"),
    ("kabupaten", "Pemerintah Kota tetangga bermitra.", "Pemerintah Kota"),
    ("kabupaten", "Bupati menetapkan kebijakan.", None),
    ("kabupaten", "Kotak saran tersedia.", None),
])
def test_wording_kind_in_answers_and_table_cells(minimal, kind, text, word):
    edit_yaml(minimal / "region.yaml", lambda d: d.update(kind=kind))
    set_answer(stage(1), geography=f"Wilayah ini berbukit dan berbatasan dengan laut. {text}")(minimal)  # min_length
    in_table(stage(3), "action_plans", 1, output=text)(minimal)
    found = [(p.where.file, p.where.row, p.params["word"]) for p in problems_of(minimal, "wording-kind")
             if p.where.question == "geography" or p.where.row == "rencana aksi RA-02"]
    expected = [("answers/bimtek-1/koordinator.yaml", None, word),
                ("answers/bimtek-3/koordinator.yaml", "rencana aksi RA-02", word)]
    assert found == (expected if word else [])


def _roadmap_of_sg01(years: dict[int, str]):
    return lambda root: edit_yaml(answers(root, 3), lambda d: rows(d, "roadmap")[0].update(years=years))


BUILD = {2027: "persiapan", 2028: "pembangunan"}


@pytest.mark.parametrize(("horizon", "years", "span"), [
    ("pendek", {2027: "pembangunan", 2028: "operasional"}, None),  # one year to deliver: short
    ("pendek", {**BUILD, 2029: "operasional"}, (2027, 2028, 2)),
    ("menengah", {**{y: "pembangunan" for y in range(2027, 2032)}, 2032: "operasional"}, None),  # five years
    ("menengah", {**{y: "pembangunan" for y in range(2027, 2033)}, 2033: "operasional"}, (2027, 2032, 6)),
    ("menengah", {y: "pembangunan" for y in range(2027, 2033)}, (2027, 2032, 6)),  # never operates: to its end
    ("pendek", {2027: "pembangunan"}, None),
    ("panjang", {y: "pembangunan" for y in range(2027, 2037)}, None),  # a long programme has no limit
], ids=["short-1", "short-2", "medium-5", "medium-6", "medium-6-never-operating", "short-only-year", "long"])
def test_the_horizon_is_the_years_until_a_programme_first_operates(minimal, horizon, years, span):
    in_table(programmes_file, "programs", 0, horizon=horizon)(minimal)
    _roadmap_of_sg01(years)(minimal)
    found = [(p.params["first"], p.params["last"], p.params["years"]) for p in problems_of(minimal, "horizon-matches-roadmap")]
    assert found == ([span] if span else [])


@pytest.mark.parametrize(("amounts", "fires"), [
    ((100000000, None), False),  # a blank amount adds nothing (its own cell is reported as required)
    ((60000000, 40000000), False),
    ((60000000, 40000001), True),
], ids=["blank-amount", "equal", "one-rupiah-more"])
def test_budget_lines_add_up_to_the_pagu(minimal, amounts, fires):
    budget_lines(*({"program": "SG-01", "year": 2027 + n, "source": "APBD", "amount": a}
                   for n, a in enumerate(amounts)))(minimal)
    assert bool(problems_of(minimal, "budget-plan-total")) is fires


@pytest.mark.parametrize(("in_2027", "fires"), [(50000000, False), (49999999, True)])
def test_a_quick_win_may_take_its_programmes_whole_budget_of_the_year(minimal, in_2027, fires):
    budget_lines({"program": "SG-01", "year": 2027, "source": "APBD", "amount": in_2027},
                 {"program": "SG-01", "year": 2028, "source": "APBD", "amount": 100000000 - in_2027},
                 {"program": "SG-01", "year": 2027, "source": "APBD", "amount": None})(minimal)
    assert bool(problems_of(minimal, "quickwin-budget-fits")) is fires  # the quick win's budget: 50 juta


@pytest.mark.parametrize(("years", "shown"), [
    ({2028: "operasional"}, "2028"), ({2028: "pembangunan", 2029: "operasional"}, "2028-2029"),
    ({2028: "persiapan", 2029: "pembangunan", 2030: "operasional"}, "2028-2030"),
], ids=["one-year", "two-years", "three-years"])
def test_the_years_a_quick_wins_programme_runs_are_shown_as_a_span(minimal, years, shown):
    _roadmap_of_sg01(years)(minimal)
    (problem,) = problems_of(minimal, "quickwin-on-roadmap")
    assert problem.params["active"] == shown and problem.params["year"] == 2027


def test_a_dimension_without_funding_answers_is_not_called_apbd_only(minimal):
    def change(data):
        sg = [row for row in rows(data, "programs") if row["dimension"] == "SG"]
        sg[0]["funding"] = ["APBD"]
        for row in sg[1:]:
            row["funding"] = []  # not answered: "required" speaks for these
    edit_yaml(programmes_file(minimal), change)
    (problem,) = problems_of(minimal, "non-apbd-funding")
    assert problem.params == {"dimension": "SG (Smart Governance)", "count": 1}


def test_the_last_years_target_is_compared_whatever_the_order_of_rows(minimal):
    targets = [{"program": "SG-01", "year": 2029, "target": 10}, {"program": "SG-01", "year": 2028, "target": 4}]
    set_answer(stage(3), indicator_targets=targets)(minimal)
    assert problems_of(minimal, "indicator-targets-fit") == []  # 2029 reaches the end target (10)
    targets.reverse()
    set_answer(stage(3), indicator_targets=[*targets, {"program": "SG-01", "year": 2028, "target": 7}])(minimal)
    assert problems_of(minimal, "indicator-targets-fit") == []


def test_the_owner_of_a_cancelled_programme_need_not_sign(minimal):
    def cancel(data):
        row = next(r for r in rows(data, "reconfirmation") if r["program"] == "SL-02")
        row.update(result="dibatalkan", note="Anggaran dialihkan.")
        data["answers"]["signatories"] = [s for s in rows(data, "signatories") if s.get("opd") != "DINKES"]
    edit_yaml(answers(minimal, 4), cancel)
    assert problems_of(minimal, "commitment-covers-owners") == []


def test_a_region_file_without_a_format_key_is_pointed_at_its_first_key(minimal):
    path = minimal / "region.yaml"
    text = path.read_text()
    path.write_text(text.replace("format: 2  # format workspace (masterplan upgrade)\n", ""))
    (problem,) = problems_of(minimal, "workspace-format")
    assert (problem.where.file, problem.where.line, problem.params["found"]) == ("region.yaml", 2, 1)  # after the comment
