"""Reading YAML written by people, safely and with line numbers.

:func:`read_yaml` never raises for a user's mistake: it returns the parsed
document (ruamel round-trip objects, which remember lines and comments) or
``None`` plus the located problems. Limits: files larger than
:data:`MAX_FILE_BYTES` are not read; control characters, duplicate keys and
YAML aliases are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from masterplan.problems import Problem, Where

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest YAML file read; the example's biggest answers file is about 100 kB."""

# C0 controls except tab, newline and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class YamlDocument:
    """A parsed file: its data (ruamel objects) and its workspace-relative name."""

    data: Any
    file: str


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} kB"


def new_yaml() -> YAML:
    """A round-trip YAML instance (keeps comments; refuses duplicate keys)."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


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
        params = {"size": _human_size(size), "limit": _human_size(MAX_FILE_BYTES)}
        return None, [Problem("error", "file-too-large", base, params)]
    raw = path.read_bytes()
    return parse_yaml_bytes(raw, base)


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
        data = new_yaml().load(text)
    except DuplicateKeyError as exc:
        key = _duplicate_key_name(exc)
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        first = exc.context_mark.line + 1 if exc.context_mark else "?"
        return None, [
            Problem("error", "yaml-duplicate-key", where.at(line=line), {"key": key, "first": first})
        ]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else "?"
        detail = exc.problem or exc.context or "sintaks tidak dikenal"
        params = {"line": line or "?", "column": column, "detail": detail}
        return None, [Problem("error", "yaml-syntax", where.at(line=line), params)]
    except YAMLError as exc:  # reader errors without a mark
        params = {"line": "?", "column": "?", "detail": str(exc).splitlines()[0]}
        return None, [Problem("error", "yaml-syntax", where, params)]
    alias_line = _first_alias(data)
    if alias_line is not None:
        return None, [Problem("error", "yaml-anchor", where.at(line=alias_line))]
    return data, []


def _duplicate_key_name(exc: DuplicateKeyError) -> str:
    match = re.search(r'duplicate key "([^"]*)"', str(exc.problem))
    return match.group(1) if match else "?"


def _control_characters(text: str, where: Where) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _CONTROL.search(line)
        if match:
            code = f"U+{ord(match.group()):04X}"
            params = {"code": code, "column": match.start() + 1}
            problems.append(Problem("error", "yaml-control-char", where.at(line=number), params))
    return problems


def _first_alias(data: Any) -> int | None:
    """The line of the first container reached twice (an alias), if any.

    Walking with a set of seen containers also keeps a "billion laughs"
    document from blowing up later passes.
    """
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, (CommentedMap, CommentedSeq)):
            if id(node) in seen:
                return node.lc.line + 1
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, CommentedMap) else node)
    return None


def key_line(mapping: Any, key: Any, default: int | None = None) -> int | None:
    """1-based line of ``key`` in a ruamel mapping (``default`` when unknown)."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return line_of(mapping, default)


def item_line(seq: Any, index: int, default: int | None = None) -> int | None:
    """1-based line of item ``index`` in a ruamel sequence."""
    try:
        return int(seq.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return line_of(seq, default)


def line_of(node: Any, default: int | None = None) -> int | None:
    """1-based line where a ruamel container starts."""
    try:
        return int(node.lc.line) + 1
    except (AttributeError, TypeError):
        return default


def locate_in(data: Any, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the node at ``loc`` (keys and indexes) in a ruamel document.

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
