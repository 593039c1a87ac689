"""The assembly context every builder reads, the builder registry and shared table helpers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from masterplan.answers.contribution import Row
from masterplan.answers.workspace import ASSETS_DIR
from masterplan.checks.plan import Plan
from masterplan.checks.problems import Problem
from masterplan.document.legal import decree_number, legal
from masterplan.document.model import (
    Anchored,
    Block,
    Column,
    Placeholder,
    Signature,
    Table,
    TableRow,
    question_anchor,
)
from masterplan.document.outline import Outline
from masterplan.document.page import POINTS_PER_MM, Paper, text_height_mm, text_width_mm
from masterplan.document.palette import dimension_colour
from masterplan.document.prose import answer_blocks
from masterplan.document.widths import fit_widths, row_height_pt
from masterplan.formatting import Wording, angka, judul, nip_printed, period_text, unwrap

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
STATUS_MARKS = {"persiapan": "P", "pembangunan": "B", "operasional": "O"}
STATUS_SHADES = {"persiapan": "FFE699", "pembangunan": "9DC3E6", "operasional": "A9D18E"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@dataclass
class Assembly:
    """What a builder may read, and the running table and figure numbers of the chapter."""

    plan: Plan
    wording: Wording
    outline: Outline
    dirs: list[Path]
    build_date: dt.date
    mode: str
    workspace: Path | None
    problems: list[Problem] = field(default_factory=list)
    chapter: int = 0
    section: int = 0
    tables: int = 0
    figures: int = 0
    captions: dict[str, str] = field(default_factory=dict)  # caption -> number of every table built
    landscape: bool = False  # the section being built is on landscape pages
    annex: bool = False  # the book is built as a regulation's Lampiran

    @property
    def paper(self) -> Paper:
        """The paper of the book: its outline's (a poster's A2), else region.yaml's."""
        return self.outline.paper or self.plan.region.paper

    def next_table(self) -> str:
        """The number of the next table of this chapter ("5.3")."""
        self.tables += 1
        return f"{self.chapter}.{self.tables}" if self.chapter else f"L.{self.tables}"

    def following_table(self) -> str:
        """How prose refers to the table that comes next: "Tabel 5.3"."""
        return f"Tabel {self.chapter}.{self.tables + 1}" if self.chapter else f"Tabel L.{self.tables + 1}"

    def table_named(self, caption: str) -> str:
        """How prose refers to a table already built, by the start of its caption ("Tabel 2.1")."""
        found = next((n for c, n in self.captions.items() if c.startswith(judul(caption))), None)
        return f"Tabel {found}" if found else "tabel"

    def subsection(self, index: int) -> str:
        """The number of a heading inside the current section ("5.1.3")."""
        return f"{self.chapter}.{self.section}.{index}"

    def next_figure(self) -> str:
        """The number of the next figure of this chapter."""
        self.figures += 1
        return f"{self.chapter}.{self.figures}" if self.chapter else f"L.{self.figures}"

    # --- answers -------------------------------------------------------------

    def value(self, stage: int, question: str) -> Any:
        """The merged value of a question."""
        return self.plan.value(stage, question)

    def rows(self, stage: int, question: str) -> list[Row]:
        """The merged rows of a table question."""
        return self.plan.rows(stage, question)

    @cached_property
    def cancelled(self) -> list[Row]:
        """Programmes cancelled (``dibatalkan``) in the Bimtek IV re-confirmation, by code order."""
        codes = self.plan.cancelled_codes()
        dropped = [r for r in self.rows(2, "programs") if str(r.get("code")).upper() in codes]
        return sorted(dropped, key=code_order)

    @cached_property
    def programmes(self) -> list[Row]:
        """The Bimtek II programmes the plan keeps: all but those cancelled at re-confirmation."""
        dropped = {id(r) for r in self.cancelled}
        return [r for r in self.rows(2, "programs") if id(r) not in dropped]

    @cached_property
    def programmes_in_order(self) -> list[Row]:
        """The kept programmes by dimension (in the choice list's order), then by code."""
        order = {d.code: i for i, d in enumerate(self.plan.definitions.choices.dimensions)}
        rank = len(order)
        return sorted(self.programmes, key=lambda r: (order.get(r.get("dimension"), rank), code_order(r)))

    @cached_property
    def budget_lines(self) -> dict[str, list[Row]]:
        """Upper-case code of a kept programme -> its lines of the budget per year and source."""
        kept = {str(r.get("code")).upper() for r in self.programmes}
        return {code: lines for code, lines in self.plan.budget_lines().items() if code in kept}

    def missing(self, stage: int, question: str) -> list[Block]:
        """A placeholder for an unanswered required question (nothing for an optional one)."""
        definition = self.plan.definitions.stage(stage).questions[question]
        if not definition.required:
            return []
        anchors = [question_anchor(stage, question)]
        return [Placeholder(question=question, label=definition.label, stage=stage, anchors=anchors)]

    def answer(self, stage: int, question: str) -> list[Block]:
        """A text answer as written (paragraphs, bullets; anchored to the question), else :meth:`missing`."""
        value = self.value(stage, question)
        if not value:
            return self.missing(stage, question)
        return anchored(answer_blocks(str(value)), question_anchor(stage, question))

    def labels(self, list_name: str, codes: Any) -> str:
        """The labels of a list of codes, joined: funding ["APBD", "APBDES"] -> "APBD, APBDes"."""
        return ", ".join(self.label(list_name, code) for code in codes or []) or "-"

    def colour(self, dimension: str) -> str:
        """The colour of a dimension in tables and figures (see :mod:`masterplan.document.palette`)."""
        return dimension_colour(dimension, [d.code for d in self.plan.definitions.choices.dimensions])

    def label(self, list_name: str, code: Any) -> str:
        """The label of ``code`` in choice list ``list_name`` (the code itself when unknown)."""
        return self.plan.definitions.choices.lists[list_name].labels.get(code, str(code or ""))

    def dimension_label(self, code: str) -> str:
        """Give "Smart Governance"."""
        return self.plan.definitions.choices.dimension_list.labels.get(code, code)

    def subdimension_label(self, code: str) -> str:
        """Give "Layanan Publik"."""
        return self.plan.definitions.choices.subdimension_list.labels.get(code, code)

    def opd_short(self, code: Any) -> str:
        """An OPD's short name (its code when it has none)."""
        return self._short_names.get(code) or str(code or "")

    @cached_property
    def _short_names(self) -> dict[str, str]:
        return {opd.code: opd.short or opd.code for opd in self.plan.region.opds}

    @cached_property
    def plan_date(self) -> dt.date:
        """The date the plan speaks from: its commitment date, else the build date."""
        day = self.value(4, "commitment_date")
        return day if isinstance(day, dt.date) else self.build_date

    def _region_acts(self) -> list[str]:
        """The region's own acts for the Landasan Hukum: RPJMD, decrees of the council and team, adoption."""
        w, labels = self.wording, self.plan.region.labels
        acts = [str(self.value(1, "rpjmd_regulation"))] if self.value(1, "rpjmd_regulation") else []
        council = decree_number(self.value(1, "council_decree_number"))
        team = decree_number(self.value(1, "team_decree_number"))
        decree = f"Keputusan {w.kepala_daerah} Nomor {{}} tentang Pembentukan {{}} {w.daerah}"
        if council and council == team:
            acts.append(decree.format(council, f"{labels.council} dan {labels.team}"))
        else:
            bodies = ((council, labels.council), (team, labels.team))
            acts += [decree.format(number, body) for number, body in bodies if number]
        if not council and not team:
            acts.append(f"Keputusan {w.kepala_daerah} tentang Pembentukan {labels.council} dan {labels.team} "
                        f"{w.daerah}")
        if self.plan.region.regulation:
            acts.append(w.act(self.plan.region.regulation))
        return acts

    @property
    def source(self) -> str:
        """The default "Sumber:" line: the team, in the year of the plan's date."""
        return f"{self.plan.region.labels.team} {self.wording.daerah}, {self.plan_date.year}"

    def context(self) -> dict[str, Any]:
        """What every prose template can use (a fresh copy of :attr:`_context`)."""
        return dict(self._context)

    @cached_property
    def _context(self) -> dict[str, Any]:
        region = self.plan.region
        programmes = self.programmes
        per_dimension = {d.code: 0 for d in self.plan.definitions.choices.dimensions}
        for row in programmes:
            if row.get("dimension") in per_dimension:
                per_dimension[row.get("dimension")] += 1
        day = self.plan_date
        years = self.plan.quick_win_years()
        return {
            "w": self.wording,
            "region": region,
            "period": region.period,
            "period_text": period_text(region.period),
            "plan_date": day,
            "ministry": legal().ministry(day),
            "legal_basis": legal().basis(day),
            "regulation": self.wording.act(region.regulation) if region.regulation else None,
            "council_decree": decree_number(self.value(1, "council_decree_number")),
            "team_decree": decree_number(self.value(1, "team_decree_number")),
            "region_acts": self._region_acts(),
            "quick_win_years": [(year, len(rows)) for year, rows in years.items()],
            "labels": region.labels,
            "build_date": self.build_date,
            "mode": self.mode,
            "rpjmd_start": self.value(1, "rpjmd_start"),
            "rpjmd_end": self.value(1, "rpjmd_end"),
            "rpjmd_regulation": self.value(1, "rpjmd_regulation"),
            "sc_vision": self.value(1, "sc_vision"),
            "programme_count": len(programmes),
            "per_dimension": [(self.dimension_label(code), count) for code, count in per_dimension.items()],
            "quick_win_count": sum(len(rows) for rows in years.values()),
            "action_plan_count": len(self.rows(3, "action_plans")),
            "total_budget": sum(row.get("budget") or 0 for row in programmes),
            "chapters": [(ROMAN[i], c.title) for i, c in enumerate(self.outline.chapters)],
            "tabel": self.table_named,
        }


Builder = Callable[[Assembly], list[Block]]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under the name the outline uses (``{build: name}``)."""

    def register(function: Builder) -> Builder:
        BUILDERS[name] = function
        return function

    return register


def anchored(blocks: list[Block], *anchors: str) -> list[Block]:
    """``blocks``, each anchored to ``anchors`` as well (where they come from, for review notes)."""
    for block in blocks:
        if isinstance(block, Anchored):
            block.anchors += [anchor for anchor in anchors if anchor not in block.anchors]
    return blocks


def make_table(
    a: Assembly,
    caption: str,
    columns: Sequence[tuple[str, float]],
    rows: Iterable[TableRow],
    source: str | None = None,
    align: dict[int, str] | None = None,
    anchors: Sequence[str] = (),
    accent: str | None = None,
) -> Table:
    """A numbered table of the current chapter; ``columns`` are (title, relative width)."""
    align = align or {}
    number = a.next_table()
    a.captions.setdefault(judul(caption), number)
    body = list(rows)
    titles = [title for title, _ in columns]
    width = text_width_mm(a.paper, a.landscape) * POINTS_PER_MM
    widths = fit_widths(titles, [r.cells for r in body if not r.group], width)
    scale = min(1.0, width / sum(widths))
    height = text_height_mm(a.paper, a.landscape) * POINTS_PER_MM
    for row in body:  # a row that would take more than half a page may break across pages
        row.tall = not row.group and row_height_pt(row.cells, [w * scale for w in widths]) > height / 2
    return Table(
        number=number,
        caption=caption,
        source=source or a.source,
        columns=[
            Column(title=t, width=round(w, 1), align=align.get(i, "left"))  # type: ignore[arg-type]
            for i, (t, w) in enumerate(zip(titles, widths, strict=True))
        ],
        rows=body,
        anchors=list(anchors),
        accent=accent,
    )


T = TypeVar("T")


def grouped(rows: list[T], key: Callable[[T], str], order: list[str]) -> list[tuple[str, list[T]]]:
    """Rows grouped by ``key``, groups in ``order`` (unknown groups last), rows kept in order."""
    groups: dict[str, list[T]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    ranked = sorted(groups, key=lambda g: order.index(g) if g in order else len(order))
    return [(g, groups[g]) for g in ranked]


def code_order(row: Row) -> tuple[str, int, str]:
    """Sort key for rows by code, numbers compared as numbers ("SG-9" before "SG-10")."""
    code = str(row.get("code") or "")
    match = re.fullmatch(r"(.*?)(\d+)", code)
    return (match.group(1), int(match.group(2)), code) if match else (code, 0, code)


def show(value: Any) -> str:
    """A value as table text: "-" for nothing, "Ya"/"Tidak", Indonesian decimals, lists joined."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        return angka(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return unwrap(str(value))


def emblem_path(a: Assembly) -> Path | None:
    """The emblem named in region.yaml, only when it is a file in the workspace's ``assets/``."""
    return asset_path(a, a.plan.region.emblem)


def asset_path(a: Assembly, name: str | None) -> Path | None:
    """The file ``name`` (relative to the workspace), only when it is a file in ``assets/``."""
    if not name or a.workspace is None:
        return None
    path = (a.workspace / name).resolve()
    inside = path.is_relative_to((a.workspace / ASSETS_DIR).resolve())
    return path if inside and path.is_file() else None


def signature(position: str, name: str, rank: str | None, nip: str | None) -> Signature:
    """A signature block; the position in capitals, except the linking word "selaku"."""
    capitals = re.sub(r"\bSELAKU\b", "selaku", position.upper())
    return Signature(position=capitals, name=name, rank=rank or None, nip=nip_printed(nip) if nip else None)
