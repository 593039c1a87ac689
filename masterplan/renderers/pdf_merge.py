"""The parts of a PDF laid out apart (:mod:`~masterplan.renderers.pdf_parts`) put together as one.

The front matter's part is the base: its catalog carries what WeasyPrint
wrote for the whole file (metadata and XMP, the PDF/A output intent, the
embedded answers of a final), and the other parts' pages are inserted before
(a regulation) and after it (the body). Then what spans parts is written
again for the whole: named destinations for every id, the links to an id laid
out in another part (as WeasyPrint writes a link, printable in a PDF/A), the
bookmarks, the page labels and the file identifier (from the parts' keys, so
the same parts give the same bytes).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

__all__ = ["LaidPart", "merge"]

PRINT_FLAG = 4  # annotation flag "Print": PDF/A wants every annotation printable


@dataclass
class LaidPart:
    """A laid-out part: its PDF and what the worker reported (pages counted from 0 within the part)."""

    pdf: bytes
    anchors: dict[str, list[float]]
    links: list[list[Any]]
    bookmarks: list[Any]


def _number(value: float) -> FloatObject | NumberObject:
    return NumberObject(value) if float(value).is_integer() else FloatObject(round(value, 4))


def _destination(page: IndirectObject, x: float, y: float) -> ArrayObject:
    return ArrayObject([page, NameObject("/XYZ"), _number(x), _number(y), NumberObject(0)])


def merge(
    parts: Sequence[LaidPart],
    base: int,
    labels: list[tuple[int, DictionaryObject]],
    final: bool,
    ident: bytes,
) -> tuple[bytes, list[str]]:
    """One PDF of ``parts`` in order, and the warnings (links to ids found nowhere).

    ``base`` is the index of the part whose catalog is kept; ``labels`` the
    page label ranges (``[(first page, label dictionary)]``).
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(parts[base].pdf)))
    for part in reversed(parts[:base]):
        writer.merge(0, PdfReader(io.BytesIO(part.pdf)), import_outline=False)
    for part in parts[base + 1:]:
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
    starts = []
    first = 0
    for part in parts:
        starts.append(first)
        first += _page_count(part)
    pages = [page.indirect_reference for page in writer.pages]
    assert all(page is not None for page in pages)
    root = writer._root_object
    warnings: list[str] = []

    destinations: dict[str, ArrayObject] = {}
    for part, start in zip(parts, starts, strict=True):
        for name, (page, x, y) in part.anchors.items():
            destinations.setdefault(name, _destination(cast(IndirectObject, pages[start + int(page)]), x, y))
    names = root.get("/Names")
    names = names.get_object() if names is not None else DictionaryObject()
    flat = ArrayObject()
    for name in sorted(destinations):
        flat.extend([TextStringObject(name), destinations[name]])
    names[NameObject("/Dests")] = writer._add_object(DictionaryObject({NameObject("/Names"): flat}))
    root[NameObject("/Names")] = names

    for part, start in zip(parts, starts, strict=True):
        for page, target, x1, y1, x2, y2 in part.links:
            if target not in destinations:
                warnings.append(f"No anchor #{target} for internal URI reference")
                continue
            annotation = DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([_number(v) for v in (x1, y1, x2, y2)]),
                NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(0)}),
                NameObject("/Dest"): TextStringObject(target),
            })
            if final:
                annotation[NameObject("/F")] = NumberObject(PRINT_FLAG)
            target_page = writer.pages[start + int(page)]
            if "/Annots" not in target_page:
                target_page[NameObject("/Annots")] = ArrayObject()
            annotations = cast(ArrayObject, target_page["/Annots"].get_object())
            annotations.append(writer._add_object(annotation))

    if "/Outlines" in root:
        del root["/Outlines"]
    for part, start in zip(parts, starts, strict=True):
        _outline(writer, part.bookmarks, start, None)
    if "/Outlines" in root:
        root[NameObject("/PageMode")] = NameObject("/UseOutlines")

    nums = ArrayObject()
    for page, label in labels:
        nums.extend([NumberObject(page), label])
    root[NameObject("/PageLabels")] = DictionaryObject({NameObject("/Nums"): nums})

    writer._ID = ArrayObject([ByteStringObject(ident), ByteStringObject(ident)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), warnings


def _page_count(part: LaidPart) -> int:
    return len(PdfReader(io.BytesIO(part.pdf)).pages)


def _outline(writer: PdfWriter, bookmarks: list[Any], start: int, parent: Any) -> None:
    """Add WeasyPrint's bookmark tree (label, (page, x, y), children, state) under ``parent``."""
    from pypdf.generic import Fit

    for label, (page, x, y), children, state in bookmarks:
        item = writer.add_outline_item(
            title=label, page_number=start + int(page), parent=parent, fit=Fit.xyz(left=x, top=y, zoom=0),
            is_open=state != "closed",
        )
        _outline(writer, children, start, item)
