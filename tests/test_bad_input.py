"""Bad input gets a located error in Indonesian, never a traceback, and no file is changed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import answers, problems_of

from masterplan import api
from masterplan.errors import WorkspaceNotFound
from masterplan.limits import MAX_FILE_BYTES


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()
    }


def only(root: Path, rule: str):
    found = problems_of(root, rule)
    assert len(found) == 1, [p.render() for p in problems_of(root)]
    return found[0]


def test_malformed_yaml_names_file_and_line(minimal):
    path = answers(minimal, 1)
    lines = path.read_text().splitlines()
    lines[5] = lines[5] + " : : ["
    path.write_text("\n".join(lines) + "\n")
    problem = only(minimal, "yaml-syntax")
    assert problem.where.file == "answers/bimtek-1/koordinator.yaml"
    assert problem.where.line == 6
    assert "Periksa indentasi" in problem.render()


def test_tab_indentation(minimal):
    path = answers(minimal, 2)
    text = path.read_text()
    path.write_text(text.replace("  plan_financing", "\tplan_financing"))
    problem = only(minimal, "yaml-syntax")
    tab_line = next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if line.startswith("\t"))
    assert problem.where.line == tab_line and problem.where.file == "answers/bimtek-2/koordinator.yaml"


def test_duplicated_key_names_both_lines(minimal):
    path = answers(minimal, 1)
    path.write_text(path.read_text() + "  area_km2: 50\n")
    problem = only(minimal, "yaml-duplicate-key")
    assert problem.params["key"] == "area_km2"
    assert problem.where.line == len(path.read_text().splitlines())
    assert problem.message() == f'kunci "area_km2" ditulis dua kali (pertama di baris {problem.params["first"]}); hapus salah satunya'


def test_control_character(minimal):
    path = answers(minimal, 1)
    path.write_text(path.read_text().replace("dataran rendah", "dataran\x07rendah"))
    problem = only(minimal, "yaml-control-char")
    assert problem.params["code"] == "U+0007"
    assert problem.where.line == 4


def test_not_utf8(minimal):
    answers(minimal, 3).write_bytes("stage: 3\nanswers:\n  roadmap: caf\xe9\n".encode("latin-1"))
    assert only(minimal, "file-encoding").params["position"] == len("stage: 3\nanswers:\n  roadmap: caf")


def test_empty_file(minimal):
    answers(minimal, 3, "dinkes").write_text("")
    problem = only(minimal, "file-empty")
    assert problem.where.file == "answers/bimtek-3/dinkes.yaml"


def test_file_that_is_a_list(minimal):
    answers(minimal, 3, "dinkes").write_text("- roadmap\n- innovations\n")
    assert only(minimal, "file-not-mapping").message() == "isi berkas harus berupa daftar kunci: nilai, bukan daftar"


def test_fifty_megabyte_file_is_not_read(minimal):
    path = answers(minimal, 3, "dinkes")
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: stat says 50 MB, nothing is read
    problem = only(minimal, "file-too-large")
    assert problem.params == {"size": "50.0 MB", "limit": f"{MAX_FILE_BYTES / 1024 / 1024:.1f} MB"}


def test_alias_bomb_is_refused(minimal):
    bomb = ["stage: 3", "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    answers(minimal, 3, "dinkes").write_text("\n".join(bomb) + "\n")
    assert only(minimal, "yaml-anchor").where.line == 3  # the first alias (*a0)


def test_answers_file_leaving_the_workspace(minimal, tmp_path):
    outside = tmp_path / "rahasia.yaml"
    outside.write_text("stage: 3\nanswers: {roadmap: []}\n")
    (minimal / "answers" / "bimtek-3" / "dinkes.yaml").symlink_to(outside)
    problem = only(minimal, "file-outside-workspace")
    assert problem.where.file == "answers/bimtek-3/dinkes.yaml"
    assert str(outside) in problem.message()


def test_stage_folder_leaving_the_workspace(minimal, tmp_path):
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    (elsewhere / "dinkes.yaml").write_text("stage: 4\n")
    (minimal / "answers" / "bimtek-4").rename(minimal / "bimtek-4-lama")
    (minimal / "answers" / "bimtek-4").symlink_to(elsewhere, target_is_directory=True)
    assert only(minimal, "file-outside-workspace").where.file == "answers/bimtek-4"


def test_emblem_path_leaving_the_workspace(minimal):
    path = minimal / "region.yaml"
    path.write_text(path.read_text() + "emblem: ../../../../etc/passwd\n")
    problem = only(minimal, "file-outside-workspace")
    assert problem.where.file == "region.yaml"
    assert problem.where.line == len(path.read_text().splitlines())  # the line that names it


def test_bad_file_names(minimal):
    for name in ("Data Lama.yaml", "dinkes.yml", "..yaml"):
        (minimal / "answers" / "bimtek-3" / name).write_text("stage: 3\n")
    names = {p.params["name"] for p in problems_of(minimal, "file-bad-name")}
    assert names == {"Data Lama.yaml", "dinkes.yml"}  # dot-files are ignored like editor files


def test_unknown_contributor(minimal):
    answers(minimal, 3, "dishub").write_text("stage: 3\n")
    problem = only(minimal, "unknown-contributor")
    assert "dishub" in problem.message() and "koordinator" in problem.message()


def test_unknown_keys_everywhere(minimal):
    region = minimal / "region.yaml"
    region.write_text(region.read_text() + "bupati: Budi\n")
    path = answers(minimal, 2)
    text = path.read_text().replace("answers:\n", "jawaban: 1\nanswers:\n  rencana_infra: x\n", 1)
    path.write_text(text)
    programs = answers(minimal, 2, "dinkes")
    programs.write_text(programs.read_text().replace("      budget:", "      anggaran: 5\n      budget:", 1))
    rendered = [p.render() for p in problems_of(minimal) if p.severity == "error"]
    assert any(r.startswith("region.yaml:") and 'kunci "bupati" tidak dikenal' in r and "signatories" in r
               for r in rendered)
    assert any('kunci "jawaban" tidak dikenal' in r for r in rendered)
    assert any('pertanyaan "rencana_infra" tidak ada di kuesioner Bimtek 2' in r for r in rendered)
    assert any('kolom "anggaran" tidak dikenal' in r and "program SL-02" in r for r in rendered)


def test_wrong_types_in_region(minimal):
    region = minimal / "region.yaml"
    region.write_text(region.read_text().replace("kind: kota", "kind: kecamatan").replace("start: 2027", "start: tahun depan"))
    rendered = [p.render() for p in problems_of(minimal)]
    assert any(r.startswith("region.yaml:4:") and "harus salah satu dari: kabupaten, kota" in r for r in rendered)
    assert any("period.start" in r and "bilangan bulat" in r for r in rendered)
    assert not [r for r in rendered if "tidak terdaftar" in r], "OPD codes are salvaged from a broken region"


def test_stage_declared_differently(minimal):
    path = answers(minimal, 2)
    path.write_text(path.read_text().replace("stage: 2", "stage: 3"))
    assert only(minimal, "stage-mismatch").where.line == 2


def test_not_a_workspace(tmp_path):
    with pytest.raises(WorkspaceNotFound, match="masterplan init"):
        api.check(tmp_path)


def test_check_never_modifies_input(minimal):
    path = answers(minimal, 2, "diskominfo")
    path.write_text(path.read_text().replace("budget: 100000000", "budget: seratus juta", 1))
    before = snapshot(minimal)
    mtimes = {p: os.stat(p).st_mtime_ns for p in minimal.rglob("*.yaml")}
    problem = only(minimal, "type-rupiah")
    assert problem.where.row == "program SG-01"
    assert snapshot(minimal) == before
    assert {p: os.stat(p).st_mtime_ns for p in minimal.rglob("*.yaml")} == mtimes


def test_invalid_answers_are_kept_not_dropped(minimal):
    path = answers(minimal, 2, "diskominfo")
    path.write_text(path.read_text().replace("budget: 100000000", "budget: seratus juta", 1))
    result = api.check(minimal)
    row = next(r for r in result.plan.rows(2, "programs") if r.get("code") == "SG-01")
    cell = row.cells["budget"]
    assert (cell.raw, cell.value, cell.valid) == ("seratus juta", None, False)
    assert len(result.plan.rows(2, "programs")) == 18


def test_wrong_year_status_points_at_its_own_line(minimal):
    path = answers(minimal, 3)
    text = path.read_text()
    assert "        2029: operasional\n" in text
    path.write_text(text.replace("        2029: operasional\n", "        2029: beroperasi\n", 1))
    problem = only(minimal, "type-timeline-status")
    wrong_line = path.read_text().splitlines().index("        2029: beroperasi") + 1
    assert problem.where.line == wrong_line
    assert problem.message().startswith('tahun 2029: "beroperasi" bukan status yang tersedia')


def test_wrong_funding_item_points_at_its_own_line(minimal):
    path = answers(minimal, 2, "diskominfo")
    text = path.read_text()
    path.write_text(text.replace("        - CSR\n", "        - hibah swasta\n", 1))
    problem = only(minimal, "type-choice")
    assert problem.where.line == path.read_text().splitlines().index("        - hibah swasta") + 1


def test_emblem_outside_assets_is_named(minimal):
    (minimal / "lambang.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    region = minimal / "region.yaml"
    region.write_text(region.read_text() + "emblem: lambang.png\n")
    problem = only(minimal, "emblem-not-in-assets")
    assert problem.message() == (
        "lambang harus disimpan di folder assets/ workspace (tertulis lambang.png), misalnya assets/lambang.png"
    )
