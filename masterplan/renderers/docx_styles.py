"""The named styles the DOCX renderer uses, and which of them a reference document lacks.

The renderer formats through these names only; ``templates/docx/reference.docx``
(made by ``scripts/make_reference_docx.py``) defines every one of them, and a
user may restyle a copy in Word and drop it into the workspace. Word matches
built-in style names without regard to case ("toc 1" is "TOC 1"), and so do we.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError

from masterplan.errors import MasterplanError
from masterplan.renderers.docx_xml import qn

# --- paragraph styles ------------------------------------------------------------
NORMAL = "Normal"
BODY = "Body Text"
BODY_CENTER = "Body Center"
BODY_NOTE = "Body Note"
BODY_LEAD = "Body Lead"
PLACEHOLDER = "Placeholder"
BULLET = "List Bullet"
NUMBERED = "List Number"
HEADING = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}
FRONT_TITLE = "Front Title"
APPENDIX_TITLE = "Appendix Title"
COVER_TITLE = "Cover Title"
COVER_REGION = "Cover Region"
COVER_PERIOD = "Cover Period"
COVER_EMBLEM = "Cover Emblem"
COVER_LINE = "Cover Line"
CAPTION = "Caption"
SOURCE = "Source"
FIGURE = "Figure"
TABLE_TEXT = {"left": "Table Text", "center": "Table Text Center", "right": "Table Text Right"}
TABLE_HEADER = "Table Header"
TABLE_GROUP = "Table Group"
LEGEND = "Legend"
SIGNATURE_TEXT = "Signature Text"
SIGNATURE_NAME = "Signature Name"
SIGNATURE_DETAIL = "Signature Detail"
TOC = {1: "TOC 1", 2: "TOC 2", 3: "TOC 3"}
TABLE_OF_FIGURES = "Table of Figures"
HEADER = "Header"
FOOTER = "Footer"

# --- table styles -----------------------------------------------------------------
DATA_TABLE = "Masterplan Table"
LAYOUT_TABLE = "Layout Table"

PARAGRAPH_STYLES: frozenset[str] = frozenset(
    {
        NORMAL, BODY, BODY_CENTER, BODY_NOTE, BODY_LEAD, PLACEHOLDER, BULLET, NUMBERED,
        *HEADING.values(), FRONT_TITLE, APPENDIX_TITLE,
        COVER_TITLE, COVER_REGION, COVER_PERIOD, COVER_EMBLEM, COVER_LINE,
        CAPTION, SOURCE, FIGURE, *TABLE_TEXT.values(), TABLE_HEADER, TABLE_GROUP, LEGEND,
        SIGNATURE_TEXT, SIGNATURE_NAME, SIGNATURE_DETAIL,
        *TOC.values(), TABLE_OF_FIGURES, HEADER, FOOTER,
    }
)
TABLE_STYLES: frozenset[str] = frozenset({DATA_TABLE, LAYOUT_TABLE})


def required_styles() -> set[str]:
    """Every style name the DOCX renderer uses (paragraph and table styles)."""
    return set(PARAGRAPH_STYLES | TABLE_STYLES)


def style_ids(styles_element: object) -> dict[str, str]:
    """Map case-folded style names to style ids, from a ``w:styles`` element."""
    ids: dict[str, str] = {}
    for style in styles_element.iterchildren(qn("w:style")):  # type: ignore[attr-defined]
        name = style.find(qn("w:name"))
        style_id = style.get(qn("w:styleId"))
        if name is not None and style_id:
            ids.setdefault(str(name.get(qn("w:val"))).casefold(), style_id)
    return ids


class ReferenceDocumentError(MasterplanError):
    """Raised when a reference document cannot be read as a Word document."""

    category = "template"


class ReferenceStylesMissing(ReferenceDocumentError):
    """Raised when a reference document lacks styles the renderer needs; ``missing`` names them."""

    def __init__(self, reference: Path, missing: set[str]) -> None:
        self.missing = missing
        super().__init__(
            f"{reference}: gaya berikut tidak ada di dokumen referensi: {', '.join(sorted(missing))}; "
            "ubah tampilan gaya di Word, tetapi jangan hapus atau ganti namanya"
        )


def open_reference(reference: Path) -> WordDocument:
    """The reference document at ``reference``, opened with python-docx."""
    try:
        return docx.Document(str(reference))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as error:
        message = f"{reference}: bukan dokumen Word (.docx) yang dapat dibaca ({error})"
        raise ReferenceDocumentError(message) from None


def missing_styles(reference: Path) -> set[str]:
    """The required style names that the reference document ``reference`` does not define."""
    return StyleMap(style_ids(open_reference(reference).styles.element)).missing()


class StyleMap:
    """Style ids of a reference document, looked up by style name."""

    def __init__(self, ids: dict[str, str]) -> None:
        self._ids = ids

    def __call__(self, name: str) -> str:
        """The style id of ``name`` (a required style, so present once checked)."""
        return self._ids[name.casefold()]

    def missing(self) -> set[str]:
        """The required styles this reference lacks."""
        return {name for name in required_styles() if name.casefold() not in self._ids}
