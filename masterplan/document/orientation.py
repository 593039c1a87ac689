"""Which portrait sections read better on landscape pages: wide tables squeezed into portrait.

A section turns landscape when its tables of six columns or more would take at least a fifth
fewer pages across the wider page (their rows are shorter there). The whole section turns, so
its headings and prose stay with its tables; both renderers already lay out landscape sections.
"""

from __future__ import annotations

from masterplan.document.model import Block, Table
from masterplan.document.page import POINTS_PER_MM, text_height_mm, text_width_mm
from masterplan.document.widths import fit_widths, row_height_pt

WIDE = 6  # columns from which a table may call for landscape pages
SAVING = 0.8  # landscape when its pages are at most this share of the portrait pages
GROUP_ROW_PT = 14.0
ROW_RULES_PT = 4.0  # cell padding and borders of a row


def table_pages(table: Table, paper: str, landscape: bool) -> float:
    """How many pages ``table``'s rows fill in one orientation (an estimate from the font metrics)."""
    width = text_width_mm(paper, landscape) * POINTS_PER_MM
    height = text_height_mm(paper, landscape) * POINTS_PER_MM
    widths = fit_widths([c.title for c in table.columns], [r.cells for r in table.rows if not r.group], width)
    rows = (GROUP_ROW_PT if r.group else row_height_pt(r.cells, widths) + ROW_RULES_PT for r in table.rows)
    return sum(rows) / height


def reads_better_landscape(blocks: list[Block], paper: str) -> bool:
    """Whether the wide tables of a portrait section take a fifth fewer pages in landscape."""
    wide = [b for b in blocks if isinstance(b, Table) and len(b.columns) >= WIDE]
    if not wide:
        return False
    portrait = sum(table_pages(t, paper, False) for t in wide)
    landscape = sum(table_pages(t, paper, True) for t in wide)
    return portrait >= 1.0 and landscape <= SAVING * portrait
