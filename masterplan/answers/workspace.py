"""A workspace's answers: ``region.yaml`` and ``answers/bimtek-N/<contributor>.yaml``.

:func:`load_workspace` reads everything through the workspace's store (a
folder, or a database of many workspaces), never raises for a user's mistake
(only :class:`WorkspaceNotFound` when there is no workspace) and collects
every problem. A folder is also checked as a folder: links out of it, stray
folder names. Nothing is written here.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from masterplan.answers import diskcache
from masterplan.answers.contribution import COORDINATOR, Contribution, parse_contribution
from masterplan.answers.definitions import STAGES, Definitions
from masterplan.answers.schema_errors import pydantic_problems
from masterplan.answers.yamlio import key_line, parse_yaml_bytes, too_large
from masterplan.checks.problems import Problem, Where
from masterplan.errors import UsageError, WorkspaceNotFound
from masterplan.fileio import inside
from masterplan.limits import MAX_FILE_BYTES
from masterplan.models.questionnaire import ParseContext
from masterplan.models.region import Opd, Region
from masterplan.store.base import WorkspaceStore, check_path
from masterplan.store.files import FileStore, as_store

REGION_FILE = "region.yaml"
ANSWERS_DIR = "answers"
ASSETS_DIR = "assets"

_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}\.yaml\Z")
_STAGE_DIR = re.compile(r"^bimtek-([1-4])\Z")


@dataclass
class Workspace:
    """Everything read from a workspace (``root``: its folder; ``None`` for one in a database)."""

    root: Path | None
    region: Region | None
    region_data: Any
    contributions: dict[int, list[Contribution]] = field(default_factory=dict)

    def stage_folder(self, stage: int) -> str:
        """``answers/bimtek-N/`` as shown in messages."""
        return f"{ANSWERS_DIR}/bimtek-{stage}/"


def load_workspace(
    workspace: Path | WorkspaceStore, definitions: Definitions
) -> tuple[Workspace, list[Problem]]:
    """Read a workspace (a folder or a store); returns it and every problem found while reading."""
    store = as_store(workspace)
    folder = store.root if isinstance(store, FileStore) else None
    if (folder is not None and not (folder / REGION_FILE).exists()) or (
            folder is None and store.version(REGION_FILE) is None):
        raise WorkspaceNotFound(
            f"{folder or store.name} bukan workspace masterplan: berkas {REGION_FILE} tidak ditemukan. "
            f"Buat workspace baru dengan: masterplan init {folder or store.name}"
        )
    problems: list[Problem] = []
    region, region_data = _load_region(store, problems)
    loaded = Workspace(root=folder, region=region, region_data=region_data)
    ctx = ParseContext(choices=definitions.choices, opds=_opd_lookup(region, region_data))
    for stage, rel in _answer_files(store, region, problems):
        name = _contributor_name(rel.rsplit("/", 1)[1].removesuffix(".yaml"), region)
        contribution, found = _read_contribution(store, rel, stage, name, definitions, ctx)
        problems.extend(found)
        loaded.contributions.setdefault(stage, []).append(contribution)
    for stage in STAGES:  # the coordinator's file is merged last so that it settles conflicts
        loaded.contributions.setdefault(stage, []).sort(
            key=lambda c: (c.contributor == COORDINATOR, c.contributor)
        )
    return loaded, problems


def _read_limited(store: WorkspaceStore, rel: str, where: Where) -> tuple[bytes | None, list[Problem]]:
    """A document's bytes, or ``None`` and the problem when it is too large or cannot be read."""
    if isinstance(store, FileStore):  # the size first: a huge file is not read whole
        path = store.root / rel
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return None, [too_large(size, where)]
            return path.read_bytes(), []
        except OSError as exc:
            return None, [Problem("error", "file-unreadable", where, {"detail": exc.strerror})]
    raw = store.read(rel)
    if raw is None:
        return None, [Problem("error", "file-unreadable", where, {"detail": "dokumen tidak ada"})]
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(len(raw), where)]
    return raw, []


PARSED_CACHE_BYTES = 8 * 1024 * 1024
"""Bytes of answers files kept parsed per process, least recently used first out (parsed objects take
about 13 times their file's size: some 100 MB, sixteen workspaces the size of the example). The web
reads the workspace again for every request; this makes that read cost a hash per file."""

_parsed: OrderedDict[tuple[Any, ...], tuple[Definitions, Contribution, list[Problem], int]] = OrderedDict()
_parsed_bytes = 0
_parsed_lock = threading.Lock()


def _read_contribution(
    store: WorkspaceStore, rel: str, stage: int, contributor: str, definitions: Definitions,
    ctx: ParseContext,
) -> tuple[Contribution, list[Problem]]:
    """One answers file read and parsed, from the cache when its bytes were parsed the same way before.

    The key is the file's content (SHA-256) with everything else the result depends on, so a saved
    change is never served stale; the parsed objects are shared and never changed after parsing.
    """
    where = Where(file=rel, stage=stage)
    raw, problems = _read_limited(store, rel, where)
    if raw is None:  # too large or unreadable: the problem says why
        return _unread(_head_of(store, rel), rel, stage, contributor, definitions), problems
    opds = tuple(sorted(ctx.opds.items())) if ctx.opds is not None else None
    # the definitions by identity: the entry keeps them alive, so no other object can take their id
    key = (hashlib.sha256(raw).digest(), rel, stage, contributor, id(definitions), opds)
    with _parsed_lock:
        if key in _parsed:
            _parsed.move_to_end(key)
            _, contribution, problems, _ = _parsed[key]
            return contribution, list(problems)
    disk_key = definitions.digest and diskcache.key_of(key[0], rel, str(stage), contributor,
                                                      definitions.digest, repr(opds))
    cached = diskcache.load("answers", disk_key) if disk_key else None
    if cached is not None:
        contribution, problems = cached
    else:
        data, problems = parse_yaml_bytes(raw, where)
        if problems:
            contribution = _unread(raw, rel, stage, contributor, definitions)
        else:
            contribution, problems = parse_contribution(data, definitions.stage(stage), ctx, contributor, rel)
        if disk_key:
            diskcache.store("answers", disk_key, (contribution, problems))
    _remember(key, (definitions, contribution, problems, len(raw)))
    return contribution, list(problems)


def _head_of(store: WorkspaceStore, rel: str) -> bytes:
    """The first :data:`MAX_SCAN` bytes of a document that is not read whole (empty when unreadable)."""
    if isinstance(store, FileStore):
        try:
            with (store.root / rel).open("rb") as handle:
                return handle.read(MAX_SCAN)
        except OSError:
            return b""
    return (store.read(rel) or b"")[:MAX_SCAN]


def forget_parsed() -> None:
    """Empty the cache of parsed answers files (tests, and a server told to free memory)."""
    global _parsed_bytes
    with _parsed_lock:
        _parsed.clear()
        _parsed_bytes = 0


def _remember(key: tuple[Any, ...], entry: tuple[Definitions, Contribution, list[Problem], int]) -> None:
    global _parsed_bytes
    with _parsed_lock:
        if key not in _parsed:
            _parsed[key] = entry
            _parsed_bytes += entry[3]
        while _parsed_bytes > PARSED_CACHE_BYTES and len(_parsed) > 1:
            _parsed_bytes -= _parsed.popitem(last=False)[1][3]


def _unread(raw: bytes, rel: str, stage: int, contributor: str, definitions: Definitions) -> Contribution:
    """The contribution of a file that could not be read: nothing, and the questions it seems to answer."""
    unread = questions_named(raw, definitions.stage(stage).questions)
    return Contribution(stage=stage, contributor=contributor, file=rel, unread=unread)


_ANSWER_KEY = re.compile(r"^( +)([A-Za-z_][A-Za-z0-9_]*)\s*:")


def questions_named(data: bytes, known: Mapping[str, object]) -> list[str]:
    """The questions an answers file that cannot be parsed seems to answer (keys under ``answers:``).

    A tolerant line scan of its bytes, so that a check can say what a syntax error hides.
    """
    lines = data[:MAX_SCAN].decode("utf-8", errors="replace").splitlines()
    found: list[str] = []
    inside, indent = False, None
    for line in lines:
        if line.startswith("answers:"):
            inside = True
        elif line and not line[0].isspace() and not line.startswith("#"):
            inside = False
        elif inside and (match := _ANSWER_KEY.match(line)):
            indent = indent or match.group(1)  # the questions' own indentation, not their rows'
            name = match.group(2)
            if match.group(1) == indent and name in known and name not in found:
                found.append(name)
    return found


MAX_SCAN = MAX_FILE_BYTES
"""Bytes of an unreadable file scanned for question names (the reader's own size limit)."""


def _opd_lookup(region: Region | None, data: Any) -> dict[str, str] | None:
    """OPD codes for checking references; salvaged from a region.yaml that failed elsewhere.

    ``None`` (no list at all) means OPD references cannot be checked, rather than
    reporting every one of them as unknown.
    """
    if region is not None:
        return dict(region.opd_lookup)
    raw = data.get("opds") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        return None
    opds = []
    for item in raw:
        try:
            opds.append(Opd.model_validate(item))
        except ValidationError:
            continue
    return {o.code.lower(): o.code for o in opds} or None


def load_region(workspace: Path | WorkspaceStore) -> Region | None:
    """The region profile of a workspace, or ``None`` when region.yaml cannot be read (``check`` says why)."""
    return _load_region(as_store(workspace), [])[0]


def _load_region(store: WorkspaceStore, problems: list[Problem]) -> tuple[Region | None, Any]:
    where = Where(file=REGION_FILE)
    if isinstance(store, FileStore) and not inside(store.root, store.root / REGION_FILE):
        problems.append(Problem("error", "file-outside-workspace", where,
                                {"target": (store.root / REGION_FILE).resolve()}))
        return None, None
    raw, read_problems = _read_limited(store, REGION_FILE, where)
    if raw is None:
        problems.extend(read_problems)
        return None, None
    region, data = _read_region(raw, where, problems)
    if region is not None:
        _check_region_paths(store, region, data, problems)
    return region, data


def _read_region(raw: bytes, where: Where, problems: list[Problem]) -> tuple[Region | None, Any]:
    """The region profile parsed and validated; a valid one from the disk cache when read before."""
    disk_key = diskcache.key_of(REGION_FILE, raw)
    cached = diskcache.load("region", disk_key)
    if cached is not None:
        return cached
    data, read_problems = parse_yaml_bytes(raw, where)
    if read_problems:
        problems.extend(read_problems)
        return None, data
    if data is None:
        problems.append(Problem("error", "file-empty", where, {"expected": "name, kind, province"}))
        return None, None
    try:
        region = Region.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, data, where, Region))
        return None, data
    diskcache.store("region", disk_key, (region, data))
    return region, data


ASSETS_DIR = "assets"
"""Images of a workspace (the emblem) live here; the PDF renderer reads nothing else of it."""


def _check_region_paths(store: WorkspaceStore, region: Region, data: Any, problems: list[Problem]) -> None:
    """The emblem and the region's figures are files in ``assets/``, the one folder the PDF reads."""
    named: list[tuple[str, Where, str]] = []
    if region.emblem:
        named.append((region.emblem, Where(file=REGION_FILE, line=key_line(data, "emblem"), label="emblem"),
                      "emblem-not-in-assets"))
    items = data.get("figures") if isinstance(data, dict) else None
    for index, figure in enumerate(region.figures):
        line = key_line(items[index], "file") if isinstance(items, list) and index < len(items) else None
        where = Where(file=REGION_FILE, line=line, label=f"figures[{index + 1}].file")
        named.append((figure.file, where, "figure-not-in-assets"))
    regulation = data.get("regulation") if isinstance(data, dict) else None
    if region.regulation is not None and region.regulation.scan:
        line = key_line(regulation, "scan") if isinstance(regulation, dict) else None
        named.append((region.regulation.scan, Where(file=REGION_FILE, line=line, label="regulation.scan"),
                      "figure-not-in-assets"))
    for name, where, rule in named:
        if isinstance(store, FileStore):
            root = store.root
            path = root / name
            if Path(name).is_absolute() or not inside(root, path):
                problems.append(Problem("error", "file-outside-workspace", where, {"target": name}))
            elif not inside(root / ASSETS_DIR, path):
                problems.append(Problem("error", rule, where, {"path": name}))
            elif not path.is_file():
                problems.append(Problem("error", "asset-missing", where, {"path": name}))
            continue
        try:
            known = check_path(name)
        except UsageError:
            problems.append(Problem("error", "file-outside-workspace", where, {"target": name}))
            continue
        if not known.startswith(f"{ASSETS_DIR}/"):
            problems.append(Problem("error", rule, where, {"path": name}))
        elif store.version(known) is None:
            problems.append(Problem("error", "asset-missing", where, {"path": name}))


def _contributor_name(stem: str, region: Region | None) -> str:
    if stem == COORDINATOR or region is None:
        return stem
    return region.opd_lookup.get(stem.lower(), stem)


def _answer_files(
    store: WorkspaceStore, region: Region | None, problems: list[Problem]
) -> list[tuple[int, str]]:
    """Every answers file to read (stage, path), in a stable order; bad names and escapes reported."""
    if isinstance(store, FileStore):
        candidates = _files_of_folder(store.root, problems)
    else:
        candidates = [(stage, rel) for stage in STAGES
                      for rel in store.listing(f"{ANSWERS_DIR}/bimtek-{stage}")]
    found: list[tuple[int, str]] = []
    for stage, rel in candidates:
        name = rel.rsplit("/", 1)[1]
        where = Where(file=rel, stage=stage)
        if not _FILE_NAME.match(name):
            problems.append(Problem("error", "file-bad-name", where, {"name": name}))
            continue
        stem = name.removesuffix(".yaml")
        if region is not None and stem != COORDINATOR and stem not in region.opd_lookup:
            known = ", ".join(sorted(region.opd_lookup)[:4])
            problems.append(Problem("error", "unknown-contributor", where, {"name": stem, "known": known}))
            continue
        found.append((stage, rel))
    return found


def _files_of_folder(root: Path, problems: list[Problem]) -> list[tuple[int, str]]:
    """The files of ``answers/bimtek-N/`` of a folder; stray folders, links out and non-files reported."""
    answers = root / ANSWERS_DIR
    if not answers.is_dir():
        return []
    found: list[tuple[int, str]] = []
    for folder in sorted(answers.iterdir()):
        rel_folder = folder.relative_to(root).as_posix()
        if folder.name.startswith("."):
            continue
        match = _STAGE_DIR.match(folder.name)
        if not match or not folder.is_dir():
            problems.append(Problem("warning", "stage-folder-unknown", Where(file=rel_folder),
                                    {"name": folder.name}))
            continue
        if not inside(root, folder):
            problems.append(Problem("error", "file-outside-workspace", Where(file=rel_folder),
                                    {"target": folder.resolve()}))
            continue
        stage = int(match.group(1))
        for path in sorted(folder.iterdir()):
            rel = path.relative_to(root).as_posix()
            if path.name.startswith(".") or path.name.endswith("~"):
                continue
            where = Where(file=rel, stage=stage)
            if not inside(root, path):
                problems.append(Problem("error", "file-outside-workspace", where,
                                        {"target": path.resolve()}))
                continue
            if not path.is_file():
                problems.append(Problem("error", "file-bad-name", where, {"name": path.name}))
                continue
            found.append((stage, rel))
    return found
