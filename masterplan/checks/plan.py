"""The merged plan: the region profile plus the merged answers of the four stages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from masterplan.answers.contribution import Row
from masterplan.answers.definitions import Definitions
from masterplan.checks.merge import MergedStage
from masterplan.checks.problems import Where
from masterplan.models.questionnaire import TableQuestion
from masterplan.models.region import Region

CANCELLED = "dibatalkan"
"""The re-confirmation result that takes a programme out of the plan (choices.yaml: reconfirmation)."""

ELECTED_ROLES = frozenset({"kepala-daerah", "wakil-kepala-daerah", "dprd"})
"""Commitment roles held by elected officials: they sign with their name only, never a NIP."""


@dataclass
class Plan:
    """What the rules, the status report and (later) the document model read."""

    region: Region
    region_data: Any  # the parsed region.yaml (LineDict), for locating problems
    definitions: Definitions
    stages: dict[int, MergedStage]

    def rows(self, stage: int, question: str) -> list[Row]:
        """Merged rows of a table question."""
        return self.stages[stage].rows(question)

    def value(self, stage: int, question: str) -> object:
        """Merged value of a single question."""
        return self.stages[stage].value(question)

    def where_row(self, stage: int, question: str, row: Row, column: str | None = None) -> Where:
        """The location of a row (or one of its cells) for a message."""
        table = self.definitions.stage(stage).questions[question]
        assert isinstance(table, TableQuestion)
        key = row.get(table.key) if table.key else None
        line = row.line
        label = None
        if column is not None:
            cell = row.cells.get(column)
            line = cell.line if cell and cell.line else row.line
            label = table.column_map[column].label
        return Where(
            file=row.file, line=line, stage=stage, question=question, label=table.label,
            label_en=table.label_en, row=table.row_title(key, row.number), column=label,
        )

    def programs(self) -> dict[str, Row]:
        """Programme code -> its Bimtek II row (first one when codes clash)."""
        table: dict[str, Row] = {}
        for row in self.rows(2, "programs"):
            code = row.get("code")
            if code is not None:
                table.setdefault(code.upper(), row)
        return table

    def quick_win_year(self, row: Row) -> int:
        """The year a quick win is delivered in: its ``year``, else the first year of the period."""
        year = row.get("year")
        return year if isinstance(year, int) else self.region.period.start

    def quick_win_years(self) -> dict[int, list[Row]]:
        """Quick wins by year of delivery, years in order, rows in their order."""
        years: dict[int, list[Row]] = {}
        for row in self.rows(4, "quick_wins"):
            years.setdefault(self.quick_win_year(row), []).append(row)
        return dict(sorted(years.items()))

    def budget_lines(self) -> dict[str, list[Row]]:
        """Upper-case programme code -> its rows of the Bimtek II budget per year and source."""
        lines: dict[str, list[Row]] = {}
        for row in self.rows(2, "budget_plan"):
            if row.get("program") is not None:
                lines.setdefault(str(row.get("program")).upper(), []).append(row)
        return lines

    def roadmap_years(self) -> dict[str, dict[int, str]]:
        """Upper-case programme code -> year -> roadmap status (first roadmap row of a code)."""
        found: dict[str, dict[int, str]] = {}
        for row in self.rows(3, "roadmap"):
            code = row.get("program")
            if code is not None:
                found.setdefault(str(code).upper(), dict(row.get("years") or {}))
        return found

    def cancelled_codes(self) -> set[str]:
        """Upper-case codes of programmes cancelled (``dibatalkan``) at the Bimtek IV re-confirmation."""
        results = self.rows(4, "reconfirmation")
        return {str(r.get("program")).upper() for r in results if r.get("result") == CANCELLED}
