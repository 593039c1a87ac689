"""A table question as a spreadsheet-like grid: what the browser's grid needs besides the form's fields.

The values stay in the form: each row's cells are hidden fields named as the
row-card form names them (:mod:`masterplan.web.formdata` reads both the same
way), so a save, the copy kept while typing and a save carried through a login
work unchanged. The grid (``static/grid.js``, over Tabulator) edits those
fields; this module describes the columns (kind, options, the years of a
timeline) and what sits beside each row (its title, problems per cell, open
notes, columns the form cannot show).

A table the grid cannot show faithfully (a row that is not a mapping, a
timeline that is not a mapping of years) is shown as row cards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from masterplan.models.questionnaire import LongTextQuestion, TableQuestion
from masterplan.resources import templates_dir
from masterplan.web.formdata import is_multiple
from masterplan.web.formview import Choices, Control, QuestionView, RowView, hint

VENDOR = ("vendor/tabulator.js", "vendor/tabulator.css")
"""The grid library's files under the web templates' ``static/``, built by the setup (``npm run build``)."""

VIEWS = ("tabel", "kartu")
"""How a form shows its tables: as grids (the default), or as row cards (without JavaScript)."""


def available() -> bool:
    """True when the setup installed the grid library (otherwise tables are shown as row cards)."""
    static = templates_dir() / "web" / "static"
    return all((static / name).is_file() for name in VENDOR)


@dataclass(frozen=True)
class TableGrid:
    """One table question shown as a grid: ``spec`` goes to the browser as JSON."""

    question: QuestionView
    years: dict[str, list[str]]  # timeline column -> the years shown, in order
    spec: dict[str, Any]

    def timeline(self, cell: Control) -> list[tuple[str, str]]:
        """The (year, status) fields a timeline cell posts: the years with a status, else one blank year.

        A timeline posted without any year is left as the file has it, so an emptied one
        posts a blank year (:func:`masterplan.web.formdata._timeline_from_form`).
        """
        chosen = [(y.key, y.selected) for y in cell.years if y.selected]
        order = self.years.get(cell.question.id, [])
        chosen.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
        return chosen or [(order[0] if order else "", "")]


def table_grid(
    view: QuestionView, choices: Choices, warnings: frozenset[str] = frozenset()
) -> TableGrid | None:
    """The grid of a table question; ``None`` when only row cards show every value faithfully.

    ``warnings``: the ids of the cells whose problems are only warnings (they are marked as such).
    """
    table = view.question
    if not isinstance(table, TableQuestion) or view.rows is None:
        return None
    if any(column.type == "file" for column in table.columns):
        return None  # files are chosen and shown in row cards
    for row in view.rows:
        if row.opaque is not None:
            return None
        for cell in row.controls:
            if cell.question.type == "timeline" and cell.kind != "timeline":  # type: ignore[attr-defined]
                return None
    years = _years(view.rows, choices.years)
    columns = [_column(view, index, years, choices) for index, _ in enumerate(table.columns)]
    spec = {
        "id": table.id,
        "label": table.label,
        "rowName": table.row_name or "baris",
        "key": table.key or "",
        "count": view.count_name,
        "columns": columns,
        "rows": [_row(row, warnings) for row in view.rows],
    }
    return TableGrid(view, years, spec)


def _years(rows: list[RowView], plan_years: list[int]) -> dict[str, list[str]]:
    """Each timeline column's years: the plan's period, then any other year a row holds, sorted."""
    found: dict[str, list[str]] = {}
    for row in rows:
        for cell in row.controls:
            if cell.kind == "timeline":
                keys = found.setdefault(cell.question.id, [str(y) for y in plan_years])
                keys.extend(y.key for y in cell.years if y.key not in keys)
    return {
        column: keys[: len(plan_years)] + sorted(keys[len(plan_years) :]) for column, keys in found.items()
    }


def _column(view: QuestionView, index: int, years: dict[str, list[str]], choices: Choices) -> dict[str, Any]:
    question = view.columns[index]
    cells = [row.controls[index] for row in view.rows or []]
    options = choices.options(question)
    kind = _kind(question, cells, options)
    column: dict[str, Any] = {
        "id": question.id,
        "label": question.label,
        "kind": kind,
        "required": question.required,
        "hint": "; ".join(part for part in (question.help, hint(question)) if part),
    }
    if kind == "timeline":
        column["years"] = years.get(question.id) or [str(y) for y in choices.years]
    if options is not None:
        column["options"] = [[o.value, o.label] for o in options]
    return column


def _kind(question: Any, cells: list[Control], options: Any) -> str:
    """The editor of a column: the kind its controls have, and a text area when any cell holds lines."""
    if question.type == "timeline":
        return "timeline"
    if options is not None:
        return "checks" if is_multiple(question) else "select"
    if isinstance(question, LongTextQuestion) or any(c.kind == "textarea" for c in cells):
        return "textarea"
    return "text"


def _row(row: RowView, warnings: frozenset[str]) -> dict[str, Any]:
    cells = {
        c.question.id: {"id": c.id, "problems": c.problems, "warning": c.id in warnings}
        for c in row.controls
        if c.problems
    }
    return {
        "title": row.title,
        "problems": row.problems,
        "cells": cells,
        "notes": [
            {"id": n.id, "name": n.name, "text": n.text, "replies": [[r.name, r.text] for r in n.replies]}
            for n in row.notes
        ],
        "extra": [[key, value] for key, value in row.extra],
        "returned": row.returned,
    }
