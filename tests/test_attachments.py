"""Attached files: what is accepted, how an upload is stored, what check says, and where the document prints them."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from conftest import EXAMPLE, answers, copy_root, edit_yaml, problems_of
from PIL import Image

from masterplan import api
from masterplan.answers import attachments
from masterplan.answers.attachments import AttachmentError
from masterplan.answers.filekinds import Kind
from masterplan.checks.messages import render_message
from masterplan.document.model import Document, Figure, Paragraph

# --- files made here -------------------------------------------------------------------------


def jpeg(size: tuple[int, int] = (400, 300), *, gps: bool = False, rotated: bool = False) -> bytes:
    """A photo as a phone writes it: EXIF with a GPS position, and an orientation tag when ``rotated``."""
    image = Image.new("RGB", size, (200, 60, 40))
    image.paste((20, 90, 200), (0, 0, size[0] // 2, size[1] // 4))
    exif = Image.Exif()
    exif[0x010F] = "PonselUji"  # Make
    if rotated:
        exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to show
    if gps:
        exif[0x8825] = {1: "S", 2: (7.0, 15.0, 30.0), 3: "E", 4: (110.0, 25.0, 10.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size: tuple[int, int] = (300, 200), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def scan(pages: int = 2) -> bytes:
    """A PDF as a scanner writes it: one greyscale JPEG per page."""
    images = [Image.new("L", (620, 877), 240 - 20 * n) for n in range(pages)]
    out = io.BytesIO()
    day = "D:20261119090000Z"  # fixed: the same scan gives the same bytes
    images[0].save(out, "PDF", resolution=75, save_all=True, append_images=images[1:],
                   creationDate=day, modDate=day)
    return out.getvalue()


def typed_pdf(pages: int = 1, password: str | None = None) -> bytes:
    """A PDF without pictures (as a word processor writes one), locked with ``password`` when given."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def refusal(data: bytes, accept: list[Kind]) -> str:
    with pytest.raises(AttachmentError) as caught:
        attachments.verify(data, accept)
    return render_message(caught.value.rule, "id", caught.value.params)


# --- what may be attached ----------------------------------------------------------------------


def test_the_kind_is_read_from_the_content_never_from_the_name():
    assert attachments.verify(jpeg(), ["jpeg", "png"]) == "jpeg"
    assert attachments.verify(png(), ["png"]) == "png"
    assert attachments.verify(scan(), ["pdf"]) == "pdf"
    assert "isi berkas bukan JPEG atau PNG" in refusal(b"<html><script>alert(1)</script>", ["jpeg", "png"])
    assert "berkas PDF tidak dapat dipakai di sini; yang diterima: JPEG atau PNG" in refusal(scan(), ["jpeg", "png"])
    assert refusal(b"", ["pdf"]) == "berkas kosong"


def test_size_pages_pixels_and_locked_pdfs_are_refused_before_decoding():
    big = scan(1) + b"%" * attachments.MAX_BYTES
    assert "melebihi batas 10,0 MB" in refusal(big, ["pdf"])
    assert "41 halaman, melebihi batas 40 halaman" in refusal(typed_pdf(41), ["pdf"])
    assert "lebih dari 50 megapiksel" in refusal(png((9000, 6000), mode="1"), ["png"])  # 54 MP in a few kB
    assert "dikunci dengan kata sandi" in refusal(typed_pdf(1, password="rahasia"), ["pdf"])
    assert "rusak atau tidak dapat dibaca" in refusal(b"%PDF-1.7\n garbage", ["pdf"])
    assert "rusak atau tidak dapat dibaca" in refusal(b"\x89PNG\r\n\x1a\n" + b"\0" * 40, ["png"])


def test_an_upload_is_stored_upright_without_metadata_under_a_safe_name(tmp_path: Path):
    data = jpeg((400, 300), gps=True, rotated=True)
    assert b"PonselUji" in data
    name = attachments.store(tmp_path, data, "../../etc/Foto Peluncuran (1).JPG", ["jpeg", "png"])
    assert name.startswith("assets/lampiran/foto-peluncuran-1-") and name.endswith(".jpg")
    stored = (tmp_path / name).read_bytes()
    assert b"PonselUji" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (300, 400), "turned upright by its orientation tag"
        assert not image.getexif()
    again = attachments.store(tmp_path, data, "lain.jpg", ["jpeg"])
    assert again.rsplit("-", 1)[1] == name.rsplit("-", 1)[1], "the same content keeps its hash"
    assert sorted(p.name for p in (tmp_path / "assets" / "lampiran").iterdir()) == sorted(
        {Path(name).name, Path(again).name}
    )


def test_a_large_photo_is_made_printable_size_and_a_pdf_is_kept_as_it_came(tmp_path: Path):
    name = attachments.store(tmp_path, jpeg((4000, 3000)), "besar.jpg", ["jpeg"])
    with Image.open(tmp_path / name) as image:
        assert max(image.size) == attachments.PRINT_SIDE
    data = scan(2)
    pdf = attachments.store(tmp_path, data, "SK Dewan.pdf", ["pdf"])
    assert (tmp_path / pdf).read_bytes() == data


def test_the_pages_of_a_scan_are_printed_and_a_typed_page_is_not(tmp_path: Path):
    (tmp_path / "scan.pdf").write_bytes(scan(2))
    (tmp_path / "typed.pdf").write_bytes(typed_pdf(2))
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    assert attachments.printable_pages(tmp_path / "scan.pdf") == [(620, 877), (620, 877)]
    assert attachments.printable_pages(tmp_path / "typed.pdf") == [None, None]
    assert attachments.printable_pages(tmp_path / "bad.pdf") == []
    picture = attachments.page_image(tmp_path / "scan.pdf", 2)
    assert picture is not None and picture[1] == "jpeg"
    with Image.open(io.BytesIO(picture[0])) as image:
        assert image.size == (620, 877) and image.getpixel((5, 5)) in range(215, 226)
    assert attachments.page_image(tmp_path / "scan.pdf", 3) is None
    assert attachments.page_image(tmp_path / "typed.pdf", 1) is None


# --- check ------------------------------------------------------------------------------------


def test_check_names_the_file_line_and_question_of_a_bad_attachment(tmp_path: Path):
    root = copy_root("example", tmp_path)
    (root / "assets" / "lampiran" / "sk-tim-pelaksana.pdf").write_bytes(b"<html>not a pdf</html>")
    (root / "assets" / "lampiran" / "foto-qw-02.jpg").unlink()

    def change(data):
        data["answers"]["council_decree_scan"] = "../rahasia.pdf"

    edit_yaml(answers(root, 1), change)
    found = {(p.rule, p.where.file, p.where.question): p for p in problems_of(root) if p.severity == "error"}
    path = found[("file-path", "answers/bimtek-1/koordinator.yaml", "council_decree_scan")]
    assert path.where.line and "harus berada di folder assets/" in path.message()
    content = found[("attachment-content", "answers/bimtek-1/koordinator.yaml", "team_decree_scan")]
    assert "tidak sesuai dengan namanya" in content.message()
    missing = found[("asset-missing", "answers/bimtek-4/koordinator.yaml", "quick_win_photos")]
    assert missing.where.line and "foto-qw-02.jpg" in missing.message()


def test_a_photo_column_takes_only_pictures(tmp_path: Path):
    root = copy_root("example", tmp_path)

    def change(data):
        data["answers"]["quick_win_photos"][0]["photo"] = "assets/lampiran/sk-dewan-smart-city.pdf"

    edit_yaml(answers(root, 4), change)
    [problem] = [p for p in problems_of(root) if p.rule == "type-file"]
    assert "JPEG atau PNG" in problem.message()


# --- the document -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> Document:
    return api.document(EXAMPLE)[0]


def test_each_quick_win_shows_its_photo_below_its_schedule(model: Document):
    chapter = model.chapters[5]  # BAB VI Rencana Aksi dan Peta Jalan
    blocks = [b for s in chapter.sections for b in s.blocks]
    photos = [b for b in blocks if isinstance(b, Figure) and b.attachment_page == 1]
    assert len(photos) == 6
    assert photos[0].caption == "Uji Coba Kanal Pengaduan Wadul Sukamaju di Mal Pelayanan Publik"
    assert photos[0].source.endswith("Tim Pelaksana Smart City Kabupaten Sukamaju, 21 Oktober 2026")
    index = blocks.index(photos[0])
    assert blocks[index - 1].kind == "schedule", "after its month schedule, before the next quick win"
    assert blocks[index + 1].kind == "heading"


def test_the_scanned_decrees_are_an_appendix_one_figure_per_page(model: Document):
    appendix = next(a for a in model.appendices if a.title == "Salinan Dokumen")
    figures = [b for b in appendix.blocks if isinstance(b, Figure)]
    assert [(f.number, f.attachment_page) for f in figures] == [("L.2", 1), ("L.3", 2), ("L.4", 1), ("L.5", 2)]
    assert figures[0].caption.startswith("Salinan Keputusan Bupati Sukamaju Nomor 050/412 Tahun 2026 tentang "
                                          "Pembentukan Dewan Smart City Kabupaten Sukamaju")
    assert figures[1].caption.endswith("(Halaman 2 dari 2)")
    assert all(f.width_cm <= 15.0 and f.width_cm * 1754 / 1240 <= 19.01 for f in figures), "fits one page"


def test_without_scans_there_is_no_copies_appendix_and_a_typed_pdf_is_named(tmp_path: Path):
    root = copy_root("minimal", tmp_path)
    before = api.document(root)[0]
    assert "Salinan Dokumen" not in [a.title for a in before.appendices]
    (root / "assets" / "lampiran").mkdir(parents=True)
    (root / "assets" / "lampiran" / "lembar-komitmen.pdf").write_bytes(typed_pdf(1))
    edit_yaml(answers(root, 4), lambda d: d["answers"].update(commitment_scan="assets/lampiran/lembar-komitmen.pdf"))
    after = api.document(root)[0]
    appendix = after.appendices[[a.title for a in after.appendices].index("Salinan Dokumen")]
    [sentence] = appendix.blocks
    assert isinstance(sentence, Paragraph)
    assert sentence.text.startswith("Halaman 1 dari 1 berkas salinan Lembar Komitmen yang telah ditandatangani")
    assert "dilekatkan pada dokumen PDF final" in sentence.text


def test_the_pdf_prints_the_scans_and_photos_without_their_metadata(example_build: dict[str, Path]):
    reader = pypdf.PdfReader(str(example_build[".pdf"]))
    pictures: dict[tuple[int, int], list[bytes]] = {}
    seen: set[int] = set()
    for page in reader.pages:  # every picture of the document once, as stored (read without decoding)
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in xobjects.get_object().values() if xobjects else []:
            item = ref.get_object()
            if ref.idnum not in seen and item.get("/Subtype") == "/Image":
                seen.add(ref.idnum)
                pictures.setdefault((item["/Width"], item["/Height"]), []).append(item.get_data())
    assert len(pictures[(1240, 1754)]) == 4, "the four pages of the two scanned decrees"
    assert len(pictures[(1200, 800)]) == 6, "the six quick-win photos"
    assert not any(b"Exif" in data for data in pictures[(1200, 800)] + pictures[(1240, 1754)])


def test_the_word_document_holds_the_same_pictures(example_build: dict[str, Path]):
    import docx

    word = docx.Document(str(example_build[".docx"]))
    described = [shape._inline.docPr.get("descr") for shape in word.inline_shapes]
    assert sum(1 for d in described if d and d.startswith("Salinan Keputusan Bupati Sukamaju")) == 4
    assert "Uji Coba Kanal Pengaduan Wadul Sukamaju di Mal Pelayanan Publik" in described
