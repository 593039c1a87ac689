"""Attached files in the document: quick-win photos below their profiles, scanned acts in an appendix.

A photo is one figure. A scanned PDF is one figure per page, "halaman 2 dari 3";
a page without a picture (a PDF written by a word processor) is named in a
sentence instead, since the document cannot redraw it; the final PDF carries
every attached PDF whole as an embedded file. A file that is missing (``check``
says so) keeps its caption and the renderers print a visible note in its place.
"""

from __future__ import annotations

from masterplan.answers import attachments
from masterplan.document.assembly import Assembly, asset_path, builder
from masterplan.document.legal import decree_number
from masterplan.document.model import Block, Figure, Paragraph, question_anchor
from masterplan.formatting import tanggal

SCAN_WIDTH_CM = 15.0
PHOTO_WIDTH_CM = 12.0
MAX_HEIGHT_CM = 19.0  # a picture, its caption and its source fit one page of text, A4 or F4


def attachment_blocks(
    a: Assembly, name: str, caption: str, source: str, width_cm: float, anchors: list[str]
) -> list[Block]:
    """The figures that print the attached file ``name``: one per page of a scan."""
    path = asset_path(a, name)
    pages = attachments.printable_pages(path) if path else []
    if not pages:
        return [Figure(number=a.next_figure(), caption=caption, source=source, path=name,
                       width_cm=width_cm, anchors=anchors)]
    blocks: list[Block] = []
    for number, size in enumerate(pages, start=1):
        titled = caption if len(pages) == 1 else f"{caption} (Halaman {number} dari {len(pages)})"
        if size is not None and size[1] > 0:
            width = round(min(width_cm, MAX_HEIGHT_CM * size[0] / size[1]), 2)  # a tall scan fits the page
            blocks.append(Figure(number=a.next_figure(), caption=titled, source=source, path=str(path),
                                 width_cm=max(width, 3.0), attachment_page=number, anchors=anchors))
        else:
            blocks.append(Paragraph(
                text=f"Halaman {number} dari {len(pages)} berkas {caption[0].lower() + caption[1:]} bukan "
                "gambar hasil pindai sehingga tidak dicetak di sini; berkas lengkapnya dilekatkan pada "
                "dokumen PDF final.",
                anchors=anchors,
            ))
    return blocks


def quick_win_photos(a: Assembly, code: str) -> list[Block]:
    """The photos of quick win ``code`` (Bimtek IV), each a figure with its caption and date."""
    blocks: list[Block] = []
    anchors = [question_anchor(4, "quick_win_photos")]
    for row in a.rows(4, "quick_win_photos"):
        name = row.get("photo")
        if str(row.get("quick_win") or "").upper() != code.upper() or not isinstance(name, str):
            continue
        caption = str(row.get("caption") or f"Dokumentasi Quick Win {code}")
        taken = row.get("taken")
        source = f"Dokumentasi {a.plan.region.labels.team} {a.wording.daerah}"
        source += f", {tanggal(taken)}" if taken else ""
        blocks += attachment_blocks(a, name, caption, source, PHOTO_WIDTH_CM, anchors)
    return blocks


@builder("scans")
def scans(a: Assembly) -> list[Block]:
    """Copies of the acts behind the plan, each where a scan is attached.

    The decrees of the council and the team, the signed commitment sheet, the adopting regulation.
    """
    w, labels = a.wording, a.plan.region.labels
    source = f"Dokumen {w.pemda}"
    items: list[tuple[str | None, str, list[str]]] = []
    for prefix, body in (("council", labels.council), ("team", labels.team)):
        number = decree_number(a.value(1, f"{prefix}_decree_number"))
        title = f"Salinan Keputusan {w.kepala_daerah}"
        title += f" Nomor {number}" if number else ""
        title += f" tentang Pembentukan {body} {w.daerah}"
        question = f"{prefix}_decree_scan"
        items.append((a.value(1, question), title, [question_anchor(1, question)]))
    signed = a.value(4, "commitment_date")
    commitment = "Salinan Lembar Komitmen yang telah ditandatangani"
    commitment += f" pada {tanggal(signed)}" if signed else ""
    items.append((a.value(4, "commitment_scan"), commitment, [question_anchor(4, "commitment_scan")]))
    regulation = a.plan.region.regulation
    if regulation is not None and regulation.scan:
        items.append((regulation.scan, f"Salinan {w.act(regulation)}", []))
    blocks: list[Block] = []
    for name, title, anchors in items:
        if isinstance(name, str) and name:
            blocks += attachment_blocks(a, name, title, source, SCAN_WIDTH_CM, anchors)
    return blocks
