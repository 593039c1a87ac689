"""Draw the charts of the document model with matplotlib: SVG for the PDF, PNG for Word.

One drawing per chart serves both renderers, so the Word and PDF figures are the same
picture. Sizes are true sizes (a figure as wide as the text, fonts in points), text is
real text in the SVG (searchable, escaped by matplotlib; mathtext is off, so a "$" in an
answer stays a dollar sign), and output is repeatable (no dates, fixed ids).
"""

from __future__ import annotations

import io
import itertools
import re
import textwrap
import threading
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import blended_transform_factory
from pydantic import TypeAdapter

from masterplan.document.model import BarChart, Chart, OrgChart, Timeline, TimelineRow
from masterplan.document.widths import text_pt
from masterplan.formatting import angka

_CHART: TypeAdapter[Chart] = TypeAdapter(Chart)
CM = 1 / 2.54  # inches per centimetre
FONT_PT = 8.0
PNG_DPI = 200
MAX_HEIGHT_CM = 21.0  # a chart never needs more than a portrait page's text height (caption included)
GRID = "BFBFBF"
INK = "262626"

STYLE: Any = {
    "font.family": ["Liberation Sans", "DejaVu Sans"],
    "font.size": FONT_PT,
    "text.parse_math": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "masterplan",
    "axes.edgecolor": f"#{GRID}",
    "axes.labelcolor": f"#{INK}",
    "xtick.color": f"#{INK}",
    "ytick.color": f"#{INK}",
    "text.color": f"#{INK}",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "legend.fontsize": FONT_PT,
    "figure.dpi": 72,
}


_ID = re.compile(r'(\bid="|url\(#|href="#)')


_DRAWING = threading.Lock()
"""pyplot's state is global: one drawing at a time (the PDF and Word may be built side by side)."""


def svg(chart: Chart, width_cm: float, prefix: str = "chart") -> str:
    """The chart as an ``<svg>`` element (no XML declaration) to place inline in HTML.

    Its ids start with ``prefix``, so the charts of one page never share an id.
    """
    with _DRAWING:
        figure = draw(chart, width_cm)
        buffer = io.StringIO()
        with plt.rc_context(STYLE):
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(figure)
    text = buffer.getvalue()
    return _ID.sub(lambda m: f"{m.group(1)}{prefix}-", text[text.index("<svg") :])


def png(chart: Chart, width_cm: float) -> bytes:
    """The chart as a PNG at :data:`PNG_DPI`, for Word.

    Kept for the process: Word is written twice when LibreOffice fills in the page numbers.
    """
    return _png(chart.model_dump_json(), width_cm)


@lru_cache(maxsize=64)
def _png(chart_json: str, width_cm: float) -> bytes:
    chart = _CHART.validate_json(chart_json)
    with _DRAWING:
        return _png_of(chart, width_cm)


def _png_of(chart: Chart, width_cm: float) -> bytes:
    figure = draw(chart, width_cm)
    buffer = io.BytesIO()
    with plt.rc_context(STYLE):
        figure.savefig(
            buffer, format="png", dpi=PNG_DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 1}
        )
    plt.close(figure)
    return buffer.getvalue()


def height_cm(chart: Chart, width_cm: float) -> float:
    """The height a chart is drawn at (Word reserves it; the PDF reads it from the SVG)."""
    if isinstance(chart, BarChart):
        if chart.horizontal:
            legend = _legend_rows(len(chart.series), width_cm) if len(chart.series) > 1 else 0
            return min(MAX_HEIGHT_CM, 1.6 + 0.75 * len(chart.categories) + 0.5 * legend)
        return 8.0
    if isinstance(chart, Timeline):
        if chart.height_cm is not None:
            return chart.height_cm
        return min(
            MAX_HEIGHT_CM,
            1.4 + _row_cm(chart) * len(chart.rows) + 0.5 * _legend_rows(_legend_count(chart), width_cm),
        )
    return _org_layout(chart, width_cm)[1]


def draw(chart: Chart, width_cm: float) -> MplFigure:
    """A matplotlib figure of ``chart`` at its true size."""
    with plt.rc_context(STYLE):
        figure = plt.figure(figsize=(width_cm * CM, height_cm(chart, width_cm) * CM))
        if isinstance(chart, BarChart):
            _bars(figure, chart, width_cm)
        elif isinstance(chart, Timeline):
            _timeline(figure, chart, width_cm)
        else:
            _org(figure, chart, width_cm)
    return figure


def _hex(colour: str) -> str:
    return f"#{colour}"


def _legend_rows(count: int, width_cm: float) -> int:
    return -(-count // _legend_columns(width_cm)) if count else 0


def _legend_columns(width_cm: float) -> int:
    return max(1, int(width_cm // 4.8))


def _fit(text: str, width_pt: float, size: float = FONT_PT, bold: bool = False) -> str:
    """``text`` cut with "…" to fit ``width_pt`` (measured with the document font's metrics)."""
    if text_pt(text, bold, size) <= width_pt:
        return text
    while text and text_pt(text + "…", bold, size) > width_pt:
        text = text[:-1]
    return text.rstrip() + "…"


def _legend(
    figure: MplFigure, swatches: list[tuple[str, str]], width_cm: float, mark: str = "", size: float = FONT_PT
) -> None:
    handles: list[Any] = [Patch(facecolor=_hex(c), edgecolor="none", label=label) for label, c in swatches]
    if mark:
        handles.append(Line2D([], [], marker="D", color="#000000", linestyle="none", markersize=size * 0.9,
                              label=mark))
    figure.legend(
        handles=handles,
        fontsize=max(FONT_PT, size),
        loc="lower center",
        ncols=min(len(handles), _legend_columns(width_cm)),
        bbox_to_anchor=(0.5, 0.0),
        handlelength=1.2,
        columnspacing=1.2,
    )


def _bars(figure: MplFigure, chart: BarChart, width_cm: float) -> None:
    height = height_cm(chart, width_cm)
    legend = _legend_rows(len(chart.series), width_cm) if len(chart.series) > 1 else 0
    bottom = (0.5 * legend + 1.0) / height
    if chart.horizontal:
        label_cm = min(width_cm * 0.35, 0.3 + max(text_pt(c) for c in chart.categories) / 72 * 2.54)
        ax = figure.add_axes(
            (label_cm / width_cm, bottom, 1 - label_cm / width_cm - 0.04, 1 - bottom - 0.4 / height)
        )
    else:
        ax = figure.add_axes((1.6 / width_cm, bottom, 1 - 2.0 / width_cm, 1 - bottom - 0.4 / height))
    positions = list(range(len(chart.categories)))
    base = [0.0] * len(positions)
    for series in chart.series:
        if chart.horizontal:
            ax.barh(
                positions, series.values, left=base, color=_hex(series.colour), height=0.6, label=series.label
            )
        else:
            ax.bar(
                positions,
                series.values,
                bottom=base,
                color=_hex(series.colour),
                width=0.65,
                label=series.label,
            )
        base = [b + v for b, v in zip(base, series.values, strict=True)]
    value_axis = ax.xaxis if chart.horizontal else ax.yaxis
    if chart.horizontal:
        ax.set_yticks(positions, [_fit(c, label_cm / 2.54 * 72 - 6) for c in chart.categories])
        ax.invert_yaxis()
        ax.grid(axis="x", color=_hex(GRID), linewidth=0.5)
    else:
        ax.set_xticks(positions, chart.categories)
        ax.grid(axis="y", color=_hex(GRID), linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(length=0)
    if chart.scale:
        limit = len(chart.scale)
        (ax.set_xlim if chart.horizontal else ax.set_ylim)(0, limit + 0.2)
        ticks = list(range(1, limit + 1))
        labels = ["\n".join(textwrap.wrap(s, 12)) for s in chart.scale]
        (ax.set_xticks if chart.horizontal else ax.set_yticks)(ticks, labels)
        for position, total in zip(positions, base, strict=True):
            if chart.horizontal:
                ax.text(
                    total + 0.05, position, f"{total:.1f}".replace(".", ","), va="center", fontsize=FONT_PT
                )
    else:
        value_axis.set_major_formatter(
            lambda value, _: angka(value, 0) if value == int(value) else angka(value, 1)
        )
        if chart.unit:
            (ax.set_xlabel if chart.horizontal else ax.set_ylabel)(chart.unit.capitalize())
    if legend:
        _legend(figure, [(s.label, s.colour) for s in chart.series], width_cm)


def _row_cm(chart: Timeline, width_cm: float = 0.0) -> float:
    """The height of a timeline row: 0.42 cm, less when the rows would not fit a page.

    A chart of a given height (a poster) shares it among its rows, up to 1 cm a row.
    """
    rows = max(1, *(len(part) for part in _panels(chart)))
    if chart.height_cm is not None:
        legend = 0.5 * _legend_rows(_legend_count(chart), width_cm) if width_cm else 0.0
        return min(1.0, (chart.height_cm - 1.4 - legend) / rows)
    return min(0.42, (MAX_HEIGHT_CM - 2.5) / rows)


def _legend_count(chart: Timeline) -> int:
    return len(chart.legend) + (1 if chart.mark else 0)


POSTER_FONT_PT = 16.0
"""The largest letters of a chart that fills a sheet."""


def _panels(chart: Timeline) -> list[list[TimelineRow]]:
    """The rows in ``chart.panels`` side-by-side parts of about equal length, each cut at a group row."""
    rows = chart.rows
    if chart.panels <= 1 or not rows:
        return [rows]
    groups = [i for i, row in enumerate(rows) if row.group] or [0]
    cuts = [0]
    for k in range(1, chart.panels):
        cut = min(groups, key=lambda g: abs(g - len(rows) * k / chart.panels))
        if cut > cuts[-1]:
            cuts.append(cut)
    return [rows[a:b] for a, b in itertools.pairwise([*cuts, len(rows)])]


PANEL_GAP_CM = 0.8


def _timeline(figure: MplFigure, chart: Timeline, width_cm: float) -> None:
    height = height_cm(chart, width_cm)
    row = _row_cm(chart, width_cm)
    largest = FONT_PT - 0.5 if chart.height_cm is None else POSTER_FONT_PT
    size = max(5.5, min(largest, row / 2.54 * 72 * 0.62))
    legend = _legend_rows(_legend_count(chart), width_cm)
    bottom = (0.5 * legend + 0.5) / height
    panels = _panels(chart)
    count = max(len(rows) for rows in panels)
    panel_cm = (width_cm + PANEL_GAP_CM) / len(panels) - PANEL_GAP_CM
    for index, rows in enumerate(panels):
        box = (index * (panel_cm + PANEL_GAP_CM), panel_cm, width_cm, 1 - bottom - 0.7 / height, bottom)
        _panel(figure, chart, rows, count, box, size)
    if legend:
        _legend(figure, [(s.label, s.colour) for s in chart.legend], width_cm, chart.mark, size)


def _panel(
    figure: MplFigure, chart: Timeline, rows: list[TimelineRow], count: int,
    box: tuple[float, float, float, float, float], size: float,
) -> None:
    """One panel of a timeline of ``count`` lines.

    ``box``: the panel's left edge and width and the figure's width (cm), then the axes' height
    and bottom (fractions of the figure's height).
    """
    left_cm, panel_cm, width_cm, axes_height, bottom = box
    label_cm = panel_cm * 0.42
    axes_cm = panel_cm - label_cm - 0.01 * panel_cm
    ax = figure.add_axes(((left_cm + label_cm) / width_cm, bottom, axes_cm / width_cm, axes_height))
    ax.set_xlim(0, len(chart.ticks))
    ax.set_ylim(count, 0)
    ax.set_xticks([i + 0.5 for i in range(len(chart.ticks))], chart.ticks, fontsize=size)
    ax.xaxis.tick_top()
    ax.set_yticks([])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i in range(len(chart.ticks) + 1):
        ax.axvline(i, color=_hex(GRID), linewidth=0.4)
    width_pt = label_cm / 2.54 * 72 - 8
    labels_at = blended_transform_factory(ax.transAxes, ax.transData)
    for y, line in enumerate(rows):
        if line.group:
            ax.add_patch(
                Rectangle((0, y), len(chart.ticks), 1, facecolor="#F2F2F2", edgecolor="none", zorder=0)
            )
        indent = 0.0 if line.group else 0.25
        text = _fit(line.label, width_pt - indent / 2.54 * 72, size, bold=line.group)
        ax.text(
            -(label_cm - 0.1 - indent) / axes_cm,
            y + 0.5,
            text,
            ha="left",
            va="center",
            fontsize=size,
            fontweight="bold" if line.group else "normal",
            transform=labels_at,
            clip_on=False,
        )
        for bar in line.bars:
            ax.add_patch(
                Rectangle(
                    (bar.start + 0.06, y + 0.18),
                    bar.end - bar.start + 0.88,
                    0.64,
                    facecolor=_hex(bar.colour),
                    edgecolor="none",
                )
            )
        if line.marks:
            ax.scatter([m + 0.5 for m in line.marks], [y + 0.5] * len(line.marks), marker="D",
                       s=(size * 0.9) ** 2, color="#000000", edgecolors="#FFFFFF", linewidths=0.6, zorder=3)


BOX_GAP_CM = 0.4
LEVEL_GAP_CM = 0.8
PER_ROW = 4


Box = tuple[float, float, float, float, list[str], int, int]
"""An organisation box: x, y from the top, width, height (cm), lines, level, title's line count."""


def _org_layout(chart: OrgChart, width_cm: float) -> tuple[list[Box], float]:
    """Boxes (x, y from the top, width, height, lines, level) and the total height, in cm."""
    boxes: list[Box] = []
    y = 0.1
    box_w = (width_cm - BOX_GAP_CM * (PER_ROW - 1) - 0.2) / PER_ROW
    chars = max(12, int(box_w / 2.54 * 72 / (FONT_PT * 0.5)))
    for level, members in enumerate(chart.levels):
        wide = len(members) == 1
        w = min(width_cm * 0.5, box_w * 2) if wide else box_w
        wrap = max(12, int(w / 2.54 * 72 / (FONT_PT * 0.5))) if wide else chars
        for start in range(0, len(members), PER_ROW):
            row = members[start : start + PER_ROW]
            titles = [textwrap.wrap(b.title, wrap) for b in row]
            lines = [
                [*t, *(part for line in b.lines for part in textwrap.wrap(line, wrap))]
                for t, b in zip(titles, row, strict=True)
            ]
            h = 0.25 + 0.38 * max(len(line) for line in lines)
            if start == 0 and len(members) <= PER_ROW:  # a single row is centred
                span = len(row) * w + (len(row) - 1) * BOX_GAP_CM
                x = (width_cm - span) / 2
            else:
                x = 0.1
            for i, text in enumerate(lines):
                boxes.append((x + i * (w + BOX_GAP_CM), y, w, h, text, level, len(titles[i])))
            y += h + BOX_GAP_CM
        y += LEVEL_GAP_CM - BOX_GAP_CM
    return boxes, y - LEVEL_GAP_CM + 0.2


def _org(figure: MplFigure, chart: OrgChart, width_cm: float) -> None:
    boxes, height = _org_layout(chart, width_cm)
    ax: Axes = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width_cm)
    ax.set_ylim(height, 0)
    ax.axis("off")
    centre = width_cm / 2
    shades = ["1F4E79", "2E75B6", "9DC3E6", "DEEBF7"]
    line: dict[str, Any] = {"color": f"#{INK}", "linewidth": 0.6, "zorder": 0}
    levels = sorted({b[5] for b in boxes})
    for level in levels[1:]:  # the link from the level above to each box of this level
        above = [b for b in boxes if b[5] == level - 1]
        members = [b for b in boxes if b[5] == level]
        top = max(b[1] + b[3] for b in above)
        rows = sorted({b[1] for b in members})
        bus_ys = [r - LEVEL_GAP_CM / 2 if i == 0 else r - BOX_GAP_CM / 2 for i, r in enumerate(rows)]
        ax.plot([centre, centre], [top, bus_ys[-1]], **line)
        for row_y, bus in zip(rows, bus_ys, strict=True):
            row = [b for b in members if b[1] == row_y]
            xs = [b[0] + b[2] / 2 for b in row]
            ax.plot([min(*xs, centre), max(*xs, centre)], [bus, bus], **line)
            for x in xs:
                ax.plot([x, x], [bus, row_y], **line)
    for x, y, w, h, lines, level, title in boxes:
        fill = shades[min(level, len(shades) - 1)]
        dark = level < 2
        ax.add_patch(Rectangle((x, y), w, h, facecolor=_hex(fill), edgecolor=f"#{INK}", linewidth=0.6))
        for i, text in enumerate(lines):
            ax.text(
                x + w / 2,
                y + 0.3 + 0.38 * i,
                text,
                ha="center",
                va="center",
                fontsize=FONT_PT - 0.5,
                color="white" if dark else f"#{INK}",
                fontweight="bold" if i < title else "normal",
            )
