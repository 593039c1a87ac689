"""A contact sheet of a PDF: every page as a thumbnail in a grid, written as one PNG.

    .venv/bin/python scripts/contact_sheet.py book.pdf docs/images/book-after.png [--columns 14]

Used for the before/after pictures of the example's book in docs/book.md.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

GAP = 6


def main() -> None:
    """Render every page with pdftoppm, then paste the pages row by row onto a white sheet."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--columns", type=int, default=14)
    parser.add_argument("--dpi", type=int, default=12)
    parser.add_argument("--first", type=int, default=1, help="the first page shown")
    parser.add_argument("--last", type=int, default=0, help="the last page shown (0: the last page)")
    args = parser.parse_args()
    pages_wanted = ["-f", str(args.first)] + (["-l", str(args.last)] if args.last else [])
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(args.dpi), *pages_wanted, "-png", str(args.pdf), f"{folder}/p"],
                       check=True)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(folder).glob("p-*.png"))]
    cell_w = max(p.width for p in pages)
    cell_h = max(p.height for p in pages)
    rows = -(-len(pages) // args.columns)
    sheet = Image.new("RGB", (args.columns * (cell_w + GAP) + GAP, rows * (cell_h + GAP) + GAP), "#D9D9D9")
    draw = ImageDraw.Draw(sheet)
    for index, page in enumerate(pages):
        x = GAP + (index % args.columns) * (cell_w + GAP)
        y = GAP + (index // args.columns) * (cell_h + GAP)
        sheet.paste(page, (x + (cell_w - page.width) // 2, y + (cell_h - page.height) // 2))
        draw.text((x + 2, y + 1), str(index + 1), fill="#7F7F7F")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"{len(pages)} pages -> {args.out} ({sheet.width}x{sheet.height})")


if __name__ == "__main__":
    main()
