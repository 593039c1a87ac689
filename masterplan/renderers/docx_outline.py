r"""A plain-text outline of a DOCX, for golden tests and for reading a build at a glance.

One line per body paragraph (``style | text``; line breaks as ``\n``, tabs as
``\t``, a picture as ``[gambar]``), one per table (``TABLE rows x cols``
with its style, header rows, group rows and column titles), and one per
section break (orientation, paper size in millimetres, page numbering,
header and footer).
"""

from __future__ import annotations

from pathlib import Path

import docx
from lxml import etree

from masterplan.renderers.docx_xml import qn

_TWIPS_PER_MM = 1440 / 25.4


def outline(docx_path: Path) -> str:
    """The outline of the DOCX at ``docx_path``, newline-terminated."""
    word = docx.Document(str(docx_path))
    names = {s.style_id: s.name for s in word.styles}
    lines: list[str] = []
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph(child, names))
            sect = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if sect is not None:
                lines.append(_section(sect))
        elif child.tag == qn("w:tbl"):
            lines.append(_table(child, names))
        elif child.tag == qn("w:sectPr"):
            lines.append(_section(child))
    return "\n".join(lines) + "\n"


def _paragraph(p: etree._Element, names: dict[str, str]) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = names.get(style.get(qn("w:val")), "?") if style is not None else "Normal"
    if p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None:
        name += " [new page]"
    return f"{name} | {_text(p)}".rstrip()


def _text(p: etree._Element) -> str:
    """The visible text of a paragraph: runs and hyperlinks, not field instructions."""
    pieces: list[str] = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:drawing")):
        if node.tag == qn("w:t"):
            pieces.append(node.text or "")
        elif node.tag == qn("w:tab"):
            if node.getparent().tag == qn("w:r"):  # not a tab stop definition
                pieces.append("\\t")
        elif node.tag == qn("w:br"):
            pieces.append("\\n" if node.get(qn("w:type")) in (None, "textWrapping") else "[page break]")
        else:
            pieces.append("[gambar]")
    return "".join(pieces)


def _table(tbl: etree._Element, names: dict[str, str]) -> str:
    rows = tbl.findall(qn("w:tr"))
    columns = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    style_name = names.get(style.get(qn("w:val")), "?") if style is not None else "none"
    headers = [r for r in rows if r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
    spanning = [r for r in rows if _spans_all(r, len(columns))]
    titles = " | ".join(_cell_text(tc) for tc in rows[0].findall(qn("w:tc"))) if rows else ""
    return (
        f"TABLE {len(rows)} x {len(columns)} [{style_name}; header {len(headers)}; "
        f"full-width {len(spanning)}]: {titles}"
    )


def _spans_all(tr: etree._Element, columns: int) -> bool:
    cells = tr.findall(qn("w:tc"))
    if len(cells) != 1 or columns == 1:
        return False
    span = cells[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return span is not None and int(span.get(qn("w:val"))) == columns


def _cell_text(tc: etree._Element) -> str:
    return " / ".join(t for t in (_text(p) for p in tc.findall(qn("w:p"))) if t)


def _section(sect: etree._Element) -> str:
    size = sect.find(qn("w:pgSz"))
    width = round(int(size.get(qn("w:w"))) / _TWIPS_PER_MM)
    height = round(int(size.get(qn("w:h"))) / _TWIPS_PER_MM)
    orientation = "landscape" if size.get(qn("w:orient")) == "landscape" else "portrait"
    numbering = sect.find(qn("w:pgNumType"))
    pages = "no page numbers set"
    if numbering is not None:
        pages = numbering.get(qn("w:fmt"), "decimal")
        if numbering.get(qn("w:start")):
            pages += f" from {numbering.get(qn('w:start'))}"
    parts = [p for p, tag in (("header", "w:headerReference"), ("footer", "w:footerReference"))
             if sect.find(qn(tag)) is not None]
    return f"SECTION {orientation} {width}x{height} mm, {pages}" + (f", {' + '.join(parts)}" if parts else "")
