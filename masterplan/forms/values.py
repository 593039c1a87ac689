"""Answers and cell values, both ways.

The export writes a valid answer in a form the import reads back to the same
value (a choice as its code, several choices as ``APBD, CSR``, a timeline
outside a table as ``2027: persiapan; 2028: pembangunan``) and an invalid
answer as typed. The import turns a cell back into what a person would have
written in the YAML file; the question models then parse it exactly as
``check`` does.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from masterplan.answers.nip import format_nip
from masterplan.models.questionnaire import (
    MultiChoiceQuestion,
    NipQuestion,
    QuestionBase,
    RefQuestion,
    TimelineQuestion,
)

TEXT_FORMAT = "@"
"""Excel's "Text" format: what is typed stays text (no formulas, no dates from "1-2")."""

NUMBER_FORMATS = {
    "integer": "#,##0",
    "rupiah": "#,##0",
    "decimal": "General",
    "percent": "General",
    "year": "0",
    "date": "dd/mm/yyyy",
}

ESCAPED_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with one of these would be read as a formula; it is written with a quote prefix."""

_SPLIT = re.compile(r"[,;\n]")
_PAIRS = re.compile(r"[;\n]")


def kind(question: QuestionBase) -> str:
    """The question's ``type`` ("text", "rupiah", ...)."""
    return str(getattr(question, "type", ""))


def number_format(question: QuestionBase) -> str:
    """The cell format of an answer to ``question``."""
    return NUMBER_FORMATS.get(kind(question), TEXT_FORMAT)


def is_multiple(question: QuestionBase) -> bool:
    """True when one cell holds several codes separated by commas."""
    return isinstance(question, MultiChoiceQuestion) or (
        isinstance(question, RefQuestion) and question.multiple
    )


def needs_escape(value: Any) -> bool:
    """True for text a spreadsheet would otherwise take for a formula."""
    return isinstance(value, str) and value.startswith(ESCAPED_STARTS)


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def timeline_text(mapping: dict[Any, Any]) -> str:
    """``2027: persiapan; 2028: pembangunan``."""
    return "; ".join(f"{year}: {'' if status is None else status}" for year, status in mapping.items())


def parse_timeline_text(text: str) -> list[tuple[Any, Any]]:
    """``(year, status)`` pairs from :func:`timeline_text`; a piece without ``:`` is a year alone."""
    pairs: list[tuple[Any, Any]] = []
    for piece in _PAIRS.split(text):
        if not piece.strip():
            continue
        year, colon, status = piece.partition(":")
        key: Any = year.strip()
        if key.isdigit() and len(key) == 4:
            key = int(key)
        pairs.append((key, status.strip() if colon else None))
    return pairs


def display(question: QuestionBase, value: Any) -> Any:
    """The cell value of a valid, normalised answer (never a timeline inside a table)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(question, NipQuestion):
        return format_nip(value)
    if isinstance(question, TimelineQuestion):
        return timeline_text(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float):
        return _plain_number(value)
    return value


def raw_display(raw: Any) -> Any:
    """The cell value of an answer that is not valid: as typed, lists and mappings as text."""
    if raw is None or isinstance(raw, (str, bool, int, float, dt.date)):
        return raw
    if isinstance(raw, list):
        return ", ".join(str(raw_display(item)) for item in raw)
    if isinstance(raw, dict):
        return timeline_text({key: raw_display(item) for key, item in raw.items()})
    return str(raw)


def from_cell(question: QuestionBase, value: Any) -> Any:
    """What a person would have written in YAML for this cell (``None`` when blank)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    elif isinstance(value, (dt.time, dt.timedelta)):
        value = str(value)
    if is_multiple(question):
        if isinstance(value, str):
            return [item.strip() for item in _SPLIT.split(value) if item.strip()]
        return [value]
    if isinstance(question, TimelineQuestion) and isinstance(value, str):
        return dict(parse_timeline_text(value)) or value
    return value
