"""Mentors' review notes and the change log in a draft: where each note lands, and the two appendices.

:func:`resolve_notes` lands every note on one node of the document, found in
one pass over it by the ``anchors`` the builders set (see
:class:`~masterplan.document.model.Anchored`):

* ``row:<CODE>``: the row of that programme, in a table of the note's stage
  first (a Bimtek III note on the roadmap row), else in the programme table
  (BAB V), else the first row with that code;
* ``question:<id>``: the first block filled from that question of the note's stage;
* ``section:<id>``: the first block filled from any question of that section;
* ``stage``, or nothing found: the heading of the first chapter carrying an
  answer of that stage, else the first chapter's heading.

The node's ``notes`` then holds the note's id; the renderers attach the note
there (a Word comment; the target of the page number in the review appendix).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from masterplan.answers.definitions import Definitions
from masterplan.document.assembly import ROMAN, Assembly, grouped, make_table
from masterplan.document.model import (
    Anchored,
    Appendix,
    Block,
    ChangeEntry,
    Chapter,
    FrontPage,
    Noted,
    Paragraph,
    ReviewNote,
    RoadmapGrid,
    Table,
    TableRow,
    question_anchor,
    row_anchor,
    section_anchor,
)

REVIEW_TITLE = "Catatan Reviu Pendamping"
CHANGES_TITLE = "Perubahan sejak Reviu Terakhir"
ADDED = "(baru)"
REMOVED = "(dihapus)"
REPLY = "Balasan — {author} ({time}): {text}"
_PROGRAMMES = question_anchor(2, "programs")


@dataclass
class _Landings:
    """The first node carrying each anchor, collected in document order."""

    first: dict[str, Noted] = field(default_factory=dict)
    programme_rows: dict[str, Noted] = field(default_factory=dict)
    stage_rows: dict[tuple[int, str], Noted] = field(default_factory=dict)
    stage_chapters: dict[int, Chapter] = field(default_factory=dict)

    def add(self, block: Anchored, chapter: Chapter | None, definitions: Definitions) -> None:
        stages: list[int] = []
        for anchor in block.anchors:
            self.first.setdefault(anchor, block)
            kind, _, name = anchor.partition(":")
            digits, _, question = name.partition(".")
            if kind not in ("question", "section") or not digits.isdigit():
                continue
            stage = int(digits)
            stages.append(stage)
            if chapter is not None:
                self.stage_chapters.setdefault(stage, chapter)
            section = _section_of(definitions, stage, question) if kind == "question" else None
            if section is not None:
                self.first.setdefault(section_anchor(stage, section), block)
        rows = block.rows if isinstance(block, Table | RoadmapGrid) else []
        for row in rows:
            for anchor in row.anchors:
                self.first.setdefault(anchor, row)
                if _PROGRAMMES in block.anchors:
                    self.programme_rows.setdefault(anchor, row)
                for number in stages:
                    self.stage_rows.setdefault((number, anchor), row)

    def target(self, note: ReviewNote, first_chapter: Chapter) -> Noted:
        """Where ``note`` lands (always somewhere)."""
        kind, _, name = note.target.partition(":")
        found: Noted | None = None
        if kind == "row" and name.strip():
            key = row_anchor(name)
            found = self.stage_rows.get((note.stage, key)) or self.programme_rows.get(key)
            found = found or self.first.get(key)
        elif kind in ("question", "section") and name:
            prefix, dot, _ = name.partition(".")
            qualified = name if dot and prefix.isdigit() else f"{note.stage}.{name}"
            found = self.first.get(f"{kind}:{qualified}")
        return found or self.stage_chapters.get(note.stage) or first_chapter


def _section_of(definitions: Definitions, stage: int, question: str) -> str | None:
    questionnaire = definitions.stages.get(stage)
    section = questionnaire.section_of.get(question) if questionnaire else None
    return section.id if section else None


def _blocks(
    front: list[FrontPage], chapters: list[Chapter], appendices: list[Appendix]
) -> Iterator[tuple[Chapter | None, list[Block]]]:
    """Every list of blocks in document order, with the chapter holding it."""
    for page in front:
        yield None, page.blocks
    for chapter in chapters:
        yield chapter, chapter.blocks
        for section in chapter.sections:
            yield chapter, section.blocks
    for appendix in appendices:
        yield None, appendix.blocks


def resolve_notes(
    notes: list[ReviewNote],
    front: list[FrontPage],
    chapters: list[Chapter],
    appendices: list[Appendix],
    definitions: Definitions,
) -> None:
    """Add each note's id to the ``notes`` of the node it lands on (see the module docstring)."""
    if not notes or not chapters:
        return
    landings = _Landings()
    for chapter, blocks in _blocks(front, chapters, appendices):
        for block in blocks:
            if isinstance(block, Anchored):
                landings.add(block, chapter, definitions)
    for note in notes:
        landings.target(note, chapters[0]).notes.append(note.id)


def note_text(note: ReviewNote) -> str:
    """Author, time and text of a note, then one line per reply."""
    lines = [f"{note.author} ({note.time}):", note.text]
    lines += [REPLY.format(author=r.author, time=r.time, text=r.text) for r in note.replies]
    return "\n".join(lines)


def comment_text(note: ReviewNote) -> str:
    """A note as a Word comment: id and what it is about, the text, one line per reply."""
    lines = [f"{note.id} — {note.target_label}", note.text]
    lines += [REPLY.format(author=r.author, time=r.time, text=r.text) for r in note.replies]
    return "\n".join(lines)


def review_appendix(a: Assembly, notes: list[ReviewNote]) -> Appendix:
    """The open notes of the mentors: id, what they are about, the note and its replies, and the page."""
    body = [
        TableRow(cells=[note.id, note.target_label, note_text(note), ""], page_of=note.id) for note in notes
    ]
    table = make_table(
        a,
        "Catatan Reviu Pendamping yang Belum Diselesaikan",
        [("No.", 0.8), ("Bagian", 3), ("Catatan", 8), ("Hal.", 0.8)],
        body,
        source="catatan reviu pendamping",
        align={0: "center", 3: "center"},
    )
    intro = (
        "Lampiran ini hanya ada pada draf. Catatan reviu pendamping berikut belum diselesaikan; "
        "kolom Hal. menunjukkan halaman tempat catatan itu ditautkan."
    )
    return Appendix(number="", title=REVIEW_TITLE, blocks=[Paragraph(text=intro), table])


def changes_appendix(a: Assembly, changes: list[ChangeEntry], since: str | None) -> Appendix:
    """The answers changed since the last review, grouped by stage."""
    body: list[TableRow] = []
    number = 0
    order = [str(stage) for stage in range(1, 5)]
    for stage, entries in grouped(changes, lambda c: str(c.stage), order):
        label = ROMAN[int(stage) - 1] if 1 <= int(stage) <= len(ROMAN) else stage
        body.append(TableRow(cells=[f"Bimtek {label}"], group=True))
        for entry in entries:
            number += 1
            before = ADDED if entry.before is None else entry.before
            after = REMOVED if entry.after is None else entry.after
            body.append(TableRow(cells=[str(number), entry.where, before, after]))
    table = make_table(
        a,
        "Perubahan Jawaban sejak Reviu Terakhir",
        [("No.", 0.6), ("Bagian", 4), ("Sebelumnya", 4), ("Sesudahnya", 4)],
        body,
        source="riwayat jawaban",
        align={0: "center"},
    )
    intro = (
        "Lampiran ini hanya ada pada draf. Tabel berikut memuat jawaban yang berubah sejak "
        f"{since or 'reviu terakhir'}."
    )
    return Appendix(number="", title=CHANGES_TITLE, blocks=[Paragraph(text=intro), table])
