"""The page labels of the PDF: "Sampul" on the cover, roman numbers in the front matter, then arabic.

Used by the worker laying a document out whole (:mod:`~masterplan.renderers.pdf_layout`) and by the
parent merging parts (:mod:`~masterplan.renderers.pdf_parts`), which must not import WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Sequence

COVER_LABEL = "Sampul"
"""The label of the pages before the first numbered one."""


def label_ranges(where: dict[str, int], starts: Sequence[Sequence[str]]) -> list[tuple[int, dict[str, str]]]:
    """The page label ranges: "Sampul" on the cover, then from the page of each start anchor its style.

    ``where`` maps an anchor to the index of its page; ``starts`` holds ``[anchor, style]`` pairs ("r"
    roman, "D" decimal). A later start on the same page replaces an earlier one.
    """
    ranges: dict[int, dict[str, str]] = {0: {"P": COVER_LABEL}}
    for anchor, style in starts:
        if anchor in where:
            ranges[where[anchor]] = {"S": style}
    return sorted(ranges.items())
