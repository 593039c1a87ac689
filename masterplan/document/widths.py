"""Column widths from a table's content, so that no word is ever wider than its column.

Both renderers scale a table's relative column widths to the text width; this module
chooses them the way a browser's automatic table layout does, but once, in the document
model, so the Word file and the PDF get the same columns. Each column is at least as wide
as its longest word (header words in bold) plus the cell padding; what room is left goes
to the columns in proportion to how much more their text needs to stand on one line.
Text is measured with Liberation Sans, the metric twin of Arial that both renderers use,
at the table text size (9 pt); without the font file an estimate per character is used.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/liberation"))
TABLE_PT = 9.0
PADDING_PT = 12.0  # both sides of a cell: Word's default cell margins (2 x 5.4 pt) and a border
SAFETY = 1.04  # glyph spacing and rounding in the renderers


@cache
def _advances(bold: bool) -> tuple[dict[int, int], int] | None:
    """Advance widths (font units) by code point, and units per em, of Liberation Sans."""
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    path = next((folder / name for folder in FONT_DIRS if (folder / name).is_file()), None)
    if path is None:
        return None
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    with TTFont(str(path)) as font:
        metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
        return {code: metrics[glyph][0] for code, glyph in cmap.items()}, font["head"].unitsPerEm


_NARROW = set("fijlrtI.,:;'!|()[]- ")
_WIDE = set("mwMW@%")


MEASURED = 1 << 16
"""Widths remembered per process: a table is measured for portrait and landscape, a plan's cells
repeat, and the web assembles the same texts after every save."""


@lru_cache(maxsize=MEASURED)
def text_pt(text: str, bold: bool = False, size: float = TABLE_PT) -> float:
    """The width of ``text`` on one line, in points."""
    found = _advances(bold)
    if found is not None:
        advances, units = found
        fallback = advances.get(ord("n"), units // 2)
        return sum(advances.get(ord(ch), fallback) for ch in text) * size / units
    ems = sum(0.3 if c in _NARROW else 0.85 if c in _WIDE else 0.68 if c.isupper() else 0.55 for c in text)
    return ems * size * (1.07 if bold else 1.0)


_BREAKS = re.compile(r"\s+|(?<=/)")  # where a renderer may break a line: spaces, and after a slash
_COMPOUND = re.compile(r"(?<=\w{3}[-–])(?=\w{3})")  # after the hyphen of "Reduce-Reuse", not of "SG-01"


def words(text: str) -> list[str]:
    """The pieces of ``text`` a line never breaks inside."""
    return [piece for word in _BREAKS.split(text) if word for piece in _COMPOUND.split(word)]


@lru_cache(maxsize=MEASURED)
def _longest_word(text: str, bold: bool) -> float:
    return max((text_pt(word, bold) for word in words(text)), default=0.0)


@lru_cache(maxsize=MEASURED)
def _longest_line(text: str, bold: bool) -> float:
    return max((text_pt(line, bold) for line in text.split("\n")), default=0.0)


def fit_widths(titles: list[str], rows: list[list[str]], width_pt: float) -> list[float]:
    """Column widths in points that add up to ``width_pt``, each column holding its longest word.

    When the longest words cannot all fit (a 40-letter word in a portrait table), the widest
    columns give up width until the table fits (:func:`_squeeze`): every other column still
    holds its longest word, and only the words too long for any page break.
    """
    count = len(titles)
    least = [PADDING_PT + SAFETY * _longest_word(title, True) for title in titles]
    most = [PADDING_PT + SAFETY * _longest_line(title, True) for title in titles]
    for cells in rows:
        for index, text in enumerate(cells[:count]):
            least[index] = max(least[index], PADDING_PT + SAFETY * _longest_word(text, False))
            most[index] = max(most[index], PADDING_PT + SAFETY * _longest_line(text, False))
    if sum(least) >= width_pt:
        return _squeeze(least, width_pt)
    return _share(least, most, width_pt)


def _squeeze(least: list[float], width_pt: float) -> list[float]:
    """The widths ``min(least, cap)`` that add up to ``width_pt``: only the widest columns shrink."""
    rest = width_pt
    wide = sorted(range(len(least)), key=lambda i: least[i])
    for position, index in enumerate(wide):
        cap = rest / (len(wide) - position)
        if least[index] > cap:  # this column and every wider one share what is left
            return [least[i] if least[i] <= cap else cap for i in range(len(least))]
        rest -= least[index]
    return list(least)


def _share(least: list[float], most: list[float], width_pt: float) -> list[float]:
    """Max-min fair shares of ``width_pt``.

    A column whose text fits on one line in its share gets just what it needs; the others
    divide the rest by the square root of their text's width, never below their longest word.
    """
    widths = list(least)
    open_ = set(range(len(least)))
    room = width_pt
    while open_:
        weights = {i: most[i] ** 0.5 for i in open_}
        total = sum(weights.values())
        share = {i: room * weights[i] / total for i in open_}
        settled = {i for i in open_ if most[i] <= share[i]} or {i for i in open_ if least[i] >= share[i]}
        if not settled:
            for i in open_:
                widths[i] = share[i]
            return widths
        for i in settled:
            widths[i] = most[i] if most[i] <= share[i] else least[i]
            room -= widths[i]
        open_ -= settled
    if room > 0:  # every column fits on one line: give the rest out by width
        total = sum(widths)
        widths = [w + room * w / total for w in widths]
    return widths


def longest_word_pt(text: str) -> float:
    """The longest word of table text, in points (tests measure columns with it)."""
    return SAFETY * _longest_word(text, False)


LINE_PT = TABLE_PT * 1.2


def row_height_pt(cells: list[str], widths: list[float]) -> float:
    """An estimate of a row's height: the cell needing most lines, each line 1.2 x the text size."""
    lines = 1
    for text, width in zip(cells, widths, strict=False):
        room = max(width - PADDING_PT, 1.0)
        lines = max(lines, sum(max(1, -(-int(text_pt(line)) // int(room))) for line in text.split("\n")))
    return lines * LINE_PT + 6
