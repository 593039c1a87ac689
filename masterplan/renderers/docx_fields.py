r"""Word fields of the DOCX: the three tables of contents and numbered captions.

Daftar Isi, Daftar Tabel and Daftar Gambar are real ``TOC`` fields, so Word
(F9) and LibreOffice can rebuild them. Their result is never empty: the
renderer writes every entry, linked to a ``_Toc`` bookmark at its heading or
caption, and the page number once LibreOffice has laid the document out
(:mod:`masterplan.renderers.office`).

Captions hold a ``SEQ`` field, which is what ``TOC \c "Tabel"`` collects.
Table numbers are per chapter ("5.1"), so the field is ``SEQ Tabel \r 1``:
it restarts at the model's own number and shows exactly that number
whenever Word or LibreOffice updates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from masterplan.renderers.docx_xml import (
    Element,
    bookmark,
    field_begin,
    field_end,
    field_separate,
    hyperlink,
    paragraph,
    run,
)
from masterplan.renderers.docx_xml import field as make_field

IndexKind = Literal["toc", "tables", "figures"]

INSTRUCTIONS: dict[IndexKind, str] = {
    "toc": 'TOC \\o "1-3" \\h \\z \\u',
    "tables": 'TOC \\h \\z \\c "Tabel"',
    "figures": 'TOC \\h \\z \\c "Gambar"',
}


@dataclass
class Entry:
    """One line of a table of contents: its level, text and the bookmark it links to."""

    level: int
    text: str
    anchor: str


@dataclass
class Indexes:
    """The entries of the three tables of contents, collected while the body is written."""

    entries: dict[IndexKind, list[Entry]] = field(
        default_factory=lambda: {"toc": [], "tables": [], "figures": []}
    )
    _next_id: int = 0

    def new_id(self) -> int:
        """A bookmark id not used before in this document."""
        self._next_id += 1
        return self._next_id

    def mark(self, kind: IndexKind, p: Element, text: str, level: int = 1) -> None:
        """Bookmark paragraph ``p`` and list it in the index ``kind`` as ``text``."""
        ident = self.new_id()
        anchor = f"_Toc{ident:08d}"
        bookmark(p, ident, anchor)
        self.entries[kind].append(Entry(level, text, anchor))


def normalize(text: str) -> str:
    """Entry text compared without regard to runs of white space."""
    return re.sub(r"\s+", " ", text).strip()


def index_paragraphs(
    kind: IndexKind,
    entries: list[Entry],
    styles: dict[int, str],
    empty: tuple[str, str],
    pages: list[str] | None = None,
) -> list[Element]:
    """The paragraphs of one TOC field: its instruction, then an entry per paragraph.

    ``styles`` maps an entry level to a style id; ``empty`` is the (style id,
    text) shown when there is no entry; ``pages`` are the page numbers, entry
    by entry, when known (otherwise the entries carry none until updated).
    """
    if not entries:
        p = paragraph(empty[0])
        for r in make_field(INSTRUCTIONS[kind], empty[1]):
            p.append(r)
        return [p]
    paragraphs = []
    for number, entry in enumerate(entries):
        p = paragraph(styles[entry.level])
        if number == 0:
            p.append(field_begin(INSTRUCTIONS[kind]))
            p.append(field_separate())
        runs = [run(entry.text)]
        if pages is not None:
            runs += [run("\t"), run(pages[number])]
        p.append(hyperlink(entry.anchor, *runs))
        if number == len(entries) - 1:
            p.append(field_end())
        paragraphs.append(p)
    return paragraphs


def caption(style_id: str, label: str, number: str, text: str) -> tuple[Element, str]:
    """A caption paragraph "Tabel 5.1 text" whose number is a ``SEQ`` field; and its plain text."""
    plain = f"{label} {number} {text}".strip()
    p = paragraph(style_id)
    prefix, dot, last = number.rpartition(".")
    if last.isdigit():
        p.append(run(f"{label} {prefix}{dot}"))
        for r in make_field(f"SEQ {label} \\r {int(last)} \\* ARABIC", str(int(last))):
            p.append(r)
        p.append(run(f" {text}"))
        plain = f"{label} {prefix}{dot}{int(last)} {text}".strip()
    else:  # no trailing number to restart at: the number as text, an empty SEQ for the index
        for r in make_field(f"SEQ {label} \\h"):
            p.append(r)
        p.append(run(plain))
    return p, plain
