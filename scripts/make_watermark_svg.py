"""Write templates/pdf/draf.svg: the word of the draft watermark as outlines, not text.

Drawn as paths from Liberation Sans Bold (fontTools), so that copying text out of a draft PDF
never picks up the watermark's letters. Run after changing the word (renderers/labels.DRAFT).

Usage: .venv/bin/python scripts/make_watermark_svg.py [/path/to/LiberationSans-Bold.ttf]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from masterplan.renderers.labels import DRAFT

FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"
TARGET = Path(__file__).resolve().parents[1] / "templates" / "pdf" / "draf.svg"


def main(font_path: str) -> None:
    """Write the SVG of :data:`DRAFT` set in ``font_path``."""
    font = TTFont(font_path)
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    ascent = font["hhea"].ascent
    pen = SVGPathPen(glyphs)
    x = 0
    for char in DRAFT:
        name = cmap[ord(char)]
        glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, ascent)))  # y grows downwards in SVG
        x += glyphs[name].width
    height = ascent - font["hhea"].descent
    TARGET.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {x} {height}" width="{x}" height="{height}">'
        f'<path fill="#C00000" fill-opacity="0.15" d="{pen.getCommands()}"/></svg>\n',
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else FONT)
