"""Data validations: drop-downs for codes, number, year, date and length checks, and input messages.

Validations help while typing; they are not what decides. The import checks
every cell with the question models whatever the spreadsheet program let
through, and answers that were invalid already are written back as typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.worksheet.datavalidation import DataValidation

from masterplan.forms.guide import bounds, hint
from masterplan.forms.lists import SUB_PREFIX, ListRefs, list_key
from masterplan.models.questionnaire import (
    ChoiceQuestion,
    DateQuestion,
    LongTextQuestion,
    QuestionBase,
    RefQuestion,
    TextQuestion,
    TimelineQuestion,
    YesNoQuestion,
)

_EPOCH = dt.date(1899, 12, 30)
_BIG = 999_999_999_999_999
_RANGES = {
    "integer": ("whole", -_BIG, _BIG),
    "rupiah": ("whole", 0, _BIG),
    "decimal": ("decimal", -_BIG, _BIG),
    "percent": ("decimal", 0, 100),
    "year": ("whole", 1900, 2199),
}


def _serial(day: dt.date) -> str:
    return str((day - _EPOCH).days)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _make(
    kind: str | None, title: str, prompt: str, *, refuse: bool = True, **options: object
) -> DataValidation:
    return DataValidation(
        type=kind,
        allow_blank=True,
        showInputMessage=True,
        promptTitle=_short(title, 32),
        prompt=_short(prompt, 255),
        showErrorMessage=refuse and kind is not None,
        errorTitle="Isian tidak sesuai",
        **options,  # type: ignore[arg-type]
    )


def _number(question: QuestionBase, title: str, prompt: str) -> DataValidation | None:
    kind = str(getattr(question, "type", ""))
    if kind not in _RANGES:
        return None
    rule, low, high = _RANGES[kind]
    minimum, maximum = getattr(question, "min", None), getattr(question, "max", None)
    low = low if minimum is None else minimum
    high = high if maximum is None else maximum
    if kind in ("year", "rupiah"):  # the models refuse these anyway
        low, high = max(low, _RANGES[kind][1]), min(high, _RANGES[kind][2])
    words = "bilangan bulat" if rule == "whole" else "angka"
    error = f"Isi {words} {bounds(low, high)}."
    first, second = (str(int(v)) if float(v).is_integer() else str(v) for v in (low, high))
    return _make(rule, title, prompt, operator="between", formula1=first, formula2=second, error=error)


def _length(question: TextQuestion | LongTextQuestion, title: str, prompt: str) -> DataValidation | None:
    low, high = question.min_length, question.max_length
    if not low and not high:
        return None
    if low and high:
        options: dict[str, Any] = {"operator": "between", "formula1": str(low), "formula2": str(high)}
    elif high:
        options = {"operator": "lessThanOrEqual", "formula1": str(high)}
    else:
        options = {"operator": "greaterThanOrEqual", "formula1": str(low)}
    error = f"Panjang teks {bounds(low, high)} karakter."
    return _make("textLength", title, prompt, error=error, **options)


def _dropdown(
    question: QuestionBase, refs: ListRefs, title: str, prompt: str, dimension_cell: str | None
) -> DataValidation | None:
    key = list_key(question)
    source = refs.get(key) if key else None
    if source is None:
        return None
    multiple = not isinstance(question, (ChoiceQuestion, RefQuestion, TimelineQuestion)) or (
        isinstance(question, RefQuestion) and question.multiple
    )
    if multiple:  # several codes in one cell: the list helps, it cannot refuse
        return _make("list", title, prompt, formula1=source, refuse=False)
    if key == "subdimension" and refs.by_dimension and dimension_cell:
        chosen = f'INDIRECT("{SUB_PREFIX}"&{dimension_cell})'
        formula = f"IF(ISREF({chosen}),{chosen},{source})"
        error = "Pilih subdimensi dari dimensi baris ini (lihat lembar Daftar Pilihan)."
        return _make("list", title, prompt, formula1=formula, error=error, errorStyle="warning")
    if key == "program":  # a programme may be new: warn, do not refuse
        error = "Kode program ini belum ada di Bimtek II. Lanjutkan bila memang program baru."
        return _make("list", title, prompt, formula1=source, error=error, errorStyle="warning")
    return _make("list", title, prompt, formula1=source, error="Pilih salah satu kode dari daftar.")


def validation_for(
    question: QuestionBase,
    refs: ListRefs,
    *,
    dimension_cell: str | None = None,
    timeline_year: bool = False,
    prompt: str | None = None,
) -> DataValidation:
    """The validation of an answer cell of ``question`` (an input message at least).

    ``dimension_cell`` (``$B5``) is the row's dimension, for a sub-dimension
    drop-down limited to it; ``timeline_year`` marks one year column of a
    timeline, whose cells take one status each.
    """
    title = question.label
    text = prompt or hint(question)
    if isinstance(question, YesNoQuestion):
        return _make("list", title, text, formula1='"ya,tidak"', error='Isi "ya" atau "tidak".')
    if isinstance(question, DateQuestion):
        low = question.min or dt.date(1900, 1, 1)
        high = question.max or dt.date(2199, 12, 31)
        error = f"Isi tanggal {bounds(low.strftime('%d/%m/%Y'), high.strftime('%d/%m/%Y'))}."
        return _make(
            "date",
            title,
            text,
            operator="between",
            formula1=_serial(low),
            formula2=_serial(high),
            error=error,
        )
    found: DataValidation | None = None
    if isinstance(question, TimelineQuestion):
        found = _dropdown(question, refs, title, text, None) if timeline_year else None
    elif list_key(question) is not None:
        found = _dropdown(question, refs, title, text, dimension_cell)
    elif isinstance(question, (TextQuestion, LongTextQuestion)):
        found = _length(question, title, text)
    else:
        found = _number(question, title, text)
    return found or _make(None, title, text)
