"""Between one questionnaire section of an answers file and an HTML form, both ways.

A section's answers are held as :data:`SectionData` (question id -> the value
as typed, or a list of :class:`RowData` for a table). :func:`from_answers`
reads them from a round-trip YAML document, :func:`from_form` from a submitted
form, and :func:`apply` writes them back into the document so that
:func:`dump` gives the whole file again.

Values are typed as the YAML path would type them: a valid number is a
number, a valid date a date, and anything a question does not accept stays
the text that was typed, so nothing is lost and ``check`` reports it. A value
that means the same as the one in the file (``Rp150.000.000`` and
``150000000``) leaves the file's own writing, comments and layout alone.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from werkzeug.datastructures import MultiDict

from masterplan.answers.yamlio import new_yaml, parse_yaml_bytes
from masterplan.checks.problems import Where
from masterplan.limits import MAX_TABLE_ROWS
from masterplan.models.questionnaire import (
    DateQuestion,
    DecimalQuestion,
    IntegerQuestion,
    Invalid,
    MultiChoiceQuestion,
    ParseContext,
    PercentQuestion,
    QuestionBase,
    RefQuestion,
    RupiahQuestion,
    Section,
    TableQuestion,
    TimelineQuestion,
    YearQuestion,
    is_blank,
)

MAX_ROWS = MAX_TABLE_ROWS
"""Most table rows one form may submit: what the answers reader accepts."""

MARK = "_ada"
"""The last part of a presence marker's name (see :func:`marker`)."""

READER_BUGS = (ValueError, TypeError, ArithmeticError)
"""What a question's reader may raise on a crafted value besides ``Invalid`` (a bug of the reader).

Such a value is refused with a 400 page rather than saved, and never a 500.
"""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TYPED = (IntegerQuestion, DecimalQuestion, PercentQuestion, RupiahQuestion, YearQuestion, DateQuestion)
_FOLD_AT = 96


@dataclass
class RowData:
    """One table row: its place in the file (``src``), its cells and what the form cannot show.

    ``extra`` holds keys that are not columns of the table, ``opaque`` a row
    that is not a mapping at all; both are kept as they are unless the row is removed.
    """

    src: int | None
    values: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    opaque: Any = None
    removed: bool = False
    returned: bool = False  # a row of the current file that a stale submission lacked

    def blank(self) -> bool:
        """True when the row holds nothing at all."""
        return (
            self.opaque is None and not self.extra and all(is_blank(value) for value in self.values.values())
        )


SectionData = dict[str, Any]
"""Question id -> the value as typed (``None`` when blank), or a list of :class:`RowData`."""


def field_name(question_id: str, *parts: object) -> str:
    """The form field of a question, a table row or one of its cells: ``q.programs.0.budget``."""
    return ".".join(["q", question_id, *(str(p) for p in parts)])


# --- reading ------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A round-trip YAML value as plain Python (str, int, float, bool, date, list, dict)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def from_answers(section: Section, answers: Mapping[str, Any] | None) -> SectionData:
    """The section's answers as the file holds them."""
    answers = answers or {}
    data: SectionData = {}
    for question in section.questions:
        raw = answers.get(question.id)
        if isinstance(question, TableQuestion):
            data[question.id] = _rows_from_answers(question, raw)
        else:
            data[question.id] = plain(raw)
    return data


def _rows_from_answers(table: TableQuestion, raw: Any) -> list[RowData]:
    if not isinstance(raw, list):
        return []
    columns = table.column_map
    rows = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            rows.append(RowData(index, opaque=plain(item)))
            continue
        values = {str(k): plain(v) for k, v in item.items() if str(k) in columns}
        extra = {str(k): plain(v) for k, v in item.items() if str(k) not in columns}
        rows.append(RowData(index, values, extra))
    return rows


def clean_text(text: str) -> str:
    """Typed text as it is kept: Windows line ends unified, control characters made spaces, trimmed."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def typed(question: QuestionBase, text: str, ctx: ParseContext) -> Any:
    """What a person typed in one control, typed as in YAML (``None`` when blank)."""
    text = clean_text(text)
    if not text:
        return None
    if isinstance(question, _TYPED):
        try:
            value = question.parse(text, ctx)
        except Invalid:
            return text  # kept as typed; check says what is expected
        except READER_BUGS as error:  # never saved: check could not read the file either
            raise UnreadableValue(f"{question.label}: {text[:60]!r} tidak dapat dibaca") from error
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    if getattr(question, "type", "") == "yesno":
        return {"ya": True, "tidak": False}.get(text, text)
    return text


def is_multiple(question: QuestionBase) -> bool:
    """True for questions answered with a list of codes (checkboxes)."""
    return isinstance(question, MultiChoiceQuestion) or (
        isinstance(question, RefQuestion) and question.multiple
    )


class BadForm(ValueError):
    """A submitted form that cannot be used; nothing is written (a 400 page with :attr:`title`)."""

    title = "Formulir tidak dapat dipakai"


class IncompleteForm(BadForm):
    """A submitted form that lacks what every form of this app carries, or holds what none can hold."""

    title = "Formulir tidak lengkap"


class UnreadableValue(BadForm):
    """A typed value the question's reader fails on other than by calling it invalid."""

    title = "Isian tidak terbaca"


def marker(name: str) -> str:
    """The hidden field saying that a question, a table or a control was in the form: ``q.programs._ada``.

    A question whose marker is not in a submission is left as the file has
    it: a missing field never deletes an answer. Checkbox groups and
    timelines carry theirs too, since an empty one sends nothing else.
    """
    return f"{name}.{MARK}"


def _decimal(text: str, what: str) -> int:
    """``text`` as a whole number of ASCII digits, else :class:`IncompleteForm`."""
    text = text.strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 12:
        raise IncompleteForm(f"{what} bukan bilangan bulat ({text[:20]!r})")
    return int(text)


def _year_key(text: str) -> Any:
    """A timeline's year from its hidden field: a number when it is one, else the text (check reports it)."""
    if text.isascii() and text.isdecimal():
        try:
            return int(text)
        except ValueError as error:  # more digits than Python reads
            raise IncompleteForm(f"tahun {text[:20]}... tidak terbaca") from error
    return text


def _from_control(
    question: QuestionBase, form: MultiDict[str, str], name: str, ctx: ParseContext, old: Any
) -> Any:
    """One control's value as submitted; ``old`` (the file's) when the control was not in the submission."""
    if is_multiple(question):
        if marker(name) not in form and name not in form:
            return old
        items = [clean_text(v) for v in form.getlist(name)]
        items = [item for item in items if item]
        return items or None
    if isinstance(question, TimelineQuestion) and f"{name}.tahun" in form:
        return _timeline_from_form(form, name, old)
    if name not in form:
        return old
    return typed(question, form.get(name, ""), ctx)


def _timeline_from_form(form: MultiDict[str, str], name: str, old: Any) -> Any:
    """A timeline: the years of its hidden ``.tahun`` fields, each with the status chosen for it."""
    before = {as_text(k): v for k, v in old.items()} if isinstance(old, Mapping) else {}
    timeline: dict[Any, Any] = {}
    for index, key in enumerate(form.getlist(f"{name}.tahun")):
        key = clean_text(key)
        chosen = f"{name}.tahun.{index}"
        status = clean_text(form.get(chosen, "")) if chosen in form else before.get(key)
        if not is_blank(status):
            timeline[_year_key(key)] = status
    return timeline or None


def from_form(
    section: Section, form: MultiDict[str, str], ctx: ParseContext, before: SectionData
) -> SectionData:
    """The section's answers as submitted; ``before`` (the file's) supplies what the form cannot show.

    A question whose presence marker is missing keeps ``before``'s value.
    Raises :class:`IncompleteForm` for a submission that holds none of the
    section's questions, or a table whose rows do not add up.
    """
    if not any(marker(field_name(q.id)) in form for q in section.questions):
        raise IncompleteForm("tidak ada satu pun pertanyaan bagian ini di dalamnya")
    data: SectionData = {}
    for question in section.questions:
        old = before.get(question.id)
        name = field_name(question.id)
        if marker(name) not in form:
            data[question.id] = list(old) if isinstance(old, list) else old
        elif isinstance(question, TableQuestion):
            data[question.id] = _rows_from_form(question, form, ctx, old or [])
        else:
            data[question.id] = _from_control(question, form, name, ctx, old)
    return data


def _rows_from_form(
    table: TableQuestion, form: MultiDict[str, str], ctx: ParseContext, before: list[RowData]
) -> list[RowData]:
    """A table's rows as submitted: ``_n`` rows, each with its ``_src`` (its row in the file, or empty)."""
    count_name = field_name(table.id, "_n")
    if count_name not in form:
        raise IncompleteForm(f"jumlah baris tabel {table.label} tidak ada")
    count = _decimal(form.get(count_name, ""), f"jumlah baris tabel {table.label}")
    if count > MAX_ROWS:
        raise IncompleteForm(f"tabel {table.label} lebih dari {MAX_ROWS} baris")
    prefix, suffix = field_name(table.id) + ".", "._src"
    posted = {
        key[len(prefix) : -len(suffix)] for key in form if key.startswith(prefix) and key.endswith(suffix)
    }
    if posted != {str(index) for index in range(count)}:
        raise IncompleteForm(f"baris tabel {table.label} tidak sesuai dengan jumlahnya ({count})")
    known = {row.src: row for row in before if row.src is not None}
    rows = []
    for index in range(count):
        base = field_name(table.id, index)
        src_text = form.get(f"{base}._src", "").strip()
        src: int | None = _decimal(src_text, f"baris {index + 1} tabel {table.label}") if src_text else None
        original = known.get(src) if src is not None else None
        if original is None:
            src = None
        values = {
            column.id: _from_control(
                column, form, f"{base}.{column.id}", ctx, original.values.get(column.id) if original else None
            )
            for column in table.columns
        }
        rows.append(
            RowData(
                src,
                values,
                dict(original.extra) if original else {},
                original.opaque if original else None,
                removed=bool(form.get(f"{base}._hapus")),
            )
        )
    return rows


# --- comparing ----------------------------------------------------------------------------


def as_text(value: Any) -> str:
    """A value in words for a text control: as YAML would write it, lists with commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        text = repr(value)
        return format(value, "f").rstrip("0").rstrip(".") if "e" in text else text
    if isinstance(value, list):
        return ", ".join(as_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{as_text(k)}: {as_text(v)}" for k, v in value.items())
    return str(value)


def _parsed(question: QuestionBase, value: Any, ctx: ParseContext) -> tuple[bool, Any]:
    if is_blank(value):
        return True, None
    try:
        return True, question.parse(value, ctx)
    except Invalid:
        return False, None
    except READER_BUGS as error:  # never saved: check could not read the file either
        raise UnreadableValue(f"{question.label}: {as_text(value)[:60]!r} tidak dapat dibaca") from error


def same(question: QuestionBase, old: Any, new: Any, ctx: ParseContext) -> bool:
    """True when ``new`` means what ``old`` (from the file) means, so the file keeps ``old``."""
    old = plain(old)
    if is_blank(old) or is_blank(new):
        return is_blank(old) and is_blank(new)
    old_ok, old_value = _parsed(question, old, ctx)
    new_ok, new_value = _parsed(question, new, ctx)
    if old_ok and new_ok:
        if is_multiple(question) and isinstance(old_value, list) and isinstance(new_value, list):
            return sorted(old_value) == sorted(new_value) and len(old_value) == len(new_value)
        return bool(old_value == new_value)
    if not old_ok and not new_ok:
        return as_text(old) == as_text(new)
    return False


# --- writing ------------------------------------------------------------------------------


def _folded(text: str) -> FoldedScalarString:
    """Long text folded at about :data:`_FOLD_AT` characters, as people write it."""
    folded = FoldedScalarString(text)
    positions, last = [], 0
    for index, char in enumerate(text):
        if (
            char == " "
            and index - last > _FOLD_AT
            and 0 < index < len(text) - 1
            and text[index - 1] != " "
            and text[index + 1] != " "
        ):
            positions.append(index)
            last = index
    folded.fold_pos = positions  # type: ignore[attr-defined]
    return folded


def to_yaml(question: QuestionBase, value: Any) -> Any:
    """``value`` as the round-trip writer should hold it."""
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if getattr(question, "type", "") == "longtext" and len(value) > _FOLD_AT:
            return _folded(value)
        return value
    if isinstance(value, list):
        items = CommentedSeq(value)
        items.fa.set_flow_style()
        return items
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = item
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _put(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``; a new key goes after the keys that come before it in ``order``."""
    if key in mapping:
        mapping[key] = value
        return
    rank = {name: number for number, name in enumerate(order)}
    mine = rank.get(key, len(order))
    position = 0
    for index, existing in enumerate(mapping):
        if rank.get(str(existing), len(order)) <= mine:
            position = index + 1
    mapping.insert(position, key, value)


def _set(mapping: Any, question: QuestionBase, new: Any, order: list[str], ctx: ParseContext) -> bool:
    """Write one value unless it means what the file says already; True when something changed."""
    if same(question, mapping.get(question.id), new, ctx):
        return False
    if is_blank(new):
        if question.id in mapping:
            del mapping[question.id]
            return True
        return False
    _put(mapping, question.id, to_yaml(question, new), order)
    return True


def apply(section: Section, data: SectionData, answers: Any, ctx: ParseContext, order: list[str]) -> bool:
    """Write ``data`` into the ``answers`` mapping of a round-trip document; True when it changed.

    ``order`` is the questionnaire's question order, for placing new answers.
    """
    changed = False
    for question in section.questions:
        if isinstance(question, TableQuestion):
            changed = _apply_table(question, data.get(question.id) or [], answers, ctx, order) or changed
        else:
            changed = _set(answers, question, data.get(question.id), order, ctx) or changed
    return changed


def _apply_table(
    table: TableQuestion, rows: list[RowData], answers: Any, ctx: ParseContext, order: list[str]
) -> bool:
    old = answers.get(table.id)
    old_rows = old if isinstance(old, list) else None
    kept = [row for row in rows if not row.removed and not row.blank()]
    if old_rows is None and not is_blank(plain(old)) and not kept:
        return False  # an answer that is no table at all stays as it is until rows are written
    columns = [c.id for c in table.columns]
    changed = False
    items: list[tuple[int | None, Any]] = []
    used: set[int] = set()
    for row in kept:
        src = row.src
        if old_rows is not None and src is not None and 0 <= src < len(old_rows) and src not in used:
            used.add(src)
            item = old_rows[src]
            if isinstance(item, Mapping):
                for column in table.columns:
                    changed = _set(item, column, row.values.get(column.id), columns, ctx) or changed
            items.append((src, item))
            continue
        item = CommentedMap()
        for column in table.columns:
            value = row.values.get(column.id)
            if not is_blank(value):
                item[column.id] = to_yaml(column, value)
        items.append((None, item))
        changed = True
    if old_rows is not None and [src for src, _ in items] == list(range(len(old_rows))):
        return changed
    if not items:
        if table.id in answers:
            del answers[table.id]
            return True
        return changed
    sequence = CommentedSeq()
    for index, (src, item) in enumerate(items):
        sequence.append(item)
        if isinstance(old_rows, CommentedSeq) and src is not None and src in old_rows.ca.items:
            sequence.ca.items[index] = old_rows.ca.items[src]
    if isinstance(old_rows, CommentedSeq):
        sequence.ca.comment = old_rows.ca.comment
    _put(answers, table.id, sequence, order)
    return True


def writer() -> Any:
    """The round-trip YAML writer: comments kept, lines never re-wrapped."""
    yaml = new_yaml()
    yaml.width = 4096
    return yaml


def load_document(text: str | None, stage: int, filled_by: str) -> Any:
    """The round-trip document of an answers file (a new one when ``text`` is ``None``)."""
    if text is None:
        document = CommentedMap()
        document["stage"] = stage
        document["filled_by"] = filled_by
        document["answers"] = CommentedMap()
        return document
    return writer().load(text)


def dump(document: Any) -> str:
    """The document as text."""
    buffer = io.StringIO()
    writer().dump(document, buffer)
    return buffer.getvalue()


def confirm(text: str, section: Section, answers: Any, file: str, stage: int) -> None:
    """Read ``text`` back with masterplan's own reader; stop if any answer of the section reads differently.

    A guard against the writer and the reader disagreeing: the file is then not saved at all.
    """
    data, problems = parse_yaml_bytes(text.encode("utf-8"), Where(file=file, stage=stage))
    if problems or not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise RuntimeError(f"jawaban baru untuk {file} tidak terbaca kembali: {problems[:1]}")
    read = data["answers"]
    for question in section.questions:
        if plain(answers.get(question.id)) != plain(read.get(question.id)):
            raise RuntimeError(f"{file}: {question.id} terbaca kembali berbeda dari yang ditulis")
