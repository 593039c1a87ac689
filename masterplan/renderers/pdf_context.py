"""One walk over the document model that prepares the PDF template context.

The views it fills are described in :mod:`masterplan.renderers.pdf_view`.
Anchors, index entries and signature boxes are numbered in reading order;
column widths follow the DOCX renderer (:mod:`masterplan.renderers.docx_tables`),
so both files lay tables out alike; captions read exactly as the DOCX's.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from masterplan import __version__
from masterplan.document.model import (
    OTHER_SHADE,
    Appendix,
    Block,
    Chapter,
    Document,
    Figure,
    FrontPage,
    Heading,
    Noted,
    QuickWinSchedule,
    RoadmapGrid,
    Signature,
    Signatures,
    StatusStyle,
    Table,
)
from masterplan.document.page import PAPER_MM, text_width_mm
from masterplan.document.palette import group_shade
from masterplan.fileio import atomic_write_bytes
from masterplan.renderers import labels
from masterplan.renderers.pdf_view import (
    BlockView,
    Cell,
    Context,
    Entry,
    FigureView,
    HeadingView,
    IndexKind,
    Part,
    RoadmapView,
    Row,
    ScheduleRow,
    ScheduleView,
    SectionView,
    SignaturesView,
    Signer,
    StatusClass,
    Swatch,
    TableView,
)

_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
_INDEX_ROLES: dict[str, IndexKind] = {"toc": "toc", "tables": "tables", "figures": "figures"}


def caption_text(label: str, number: str, text: str) -> str:
    """"Tabel 5.1 text", written exactly as the DOCX caption reads (a trailing number without zeros)."""
    prefix, dot, last = number.rpartition(".")
    if last.isdigit():
        return f"{label} {prefix}{dot}{int(last)} {text}".strip()
    return f"{label} {number} {text}".strip()


def _missing(path: str) -> str:
    """The note shown instead of an image that cannot be read (the DOCX's words)."""
    return labels.MISSING_IMAGE.format(name=Path(path.rstrip("/")).name or path)


def _percentages(widths: list[float]) -> list[str]:
    total = sum(widths) or 1.0
    return [f"{100 * w / total:.2f}%" for w in widths]


class _Builder:
    """Walks the document once in reading order, numbering anchors, index entries and boxes."""

    def __init__(self, document: Document, assets_dir: Path | None, charts_dir: Path | None = None) -> None:
        self.document = document
        self.paper = document.meta.paper
        self.assets = assets_dir.resolve() if assets_dir else None
        self.charts = charts_dir.resolve() if charts_dir else None
        self.final = document.meta.mode == "final"
        self.indexes: dict[str, list[Entry]] = {"toc": [], "tables": [], "figures": []}
        self.statuses: dict[tuple[str, str], StatusClass] = {}
        self.signers: list[Signature] = []
        self.roman = True
        self.counts: dict[str, int] = {}
        self.landed: dict[str, tuple[str, bool]] = {}  # review note id -> (HTML id, in the front matter)

    def anchor(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}-{self.counts[prefix]}"

    def entry(self, kind: IndexKind, level: int, text: str, anchor: str) -> None:
        self.indexes[kind].append(Entry(level, text, anchor, self.roman))

    def land(self, node: Noted, anchor: str = "") -> str:
        """The HTML id of ``node`` where review notes landed (``anchor``, else a new one); "" if none."""
        if not node.notes:
            return anchor
        anchor = anchor or self.anchor("rv")
        for ident in node.notes:
            self.landed.setdefault(ident, (anchor, self.roman))
        return anchor

    def build(self) -> Context:
        document = self.document
        regulation = self.blocks(document.regulation)
        front = [self.front_page(page) for page in document.front]
        self.roman = False
        chapters = [self.chapter(chapter) for chapter in document.chapters]
        appendices = [self.appendix(appendix) for appendix in document.appendices]
        short, long = PAPER_MM[self.paper]
        if document.meta.sheet:  # a poster: every sheet landscape
            short, long = long, short
        emblem = document.cover.emblem
        band = [self.shade_class(colour) for colour in document.cover.band]
        return Context(
            document, front, chapters, appendices, self.indexes, list(self.statuses.values()), self.signers,
            self.image_src(emblem) if emblem else None, _missing(emblem or ""),
            {"width": f"{short:g}mm", "height": f"{long:g}mm"}, band, regulation,
        )

    def front_page(self, page: FrontPage) -> Part:
        anchor = self.anchor("h")
        self.entry("toc", 1, page.title, anchor)
        blocks = self.blocks(page.blocks)
        index = _INDEX_ROLES.get(page.role)
        return Part(page, anchor, page.title, page.title, page.title, blocks, index=index)

    def chapter(self, chapter: Chapter) -> Part:
        anchor = self.anchor("h")
        label = f"{labels.CHAPTER} {chapter.number}"
        full = f"{label} {chapter.title}"
        self.entry("toc", 1, full, anchor)
        self.land(chapter, anchor)
        blocks = self.blocks(chapter.blocks)
        sections = []
        for section in chapter.sections:
            text = f"{section.number} {section.title}".strip()
            section_anchor = self.anchor("h")
            self.entry("toc", 2, text, section_anchor)
            section_blocks = self.blocks(section.blocks, section.landscape)
            sections.append(SectionView(section, section_anchor, text, section_blocks))
        return Part(chapter, anchor, label, chapter.title, full, blocks, sections)

    def appendix(self, appendix: Appendix) -> Part:
        anchor = self.anchor("h")
        label = f"{labels.APPENDIX} {appendix.number}".strip()
        full = f"{label} {appendix.title}"
        self.entry("toc", 1, full, anchor)
        return Part(appendix, anchor, label, appendix.title, full, self.blocks(appendix.blocks))

    # --- blocks ---------------------------------------------------------------------------

    def blocks(self, blocks: list[Block], landscape: bool = False) -> list[Any]:
        views: list[Any] = []
        for block in blocks:
            if isinstance(block, Heading):
                views.append(self.heading(block))
            elif isinstance(block, Table):
                views.append(self.table(block))
            elif isinstance(block, RoadmapGrid):
                views.append(self.roadmap(block))
            elif isinstance(block, QuickWinSchedule):
                views.append(self.schedule(block, landscape))
            elif isinstance(block, Figure):
                views.append(self.figure(block))
            elif isinstance(block, Signatures):
                view = self.signatures(block)
                view.mark = self.land(block)
                views.append(view)
            else:
                mark = self.land(block) if isinstance(block, Noted) else ""
                views.append(BlockView(block.kind, block, mark))
        return views

    def heading(self, block: Heading) -> HeadingView:
        text = f"{block.number} {block.text}" if block.number else block.text
        anchor = ""
        if block.level <= 3:
            anchor = self.anchor("h")
            self.entry("toc", block.level, text, anchor)
        return HeadingView(block, text, self.land(block, anchor))

    def numbered(self, label: str, number: str, text: str) -> tuple[str, str]:
        """The anchor and caption of a numbered table or figure, listed in its index."""
        kind: IndexKind = "tables" if label == labels.TABLE else "figures"
        anchor = self.anchor("tab" if kind == "tables" else "fig")
        caption = caption_text(label, number, text)
        self.entry(kind, 1, caption, anchor)
        return anchor, caption

    def page_cell(self, ident: str, css: str) -> Cell:
        """The cell showing the page where review note ``ident`` landed ("-" if it landed nowhere)."""
        if ident not in self.landed:
            return Cell("-", css)
        anchor, roman = self.landed[ident]
        return Cell("", css, anchor, roman)

    def table(self, block: Table) -> TableView:
        anchor, caption = self.numbered(labels.TABLE, block.number, block.caption)
        self.land(block, anchor)
        n = len(block.columns)
        classes = ["" if c.align == "left" else f"al-{c.align}" for c in block.columns]
        rows = []
        for row in block.rows:
            if row.group:
                rows.append(Row([], " ".join(c for c in row.cells if c), self.land(row)))
                continue
            if len(row.cells) > n:
                raise ValueError(f"Tabel {block.number}: a row has {len(row.cells)} cells for {n} columns")
            cells = [Cell(text, css) for text, css in zip([*row.cells, *[""] * (n - len(row.cells))], classes,
                                                          strict=True)]
            if row.page_of is not None:
                cells[-1] = self.page_cell(row.page_of, classes[-1])
            rows.append(Row(cells, mark=self.land(row), tall=row.tall))
        widths = _percentages([max(c.width, 0.01) for c in block.columns])
        group_css = self.shade_class(group_shade(block.accent)) if block.accent else ""
        heads = [c.title for c in block.columns]
        return TableView(block, anchor, caption, widths, heads, rows, group_css=group_css)

    def shade_class(self, shade: str) -> str:
        """The class of a cell shaded ``shade`` (hex RGB); every shade is a rule of the head's stylesheet."""
        shade = shade.upper() if _HEX.fullmatch(shade) else OTHER_SHADE
        key = ("", shade)
        if key not in self.statuses:
            self.statuses[key] = StatusClass(f"sh-{len(self.statuses) + 1}", shade)
        return self.statuses[key].name

    def status_class(self, status: StatusStyle) -> str:
        shade = status.shade.upper() if _HEX.fullmatch(status.shade) else OTHER_SHADE
        key = (status.code, shade)
        if key not in self.statuses:
            self.statuses[key] = StatusClass(f"st-{len(self.statuses) + 1}", shade)
        return self.statuses[key].name

    def roadmap(self, block: RoadmapGrid) -> RoadmapView:
        anchor, caption = self.numbered(labels.TABLE, block.number, block.caption)
        self.land(block, anchor)
        years = len(block.years)
        width = text_width_mm(self.paper, True)
        year = min(13.0, width * 0.55 / max(years, 1))
        rest = width - year * years
        widths = _percentages([rest * 0.2, rest * 0.5, rest * 0.3, *[year] * years])
        classes = {s.code: self.status_class(s) for s in block.legend}
        known = {s.code: Cell(s.mark, classes[s.code]) for s in block.legend}
        rows: list[Row] = []
        group: str | None = None
        for row in block.rows:
            if row.group and row.group != group:
                rows.append(Row([], row.group))
            group = row.group or group
            statuses = [*row.statuses, *[None] * (years - len(row.statuses))][:years]
            cells = [Cell(row.code, "al-left"), Cell(row.name, "al-left"), Cell(row.opd, "al-left")]
            for status in statuses:
                if status is None:
                    cells.append(Cell(""))
                else:
                    cells.append(known.get(status) or Cell(status, "st-other"))
            rows.append(Row(cells, mark=self.land(row)))
        heads = [labels.ROADMAP_CODE, labels.ROADMAP_PROGRAMME, labels.ROADMAP_OPD, *map(str, block.years)]
        legend = [Swatch(classes[s.code], s.mark, s.label) for s in block.legend]
        group_css = self.shade_class(group_shade(block.accent)) if block.accent else ""
        return RoadmapView(block, anchor, caption, widths, heads, rows, legend, group_css=group_css)

    def schedule(self, block: QuickWinSchedule, landscape: bool) -> ScheduleView:
        anchor, caption = self.numbered(labels.TABLE, block.number, block.caption)
        self.land(block, anchor)
        responsible = any(a.responsible for a in block.activities)
        rest = text_width_mm(self.paper, landscape) - 9.0 - 12 * 6.5
        lead = [9.0, *([rest * 0.6, rest * 0.4] if responsible else [rest])]
        rows = []
        for number, activity in enumerate(block.activities, start=1):
            low, high = sorted((activity.start, activity.end))
            months = [low <= m <= high for m in range(1, 13)]
            rows.append(ScheduleRow(number, activity.activity, activity.responsible or "", months))
        return ScheduleView(
            block, anchor, caption, _percentages([*lead, *[6.5] * 12]), responsible,
            labels.SCHEDULE_MONTHS.format(year=block.year), rows,
        )

    def figure(self, block: Figure) -> FigureView:
        anchor = self.anchor("fig")
        caption = caption_text(labels.FIGURE, block.number, block.caption)
        self.entry("figures", 1, caption, anchor)
        self.land(block, anchor)
        if block.chart is not None:
            src = ""
            if self.charts is not None:
                src = self.chart_src(block, anchor)
            return FigureView(block, anchor, caption, src, block.text)
        path = block.path or ""
        if block.attachment_page is not None:
            return FigureView(block, anchor, caption, self.attached_src(block, anchor), _missing(path))
        return FigureView(block, anchor, caption, self.image_src(path), _missing(path))

    def attached_src(self, block: Figure, anchor: str) -> str:
        """The URL of an attached file's page as printed: its picture re-encoded into the charts folder."""
        from masterplan.answers.attachments import page_image
        from masterplan.answers.filekinds import EXTENSIONS

        found = page_image(Path(block.path or ""), block.attachment_page) if self.charts is not None else None
        if found is None or self.charts is None:
            return ""
        data, kind = found
        return self.keep(data, EXTENSIONS[kind][0])

    def chart_src(self, block: Figure, anchor: str) -> str:
        """The URL of a chart's SVG, drawn once: a cached build reuses the file (matplotlib is slow)."""
        assert self.charts is not None and block.chart is not None
        drawing = f"{__version__}\0{block.chart.model_dump_json()}\0{block.width_cm}\0{anchor}"
        target = self.charts / f"grafik-{hashlib.sha256(drawing.encode('utf-8')).hexdigest()[:32]}.svg"
        if target.is_file():
            os.utime(target)
            return target.as_uri()
        from masterplan.renderers import charts  # matplotlib loads only to draw

        drawn = charts.svg(block.chart, block.width_cm, anchor).encode("utf-8")
        atomic_write_bytes(target, drawn, durable=False)
        return target.as_uri()

    def keep(self, data: bytes, suffix: str) -> str:
        """The URL of ``data`` written into the charts folder, named by its content (a cache can share it)."""
        assert self.charts is not None
        target = self.charts / f"{hashlib.sha256(data).hexdigest()[:32]}{suffix}"
        if target.is_file():
            os.utime(target)
        else:
            atomic_write_bytes(target, data, durable=False)
        return target.as_uri()

    def image_src(self, path: str) -> str:
        """The URL of an image: relative to the assets folder when inside it, else absolute.

        Whether it may be read is the URL fetcher's decision
        (:mod:`masterplan.renderers.pdf_fetcher`), never this function's.
        """
        if _SCHEME.match(path) and not Path(path).is_absolute():
            return path  # a URL: given to the fetcher as it is (and refused unless local and allowed)
        target = Path(path).absolute()
        if self.assets is not None:
            resolved = target.resolve()
            if resolved.is_relative_to(self.assets):
                return quote(resolved.relative_to(self.assets).as_posix())
        return target.as_uri()

    def signatures(self, block: Signatures) -> SignaturesView:
        lines = [line for line in (block.place_date, block.intro) if line]
        single = block.columns == 1
        shares = block.shares()
        rows: list[list[Signer | None]] = []
        for start in range(0, len(block.blocks), block.columns):
            row: list[Signer] = []
            for signature in block.blocks[start : start + block.columns]:
                box = None
                if self.final and block.signing:
                    box = len(self.signers)
                    self.signers.append(signature)
                above = lines if single and start == 0 else []
                row.append(Signer(signature, above, box))
            rows.append(block.placed(row))
        widths = _percentages(shares)
        intro = lines if not single or not rows else []
        return SignaturesView(block, intro, widths, rows)


def build_context(
    document: Document, assets_dir: Path | None = None, charts_dir: Path | None = None
) -> Context:
    """The template context of ``document`` (see the module docstring).

    Charts are drawn as SVG files into ``charts_dir`` (a folder the PDF's URL fetcher may read);
    without one (a context for inspection only) a chart's image is left out.
    """
    return _Builder(document, assets_dir, charts_dir).build()
