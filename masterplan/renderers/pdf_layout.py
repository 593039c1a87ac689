"""WeasyPrint at work: lay out the HTML, read the signature boxes, write the PDF.

Runs inside the worker process (:mod:`masterplan.renderers.pdf_worker`); the
job and result are described there. Files are read only through
:class:`~masterplan.renderers.pdf_fetcher.LocalFetcher`, and every message
WeasyPrint logs at warning level or above is returned.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from masterplan.renderers.pdf_fetcher import LocalFetcher

PX_TO_PT = 0.75  # CSS px are 1/96 in, PDF points 1/72 in
BOX_CLASS = "signature-box"
COVER_LABEL = "Sampul"  # the page label of the pages before the first numbered one


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
    """The ``/PageLabels`` of the PDF: "Sampul" for the cover, then a style from each start anchor.

    ``starts`` holds ``[anchor, style]`` pairs ("r" roman, "D" decimal); a
    viewer then shows the printed numbers (i, ii, ... then 1, 2, ...).
    """
    where: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            where.setdefault(anchor, index)
    ranges: dict[int, pydyf.Dictionary] = {0: pydyf.Dictionary({"P": pydyf.String(COVER_LABEL)})}
    for anchor, style in starts:
        if anchor in where:
            ranges[where[anchor]] = pydyf.Dictionary({"S": f"/{style}"})
    nums = pydyf.Array()
    for index in sorted(ranges):
        nums.extend([index, ranges[index]])
    return pydyf.Dictionary({"Nums": nums})


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


def run(job: dict[str, Any]) -> dict[str, Any]:
    """Lay out and write the PDF of ``job``; the result (see :mod:`~masterplan.renderers.pdf_worker`)."""
    fetcher = LocalFetcher(job["roots"])
    moment = dt.datetime.combine(dt.date.fromisoformat(job["date"]), dt.time())
    # fontTools stamps the fonts it subsets with this time instead of now: repeatable bytes
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.replace(tzinfo=dt.UTC).timestamp()))
    with captured_warnings() as warnings:
        fonts = FontConfiguration()
        html = weasyprint.HTML(string=job["html"], base_url=job["base_url"], url_fetcher=fetcher)
        css = [weasyprint.CSS(filename=p, url_fetcher=fetcher, font_config=fonts) for p in job["stylesheets"]]
        document = html.render(font_config=fonts, stylesheets=css)
        labels = page_labels(document, job["page_labels"])

        def finish(_document: weasyprint.Document, pdf: pydyf.PDF) -> None:
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
    }
