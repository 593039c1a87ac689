"""Reading YAML written by people, safely and with line numbers.

:func:`read_yaml` never raises for a user's mistake: it returns the parsed
document or ``None`` plus the located problems. libyaml (through PyYAML)
parses; :func:`_build` turns its events into :class:`LineDict` and
:class:`LineList` values that remember the line of every key and item, with
YAML 1.2 scalars (``no`` stays text, ``2026-11-20`` is a date). Limits: files
larger than :data:`MAX_FILE_BYTES` are not read; control characters, duplicate
keys, anchors/aliases and nesting deeper than :data:`MAX_DEPTH` are refused.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from masterplan.checks.problems import Problem, Where
from masterplan.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_NUMBER_TEXT, dotted

if TYPE_CHECKING:
    from ruamel.yaml import YAML

# C0 controls except tab, newline and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class YamlDocument:
    """A parsed file: its data (:class:`LineDict` and friends) and its workspace-relative name."""

    data: Any
    file: str


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} kB"


def new_yaml() -> YAML:
    """A round-trip YAML instance for writing files people edit again (keeps comments)."""
    from ruamel.yaml import YAML  # only writers need it: a check starts without it

    rt = YAML(typ="rt")
    rt.allow_duplicate_keys = False
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def read_yaml(path: Path, file: str, where: Where | None = None) -> tuple[Any, list[Problem]]:
    """Parse ``path``; ``file`` is the name used in messages.

    Returns ``(data, problems)``; ``data`` is ``None`` when the file could not
    be parsed at all.
    """
    base = where or Where(file=file)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem("error", "file-unreadable", base, {"detail": exc.strerror})]
    if size > MAX_FILE_BYTES:
        return None, [too_large(size, base)]
    raw = path.read_bytes()
    return parse_yaml_bytes(raw, base)


def too_large(size: int, where: Where) -> Problem:
    """The problem of a file over :data:`MAX_FILE_BYTES`."""
    params = {"size": _human_size(size), "limit": _human_size(MAX_FILE_BYTES)}
    return Problem("error", "file-too-large", where, params)


def parse_yaml_bytes(raw: bytes, where: Where) -> tuple[Any, list[Problem]]:
    """Parse YAML from bytes; see :func:`read_yaml`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem("error", "file-encoding", where, {"position": exc.start})]
    problems = _control_characters(text, where)
    if problems:
        return None, problems
    try:
        return _build(text), []
    except _Refused as exc:
        return None, [Problem("error", exc.rule, where.at(line=exc.line), exc.params)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else "?"
        detail = exc.problem or exc.context or "sintaks tidak dikenal"
        params = {"line": line or "?", "column": column, "detail": detail}
        return None, [Problem("error", "yaml-syntax", where.at(line=line), params)]
    except yaml.YAMLError as exc:  # reader errors without a mark
        params = {"line": "?", "column": "?", "detail": str(exc).splitlines()[0]}
        return None, [Problem("error", "yaml-syntax", where, params)]


def _control_characters(text: str, where: Where) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _CONTROL.search(line)
        if match:
            code = f"U+{ord(match.group()):04X}"
            params = {"code": code, "column": match.start() + 1}
            problems.append(Problem("error", "yaml-control-char", where.at(line=number), params))
    return problems


# --- from libyaml events to Python values that remember their lines ----------


_Loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOAT = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar by the YAML 1.2 core schema; ``YYYY-MM-DD`` is a date."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if len(text) > MAX_NUMBER_TEXT:
        return text  # no number, date or null is this long; a question's reader says what it expects
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if text.lower() in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text.lower()]
    date = _DATE.match(text)
    if date:
        try:
            return dt.date(*(int(part) for part in date.groups()))
        except ValueError:
            return text  # "2026-02-30" stays text; a date question explains what is expected
    return text


_EXPLICIT: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": lambda text: resolve_plain(text) if _INT.match(text) else text,
    "tag:yaml.org,2002:float": lambda text: resolve_plain(text) if _FLOAT.match(text) else text,
    "tag:yaml.org,2002:bool": lambda text: _BOOL.get(text, text),
    "tag:yaml.org,2002:null": lambda text: None,
}


def _scalar(event: yaml.ScalarEvent) -> Any:
    if event.tag in (None, "!"):
        return resolve_plain(event.value) if event.implicit[0] else event.value
    return _EXPLICIT.get(event.tag, str)(event.value)  # unknown tags: the text, as written


class LineInfo:
    """Where a mapping or sequence and its entries start, 0-based (the interface of ruamel's ``lc``)."""

    __slots__ = ("col", "entries", "line")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.entries: dict[Any, tuple[int, int]] = {}

    def key(self, key: Any) -> tuple[int, int]:
        """Line and column of ``key`` in a mapping."""
        return self.entries[key]

    def item(self, index: int) -> tuple[int, int]:
        """Line and column of item ``index`` in a sequence."""
        return self.entries[index]


class LineDict(dict[Any, Any]):
    """A mapping read from YAML; ``lc`` knows the line of every key."""

    __slots__ = ("lc",)
    lc: LineInfo


class LineList(list[Any]):
    """A sequence read from YAML; ``lc`` knows the line of every item."""

    __slots__ = ("lc",)
    lc: LineInfo


class _Refused(Exception):
    """A document :func:`_build` does not accept: ``rule`` at line ``at`` with ``params``."""

    def __init__(self, rule: str, at: int, **params: Any) -> None:
        super().__init__(rule)
        self.rule, self.line, self.params = rule, at, params


_NO_KEY = object()


def _build(text: str) -> Any:
    """The single document in ``text`` as plain values, built from libyaml's events.

    A loop with an explicit stack, so neither C nor Python recursion depends
    on the input. Aliases are refused where they are used, which also stops
    "billion laughs" documents.
    """
    stack: list[tuple[LineDict | LineList, Any]] = []  # (container, pending mapping key)
    root: Any = None
    documents = nodes = 0

    def add(value: Any, mark: yaml.Mark) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        container, pending = stack[-1]
        where = (mark.line, mark.column)
        if isinstance(container, LineList):
            container.lc.entries[len(container)] = where
            container.append(value)
        elif pending is _NO_KEY:
            key = value if isinstance(value, Hashable) and not isinstance(value, float) else str(value)
            if key in container:
                first = container.lc.entries[key][0] + 1
                raise _Refused("yaml-duplicate-key", mark.line + 1, key=key, first=first)
            container.lc.entries[key] = where
            stack[-1] = (container, key)
        else:
            container[pending] = value
            stack[-1] = (container, _NO_KEY)

    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent):
            nodes += 1
            if nodes > MAX_NODES:
                line = mark.line + 1
                raise _Refused("yaml-too-many-nodes", line, limit=dotted(MAX_NODES), line=line)
        if isinstance(event, yaml.ScalarEvent):
            add(_scalar(event), mark)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                detail = f"lebih dari {MAX_DEPTH} tingkat bersarang"
                raise _Refused("yaml-syntax", mark.line + 1, line=mark.line + 1, column=mark.column + 1,
                               detail=detail)
            container: LineDict | LineList = (
                LineDict() if isinstance(event, yaml.MappingStartEvent) else LineList()
            )
            container.lc = LineInfo(mark.line, mark.column)
            add(container, mark)
            stack.append((container, _NO_KEY))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            raise _Refused("yaml-anchor", mark.line + 1)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused("yaml-syntax", mark.line + 1, line=mark.line + 1, column=mark.column + 1,
                               detail="berkas hanya boleh berisi satu dokumen (hapus ---)")
    return root


def key_line(mapping: Any, key: Any, default: int | None = None) -> int | None:
    """1-based line of ``key`` in a mapping read by :func:`read_yaml` (``default`` when unknown)."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return line_of(mapping, default)


def item_line(seq: Any, index: int, default: int | None = None) -> int | None:
    """1-based line of item ``index`` in a sequence read by :func:`read_yaml`."""
    try:
        return int(seq.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return line_of(seq, default)


def line_of(node: Any, default: int | None = None) -> int | None:
    """1-based line where a mapping or sequence read by :func:`read_yaml` starts."""
    try:
        return int(node.lc.line) + 1
    except (AttributeError, TypeError):
        return default


def locate_in(data: Any, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the node at ``loc`` (keys and indexes) in a document read by :func:`read_yaml`.

    Parts that are not in the data (pydantic's union tags) are skipped; the
    line of the deepest node reached is returned.
    """
    node = data
    line = line_of(data, 1)
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            line = item_line(node, part, line)
            node = node[part] if part < len(node) else None
        elif isinstance(node, dict) and part in node:
            line = key_line(node, part, line)
            node = node[part]
    return line
