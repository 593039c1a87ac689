"""Chapter prose written by the tool around the answers: jinja2 text templates.

One set of templates (``templates/text/*.j2``) feeds every renderer through
the document model. Jinja runs with ``StrictUndefined``: a template that names
something the context lacks fails loudly instead of printing a blank. The
output is plain text (renderers escape it); a blank line separates
paragraphs and lines starting with "- " become a bulleted list.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from masterplan import formatting
from masterplan.document.model import Block, BulletList, Paragraph
from masterplan.errors import TemplateProblem
from masterplan.formatting import unwrap

UNANSWERED = "[BELUM DIISI]"


def _unanswered(value: Any) -> Any:
    """What ``{{ x }}`` prints: a visible mark for an unanswered value instead of "None"."""
    return UNANSWERED if value is None else value


@cache
def _environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text: each renderer escapes for its own format
        keep_trailing_newline=False,
        finalize=_unanswered,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        tanggal=formatting.tanggal,
        angka=formatting.angka,
        rupiah=formatting.rupiah,
        rupiah_singkat=formatting.rupiah_short,
        daftar=formatting.daftar,
    )
    return env


def render_text(dirs: list[Path], name: str, context: dict[str, Any]) -> str:
    """The text of template ``name`` (without ``.j2``); a broken template raises :class:`TemplateProblem`."""
    try:
        return _environment(tuple(dirs)).get_template(f"{name}.j2").render(**context)
    except jinja2.TemplateNotFound as exc:
        places = ", ".join(str(d) for d in dirs)
        raise TemplateProblem(f"templat teks {exc.name} tidak ditemukan di {places}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"{exc.filename or name}:{exc.lineno}: sintaks templat salah: {exc.message}"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(
            f"templat {name}.j2: {exc.message}; nama yang tersedia: {', '.join(sorted(context))}"
        ) from exc


def text_blocks(text: str) -> list[Block]:
    """Paragraphs and bullet lists from template text.

    A blank line ends a paragraph; wrapped lines of one paragraph are joined;
    consecutive lines starting with "- " form one bulleted list.
    """
    blocks: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines: list[str] = []
        items: list[str] = []
        ordered = False
        for line in (raw.strip() for raw in chunk.splitlines()):
            numbered = _NUMBERED.match(line)
            if line.startswith("- ") or numbered:
                if lines:
                    blocks.append(Paragraph(text=unwrap(" ".join(lines))))
                    lines = []
                if items and ordered != bool(numbered):
                    blocks.append(BulletList(items=items, ordered=ordered))
                    items = []
                ordered = bool(numbered)
                items.append(line[numbered.end():].strip() if numbered else line[2:].strip())
            elif line:
                if items:
                    blocks.append(BulletList(items=items, ordered=ordered))
                    items = []
                lines.append(line)
        if lines:
            blocks.append(Paragraph(text=unwrap(" ".join(lines))))
        if items:
            blocks.append(BulletList(items=items, ordered=ordered))
    return blocks


_NUMBERED = re.compile(r"\d{1,3}\. ")
"""A template line "1. ..." is an item of a numbered list."""


def render_prose(dirs: list[Path], name: str, context: dict[str, Any]) -> list[Block]:
    """Template ``name`` rendered into document blocks."""
    return text_blocks(render_text(dirs, name, context))


def answer_blocks(text: str) -> list[Block]:
    """Paragraphs and bullets from a long-text answer: each line is a paragraph.

    YAML folded text (``>-``) already joined the wrapped lines; what remains
    are the paragraph breaks the contributor wrote. Consecutive "- " lines
    become one bulleted list.
    """
    blocks: list[Block] = []
    bullets: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if line.startswith(("- ", "• ")):
            bullets.append(unwrap(line[2:].strip()))
            continue
        if bullets:
            blocks.append(BulletList(items=bullets))
            bullets = []
        if line:
            blocks.append(Paragraph(text=unwrap(line)))
    if bullets:
        blocks.append(BulletList(items=bullets))
    return blocks
