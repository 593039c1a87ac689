"""The document model: one typed tree that every renderer reads.

``assemble`` builds it from a plan; the DOCX and PDF renderers walk it and
never read answers themselves, so the Word and PDF of a workspace say the same
thing. Every text is final, formatted Indonesian (dates, Rupiah, Kabupaten or
Kota wording already applied); renderers only lay it out and escape it.
The tree dumps to JSON (``Document.model_dump_json``) for golden tests.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from masterplan.document.page import Paper
from masterplan.formatting import judul

T = TypeVar("T")


class Node(BaseModel):
    """Base of every node: strict, so a renderer can rely on the fields."""

    model_config = ConfigDict(extra="forbid")


def _empty(value: list[Any]) -> bool:
    return not value


class Noted(Node):
    """A node a mentor's review note can land on: ``notes`` holds the ids of the notes anchored here.

    Set by :func:`masterplan.document.review.resolve_notes` (drafts only); a renderer attaches
    each note there (a Word comment, the target of the page number in the review appendix).
    Left out of the JSON dump when empty.
    """

    notes: list[str] = Field(default_factory=list, exclude_if=_empty)


class Anchored(Noted):
    """A node built from answers: ``anchors`` say where it comes from, so a note lands on it.

    Values: ``question:<stage>.<question id>``, ``section:<stage>.<section id>`` and
    ``row:<CODE>`` (a programme's or enabler's row). Left out of the JSON dump when empty.
    """

    anchors: list[str] = Field(default_factory=list, exclude_if=_empty)


def question_anchor(stage: int, question: str) -> str:
    """The anchor of what a question's answer fills: "question:2.programs"."""
    return f"question:{stage}.{question}"


def section_anchor(stage: int, section: str) -> str:
    """The anchor of a questionnaire section: "section:2.programs_list"."""
    return f"section:{stage}.{section}"


def row_anchor(code: str) -> str:
    """The anchor of a programme's (or enabler's) row: "row:SG-03" (codes in capitals)."""
    return f"row:{code.strip().upper()}"


Title = Annotated[str, AfterValidator(judul)]
"""A heading or caption: written with the one capitalisation rule of headings (formatting.judul)."""


# --- inline and simple blocks ---------------------------------------------------


class Paragraph(Anchored):
    """Body text. ``style``: body (justified), center, note (small), lead (bold lead-in), title.

    A ``title`` is centred and bold, line by line: the headings of a regulation ("BAB I" over
    "KETENTUAN UMUM", "MEMUTUSKAN:"), which stay out of the table of contents.
    """

    kind: Literal["paragraph"] = "paragraph"
    text: str
    style: Literal["body", "center", "note", "lead", "title"] = "body"


class Placeholder(Anchored):
    """An unanswered required question, shown in draft mode as ``[BELUM DIISI: label]``."""

    kind: Literal["placeholder"] = "placeholder"
    question: str  # question id
    label: str  # question label, Indonesian
    stage: int

    @property
    def text(self) -> str:
        """The visible text of the placeholder."""
        return f"[BELUM DIISI: {self.label}]"


class BulletList(Anchored):
    """A bulleted (or numbered) list of short paragraphs."""

    kind: Literal["bullets"] = "bullets"
    items: list[str]
    ordered: bool = False


class Heading(Anchored):
    """A heading inside a section (level 3 and below: "5.1.1 Layanan Publik")."""

    kind: Literal["heading"] = "heading"
    level: int = Field(ge=3, le=4)
    number: str | None = None
    text: Title


class Point(Node):
    """An item of a legal list: its printed marker ("a.", "1.") and its text."""

    marker: str
    text: str


class Recital(Anchored):
    """A part of a regulation's preamble: "Menimbang", ":" and its lettered or numbered points.

    Laid out without borders: the label, the colon, the markers and the text in columns, every
    point's text hanging beside its marker. A point without a marker (Menetapkan) fills both.
    """

    kind: Literal["recital"] = "recital"
    label: str  # "Menimbang", "Mengingat", "Menetapkan"
    points: list[Point]


class Clause(Node):
    """A paragraph of an article: an ayat ("(1) ..."), or unnumbered text, with its points under it."""

    number: str | None = None  # "(1)"
    text: str
    points: list[Point] = Field(default_factory=list)


class Article(Anchored):
    """A Pasal of a regulation: "Pasal 4" centred, then its clauses (ayat) with hanging numbers."""

    kind: Literal["article"] = "article"
    number: str  # "Pasal 4"
    clauses: list[Clause] = Field(min_length=1)


class PageBreak(Node):
    """Start a new page."""

    kind: Literal["page_break"] = "page_break"


# --- tables and grids -------------------------------------------------------------


class Column(Node):
    """A table column: its header and relative width (the widths of a table need not sum to 100)."""

    title: str
    width: float = 1.0
    align: Literal["left", "center", "right"] = "left"


class TableRow(Anchored):
    """A row: data cells, or a group row spanning the whole table ("SG-LAYANAN Layanan Publik").

    ``page_of`` (the review appendix): the last cell shows the page where the review note of
    that id is anchored, a PAGEREF field in Word and a ``target-counter`` in the PDF.
    """

    cells: list[str]
    group: bool = False
    page_of: str | None = Field(default=None, exclude_if=lambda value: value is None)
    tall: bool = Field(default=False, exclude_if=lambda value: not value)  # may break across pages


class Table(Anchored):
    """A numbered table: caption above ("Tabel 5.1 ..."), "Sumber: ..." below; the header repeats."""

    kind: Literal["table"] = "table"
    number: str  # "5.1"
    caption: Title
    source: str
    columns: list[Column]
    rows: list[TableRow]
    accent: str | None = Field(default=None, exclude_if=lambda value: value is None)  # a dimension's colour


OTHER_SHADE = "D9D9D9"
"""Cell shade of a roadmap status that has no style of its own (every renderer uses it)."""


class StatusStyle(Node):
    """How a roadmap status is shown: its label, cell shade (hex RGB without #) and a short mark.

    The mark is printed in the cell too, so a black-and-white print stays readable.
    """

    code: str
    label: str
    shade: str
    mark: str = ""


class RoadmapRow(Anchored):
    """One programme on the roadmap: a status code (or ``None``) per year of the period."""

    code: str
    name: str
    opd: str
    statuses: list[str | None]
    group: str | None = None  # sub-dimension label: rows with a new group start a group row


class RoadmapGrid(Anchored):
    """The roadmap of one dimension (or the enablers): a column per year, shaded cells by status.

    Rendered on landscape pages.
    """

    kind: Literal["roadmap"] = "roadmap"
    number: str
    caption: Title
    source: str
    years: list[int]
    rows: list[RoadmapRow]
    legend: list[StatusStyle]
    accent: str | None = Field(default=None, exclude_if=lambda value: value is None)  # a dimension's colour


class ScheduleActivity(Node):
    """One activity of a quick win: months ``start``..``end`` (1-12) of year one."""

    activity: str
    start: int = Field(ge=1, le=12)
    end: int = Field(ge=1, le=12)
    responsible: str | None = None


class QuickWinSchedule(Anchored):
    """The month-by-month plan of one quick win in year one (12 month columns)."""

    kind: Literal["schedule"] = "schedule"
    number: str
    caption: Title
    source: str
    year: int
    activities: list[ScheduleActivity]


# --- figures drawn from the answers ------------------------------------------------------------


class Swatch(Node):
    """A legend entry: a label and its colour (hex RGB without #)."""

    label: str
    colour: str


class Series(Node):
    """One series of a bar chart: a value per category, in one colour."""

    label: str
    colour: str
    values: list[float]


class BarChart(Node):
    """Bars per category, stacked by series.

    ``horizontal`` bars run left to right (a category per line). ``unit`` titles the value
    axis ("miliar rupiah"); ``scale`` names the ticks of a value axis that is a rating scale
    (value 1 is ``scale[0]``), printed instead of numbers.
    """

    kind: Literal["bars"] = "bars"
    categories: list[str]
    series: list[Series]
    horizontal: bool = False
    unit: str = ""
    scale: list[str] = Field(default_factory=list)


class Bar(Node):
    """A span of a timeline row, from column ``start`` to column ``end`` (both included, 0-based)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    colour: str


class TimelineRow(Node):
    """A timeline row: its label and bars; a ``group`` row is a heading with no bars.

    ``marks``: columns marked with a diamond (the year a quick win of the programme is delivered).
    """

    label: str
    bars: list[Bar] = Field(default_factory=list)
    group: bool = False
    marks: list[int] = Field(default_factory=list, exclude_if=_empty)


class Timeline(Node):
    """A Gantt-like chart: a column per tick (years or months), rows with coloured spans.

    ``mark``: what a diamond means (the legend's last entry). ``height_cm``: the height the
    chart fills (a poster's sheet), its rows and letters growing to fill it; by default a
    chart takes what its rows need, at most a page. ``panels``: the rows drawn in that many
    parts side by side, each part starting at a group row.
    """

    kind: Literal["timeline"] = "timeline"
    ticks: list[str]
    rows: list[TimelineRow]
    legend: list[Swatch] = Field(default_factory=list)
    mark: str = Field(default="", exclude_if=lambda value: not value)
    height_cm: float | None = Field(default=None, exclude_if=lambda value: value is None)
    panels: int = Field(default=1, ge=1, le=4, exclude_if=lambda value: value == 1)


class OrgBox(Node):
    """A box of an organisation chart: a title (a function) and lines under it (name, position)."""

    title: str
    lines: list[str] = Field(default_factory=list)


class OrgChart(Node):
    """An organisation chart: levels from the top, each level linked to the level above."""

    kind: Literal["org"] = "org"
    levels: list[list[OrgBox]]


Chart = Annotated[BarChart | Timeline | OrgChart, Field(discriminator="kind")]


class Figure(Anchored):
    """A numbered figure, "Gambar n.m ..." below it and "Sumber: ..." under the caption.

    Either ``path``, an image file (absolute, inside the workspace), or ``chart``, drawn from
    the answers by the renderers (vector in the PDF, a high-resolution image in Word). With
    ``attachment_page``, ``path`` is an attached file (a scanned PDF, a photo) and the renderers
    print that page's picture re-encoded (:func:`masterplan.answers.attachments.page_image`).
    ``text`` says in words what a chart shows (the PDF's alternative text).
    """

    kind: Literal["figure"] = "figure"
    number: str
    caption: Title
    source: str
    path: str | None = None
    chart: Chart | None = None
    text: str = ""
    width_cm: float = 12.0
    attachment_page: int | None = None  # an attached file (a scan, a photo): its page printed, from 1

    @model_validator(mode="after")
    def _one_picture(self) -> Figure:
        if (self.path is None) == (self.chart is None):
            raise ValueError("a figure holds either an image path or a chart")
        return self


class Signature(Node):
    """A signature block.

    Appointed officials: position in capitals, name bold and underlined, rank
    line, "NIP. ..."; an elected head (``rank`` and ``nip`` empty) signs with
    the name only.
    """

    position: str
    name: str
    rank: str | None = None  # "Pembina Utama Muda (IV/c)"
    nip: str | None = None  # printed form "19700512 199603 1 004"


class Signatures(Anchored):
    """Place and date, then signature blocks laid out in ``columns`` columns."""

    kind: Literal["signatures"] = "signatures"
    place_date: str | None = None  # "Sukamaju, 19 November 2026"
    intro: str | None = None  # "Mengetahui," above the blocks
    blocks: list[Signature]
    columns: int = Field(default=1, ge=1, le=3)
    signing: bool = False  # an official signing place: a final PDF reserves a box per signature here
    centre: bool = False  # one column in the middle of the page (the place of honour), not the right half
    left: bool = Field(default=False, exclude_if=lambda value: not value)  # the left half (pengundangan)

    def shares(self) -> list[float]:
        """Relative widths of the grid's columns; a single block sits in the second (``left``: first)."""
        if self.columns > 1:
            return [1.0] * self.columns
        if self.left:
            return [62.0, 38.0]
        return [25.0, 50.0, 25.0] if self.centre else [45.0, 55.0]

    def placed(self, row: list[T]) -> list[T | None]:
        """One row of blocks padded with empty cells to the grid's columns, a single block in its place."""
        cells: list[T | None] = list(row)
        if self.columns == 1:
            cells.insert(len(cells) if self.left else 0, None)
        return cells + [None] * (len(self.shares()) - len(cells))


Block = Annotated[
    Paragraph
    | Placeholder
    | BulletList
    | Heading
    | PageBreak
    | Table
    | RoadmapGrid
    | QuickWinSchedule
    | Figure
    | Signatures
    | Recital
    | Article,
    Field(discriminator="kind"),
]


# --- mentors' review notes and the change log (drafts only) ---------------------------


class ReviewReply(Node):
    """A reply to a review note."""

    author: str
    time: str  # already formatted in Indonesian: "23 November 2026 14.05"
    text: str


class ReviewNote(Node):
    """An open note of a mentor (pendamping) on a stage, questionnaire section, question or programme.

    ``target``: "stage", "section:<section id>", "question:<question id>" (ids of the
    questionnaire of ``stage``) or "row:<programme code>"; ``target_label`` names it for
    listings ("Bimtek II, program SG-03").
    """

    id: str  # "C3"
    stage: int
    target: str
    target_label: str
    author: str
    time: str
    text: str
    replies: list[ReviewReply] = Field(default_factory=list)


class ChangeEntry(Node):
    """One answer changed since the last review: ``before`` None means added, ``after`` None removed."""

    stage: int
    where: str  # "Program (programs), SG-03, Anggaran"
    before: str | None
    after: str | None


# --- structure ---------------------------------------------------------------------


class Section(Node):
    """A numbered section of a chapter ("1.1 Latar Belakang"), level 2; may be landscape."""

    number: str
    title: str
    blocks: list[Block] = Field(default_factory=list)
    landscape: bool = False


class Chapter(Noted):
    """A chapter: "BAB I" over "PENDAHULUAN", centred, on a new page."""

    number: str  # roman: "I"
    title: str  # upper case: "PENDAHULUAN"
    blocks: list[Block] = Field(default_factory=list)  # before the first section
    sections: list[Section] = Field(default_factory=list)


class Appendix(Node):
    """A lampiran ("Lampiran 1 Lembar Komitmen"), each on a new page, after the chapters."""

    number: str
    title: str
    blocks: list[Block] = Field(default_factory=list)


class FrontPage(Node):
    """A page of the front matter (numbered i, ii, ...).

    ``role`` "toc", "tables" and "figures" are generated by the renderer
    (Daftar Isi, Daftar Tabel, Daftar Gambar) and carry no blocks.
    """

    role: Literal["approval", "foreword", "toc", "tables", "figures", "abbreviations", "summary", "other"]
    title: str
    blocks: list[Block] = Field(default_factory=list)


class Cover(Node):
    """The title page."""

    title: str  # "RENCANA INDUK (MASTERPLAN) SMART CITY"
    region: str  # "KABUPATEN SUKAMAJU"
    period: str  # "2027-2036"
    lines: list[str] = Field(default_factory=list)  # e.g. "PEMERINTAH KABUPATEN SUKAMAJU", the year
    adoption: list[str] = Field(default_factory=list)  # "LAMPIRAN PERATURAN BUPATI ...", top right
    emblem: str | None = None  # absolute path to the image
    band: list[str] = Field(default_factory=list)  # the colour band on top: one colour per dimension
    programme: str = ""  # "GERAKAN MENUJU 100 SMART CITY", on a dark band at the foot


class Meta(Node):
    """What the document is, for file names and document properties."""

    title: str
    subject: str
    region: str  # "Kabupaten Sukamaju"
    slug: str  # "kabupaten-sukamaju"
    author: str  # "Pemerintah Kabupaten Sukamaju"
    build_date: dt.date
    mode: Literal["draft", "final"]
    paper: Paper
    sheet: bool = Field(default=False, exclude_if=lambda value: not value)
    """A poster: landscape sheets, no cover, no page numbers, no running headers."""
    slides: bool = Field(default=False, exclude_if=lambda value: not value)
    """A presentation: written as PowerPoint slides instead of Word and PDF."""
    language: str = "id-ID"
    version: str  # masterplan and questionnaire versions
    book: str = Field(default="rencana-induk", exclude_if=lambda value: value == "rencana-induk")
    """Which book: ``rencana-induk`` or a companion (``ringkasan``); names the output files."""
    journal: str | None = Field(default=None, exclude_if=lambda value: value is None)
    """The journal's head when the document was finalised, ``#12 <sha256>``: signed with the PDF, it
    pins the history before it (``verify`` compares it with the journal)."""

    def keywords(self) -> str:
        """The document's keywords (Word and PDF), with the journal's head in a final document."""
        words = ["Smart City", "Rencana Induk", self.region]
        return ", ".join([*words, f"jurnal {self.journal}"] if self.journal else words)


class Document(Node):
    """The Rencana Induk (or a companion book) as one tree.

    ``regulation``: the body of a Peraturan Bupati/Wali Kota printed before everything else
    on pages of its own; the rest of the tree is then the regulation's Lampiran.
    """

    meta: Meta
    regulation: list[Block] = Field(default_factory=list, exclude_if=_empty)
    cover: Cover
    front: list[FrontPage]
    chapters: list[Chapter]
    appendices: list[Appendix] = Field(default_factory=list)
    review: list[ReviewNote] = Field(default_factory=list, exclude_if=_empty)  # draft only

    @model_validator(mode="after")
    def _unique_note_ids(self) -> Document:
        twice = sorted(i for i, n in Counter(note.id for note in self.review).items() if n > 1)
        if twice:
            raise ValueError(f"review note ids must be unique: {', '.join(twice)}")
        return self

    def tables(self) -> list[Table | RoadmapGrid | QuickWinSchedule]:
        """Every numbered table, in document order (for Daftar Tabel)."""
        found: list[Table | RoadmapGrid | QuickWinSchedule] = []
        for blocks in self.block_lists():
            found += [b for b in blocks if isinstance(b, Table | RoadmapGrid | QuickWinSchedule)]
        return found

    def figures(self) -> list[Figure]:
        """Every numbered figure, in document order (for Daftar Gambar)."""
        return [b for blocks in self.block_lists() for b in blocks if isinstance(b, Figure)]

    def placeholders(self) -> list[Placeholder]:
        """Every unanswered question shown in the document."""
        return [b for blocks in self.block_lists() for b in blocks if isinstance(b, Placeholder)]

    def block_lists(self) -> list[list[Block]]:
        """Every list of blocks in document order: regulation, front pages, chapters, sections, appendices."""
        lists: list[list[Block]] = [self.regulation, *(page.blocks for page in self.front)]
        for chapter in self.chapters:
            lists.append(chapter.blocks)
            lists += [section.blocks for section in chapter.sections]
        lists += [appendix.blocks for appendix in self.appendices]
        return lists
