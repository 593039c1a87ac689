"""The PowerPoint renderer: a book whose outline says ``slides: true`` as a Bimtek presentation.

The same document model as the Word and PDF books, laid out on 16:9 slides in the
programme's look (the dimension colours on top, the programme's dark band at the foot):

* the cover is the title slide; each chapter (a Bimtek stage) opens with a divider slide;
* each section is a slide titled with the section's title; its tables, roadmaps, schedules
  and figures are the slide's content (a long table continues on the next slides, its
  header repeated), and its text goes to the speaker's notes: a mentor says it, the room
  reads the picture. A section of text alone shows its text;
* charts are the same pictures Word gets (:func:`masterplan.renderers.charts.png`).

Every text is the model's, set as text (never parsed as markup); the file is written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Cm, Emu, Pt

from masterplan.answers.attachments import page_image
from masterplan.document.model import (
    OTHER_SHADE,
    Block,
    BulletList,
    Chapter,
    Chart,
    Document,
    Figure,
    Heading,
    Paragraph,
    Placeholder,
    QuickWinSchedule,
    RoadmapGrid,
    Section,
    Table,
    Timeline,
)
from masterplan.document.palette import COVER_COLOUR, group_shade
from masterplan.fileio import atomic_write_bytes
from masterplan.renderers import charts, labels

WIDTH_CM, HEIGHT_CM = 33.867, 19.05  # 16:9
MARGIN_CM = 1.2
TITLE_TOP_CM = 0.9
BODY_TOP_CM = 3.0
FOOT_CM = 0.9  # the dark band at the foot
BODY_HEIGHT_CM = HEIGHT_CM - BODY_TOP_CM - FOOT_CM - 0.5
TABLE_PT = 12.0
SMALL_TABLE_PT = 10.0  # a table of more than five columns
CELL_MARGIN_CM = 0.12
TEXT_LINES = 11  # lines of body text a slide shows before it continues on the next one
CHARS_PER_LINE = 95
FONT = "Liberation Sans"
MONTH_COLOUR = "9DC3E6"
LONG_TIMELINE = 30
"""A timeline of more lines is drawn in two halves side by side across the slide."""
_VISUAL = (Table, RoadmapGrid, QuickWinSchedule, Figure)
"""What a slide shows; the text around it goes to the speaker's notes."""


def render_pptx(document: Document, out_path: Path) -> Path:
    """Write ``document`` as a presentation at ``out_path`` (atomically) and return the path."""
    atomic_write_bytes(Path(out_path), pptx_bytes(document))
    return Path(out_path)


def pptx_bytes(document: Document) -> bytes:
    """The presentation of ``document``, as the bytes of a .pptx file."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Cm(WIDTH_CM), Cm(HEIGHT_CM)
    writer = _Writer(deck, document)
    writer.write()
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


class _Writer:
    """Walks the document once, adding slides in reading order."""

    def __init__(self, deck: Deck, document: Document) -> None:
        self.deck = deck
        self.model = document
        self.blank = deck.slide_layouts[6]
        self.footer = f"{labels.DRAFT} · " if document.meta.mode == "draft" else ""
        self.footer += f"{document.meta.title}"

    def write(self) -> None:
        properties = self.deck.core_properties
        meta = self.model.meta
        properties.title, properties.subject, properties.author = meta.title, meta.subject, meta.author
        properties.keywords, properties.language = meta.keywords(), meta.language
        self._title_slide()
        for chapter in self.model.chapters:
            self._divider(chapter)
            for section in chapter.sections:
                self._section(section)

    # --- slides ----------------------------------------------------------------------------

    def _slide(self, title: str | None = None) -> Slide:
        slide = self.deck.slides.add_slide(self.blank)
        self._band(slide, 0.0, 0.35)
        foot = _box(slide, 0.0, HEIGHT_CM - FOOT_CM, WIDTH_CM, FOOT_CM, fill=COVER_COLOUR)
        _text(foot, f"{labels_programme(self.model)}   {self.footer}", 10, colour="FFFFFF")
        number = _box(slide, WIDTH_CM - 3.0, HEIGHT_CM - FOOT_CM, 2.6, FOOT_CM)
        _text(number, str(len(self.deck.slides)), 10, colour="FFFFFF", align=PP_ALIGN.RIGHT)
        if title is not None:
            _text(_box(slide, MARGIN_CM, TITLE_TOP_CM, WIDTH_CM - 2 * MARGIN_CM, 1.6), title, 26, bold=True,
                  colour=COVER_COLOUR)
        return slide

    def _band(self, slide: Slide, top: float, height: float) -> None:
        colours = self.model.cover.band or [COVER_COLOUR]
        width = WIDTH_CM / len(colours)
        for i, colour in enumerate(colours):
            _box(slide, i * width, top, width + 0.01, height, fill=colour)

    def _title_slide(self) -> None:
        cover = self.model.cover
        slide = self._slide()
        top = 3.2
        if cover.emblem:
            try:
                slide.shapes.add_picture(cover.emblem, Cm(WIDTH_CM / 2 - 1.6), Cm(1.4), height=Cm(3.6))
                top = 5.4
            except (OSError, ValueError):
                pass
        for text, size, bold in ((cover.title, 30, True), (cover.region, 26, True), (cover.period, 22, False),
                                 (" · ".join(cover.lines), 16, False)):
            _text(_box(slide, MARGIN_CM, top, WIDTH_CM - 2 * MARGIN_CM, 1.8), text, size, bold=bold,
                  colour=COVER_COLOUR, align=PP_ALIGN.CENTER)
            top += 2.1

    def _divider(self, chapter: Chapter) -> None:
        slide = self._slide()
        label = f"{labels.CHAPTER} {chapter.number}"
        _text(_box(slide, MARGIN_CM, 6.0, WIDTH_CM - 2 * MARGIN_CM, 1.6), label, 24, colour="595959",
              align=PP_ALIGN.CENTER)
        _text(_box(slide, MARGIN_CM, 7.8, WIDTH_CM - 2 * MARGIN_CM, 3.0), chapter.title, 36, bold=True,
              colour=COVER_COLOUR, align=PP_ALIGN.CENTER)

    def _section(self, section: Section) -> None:
        visuals = [b for b in section.blocks if isinstance(b, _VISUAL)]
        notes = [line for b in section.blocks for line in _lines(b)]
        if not visuals:
            for part, chunk in enumerate(_chunks(notes, TEXT_LINES)):
                slide = self._slide(_continued(section.title, part))
                _bullets(slide, chunk)
            return
        for block in visuals:
            for part, slide in enumerate(self._visual(block, section.title)):
                if part == 0 and block is visuals[0] and notes:
                    _notes(slide, "\n".join(text for text, _ in notes))

    def _visual(self, block: Block, title: str) -> Iterator[Slide]:
        if isinstance(block, Figure):
            yield self._figure(block, title)
            return
        header, rows, shades = _table_parts(block)
        caption = getattr(block, "caption", "")
        size = TABLE_PT if len(header) <= 5 else SMALL_TABLE_PT
        widths = _column_cm(_widths(block))
        for part, (start, end) in enumerate(_pages(header, rows, widths, size)):
            slide = self._slide(_continued(title, part))
            _text(_box(slide, MARGIN_CM, 2.3, WIDTH_CM - 2 * MARGIN_CM, 0.8), caption, 14, colour="595959")
            _table(slide, header, rows[start:end], shades[start:end], widths, size)
            yield slide

    def _figure(self, block: Figure, title: str) -> Slide:
        slide = self._slide(title)
        _text(_box(slide, MARGIN_CM, 2.3, WIDTH_CM - 2 * MARGIN_CM, 0.8), block.caption, 14, colour="595959")
        picture: Any
        if block.chart is not None:
            chart, width = _for_slide(block.chart, block.width_cm)
            picture = io.BytesIO(charts.png(chart, width))
            ratio = charts.height_cm(chart, width) / width
        elif block.attachment_page is not None:
            found = page_image(Path(block.path or ""), block.attachment_page)
            if found is None:
                return slide
            picture, ratio = io.BytesIO(found[0]), 0.75
        else:
            picture, ratio = block.path or "", 0.75
        room_w, room_h = WIDTH_CM - 2 * MARGIN_CM, BODY_HEIGHT_CM - 0.6
        width = min(room_w, room_h / ratio)
        try:
            left = Cm((WIDTH_CM - width) / 2)
            slide.shapes.add_picture(picture, left, Cm(BODY_TOP_CM + 0.3), width=Cm(width))
        except (OSError, ValueError):
            _text(_box(slide, MARGIN_CM, BODY_TOP_CM, room_w, 1.0), block.caption, 14)
        if block.text:
            _notes(slide, block.text)
        return slide


def _for_slide(chart: Chart, width_cm: float) -> tuple[Chart, float]:
    """A chart as a slide shows it: a long timeline in two halves filling the slide, others at most 24 cm."""
    if isinstance(chart, Timeline) and len(chart.rows) > LONG_TIMELINE:
        width = WIDTH_CM - 2 * MARGIN_CM
        return chart.model_copy(update={"panels": 2, "height_cm": BODY_HEIGHT_CM - 0.6}), width
    return chart, min(width_cm, 24.0)


def labels_programme(document: Document) -> str:
    """The foot of every slide: the programme's name (the cover's dark band)."""
    return document.cover.programme or document.meta.region


def _continued(title: str, part: int) -> str:
    return title if part == 0 else f"{title} (lanjutan)"


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    """``items`` in slides of ``size`` lines (a long item counts as the lines it wraps to)."""
    chunks: list[list[Any]] = [[]]
    used = 0
    for item in items:
        lines = 1 + len(item[0]) // CHARS_PER_LINE
        if chunks[-1] and used + lines > size:
            chunks.append([])
            used = 0
        chunks[-1].append(item)
        used += lines
    return chunks


def _lines(block: Block) -> list[tuple[str, bool]]:
    """The text of a block as (line, is a bullet) pairs; tables and figures have none."""
    if isinstance(block, Paragraph | Placeholder):
        return [(block.text, False)]
    if isinstance(block, BulletList):
        return [(f"{n}. {item}" if block.ordered else item, not block.ordered)
                for n, item in enumerate(block.items, start=1)]
    if isinstance(block, Heading):
        return [(block.text, False)]
    return []


def _table_parts(block: Block) -> tuple[list[str], list[list[str]], list[list[str | None]]]:
    """The header, the rows' cells and each cell's shade of a table, roadmap or schedule."""
    if isinstance(block, Table):
        header = [c.title for c in block.columns]
        blank = [""] * (len(header) - 1)
        rows = [row.cells if not row.group else [row.cells[0], *blank] for row in block.rows]
        shades: list[list[str | None]] = [[group_shade(block.accent)] * len(header) if row.group else
                                          [None] * len(header) for row in block.rows]
        return header, rows, shades
    if isinstance(block, RoadmapGrid):
        styles = {s.code: s for s in block.legend}
        header = [labels.ROADMAP_CODE, labels.ROADMAP_PROGRAMME, *(str(y) for y in block.years)]
        rows, shades = [], []
        for line in block.rows:
            marks = [styles[s].mark if s in styles else (s or "") for s in line.statuses]
            rows.append([line.code, line.name, *marks])
            shades.append([None, None, *((styles[s].shade if s in styles else OTHER_SHADE) if s else None
                                         for s in line.statuses)])
        return header, rows, shades
    assert isinstance(block, QuickWinSchedule)
    header = [labels.SCHEDULE_ACTIVITY, *(str(m) for m in range(1, 13))]
    rows = [[a.activity, *[""] * 12] for a in block.activities]
    shades = [[None, *(MONTH_COLOUR if min(a.start, a.end) <= m <= max(a.start, a.end) else None
                       for m in range(1, 13))] for a in block.activities]
    return header, rows, shades


def _widths(block: Block) -> list[float]:
    if isinstance(block, Table):
        return [c.width for c in block.columns]
    if isinstance(block, RoadmapGrid):
        return [1.2, 5.0, *[0.8] * len(block.years)]
    return [5.0, *[0.5] * 12]


def _column_cm(widths: Sequence[float]) -> list[float]:
    """Relative column widths as centimetres across the slide."""
    scale = (WIDTH_CM - 2 * MARGIN_CM) / (sum(widths) or 1.0)
    return [w * scale for w in widths]


def row_cm(cells: Sequence[str], widths: Sequence[float], size: float) -> float:
    """The height a row of ``cells`` takes in columns ``widths`` (cm) at ``size`` pt: its tallest cell.

    Lines are counted per paragraph of a cell from the letters that fit its width (half the
    font size per letter, the average of Liberation Sans in running text).
    """
    letter = size * 0.5 / 72 * 2.54
    lines = 1
    for text, width in zip(cells, widths, strict=False):
        per_line = max(1, int((width - 2 * CELL_MARGIN_CM) / letter))
        lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n")))
    return lines * size * 1.2 / 72 * 2.54 + 2 * 0.05 + 0.1


def _pages(
    header: list[str], rows: list[list[str]], widths: list[float], size: float
) -> list[tuple[int, int]]:
    """(start, end) of the rows each slide shows: as many as fit under the repeated header."""
    room = BODY_HEIGHT_CM - 0.4 - row_cm(header, widths, size)
    pages: list[tuple[int, int]] = []
    start, used = 0, 0.0
    for index, cells in enumerate(rows):
        height = row_cm(cells, widths, size)
        if index > start and used + height > room:
            pages.append((start, index))
            start, used = index, 0.0
        used += height
    pages.append((start, len(rows)))
    return pages


def _table(slide: Slide, header: list[str], rows: list[list[str]], shades: list[list[str | None]],
           widths: list[float], size: float) -> None:
    """A table with a bold shaded header row, cells in ``size`` pt, columns ``widths`` (cm) wide."""
    total_w = WIDTH_CM - 2 * MARGIN_CM
    heights = [row_cm(header, widths, size), *(row_cm(cells, widths, size) for cells in rows)]
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Cm(MARGIN_CM), Cm(BODY_TOP_CM + 0.2),
                                   Cm(total_w), Cm(sum(heights)))
    table = shape.table
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    for r, height in enumerate(heights):
        table.rows[r].height = Cm(height)
    for c, title in enumerate(header):
        _cell(table.cell(0, c), title, size, bold=True, fill="D9E2F3")
    for r, (cells, row_shades) in enumerate(zip(rows, shades, strict=True), start=1):
        for c, (value, shade) in enumerate(zip(cells, row_shades, strict=True)):
            _cell(table.cell(r, c), value, size, fill=shade or "FFFFFF")


def _cell(cell: Any, text: str, size: float, bold: bool = False, fill: str = "FFFFFF") -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(fill)
    cell.margin_left = cell.margin_right = Cm(CELL_MARGIN_CM)
    cell.margin_top = cell.margin_bottom = Cm(0.05)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame = cell.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    _font(run.font, size, bold, "000000")


def _box(slide: Slide, left: float, top: float, width: float, height: float, fill: str | None = None) -> Any:
    """A text box (``fill``: a coloured rectangle) at the given place, in centimetres."""
    if fill is None:
        return slide.shapes.add_textbox(Cm(left), Cm(top), Cm(width), Cm(height))
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Cm(left), Cm(top), Cm(width), Cm(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _text(shape: Any, text: str, size: float, bold: bool = False, colour: str = "000000",
          align: Any = PP_ALIGN.LEFT) -> None:
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Emu(Cm(0.3))
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    _font(run.font, size, bold, colour)


def _bullets(slide: Slide, lines: list[tuple[str, bool]]) -> None:
    frame = _box(slide, MARGIN_CM, BODY_TOP_CM, WIDTH_CM - 2 * MARGIN_CM, BODY_HEIGHT_CM).text_frame
    frame.word_wrap = True
    for i, (text, bullet) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(8)
        run = paragraph.add_run()
        run.text = f"• {text}" if bullet else text
        _font(run.font, 18, False, "000000")


def _notes(slide: Slide, text: str) -> None:
    """What the mentor says with ``slide``, in its speaker's notes."""
    frame = slide.notes_slide.notes_text_frame
    if frame is not None:
        frame.text = text


def _font(font: Any, size: float, bold: bool, colour: str) -> None:
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor.from_string(colour)
