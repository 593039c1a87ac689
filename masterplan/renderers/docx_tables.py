"""Tables of the DOCX: data tables, roadmap grids, quick-win schedules, legends, signature grids.

Each function returns the ``w:tbl`` (built row by row, never through
``table.cell(r, c)``), sized to ``width`` twips, the text width of the page.
Cell shading is the only direct formatting: a roadmap status, a scheduled
month, a group row.
"""

from __future__ import annotations

from collections.abc import Callable

from masterplan.document.model import (
    OTHER_SHADE,
    QuickWinSchedule,
    RoadmapGrid,
    RoadmapRow,
    Signature,
    Signatures,
    StatusStyle,
    Table,
    TableRow,
)
from masterplan.document.palette import group_shade
from masterplan.renderers import docx_styles as st
from masterplan.renderers import labels
from masterplan.renderers.docx_styles import StyleMap
from masterplan.renderers.docx_xml import (
    Element,
    el,
    mm,
    paragraph,
    qn,
    run,
    sub,
    table,
    table_cell,
    table_row,
    widths_of,
)

SCHEDULE_SHADE = "9DC3E6"


RowHook = Callable[[TableRow | RoadmapRow, Element], None]
"""Called with each model row (``TableRow`` or ``RoadmapRow``) and the ``w:tr`` written for it."""
PageReference = Callable[[str], list[Element]]
"""The runs showing the page of a review note (by id): a PAGEREF field."""


def data_table(
    s: StyleMap, width: int, block: Table, on_row: RowHook | None = None, page_of: PageReference | None = None
) -> Element:
    """A numbered table: one repeating header row, data rows, group rows across the table.

    ``on_row`` sees every row written; ``page_of`` fills the last cell of a row with ``page_of``
    set (the review appendix's page numbers).
    """
    columns = block.columns
    widths = widths_of([c.width for c in columns], width)
    tbl = table(s(st.DATA_TABLE), widths)
    header = table_row(tbl, header=True)
    head_style = s(st.TABLE_HEADER)
    for column, w in zip(columns, widths, strict=True):
        table_cell(header, w, [paragraph(head_style, column.title, keep_next=True)], valign="center")
    text_styles = [s(st.TABLE_TEXT[c.align]) for c in columns]
    group_style = s(st.TABLE_GROUP)
    n = len(columns)
    opening = True  # the caption, the header and the first two data rows stay on one page
    for row in block.rows:
        tr = table_row(tbl, cant_split=not row.tall)  # a row stays on one page unless taller than half
        if row.group:  # a group row stays with the first row of its group
            text = " ".join(c for c in row.cells if c)
            table_cell(tr, width, [paragraph(group_style, text, keep_next=True)], span=n,
                       shade=group_shade(block.accent))
        else:
            _data_row(tr, row, block, text_styles, widths, page_of, keep=opening and not row.tall)
            opening = False
        if on_row is not None:
            on_row(row, tr)
    return tbl


def _data_row(
    tr: Element,
    row: TableRow,
    block: Table,
    styles: list[str],
    widths: list[int],
    page_of: PageReference | None,
    keep: bool = False,
) -> None:
    """The cells of a data row; a row with ``page_of`` shows that note's page in its last cell.

    A ``keep`` row stays on the page of the row after it.
    """
    n = len(block.columns)
    if len(row.cells) > n:
        raise ValueError(f"Tabel {block.number}: a row has {len(row.cells)} cells for {n} columns")
    cells = [*row.cells, *[""] * (n - len(row.cells))]
    # a line break in a cell's text starts a new paragraph (lists in a cell, as in the SWOT matrix)
    content = [[paragraph(style, line, keep_next=keep) for line in text.split("\n")]
               for text, style in zip(cells, styles, strict=True)]
    if row.page_of is not None and page_of is not None:
        content[-1] = [paragraph(styles[-1], keep_next=keep)]
        content[-1][0].extend(page_of(row.page_of))
    for paragraphs, w in zip(content, widths, strict=True):
        table_cell(tr, w, paragraphs)


def roadmap_table(s: StyleMap, width: int, block: RoadmapGrid, on_row: RowHook | None = None) -> Element:
    """The roadmap grid: code, programme and OPD, then a column per year shaded by status.

    ``on_row`` sees every programme row written (not the group rows above them).
    """
    years = len(block.years)
    year_width = min(mm(13), int(width * 0.55 / max(years, 1)))
    lead = widths_of([2, 5, 3], width - year_width * years)
    widths = [*lead, *[year_width] * years]
    tbl = table(s(st.DATA_TABLE), widths)
    head_style, center = s(st.TABLE_HEADER), s(st.TABLE_TEXT["center"])
    left, group_style = s(st.TABLE_TEXT["left"]), s(st.TABLE_GROUP)
    header = table_row(tbl, header=True)
    titles = [labels.ROADMAP_CODE, labels.ROADMAP_PROGRAMME, labels.ROADMAP_OPD, *map(str, block.years)]
    for title, w in zip(titles, widths, strict=True):
        table_cell(header, w, [paragraph(head_style, title, keep_next=True)], valign="center")
    shades = {status.code: status.shade for status in block.legend}
    marks = {status.code: status.mark for status in block.legend}
    group: str | None = None
    for index, row in enumerate(block.rows):
        keep = index == 0  # the caption, the header and the first two rows stay on one page
        if row.group and row.group != group:
            tr = table_row(tbl)
            group_text = [paragraph(group_style, row.group, keep_next=True)]  # stays with its first row
            table_cell(tr, width, group_text, span=len(widths), shade=group_shade(block.accent))
        group = row.group or group
        tr = table_row(tbl)
        for text, w in zip((row.code, row.name, row.opd), lead, strict=True):
            table_cell(tr, w, [paragraph(left, text, keep_next=keep)])
        if on_row is not None:
            on_row(row, tr)
        statuses = [*row.statuses, *[None] * (years - len(row.statuses))][:years]
        for status in statuses:
            if status is None:
                table_cell(tr, year_width, [paragraph(center, keep_next=keep)])
            elif status in shades:
                mark = paragraph(center, marks[status], keep_next=keep)
                table_cell(tr, year_width, [mark], shade=shades[status])
            else:
                table_cell(tr, year_width, [paragraph(center, status, keep_next=keep)], shade=OTHER_SHADE)
    return tbl


def legend_table(s: StyleMap, width: int, legend: list[StatusStyle]) -> Element:
    """One borderless row: "Keterangan:", then a shaded swatch and the label of each status."""
    swatch = mm(8)
    first = mm(25)
    label_width = min(mm(40), (width - first - swatch * len(legend)) // max(len(legend), 1))
    widths = [first]
    for _ in legend:
        widths += [swatch, label_width]
    tbl = table(s(st.LAYOUT_TABLE), widths, look="0000")
    style = s(st.LEGEND)
    tr = table_row(tbl)
    table_cell(tr, first, [paragraph(style, labels.LEGEND)])
    for status in legend:
        table_cell(tr, swatch, [paragraph(style, status.mark)], shade=status.shade)
        table_cell(tr, label_width, [paragraph(style, status.label)])
    return tbl


def schedule_table(s: StyleMap, width: int, block: QuickWinSchedule) -> Element:
    """The month-by-month plan: number, activity (and who), months 1-12 shaded from start to end."""
    responsible = any(a.responsible for a in block.activities)
    month = mm(6.5)
    number = mm(9)
    rest = width - number - 12 * month
    lead = [number, *(widths_of([3, 2], rest) if responsible else [rest])]
    widths = [*lead, *[month] * 12]
    tbl = table(s(st.DATA_TABLE), widths)
    head, center = s(st.TABLE_HEADER), s(st.TABLE_TEXT["center"])
    left = s(st.TABLE_TEXT["left"])
    titles = [labels.SCHEDULE_NUMBER, labels.SCHEDULE_ACTIVITY]
    if responsible:
        titles.append(labels.SCHEDULE_RESPONSIBLE)
    first, second = table_row(tbl, header=True), table_row(tbl, header=True)
    for title, w in zip(titles, lead, strict=True):
        table_cell(first, w, [paragraph(head, title, keep_next=True)], vmerge="restart", valign="center")
        table_cell(second, w, [paragraph(head, keep_next=True)], vmerge="continue")
    months_title = labels.SCHEDULE_MONTHS.format(year=block.year)
    table_cell(first, 12 * month, [paragraph(head, months_title, keep_next=True)], span=12, valign="center")
    for m in range(1, 13):
        table_cell(second, month, [paragraph(head, str(m), keep_next=True)])
    for index, activity in enumerate(block.activities, start=1):
        keep = index == 1  # the caption, the header and the first two rows stay on one page
        tr = table_row(tbl)
        texts = [str(index), activity.activity]
        if responsible:
            texts.append(activity.responsible or "")
        for text, w, style in zip(texts, lead, (center, left, left), strict=False):
            table_cell(tr, w, [paragraph(style, text, keep_next=keep)])
        low, high = sorted((activity.start, activity.end))
        for m in range(1, 13):
            shade = SCHEDULE_SHADE if low <= m <= high else None
            table_cell(tr, month, [paragraph(center, keep_next=keep)], shade=shade)
    return tbl


def _signer(s: StyleMap, block: Signature) -> list[Element]:
    """Room to sign (the name style's space before), the name, then the rank and NIP if any."""
    detail = s(st.SIGNATURE_DETAIL)
    paragraphs = [paragraph(s(st.SIGNATURE_NAME), block.name)]
    if block.rank:
        paragraphs.append(paragraph(detail, block.rank))
    if block.nip:
        paragraphs.append(paragraph(detail, labels.NIP + block.nip))
    paragraphs.append(paragraph(s(st.SIGNATURE_TEXT)))  # room before the next row of blocks
    return paragraphs


def signature_elements(s: StyleMap, width: int, block: Signatures) -> list[Element]:
    """Signature blocks in a borderless grid of ``columns`` columns.

    Each row of blocks is two table rows, the positions (aligned at the
    bottom) and the names, so that names stand on one line however long the
    positions are. One column: the blocks sit in the right half of the page,
    with the place and date and the intro ("Mengetahui,") above the first
    one. Several columns: those lines come first, centred above the grid.
    """
    text = s(st.SIGNATURE_TEXT)
    intro = [paragraph(text, line) for line in (block.place_date, block.intro) if line]
    if not block.blocks:
        return intro
    single = block.columns == 1
    widths = widths_of(block.shares(), width)
    tbl = table(s(st.LAYOUT_TABLE), widths, look="0000")
    for start in range(0, len(block.blocks), block.columns):
        chunk = block.placed(block.blocks[start : start + block.columns])
        positions, names = table_row(tbl), table_row(tbl)
        for signer, w in zip(chunk, widths, strict=True):
            lines = intro if single and start == 0 else []
            above = [*lines, paragraph(text, signer.position)] if signer else []
            table_cell(positions, w, above, valign="bottom")
            table_cell(names, w, _signer(s, signer) if signer else [])
    return [tbl] if single else [*intro, tbl]


def adoption_table(s: StyleMap, width: int, lines: list[str]) -> Element:
    """The "LAMPIRAN PERATURAN ..." lines of an adopted plan, in the right half above the cover title."""
    widths = widths_of([50, 50], width)
    tbl = table(s(st.LAYOUT_TABLE), widths, look="0000")
    row = table_row(tbl)
    table_cell(row, widths[0], [])
    table_cell(row, widths[1], [paragraph(s(st.TABLE_TEXT["left"]), line) for line in lines])
    return tbl


def colour_band(
    s: StyleMap, width: int, colours: list[str], height_twips: int = 283, centred: bool = False
) -> Element:
    """A band of colours ``width`` wide (the dimension colours: the cover's, a chapter's opening)."""
    widths = widths_of([1.0] * len(colours), width)
    tbl = table(s(st.LAYOUT_TABLE), widths, look="0000")
    if centred:
        tbl.find(qn("w:tblPr")).find(qn("w:tblW")).addnext(el("w:jc", {"w:val": "center"}))  # schema order
    row = table_row(tbl)
    sub(row.find(qn("w:trPr")), "w:trHeight", {"w:val": str(height_twips), "w:hRule": "exact"})
    for w, colour in zip(widths, colours, strict=True):
        table_cell(row, w, [], shade=colour)
    return tbl


def banner(s: StyleMap, width: int, text: str, shade: str) -> Element:
    """One line of white bold text on a band of ``shade`` across the text width (the cover's foot)."""
    tbl = table(s(st.LAYOUT_TABLE), [width], look="0000")
    row = table_row(tbl)
    p = paragraph(s(st.COVER_LINE))
    p.append(run(text, el("w:rPr", None, el("w:b"), el("w:color", {"w:val": "FFFFFF"}))))
    table_cell(row, width, [p], shade=shade, valign="center")
    return tbl
