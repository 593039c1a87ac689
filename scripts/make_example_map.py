"""Draw the example's fictional administrative map (examples/sukamaju/assets/peta-sukamaju.png).

Kabupaten Sukamaju does not exist: the map is a schematic of 18 kecamatan on a jittered grid,
marking the 7 northern kecamatan prone to floods and the 6 southern ones prone to landslides
that the example's answers describe. Run again only to change the picture.
"""

from __future__ import annotations

import random
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt
from matplotlib.patches import Patch, Polygon

NAMES = [
    "Sukamulya",
    "Sukaresmi",
    "Sukaraja",
    "Sukasari",
    "Sukadana",
    "Sukatani",
    "Sukawangi",
    "Sukamaju Kota",
    "Sukajaya",
    "Sukamukti",
    "Sukahurip",
    "Sukalaksana",
    "Sukanegara",
    "Sukarame",
    "Sukamanah",
    "Sukagalih",
    "Sukaharja",
    "Sindangsari",
]
FLOOD, SLIDE = set(range(7)), set(range(12, 18))
TARGET = Path(__file__).resolve().parent.parent / "examples" / "sukamaju" / "assets" / "peta-sukamaju.png"


def main() -> None:
    """Draw the map and write it into the example's assets."""
    rng = random.Random(18)
    cols, rows = 6, 3
    points = {
        (i, j): (i + rng.uniform(-0.28, 0.28) * (0 < i < cols), j + rng.uniform(-0.25, 0.25) * (0 < j < rows))
        for i in range(cols + 1)
        for j in range(rows + 1)
    }
    fig, ax = plt.subplots(figsize=(14 / 2.54, 8.5 / 2.54))
    ax.set_axis_off()
    for k in range(cols * rows):
        i, j = k % cols, rows - 1 - k // cols
        corners = [points[(i, j)], points[(i + 1, j)], points[(i + 1, j + 1)], points[(i, j + 1)]]
        colour = "#9DC3E6" if k in FLOOD else "#F4B183" if k in SLIDE else "#E2EFDA"
        ax.add_patch(Polygon(corners, closed=True, facecolor=colour, edgecolor="#595959", linewidth=0.6))
        cx, cy = sum(p[0] for p in corners) / 4, sum(p[1] for p in corners) / 4
        ax.text(
            cx,
            cy,
            NAMES[k],
            ha="center",
            va="center",
            fontsize=6.2,
            family="Liberation Sans",
            fontweight="bold" if NAMES[k] == "Sukamaju Kota" else "normal",
        )
    ax.plot(
        [0.2, 1.5, 2.6, 3.4, 4.7, 6.0], [2.86, 2.78, 2.9, 2.8, 2.92, 2.84], color="#2E75B6", linewidth=1.4
    )
    ax.text(
        0.05, 2.93, "Sungai Cisukamaju", fontsize=6, color="#1F4E79", style="italic", family="Liberation Sans"
    )
    ax.set_xlim(-0.1, cols + 0.1)
    ax.set_ylim(-0.45, rows + 0.1)
    ax.legend(
        handles=[
            Patch(facecolor="#9DC3E6", label="Rawan banjir"),
            Patch(facecolor="#F4B183", label="Rawan longsor"),
            Patch(facecolor="#E2EFDA", label="Kecamatan lainnya"),
        ],
        loc="lower center",
        ncols=3,
        frameon=False,
        fontsize=7,
        bbox_to_anchor=(0.5, -0.02),
    )
    fig.subplots_adjust(0, 0, 1, 1)
    fig.savefig(TARGET, dpi=200, metadata={"Software": None})


if __name__ == "__main__":
    main()
