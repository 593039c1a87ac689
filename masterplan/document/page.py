"""Page geometry both renderers share: paper sizes, margins and the width between them."""

from __future__ import annotations

from typing import Literal

Paper = Literal["A4", "F4", "A3", "A2"]

PAPER_MM = {"A4": (210.0, 297.0), "F4": (215.0, 330.0), "A3": (297.0, 420.0), "A2": (420.0, 594.0)}
"""Short and long edge of each paper: A4 or F4 for books (region.yaml), A3 or A2 for a poster."""
BINDING_MM = 30.0  # the bound edge: left on portrait pages, top on landscape ones
MARGIN_MM = 25.0
POINTS_PER_MM = 72 / 25.4


def text_width_mm(paper: str, landscape: bool) -> float:
    """The width between the margins of ``paper`` in one orientation."""
    short, long = PAPER_MM[paper]
    return long - 2 * MARGIN_MM if landscape else short - MARGIN_MM - BINDING_MM


def text_height_mm(paper: str, landscape: bool) -> float:
    """The height between the margins of ``paper`` in one orientation."""
    short, long = PAPER_MM[paper]
    return short - MARGIN_MM - BINDING_MM if landscape else long - 2 * MARGIN_MM
