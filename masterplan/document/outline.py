"""The outline of each book, as data.

The Rencana Induk is ``templates/text/outline.yaml``; its companion books are
``templates/text/books/<name>.yaml`` (the Ringkasan Eksekutif ...). Every book
is assembled from the same answers into the one document model and written by
the same two renderers. A workspace may override any outline (and any prose
template) with its own ``templates/text/`` folder, and add books of its own in
``templates/text/books/``; the built-in ones are used otherwise.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from masterplan.answers.schema_errors import pydantic_problems
from masterplan.answers.yamlio import read_yaml
from masterplan.checks.problems import Problem, Where
from masterplan.document.page import Paper
from masterplan.errors import QuestionnaireError
from masterplan.resources import MAIN_BOOK, templates_dir

OUTLINE_FILE = "outline.yaml"
BOOKS_DIR = "books"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Content(_Strict):
    """One item of a section: exactly one of ``prose``, ``text`` or ``build``."""

    prose: str | None = None
    text: str | None = Field(default=None, pattern=r"^[1-4]\.[a-z][a-z0-9_]*$")
    build: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Content:
        if sum(v is not None for v in (self.prose, self.text, self.build)) != 1:
            raise ValueError("tulis tepat satu dari: prose, text, build")
        return self


class SectionOutline(_Strict):
    """A numbered section and what fills it."""

    title: str
    landscape: bool = False
    content: list[Content] = Field(min_length=1)


class ChapterOutline(_Strict):
    """A chapter (BAB) and its sections."""

    title: str
    sections: list[SectionOutline] = Field(min_length=1)


class AppendixOutline(_Strict):
    """A lampiran."""

    title: str
    content: list[Content] = Field(min_length=1)
    optional: bool = False  # left out when its content is empty (no scan attached)


class FrontOutline(_Strict):
    """A front-matter page."""

    role: Literal["approval", "foreword", "toc", "tables", "figures", "abbreviations", "summary", "other"]
    title: str  # "{KEPALA}", "{DAERAH}", "{PERIODE}": "BUPATI SUKAMAJU", "KABUPATEN SUKAMAJU", "2027–2036"
    content: list[Content] = Field(default_factory=list)
    signer: Literal["kepala-daerah", "ketua-tim"] | None = None
    """A foreword signed by the head of region (Kata Sambutan) or the Ketua Tim (Kata Pengantar).

    Without ``signer`` a foreword is the Kata Pengantar signed by the head, as in
    outlines written before forewords could be signed by the team.
    """


class Outline(_Strict):
    """The whole outline of one book."""

    title: str  # on the cover and the Lembar Pengesahan, in capitals
    name: str = "Rencana Induk (Masterplan) Smart City"  # the title: "<name> Kabupaten X 2027–2036"
    subject: str = "Rencana Induk Smart City"
    front: list[FrontOutline] = Field(default_factory=list)
    chapters: list[ChapterOutline] = Field(default_factory=list)
    appendices: list[AppendixOutline] = Field(default_factory=list)
    adoption: bool = True  # the cover says "LAMPIRAN PERATURAN BUPATI ..." once the plan is adopted
    region_figures: bool = True  # the region's own pictures (region.yaml figures) placed in their sections
    review: bool = True  # a draft carries the mentors' open notes and the changes since the last review
    paper: Paper | None = None  # instead of region.yaml's paper (a poster: A2)
    sheet: bool = False
    """A poster: landscape sheets without a cover, page numbers or running headers."""
    slides: bool = False
    """A presentation: built as PowerPoint slides (a chapter a divider, a section a slide)."""
    regulation: list[Content] = Field(default_factory=list)
    """A regulation's body (Menimbang ... Pasal ... pengundangan), printed before its Lampiran."""
    lampiran: str | None = None
    """The book printed as the regulation's Lampiran (``rencana-induk``), its cover headed "LAMPIRAN ..."."""

    @model_validator(mode="after")
    def _chapters_or_lampiran(self) -> Outline:
        if self.lampiran is None and not self.chapters and not (self.sheet and self.front):
            raise ValueError("tulis chapters (paling sedikit satu bab), atau lampiran: nama buku lampirannya")
        if self.lampiran is not None and not self.regulation:
            raise ValueError("buku dengan lampiran memerlukan regulation: batang tubuh peraturannya")
        return self

    def contents(self) -> list[Content]:
        """Every content item of the outline, in reading order."""
        found = [c for page in self.front for c in page.content]
        found += [c for chapter in self.chapters for s in chapter.sections for c in s.content]
        found += [c for appendix in self.appendices for c in appendix.content]
        return [*self.regulation, *found]


def text_dirs(workspace: Path | None) -> list[Path]:
    """Where prose templates and the outline are looked up: the workspace's first."""
    dirs = [workspace / "templates" / "text"] if workspace else []
    return [d for d in dirs if d.is_dir()] + [templates_dir() / "text"]


def _outline_file(book: str) -> str:
    return OUTLINE_FILE if book == MAIN_BOOK else f"{BOOKS_DIR}/{book}.yaml"


def books(workspace: Path | None = None) -> list[str]:
    """The books a workspace can build: the Rencana Induk first, then the companion books by name."""
    found = {p.stem for d in text_dirs(workspace) for p in (d / BOOKS_DIR).glob("*.yaml")}
    return [MAIN_BOOK, *sorted(found - {MAIN_BOOK})]


def load_outline(workspace: Path | None = None, book: str = MAIN_BOOK) -> Outline:
    """The outline of ``book`` (the workspace's override when present); a mistake raises with its location.

    An outline file is read once per version (its modification time and size): outlines are immutable.
    """
    if book not in books(workspace):
        raise KeyError(book)
    file = _outline_file(book)
    path = next(d / file for d in text_dirs(workspace) if (d / file).is_file())
    name = str(
        path if workspace is None or not path.is_relative_to(workspace) else path.relative_to(workspace)
    )
    stat = path.stat()
    return _read_outline(str(path), name, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_outline(path: str, name: str, mtime_ns: int, size: int) -> Outline:
    """The outline at ``path`` (``name`` in messages); the time and size are the cache's key."""
    data, problems = read_yaml(Path(path), name)
    if data is not None:
        try:
            return Outline.model_validate(data)
        except ValidationError as exc:
            problems = pydantic_problems(exc, data, Where(file=name))
    if not problems:
        problems = [Problem("error", "file-empty", Where(file=name))]
    raise QuestionnaireError(problems)
