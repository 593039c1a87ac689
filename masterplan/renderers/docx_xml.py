"""Small WordprocessingML builders on plain lxml elements.

The DOCX renderer builds paragraphs and tables as XML directly: python-docx
proxies per cell (``table.cell(r, c)``) are quadratic and slow, and direct
XML lets a table row carry ``w:tblHeader`` or a cell ``w:gridSpan`` at once.
Lengths are in twentieths of a point (twips) unless named otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TypeAlias

from docx.oxml.ns import qn as _qn
from lxml import etree

from masterplan.document.foreign import split_foreign

Element: TypeAlias = etree._Element

TWIPS_PER_MM = 1440 / 25.4
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PIECES = re.compile(r"(\n|\t)")
qn = lru_cache(maxsize=1024)(_qn)
"""python-docx's ``qn`` ("w:p" to the Clark name), remembered: a plan's DOCX calls it 130,000 times."""

_RUNS = (qn("w:r"), qn("w:hyperlink"))


def mm(value: float) -> int:
    """Millimetres as twips."""
    return round(value * TWIPS_PER_MM)


def el(tag: str, attrs: dict[str, str] | None = None, *children: Element) -> Element:
    """A new element ``tag`` ("w:p") with ``attrs`` ({"w:val": "x"}) and ``children``."""
    node = etree.Element(qn(tag), {qn(k): v for k, v in attrs.items()} if attrs else None)
    for child in children:
        node.append(child)
    return node


def sub(parent: Element, tag: str, attrs: dict[str, str] | None = None) -> Element:
    """A new child ``tag`` of ``parent``."""
    return etree.SubElement(parent, qn(tag), {qn(k): v for k, v in attrs.items()} if attrs else None)


def clean(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return _CONTROL.sub("", text)


def run(text: str = "", rpr: Element | None = None) -> Element:
    """A ``w:r`` holding ``text``; newlines become line breaks and tabs become tabs."""
    r = el("w:r")
    if rpr is not None:
        r.append(rpr)
    for piece in _PIECES.split(clean(text)):
        if piece == "\n":
            sub(r, "w:br")
        elif piece == "\t":
            sub(r, "w:tab")
        elif piece:
            t = sub(r, "w:t")
            t.text = piece
            if piece[0] == " " or piece[-1] == " ":
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def paragraph(style_id: str, text: str | None = None, *, keep_next: bool = False) -> Element:
    """A ``w:p`` in the paragraph style ``style_id``, with ``text`` when given."""
    p = el("w:p")
    ppr = sub(p, "w:pPr")
    sub(ppr, "w:pStyle", {"w:val": style_id})
    if keep_next:
        sub(ppr, "w:keepNext")
    if text:
        for piece, foreign in split_foreign(text):
            p.append(run(piece, el("w:rPr", None, el("w:i")) if foreign else None))
    return p


_BEFORE_PAGE_BREAK = {qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines")}  # what precedes it in w:pPr


def break_page_before(p: Element) -> bool:
    """Make paragraph ``p`` start a new page (``w:pageBreakBefore``); False if it has no properties."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        return False
    at = sum(1 for child in ppr if child.tag in _BEFORE_PAGE_BREAK)
    ppr.insert(at, el("w:pageBreakBefore"))
    return True


def page_break() -> Element:
    """A paragraph holding only a page break."""
    p = el("w:p")
    sub(sub(p, "w:r"), "w:br", {"w:type": "page"})
    return p


def field(instruction: str, result: str = "", *, dirty: bool = False) -> list[Element]:
    """The runs of a complex field: begin, ``instruction``, separate, ``result``, end.

    A ``dirty`` field is one Word should update when it opens the file.
    """
    runs = [field_begin(instruction, dirty=dirty), field_separate()]
    if result:
        runs.append(run(result))
    runs.append(field_end())
    return runs


def field_begin(instruction: str, *, dirty: bool = False) -> Element:
    """The ``begin`` fldChar and the instruction of a complex field, in one run."""
    r = el("w:r")
    sub(r, "w:fldChar", {"w:fldCharType": "begin", **({"w:dirty": "true"} if dirty else {})})
    instr = sub(r, "w:instrText")
    instr.text = f" {instruction.strip()} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def field_separate() -> Element:
    """The run separating a field's instruction from its result."""
    r = el("w:r")
    sub(r, "w:fldChar", {"w:fldCharType": "separate"})
    return r


def field_end() -> Element:
    """The run ending a complex field."""
    r = el("w:r")
    sub(r, "w:fldChar", {"w:fldCharType": "end"})
    return r


def bookmark(p: Element, ident: int, name: str) -> None:
    """Wrap the content of paragraph ``p`` in the bookmark ``name``."""
    start = el("w:bookmarkStart", {"w:id": str(ident), "w:name": name})
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(el("w:bookmarkEnd", {"w:id": str(ident)}))


def comment_range(p: Element, ident: int) -> None:
    """Make the runs of paragraph ``p`` the range of comment ``ident``, its reference mark after them."""
    runs = [child for child in p if child.tag in _RUNS]
    start = el("w:commentRangeStart", {"w:id": str(ident)})
    end = el("w:commentRangeEnd", {"w:id": str(ident)})
    if runs:
        runs[0].addprevious(start)
        runs[-1].addnext(end)
    else:
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            p.insert(0, start)
        else:
            ppr.addnext(start)
        p.append(end)
    end.addnext(el("w:r", None, el("w:commentReference", {"w:id": str(ident)})))


def hyperlink(anchor: str, *runs: Element) -> Element:
    """An internal hyperlink to the bookmark ``anchor`` around ``runs``."""
    return el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"}, *runs)


# --- tables ------------------------------------------------------------------------


def table(style_id: str, widths: list[int], *, look: str = "04A0") -> Element:
    """An empty fixed-layout table of columns ``widths`` (twips) in table style ``style_id``."""
    tbl = el("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblStyle", {"w:val": style_id})
    sub(tblpr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
    sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
    first_row = "1" if look == "04A0" else "0"
    sub(tblpr, "w:tblLook", {"w:val": look, "w:firstRow": first_row, "w:lastRow": "0",
                             "w:firstColumn": "0", "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"})
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", {"w:w": str(width)})
    return tbl


def table_row(tbl: Element, *, header: bool = False, cant_split: bool = True) -> Element:
    """A new row of ``tbl``; a ``header`` row repeats at the top of every page."""
    tr = sub(tbl, "w:tr")
    if header or cant_split:
        trpr = sub(tr, "w:trPr")
        if cant_split:
            sub(trpr, "w:cantSplit")
        if header:
            sub(trpr, "w:tblHeader")
    return tr


def table_cell(
    tr: Element,
    width: int,
    content: Iterable[Element],
    *,
    span: int = 1,
    shade: str | None = None,
    vmerge: str | None = None,
    valign: str | None = None,
) -> Element:
    """A cell of row ``tr`` holding the paragraphs ``content`` (at least one is added)."""
    tc = sub(tr, "w:tc")
    tcpr = sub(tc, "w:tcPr")
    sub(tcpr, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
    if span > 1:
        sub(tcpr, "w:gridSpan", {"w:val": str(span)})
    if vmerge is not None:
        sub(tcpr, "w:vMerge", {"w:val": vmerge} if vmerge == "restart" else None)
    if shade:
        sub(tcpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade})
    if valign:
        sub(tcpr, "w:vAlign", {"w:val": valign})
    added = False
    for p in content:
        tc.append(p)
        added = True
    if not added:
        tc.append(el("w:p"))
    return tc


def widths_of(relative: list[float], total: int) -> list[int]:
    """Split ``total`` twips in proportion to ``relative``; the parts add up to ``total`` exactly."""
    weights = [max(w, 0.01) for w in relative]
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths
