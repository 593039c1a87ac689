"""Attached files: scans of decrees (SK, Perbup, the signed commitment sheet) and quick-win photos.

An attachment is a PDF, JPEG or PNG file in the workspace's ``assets/`` folder,
named by a ``file`` answer (``assets/lampiran/sk-dewan-3f2a9c01b7d4.pdf``).
Its kind is read from its first bytes, never from its name alone, and every
bound is checked before the file is decoded: size, pixels, pages.

- :func:`store` keeps an uploaded file (the web form): checked, a photo turned
  upright and written again without its metadata (a phone's GPS position stays
  on the phone), saved atomically under a name made of a slug of the original
  name and the content's hash, so the same file uploaded twice is stored once
  and a user's file name never reaches the filesystem.
- :func:`problem` says what is wrong with a named file (``check``).
- :func:`page_count` and :func:`page_image` give the renderers what they print:
  each page of a scanned PDF is the picture on it, re-encoded. A page without a
  picture (a PDF made by a word processor) is not printed; the final PDF still
  carries the file itself as an embedded attachment.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from masterplan.answers.filekinds import (
    EXTENSIONS,
    KINDS,
    NAMES,
    Kind,
    accepted_text,
    kind_by_name,
    sniff,
)
from masterplan.errors import UsageError
from masterplan.fileio import inside
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from PIL.Image import Image

    from masterplan.checks.plan import Plan
    from masterplan.checks.problems import Problem, Where
    from masterplan.models.questionnaire import FileQuestion

ASSETS_DIR = "assets"
UPLOAD_DIR = "assets/lampiran"
"""Where uploaded files are stored, relative to the workspace."""

MAX_BYTES = 10 * 1024 * 1024
"""Largest attachment: a 20-page scan at 200 dpi is 2-6 MB, a phone photo 2-5 MB."""

MAX_PAGES = 40
"""Most pages of an attached PDF: a Perbup with its own appendix runs to 20-30."""

MAX_PIXELS = 50_000_000
"""Largest picture decoded (a 50-megapixel photo); a larger one is refused before decoding."""

PRINT_SIDE = 2400
"""Longest side, in pixels, of a picture as printed: 300 dpi over 20 cm."""

_SLUG = re.compile(r"[^a-z0-9]+")


class AttachmentError(Exception):
    """A file that cannot be attached; ``rule`` names the message in :mod:`masterplan.checks.messages`."""

    def __init__(self, rule: str, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params








def slug(name: str) -> str:
    """A file name's stem as lower-case ASCII words joined by hyphens (at most 40 characters)."""
    ascii_text = unicodedata.normalize("NFKD", Path(name).stem).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text.lower()).strip("-")[:40].strip("-") or "berkas"


# --- checking ---------------------------------------------------------------------------


def verify(data: bytes, accept: tuple[Kind, ...] | list[Kind]) -> Kind:
    """The kind of ``data`` when it may be attached; else :class:`AttachmentError`."""
    if len(data) > MAX_BYTES:
        raise AttachmentError("attachment-too-big", size=_megabytes(len(data)), max=_megabytes(MAX_BYTES))
    if not data:
        raise AttachmentError("attachment-empty")
    kind = sniff(data[:8])
    if kind is None:
        raise AttachmentError("attachment-kind", accepted=accepted_text(accept))
    if kind not in accept:
        raise AttachmentError("attachment-not-accepted", kind=NAMES[kind], accepted=accepted_text(accept))
    if kind == "pdf":
        pages = _pdf_pages(data)
        if pages > MAX_PAGES:
            raise AttachmentError("attachment-pages", pages=pages, max=MAX_PAGES)
    else:
        _open_image(data).load()
    return kind


def problem(
    workspace: Path | WorkspaceStore, name: str, accept: tuple[Kind, ...] | list[Kind]
) -> tuple[str, dict[str, object]] | None:
    """What is wrong with the file ``name`` (relative to the workspace) as an attachment, or ``None``.

    Cheap enough for every ``check`` of a folder: the size and the first bytes only.
    """
    store = as_store(workspace)
    if isinstance(store, FileStore):
        root = store.root
        path = root / name
        if not inside(root / ASSETS_DIR, path):
            return "figure-not-in-assets", {"path": name}
        if not path.is_file():
            return "asset-missing", {"path": name}
        size = path.stat().st_size
        with path.open("rb") as handle:
            first = handle.read(8)
    else:
        if not name.startswith(f"{ASSETS_DIR}/") or ".." in name.split("/"):
            return "figure-not-in-assets", {"path": name}
        try:
            data = store.read(name)
        except UsageError:
            data = None
        if data is None:
            return "asset-missing", {"path": name}
        size, first = len(data), data[:8]
    if size > MAX_BYTES:
        return "attachment-too-big", {"size": _megabytes(size), "max": _megabytes(MAX_BYTES)}
    kind = sniff(first)
    if kind is None or kind != kind_by_name(name):
        return "attachment-content", {"path": name, "accepted": accepted_text(accept)}
    if kind not in accept:
        return "attachment-not-accepted", {"kind": NAMES[kind], "accepted": accepted_text(accept)}
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


# --- storing an upload -----------------------------------------------------------------


def store(
    workspace: Path | WorkspaceStore, data: bytes, original_name: str, accept: tuple[Kind, ...] | list[Kind]
) -> str:
    """Keep an uploaded file in ``assets/lampiran/`` of the workspace; its name relative to the workspace.

    Photos are stored upright and without metadata; PDFs as they came.
    """
    kind = verify(data, accept)
    if kind != "pdf":
        data, kind = _clean_image(data)
    digest = hashlib.sha256(data).hexdigest()[:12]
    extension = EXTENSIONS[kind][0]
    name = f"{UPLOAD_DIR}/{slug(original_name)}-{digest}{extension}"
    kept = as_store(workspace)
    current = kept.version(name)
    if current is None or current[:12] != digest:
        kept.write(name, data)
    return name


def _clean_image(data: bytes) -> tuple[bytes, Kind]:
    """A photo upright, at most :data:`PRINT_SIDE` wide or high, without EXIF, GPS or comments."""
    from PIL import ImageOps

    image = _open_image(data)
    upright = ImageOps.exif_transpose(image)
    return _encode(upright, "png" if image.format == "PNG" else "jpeg")


# --- printing ---------------------------------------------------------------------------


def printable_pages(path: Path) -> list[tuple[int, int] | None]:
    """For each page of the attachment at ``path``, the size in pixels of the picture it prints.

    ``None`` for a page without a picture; one size for a photo; ``[]`` when the file
    cannot be read. Nothing is decoded.
    """
    try:
        data = path.read_bytes()
        kind = sniff(data[:8]) if len(data) <= MAX_BYTES else None
        if kind in ("jpeg", "png"):
            return [_open_image(data).size]
    except (AttachmentError, OSError):
        return []
    if kind != "pdf":
        return []
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return []
        return [_largest(_page_images(page)) for page in reader.pages[:MAX_PAGES]]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return []


def _largest(images: list[Any]) -> tuple[int, int] | None:
    """The size of the largest of a page's images."""
    sizes = [(int(i.get("/Width", 0)), int(i.get("/Height", 0))) for i in images]
    return max(sizes, key=lambda size: size[0] * size[1]) if sizes else None


def _page_images(page: Any) -> list[Any]:
    """The image objects drawn directly on a PDF page."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources else None
    found = []
    for ref in xobjects.get_object().values() if xobjects else []:
        item = ref.get_object()
        if item.get("/Subtype") == "/Image":
            found.append(item)
    return found


def page_image(path: Path, page: int | None = None) -> tuple[bytes, Kind] | None:
    """The picture to print for ``path`` (page ``page``, from 1, of a PDF): bytes and kind.

    ``None`` when the file cannot be read or the page holds no picture. Results are
    kept per content, so a rebuild does not decode a scan again.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    key = (hashlib.sha256(data).hexdigest(), page)
    if key not in _PRINTED:
        _PRINTED[key] = _printable(data, page)
        while len(_PRINTED) > _KEEP_PRINTED:
            _PRINTED.pop(next(iter(_PRINTED)))
    return _PRINTED[key]


_PRINTED: dict[tuple[str, int | None], tuple[bytes, Kind] | None] = {}
_KEEP_PRINTED = 48  # pictures kept per process, oldest dropped first


def _printable(data: bytes, page: int | None) -> tuple[bytes, Kind] | None:
    try:
        kind = verify(data, KINDS)
        if kind != "pdf":
            return _encode(_open_image(data), kind)
        return _pdf_page_image(data, page or 1)
    except (AttachmentError, OSError, ValueError):
        return None


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise AttachmentError("attachment-encrypted")
        return len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise AttachmentError("attachment-unreadable", kind="PDF") from exc


def _pdf_page_image(data: bytes, page: int) -> tuple[bytes, Kind] | None:
    """The largest picture on page ``page`` of a PDF, re-encoded; ``None`` without one."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted or not 1 <= page <= min(len(reader.pages), MAX_PAGES):
            return None
        best = None
        for item in _page_images(reader.pages[page - 1]):
            pixels = int(item.get("/Width", 0)) * int(item.get("/Height", 0))
            if pixels > MAX_PIXELS:
                raise AttachmentError("attachment-pixels")
            if best is None or pixels > best[0]:
                best = (pixels, item)
        if best is None:
            return None
        image = best[1].decode_as_image()
        if image is None:
            return None
        return _encode(image, "png" if image.mode in ("1", "P", "L") and image.format != "JPEG" else "jpeg")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        return None


def _open_image(data: bytes) -> Image:
    """A JPEG or PNG opened (not yet decoded) after its size was checked."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        image = PILImage.open(io.BytesIO(data), formats=["JPEG", "PNG"])
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise AttachmentError("attachment-unreadable", kind="gambar") from exc
    if image.width * image.height > MAX_PIXELS:
        raise AttachmentError("attachment-pixels")
    return image


def _encode(image: Image, kind: Kind) -> tuple[bytes, Kind]:
    """``image`` at most :data:`PRINT_SIDE` on its longest side, as ``kind`` without metadata."""
    if max(image.size) > PRINT_SIDE:
        image = image.copy()
        image.thumbnail((PRINT_SIDE, PRINT_SIDE))
    out = io.BytesIO()
    if kind == "jpeg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True, icc_profile=image.info.get("icc_profile"))
    else:
        if image.mode not in ("1", "L", "P", "RGB", "RGBA", "LA"):
            image = image.convert("RGB")
        image.save(out, "PNG", optimize=False)
    return out.getvalue(), kind


# --- the workspace's check ---------------------------------------------------------------


def file_answers(plan: Plan) -> Iterator[tuple[FileQuestion, str, Callable[[], Where]]]:
    """Every ``file`` answer: its question (or column), the file's name, where it is written."""
    from masterplan.checks.problems import Where
    from masterplan.models.questionnaire import FileQuestion, TableQuestion

    for stage, merged in plan.stages.items():
        for question in merged.questionnaire.questions.values():
            if isinstance(question, FileQuestion):
                name = merged.value(question.id)
                if isinstance(name, str):
                    source = merged.answers[question.id].source

                    def where(
                        stage: int = stage, question: FileQuestion = question, source: Any = source
                    ) -> Where:
                        return Where(
                            file=source.file if source else f"answers/bimtek-{stage}/",
                            line=source.line if source else None, stage=stage, question=question.id,
                            label=question.label, label_en=question.label_en,
                        )

                    yield question, name, where
            elif isinstance(question, TableQuestion):
                columns = [c for c in question.columns if isinstance(c, FileQuestion)]
                for row in merged.rows(question.id) if columns else []:
                    for column in columns:
                        name = row.get(column.id)
                        if isinstance(name, str):
                            where_cell = functools.partial(plan.where_row, stage, question.id, row, column.id)
                            yield column, name, where_cell


def check_answers(root: Path | WorkspaceStore, plan: Plan) -> list[Problem]:
    """A problem for every ``file`` answer whose file is missing, outside ``assets/`` or not what it says."""
    from masterplan.checks.problems import Problem

    return [
        Problem("error", found[0], where(), found[1])
        for question, name, where in file_answers(plan)
        if (found := problem(root, name, question.accept))
    ]


def attached_pdfs(root: Path, plan: Plan) -> dict[str, bytes]:
    """The attached PDF files (answers and the regulation's scan) by their names, to embed in a final PDF."""
    names = [name for _, name, _ in file_answers(plan)]
    if plan.region.regulation is not None and plan.region.regulation.scan:
        names.append(plan.region.regulation.scan)
    found: dict[str, bytes] = {}
    for name in dict.fromkeys(names):
        if kind_by_name(name) == "pdf" and problem(root, name, ["pdf"]) is None:
            found[name.rsplit("/", 1)[-1]] = (root / name).read_bytes()
    return found
