"""Each cross-stage rule: it stays silent on the minimal workspace and fires when broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOTS, answers, edit_yaml, problems_of

from masterplan import api
from masterplan.document.model import Signatures
from masterplan.rules import RULES


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


def test_quickwin_is_program(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_wins")[0].update(program="SG-77"))
    (problem,) = breaks(minimal, "quickwin-is-program")
    assert problem.where.row == "quick win QW-01" and problem.where.column == "Kode program"


def test_program_exists(minimal):
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "action_plans")[1].update(program="SE-09"))
    (problem,) = breaks(minimal, "program-exists")
    assert problem.where.row == "rencana aksi RA-02"
    assert problem.message() == 'program "SE-09" tidak ada di daftar program Bimtek II'


def test_quickwin_exists(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_win_schedule")[0].update(quick_win="QW-09"))
    breaks(minimal, "quickwin-exists")


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


def test_dimension_has_programs(minimal):
    edit_yaml(answers(minimal, 2, "diskominfo"),
              lambda d: d["answers"].update(programs=[r for r in rows(d, "programs") if r["dimension"] != "SV"]))
    (problem,) = breaks(minimal, "dimension-has-programs")
    assert problem.params["dimension"] == "SV (Smart Environment)"


def test_subdimension_covered(minimal):
    edit_yaml(answers(minimal, 2, "diskominfo"),
              lambda d: d["answers"].update(programs=[r for r in rows(d, "programs") if r["code"] != "SS-02"]))
    (problem,) = breaks(minimal, "subdimension-covered", "warning")
    assert "SS-BELAJAR" in problem.message()


def test_subdimension_matches_dimension(minimal):
    edit_yaml(answers(minimal, 2, "diskominfo"), lambda d: rows(d, "programs")[0].update(subdimension="SL-MOBILITAS"))
    (problem,) = breaks(minimal, "subdimension-matches-dimension")
    assert problem.where.row == "program SG-01"


def test_program_code_dimension(minimal):
    edit_yaml(answers(minimal, 2, "diskominfo"), lambda d: rows(d, "programs")[0].update(dimension="SB", subdimension="SB-BISNIS"))
    breaks(minimal, "program-code-dimension", "warning")


def test_program_mission_exists(minimal):
    edit_yaml(answers(minimal, 2, "diskominfo"), lambda d: rows(d, "programs")[0].update(rpjmd_mission=7))
    (problem,) = breaks(minimal, "program-mission-exists")
    assert problem.message() == "misi RPJMD nomor 7 tidak ada di Bimtek I; nomor misi yang ada: 1, 2"


def test_non_apbd_funding(minimal):
    def apbd_only(data):
        for row in rows(data, "programs"):
            row["funding"] = ["APBD"]
    edit_yaml(answers(minimal, 2, "diskominfo"), apbd_only)
    breaks(minimal, "non-apbd-funding", "warning")


def test_year_order(minimal):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].update(rpjmd_end=2024))
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "action_plans")[0].update(start_year=2030, end_year=2028))
    found = breaks(minimal, "year-order")
    assert len(found) == 2
    assert found[0].message() == "Tahun akhir periode RPJMD (2024) tidak boleh sebelum Tahun awal periode RPJMD (2025)"


def test_program_has_innovation(minimal):
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "innovations").pop(0))
    breaks(minimal, "program-has-innovation", "warning")


def test_hr_action_plan(minimal):
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "action_plans")[3].update(category="aplikasi"))
    breaks(minimal, "hr-action-plan", "warning")


def test_quickwin_count(minimal):
    edit_yaml(minimal / "region.yaml", lambda d: d.update(quick_wins={"min": 3, "max": 6}))
    (problem,) = breaks(minimal, "quickwin-count", "warning")
    assert problem.message() == "jumlah quick win tahun 2027 adalah 1, di luar rentang yang ditetapkan (3-6)"


def test_quickwin_schedule(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_win_schedule")[1].update(start_month=6, end_month=13))
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_win_schedule")[0].update(start_month=5, end_month=2))
    found = breaks(minimal, "quickwin-schedule")
    messages = sorted(p.message() for p in found)
    assert messages == [
        'tahapan "Peluncuran" quick win QW-01 berakhir pada bulan ke-13; quick win harus selesai dalam 12 bulan',
        'tahapan "Persiapan" quick win QW-01 berakhir (bulan ke-2) sebelum dimulai (bulan ke-5)',
    ]


def test_quickwin_has_schedule(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_win_schedule").clear())
    breaks(minimal, "quickwin-has-schedule", "warning")


def test_program_reconfirmed(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "reconfirmation").pop())
    breaks(minimal, "program-reconfirmed", "warning")


def test_nip_valid_in_region(minimal):
    edit_yaml(minimal / "region.yaml", lambda d: d["signatories"][0].update(nip="197801012003123001"))
    (problem,) = breaks(minimal, "nip-valid")
    assert problem.where.file == "region.yaml" and problem.where.line == 29
    assert "1 (laki-laki) atau 2 (perempuan)" in problem.message()


def test_nip_valid_in_answers(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "signatories")[1].update(nip="12345"))
    (problem,) = breaks(minimal, "nip-valid")
    assert problem.where.file == "answers/bimtek-4/koordinator.yaml"


def test_signatory_required(minimal):
    edit_yaml(minimal / "region.yaml", lambda d: d["signatories"][0].update(role="sekda"))
    breaks(minimal, "signatory-required")


def test_opd_code_unique(minimal):
    edit_yaml(minimal / "region.yaml", lambda d: d["opds"].append({"code": "dinkes", "name": "Dinas Kesehatan Hewan"}))
    breaks(minimal, "opd-code-unique")


def test_opd_exists(minimal):
    edit_yaml(answers(minimal, 3), lambda d: rows(d, "enabler_roadmap")[0].update(opd="DISHUB"))
    (problem,) = breaks(minimal, "opd-exists")
    assert problem.where.row == "enabler EN-01"


def test_budget_non_negative(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "quick_wins")[0].update(budget=-1))
    breaks(minimal, "budget-non-negative")


@pytest.mark.parametrize("rule", [r.name for r in RULES])
def test_every_registered_rule_has_a_test_here(rule):
    here = Path(__file__)
    source = here.read_text() + (here.parent / "test_real_plans.py").read_text()  # rules of real plans there
    assert f'"{rule}"' in source.replace('@pytest.mark.parametrize("rule"', ""), rule


def test_rules_have_messages_in_both_languages():
    from masterplan.messages import MESSAGES

    for rule in RULES:
        text_id, text_en = MESSAGES[rule.name]
        assert text_id and text_en and text_id != text_en


def test_wording_kind(minimal):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].update(geography="Wilayah kota ini kecil dan padat; peraturan Bupati lama masih berlaku di sana."))
    (problem,) = breaks(minimal, "wording-kind", "warning")
    assert problem.where.file == "answers/bimtek-1/koordinator.yaml" and problem.where.line
    assert problem.message().startswith('memakai sebutan "Bupati", padahal region.yaml menyatakan daerah ini kota')


def test_quickwin_not_cancelled(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "reconfirmation")[0].update(result="dibatalkan"))
    (problem,) = breaks(minimal, "quickwin-not-cancelled")
    assert problem.where.row == "quick win QW-01" and problem.where.column == "Kode program"
    assert problem.message().startswith('quick win "QW-01" merujuk program "SG-01" yang dibatalkan')


def test_elected_without_nip(minimal):
    edit_yaml(answers(minimal, 4), lambda d: rows(d, "signatories")[0].update(nip="197001012000031001"))
    (problem,) = breaks(minimal, "elected-without-nip", "warning")
    assert problem.where.column == "NIP" and problem.where.line
    assert problem.message().startswith("Budi Santoso, S.H. adalah pejabat yang dipilih")
    document = api.document(minimal, "draft")[0]
    printed = [s for blocks in document.block_lists() for block in blocks if isinstance(block, Signatures)
               for s in block.blocks if s.name == "Budi Santoso, S.H."]
    assert printed and all(s.nip is None for s in printed)
