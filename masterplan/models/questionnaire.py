"""Questionnaire definitions: stages, sections, questions and their types.

Each question type is a pydantic model (a discriminated union on ``type``)
that says what an answer to it may be: :meth:`QuestionBase.parse` turns what a
person typed into a normalised value or raises :class:`Invalid` with a rule
code for the message catalogue. The answers themselves are never modified.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, model_validator
from typing_extensions import override

from masterplan.answers.filekinds import accepted_text, kind_by_name
from masterplan.answers.invalid import Invalid
from masterplan.answers.nip import check_nip
from masterplan.limits import MAX_NUMBER_DIGITS, NUMBER_LIMIT, dotted
from masterplan.models.choices import ChoiceList, Choices, Strict

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]




@dataclass
class ParseContext:
    """What parsing needs beyond the question: choice lists and region entities."""

    choices: Choices
    opds: dict[str, str] | None = field(default_factory=dict)
    """Lower-cased OPD code -> code; ``None`` when region.yaml could not be read."""

    def choice_list(self, name: str) -> ChoiceList:
        """The shared choice list ``name`` (checked when questionnaires load)."""
        return self.choices.lists[name]


def is_blank(value: Any) -> bool:
    """True for an unanswered value: missing, empty text, empty list or mapping."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, tuple)):
        return len(value) == 0
    return False


# --------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------


class Condition(Strict):
    """When a question is relevant: a small declarative test, never ``eval``.

    Exactly one of: ``equals``, ``in``, ``answered`` (with ``question``), or
    ``all`` / ``any`` of nested conditions. ``question`` names another
    question of the stage, or another column of the same table row.
    """

    question: Identifier | None = None
    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    answered: bool | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [self.equals is not None, self.in_ is not None, self.answered is not None]
        groups = [self.all is not None, self.any is not None]
        if sum(tests) + sum(groups) != 1:
            raise ValueError("tulis tepat satu dari: equals, in, answered, all, any")
        if any(tests) and not self.question:
            raise ValueError("equals, in dan answered memerlukan question")
        if any(groups) and self.question:
            raise ValueError("all dan any tidak memakai question")
        return self

    def referenced(self) -> list[str]:
        """Every question id this condition reads."""
        if self.question:
            return [self.question]
        return [q for c in (self.all or self.any or []) for q in c.referenced()]

    def holds(self, lookup: dict[str, Any]) -> bool:
        """Evaluate against normalised values (``lookup``: id -> value or None)."""
        if self.all is not None:
            return all(c.holds(lookup) for c in self.all)
        if self.any is not None:
            return any(c.holds(lookup) for c in self.any)
        value = lookup.get(self.question or "")
        if self.answered is not None:
            return (not is_blank(value)) == self.answered
        if self.in_ is not None:
            return _loose(value) in {_loose(v) for v in self.in_}
        return _loose(value) == _loose(self.equals)

    def describe(self, labels: dict[str, str], lang: str = "id") -> str:
        """Why the condition does not hold, in words ("«SK Dewan» bukan «ya»")."""
        if self.all is not None or self.any is not None:
            joiner = (" dan " if self.all else " atau ") if lang == "id" else (
                " and " if self.all else " or "
            )
            return joiner.join(c.describe(labels, lang) for c in (self.all or self.any or []))
        name = f'"{labels.get(self.question or "", self.question)}"'
        if self.answered is not None:
            if lang == "id":
                return f"{name} {'belum' if self.answered else 'sudah'} diisi"
            return f"{name} is {'not ' if self.answered else ''}answered"
        wanted = self.in_ if self.in_ is not None else [self.equals]
        shown = " / ".join(quoted(v) for v in wanted)
        return f"{name} bukan {shown}" if lang == "id" else f"{name} is not {shown}"


def _loose(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower()
    return value


def quoted(value: Any) -> str:
    """An answer value as a condition message quotes it: ``"ya"``, ``"SG"``."""
    if value is True:
        return '"ya"'
    if value is False:
        return '"tidak"'
    return f'"{value}"'


# --------------------------------------------------------------------------
# Question types
# --------------------------------------------------------------------------


class QuestionBase(Strict):
    """What every question and table column has."""

    id: Identifier
    label: str = Field(min_length=1)
    label_en: str | None = None
    help: str | None = None
    help_en: str | None = None
    required: bool = False
    relevant: Condition | None = None
    example: Any = None

    kind_label: ClassVar[str] = ""

    def parse(self, raw: Any, ctx: ParseContext) -> Any:
        """Normalise a non-blank ``raw`` answer or raise :class:`Invalid`."""
        raise NotImplementedError

    def choice_list_names(self) -> list[str]:
        """Names of the shared choice lists this question uses."""
        return []


class _TextBase(QuestionBase):
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)

    def _text(self, raw: Any) -> str:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float, dt.date)):
            raise Invalid("type-text")
        text = str(raw).strip()
        if self.min_length is not None and len(text) < self.min_length:
            raise Invalid("length-min", min=self.min_length, length=len(text))
        if self.max_length is not None and len(text) > self.max_length:
            raise Invalid("length-max", max=self.max_length, length=len(text))
        return text


class TextQuestion(_TextBase):
    """Short text (one line): names, numbers of decrees, units."""

    type: Literal["text"]
    pattern: str | None = None
    pattern_hint: str | None = None
    pattern_hint_en: str | None = None

    @model_validator(mode="after")
    def _pattern_compiles(self) -> TextQuestion:
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pola (pattern) tidak valid: {exc}") from exc
        return self

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> str:
        text = self._text(raw)
        if self.pattern and not re.fullmatch(self.pattern, text):
            hint = self.pattern_hint or f"harus cocok dengan pola {self.pattern}"
            raise Invalid("pattern", value=text, hint=hint, hint_en=self.pattern_hint_en or hint)
        return text


class LongTextQuestion(_TextBase):
    """Long text (paragraphs): descriptions, analyses."""

    type: Literal["longtext"]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> str:
        return self._text(raw)


LIMIT_TEXT = dotted(int(NUMBER_LIMIT))


class _NumberBase(QuestionBase):
    min: float | None = None
    max: float | None = None
    unit: str | None = None

    def _bounds(self, value: Decimal) -> None:
        if abs(value) > NUMBER_LIMIT:
            raise Invalid("value-too-large", limit=LIMIT_TEXT, value=_num_short(value))
        if self.min is not None and value < Decimal(repr(self.min)):
            raise Invalid("value-min", min=_num(self.min), value=_num(value))
        if self.max is not None and value > Decimal(repr(self.max)):
            raise Invalid("value-max", max=_num(self.max), value=_num(value))


def _num(value: float | Decimal) -> str:
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f").replace(".", ",")


def _num_short(value: Decimal) -> str:
    """A number that may be very long, as a message can show it: "54.000.000.000.000.000", or cut short."""
    text = _num(value)
    if len(text) > 24:
        return f"{text[:12]}… ({len(text.lstrip('-'))} angka)"
    return dotted(int(value)) if value == value.to_integral_value() else text


_DECIMAL = re.compile(r"^[+-]?\d+(?:[.,]\d+)?\Z")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?\Z")


def _to_number(raw: Any) -> Decimal | None:
    """A number from an int, a float or text like "12,5", "1.500.000" or "12,5%".

    Exact (:class:`~decimal.Decimal`, never through a float for whole numbers); a
    number too long to be an answer raises :class:`Invalid` (``value-too-large``).
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        if abs(raw) > NUMBER_LIMIT:
            raise Invalid("value-too-large", limit=LIMIT_TEXT, value=_big_int(raw))
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw)) if math.isfinite(raw) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip().removesuffix("%").strip().replace(" ", "")
    if _THOUSANDS.match(text):
        text = text.replace(".", "")
    elif not _DECIMAL.match(text):
        return None
    digits = text.lstrip("+-").split(",")[0].split(".")[0].lstrip("0")
    if len(digits) > MAX_NUMBER_DIGITS:
        raise Invalid("value-too-large", limit=LIMIT_TEXT, value=f"{len(digits)} angka")
    return Decimal(text.replace(",", "."))


def _big_int(value: int) -> str:
    """A huge int in words without converting it to text (Python refuses over 4,300 digits)."""
    if value.bit_length() < 128:
        return _num_short(Decimal(value))
    return f"{value.bit_length() * 3 // 10}+ angka"


class IntegerQuestion(_NumberBase):
    """A whole number (counts)."""

    type: Literal["integer"]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> int:
        number = _to_number(raw)
        if number is None or number != number.to_integral_value():
            raise Invalid("type-integer")
        self._bounds(number)
        return int(number)


class DecimalQuestion(_NumberBase):
    """A number with decimals (area, index values)."""

    type: Literal["decimal"]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> float:
        number = _to_number(raw)
        if number is None:
            raise Invalid("type-decimal")
        self._bounds(number)
        return float(number)


class PercentQuestion(_NumberBase):
    """A percentage, 0-100 unless ``min``/``max`` say otherwise (growth may be negative)."""

    type: Literal["percent"]
    min: float | None = 0
    max: float | None = 100

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> float:
        number = _to_number(raw)
        if number is None:
            raise Invalid("type-percent")
        self._bounds(number)
        return float(number)


_RUPIAH_TEXT = re.compile(r"^(?:rp\.?)?\s*(-?[\d.]+)(?:,0+)?$", re.IGNORECASE)


class RupiahQuestion(_NumberBase):
    """An amount in Rupiah: whole, never negative (budgets, PDRB), at most Rp 1.000 triliun."""

    type: Literal["rupiah"]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> int:
        number: Decimal | None
        if isinstance(raw, str):
            match = _RUPIAH_TEXT.match(raw.strip().replace(" ", ""))
            digits = match.group(1) if match else ""
            plain = digits.replace(".", "")
            ok = match and (digits.count(".") == 0 or _THOUSANDS.match(digits))
            number = _to_number(plain) if ok and plain.lstrip("-").isdigit() else None
        else:
            number = _to_number(raw)
        if number is None or number != number.to_integral_value():
            raise Invalid("type-rupiah")
        if number < 0:
            raise Invalid("budget-non-negative", value=_num_short(number))
        self._bounds(number)
        return int(number)


class YearQuestion(QuestionBase):
    """A calendar year."""

    type: Literal["year"]
    min: int | None = None
    max: int | None = None

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> int:
        year = parse_year(raw)
        if year is None:
            raise Invalid("type-year")
        if self.min is not None and year < self.min:
            raise Invalid("value-min", min=self.min, value=year)
        if self.max is not None and year > self.max:
            raise Invalid("value-max", max=self.max, value=year)
        return year


def parse_year(raw: Any) -> int | None:
    """A year 1900-2199 from an int or four digits of text, else ``None``."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        year = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*\d{4}\s*", raw):
        year = int(raw)
    else:
        return None
    return year if 1900 <= year <= 2199 else None


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
_MONTHS_ID = {
    name: number
    for number, names in enumerate(
        [("januari", "jan"), ("februari", "feb", "pebruari"), ("maret", "mar"), ("april", "apr"),
         ("mei",), ("juni", "jun"), ("juli", "jul"), ("agustus", "agu", "agt", "ags"),
         ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov", "nopember"),
         ("desember", "des")],
        start=1,
    )
    for name in names
}
_WORDED_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")


def _worded_date(text: str) -> dt.date | None:
    """A date written the Indonesian way: "19 November 2026", "19 Nop 2026"."""
    match = _WORDED_DATE.fullmatch(text)
    month = _MONTHS_ID.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        return None
    try:
        return dt.date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None


class DateQuestion(QuestionBase):
    """A calendar date: YYYY-MM-DD; also DD-MM-YYYY, DD/MM/YYYY and "19 November 2026"."""

    type: Literal["date"]
    min: dt.date | None = None
    max: dt.date | None = None

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> dt.date:
        value: dt.date | None = None
        if isinstance(raw, dt.datetime):
            value = raw.date()
        elif isinstance(raw, dt.date):
            value = raw
        elif isinstance(raw, str):
            for fmt in _DATE_FORMATS:
                try:
                    value = dt.datetime.strptime(raw.strip(), fmt).date()
                    break
                except ValueError:
                    continue
            value = value or _worded_date(raw.strip())
        if value is None:
            raise Invalid("type-date")
        if self.min and value < self.min:
            raise Invalid("value-min", min=self.min.isoformat(), value=value.isoformat())
        if self.max and value > self.max:
            raise Invalid("value-max", max=self.max.isoformat(), value=value.isoformat())
        return value


class ChoiceQuestion(QuestionBase):
    """One option from a named shared choice list."""

    type: Literal["choice"]
    choices: Identifier

    @override
    def choice_list_names(self) -> list[str]:
        return [self.choices]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> str:
        options = ctx.choice_list(self.choices)
        code = options.match(raw)
        if code is None:
            raise Invalid("type-choice", value=raw, options=options.codes())
        return code


class MultiChoiceQuestion(QuestionBase):
    """Several options from a named shared choice list (a YAML list)."""

    type: Literal["multichoice"]
    choices: Identifier
    min_items: int | None = Field(default=None, ge=0)
    max_items: int | None = Field(default=None, ge=1)

    @override
    def choice_list_names(self) -> list[str]:
        return [self.choices]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> list[str]:
        options = ctx.choice_list(self.choices)
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list):
            raise Invalid("type-multichoice", example=", ".join(options.codes()[:2]))
        codes: list[str] = []
        for index, item in enumerate(items):
            code = options.match(item)
            if code is None:
                raise Invalid("type-choice", at=index, value=item, options=options.codes())
            if code not in codes:
                codes.append(code)
        if self.min_items is not None and len(codes) < self.min_items:
            raise Invalid("value-min", min=self.min_items, value=len(codes))
        if self.max_items is not None and len(codes) > self.max_items:
            raise Invalid("value-max", max=self.max_items, value=len(codes))
        return codes


_YES = {"ya", "y", "yes", "true", "benar", "ada"}
_NO = {"tidak", "t", "no", "false", "salah", "tidak ada"}


class YesNoQuestion(QuestionBase):
    """Ya / tidak."""

    type: Literal["yesno"]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str):
            word = raw.strip().lower()
            if word in _YES:
                return True
            if word in _NO:
                return False
        raise Invalid("type-yesno")


class NipQuestion(QuestionBase):
    """Nomor Induk Pegawai: 18 digits, see :func:`masterplan.answers.nip.check_nip`."""

    type: Literal["nip"]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> str:
        return check_nip(raw)


class FileQuestion(QuestionBase):
    """An attached file in the workspace's ``assets/`` folder: a scan (PDF, JPEG, PNG) or a photo.

    The answer is the file's name relative to the workspace, ``assets/lampiran/sk-dewan.pdf``;
    whether the file is there and is what its name says is checked with the workspace
    (:func:`masterplan.answers.attachments.problem`).
    """

    type: Literal["file"]
    accept: list[Literal["pdf", "jpeg", "png"]] = Field(default=["pdf", "jpeg", "png"], min_length=1)

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> str:
        if not isinstance(raw, str):
            raise Invalid("type-file", accepted=accepted_text(self.accept))
        name = raw.strip().replace("\\", "/")
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or parts[0] != "assets" or len(parts) < 2:
            raise Invalid("file-path", value=name)
        if kind_by_name(name) not in self.accept:
            raise Invalid("type-file", accepted=accepted_text(self.accept))
        return name


RefKind = Literal["opd", "dimension", "subdimension", "program", "quickwin"]


class RefQuestion(QuestionBase):
    """A reference to an entity defined elsewhere.

    ``opd`` (region.yaml), ``dimension`` and ``subdimension`` (the taxonomy)
    are checked here; ``program`` (Bimtek II codes) and ``quickwin`` (Bimtek
    IV codes) are checked by the cross-stage rules once those stages merge.
    """

    type: Literal["ref"]
    ref: RefKind
    multiple: bool = False

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> str | list[str]:
        if self.multiple:
            items = [raw] if isinstance(raw, str) else raw
            if not isinstance(items, list):
                raise Invalid("type-multichoice", example=_REF_EXAMPLE[self.ref])
            values: list[str] = []
            for item in items:
                value = self._one(item, ctx)
                if value not in values:
                    values.append(value)
            return values
        return self._one(raw, ctx)

    def _one(self, raw: Any, ctx: ParseContext) -> str:
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raise Invalid("type-text")
        text = str(raw).strip()
        if self.ref == "opd":
            if ctx.opds is None:  # unknown: region.yaml is broken and reported already
                return text.upper()
            code = ctx.opds.get(text.lower())
            if code is None:
                raise Invalid("opd-exists", value=text, known=sorted(ctx.opds.values()))
            return code
        if self.ref == "dimension":
            found = ctx.choices.dimension_list.match(text)
            if found is None:
                raise Invalid("dimension-exists", value=text, known=ctx.choices.dimension_list.codes())
            return found
        if self.ref == "subdimension":
            found = ctx.choices.subdimension_list.match(text)
            if found is None:
                known = ctx.choices.subdimension_list.codes()
                raise Invalid("subdimension-exists", value=text, known=known)
            return found
        return text.upper()


_REF_EXAMPLE = {
    "opd": "DISKOMINFO, BAPPEDA",
    "dimension": "SG, SE",
    "subdimension": "SG-LAYANAN",
    "program": "SG-01, SL-03",
    "quickwin": "QW-01",
}


class TimelineQuestion(QuestionBase):
    """A status per year: ``{2027: persiapan, 2028: pembangunan, ...}``.

    Years are checked against the plan's period by the ``roadmap-in-period`` rule.
    """

    type: Literal["timeline"]
    choices: Identifier

    @override
    def choice_list_names(self) -> list[str]:
        return [self.choices]

    @override
    def parse(self, raw: Any, ctx: ParseContext) -> dict[int, str]:
        if not isinstance(raw, dict):
            raise Invalid("type-timeline")
        options = ctx.choice_list(self.choices)
        timeline: dict[int, str] = {}
        for key, status in raw.items():
            year = parse_year(key)
            if year is None:
                raise Invalid("type-timeline-year", at=key, value=key)
            code = options.match(status)
            if code is None:
                options_text = options.codes()
                raise Invalid("type-timeline-status", at=key, year=year, value=status, options=options_text)
            timeline[year] = code
        return dict(sorted(timeline.items()))


Column = Annotated[
    TextQuestion
    | LongTextQuestion
    | IntegerQuestion
    | DecimalQuestion
    | PercentQuestion
    | RupiahQuestion
    | YearQuestion
    | DateQuestion
    | ChoiceQuestion
    | MultiChoiceQuestion
    | YesNoQuestion
    | NipQuestion
    | RefQuestion
    | TimelineQuestion
    | FileQuestion,
    Field(discriminator="type"),
]


class TableQuestion(QuestionBase):
    """Repeatable rows with typed columns; ``key`` names a column whose values are unique."""

    type: Literal["table"]
    columns: list[Column] = Field(min_length=1)
    key: Identifier | None = None
    row_name: str | None = None
    row_name_en: str | None = None
    min_rows: int | None = Field(default=None, ge=0)
    max_rows: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _columns_consistent(self) -> TableQuestion:
        ids = [c.id for c in self.columns]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"id kolom ganda: {', '.join(duplicates)}")
        if self.key is not None and self.key not in ids:
            raise ValueError(f'kolom kunci "{self.key}" tidak ada di columns')
        for column in self.columns:
            for ref in column.relevant.referenced() if column.relevant else []:
                if ref not in ids:
                    raise ValueError(f'kolom "{column.id}": relevant merujuk kolom "{ref}" yang tidak ada')
        return self

    @cached_property
    def column_map(self) -> dict[str, QuestionBase]:
        """Column id -> column."""
        return {c.id: c for c in self.columns}

    @property
    def key_column(self) -> QuestionBase | None:
        """The key column, if the table has one."""
        return self.column_map[self.key] if self.key else None

    @override
    def choice_list_names(self) -> list[str]:
        return [name for c in self.columns for name in c.choice_list_names()]

    def row_title(self, key: Any, number: int, lang: str = "id") -> str:
        """How a row is named in messages: "program SG-03", or "baris 4" without a key."""
        if key not in (None, "") and self.row_name:
            name = self.row_name_en if lang == "en" and self.row_name_en else self.row_name
            return f"{name} {key}"
        return f"baris {number}" if lang == "id" else f"row {number}"


Question = Annotated[
    TextQuestion
    | LongTextQuestion
    | IntegerQuestion
    | DecimalQuestion
    | PercentQuestion
    | RupiahQuestion
    | YearQuestion
    | DateQuestion
    | ChoiceQuestion
    | MultiChoiceQuestion
    | YesNoQuestion
    | NipQuestion
    | RefQuestion
    | TimelineQuestion
    | FileQuestion
    | TableQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES = [
    "text", "longtext", "integer", "decimal", "percent", "rupiah", "year", "date",
    "choice", "multichoice", "yesno", "nip", "ref", "timeline", "file", "table",
]


class Section(Strict):
    """A titled group of questions."""

    id: Identifier
    title: str
    title_en: str | None = None
    help: str | None = None
    help_en: str | None = None
    questions: list[Question] = Field(min_length=1)


class Questionnaire(Strict):
    """One Bimtek stage as data."""

    stage: int = Field(ge=1, le=4)
    id: Annotated[str, Field(pattern=r"^bimtek-[1-4]$")]
    version: str
    title: str
    title_en: str | None = None
    output: str | None = None
    description: str | None = None
    sections: list[Section] = Field(min_length=1)

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Question id -> question, over all sections, in order."""
        return {q.id: q for s in self.sections for q in s.questions}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        """Question id -> its section."""
        return {q.id: s for s in self.sections for q in s.questions}

    @cached_property
    def labels(self) -> dict[str, str]:
        """Question id -> label."""
        return {q.id: q.label for q in self.questions.values()}

    def table(self, question_id: str) -> TableQuestion:
        """The table question ``question_id`` (a programming error if it is not one)."""
        question = self.questions[question_id]
        assert isinstance(question, TableQuestion), question_id
        return question
