"""What a section form shows: one control per question or table cell, driven by the questionnaire model.

Nothing here knows a question by name: the type of each question decides its
control (a select for a choice or a reference, checkboxes for several codes,
a text area for long text, a select per year for a timeline, rows of controls
for a table), and the problems of ``check`` and the mentors' notes are placed
beside the question, row or cell they are about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from masterplan.answers.attachments import MAX_BYTES
from masterplan.answers.filekinds import accepted_text
from masterplan.checks.plan import Plan
from masterplan.checks.problems import Problem
from masterplan.forms.guide import bounds
from masterplan.models.questionnaire import (
    ChoiceQuestion,
    DateQuestion,
    DecimalQuestion,
    FileQuestion,
    IntegerQuestion,
    Invalid,
    LongTextQuestion,
    MultiChoiceQuestion,
    NipQuestion,
    ParseContext,
    PercentQuestion,
    QuestionBase,
    RefQuestion,
    RupiahQuestion,
    Section,
    TableQuestion,
    TextQuestion,
    TimelineQuestion,
    YearQuestion,
    YesNoQuestion,
    is_blank,
)
from masterplan.web.formdata import (
    READER_BUGS,
    RowData,
    SectionData,
    as_text,
    field_name,
    is_multiple,
    marker,
)
from masterplan.workflow.state import Note

REF_TABLES: dict[str, tuple[int, str]] = {"program": (2, "programs"), "quickwin": (4, "quick_wins")}
"""Where the codes a ``program`` or ``quickwin`` reference may name are defined (as the rules read them)."""


@dataclass(frozen=True)
class Option:
    """One option of a select or a checkbox list; ``invalid`` marks a value kept as typed."""

    value: str
    label: str
    invalid: bool = False


@dataclass
class YearCell:
    """One year of a timeline control."""

    key: str
    name: str
    selected: str
    options: list[Option]


@dataclass
class Control:
    """One form control (a question's, or a table cell's)."""

    name: str
    kind: str  # "text" | "textarea" | "select" | "search" | "checks" | "timeline" | "file"
    label: str
    question: QuestionBase
    value: str = ""
    selected: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    years: list[YearCell] = field(default_factory=list)
    inputmode: str | None = None
    problems: list[str] = field(default_factory=list)
    datalist: str = ""  # "search": the id of the page's shared list of suggestions
    display: str = ""  # "search": the label of the chosen value ("SG-01 — Satu Data Sukamaju")

    @property
    def id(self) -> str:
        """The HTML id of the control."""
        return "f-" + self.name.replace(".", "-")

    @property
    def marker(self) -> str:
        """The hidden field saying the control was in the form (:func:`~masterplan.web.formdata.marker`)."""
        return marker(self.name)


@dataclass
class RowView:
    """One table row of the form."""

    index: int
    src: int | None
    title: str
    controls: list[Control]
    removed: bool = False
    extra: list[tuple[str, str]] = field(default_factory=list)
    opaque: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    returned: bool = False

    @property
    def has_problems(self) -> bool:
        """True when the row or one of its cells shows a problem."""
        return bool(self.problems) or any(c.problems for c in self.controls)


@dataclass
class QuestionView:
    """One question of the form: a control, or the rows of a table."""

    question: QuestionBase
    control: Control | None = None
    rows: list[RowView] | None = None
    columns: list[QuestionBase] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    not_asked: str | None = None  # why a conditional question is not asked now

    @property
    def count_name(self) -> str:
        """The hidden field holding a table's row count."""
        return field_name(self.question.id, "_n")

    @property
    def marker(self) -> str:
        """The hidden field saying the question was in the form; without it the question is left as it is."""
        return marker(field_name(self.question.id))

    @property
    def is_table(self) -> bool:
        """True for a table question."""
        return self.rows is not None


@dataclass
class SummaryItem:
    """One problem in the summary at the top of the form, linked to where it is shown."""

    text: str  # 'program SG-01 / "Pagu": harus berupa angka'
    severity: str  # "error" or "warning"
    block: str  # the id of the question's or row's box
    field: str = ""  # the id of the control, when the problem is beside one
    order: tuple[int, int, int] = (0, -1, -1)  # question, row and column in the form: the summary's order


@dataclass
class SectionView:
    """The whole form: its questions and what could not be placed beside one."""

    questions: list[QuestionView]
    other_problems: list[Problem] = field(default_factory=list)
    summary: list[SummaryItem] = field(default_factory=list)  # errors first, in form order
    notes: list[Note] = field(default_factory=list)
    datalists: dict[str, list[Option]] = field(default_factory=dict)  # shared lists of "search" controls


def hint(question: QuestionBase) -> str:
    """What a question accepts, in a few words."""
    parts: list[str] = []
    if isinstance(question, TextQuestion):
        parts.append(question.pattern_hint or "teks satu baris")
    elif isinstance(question, LongTextQuestion):
        parts.append("teks panjang; boleh beberapa paragraf")
    elif isinstance(question, RupiahQuestion):
        parts.append("rupiah tanpa desimal, misalnya 150000000 atau 150.000.000")
    elif isinstance(question, IntegerQuestion):
        parts.append("bilangan bulat")
    elif isinstance(question, PercentQuestion):
        parts.append("persen, misalnya 12,5")
    elif isinstance(question, DecimalQuestion):
        parts.append("angka; desimal dengan koma, misalnya 12,5")
    elif isinstance(question, YearQuestion):
        parts.append("tahun, misalnya 2027")
    elif isinstance(question, DateQuestion):
        parts.append("tanggal TTTT-BB-HH, misalnya 2026-11-20, atau 20/11/2026")
    elif isinstance(question, NipQuestion):
        parts.append("NIP 18 angka; spasi boleh")
    elif is_multiple(question):
        parts.append("pilih satu atau lebih")
    elif isinstance(question, ChoiceQuestion | RefQuestion | YesNoQuestion):
        parts.append("pilih salah satu")
    elif isinstance(question, TimelineQuestion):
        parts.append("status per tahun; kosongkan tahun saat program belum berjalan")
    elif isinstance(question, FileQuestion):
        parts.append(f"berkas {accepted_text(question.accept)}, paling besar {MAX_BYTES // 1024 // 1024} MB")
    elif isinstance(question, TableQuestion):
        parts.append("tabel; satu isian per baris")
    parts.append(bounds(getattr(question, "min", None), getattr(question, "max", None)))
    if getattr(question, "max_length", None):
        parts.append(f"paling banyak {question.max_length} karakter")  # type: ignore[attr-defined]
    if getattr(question, "unit", None):
        parts.append(f"satuan: {question.unit}")  # type: ignore[attr-defined]
    return "; ".join(p for p in parts if p)


_INPUTMODE = {
    "integer": "numeric",
    "rupiah": "numeric",
    "year": "numeric",
    "decimal": "decimal",
    "percent": "decimal",
    "nip": "numeric",
}


LONG_LIST = 40  # a reference list longer than this is a searchable text field, not a select


class Choices:
    """The options of every select and checkbox list, from the choice lists, region.yaml and the plan."""

    def __init__(self, ctx: ParseContext, plan: Plan | None, years: list[int]) -> None:
        self.ctx = ctx
        self.plan = plan
        self.years = years
        self._refs: dict[str, list[Option]] = {}
        self._labels: dict[int, dict[str, str]] = {}
        self.datalists: dict[str, list[Option]] = {}  # the shared lists the controls made so far use

    def labels(self, options: list[Option]) -> dict[str, str]:
        """Value -> label of ``options`` (kept per list: a table's rows share their column's options)."""
        found = self._labels.get(id(options))
        if found is None:
            found = self._labels[id(options)] = {o.value: o.label for o in options}
        return found

    def datalist(self, question: QuestionBase, options: list[Option]) -> str:
        """The id of a shared suggestion list for a long reference list (e.g. programmes); "" otherwise.

        A select per row of a table of 800 programmes would repeat 800 options 800 times; a text
        field with one shared ``<datalist>`` sends the code the same way and can be searched.
        """
        if not isinstance(question, RefQuestion) or len(options) <= LONG_LIST:
            return ""
        name = f"daftar-{question.ref}"
        self.datalists[name] = options
        return name

    def options(self, question: QuestionBase) -> list[Option] | None:
        """The options of ``question``; ``None`` when it is answered by typing."""
        if isinstance(question, ChoiceQuestion | MultiChoiceQuestion | TimelineQuestion):
            return [_option(o.code, o.label) for o in self.ctx.choice_list(question.choices).options]
        if isinstance(question, YesNoQuestion):
            return [Option("ya", "ya"), Option("tidak", "tidak")]
        if isinstance(question, RefQuestion):
            found = self._ref(question.ref)
            return found or None
        return None

    def _ref(self, kind: str) -> list[Option]:
        if kind not in self._refs:
            self._refs[kind] = self._load_ref(kind)
        return self._refs[kind]

    def _load_ref(self, kind: str) -> list[Option]:
        choices = self.ctx.choices
        if kind == "opd":
            opds = self.plan.region.opds if self.plan else []
            return [Option(o.code, f"{o.code} — {o.name}") for o in opds]
        if kind == "dimension":
            return [_option(o.code, o.label) for o in choices.dimension_list.options]
        if kind == "subdimension":
            return [_option(o.code, o.label) for o in choices.subdimension_list.options]
        if self.plan is None or kind not in REF_TABLES:
            return []
        stage, question = REF_TABLES[kind]
        table = self.plan.definitions.stage(stage).questions.get(question)
        key = table.key if isinstance(table, TableQuestion) else None
        found: dict[str, str] = {}
        for row in self.plan.rows(stage, question) if key else []:
            code = row.get(key or "")
            if code is not None:
                found.setdefault(str(code).upper(), str(row.get("name") or ""))
        return [
            Option(code, f"{code} — {_short(name)}" if name else code) for code, name in sorted(found.items())
        ]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _option(code: str, label: str) -> Option:
    return Option(code, code if label.casefold() == code.casefold() else f"{code} — {label}")


def _parse_or_none(question: QuestionBase, raw: Any, ctx: ParseContext) -> Any:
    try:
        return question.parse(raw, ctx)
    except (Invalid, *READER_BUGS):
        return None


def control(question: QuestionBase, raw: Any, name: str, choices: Choices) -> Control:
    """The control of one question or cell holding ``raw`` (the value as typed)."""
    ctx = choices.ctx
    options = choices.options(question)
    label = question.label
    kind = getattr(question, "type", "text")
    if isinstance(question, FileQuestion) and (is_blank(raw) or isinstance(raw, str)):
        return Control(name, "file", label, question, value=as_text(raw))
    if isinstance(question, TimelineQuestion) and (is_blank(raw) or isinstance(raw, dict)):
        return Control(name, "timeline", label, question, years=_timeline(question, raw, name, choices))
    if options is not None and is_multiple(question):
        items = raw if isinstance(raw, list) else ([] if is_blank(raw) else [raw])
        selected, extra = [], []
        known = {o.value for o in options}
        for item in items:
            parsed = _parse_or_none(question, [item], ctx)
            code = str(parsed[0]) if parsed else None
            if code in known:
                selected.append(code)
            else:
                text = as_text(item)
                extra.append(Option(text, f"{text} (tidak dikenal)", invalid=True))
                selected.append(text)
        return Control(name, "checks", label, question, selected=selected, options=[*options, *extra])
    if options is not None and not isinstance(question, TimelineQuestion):
        value = ""
        extra = []
        labels = choices.labels(options)
        if not is_blank(raw):
            parsed = _parse_or_none(question, raw, ctx)
            if isinstance(parsed, bool):
                parsed = "ya" if parsed else "tidak"
            if parsed is not None and str(parsed) in labels:
                value = str(parsed)
            else:
                value = as_text(raw)
                extra = [Option(value, f"{value} (tidak dikenal)", invalid=True)]
        shared = choices.datalist(question, options)
        if shared:
            display = labels.get(value, f"{value} (tidak dikenal)" if value else "")
            return Control(name, "search", label, question, value=value, datalist=shared, display=display)
        return Control(name, "select", label, question, value=value, options=[*options, *extra])
    textarea = isinstance(question, LongTextQuestion) or (isinstance(raw, str) and "\n" in raw)
    return Control(
        name,
        "textarea" if textarea else "text",
        label,
        question,
        value=as_text(raw),
        inputmode=_INPUTMODE.get(kind),
    )


def _timeline(question: TimelineQuestion, raw: Any, name: str, choices: Choices) -> list[YearCell]:
    statuses = choices.ctx.choice_list(question.choices)
    base = [_option(o.code, o.label) for o in statuses.options]
    values: dict[str, Any] = {as_text(k): v for k, v in (raw or {}).items()}
    keys = [str(year) for year in choices.years]
    keys += sorted(k for k in values if k not in keys)
    cells = []
    for index, key in enumerate(keys):
        status = values.get(key)
        selected, options = "", base
        if not is_blank(status):
            code = statuses.match(status)
            if code is not None:
                selected = code
            else:
                selected = as_text(status)
                options = [*base, Option(selected, f"{selected} (tidak dikenal)", invalid=True)]
        cells.append(YearCell(key, f"{name}.tahun.{index}", selected, options))
    return cells


def section_view(
    section: Section,
    data: SectionData,
    choices: Choices,
    lookup: dict[str, Any] | None = None,
) -> SectionView:
    """The form of ``section`` holding ``data``; ``lookup`` (merged values) decides conditional questions."""
    views = []
    for question in section.questions:
        view = QuestionView(question)
        if question.relevant is not None and lookup is not None and not question.relevant.holds(lookup):
            labels = {q.id: q.label for q in section.questions}
            view.not_asked = question.relevant.describe(labels)
        if isinstance(question, TableQuestion):
            view.columns = list(question.columns)
            view.rows = [
                _row_view(question, index, row, choices)
                for index, row in enumerate(data.get(question.id) or [])
            ]
        else:
            view.control = control(question, data.get(question.id), field_name(question.id), choices)
        views.append(view)
    return SectionView(views, datalists=choices.datalists)


def _row_view(table: TableQuestion, index: int, row: RowData, choices: Choices) -> RowView:
    key = row.values.get(table.key) if table.key else None
    title = table.row_title(None if is_blank(key) else as_text(key).strip(), index + 1)
    controls = [
        control(column, row.values.get(column.id), field_name(table.id, index, column.id), choices)
        for column in table.columns
    ]
    return RowView(
        index,
        row.src,
        title,
        controls,
        removed=row.removed,
        extra=[(k, as_text(v)) for k, v in row.extra.items()],
        opaque=None if row.opaque is None else as_text(row.opaque),
        returned=row.returned,
    )


# --- problems and notes beside their place ---------------------------------------------------


def _row_titles(table: TableQuestion, rows: list[RowView], data_rows: list[RowData]) -> dict[str, list[int]]:
    """Every way ``check`` may name a row of the file -> the row indexes it names."""
    titles: dict[str, list[int]] = {}
    for view, row in zip(rows, data_rows, strict=True):
        if row.src is None:
            continue
        number = row.src + 1
        names = {table.row_title(None, number)}
        key = row.values.get(table.key) if table.key else None
        if not is_blank(key):
            names.add(table.row_title(as_text(key).strip(), number))
            names.add(table.row_title(as_text(key).strip().upper(), number))
        for name in names:
            titles.setdefault(name, []).append(view.index)
    return titles


def place_problems(view: SectionView, data: SectionData, problems: Iterable[Problem]) -> None:
    """Put each problem of the file beside its question, row or cell; the rest go to the top.

    Each placed problem is also listed in ``view.summary`` (errors first, then in form order)
    with the ids of the control and the box it is shown in.
    """
    by_id = {q.question.id: q for q in view.questions}
    position = {q.question.id: n for n, q in enumerate(view.questions)}
    titles_of: dict[str, dict[str, list[int]]] = {}  # each table's row names, worked out once
    for problem in problems:
        where = problem.where
        question = by_id.get(where.question or "")
        if question is None:
            view.other_problems.append(problem)
            continue
        text = problem.message("id")
        context = problem.context("id")
        summary = f"{context}: {text}" if context else text
        box = f"q-{question.question.id}"
        place = position[question.question.id]
        severity = problem.severity
        if question.rows is None or not where.row:
            if question.control is not None and not where.row:
                question.control.problems.append(text)
                view.summary.append(SummaryItem(summary, severity, box, question.control.id, (place, -1, -1)))
            else:
                question.problems.append(f"{context}: {text}")
                view.summary.append(SummaryItem(summary, severity, box, "", (place, -1, -1)))
            continue
        table = question.question
        assert isinstance(table, TableQuestion)
        if table.id not in titles_of:
            titles_of[table.id] = _row_titles(table, question.rows, data.get(table.id) or [])
        indexes = titles_of[table.id].get(where.row, [])
        if not indexes:
            question.problems.append(f"{context}: {text}")
            view.summary.append(SummaryItem(summary, severity, box, "", (place, -1, -1)))
            continue
        columns = {c.label: c.id for c in table.columns}
        for index in indexes:
            row = question.rows[index]
            row_box = f"{table.id}-{row.index}"
            wanted = columns.get(where.column or "")
            found = [n for n, c in enumerate(row.controls) if c.question.id == wanted]
            if found:
                cell = row.controls[found[0]]
                cell.problems.append(text)
                at = (place, index, found[0])
                view.summary.append(SummaryItem(summary, severity, row_box, cell.id, at))
            else:
                row.problems.append(f'"{where.column}": {text}' if where.column else text)
                view.summary.append(SummaryItem(summary, severity, row_box, "", (place, index, -1)))
    view.summary.sort(key=lambda item: (item.severity != "error", item.order))


def place_notes(view: SectionView, notes: Iterable[Note], section_id: str, stage: int) -> None:
    """Put each open note beside the question or programme row it is about."""
    by_id = {q.question.id: q for q in view.questions}
    for note in notes:
        kind, _, target = note.target.partition(":")
        if kind == "question" and target in by_id:
            by_id[target].notes.append(note)
        elif kind == "section" and target == section_id:
            view.notes.append(note)
        elif kind == "row":
            for question in view.questions:
                for row in question.rows or []:
                    if any(_names_program(question.question, c, target, stage) for c in row.controls):
                        row.notes.append(note)


def _holds_program(table: QuestionBase, control: Control, stage: int) -> bool:
    """True when ``control`` names a programme: the programmes table's key, or a reference to one."""
    question = control.question
    is_reference = isinstance(question, RefQuestion) and question.ref == "program"
    is_key = (stage, table.id) == REF_TABLES["program"] and getattr(table, "key", None) == question.id
    return is_reference or is_key


def _names_program(table: QuestionBase, control: Control, code: str, stage: int) -> bool:
    """True when ``control`` holds the programme ``code``: the programmes table's key, or a reference."""
    return _holds_program(table, control, stage) and control.value.strip().upper() == code.upper()


def row_program(table: QuestionBase, row: RowView, stage: int) -> str:
    """The code of the programme a table row is about ("" when it names none): a note on it is on that row."""
    for control in row.controls:
        if _holds_program(table, control, stage) and control.value.strip():
            return control.value.strip().upper()
    return ""
