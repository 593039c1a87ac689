"""The text a mentor would return, fixed by mechanism: each mechanism and where the example shows it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import EXAMPLE, answers, edit_yaml

from masterplan import api
from masterplan.document.assemble import assemble
from masterplan.document.builders.roadmap import distinct
from masterplan.document.model import BulletList, Document, Heading, Paragraph, Table
from masterplan.formatting import daftar, judul, unwrap, year_range

DAY = dt.date(2026, 12, 1)


def document(root: Path) -> Document:
    result = api.load_plan(root)
    assert result.plan is not None
    return assemble(result.plan, DAY, workspace=root)


@pytest.fixture(scope="module")
def example() -> Document:
    return document(EXAMPLE)


def tables(model: Document) -> list[Table]:
    return [b for blocks in model.block_lists() for b in blocks if isinstance(b, Table)]


def prose(model: Document) -> str:
    texts = []
    for blocks in model.block_lists():
        for block in blocks:
            texts += [block.text] if isinstance(block, Paragraph) else getattr(block, "items", [])
    return "\n".join(texts)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Kebijakan dan kelembagaan", "Kebijakan dan Kelembagaan"),
        ("Perangkat lunak/aplikasi", "Perangkat Lunak/Aplikasi"),
        ("Literasi (SDM dan masyarakat)", "Literasi (SDM dan Masyarakat)"),
        ("dari desa ke kota", "Dari Desa ke Kota"),  # the first word always
        ("e-Sakti untuk warga", "e-Sakti untuk Warga"),  # a word with a capital stays as written
    ],
)
def test_one_capitalisation_rule_for_headings_and_captions(text, title):
    assert judul(text) == title
    assert Heading(level=3, text=text).text == title


def test_headings_and_captions_of_the_example_follow_the_rule(example):
    titles = [b.text for blocks in example.block_lists() for b in blocks if isinstance(b, Heading)]
    titles += [t.caption for t in tables(example)]
    assert "Kebijakan dan Kelembagaan" in titles and "Rencana Aksi Kebijakan dan Kelembagaan" in titles
    assert all(judul(title) == title for title in titles)


@pytest.mark.parametrize(
    ("typed", "printed"),
    [("Alun- alun kabupaten", "Alun-alun kabupaten"), ("Sukamaju - Semarang", "Sukamaju - Semarang"),
     ("pra- dan pascabencana", "pra- dan pascabencana")],
)
def test_a_word_hyphenated_across_a_wrapped_line_is_mended(typed, printed):
    assert unwrap(typed) == printed  # a suspended hyphen before "dan"/"atau" is Indonesian, not a wrap


def test_years_lists_and_repeated_text_print_once():
    assert year_range(2027, 2027) == "2027" and year_range(2027, 2029) == "2027–2029"
    assert daftar([2025]) == "2025" and daftar([2025, 2026]) == "2025 dan 2026"
    assert daftar(["SG", "SB", "SE"]) == "SG, SB dan SE"
    assert distinct("Aplikasi SAMBUNG", "Aplikasi SAMBUNG") == ["Aplikasi SAMBUNG"]
    assert distinct("Aplikasi", "Aplikasi SAMBUNG aktif") == ["Aplikasi SAMBUNG aktif"]
    assert distinct("-", "Indikator") == ["Indikator"]


def test_action_plans_are_ordered_by_code_within_each_table(example):
    for table in tables(example):
        if table.caption.startswith("Rencana Aksi"):
            codes = [r.cells[0] for r in table.rows if not r.group]
            assert codes == sorted(codes, key=lambda c: int(c.split("-")[1])), table.caption


def test_one_year_action_prints_one_year(minimal):
    edit_yaml(answers(minimal, 3), lambda d: d["answers"]["action_plans"][0].update(start_year=2027, end_year=2027))
    plans = [t for t in tables(document(minimal)) if t.caption.startswith("Rencana Aksi")]
    years = [r.cells[5] for t in plans for r in t.rows]
    assert "2027" in years and "2027–2027" not in years


def test_funding_sources_print_their_labels_not_their_codes(example):
    cells = [c for t in tables(example) if t.caption.startswith("Program Dimensi") for r in t.rows for c in r.cells]
    assert any("APBDes" in c for c in cells)
    assert not any(code in c.split(", ") for c in cells for code in ("APBDES", "SWASTA", "MASYARAKAT", "APBN"))


def test_tables_are_referred_to_by_number(example):
    text = prose(example)
    assert "tabel berikut" not in text.lower()
    assert "sebagaimana tercantum pada Tabel 5.1." in text
    assert "Indikator makroekonomi utama disajikan pada Tabel 2.1;" in text


def test_the_legal_basis_is_a_numbered_list_ending_with_the_regions_acts(example):
    (basis,) = [b for b in example.chapters[0].sections[3].blocks if isinstance(b, BulletList)]
    assert basis.ordered
    assert basis.items[-3].startswith("Keputusan Bupati Sukamaju Nomor 050/412 Tahun 2026 tentang Pembentukan")
    assert basis.items[-1].startswith("Peraturan Bupati Sukamaju Nomor 12 Tahun 2027 tentang")


def test_the_daftar_singkatan_lists_what_the_document_uses(example, minimal):
    (page,) = [p for p in example.front if p.role == "abbreviations"]
    (entries,) = [b.items for b in page.blocks if isinstance(b, BulletList)]
    assert "Diskominfo: Dinas Komunikasi dan Informatika" in entries
    assert "APBD: Anggaran Pendapatan dan Belanja Daerah" in entries
    assert not any(e.startswith("Bagian Organisasi:") for e in entries), "a short name that only shortens"
    assert entries == sorted(entries, key=str.casefold)
    small = next(p for p in document(minimal).front if p.role == "abbreviations")
    listed = [i.split(":")[0] for b in small.blocks if isinstance(b, BulletList) for i in b.items]
    assert "TOWS" not in listed and "APBD" in listed


def test_foreign_terms_are_found_in_lower_case_only():
    from masterplan.document.foreign import split_foreign

    pieces = split_foreign("Program quick wins, dashboard-nya dan Dewan Smart City; smart  city.")
    assert [p for p, foreign in pieces if foreign] == ["quick wins", "dashboard", "smart  city"]
    assert "".join(p for p, _ in pieces) == "Program quick wins, dashboard-nya dan Dewan Smart City; smart  city."
    assert split_foreign("e-commerce-ready roadmapping") == [("e-commerce-ready roadmapping", False)]


def test_rupiah_spacing_is_a_setting_of_the_region():
    from masterplan.formatting import rupiah, rupiah_short, rupiah_style

    tirtamaya = document(EXAMPLE.parent / "tirtamaya")  # region.yaml: rupiah: Rp1.500 (EYD)
    summary = next(t for t in tables(tirtamaya) if t.caption.startswith("Rekapitulasi Program"))
    amounts = [row.cells[2] for row in summary.rows]
    assert amounts and all(a.startswith("Rp") and not a.startswith("Rp ") for a in amounts)
    sukamaju = next(t for t in tables(document(EXAMPLE)) if t.caption.startswith("Rekapitulasi Program"))
    assert all(row.cells[2].startswith("Rp ") for row in sukamaju.rows)  # the default keeps the space
    with rupiah_style("Rp1.500"):
        assert (rupiah(1500), rupiah_short(2.5e9)) == ("Rp1.500", "Rp2,5 miliar")
    assert rupiah(1500) == "Rp 1.500"  # only inside the setting
