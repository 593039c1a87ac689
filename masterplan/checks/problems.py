"""Located problems: what is wrong, where, and how to say it to a person.

A :class:`Problem` carries a message *code* and its parameters rather than a
finished sentence, so the same problem can be told in Indonesian (default) or
English. :class:`Report` collects every problem of a run so that all of them
are reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from masterplan.checks.messages import render_message
from masterplan.limits import dotted

Severity = Literal["error", "warning"]
Lang = Literal["id", "en"]


@dataclass(frozen=True)
class Where:
    """A spot in a file: workspace-relative path, 1-based line, and context."""

    file: str
    line: int | None = None
    stage: int | None = None
    question: str | None = None  # question id
    label: str | None = None  # question label (Indonesian)
    label_en: str | None = None
    row: str | None = None  # "program SG-03" or "baris 4"
    column: str | None = None  # column label for table cells

    def at(self, **changes: Any) -> Where:
        """Return a copy with some fields replaced."""
        values = {**self.__dict__, **changes}
        return Where(**values)


@dataclass(frozen=True)
class Problem:
    """One problem found in a workspace or questionnaire."""

    severity: Severity
    rule: str
    where: Where
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: Lang = "id") -> str:
        """The explanation of what is expected, in ``lang``."""
        return render_message(self.rule, lang, self.params)

    def context(self, lang: Lang = "id") -> str:
        """The row and question part of the message ("program SG-03, "Pagu": ")."""
        where = self.where
        parts: list[str] = []
        if where.row:
            parts.append(where.row if lang == "id" else _row_en(where.row))
        label = where.label_en if lang == "en" and where.label_en else where.label
        if label:
            parts.append(f'"{label}"')
        if where.column:
            parts[-1:] = [f'{parts[-1]} / "{where.column}"'] if label else [f'"{where.column}"']
        return ", ".join(parts)

    def render(self, lang: Lang = "id") -> str:
        """One line: ``file:line: context: message``."""
        location = self.where.file
        if self.where.line:
            location += f":{self.where.line}"
        context = self.context(lang)
        text = self.message(lang)
        return f"{location}: {context}: {text}" if context else f"{location}: {text}"

    def as_dict(self, lang: Lang = "id") -> dict[str, Any]:
        """The JSON form used by ``check --format json``."""
        w = self.where
        return {
            "severity": self.severity,
            "file": w.file,
            "line": w.line,
            "stage": w.stage,
            "question_id": w.question,
            "question": (w.label_en if lang == "en" and w.label_en else w.label),
            "row": w.row,
            "column": w.column,
            "rule": self.rule,
            "message": self.message(lang),
        }

    def sort_key(self) -> tuple[Any, ...]:
        """Order: by file, then line; equal places keep the order they were found in."""
        return (self.where.file, self.where.line or 0)


def capped(problems: Iterable[Problem], limit: int) -> list[Problem]:
    """At most ``limit`` problems per file, the rest counted in one ``problems-more`` problem.

    The summary is an error when any problem it stands for is one, so a capped
    report is never mistaken for a clean one.
    """
    kept: list[Problem] = []
    shown: dict[str, int] = {}
    hidden: dict[str, list[Problem]] = {}
    for problem in problems:
        file = problem.where.file
        if shown.get(file, 0) < limit:
            shown[file] = shown.get(file, 0) + 1
            kept.append(problem)
        else:
            hidden.setdefault(file, []).append(problem)
    for file, rest in hidden.items():
        severity: Severity = "error" if any(p.severity == "error" for p in rest) else "warning"
        where = Where(file=file, line=max(p.where.line or 0 for p in rest) or None, stage=rest[0].where.stage)
        kept.append(Problem(severity, "problems-more", where, {"count": dotted(len(rest))}))
    return kept


def _row_en(row: str) -> str:
    return row.replace("baris ", "row ")


class Report:
    """Every problem of one run, in the order found, errors and warnings apart."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._problems: list[Problem] = list(problems)

    def add(self, problem: Problem) -> None:
        """Record one problem."""
        self._problems.append(problem)

    def error(self, rule: str, where: Where, **params: Any) -> None:
        """Record an error."""
        self._problems.append(Problem("error", rule, where, params))

    def warning(self, rule: str, where: Where, **params: Any) -> None:
        """Record a warning."""
        self._problems.append(Problem("warning", rule, where, params))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record many problems."""
        self._problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    @property
    def errors(self) -> list[Problem]:
        """Errors, sorted by file and line."""
        return sorted((p for p in self._problems if p.severity == "error"), key=Problem.sort_key)

    @property
    def warnings(self) -> list[Problem]:
        """Warnings, sorted by file and line."""
        return sorted(
            (p for p in self._problems if p.severity == "warning"), key=Problem.sort_key
        )

    def as_dict(self, lang: Lang = "id") -> dict[str, list[dict[str, Any]]]:
        """``{"errors": [...], "warnings": [...]}``."""
        return {
            "errors": [p.as_dict(lang) for p in self.errors],
            "warnings": [p.as_dict(lang) for p in self.warnings],
        }
