"""The answers file an import writes: valid answers normalised, invalid ones as typed and flagged.

The text is produced with ruamel.yaml (:func:`masterplan.answers.yamlio.new_yaml`)
and read back with masterplan's own reader before it is handed on: if the
two disagreed on a single value, the import would stop rather than save
something else than what the workbook held.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from masterplan.answers.contribution import Answer, Cell, Contribution
from masterplan.answers.nip import format_nip
from masterplan.answers.yamlio import new_yaml, parse_yaml_bytes, resolve_plain
from masterplan.checks.problems import Where
from masterplan.models.questionnaire import NipQuestion, QuestionBase, Questionnaire, TableQuestion

FLAG = "belum sesuai"
"""The start of the comment beside a value saved as typed."""
_COMMENT_LIMIT = 160
_FOLD_FROM = 80
"""Longer text is written folded (``>-``), as people write it, rather than as a wrapped plain scalar."""


@dataclass(frozen=True)
class Header:
    """The answers file's header: its opening comment and its header keys."""

    comment: str
    stage: int
    filled_by: str | None
    updated: dt.date


def _text(value: str, literal: bool) -> Any:
    resolved = resolve_plain(value)
    if not isinstance(resolved, str) or resolved != value:
        return DoubleQuotedScalarString(value)  # "2027", "ya", "2026-03-15" stay text
    if literal and "\n" in value:
        return LiteralScalarString(value)
    if literal and len(value) > _FOLD_FROM:
        return FoldedScalarString(value)
    return value


def _flow(value: Any, literal: bool) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _yaml(item, literal)
        mapping.fa.set_flow_style()
        return mapping
    items = CommentedSeq(_yaml(item, literal) for item in value)
    items.fa.set_flow_style()
    return items


def _yaml(value: Any, literal: bool) -> Any:
    """``value`` as ruamel should write it."""
    if isinstance(value, str):
        return _text(value, literal)
    if isinstance(value, dt.datetime):
        return _text(value.isoformat(sep=" "), literal)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dict, list, tuple)):
        return _flow(value, literal)
    return value


def _flag(comment: str | None) -> str:
    text = f"{FLAG}: {comment}" if comment else FLAG
    return text if len(text) <= _COMMENT_LIMIT else text[: _COMMENT_LIMIT - 1] + "…"


def _normal(question: QuestionBase, value: Any) -> Any:
    """A valid value as people write it: a NIP with its usual spaces."""
    return format_nip(value) if isinstance(question, NipQuestion) else value


def _put(
    mapping: CommentedMap, question: QuestionBase, cell: Answer | Cell, flag: str | None, literal: bool
) -> None:
    key = question.id
    if cell.valid and cell.value is not None:
        mapping[key] = _yaml(_normal(question, cell.value), literal)
        return
    mapping[key] = _yaml(cell.raw, literal)
    mapping.yaml_add_eol_comment(_flag(flag), key)


def build_document(
    header: Header,
    contribution: Contribution,
    questionnaire: Questionnaire,
    flags: dict[int, str],
    kept: dict[str, Any],
    literal: bool = True,
) -> CommentedMap:
    """The answers document; ``flags``: line number -> why the value there is not valid.

    ``kept`` holds answers of the previous file that the workbook has no place
    for (questions no longer in the questionnaire); they are carried over.
    """
    document = CommentedMap()
    document.yaml_set_start_comment(header.comment)
    document["stage"] = header.stage
    if header.filled_by:
        document["filled_by"] = _yaml(header.filled_by, literal)
    document["updated"] = header.updated
    answers = CommentedMap()
    for question_id, answer in contribution.answers.items():
        question = questionnaire.questions[question_id]
        if not isinstance(question, TableQuestion):
            _put(answers, question, answer, flags.get(answer.line or 0), literal)
            continue
        rows = CommentedSeq()
        for row in answer.value:
            mapping = CommentedMap()
            for column_id, cell in row.cells.items():
                column = question.column_map[column_id]
                _put(mapping, column, cell, flags.get(cell.line or 0), literal)
            rows.append(mapping)
        answers[question_id] = rows
    for key, value in kept.items():
        answers[key] = _yaml(value, literal)
        answers.yaml_add_eol_comment("tidak ada di kuesioner; dibawa dari berkas sebelumnya", key)
    document["answers"] = answers
    return document


def plain(value: Any) -> Any:
    """``value`` as plain Python values (what masterplan's reader returns)."""
    if isinstance(value, dict):
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def dump(document: CommentedMap) -> str:
    """The YAML text of ``document``."""
    buffer = io.StringIO()
    new_yaml().dump(document, buffer)
    return buffer.getvalue()


def answers_text(
    header: Header,
    contribution: Contribution,
    questionnaire: Questionnaire,
    flags: dict[int, str],
    kept: dict[str, Any],
) -> str:
    """The answers file's text, verified to read back as exactly the values it was made from."""
    for literal in (True, False):
        document = build_document(header, contribution, questionnaire, flags, kept, literal)
        text = dump(document)
        data, problems = parse_yaml_bytes(text.encode("utf-8"), Where(file="(impor)"))
        if not problems and plain(data) == plain(document):
            return text
    raise RuntimeError("masterplan: jawaban hasil impor tidak terbaca kembali sama persis; ini galat program")
