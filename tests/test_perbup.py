"""The draft Peraturan Bupati/Wali Kota: the parts of regional legal drafting, in order, and its Lampiran."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE, copy_root, edit_yaml
from test_layout import word_boxes

from masterplan import api
from masterplan.document.builders.regulation import legal_blocks
from masterplan.document.model import Article, Block, Paragraph, Recital, Signatures
from masterplan.errors import TemplateProblem
from masterplan.renderers import office

DAY = dt.date(2026, 12, 1)


def _texts(blocks: list[Block]) -> list[str]:
    """Every text of the regulation's blocks, in reading order."""
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Recital):
            texts += [block.label, *(f"{p.marker} {p.text}" for p in block.points)]
        elif isinstance(block, Article):
            texts.append(block.number)
            for clause in block.clauses:
                texts += [f"{clause.number or ''} {clause.text}", *(f"{p.marker} {p.text}" for p in clause.points)]
        elif isinstance(block, Signatures):
            texts += [block.place_date or "", *(f"{s.position} {s.name}" for s in block.blocks)]
    return texts


def _part(block: Block) -> str:
    """What part of a regulation ``block`` is: "Menimbang", "Pasal 3", "BAB II", a title's first line."""
    if isinstance(block, Recital):
        return block.label
    if isinstance(block, Article):
        return block.number
    if isinstance(block, Signatures):
        return block.place_date.split()[0] if block.place_date else "ttd"
    assert isinstance(block, Paragraph)
    return block.text.split("\n")[0]


@pytest.fixture(scope="module")
def example_perbup():
    model, _ = api.document(EXAMPLE, build_date=DAY, book="perbup")
    return model


def test_the_regulation_follows_the_sequence_of_regional_legal_drafting(example_perbup):
    parts = [_part(block) for block in example_perbup.regulation]
    assert parts[:6] == ["BUPATI SUKAMAJU", "PERATURAN BUPATI SUKAMAJU", "DENGAN RAHMAT TUHAN YANG MAHA ESA",
                         "BUPATI SUKAMAJU,", "Menimbang", "Mengingat"]
    assert parts[6:9] == ["MEMUTUSKAN:", "Menetapkan", "BAB I"]
    assert parts[-3:] == ["Ditetapkan", "Diundangkan", "BERITA DAERAH KABUPATEN SUKAMAJU TAHUN 2027 NOMOR ...."]
    chapters = [p.split()[1] for p in parts if p.startswith("BAB ")]
    assert chapters == ["I", "II", "III", "IV", "V", "VI", "VII"]
    articles = [int(p.split()[1]) for p in parts if p.startswith("Pasal ")]
    assert articles == list(range(1, len(articles) + 1)) and len(articles) >= 8
    heading = example_perbup.regulation[1].text.split("\n")
    assert heading == ["PERATURAN BUPATI SUKAMAJU", "NOMOR 12 TAHUN 2027", "TENTANG",
                       "RENCANA INDUK SMART CITY KABUPATEN SUKAMAJU TAHUN 2027-2036"], "the act of region.yaml"
    closing = example_perbup.regulation[-4]
    assert isinstance(closing, Article) and closing.clauses[0].text.endswith("mulai berlaku pada tanggal diundangkan.")
    assert "penempatannya dalam Berita Daerah Kabupaten Sukamaju" in closing.clauses[-1].text


def test_menimbang_and_mengingat_are_lettered_numbered_and_ordered_by_the_hierarchy(example_perbup):
    considering, remembering = example_perbup.regulation[4], example_perbup.regulation[5]
    assert [p.marker for p in considering.points] == ["a.", "b.", "c."]
    assert all(p.text.startswith("bahwa ") and p.text.endswith(";") for p in considering.points)
    assert "sebagaimana dimaksud dalam huruf a dan huruf b" in considering.points[-1].text
    acts = [p.text for p in remembering.points]
    assert [p.marker for p in remembering.points] == [f"{n}." for n in range(1, len(acts) + 1)]
    assert acts[0].startswith("Pasal 18 ayat (6) Undang-Undang Dasar") and all(a.endswith(";") for a in acts)
    assert "[BELUM DIISI: undang-undang pembentukan Kabupaten Sukamaju" in acts[1], "region.yaml has none"
    ranks = [next(i for i, word in enumerate(("Undang-Undang", "Peraturan Pemerintah", "Peraturan Presiden",
                                               "Peraturan Menteri", "Peraturan Daerah")) if act.startswith(word))
             for act in acts[2:]]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == 4, acts
    assert acts[-1].startswith("Peraturan Daerah Kabupaten Sukamaju Nomor 3 Tahun 2025"), "the RPJMD's Perda"
    assert not any("Keputusan" in act for act in acts), "a decree is not a regulation"


def test_the_lampiran_is_the_plan_headed_lampiran_and_signed_by_the_head(example_perbup):
    model = example_perbup
    assert model.cover.adoption[:2] == ["LAMPIRAN", "PERATURAN BUPATI SUKAMAJU"]
    assert model.cover.title == "RENCANA INDUK (MASTERPLAN) SMART CITY"
    assert "approval" not in [page.role for page in model.front], "the regulation adopts the plan"
    assert model.chapters[0].title == "PENDAHULUAN" and len(model.chapters) == 7
    titles = [a.title for a in model.appendices]
    assert "Daftar Periksa Evaluasi" not in titles and "Catatan Pemeriksaan" not in titles
    assert model.review == []
    last = model.appendices[-1].blocks[-1]
    assert isinstance(last, Signatures) and last.blocks[0].position == "BUPATI SUKAMAJU,"
    assert last.blocks[0].name == "AHMAD WIRATAMA", "in capitals, without titles"
    assert model.meta.title.startswith("Rancangan Peraturan Bupati Sukamaju tentang Rencana Induk")
    assert api.output_name(model, "pdf") == "kabupaten-sukamaju-perbup-draf.pdf"


def test_a_kota_gets_a_perwali_with_blanks_until_it_is_enacted(tmp_path: Path):
    root = copy_root("minimal", tmp_path / "ws")
    edit_yaml(root / "region.yaml", lambda d: d.update(formation_act="Undang-Undang Nomor 1 Tahun 2001 tentang "
                                                       "Pembentukan Kota Contoh Kecil"))
    model, _ = api.document(root, build_date=DAY, book="perbup")
    texts = _texts(model.regulation)
    joined = "\n".join(texts)
    assert texts[0] == "WALI KOTA CONTOH KECIL\nPROVINSI JAWA BARAT"
    assert texts[1].split("\n")[:2] == ["PERATURAN WALI KOTA CONTOH KECIL", "NOMOR .... TAHUN ...."]
    assert "WALI KOTA CONTOH KECIL," in texts and "PERATURAN WALI KOTA TENTANG" in joined
    assert "Berita Daerah Kota Contoh Kecil" in joined and "pada tanggal ...." in joined
    assert "2. Undang-Undang Nomor 1 Tahun 2001 tentang Pembentukan Kota Contoh Kecil;" in texts
    assert not re.search(r"Bupati|BUPATI|Kabupaten|KABUPATEN|Perbup", joined)
    assert model.cover.adoption == ["LAMPIRAN", "PERATURAN WALI KOTA CONTOH KECIL", "NOMOR .... TAHUN ....",
                                    "TENTANG RENCANA INDUK (MASTERPLAN) SMART CITY KOTA CONTOH KECIL TAHUN 2027–2036"]
    assert api.output_name(model, "docx") == "kota-contoh-kecil-perwali-draf.docx"
    assert "[BELUM DIISI: Sekretaris Daerah]" in joined, "region.yaml names no sekda"


def test_the_template_reads_as_a_regulation_is_written():
    blocks = legal_blocks(
        "BUPATI X\nPROVINSI Y\n\nMenimbang:\na. bahwa satu;\nb. bahwa dua;\n\nMenetapkan:\nPERATURAN BUPATI.\n\n"
        "BAB I\nKETENTUAN UMUM\n\nPasal 1\nYang dimaksud dengan:\n1. Daerah adalah X.\n\n"
        "Pasal 2\n(1) Ayat satu.\n(2) Ayat dua meliputi:\na. BAB I PENDAHULUAN; dan\nb. penutup.\n"
        "Kalimat sesudahnya.\n\nBAB II\nPENUTUP\n"
    )
    assert [_part(b) for b in blocks] == ["BUPATI X", "Menimbang", "Menetapkan", "BAB I", "Pasal 1", "Pasal 2",
                                          "BAB II"]
    assert blocks[0].style == "title" and blocks[3].text == "BAB I\nKETENTUAN UMUM"
    assert [(p.marker, p.text) for p in blocks[2].points] == [("", "PERATURAN BUPATI.")]
    second = blocks[5]
    assert [c.number for c in second.clauses] == ["(1)", "(2)", None]
    assert [p.text for p in second.clauses[1].points] == ["BAB I PENDAHULUAN; dan", "penutup."], "caps in a point"
    assert second.clauses[2].text == "Kalimat sesudahnya."
    with pytest.raises(TemplateProblem, match="Pasal 3 tidak berisi"):
        legal_blocks("Pasal 3\n\nBAB IV\nPENUTUP")


@pytest.fixture(scope="module")
def kota_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("perwali")
    root = copy_root("minimal", out / "ws")
    result = api.build(root, fmt="all", outdir=out, build_date=DAY, libreoffice=False, book="perbup")
    return {path.suffix: path for path in result.files}


def _first_pages(pdf: Path, last: int) -> str:
    out = subprocess.run(["pdftotext", "-l", str(last), str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


def _check_layout(pdf: Path) -> None:
    """The preamble's columns and the hanging points, measured on the words' boxes of page 1."""
    words = [w for w in word_boxes(pdf) if w[0] == 1]
    label = next(w for w in words if w[5] == "Menimbang")
    colon = next(w for w in words if w[5] == ":" and abs(w[2] - label[2]) < 3)
    marker = next(w for w in words if w[5] == "a." and abs(w[2] - label[2]) < 3)
    first = next(w for w in words if w[5] == "bahwa" and abs(w[2] - label[2]) < 3)
    assert label[3] < colon[1] < marker[1] < first[1], (label, colon, marker, first)
    lines = sorted({round(w[2]) for w in words if w[2] > label[2] + 3 and w[2] < label[2] + 60})
    starts = [min(w[1] for w in words if round(w[2]) == y) for y in lines]
    assert all(abs(x - first[1]) < 1.5 or abs(x - marker[1]) < 1.5 for x in starts), (starts, first, marker)
    assert any(abs(x - first[1]) < 1.5 for x in starts), "a point's second line hangs under its text"


def test_the_perwali_reads_back_from_the_pdf_and_from_libreoffice(kota_files: dict[str, Path], tmp_path: Path):
    pdf = kota_files[".pdf"]
    sequence = ["WALI KOTA CONTOH KECIL PROVINSI JAWA BARAT", "DENGAN RAHMAT TUHAN YANG MAHA ESA", "Menimbang",
                "Mengingat", "MEMUTUSKAN:", "Menetapkan", "BAB I KETENTUAN UMUM", "Pasal 1", "Pasal 10",
                "Ditetapkan di Contoh Kecil", "Diundangkan di Contoh Kecil", "BERITA DAERAH KOTA CONTOH KECIL",
                "LAMPIRAN PERATURAN WALI KOTA CONTOH KECIL", "RENCANA INDUK (MASTERPLAN) SMART CITY"]
    _check_layout(pdf)
    soffice = office.find_soffice()
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: the Word file of the regulation cannot be read back")
    word = office.convert(kota_files[".docx"], "pdf", tmp_path / "lo", soffice=soffice, timeout=300)
    for reader in (pdf, word):
        text, place = _first_pages(reader, 12), 0
        for part in sequence:  # each part after the one before
            place = text.find(part, place)
            assert place >= 0, (reader.name, part)
    _check_layout(word)
