"""WeasyPrint at work: lay out the HTML, read the signature boxes, write the PDF.

Runs inside the worker process (:mod:`masterplan.renderers.pdf_worker`); the
job and result are described there. Files are read only through
:class:`~masterplan.renderers.pdf_fetcher.LocalFetcher`, and every message
WeasyPrint logs at warning level or above is returned.

A part of a larger PDF (:mod:`masterplan.renderers.pdf_parts`) is laid out
like a whole document, with three differences:

* its page numbers start after the parts before it: pagination does not
  depend on them, so the part is paginated first, then asks how many
  numbered pages come before it, and only its margin boxes (running header
  and page number) see the shifted counter (:class:`PageOffset`);
* a link to an id laid out in another part is left out of the part's PDF
  and returned (``links``), for the merge to add once every page is known;
* its ``anchors`` (id: page, x, y) and ``bookmarks`` (the outline tree) are
  returned in PDF points, pages counted from 0 within the part.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydyf
import weasyprint
import weasyprint.layout
from weasyprint.text.fonts import FontConfiguration

from masterplan.renderers.pdf_fetcher import LocalFetcher
from masterplan.renderers.pdf_labels import label_ranges

PX_TO_PT = 0.75  # CSS px are 1/96 in, PDF points 1/72 in
BOX_CLASS = "signature-box"


class _Collect(logging.Handler):
    """Keeps the messages WeasyPrint logs at warning level and above, once each."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """The messages logged to the ``weasyprint`` logger while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def signature_boxes(document: weasyprint.Document) -> list[list[float]]:
    """``[index, page, x, y, width, height]`` of every ``.signature-box`` laid out in ``document``.

    WeasyPrint positions are CSS px from the top-left corner of the page; the
    result is in PDF points from the bottom-left corner (the y axis flipped).
    A box split over two pages counts where it starts.
    """
    found: dict[int, list[float]] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            element = box.element
            if element is None or box.element_tag != "div":
                continue
            if BOX_CLASS not in element.get("class", "").split():
                continue
            index = int(element.get("data-signature", "-1"))
            if index < 0 or index in found:
                continue
            x, y = box.border_box_x(), box.border_box_y()
            width, height = box.border_width(), box.border_height()
            bottom = page.height - y - height
            found[index] = [index, number, *(v * PX_TO_PT for v in (x, bottom, width, height))]
    return [found[index] for index in sorted(found)]


def page_labels(document: weasyprint.Document, starts: list[list[str]]) -> pydyf.Dictionary:
    """The ``/PageLabels`` of a PDF laid out whole (see :func:`label_ranges`).

    A viewer then shows the printed numbers (i, ii, ... then 1, 2, ...).
    """
    where: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            where.setdefault(anchor, index)
    nums = pydyf.Array()
    for index, label in label_ranges(where, starts):
        entry = {"P": pydyf.String(label["P"])} if "P" in label else {"S": f"/{label['S']}"}
        nums.extend([index, pydyf.Dictionary(entry)])
    return pydyf.Dictionary({"Nums": nums})


class PageOffset:
    """Shifts the ``page`` counter of margin boxes by the pages of the parts laid out before.

    WeasyPrint paginates (``make_all_pages``, possibly more than once) and
    only then makes every page's margin boxes (``make_margin_boxes``) from
    its counters; at the first margin box the page count is final, so
    ``ask(pages)`` is called once, there, and returns the offset.
    """

    def __init__(self, ask: Callable[[int], int]) -> None:
        self.ask = ask
        self.pages = 0
        self.offset: int | None = None

    @contextmanager
    def installed(self) -> Iterator[None]:
        """WeasyPrint's two layout steps wrapped while the block runs (one part at a time per worker)."""
        all_pages, margin_boxes = weasyprint.layout.make_all_pages, weasyprint.layout.make_margin_boxes

        def counted(*args: Any, **kwargs: Any) -> list[Any]:
            pages = list(all_pages(*args, **kwargs))
            self.pages = len(pages)
            return pages

        def shifted(context: Any, page: Any, state: Any) -> Any:
            if self.offset is None:
                self.offset = self.ask(self.pages)
            if self.offset:
                quote_depth, counters, scopes, groups = state
                pages = [value + self.offset for value in counters.get("page", [])]
                state = (quote_depth, {**counters, "page": pages}, scopes, groups)
            return margin_boxes(context, page, state)

        weasyprint.layout.make_all_pages = counted  # type: ignore[attr-defined]
        weasyprint.layout.make_margin_boxes = shifted  # type: ignore[attr-defined]
        try:
            yield
        finally:
            weasyprint.layout.make_all_pages = all_pages  # type: ignore[attr-defined]
            weasyprint.layout.make_margin_boxes = margin_boxes  # type: ignore[attr-defined]


def _points(page: Any, x: float, y: float) -> list[float]:
    """CSS px from the page's top-left corner as PDF points from its bottom-left corner."""
    return [x * PX_TO_PT, (page.height - y) * PX_TO_PT]


def part_outline(document: weasyprint.Document) -> dict[str, Any]:
    """A part's ``anchors``, ``bookmarks`` and ``links`` to ids it does not hold (taken out of its pages)."""
    anchors: dict[str, list[float]] = {}
    for number, page in enumerate(document.pages):
        for name, (x, y, _, _) in page.anchors.items():
            anchors.setdefault(name, [number, *_points(page, x, y)])
    links: list[list[Any]] = []
    for number, page in enumerate(document.pages):
        kept = []
        for link in page.links:
            kind, target, rectangle, _box = link
            if kind == "internal" and target not in anchors:
                x1, y1, x2, y2 = rectangle
                links.append([number, target, *_points(page, x1, y1), *_points(page, x2, y2)])
            else:
                kept.append(link)
        page.links[:] = kept
    bookmarks = document.make_bookmark_tree(scale=PX_TO_PT, transform_pages=True)
    return {"anchors": anchors, "links": links, "bookmarks": bookmarks}


def _attachments(
    job: dict[str, Any], moment: dt.datetime, fetcher: LocalFetcher
) -> list[weasyprint.Attachment] | None:
    """The job's attachments (embedded files of a PDF/A-3), dated with the build date."""
    return [
        weasyprint.Attachment(
            string=base64.b64decode(item["data"]), name=item["name"], description=item["name"],
            created=moment, modified=moment, relationship="Data", url_fetcher=fetcher,
        )
        for item in job["attachments"]
    ] or None


def run(job: dict[str, Any], ask_offset: Callable[[int], int] | None = None) -> dict[str, Any]:
    """Lay out and write the PDF of ``job``; the result (see :mod:`~masterplan.renderers.pdf_worker`).

    A part with ``await_offset`` calls ``ask_offset(pages)`` once it is paginated.
    """
    fetcher = LocalFetcher(job["roots"])
    moment = dt.datetime.combine(dt.date.fromisoformat(job["date"]), dt.time())
    # fontTools stamps the fonts it subsets with this time instead of now: repeatable bytes
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.replace(tzinfo=dt.UTC).timestamp()))
    with captured_warnings() as warnings:
        fonts = FontConfiguration()
        html = weasyprint.HTML(string=job["html"], base_url=job["base_url"], url_fetcher=fetcher)
        css = [weasyprint.CSS(filename=p, url_fetcher=fetcher, font_config=fonts) for p in job["stylesheets"]]
        offset = PageOffset(ask_offset if job.get("await_offset") and ask_offset else lambda _pages: 0)
        with offset.installed():
            document = html.render(font_config=fonts, stylesheets=css)
        outline = part_outline(document) if job.get("part") else {}
        starts = job["page_labels"]  # null for a part: the merge labels the pages
        labels = page_labels(document, starts) if starts is not None else None

        def finish(_document: weasyprint.Document, pdf: pydyf.PDF) -> None:
            if labels is not None:
                pdf.catalog["PageLabels"] = labels

        attachments = _attachments(job, moment, fetcher)
        pdf = document.write_pdf(pdf_variant=job["pdf_variant"], attachments=attachments, finisher=finish)
        boxes = signature_boxes(document)
    refused = [url for url in fetcher.refused if not any(url in message for message in warnings)]
    return {
        "pdf": base64.b64encode(pdf).decode("ascii"),
        "pages": len(document.pages),
        "boxes": boxes,
        "warnings": [*warnings, *(f"berkas tidak boleh dibaca: {url}" for url in refused)],
        **outline,
    }
