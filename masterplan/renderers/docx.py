"""The DOCX renderer: the document model as a Word file on the styles of a reference document.

``render_docx`` opens the reference (the workspace's own ``reference.docx``
or the built-in ``templates/docx/reference.docx``), empties its body and
writes the Rencana Induk into it with named styles only: cover, front matter
numbered i, ii, iii, chapters numbered 1, 2, 3 from BAB I, landscape sections
for the roadmap, appendices. Daftar Isi, Daftar Tabel and Daftar Gambar are
real TOC fields whose entries are always written; when LibreOffice is
installed it lays the document out once and the page numbers are filled in,
otherwise Word is asked to update the fields when it opens the file.

A draft's review notes (``Document.review``) become Word comments on the
paragraph each note landed on (a table row's first cell, a table's caption, a
chapter's heading); that paragraph also gets a bookmark, and the review
appendix shows its page with a PAGEREF field, filled like the tables of
contents.

The output is repeatable: the same model and reference give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Cm

from masterplan.answers.attachments import page_image
from masterplan.document.model import (
    Appendix,
    Article,
    Block,
    BulletList,
    Chapter,
    Document,
    Figure,
    FrontPage,
    Heading,
    Noted,
    PageBreak,
    Paragraph,
    Placeholder,
    QuickWinSchedule,
    Recital,
    ReviewNote,
    RoadmapGrid,
    RoadmapRow,
    Signatures,
    Table,
    TableRow,
)
from masterplan.document.palette import COVER_COLOUR
from masterplan.document.review import comment_text
from masterplan.fileio import atomic_write_bytes
from masterplan.renderers import charts, labels, office
from masterplan.renderers import docx_styles as st
from masterplan.renderers.docx_fields import Indexes, IndexKind, caption, index_paragraphs, normalize
from masterplan.renderers.docx_legal import article_paragraphs, recital_table, title_paragraph
from masterplan.renderers.docx_package import repeatable_zip, set_properties
from masterplan.renderers.docx_page import (
    NumberFormat,
    empty_header,
    page,
    page_number_footer,
    section_properties,
    set_update_fields,
    watermark_header,
)
from masterplan.renderers.docx_styles import (
    ReferenceDocumentError,
    ReferenceStylesMissing,
    StyleMap,
    missing_styles,
    open_reference,
    required_styles,
    style_ids,
)
from masterplan.renderers.docx_tables import (
    adoption_table,
    banner,
    colour_band,
    data_table,
    legend_table,
    roadmap_table,
    schedule_table,
    signature_elements,
)
from masterplan.renderers.docx_xml import (
    Element,
    bookmark,
    break_page_before,
    clean,
    comment_range,
    el,
    page_break,
    paragraph,
    qn,
    run,
    sub,
)
from masterplan.renderers.docx_xml import field as make_field
from masterplan.resources import templates_dir

__all__ = [
    "ReferenceDocumentError",
    "ReferenceStylesMissing",
    "build_docx",
    "default_reference",
    "missing_styles",
    "render_docx",
    "required_styles",
]

log = logging.getLogger(__name__)

_PARAGRAPH_STYLES = {"body": st.BODY, "center": st.BODY_CENTER, "note": st.BODY_NOTE, "lead": st.BODY_LEAD}
_INDEX_ROLES: dict[str, IndexKind] = {"toc": "toc", "tables": "tables", "figures": "figures"}
_EMBLEM_CM = 4.5
_TABLE = qn("w:tbl")
_SECTION_IN_PARAGRAPH = f"{qn('w:pPr')}/{qn('w:sectPr')}"
_NOTE_BOOKMARK = "_Rev{:08d}"
_MONTHS = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
           "oktober", "november", "desember"]
_NOTE_TIME = re.compile(r"(\d{1,2}) (\w+) (\d{4})(?: (\d{1,2})[.:](\d{2}))?( UTC)?")


@dataclass
class PageNumbers:
    """Page numbers from a LibreOffice layout, as printed ("iv", "12").

    ``indexes``: per table of contents, entry by entry; ``references``: per bookmark of a
    PAGEREF field (the review appendix).
    """

    indexes: dict[IndexKind, list[str]] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.indexes or self.references)


def default_reference() -> Path:
    """The built-in reference document, ``templates/docx/reference.docx``."""
    return templates_dir() / "docx" / "reference.docx"


def render_docx(
    document: Document,
    out_path: Path,
    reference: Path | None = None,
    update_fields: bool = True,
    warnings: list[str] | None = None,
) -> Path:
    """Write ``document`` as a Word file at ``out_path`` (atomically) and return the path.

    ``reference`` is a restyled copy of the built-in reference document (a
    workspace override). With ``update_fields`` and LibreOffice installed, the
    tables of contents get their page numbers from a LibreOffice layout;
    without them, Word updates the fields when it opens the file. Why
    LibreOffice could not fill them is appended to ``warnings``.
    """
    reference = Path(reference) if reference else default_reference()
    if not update_fields:
        data, _ = build_docx(document, reference)
    else:
        # LibreOffice (7.4) fails to load a file holding comments and a TOC field in a macro: the
        # layout copy goes without comments (they do not move the text) and the file gets them after
        layout, indexes = build_docx(document, reference, comments=False)
        pages = _page_numbers(layout, indexes, warnings if warnings is not None else [])
        data = layout if not pages and not document.review else build_docx(document, reference, pages)[0]
    atomic_write_bytes(Path(out_path), data)
    return Path(out_path)


def build_docx(
    document: Document, reference: Path, pages: PageNumbers | None = None, comments: bool = True
) -> tuple[bytes, Indexes]:
    """The DOCX bytes of ``document``, and the entries of its tables of contents.

    ``pages`` holds the page numbers of the entries of each table of contents
    and of the review notes (as :func:`_page_numbers` finds them); a table or
    page reference without them is left for Word to update on opening.
    Without ``comments`` the review notes get their bookmarks but no comment.
    """
    writer = _Writer(document, reference, pages or PageNumbers(), comments)
    writer.write()
    data = writer.finish()
    shown = {kind: entries for kind, entries in writer.indexes.entries.items() if kind in writer.slots}
    return data, Indexes(entries=shown)  # the lists a book prints (a summary has no Daftar Gambar)


def _page_numbers(data: bytes, indexes: Indexes, warnings: list[str]) -> PageNumbers:
    """The page number of every entry of every table of contents and of every page reference.

    As LibreOffice lays ``data`` out; empty when LibreOffice is not installed
    (logged) or fails (the reason goes to ``warnings``).
    """
    soffice = office.find_soffice()
    if soffice is None:
        log.info("LibreOffice tidak ditemukan: daftar isi diperbarui Word ketika dokumen dibuka")
        return PageNumbers()
    with tempfile.TemporaryDirectory(prefix="masterplan-docx-") as folder:
        path = Path(folder) / "layout.docx"
        path.write_bytes(data)
        try:
            found = office.layout(path, soffice=soffice)
        except office.OfficeError as error:
            warnings.append(
                f"nomor halaman daftar isi tidak dapat diisi oleh LibreOffice ({error}); Word mengisinya "
                "saat dokumen dibuka"
            )
            return PageNumbers()
    pages = PageNumbers(references={k: v for k, v in found.references.items() if v.strip()})
    for kind, entries in indexes.entries.items():
        wanted = [normalize(e.text) for e in entries]
        for candidate in found.indexes:
            if wanted and [normalize(text) for text, _ in candidate] == wanted:
                pages.indexes[kind] = [number for _, number in candidate]
                break
        else:
            if wanted:
                warnings.append(f"LibreOffice menyusun {kind} yang berbeda; nomor halamannya diisi Word")
    return pages


class _Writer:
    """Walks the document model once, appending WordprocessingML to an emptied reference document."""

    def __init__(
        self, document: Document, reference: Path, pages: PageNumbers, comments: bool = True
    ) -> None:
        self.model = document
        self.pages = pages
        self.comments = comments
        self.notes: dict[str, ReviewNote] = {note.id: note for note in document.review}
        self.note_marks: dict[str, str] = {}  # note id -> the bookmark where it landed
        self.stale_references = False
        self.word = open_reference(reference)
        self.s = StyleMap(style_ids(self.word.styles.element))
        missing = self.s.missing()
        if missing:
            raise ReferenceStylesMissing(reference, missing)
        self.body = self.word.element.body
        self.break_before = False  # a page break waits for the next paragraph
        for child in list(self.body):
            self.body.remove(child)
        self.indexes = Indexes()
        self.slots: dict[IndexKind, Element] = {}
        self.slot_sections: dict[Element, Element] = {}
        self.paper = document.meta.paper
        header = self._header()
        self.first_part = True
        self.footer: str | None = None
        self.section: dict[str, Any] = {"landscape": False, "number_format": None, "restart": False,
                                        "header": header, "footer": None}
        self._blocks_by_kind: dict[str, Callable[[Any], None]] = {
            "paragraph": self._paragraph, "placeholder": self._placeholder, "bullets": self._bullets,
            "heading": self._heading, "page_break": self._page_break, "table": self._table,
            "roadmap": self._roadmap, "schedule": self._schedule, "figure": self._figure,
            "signatures": self._signatures, "recital": self._recital, "article": self._article,
        }

    # --- the document, part by part --------------------------------------------------

    def write(self) -> None:
        """The cover, the front matter, the chapters and the appendices, each part in its section.

        A regulation's body comes first, on pages numbered from 1; its Lampiran (the rest) follows.
        """
        if self.model.meta.sheet:  # a poster: landscape sheets, no cover and no page numbers
            self.section["landscape"] = True
            for front_page in self.model.front:
                self._front_page(front_page)
            return
        if self.model.regulation:
            self.section.update(number_format="decimal", restart=True, footer=self._footer())
            self._blocks(self.model.regulation)
            self._new_section(number_format=None, footer=self._empty_footer())
        self._cover()
        self._new_section(number_format="lowerRoman", restart=True, footer=self._footer())
        for front_page in self.model.front:
            self._front_page(front_page)
        self._new_section(number_format="decimal", restart=True)
        for chapter in self.model.chapters:
            self._chapter(chapter)
        for appendix in self.model.appendices:
            self._appendix(appendix)

    def finish(self) -> bytes:
        """Fill the tables of contents, close the last section, set properties; the package bytes."""
        pages = self.pages.indexes
        toc_styles = {level: self.s(name) for level, name in st.TOC.items()}
        figure_styles = {1: self.s(st.TABLE_OF_FIGURES)}
        empty = {"toc": labels.NO_HEADINGS, "tables": labels.NO_TABLES, "figures": labels.NO_FIGURES}
        stale = False
        for kind, slot in self.slots.items():
            entries = self.indexes.entries[kind]
            styles = toc_styles if kind == "toc" else figure_styles
            paragraphs = index_paragraphs(kind, entries, styles, (styles[1], empty[kind]), pages.get(kind))
            for p in paragraphs:
                slot.addprevious(p)
            slot.getparent().remove(slot)
            if slot in self.slot_sections:
                _end_section(paragraphs[-1], self.slot_sections[slot])
            stale = stale or bool(entries and kind not in pages)
        stale = stale or self.stale_references
        if len(self.body) == 0 or self.body[-1].tag == _TABLE:
            self._add(el("w:p"))  # Word ends a document with a paragraph
        self.body.append(self._section_properties())
        set_update_fields(self.word.settings.element, stale)
        set_properties(self.word, self.model.meta)
        buffer = io.BytesIO()
        self.word.save(buffer)
        return repeatable_zip(buffer.getvalue(), self.model.meta.build_date)

    def _cover(self) -> None:
        cover = self.model.cover
        if cover.band:
            self._add(colour_band(self.s, self._width(), cover.band))
        if cover.adoption:
            self._add(adoption_table(self.s, self._width(), cover.adoption))
        self._add(paragraph(self.s(st.COVER_TITLE), cover.title))
        self._add(paragraph(self.s(st.COVER_REGION), cover.region))
        self._add(paragraph(self.s(st.COVER_PERIOD), cover.period))
        if cover.emblem:
            self._add(self._image(cover.emblem, _EMBLEM_CM, st.COVER_EMBLEM))
        for line in cover.lines:
            self._add(paragraph(self.s(st.COVER_LINE), line))
        if cover.programme:
            self._add(el("w:p"))
            self._add(banner(self.s, self._width(), cover.programme, COVER_COLOUR))

    def _front_page(self, front_page: FrontPage) -> None:
        self._orient(False)
        title = paragraph(self.s(st.FRONT_TITLE), front_page.title)
        self.indexes.mark("toc", title, front_page.title)
        self._add(title)
        kind = _INDEX_ROLES.get(front_page.role)
        if kind:
            self.slots[kind] = self._add(el("w:p"))
        self._blocks(front_page.blocks)

    def _chapter(self, chapter: Chapter) -> None:
        self._part(f"{labels.CHAPTER} {chapter.number} {chapter.title}")
        heading = paragraph(self.s(st.HEADING[1]))
        heading.append(run(f"{labels.CHAPTER} {chapter.number}\n{chapter.title}"))
        self.indexes.mark("toc", heading, f"{labels.CHAPTER} {chapter.number} {chapter.title}")
        self._add(heading)
        if self.model.cover.band:  # the chapter opens under the dimension colours of the cover
            self._add(colour_band(self.s, self._width() * 2 // 5, self.model.cover.band, height_twips=85,
                                  centred=True))
        self._land(chapter.notes, heading)
        self._blocks(chapter.blocks)
        for section in chapter.sections:
            self._orient(section.landscape)
            text = f"{section.number} {section.title}".strip()
            heading = paragraph(self.s(st.HEADING[2]), text)
            self.indexes.mark("toc", heading, text, 2)
            self._add(heading)
            self._blocks(section.blocks, section.landscape)

    def _appendix(self, appendix: Appendix) -> None:
        number = f"{labels.APPENDIX} {appendix.number}".strip()
        self._part(f"{number} {appendix.title}")
        title = paragraph(self.s(st.APPENDIX_TITLE))
        title.append(run(f"{number}\n{appendix.title}"))
        self.indexes.mark("toc", title, f"{number} {appendix.title}")
        self._add(title)
        self._blocks(appendix.blocks)

    # --- blocks ------------------------------------------------------------------------

    def _blocks(self, blocks: list[Block], landscape: bool = False) -> None:
        for block in blocks:
            self._orient(landscape or isinstance(block, RoadmapGrid))
            start = len(self.body)
            self._blocks_by_kind[block.kind](block)
            if isinstance(block, Noted) and block.notes:
                self._land(block.notes, self._first_text(start))

    def _paragraph(self, block: Paragraph) -> None:
        if block.style == "title":
            self._add(title_paragraph(self.s, block.text))
        else:
            self._add(paragraph(self.s(_PARAGRAPH_STYLES[block.style]), block.text))

    def _recital(self, block: Recital) -> None:
        self._add(recital_table(self.s, self._width(), block))

    def _article(self, block: Article) -> None:
        for p in article_paragraphs(self.s, block):
            self._add(p)

    def _placeholder(self, block: Placeholder) -> None:
        self._add(paragraph(self.s(st.PLACEHOLDER), block.text))

    def _bullets(self, block: BulletList) -> None:
        style = self.s(st.NUMBERED if block.ordered else st.BULLET)
        restart = self._restarted_numbering() if block.ordered else None
        for item in block.items:
            p = self._add(paragraph(style, item))
            if restart is not None:
                numbering = sub(p.find(qn("w:pPr")), "w:numPr")
                sub(numbering, "w:ilvl", {"w:val": "0"})
                sub(numbering, "w:numId", {"w:val": restart})

    def _heading(self, block: Heading) -> None:
        text = f"{block.number} {block.text}" if block.number else block.text
        heading = paragraph(self.s(st.HEADING[block.level]), text)
        if block.level <= 3:
            self.indexes.mark("toc", heading, text, block.level)
        self._add(heading)

    def _page_break(self, block: PageBreak) -> None:
        """The next paragraph starts a page (no empty line above it); before a table, a break of its own."""
        self.break_before = True

    def _table(self, block: Table) -> None:
        self._caption(labels.TABLE, block.number, block.caption)
        self._add(data_table(self.s, self._width(), block, self._row, self._page_of))
        self._source(block.source)

    def _roadmap(self, block: RoadmapGrid) -> None:
        self._caption(labels.TABLE, block.number, block.caption)
        self._add(roadmap_table(self.s, self._width(), block, self._row))
        if block.legend:
            self._add(paragraph(self.s(st.LEGEND)))
            self._add(legend_table(self.s, self._width(), block.legend))
        self._source(block.source)

    def _schedule(self, block: QuickWinSchedule) -> None:
        self._caption(labels.TABLE, block.number, block.caption)
        self._add(schedule_table(self.s, self._width(), block))
        self._source(block.source)

    def _figure(self, block: Figure) -> None:
        if block.chart is not None:
            image = io.BytesIO(charts.png(block.chart, block.width_cm))
            self._add(self._image(image, block.width_cm, st.FIGURE, block.text))
        elif block.attachment_page is not None:
            found = page_image(Path(block.path or ""), block.attachment_page)
            picture: str | IO[bytes] = io.BytesIO(found[0]) if found else block.path or ""
            self._add(self._image(picture, block.width_cm, st.FIGURE, block.caption))
        else:
            self._add(self._image(block.path or "", block.width_cm, st.FIGURE))
        self._caption(labels.FIGURE, block.number, block.caption)
        self._source(block.source)

    def _signatures(self, block: Signatures) -> None:
        self._add(paragraph(self.s(st.SIGNATURE_TEXT)))
        for element in signature_elements(self.s, self._width(), block):
            self._add(element)

    # --- review notes ------------------------------------------------------------------

    def _land(self, ids: list[str], p: Element) -> None:
        """Attach the review notes ``ids`` to paragraph ``p``: a comment each, and a bookmark for the page."""
        for ident in ids:
            note = self.notes.get(ident)
            if note is None or ident in self.note_marks:
                continue
            name = _NOTE_BOOKMARK.format(len(self.note_marks) + 1)
            bookmark(p, self.indexes.new_id(), name)
            self.note_marks[ident] = name
            if not self.comments:
                continue
            comment = self.word.comments.add_comment(
                text=clean(comment_text(note)), author=clean(note.author), initials=_initials(note.author)
            )
            # python-docx dates a comment "now": the note's own time keeps the file repeatable
            comment._comment_elm.set(qn("w:date"), _comment_date(note.time, self.model.meta.build_date))
            comment_range(p, comment.comment_id)

    def _first_text(self, start: int) -> Element:
        """The first paragraph with text written from body position ``start`` on (else the first one)."""
        first: Element | None = None
        for element in self.body[start:]:
            for p in element.iter(qn("w:p")):
                if p.find(f".//{qn('w:t')}") is not None:
                    return p
                first = p if first is None else first
        return first if first is not None else self._add(el("w:p"))

    def _row(self, row: TableRow | RoadmapRow, tr: Element) -> None:
        if row.notes:
            self._land(row.notes, tr.find(f"{qn('w:tc')}/{qn('w:p')}"))

    def _page_of(self, ident: str) -> list[Element]:
        """The page where review note ``ident`` landed: a PAGEREF field (dirty until a layout fills it)."""
        name = self.note_marks.get(ident)
        if name is None:
            return [run("-")]
        number = self.pages.references.get(name)
        self.stale_references = self.stale_references or number is None
        return make_field(f"PAGEREF {name} \\h", number or "", dirty=number is None)

    # --- pieces ------------------------------------------------------------------------

    def _add(self, element: Element) -> Element:
        """Append ``element`` to the body; a paragraph goes between two tables (Word would join them)."""
        if self.break_before:
            self.break_before = False
            if element.tag == _TABLE or not break_page_before(element):
                self.body.append(page_break())
        elif element.tag == _TABLE and len(self.body) and self.body[-1].tag == _TABLE:
            self.body.append(paragraph(self.s(st.NORMAL)))
        self.body.append(element)
        return element

    def _caption(self, label: str, number: str, text: str) -> None:
        p, plain = caption(self.s(st.CAPTION), label, number, text)
        self.indexes.mark("tables" if label == labels.TABLE else "figures", p, plain)
        self._add(p)

    def _source(self, source: str) -> None:
        if source:
            self._add(paragraph(self.s(st.SOURCE), labels.SOURCE + source))

    def _image(self, path: str | IO[bytes], width_cm: float, style: str, text: str = "") -> Element:
        """A paragraph in ``style`` holding the picture at ``path`` (a file or bytes), described by ``text``.

        A visible note instead when the picture cannot be read.
        """
        width = min(Cm(width_cm), self._width() * 635)  # twips to EMU
        try:
            inline = self.word.part.new_pic_inline(path, width=width)
        except (OSError, UnrecognizedImageError):
            name = Path(path).name if isinstance(path, str) else ""
            return paragraph(self.s(st.PLACEHOLDER), labels.MISSING_IMAGE.format(name=name))
        if text:
            inline.find(qn("wp:docPr")).set("descr", clean(text))
        p = paragraph(self.s(style))
        sub(sub(p, "w:r"), "w:drawing").append(inline)
        return p

    def _restarted_numbering(self) -> str | None:
        """A numbering instance of the "List Number" list that starts again at 1."""
        style = self.word.styles.element.get_by_id(self.s(st.NUMBERED))
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}") if style is not None else None
        if num_id is None:
            return None
        numbering = self.word.part.numbering_part.element
        base = numbering.num_having_numId(int(num_id.get(qn("w:val"))))
        num = numbering.add_num(base.abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return str(num.numId)

    # --- sections ----------------------------------------------------------------------

    def _header(self, title: str = "") -> str | None:
        """A header part: the draft's watermark, and ``title`` (the running header of a chapter)."""
        draft = self.model.meta.mode == "draft"
        if not draft and not title:
            return None
        part, rid = self.word.part.add_header_part()
        if draft:
            watermark_header(part.element, self.s(st.HEADER), labels.DRAFT)
        else:
            empty_header(part.element, self.s(st.HEADER))
        if title:
            line = part.element[-1] if not draft else sub(part.element, "w:p")
            if draft:
                sub(sub(line, "w:pPr"), "w:pStyle", {"w:val": self.s(st.HEADER)})
            line.append(run(title.upper()))
        return rid

    def _part(self, title: str) -> None:
        """Start a chapter or an appendix in a portrait section of its own, headed by ``title``."""
        header = self._header(title)
        if self.first_part:  # the body's section has just begun: it takes the header itself
            self.first_part = False
            self.section["header"] = header
            self._orient(False)
        else:
            self._new_section(landscape=False, header=header)

    def _footer(self) -> str:
        part, rid = self.word.part.add_footer_part()
        page_number_footer(part.element, self.s(st.FOOTER))
        self.footer = rid
        return rid

    def _empty_footer(self) -> str:
        """A footer part with nothing in it (a part without one would take the previous part's)."""
        part, rid = self.word.part.add_footer_part()
        empty_header(part.element, self.s(st.FOOTER))
        return rid

    def _width(self) -> int:
        return page(self.paper, self.section["landscape"]).text_width

    def _orient(self, landscape: bool) -> None:
        landscape = landscape or self.model.meta.sheet
        if landscape != self.section["landscape"]:
            self._new_section(landscape=landscape, restart=False)

    def _section_properties(self) -> Element:
        landscape = self.section["landscape"]
        number_format: NumberFormat | None = self.section["number_format"]
        return section_properties(
            page(self.paper, landscape), landscape=landscape, number_format=number_format,
            restart=self.section["restart"], header=self.section["header"], footer=self.section["footer"],
        )

    def _new_section(self, **changes: Any) -> None:
        """End the current section on a new page; the next one changes ``changes``."""
        last = self.body[-1] if len(self.body) else None
        if last is not None and last in self.slots.values():
            self.slot_sections[last] = self._section_properties()  # the index's last paragraph takes it
        else:
            if last is None or last.tag != qn("w:p") or last.find(_SECTION_IN_PARAGRAPH) is not None:
                last = self._add(el("w:p"))
            _end_section(last, self._section_properties())
        self.section = {**self.section, "restart": False, **changes}
        if self.section["footer"] is None:
            self.section["footer"] = self.footer


def _initials(name: str) -> str:
    """Give "SL" for "dr. Sri Lestari, M.Kes.": the words before the first comma, without titles ("Dr.")."""
    words = [w for w in name.split(",")[0].split() if not w.endswith(".") and w[:1].isalpha()]
    return "".join(w[0].upper() for w in words[:3]) or name.strip()[:1].upper()


def _comment_date(time: str, fallback: dt.date) -> str:
    """A note's time ("30 November 2026 19.45 UTC") as a w:date; the build date when it does not read."""
    match = _NOTE_TIME.fullmatch(time.strip())
    month = _MONTHS.index(match[2].lower()) + 1 if match and match[2].lower() in _MONTHS else 0
    if match is None or not month:
        return f"{fallback.isoformat()}T00:00:00Z"
    day = f"{match[3]}-{month:02d}-{int(match[1]):02d}"
    return f"{day}T{int(match[4] or 0):02d}:{match[5] or '00'}:00" + ("Z" if match[6] else "")


def _end_section(p: Element, properties: Element) -> None:
    """Make paragraph ``p`` the last of a section with ``properties`` (a ``w:sectPr``)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    ppr.append(properties)
