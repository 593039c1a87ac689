"""The Daftar Singkatan: the abbreviations a document uses, from region.yaml and ``singkatan.yaml``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml

from masterplan.document.assembly import Assembly
from masterplan.document.model import Appendix, Block, BulletList, Chapter, FrontPage, Paragraph
from masterplan.resources import templates_dir

GLOSSARY_FILE = "singkatan.yaml"


@cache
def _terms(folder: Path) -> dict[str, str]:
    data = yaml.safe_load((folder / GLOSSARY_FILE).read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def terms(dirs: list[Path]) -> dict[str, str]:
    """Abbreviation -> meaning: the workspace's ``singkatan.yaml`` first, then the built-in one."""
    found: dict[str, str] = {}
    for folder in [*dirs, templates_dir() / "text"]:
        if (folder / GLOSSARY_FILE).is_file():
            found = {**_terms(folder), **found}
    return found


def _texts(parts: list[FrontPage | Chapter | Appendix]) -> Iterator[str]:
    for part in parts:
        lists = [part.blocks, *(s.blocks for s in getattr(part, "sections", []))]
        if isinstance(part, Chapter | Appendix):
            yield part.title
        for blocks in lists:
            for block in blocks:
                yield from _block_texts(block)


def _block_texts(block: Block) -> Iterator[str]:
    for name in ("text", "caption"):
        value = getattr(block, name, None)
        if isinstance(value, str):
            yield value
    yield from getattr(block, "items", [])
    for row in getattr(block, "rows", []):
        yield from getattr(row, "cells", [])
        for name in ("name", "opd"):
            value = getattr(row, name, None)
            if isinstance(value, str):
                yield value


def abbreviations(a: Assembly, parts: list[FrontPage | Chapter | Appendix]) -> list[Block]:
    """Every abbreviation the document's text uses, alphabetically: OPD short names and known terms."""
    phrases = " ".join(_texts(parts))
    words = set(re.findall(r"[\w/-]+", phrases))
    known: dict[str, str] = {}
    for opd in a.plan.region.opds:
        if opd.short and not opd.name.startswith(opd.short) and opd.short in phrases:
            known[opd.short] = opd.name
    for term, meaning in terms(a.dirs).items():
        if term in words:
            known.setdefault(term, meaning)
    if not known:
        return [Paragraph(text="Dokumen ini tidak memuat singkatan.")]
    return [BulletList(items=[f"{term}: {known[term]}" for term in sorted(known, key=str.casefold)])]
