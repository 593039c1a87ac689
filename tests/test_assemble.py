"""The document model: outline as data, Kabupaten/Kota wording, placeholders, determinism."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOTS, answers, edit_yaml

from masterplan import api
from masterplan.document.model import Document, Placeholder, RoadmapGrid, Signatures, Table
from masterplan.errors import BuildRefused, QuestionnaireError, TemplateProblem
from masterplan.formatting import angka, nip_printed, rupiah, rupiah_short, tanggal

DAY = dt.date(2026, 11, 23)


def build(root: Path, mode: str = "draft") -> Document:
    return api.document(root, mode, DAY)[0]


@pytest.fixture(scope="module")
def example_document() -> Document:
    return build(EXAMPLE)


def all_text(document: Document) -> str:
    return document.model_dump_json()


def test_formatting_is_indonesian():
    assert tanggal(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert rupiah(1_500_000_000) == "Rp 1.500.000.000"
    assert rupiah_short(1_500_000_000) == "Rp 1,5 miliar"
    assert rupiah_short(750_000_000) == "Rp 750 juta"
    assert angka(12.5) == "12,5"
    assert nip_printed("197005121996031004") == "19700512 199603 1 004"


def test_example_follows_the_outline(example_document: Document):
    chapters = [(c.number, c.title) for c in example_document.chapters]
    assert chapters[0] == ("I", "PENDAHULUAN") and chapters[-1] == ("VII", "PENUTUP")
    assert len(chapters) == 7
    assert [p.title for p in example_document.front][:4] == [
        "LEMBAR PENGESAHAN", "KATA SAMBUTAN BUPATI SUKAMAJU", "KATA PENGANTAR", "DAFTAR ISI"
    ]
    assert example_document.placeholders() == []
    numbers = [t.number for t in example_document.tables()]
    assert len(numbers) == len(set(numbers)), "table numbers are unique"
    assert all(re.fullmatch(r"(\d+|L)\.\d+", n) for n in numbers)


def test_example_roadmap_has_every_programme_and_every_year(example_document: Document):
    grids = [t for t in example_document.tables() if isinstance(t, RoadmapGrid)]
    programme_grids = [g for g in grids if g.caption.startswith("Peta Jalan Dimensi")]
    assert len(programme_grids) == 6
    assert all(g.years == list(range(2027, 2037)) for g in grids)
    codes = [row.code for g in programme_grids for row in g.rows]
    plan = api.check(EXAMPLE).plan
    assert plan is not None
    assert sorted(codes) == sorted(r.get("code") for r in plan.rows(2, "programs"))
    assert all(len(row.statuses) == 10 for g in grids for row in g.rows)


def test_example_approval_page_carries_the_signatories(example_document: Document):
    approval = example_document.front[0]
    blocks = [b for b in approval.blocks if isinstance(b, Signatures)]
    leader = blocks[0].blocks[0]
    assert leader.name == "Ir. Bambang Setiawan, M.T."
    assert leader.nip == "19700512 199603 1 004"
    assert leader.rank and "(IV/" in leader.rank
    assert " selaku " in leader.position
    head = blocks[-1].blocks[0]
    assert (head.position, head.rank, head.nip) == ("BUPATI SUKAMAJU", None, None)


def test_kabupaten_wording_never_says_kota(example_document: Document):
    text = all_text(example_document)
    assert "Bupati" in text and "Peraturan Bupati" in text
    assert not re.search(r"Wali ?Kota|Perwali|Pemerintah Kota", text)


def test_kota_wording_never_says_kabupaten():
    text = all_text(build(ROOTS / "minimal"))
    assert "Wali Kota" in text and "Peraturan Wali Kota" in text and "Pemerintah Kota Contoh Kecil" in text
    assert not re.search(r"Bupati|Perbup|Kabupaten", text)


def test_model_is_deterministic():
    first, second = build(ROOTS / "minimal"), build(ROOTS / "minimal")
    assert first.model_dump_json() == second.model_dump_json()
    assert first.meta.build_date == DAY


def test_minimal_document_golden(update_goldens: bool):
    """The whole model of the minimal workspace, as JSON; update deliberately with --update-goldens."""
    golden = ROOTS / "minimal" / "expects" / "document.json"
    data = json.loads(build(ROOTS / "minimal").model_dump_json())
    data["cover"]["emblem"] = None  # absolute paths differ between machines
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_unanswered_question_becomes_a_placeholder_and_a_review_note(minimal: Path):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].pop("geography"))
    document = build(minimal)
    (placeholder,) = document.placeholders()
    assert isinstance(placeholder, Placeholder)
    assert placeholder.text == "[BELUM DIISI: Kondisi geografis]"
    notes = document.appendices[-1]
    assert notes.title == "Catatan Pemeriksaan"
    table = next(b for b in notes.blocks if isinstance(b, Table))
    assert any("Kondisi geografis" in row.cells[2] for row in table.rows)


def test_final_mode_refuses_errors_and_has_no_review_notes(minimal: Path):
    final = build(minimal, "final")
    assert final.meta.mode == "final"
    assert all(a.title != "Catatan Pemeriksaan" for a in final.appendices)
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].pop("geography"))
    with pytest.raises(BuildRefused) as refused:
        build(minimal, "final")
    assert "Kondisi geografis" in str(refused.value)
    assert refused.value.exit_code == 1


def test_workspace_overrides_outline_and_prose(minimal: Path):
    text_dir = minimal / "templates" / "text"
    text_dir.mkdir(parents=True)
    (text_dir / "outline.yaml").write_text(
        "title: RENCANA INDUK SMART CITY\nfront: []\nchapters:\n"
        "  - title: PENDAHULUAN\n    sections:\n      - title: Latar Belakang\n"
        "        content: [{prose: latar_belakang}]\n",
        encoding="utf-8",
    )
    (text_dir / "latar_belakang.j2").write_text("Teks milik {{ w.daerah }}.\n", encoding="utf-8")
    document = build(minimal)
    assert [c.title for c in document.chapters] == ["PENDAHULUAN"]
    assert document.chapters[0].sections[0].blocks[0].text == "Teks milik Kota Contoh Kecil."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("outline", "template", "error", "expected"),
    [
        ("content: [{prose: latar_belakang}]", "{{ tidak_ada }}", TemplateProblem, "'tidak_ada' is undefined"),
        ("content: [{build: tidak_ada}]", None, TemplateProblem, "build tidak dikenal: tidak_ada"),
        ("content: [{prose: a, build: b}]", None, QuestionnaireError, "tepat satu"),
        ("content: [{prose: tidak_ada}]", None, TemplateProblem, "tidak_ada.j2 tidak ditemukan"),
        ("content: [{text: 1.geografi}]", None, TemplateProblem, "text: 1.geografi harus menunjuk pertanyaan uraian"),
        ("content: [{text: 2.programs}]", None, TemplateProblem, "text: 2.programs harus menunjuk"),
    ],
)
def test_broken_outline_or_template_is_a_clear_error(minimal: Path, outline, template, error, expected):
    text_dir = minimal / "templates" / "text"
    text_dir.mkdir(parents=True)
    (text_dir / "outline.yaml").write_text(
        "title: X\nfront: []\nchapters:\n  - title: A\n    sections:\n      - title: B\n"
        f"        {outline}\n",
        encoding="utf-8",
    )
    if template is not None:
        (text_dir / "latar_belakang.j2").write_text(template, encoding="utf-8")
    with pytest.raises(error) as raised:
        build(minimal)
    assert expected in str(raised.value)


def test_unanswered_value_in_prose_is_marked_not_none(minimal: Path):
    edit_yaml(answers(minimal, 1), lambda d: d["answers"].pop("rpjmd_start"))
    text = all_text(build(minimal))
    assert "(RPJMD) Kota Contoh Kecil Tahun [BELUM DIISI]–2029" in text
    assert "None" not in text


def test_a_programme_cancelled_at_reconfirmation_leaves_tables_roadmap_and_totals(example: Path):
    before = build(example)

    def cancel(data):
        row = next(r for r in data["answers"]["reconfirmation"] if r["program"] == "SG-01")
        row["result"] = "dibatalkan"
        row["note"] = "Digabung dengan program SG-02 sesuai kesepakatan Bimtek IV."

    target = next(p for p in (example / "answers" / "bimtek-4").glob("*.yaml")
                  if "program: SG-01" in p.read_text(encoding="utf-8"))
    edit_yaml(target, cancel)
    after = build(example)

    def programme_rows(document: Document) -> list[str]:
        return [row.cells[0] for t in document.tables() if isinstance(t, Table)
                and t.caption.startswith("Program Dimensi") for row in t.rows if not row.group]

    def roadmap_codes(document: Document) -> list[str]:
        return [row.code for t in document.tables() if isinstance(t, RoadmapGrid)
                and t.caption.startswith("Peta Jalan Dimensi") for row in t.rows]

    assert "SG-01" in programme_rows(before) and "SG-01" not in programme_rows(after)
    assert len(programme_rows(after)) == len(programme_rows(before)) - 1
    assert "SG-01" in roadmap_codes(before) and "SG-01" not in roadmap_codes(after)
    text = all_text(after)
    assert "1 program dibatalkan pada konfirmasi ulang Bimtek IV dan tidak dimuat" in text
    assert "Dokumen ini memuat 69 program pembangunan" in text and "memuat 70 program" not in text
    assert "Rp 8,5 miliar" not in " ".join(c for t in after.tables() if isinstance(t, Table)
                                          and t.caption.startswith("Program Dimensi Smart Governance")
                                          for row in t.rows for c in row.cells)
