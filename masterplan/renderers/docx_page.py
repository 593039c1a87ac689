"""Page geometry of the DOCX: paper, margins, section properties, page-number footer, watermark.

These are the few places where the renderer formats directly: a section's
size, orientation and page-number format cannot live in a style.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

from docx.oxml import parse_xml

from masterplan.document.page import BINDING_MM, MARGIN_MM, PAPER_MM
from masterplan.renderers.docx_xml import Element, el, field, mm, paragraph, qn, sub

HEADER_FOOTER_MM = 12.5

NumberFormat = Literal["lowerRoman", "decimal"]


@dataclass(frozen=True)
class Page:
    """The geometry of one orientation of the paper, in twips."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int

    @property
    def text_width(self) -> int:
        """The width between the margins."""
        return self.width - self.left - self.right


def page(paper: str, landscape: bool = False) -> Page:
    """The geometry of ``paper`` ("A4" or "F4"); landscape pages keep the binding margin on top."""
    short, long = PAPER_MM[paper]
    if landscape:
        return Page(mm(long), mm(short), mm(BINDING_MM), mm(MARGIN_MM), mm(MARGIN_MM), mm(MARGIN_MM))
    return Page(mm(short), mm(long), mm(MARGIN_MM), mm(MARGIN_MM), mm(MARGIN_MM), mm(BINDING_MM))


def section_properties(
    geometry: Page,
    *,
    landscape: bool = False,
    number_format: NumberFormat | None = None,
    restart: bool = False,
    header: str | None = None,
    footer: str | None = None,
) -> Element:
    """A ``w:sectPr``: size, margins, page-number format and the header and footer it names.

    A section that names no header or footer shows its predecessor's, as Word's
    "Link to Previous" does.
    """
    sect = el("w:sectPr")
    if header:
        sub(sect, "w:headerReference", {"w:type": "default", "r:id": header})
    if footer:
        sub(sect, "w:footerReference", {"w:type": "default", "r:id": footer})
    size = {"w:w": str(geometry.width), "w:h": str(geometry.height)}
    if landscape:
        size["w:orient"] = "landscape"
    sub(sect, "w:pgSz", size)
    distance = str(mm(HEADER_FOOTER_MM))
    sub(sect, "w:pgMar", {
        "w:top": str(geometry.top), "w:right": str(geometry.right), "w:bottom": str(geometry.bottom),
        "w:left": str(geometry.left), "w:header": distance, "w:footer": distance, "w:gutter": "0",
    })
    if number_format:
        numbering: dict[str, str] = {"w:fmt": number_format}
        if restart:
            numbering["w:start"] = "1"
        sub(sect, "w:pgNumType", numbering)
    sub(sect, "w:cols", {"w:space": "708"})
    sub(sect, "w:docGrid", {"w:linePitch": "360"})
    return sect


def page_number_footer(footer_element: Element, style_id: str) -> None:
    """Fill a ``w:ftr`` with one paragraph holding the PAGE field (its format comes from the section)."""
    for child in list(footer_element):
        footer_element.remove(child)
    p = paragraph(style_id)
    for r in field("PAGE", "1"):
        p.append(r)
    footer_element.append(p)


_WATERMARK = """\
<w:p {ns}><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:pict>\
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" \
path="m@7,l@8,m@5,21600l@6,21600e">\
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>\
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>\
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>\
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>\
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" \
o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" \
xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>\
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s1025" type="#_x0000_t136" \
style="position:absolute;margin-left:0;margin-top:0;width:396pt;height:158pt;rotation:315;z-index:-251657216;\
mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;\
mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d8d8d8" stroked="f">\
<v:fill opacity=".5"/><v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="{text}"/>\
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r></w:p>"""

_VML_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)


def watermark_header(header_element: Element, style_id: str, text: str = "DRAF") -> None:
    """Fill a ``w:hdr`` with Word's own kind of text watermark: large light-grey ``text``, diagonal."""
    for child in list(header_element):
        header_element.remove(child)
    safe = escape(text, {'"': "&quot;"})
    header_element.append(parse_xml(_WATERMARK.format(ns=_VML_NAMESPACES, style=escape(style_id), text=safe)))


def empty_header(header_element: Element, style_id: str) -> None:
    """Fill a ``w:hdr`` with one empty paragraph."""
    for child in list(header_element):
        header_element.remove(child)
    header_element.append(paragraph(style_id))


_SETTINGS_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
}


def set_update_fields(settings_element: Element, update: bool) -> None:
    """Ask Word to update every field (the tables of contents) when it opens the document."""
    for old in settings_element.findall(qn("w:updateFields")):
        settings_element.remove(old)
    if not update:
        return
    flag = el("w:updateFields", {"w:val": "true"})
    for child in settings_element:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in _SETTINGS_AFTER_UPDATE_FIELDS:
            child.addprevious(flag)
            return
    settings_element.append(flag)
