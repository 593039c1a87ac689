"""WordprocessingML of the blocks of a regulation: titles, Menimbang/Mengingat and Pasal.

The layout of Indonesian legal drafting: the preamble's label, colon, markers and text in a
borderless grid; an article's number centred above its clauses, each clause's number ("(1)")
and each point's marker ("a.") hanging to the left of its text (a hanging indent and a tab,
so that the Bagian Hukum edits it in Word as it is used to).
"""

from __future__ import annotations

from masterplan.document.model import Article, Point, Recital
from masterplan.renderers import docx_styles as st
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
)

CLAUSE_MM = 10.0
"""How far the text of a numbered clause hangs from its number ("(1)")."""
POINT_MM = 8.0
"""How far the text of a point hangs from its marker ("a.", "1.")."""
_RECITAL_MM = (27.0, 4.0, POINT_MM)
"""The label, colon and marker columns of a preamble part; the text takes the rest."""


def title_paragraph(s: StyleMap, text: str, *, keep_next: bool = True) -> Element:
    """Centred bold lines ("BAB I" over "KETENTUAN UMUM"), kept with what follows."""
    p = paragraph(s(st.BODY_CENTER), keep_next=keep_next)
    p.append(run(text, el("w:rPr", None, el("w:b"))))
    return p


def hanging(s: StyleMap, marker: str, text: str, left_mm: float, hang_mm: float) -> Element:
    """A justified paragraph whose ``marker`` hangs ``hang_mm`` left of its text, indented ``left_mm``."""
    p = paragraph(s(st.BODY), text)
    sub(p.find(qn("w:pPr")), "w:ind", {"w:left": str(mm(left_mm)), "w:hanging": str(mm(hang_mm))})
    if marker:
        p.insert(1, run(f"{marker}\t"))
    return p


def recital_table(s: StyleMap, width: int, block: Recital) -> Element:
    """The preamble part ``block`` as a borderless grid: label, colon, marker, text."""
    fixed = [mm(value) for value in _RECITAL_MM]
    widths = [*fixed, width - sum(fixed)]
    tbl = table(s(st.LAYOUT_TABLE), widths, look="0000")
    body = s(st.BODY)
    for index, point in enumerate(block.points):
        tr = table_row(tbl, cant_split=False)
        first = index == 0
        table_cell(tr, widths[0], [paragraph(body, block.label if first else None)])
        table_cell(tr, widths[1], [paragraph(body, ":" if first else None)])
        if point.marker:
            table_cell(tr, widths[2], [paragraph(body, point.marker)])
            table_cell(tr, widths[3], [paragraph(body, point.text)])
        else:
            table_cell(tr, widths[2] + widths[3], [paragraph(body, point.text)], span=2)
    return tbl


def article_paragraphs(s: StyleMap, block: Article) -> list[Element]:
    """The article's number centred, then its clauses and their points with hanging markers."""
    paragraphs = [paragraph(s(st.BODY_CENTER), block.number, keep_next=True)]
    for clause in block.clauses:
        indent = CLAUSE_MM if clause.number else 0.0
        paragraphs.append(hanging(s, clause.number or "", clause.text, indent, indent))
        paragraphs += [_point(s, point, indent) for point in clause.points]
    return paragraphs


def _point(s: StyleMap, point: Point, indent: float) -> Element:
    return hanging(s, point.marker, point.text, indent + POINT_MM, POINT_MM)
