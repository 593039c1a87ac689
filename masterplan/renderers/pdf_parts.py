"""The PDF laid out by parts, side by side, and put together: faster, and rebuilt by what changed.

WeasyPrint lays a document out on one core. Every chapter and appendix of
the Rencana Induk starts on a new page, so each can be laid out alone: the
parts run in worker processes on every core (:mod:`~masterplan.renderers.pdf_pool`)
and are put together by :mod:`~masterplan.renderers.pdf_merge`. The parts:

* ``regulation`` (a Perbup's body, numbered on its own), if any;
* ``body`` parts: each chapter and appendix, numbered on from the parts before
  (a part is paginated, then told how many numbered pages come before it);
* ``late``: trailing appendices that print the pages of other parts (the
  review appendix of a draft), laid out once the body's pages are known;
* ``front``: the cover and the front matter, last: its Daftar Isi, Tabel
  and Gambar print the pages of the other parts, written into its HTML
  (``page_numbers``) instead of counted.

A late part may print pages of the front matter while the front matter
lists the late part's pages: the two are laid out in turn until neither
changes (once, in every plan seen).

A part's result is kept in a :class:`PartCache` by what it is laid out from
(its HTML, stylesheets, the workspace's templates and assets, attachments,
date, versions) and its first page number, so a rebuild after one answer lays
out only the parts whose HTML changed; the merge of the same parts gives the
same bytes, so a rebuild is byte for byte the cold build of the same answers.

A document whose template ``document.html`` is overridden, or without a
chapter or appendix (the poster), is laid out whole
(:func:`masterplan.renderers.pdf.render_pdf`).

What makes it sound: a part's page breaks never depend on the pages before
it. Only margin boxes show the page counter, and only the front matter and a
late part print pages of other elements (``target-counter``), those of other
parts written in; a template that counted pages in a body part would print
them unshifted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from masterplan.fileio import atomic_write_bytes
from masterplan.renderers.buildcache import builtin_templates_digest, hash_tree, renderer_versions
from masterplan.renderers.pdf_html import render_variables
from masterplan.renderers.pdf_labels import label_ranges
from masterplan.renderers.pdf_view import BlockView, Context, Part, TableView

if TYPE_CHECKING:
    from masterplan.renderers.pdf_pool import WorkerPool

__all__ = ["PartCache", "Plan", "plan_parts", "roman"]

KEEP = 400  # part entries kept in a cache (about six builds of every book of a plan)
MAX_ROUNDS = 4  # front matter and late parts laid out in turn at most this often


@dataclass
class Unit:
    """One part of the PDF: its kind and the chapters and appendices it holds."""

    kind: str  # "regulation", "front", "body" or "late"
    chapters: list[Part] = field(default_factory=list)
    appendices: list[Part] = field(default_factory=list)

    @property
    def parts(self) -> list[Part]:
        """The chapters and appendices in print order."""
        return [*self.chapters, *self.appendices]

    def variables(self, base: dict[str, Any], numbers: dict[str, str]) -> dict[str, Any]:
        """The template variables of this part."""
        return {
            **base,
            "regulation": base["regulation"] if self.kind == "regulation" else [],
            "front": base["front"] if self.kind == "front" else [],
            "chapters": self.chapters,
            "appendices": self.appendices,
            "cover_page": self.kind == "front",
            "page_numbers": numbers,
        }


@dataclass
class Plan:
    """The parts of a document in print order (``regulation``, ``front``, ``body``..., ``late``)."""

    regulation: Unit | None
    front: Unit
    body: list[Unit]
    late: Unit | None

    def in_order(self) -> list[Unit]:
        """The parts as they are printed."""
        return [u for u in (self.regulation, self.front, *self.body, self.late) if u is not None]


def _page_refs(part: Part) -> set[str]:
    """The elements whose page a part prints (a review appendix's "Hal." column)."""
    return {cell.ref for block in part.blocks if isinstance(block, TableView)
            for row in block.rows for cell in row.cells if cell.ref}


def _prints_pages(part: Part) -> bool:
    """Whether a part prints the page of an element."""
    return bool(_page_refs(part))


def plan_parts(context: Context, split_appendices: bool = True) -> Plan | None:
    """The parts of ``context``, or None when it is laid out whole (no chapter or appendix, a poster).

    With ``split_appendices`` (the built-in ``appendix.html``), an appendix is
    cut at its page breaks into parts of their own (:func:`split_at_page_breaks`).
    """
    body_parts = [*context.chapters, *context.appendices]
    if not body_parts or context.document.meta.sheet:
        return None
    late_from = len(body_parts)
    while late_from > 0 and _prints_pages(body_parts[late_from - 1]):
        late_from -= 1
    if any(_prints_pages(part) for part in body_parts[:late_from]) or late_from == 0:
        return None  # a part that prints pages before the end: the whole document is laid out at once
    chapters = len(context.chapters)
    body = []
    for i, part in enumerate(body_parts[:late_from]):
        if i < chapters:
            body.append(Unit("body", [part]))
        else:
            body.extend(Unit("body", [], [piece])
                        for piece in (split_at_page_breaks(part) if split_appendices else [part]))
    late = None
    if late_from < len(body_parts):
        late = Unit("late", body_parts[late_from:chapters], body_parts[max(late_from, chapters):])
    regulation = Unit("regulation") if context.regulation else None
    return Plan(regulation, Unit("front"), body, late)


def split_at_page_breaks(part: Part) -> list[Part]:
    """``part`` (an appendix) cut at its page breaks: the first piece, then pieces ``continued``.

    A piece after a break starts on a new page as the break would, without
    the appendix's title but with its running header, so the pages are those
    of the appendix laid out whole. The programme sheets break per dimension:
    at 800 programmes six parts of about 45 pages instead of one of 270,
    laid out side by side and each within a worker's memory.
    """
    runs: list[list[Any]] = [[]]
    for block in part.blocks:
        if isinstance(block, BlockView) and block.kind == "page_break" and not block.mark:
            runs.append([])
        else:
            runs[-1].append(block)
    if len(runs) == 1 or not all(runs):
        return [part]  # no break, or one that starts, ends or doubles another: laid out as it is
    return [replace(part, blocks=runs[0]),
            *(replace(part, blocks=run, sections=[], continued=True) for run in runs[1:])]


def roman(number: int) -> str:
    """``number`` in lower-case roman numerals (the front matter's page numbers)."""
    if number <= 0:
        return str(number)
    digits = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for value, letters in digits:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def part_html(unit: Unit, context: Context, numbers: dict[str, str], template_dirs: Sequence[Path]) -> str:
    """The HTML of one part."""
    return render_variables(unit.variables(context.variables(), numbers), template_dirs)


class PartCache:
    """Laid-out parts of one workspace's PDFs, in ``build/.cache/pdf``, kept by content.

    An entry is a folder named by the digest of what the part is laid out
    from; it holds ``tata-letak.json`` (the page count, anchors, links,
    bookmarks, boxes and warnings, which do not depend on the first page
    number) and one ``<offset>.pdf`` per first page number it was laid out
    at. Files are written whole and renamed into place; the least recently
    used entries beyond :data:`KEEP` are removed.
    """

    LAYOUT = "tata-letak.json"

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = Path(folder)
        self.keep = keep
        self.charts = self.folder / "gambar"

    def layout(self, key: str) -> dict[str, Any] | None:
        """The layout of the part ``key`` (without its PDF), if kept."""
        try:
            found: dict[str, Any] = json.loads((self.folder / key / self.LAYOUT).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return found

    def pdf(self, key: str, offset: int) -> bytes | None:
        """The PDF of the part ``key`` laid out after ``offset`` numbered pages, if kept."""
        path = self.folder / key / f"{offset}.pdf"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        os.utime(path.parent)
        return data

    def store(self, key: str, offset: int, result: dict[str, Any], pdf: bytes) -> None:
        """Keep a part's layout and its PDF at ``offset``."""
        entry = self.folder / key
        entry.mkdir(parents=True, exist_ok=True)
        layout = {k: v for k, v in result.items() if k not in ("pdf", "pdf_bytes", "offset", "peak_rss_mib")}
        atomic_write_bytes(entry / self.LAYOUT, json.dumps(layout).encode("utf-8"), durable=False)
        atomic_write_bytes(entry / f"{offset}.pdf", pdf, durable=False)

    def prune(self) -> None:
        """Remove the least recently used entries beyond ``keep``, and as many of the charts."""
        if not self.folder.is_dir():
            return
        entries = [p for p in self.folder.iterdir() if p.is_dir() and p != self.charts]
        entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in entries[self.keep:]:
            shutil.rmtree(stale, ignore_errors=True)
        if self.charts.is_dir():
            charts = sorted(self.charts.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for stale in charts[self.keep:]:
                stale.unlink(missing_ok=True)


def source_digest(stylesheets: Iterable[str], folders: Iterable[Path]) -> str:
    """The digest of what every part of a build is laid out with besides its HTML."""
    from masterplan import __version__

    digest = hashlib.sha256()
    digest.update(f"masterplan {__version__}\0{renderer_versions()}\0".encode())
    digest.update(builtin_templates_digest())
    for sheet in stylesheets:
        digest.update(sheet.encode("utf-8") + b"\0" + hashlib.sha256(Path(sheet).read_bytes()).digest())
    for folder in folders:
        digest.update(str(folder).encode("utf-8") + b"\0")
        hash_tree(digest, folder)
    return digest.hexdigest()


def part_key(source: str, job: dict[str, Any]) -> str:
    """The key of a part: the build's source digest and the job (HTML, attachments, date, variant)."""
    digest = hashlib.sha256(source.encode("ascii"))
    digest.update(json.dumps(job, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


@dataclass
class Laid:
    """The merged PDF of a document laid out by parts."""

    pdf: bytes
    pages: int
    boxes: list[list[float]]  # [index, page, x, y, width, height], pages counted from 1 in the whole file
    warnings: list[str]
    peak_mib: float
    parts: int  # parts in the document
    laid_out: int  # parts laid out in this build (the others came from the cache)


class _Phase:
    """Runs units on the pool, from the cache where it holds them, and keeps their results."""

    def __init__(
        self, pool: WorkerPool, cache: PartCache | None, source: str, base_job: dict[str, Any]
    ) -> None:
        self.pool = pool
        self.cache = cache
        self.source = source
        self.base_job = base_job
        self.laid_out = 0

    def job(self, unit: Unit, html: str) -> dict[str, Any]:
        job = {**self.base_job, "html": html, "part": True, "page_labels": None}
        job["await_offset"] = unit.kind in ("body", "late")
        if unit.kind != "front":
            job["attachments"] = []
        return job

    def run(self, jobs: list[dict[str, Any]], base_offset: int, numbered: list[bool]) -> list[dict[str, Any]]:
        """Results of ``jobs``; job ``i`` is numbered after ``base_offset`` plus the jobs before it."""
        keys = [part_key(self.source, job) for job in jobs]
        layouts = [self.cache.layout(key) if self.cache else None for key in keys]
        known = {i: int(layout["pages"]) for i, layout in enumerate(layouts) if layout is not None}

        def offset_of(index: int, pages: dict[int, int]) -> int | None:
            if not jobs[index]["await_offset"]:
                return 0
            before = [i for i in range(index) if numbered[i]]
            if any(i not in pages for i in before):
                return None
            return base_offset + sum(pages[i] for i in before)

        def ready(index: int, pages: dict[int, int]) -> dict[str, Any] | str | None:
            layout = layouts[index]
            if layout is None or self.cache is None:
                return None
            offset = offset_of(index, pages)
            if offset is None:
                return "wait"
            pdf = self.cache.pdf(keys[index], offset)
            return {**layout, "pdf_bytes": pdf, "offset": offset} if pdf is not None else None

        results = self.pool.run(jobs, offset_of, ready, known)
        out = []
        for index, result in sorted(results.items()):
            if "pdf_bytes" not in result:
                self.laid_out += 1
                offset = offset_of(index, {i: int(r["pages"]) for i, r in results.items()})
                assert offset is not None
                result = {**result, "pdf_bytes": base64.b64decode(result.pop("pdf")), "offset": offset}
                if self.cache is not None:
                    self.cache.store(keys[index], offset, result, result["pdf_bytes"])
            out.append(result)
        return out


def _numbers(result: dict[str, Any], offset: int) -> dict[str, str]:
    """The printed page number of every id a numbered part holds."""
    return {name: str(offset + int(page) + 1) for name, (page, _x, _y) in result["anchors"].items()}


def lay_out(
    plan: Plan,
    context: Context,
    template_dirs: Sequence[Path],
    base_job: dict[str, Any],
    pool: WorkerPool,
    cache: PartCache | None,
    source: str,
) -> Laid:
    """Lay ``plan`` out on ``pool`` (from ``cache`` where it can) and merge the parts (module docstring)."""
    phase = _Phase(pool, cache, source, base_job)
    first = [u for u in (plan.regulation, *plan.body) if u is not None]
    jobs = [phase.job(u, part_html(u, context, {}, template_dirs)) for u in first]
    results = phase.run(jobs, 0, [u.kind == "body" for u in first])
    by_unit: dict[int, dict[str, Any]] = {id(u): r for u, r in zip(first, results, strict=True)}
    numbers: dict[str, str] = {}
    body_pages = 0
    for unit in plan.body:
        result = by_unit[id(unit)]
        numbers.update(_numbers(result, result["offset"]))
        body_pages += int(result["pages"])
    by_unit.update(_front_and_late(plan, context, template_dirs, phase, numbers, body_pages))
    laid = _merged(plan, [by_unit[id(u)] for u in plan.in_order()], base_job)
    if cache is not None:
        cache.prune()
    return Laid(laid.pdf, laid.pages, laid.boxes, laid.warnings, pool.peak_mib, laid.parts, phase.laid_out)


def _front_and_late(
    plan: Plan, context: Context, template_dirs: Sequence[Path], phase: _Phase,
    numbers: dict[str, str], body_pages: int,
) -> dict[int, dict[str, Any]]:
    """The front matter (with the body's page numbers written in) and the late parts, by unit.

    The late parts print pages of the front matter (a review note on Kata Pengantar) and the front
    matter lists the late parts' pages: they are laid out in turn until neither changes.
    """
    late_refs = {ref for part in (plan.late.parts if plan.late else []) for ref in _page_refs(part)}
    laid: dict[int, dict[str, Any]] = {}
    front_refs: dict[str, str] = {}
    late_numbers: dict[str, str] = {}
    for _round in range(MAX_ROUNDS):
        if plan.late is not None:
            html = part_html(plan.late, context, {**numbers, **front_refs}, template_dirs)
            (late,) = phase.run([phase.job(plan.late, html)], body_pages, [True])
            laid[id(plan.late)] = late
            late_numbers = _numbers(late, body_pages)
        html = part_html(plan.front, context, {**numbers, **late_numbers}, template_dirs)
        (front,) = phase.run([phase.job(plan.front, html)], 0, [False])
        laid[id(plan.front)] = front
        anchors = front["anchors"]
        opening = anchors.get(context.front[0].anchor) if context.front else None
        found = {ref: roman(int(anchors[ref][0]) - int(opening[0]) + 1)
                 for ref in late_refs if ref in anchors and opening is not None}
        if plan.late is None or found == front_refs:
            break
        front_refs = found
    return laid


def _merged(plan: Plan, laid: list[dict[str, Any]], base_job: dict[str, Any]) -> Laid:
    """The laid-out parts (in print order) as one PDF, with its labels, boxes and warnings."""
    from masterplan.renderers.pdf_merge import LaidPart, merge

    starts, page = [], 0
    for result in laid:
        starts.append(page)
        page += int(result["pages"])
    where: dict[str, int] = {}
    for result, start in zip(laid, starts, strict=True):
        for name, (at, _x, _y) in result["anchors"].items():
            where.setdefault(name, start + int(at))
    labels = label_ranges(where, base_job["page_labels"])
    parts = [LaidPart(r["pdf_bytes"], int(r["pages"]), r["anchors"], r["links"], r["bookmarks"],
                      any(part.continued for part in unit.parts))
             for r, unit in zip(laid, plan.in_order(), strict=True)]
    final = base_job["pdf_variant"] is not None
    pdf, merge_warnings = merge(parts, plan.in_order().index(plan.front), list(labels), final)
    boxes = [[index, start + int(at), x, y, w, h]
             for result, start in zip(laid, starts, strict=True)
             for index, at, x, y, w, h in result["boxes"]]
    warnings: list[str] = []
    for message in [*(w for r in laid for w in r["warnings"]), *merge_warnings]:
        if message not in warnings:
            warnings.append(message)
    return Laid(pdf, page, sorted(boxes), warnings, 0.0, len(laid), 0)
