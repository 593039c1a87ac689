"""A section as it will read in the document: the blocks its answers fill, from the draft's document model.

The draft is assembled as ``masterplan build`` assembles it (:func:`masterplan.api.document`); every block
made from answers says which question, section or programme row it comes from (``anchors``), so the blocks
of one questionnaire section are found by their anchors. For a contributor's file, tables and roadmaps keep
the rows of the programmes that file is about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from masterplan.document.model import (
    Block,
    Document,
    RoadmapGrid,
    Table,
    TableRow,
    question_anchor,
    row_anchor,
    section_anchor,
)
from masterplan.models.questionnaire import Section


@dataclass
class Place:
    """Where in the document some of the section's blocks stand ("BAB III › 3.2 Program ...")."""

    where: str
    blocks: list[Block] = field(default_factory=list)


def _places(model: Document) -> Iterable[tuple[str, list[Block]]]:
    for chapter in model.chapters:
        yield f"BAB {chapter.number} {chapter.title.title()}", chapter.blocks
        for section in chapter.sections:
            yield f"BAB {chapter.number} › {section.number} {section.title}", section.blocks
    for appendix in model.appendices:
        yield f"Lampiran {appendix.number} {appendix.title}", appendix.blocks


def _only_rows(block: Block, rows: set[str]) -> Block | None:
    """A table or roadmap with only the rows of ``rows`` (a group row kept above a kept row)."""
    if not isinstance(block, Table | RoadmapGrid):
        return block
    if not any(a.startswith("row:") for row in block.rows for a in row.anchors):
        return block  # a table not made of programme rows
    if isinstance(block, RoadmapGrid):
        kept_rows = [row for row in block.rows if set(row.anchors) & rows]
        return block.model_copy(update={"rows": kept_rows}) if kept_rows else None
    kept: list[TableRow] = []
    pending: TableRow | None = None
    for row in block.rows:
        if row.group:
            pending = row
        elif set(row.anchors) & rows:
            if pending is not None:
                kept.append(pending)
                pending = None
            kept.append(row)
    return block.model_copy(update={"rows": kept}) if kept else None


def section_preview(model: Document, stage: int, section: Section, programmes: set[str]) -> list[Place]:
    """The blocks of the document filled by ``section``'s answers, by place.

    ``programmes``: the codes of the programmes the contributor's rows are about (empty: every row).
    """
    wanted = {question_anchor(stage, q.id) for q in section.questions} | {section_anchor(stage, section.id)}
    rows = {row_anchor(code) for code in programmes}
    found: list[Place] = []
    for where, blocks in _places(model):
        place = Place(where)
        for block in blocks:
            anchors = set(getattr(block, "anchors", []))
            if not anchors & wanted:
                continue
            if rows and any(a.startswith("row:") for a in anchors) and not anchors & rows:
                continue  # a block about another OPD's programme
            shown = _only_rows(block, rows) if rows else block
            if shown is not None:
                place.blocks.append(shown)
        if place.blocks:
            found.append(place)
    return found
