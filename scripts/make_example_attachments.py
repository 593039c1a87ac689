"""Make the example's attached files: scanned decrees and quick-win photos (all fictional).

- ``assets/lampiran/sk-dewan-smart-city.pdf`` and ``sk-tim-pelaksana.pdf``: two-page "scans"
  (grey 150 dpi pictures of typed pages, slightly skewed, one JPEG per page in a PDF, as a
  scanner writes them) of the decrees whose numbers the Bimtek I answers give;
- ``assets/lampiran/foto-qw-0N.jpg``: one drawn "photo" per quick win, a banner with its name.

Kabupaten Sukamaju does not exist; the pages and pictures are drawn, not scanned or taken.
Run again only to change them: ``.venv/bin/python scripts/make_example_attachments.py``.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent / "examples" / "sukamaju"
OUT = ROOT / "assets" / "lampiran"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
A4 = (1240, 1754)  # 150 dpi


def font(size: int, bold: bool = False, serif: bool = True) -> ImageFont.FreeTypeFont:
    """A DejaVu face (the fonts every Debian machine has)."""
    name = ("DejaVuSerif" if serif else "DejaVuSans") + ("-Bold" if bold else "") + ".ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def centred(draw: ImageDraw.ImageDraw, y: int, text: str, face: ImageFont.FreeTypeFont) -> int:
    """Write a centred line at ``y``; the ``y`` of the next line."""
    width = draw.textlength(text, font=face)
    draw.text(((A4[0] - width) / 2, y), text, fill=20, font=face)
    return y + int(face.size * 1.45)


def wrapped(
    draw: ImageDraw.ImageDraw, x: int, y: int, text: str, face: ImageFont.FreeTypeFont, right: int
) -> int:
    """Write ``text`` wrapped between ``x`` and ``right``; the ``y`` below it."""
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=face) > right - x and line:
            draw.text((x, y), line, fill=25, font=face)
            y += int(face.size * 1.5)
            line = word
        else:
            line = trial
    if line:
        draw.text((x, y), line, fill=25, font=face)
        y += int(face.size * 1.5)
    return y


def scanned(page: Image.Image, seed: int) -> Image.Image:
    """A typed page as a scanner returns it: slightly skewed, soft, grey paper."""
    rng = random.Random(seed)
    page = page.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=246)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    noise = Image.effect_noise(A4, 6).point(lambda v: 246 + (v - 128) // 16)
    return Image.composite(page, noise, page.point(lambda v: 255 if v < 200 else 0))


def decree(number: str, day: str, body: str, members: list[tuple[str, str]], seed: int) -> list[Image.Image]:
    """The two pages of a Keputusan Bupati Sukamaju on forming ``body``."""
    emblem = Image.open(ROOT / "assets" / "lambang-sukamaju.png").convert("L").resize((120, 140))
    first = Image.new("L", A4, 250)
    draw = ImageDraw.Draw(first)
    first.paste(emblem, ((A4[0] - 120) // 2, 90))
    y = centred(draw, 250, "BUPATI SUKAMAJU", font(30, True))
    y = centred(draw, y + 10, "PROVINSI JAWA TENGAH", font(24, True))
    y = centred(draw, y + 30, "KEPUTUSAN BUPATI SUKAMAJU", font(26, True))
    y = centred(draw, y, f"NOMOR {number}", font(24))
    y = centred(draw, y + 20, "TENTANG", font(24))
    y = centred(draw, y, f"PEMBENTUKAN {body.upper()}", font(24, True))
    y = centred(draw, y, "KABUPATEN SUKAMAJU", font(24, True))
    y = centred(draw, y + 30, "DENGAN RAHMAT TUHAN YANG MAHA ESA", font(24, True))
    y = centred(draw, y, "BUPATI SUKAMAJU,", font(24, True))
    text = font(21)
    clauses = [
        ("Menimbang", "a. bahwa untuk mewujudkan tata kelola pemerintahan yang efektif dan pelayanan "
         "publik yang berkualitas melalui pemanfaatan teknologi informasi dan komunikasi, perlu "
         "melaksanakan Gerakan Menuju Smart City di Kabupaten Sukamaju; b. bahwa berdasarkan pertimbangan "
         "sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan Bupati tentang Pembentukan "
         f"{body} Kabupaten Sukamaju;"),
        ("Mengingat", "1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah; 2. Peraturan "
         "Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik; 3. Peraturan "
         "Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia;"),
    ]
    y += 30
    for head, clause in clauses:
        draw.text((150, y), head, fill=25, font=text)
        draw.text((330, y), ":", fill=25, font=text)
        y = wrapped(draw, 360, y, clause, text, 1090) + 20
    y = centred(draw, y + 10, "MEMUTUSKAN:", font(24, True))
    draw.text((150, y + 10), "Menetapkan", fill=25, font=text)
    draw.text((330, y + 10), ":", fill=25, font=text)
    wrapped(draw, 360, y + 10, f"KEPUTUSAN BUPATI TENTANG PEMBENTUKAN {body.upper()} KABUPATEN SUKAMAJU.",
            font(21, True), 1090)
    second = Image.new("L", A4, 250)
    draw = ImageDraw.Draw(second)
    y = 150
    articles = [
        f"KESATU: Membentuk {body} Kabupaten Sukamaju dengan susunan keanggotaan sebagai berikut:",
    ]
    for article in articles:
        y = wrapped(draw, 150, y, article, text, 1090) + 10
    for role, name in members:
        draw.text((190, y), role, fill=25, font=text)
        draw.text((560, y), f": {name}", fill=25, font=text)
        y += 34
    y += 16
    for article in [
        f"KEDUA: {body} bertugas menyusun, melaksanakan, memantau dan mengevaluasi Rencana Induk "
        "(Masterplan) Smart City Kabupaten Sukamaju.",
        "KETIGA: Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada Anggaran "
        "Pendapatan dan Belanja Daerah Kabupaten Sukamaju.",
        "KEEMPAT: Keputusan ini mulai berlaku pada tanggal ditetapkan.",
    ]:
        y = wrapped(draw, 150, y, article, text, 1090) + 14
    y += 40
    for line in ["Ditetapkan di Sukamaju", f"pada tanggal {day}", "", "BUPATI SUKAMAJU,"]:
        draw.text((700, y), line, fill=25, font=text)
        y += 32
    draw.line([(720, y + 60), (820, y + 20), (870, y + 70), (960, y + 30)], fill=60, width=3)  # a signature
    draw.text((700, y + 110), "H. AHMAD WIRATAMA, S.E., M.M.", fill=25, font=font(21, True))
    return [scanned(first, seed), scanned(second, seed + 1)]


PHOTOS = {
    "QW-01": ("WADUL SUKAMAJU", "Satu kanal pengaduan", (46, 110, 170)),
    "QW-02": ("SIGAP DESA", "Pusdalops siaga 24 jam", (196, 82, 40)),
    "QW-03": ("SUKAMAJU MART", "Etalase produk unggulan", (40, 140, 90)),
    "QW-04": ("SiRETA", "Retribusi pasar nontunai", (120, 80, 160)),
    "QW-05": ("SEHATI", "Daftar dari rumah", (20, 130, 140)),
    "QW-06": ("SiPETIK", "Tabung sampah, panen rupiah", (110, 130, 40)),
}


def photo(title: str, line: str, colour: tuple[int, int, int], seed: int) -> Image.Image:
    """A drawn "photo" of a launch: sky, a hall, a banner with the quick win's name, people."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1200, 800))
    draw = ImageDraw.Draw(image)
    for y in range(800):
        t = y / 800
        draw.line([(0, y), (1200, y)], fill=(int(150 + 80 * t), int(190 + 40 * t), int(230 - 10 * t)))
    draw.rectangle([0, 560, 1200, 800], fill=(150, 140, 125))
    draw.rectangle([120, 200, 1080, 600], fill=(235, 230, 220))
    draw.polygon([(90, 210), (600, 90), (1110, 210)], fill=(170, 60, 45))
    draw.rectangle([220, 260, 980, 430], fill=colour)
    face = font(64, True, serif=False)
    draw.text(((1200 - draw.textlength(title, font=face)) / 2, 285), title, fill="white", font=face)
    small = font(32, serif=False)
    draw.text(((1200 - draw.textlength(line, font=small)) / 2, 370), line, fill="white", font=small)
    for _ in range(14):
        x = rng.randint(60, 1140)
        shade = rng.choice([(60, 60, 70), (30, 70, 120), (120, 40, 40), (200, 200, 200), (40, 90, 60)])
        draw.ellipse([x - 18, 560, x + 18, 596], fill=(210, 170, 130))
        draw.rounded_rectangle([x - 32, 596, x + 32, 760], radius=18, fill=shade)
    return image.filter(ImageFilter.GaussianBlur(0.8))


def main() -> None:
    """Write every attachment of the example."""
    OUT.mkdir(parents=True, exist_ok=True)
    council = [("Ketua", "Bupati Sukamaju"), ("Wakil Ketua", "Wakil Bupati Sukamaju"),
               ("Sekretaris", "Sekretaris Daerah"), ("Anggota", "Kepala Perangkat Daerah")]
    team = [("Ketua I", "Kepala Dinas Komunikasi dan Informatika"),
            ("Ketua II", "Kepala Bapperida"), ("Sekretaris", "Sekretaris Diskominfo"),
            ("Anggota", "Sekretaris Perangkat Daerah terkait")]
    for name, number, body, members, seed in [
        ("sk-dewan-smart-city.pdf", "050/412 TAHUN 2026", "Dewan Smart City", council, 1),
        ("sk-tim-pelaksana.pdf", "050/413 TAHUN 2026", "Tim Pelaksana Smart City", team, 3),
    ]:
        pages = [p.convert("L") for p in decree(number, "16 Februari 2026", body, members, seed)]
        day = "D:20260216090000Z"  # the same script writes the same bytes
        pages[0].save(OUT / name, "PDF", resolution=150, save_all=True, append_images=pages[1:], quality=70,
                      creationDate=day, modDate=day)
    for index, (code, (title, line, colour)) in enumerate(PHOTOS.items(), start=1):
        photo(title, line, colour, index).save(OUT / f"foto-{code.lower()}.jpg", "JPEG", quality=80)


if __name__ == "__main__":
    main()
