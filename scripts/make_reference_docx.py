"""Write templates/docx/reference.docx: every style the DOCX renderer uses, and a sample of each.

Run it after changing a style here (``.venv/bin/python scripts/make_reference_docx.py``)
and commit the result. Users restyle a copy of that file in Word (Modify
Style), keep every style name, and put it in their workspace; the renderer
then formats the Rencana Induk with their styles. Its body shows one
paragraph in each style so they can see what they change; the renderer
empties the body before writing.

Conventions (domain.md §6): A4, margins 3 cm left and 2.5 cm elsewhere,
Arial 11 pt (Liberation Sans is metric-compatible), 1.5 line spacing in the
body, chapter headings "BAB I" over the title, centred, on a new page.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import (
    WD_ALIGN_PARAGRAPH,
    WD_COLOR_INDEX,
    WD_LINE_SPACING,
    WD_TAB_ALIGNMENT,
    WD_TAB_LEADER,
)
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from masterplan.renderers import docx_styles as st  # noqa: E402
from masterplan.renderers.docx_package import repeatable_zip  # noqa: E402

TARGET = REPO / "templates" / "docx" / "reference.docx"
FONT = "Arial"
TEXT_WIDTH = Cm(15.5)  # A4 width 21 cm minus 3 cm and 2.5 cm
DAY = dt.date(2026, 1, 1)

CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)


@dataclass
class Look:
    """How one paragraph style looks; ``None`` leaves a property to the base style."""

    base: str | None = st.NORMAL
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    color: str | None = None
    highlight: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None  # multiple of single spacing
    left: float | None = None  # cm
    hanging: float | None = None  # cm
    keep_next: bool | None = None
    page_break: bool | None = None
    outline: int | None = None  # 0 = level 1
    tab: bool = False  # a right tab with dot leader at the right margin (tables of contents)
    next: str | None = None
    builtin: bool = False
    style_id: str | None = None
    sample: str = ""
    extra: dict[str, str] = field(default_factory=dict)


HEADING = Look(size=14, bold=True, align=CENTER, before=0, after=24, line=1.15, keep_next=True,
               page_break=True, outline=0, next=st.BODY)
TABLE_TEXT = Look(size=9, before=0, after=0, line=1.0, align=LEFT)

LOOKS: dict[str, Look] = {
    st.NORMAL: Look(base=None, before=0, after=0, line=1.15, builtin=True, sample="Normal: dasar gaya."),
    st.BODY: Look(align=JUSTIFY, after=6, line=1.5, builtin=True, next=st.BODY,
                  sample="Body Text: paragraf isi, rata kiri-kanan, spasi 1,5."),
    st.BODY_CENTER: Look(base=st.BODY, align=CENTER, sample="Body Center: paragraf isi di tengah."),
    st.BODY_NOTE: Look(base=st.BODY, size=9, italic=True, sample="Body Note: catatan kecil."),
    st.BODY_LEAD: Look(base=st.BODY, bold=True, keep_next=True, before=6, sample="Body Lead: pengantar."),
    st.PLACEHOLDER: Look(base=st.BODY, bold=True, color="C00000", highlight=True,
                         sample="[BELUM DIISI: Placeholder, jawaban yang belum diisi]"),
    st.BULLET: Look(base=st.BODY, align=LEFT, after=3, builtin=True, sample="List Bullet: butir daftar."),
    st.NUMBERED: Look(base=st.BODY, align=LEFT, after=3, builtin=True, sample="List Number: bernomor."),
    st.HEADING[1]: replace(HEADING, builtin=True, sample="BAB I\nHEADING 1"),
    st.HEADING[2]: Look(size=12, bold=True, before=12, after=6, keep_next=True, outline=1, next=st.BODY,
                        builtin=True, sample="1.1 Heading 2"),
    st.HEADING[3]: Look(size=11, bold=True, before=10, after=6, keep_next=True, outline=2, next=st.BODY,
                        builtin=True, sample="1.1.1 Heading 3"),
    st.HEADING[4]: Look(size=11, bold=True, italic=True, before=6, after=3, keep_next=True, outline=3,
                        next=st.BODY, builtin=True, sample="Heading 4"),
    st.FRONT_TITLE: replace(HEADING, sample="FRONT TITLE (KATA PENGANTAR)"),
    st.APPENDIX_TITLE: replace(HEADING, sample="LAMPIRAN 1\nAppendix Title"),
    st.COVER_TITLE: Look(size=18, bold=True, align=CENTER, before=36, after=18, sample="COVER TITLE"),
    st.COVER_REGION: Look(size=16, bold=True, align=CENTER, after=6, sample="COVER REGION"),
    st.COVER_PERIOD: Look(size=14, bold=True, align=CENTER, after=0, sample="Cover Period 2027-2036"),
    st.COVER_EMBLEM: Look(align=CENTER, before=60, after=110, sample="[Cover Emblem: lambang daerah]"),
    st.COVER_LINE: Look(size=14, bold=True, align=CENTER, after=6, sample="COVER LINE"),
    st.CAPTION: Look(size=10, bold=True, align=CENTER, before=12, after=6, keep_next=True, builtin=True,
                     sample="Tabel 1.1 Caption (di atas tabel, di bawah gambar)"),
    st.SOURCE: Look(size=9, italic=True, align=LEFT, before=3, after=12, sample="Sumber: Source"),
    st.FIGURE: Look(align=CENTER, before=6, keep_next=True, sample="[Figure: gambar]"),
    st.TABLE_TEXT["left"]: replace(TABLE_TEXT, sample="Table Text"),
    st.TABLE_TEXT["center"]: replace(TABLE_TEXT, align=CENTER, sample="Table Text Center"),
    st.TABLE_TEXT["right"]: replace(TABLE_TEXT, align=RIGHT, sample="Table Text Right"),
    st.TABLE_HEADER: replace(TABLE_TEXT, bold=True, align=CENTER, keep_next=True,
                             sample="Table Header"),
    st.TABLE_GROUP: replace(TABLE_TEXT, bold=True, sample="Table Group"),
    st.LEGEND: replace(TABLE_TEXT, sample="Legend"),
    st.SIGNATURE_TEXT: Look(align=CENTER, after=0, line=1.0, keep_next=True, sample="SIGNATURE TEXT"),
    st.SIGNATURE_NAME: Look(align=CENTER, bold=True, underline=True, before=66, after=0, line=1.0,
                            sample="Signature Name"),
    st.SIGNATURE_DETAIL: Look(align=CENTER, after=0, line=1.0, sample="NIP. 19700512 199603 1 004"),
    st.TOC[1]: Look(bold=True, before=6, after=0, tab=True, builtin=True, style_id="TOC1",
                    sample="TOC 1\t1"),
    st.TOC[2]: Look(left=0.6, before=0, after=0, tab=True, builtin=True, style_id="TOC2", sample="TOC 2\t2"),
    st.TOC[3]: Look(left=1.2, before=0, after=0, tab=True, builtin=True, style_id="TOC3", sample="TOC 3\t3"),
    st.TABLE_OF_FIGURES: Look(after=0, tab=True, builtin=True, style_id="TableofFigures",
                              sample="Table of Figures (Daftar Tabel, Daftar Gambar)\t4"),
    st.HEADER: Look(size=9, align=CENTER, after=0, line=1.0, builtin=True, sample="Header"),
    st.FOOTER: Look(size=10, align=CENTER, after=0, line=1.0, builtin=True, sample="Footer"),
}

# Word's own (lower-case) names for built-in styles that python-docx does not translate.
WORD_NAMES = {
    st.TOC[1]: "toc 1", st.TOC[2]: "toc 2", st.TOC[3]: "toc 3", st.TABLE_OF_FIGURES: "table of figures"
}


def main() -> None:
    """Write the reference document and report where."""
    word = docx.Document()
    _defaults(word)
    for name, look in LOOKS.items():
        _paragraph_style(word, name, look)
    _table_style(word, st.DATA_TABLE, borders=True)
    _table_style(word, st.LAYOUT_TABLE, borders=False)
    _samples(word)
    _page(word)
    props = word.core_properties
    props.title = "masterplan reference.docx"
    props.author = props.last_modified_by = "masterplan"
    props.comments = "Gaya dokumen Rencana Induk; ubah tampilannya di Word, jangan ganti namanya."
    props.created = props.modified = dt.datetime(DAY.year, DAY.month, DAY.day, tzinfo=dt.UTC)
    props.revision = 1
    props.language = "id-ID"
    buffer = io.BytesIO()
    word.save(buffer)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(repeatable_zip(buffer.getvalue(), DAY))
    missing = st.missing_styles(TARGET)
    if missing:
        raise SystemExit(f"{TARGET}: styles missing: {sorted(missing)}")
    print(f"wrote {TARGET.relative_to(REPO)} ({len(LOOKS)} paragraph styles, 2 table styles)")


def _defaults(word: docx.document.Document) -> None:
    """Arial 11 pt, Indonesian, no paragraph spacing, for everything not styled otherwise."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "id-ID")
    lang.set(qn("w:eastAsia"), "id-ID")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")


def _style(word: docx.document.Document, name: str, kind: WD_STYLE_TYPE, builtin: bool) -> BaseStyle:
    """The style ``name``, emptied of formatting (list numbering kept), or a new one."""
    wanted = WORD_NAMES.get(name, name)
    existing = [s for s in word.styles if s.name.casefold() == wanted.casefold() and s.type == kind]
    if existing:
        style = existing[0]
        for tag in ("w:rPr", "w:tblPr", "w:tcPr", "w:tblStylePr", "w:trPr"):
            for old in style.element.findall(qn(tag)):
                style.element.remove(old)
        ppr = style.element.find(qn("w:pPr"))
        if ppr is not None:
            for child in list(ppr):
                if child.tag != qn("w:numPr"):
                    ppr.remove(child)
        return style
    return word.styles.add_style(wanted, kind, builtin=builtin)


def _paragraph_style(word: docx.document.Document, name: str, look: Look) -> None:
    style = _style(word, name, WD_STYLE_TYPE.PARAGRAPH, look.builtin)
    if look.style_id:
        style.style_id = look.style_id
    style.base_style = word.styles[look.base] if look.base else None
    style.hidden = False
    style.quick_style = name in {st.BODY, st.HEADING[1], st.HEADING[2], st.HEADING[3], st.CAPTION}
    font = style.font
    if name == st.NORMAL:
        font.name, font.size = FONT, Pt(11)
    for attribute in ("bold", "italic", "underline"):
        if getattr(look, attribute) is not None:
            setattr(font, attribute, getattr(look, attribute))
    if look.size:
        font.size = Pt(look.size)
    font.color.rgb = RGBColor.from_string(look.color or "000000")
    if look.highlight:
        font.highlight_color = WD_COLOR_INDEX.YELLOW
    fmt = style.paragraph_format
    if look.align is not None:
        fmt.alignment = look.align
    if look.before is not None:
        fmt.space_before = Pt(look.before)
    if look.after is not None:
        fmt.space_after = Pt(look.after)
    if look.line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        fmt.line_spacing = look.line
    if look.left is not None:
        fmt.left_indent = Cm(look.left)
    if look.keep_next is not None:
        fmt.keep_with_next = look.keep_next
    if look.page_break is not None:
        fmt.page_break_before = look.page_break
    fmt.widow_control = True
    if look.tab:
        fmt.right_indent = Cm(0.8)
        fmt.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    if look.outline is not None:
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(look.outline))
        style.element.get_or_add_pPr().insert_element_before(
            outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"
        )
    if look.next:
        style.next_paragraph_style = word.styles[look.next]


def _table_style(word: docx.document.Document, name: str, borders: bool) -> None:
    """A table style: thin black grid (data) or no lines (layout); cell margins 0.1 cm."""
    style = _style(word, name, WD_STYLE_TYPE.TABLE, builtin=False)
    style.base_style = word.styles["Normal Table"]
    style.hidden = False
    element = style.element
    tblpr = OxmlElement("w:tblPr")
    lines = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "000000")
        lines.append(line)
    tblpr.append(lines)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 28), ("left", 57), ("bottom", 28), ("right", 57)):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tblpr.append(margins)
    element.append(tblpr)
    if borders:  # the header row: light blue, bold
        first = OxmlElement("w:tblStylePr")
        first.set(qn("w:type"), "firstRow")
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        first.append(rpr)
        tcpr = OxmlElement("w:tcPr")
        shade = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "D9E2F3")):
            shade.set(qn(key), value)
        tcpr.append(shade)
        first.append(tcpr)
        element.append(first)


def _samples(word: docx.document.Document) -> None:
    """One paragraph in each style, and a small table in each table style."""
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for name, look in LOOKS.items():
        p = word.add_paragraph(style=word.styles[WORD_NAMES.get(name, name)])
        lines = look.sample.split("\n")
        for number, line in enumerate(lines):
            r = p.add_run(line)
            if number < len(lines) - 1:
                r.add_break()
    for name in (st.DATA_TABLE, st.LAYOUT_TABLE):
        table = word.add_table(rows=2, cols=3)
        table.style = word.styles[name]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row, texts in zip(table.rows, (("Kolom", "Judul", name), ("isi", "isi", "isi")), strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text
                sample = st.TABLE_HEADER if text != "isi" else st.TABLE_TEXT["left"]
                cell.paragraphs[0].style = word.styles[sample]
        word.add_paragraph(style=word.styles[st.BODY])


def _page(word: docx.document.Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)


if __name__ == "__main__":
    main()
