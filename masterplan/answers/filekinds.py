"""The kinds of file an answer may attach (PDF, JPEG, PNG): told by their first bytes or their name.

Kept apart from :mod:`masterplan.answers.attachments` (which reads and stores the files) so that the
questionnaire models can name the kinds without depending on the workspace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Kind = Literal["pdf", "jpeg", "png"]

KINDS: tuple[Kind, ...] = ("pdf", "jpeg", "png")
EXTENSIONS: dict[Kind, tuple[str, ...]] = {"pdf": (".pdf",), "jpeg": (".jpg", ".jpeg"), "png": (".png",)}
MEDIA_TYPES: dict[Kind, str] = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
NAMES: dict[Kind, str] = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}


def sniff(head: bytes) -> Kind | None:
    """The kind of a file from its first bytes (at least 8), or ``None``."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def kind_by_name(name: str) -> Kind | None:
    """The kind a file name's extension claims, or ``None``."""
    suffix = Path(name).suffix.lower()
    return next((k for k in KINDS if suffix in EXTENSIONS[k]), None)


def accepted_text(accept: tuple[Kind, ...] | list[Kind]) -> str:
    """"PDF, JPEG atau PNG"."""
    names = [NAMES[k] for k in accept]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} atau {names[-1]}"
