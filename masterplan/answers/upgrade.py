"""``masterplan upgrade``: bring a workspace of an older format to the current one.

Each step takes the workspace from format N to N+1 and says, in Indonesian,
what it changed. Steps edit files round-trip (comments and layout kept) and
never touch an answer a user typed. Under the workflow the changed files are
written under the workspace lock and journalled as ``answers.upgrade``, so
the history shows who upgraded what, and no approved stage looks hand-edited.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from masterplan.answers.workspace import REGION_FILE
from masterplan.answers.yamlio import new_yaml
from masterplan.errors import UsageError, WorkspaceNotFound
from masterplan.fileio import atomic_write_bytes
from masterplan.models.region import FORMAT

Step = Callable[[dict[str, Any]], list[str]]
"""A step edits the loaded files (name -> round-trip YAML) in place and returns what it changed."""


def _period_end(files: dict[str, Any]) -> list[str]:
    """Format 1 -> 2: ``period.length`` becomes ``period.end``; ``format: 2`` is written."""
    region = files[REGION_FILE]
    changes = []
    period = region.get("period")
    if isinstance(period, CommentedMap) and "length" in period and "end" not in period:
        start, length = period.get("start"), period.get("length")
        if not isinstance(start, int) or not isinstance(length, int):
            raise UsageError(f"{REGION_FILE}: period.start dan period.length harus angka; perbaiki dulu")
        position = list(period).index("length")
        period.insert(position, "end", start + length - 1)
        comments = getattr(period, "ca", None)
        if comments is not None and "length" in comments.items:  # keep its comment and blank line
            comments.items["end"] = comments.items.pop("length")
        del period["length"]
        changes.append(
            f"{REGION_FILE}: period.length {length} diganti period.end {start + length - 1} "
            f"(periode {start}-{start + length - 1} tetap sama)"
        )
    return changes


STEPS: dict[int, Step] = {1: _period_end}
"""Format N -> the step that brings it to N + 1."""


@dataclass
class UpgradeResult:
    """What ``upgrade`` did (or, with ``dry_run``, would do)."""

    before: int
    after: int
    changes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def workspace_format(region: Any) -> int:
    """The format a parsed region.yaml declares (1 when it says nothing)."""
    value = region.get("format", 1) if isinstance(region, dict) else 1
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def upgrade_workspace(root: Path | str, person: str | None = None, dry_run: bool = False) -> UpgradeResult:
    """Apply every step from the workspace's format to :data:`FORMAT`; see the module docstring."""
    root = Path(root)
    path = root / REGION_FILE
    if not path.is_file():
        raise WorkspaceNotFound(f"{root} bukan workspace masterplan: {REGION_FILE} tidak ada")
    yaml = new_yaml()
    original = {REGION_FILE: path.read_bytes()}
    try:
        files = {name: yaml.load(data.decode("utf-8")) for name, data in original.items()}
    except Exception as error:  # ruamel raises many types; any of them means "fix the file first"
        raise UsageError(
            f"{REGION_FILE} tidak dapat dibaca ({type(error).__name__}); "
            "jalankan masterplan check dan perbaiki dulu"
        ) from None
    region = files[REGION_FILE]
    if not isinstance(region, dict):
        raise UsageError(f"{REGION_FILE} harus berisi daftar kunci: nilai; perbaiki dulu")
    before = workspace_format(region)
    if before > FORMAT:
        raise UsageError(
            f"{REGION_FILE} berformat {before}, lebih baru dari yang dikenal versi masterplan ini "
            f"({FORMAT}); perbarui masterplan"
        )
    result = UpgradeResult(before=before, after=FORMAT)
    for number in range(before, FORMAT):
        result.changes += STEPS[number](files)
    if before < FORMAT:
        _set_format(region, FORMAT)
        result.changes.append(f"{REGION_FILE}: format {before} menjadi {FORMAT}")
    rendered = {name: _dump(yaml, data) for name, data in files.items()}
    result.files = [name for name, data in rendered.items() if data != original[name]]
    if not dry_run and result.files:
        _write(root, {name: rendered[name] for name in result.files}, original, person, result)
    return result


def _set_format(region: Any, value: int) -> None:
    if "format" in region:
        region["format"] = value
    else:
        region.insert(0, "format", value, comment="format workspace (masterplan upgrade)")


def _dump(yaml: Any, data: Any) -> bytes:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue().encode("utf-8")


def _write(
    root: Path,
    changed: dict[str, bytes],
    original: dict[str, bytes],
    person: str | None,
    result: UpgradeResult,
) -> None:
    """Write ``changed`` atomically; journal it where the workspace has a history."""
    from masterplan.workflow.journal import JOURNAL_FILE

    if not (root / JOURNAL_FILE).is_file():
        for name, data in changed.items():
            atomic_write_bytes(root / name, data)
        return
    from masterplan.workflow.actor import actor
    from masterplan.workflow.edits import record_outside_changes
    from masterplan.workflow.journal import append, sha256, store_object
    from masterplan.workflow.lock import workspace_lock
    from masterplan.workflow.state import load_state

    who = actor(root, person)
    who.allow("workspace.upgrade")
    with workspace_lock(root):
        state = load_state(root)
        record_outside_changes(root, state)
        if any((root / name).read_bytes() != original[name] for name in changed):
            raise UsageError("berkas berubah selama upgrade; jalankan lagi")
        for name, data in changed.items():
            store_object(root, data)
            atomic_write_bytes(root / name, data)
        append(
            root,
            who.person,
            "answers.upgrade",
            {
                "files": {name: sha256(data) for name, data in changed.items()},
                "before": {name: sha256(original[name]) for name in changed},
                "format": [result.before, result.after],
                "detail": "; ".join(result.changes),
            },
            who=who.claimed,
        )
