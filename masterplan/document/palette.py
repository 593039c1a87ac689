"""The colours of the book: one per dimension (tables, roadmap overview, charts), one per funding source.

Every renderer and chart takes its colours from here, so a dimension looks the same
wherever it appears. Colours are hex RGB without "#", chosen to stay apart in print
and for the common colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Sequence

DIMENSION_COLOURS = {
    "SG": "2E75B6",  # Smart Governance: blue
    "SB": "C55A11",  # Smart Branding: orange
    "SE": "BF8F00",  # Smart Economy: ochre
    "SL": "548235",  # Smart Living: green
    "SS": "7030A0",  # Smart Society: purple
    "SV": "00868B",  # Smart Environment: teal
}
SPARE_COLOURS = ["7F6000", "843C0C", "1F3864", "385723", "595959", "A5A5A5"]
SOURCE_COLOURS = ["1F4E79", "2E75B6", "9DC3E6", "C55A11", "F4B183", "548235", "A9D18E", "7030A0", "BFBFBF"]
ENABLER_COLOUR = "595959"
COVER_COLOUR = "1F3864"  # the dark band at the foot of the cover
PROGRAMME = "Gerakan Menuju 100 Smart City"


def dimension_colour(code: str, order: Sequence[str] = ()) -> str:
    """The colour of dimension ``code``; a dimension of a workspace's own list gets a spare colour."""
    if code in DIMENSION_COLOURS:
        return DIMENSION_COLOURS[code]
    others = [c for c in order if c not in DIMENSION_COLOURS]
    index = others.index(code) if code in others else len(others)
    return SPARE_COLOURS[index % len(SPARE_COLOURS)]


def source_colour(index: int) -> str:
    """The colour of the ``index``-th funding source of the choice list."""
    return SOURCE_COLOURS[index % len(SOURCE_COLOURS)]


GROUP_SHADE = "F2F2F2"
"""The shade of a group row in a table that belongs to no dimension."""


def group_shade(accent: str | None) -> str:
    """The shade of a table's group rows: a light tint of its dimension's colour, else light grey."""
    return tint(accent, 0.2) if accent else GROUP_SHADE


def tint(colour: str, share: float) -> str:
    """``colour`` mixed with white: ``share`` 1.0 is the colour itself, 0.0 is white."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * share):02X}" for c in channels)
