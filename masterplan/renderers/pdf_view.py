"""The template context of the PDF renderer: what the HTML templates get, besides the model.

:func:`masterplan.renderers.pdf_context.build_context` walks the
:class:`~masterplan.document.model.Document` once and gives every part and
block what its template needs, so the templates stay simple loops:

* ``regulation``: the block views of a regulation's body (printed first), else empty;
* ``front``, ``chapters``, ``appendices``: :class:`Part` objects, each with its
  ``node`` (the model's FrontPage, Chapter or Appendix), an ``anchor`` (the HTML
  id the Daftar Isi links to), its ``blocks`` and, for chapters, ``sections``;
* every block is a view whose ``kind`` names its template
  (``blocks/<kind>.html``) and whose ``node`` is the model block; tables,
  roadmaps, schedules and figures add ``anchor`` and ``caption`` ("Tabel 5.1
  ...", the words of the DOCX), column widths as percentages and prepared rows;
* ``indexes``: the entries of Daftar Isi (``toc``), Daftar Tabel (``tables``)
  and Daftar Gambar (``figures``), with ``roman`` set for targets in the front
  matter (numbered i, ii, ...);
* ``status_styles``: one CSS class per roadmap status (code and shade), written
  into a ``<style>`` block, so the grid cells carry a class, never a style;
* ``signers``: the signatures that get a reserved signature box in a final PDF,
  in document order; box ``n`` is the element ``.signature-box[data-signature=n]``;
* review notes (drafts): the element a note landed on carries an id (a
  paragraph's, list's or signature block's ``mark``, a row's ``mark``, or the
  anchor a heading, caption or chapter already has); a cell with ``ref`` (the
  review appendix's "Hal.") shows the page of that id, in roman when ``roman``;
* ``cover_page`` (the cover is printed; false in a part of the PDF laid out
  alone, :mod:`masterplan.renderers.pdf_parts`) and ``page_numbers`` (id to
  printed page number, for targets laid out in another part: written in
  instead of counted);
* ``document``, ``meta``, ``cover``, ``draft``, ``final``, ``labels`` (the
  fixed words shared with the DOCX), ``emblem`` (URL) and ``emblem_alt``,
  ``paper`` (``width`` and ``height`` for ``@page``), ``empty_index``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from masterplan.document.model import (
    Appendix,
    Chapter,
    Document,
    Figure,
    FrontPage,
    Heading,
    QuickWinSchedule,
    RoadmapGrid,
    Section,
    Signature,
    Signatures,
    Table,
)
from masterplan.renderers import labels

IndexKind = Literal["toc", "tables", "figures"]
_EMPTY_INDEX = {"toc": labels.NO_HEADINGS, "tables": labels.NO_TABLES, "figures": labels.NO_FIGURES}


@dataclass
class Entry:
    """A line of Daftar Isi, Daftar Tabel or Daftar Gambar."""

    level: int
    text: str
    anchor: str
    roman: bool


@dataclass
class BlockView:
    """A block without preparation (paragraph, placeholder, bullets, page break).

    ``mark``: its HTML id when a review note landed on it.
    """

    kind: str
    node: Any
    mark: str = ""


@dataclass
class HeadingView:
    """A level 3 or 4 heading; level 3 is listed in Daftar Isi (a level 4 has an anchor only for a note)."""

    node: Heading
    text: str
    anchor: str
    kind: str = "heading"


@dataclass
class Cell:
    """A table cell: its text and CSS class ("" for a plain left-aligned cell).

    A cell with ``ref`` shows the page of the element with that id instead (roman when ``roman``).
    """

    text: str
    css: str = ""
    ref: str = ""
    roman: bool = False


@dataclass
class Row:
    """A table row: a group row spanning the table (``group`` text), or cells; ``mark``: its id."""

    cells: list[Cell]
    group: str | None = None
    mark: str = ""
    tall: bool = False  # may break across pages (taller than half a page)


@dataclass
class TableView:
    """A numbered data table."""

    node: Table
    anchor: str
    caption: str
    widths: list[str]
    heads: list[str]
    rows: list[Row]
    kind: str = "table"
    group_css: str = ""  # the class that shades its group rows (a tint of its dimension's colour)


@dataclass
class Swatch:
    """A legend entry of a roadmap: the status class, its mark and label."""

    css: str
    mark: str
    label: str


@dataclass
class RoadmapView:
    """A roadmap grid (landscape): rows of code, programme, OPD and a shaded cell per year."""

    node: RoadmapGrid
    anchor: str
    caption: str
    widths: list[str]
    heads: list[str]
    rows: list[Row]
    legend: list[Swatch]
    kind: str = "roadmap"
    group_css: str = ""  # the class that shades its group rows (a tint of its dimension's colour)


@dataclass
class ScheduleRow:
    """One activity of a quick-win schedule: number, texts and twelve month flags."""

    number: int
    activity: str
    responsible: str
    months: list[bool]


@dataclass
class ScheduleView:
    """A quick win's month-by-month plan."""

    node: QuickWinSchedule
    anchor: str
    caption: str
    widths: list[str]
    responsible: bool
    months_title: str
    rows: list[ScheduleRow]
    kind: str = "schedule"


@dataclass
class FigureView:
    """An image with its caption below; ``src`` is relative to the assets folder when inside it."""

    node: Figure
    anchor: str
    caption: str
    src: str
    alt: str
    kind: str = "figure"


@dataclass
class Signer:
    """One signature block; ``box`` is the number of its reserved signature box (final PDF)."""

    signature: Signature
    lines: list[str]  # place and date, intro: above the position (single column, first row)
    box: int | None


@dataclass
class SignaturesView:
    """Signature blocks in a grid of ``columns`` columns (one column: in the right half)."""

    node: Signatures
    intro: list[str]  # lines written above the grid
    widths: list[str]
    rows: list[list[Signer | None]]
    kind: str = "signatures"
    mark: str = ""


@dataclass
class SectionView:
    """A numbered section of a chapter."""

    node: Section
    anchor: str
    text: str
    blocks: list[Any]


@dataclass
class Part:
    """A front page, chapter or appendix: heading texts, anchor, blocks (and sections)."""

    node: FrontPage | Chapter | Appendix
    anchor: str
    label: str  # "BAB I", "LAMPIRAN 1" or the front page's title
    title: str
    full: str  # "BAB I PENDAHULUAN": Daftar Isi, the bookmark and the running header
    blocks: list[Any]
    sections: list[SectionView] = field(default_factory=list)
    index: IndexKind | None = None  # the list a front page shows: toc, tables or figures
    continued: bool = False  # an appendix's pages after a page break, laid out as a part of its own


@dataclass
class StatusClass:
    """The CSS class of one roadmap status: ``.name { background-color: #shade }``."""

    name: str
    shade: str


@dataclass
class Context:
    """Everything the templates get (see the module docstring)."""

    document: Document
    front: list[Part]
    chapters: list[Part]
    appendices: list[Part]
    indexes: dict[str, list[Entry]]
    status_styles: list[StatusClass]
    signers: list[Signature]
    emblem: str | None  # the URL of the cover emblem
    emblem_alt: str
    paper: dict[str, str]
    cover_band: list[str]  # the class of each cell of the cover's colour band
    regulation: list[Any] = field(default_factory=list)  # the block views of a regulation's body

    def variables(self) -> dict[str, Any]:
        """The template variables."""
        meta = self.document.meta
        return {
            "document": self.document,
            "meta": meta,
            "cover": self.document.cover,
            "draft": meta.mode == "draft",
            "final": meta.mode == "final",
            "labels": labels,
            "front": self.front,
            "chapters": self.chapters,
            "appendices": self.appendices,
            "indexes": self.indexes,
            "empty_index": _EMPTY_INDEX,
            "status_styles": self.status_styles,
            "emblem": self.emblem,
            "emblem_alt": self.emblem_alt,
            "paper": self.paper,
            "cover_band": self.cover_band,
            "regulation": self.regulation,
            "cover_page": True,
            "page_numbers": {},
        }
