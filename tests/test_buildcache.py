"""Drafts kept by their content: reused while nothing they show changes, rebuilt when anything does."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import answers, copy_root, edit_yaml

from masterplan import api
from masterplan.errors import MasterplanError
from masterplan.renderers.buildcache import CACHE_DIR, DraftCache

DAY = dt.date(2026, 12, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_root("example", tmp_path, history=True)


def _entries(root: Path) -> list[str]:
    return sorted(p.name for p in (root / CACHE_DIR).iterdir())


def test_a_draft_is_what_a_cold_build_gives_and_is_reused_until_what_it_shows_changes(root: Path, tmp_path: Path):
    steps: list[tuple[float, str]] = []
    first = api.draft(root, "docx", build_date=DAY, progress=lambda share, step: steps.append((share, step)))
    assert not first.reused and first.path.name == "kabupaten-sukamaju-rencana-induk-draf.docx"
    assert [step for _share, step in steps][:2] == ["Membaca jawaban", "Menulis dokumen Word"]
    cold = api.build(root, "docx", outdir=tmp_path / "cold", build_date=DAY, libreoffice=False)
    assert first.path.read_bytes() == cold.files[0].read_bytes()
    again = api.draft(root, "docx", build_date=DAY)
    assert again.reused and again.path == first.path and again.warnings == first.warnings
    # anything the draft shows: an answer, the date, the changes appendix, a template, an asset
    edit_yaml(answers(root, 1), lambda d: d["answers"].update(geography="Wilayah yang baru."))
    changed = api.draft(root, "docx", build_date=DAY)
    assert not changed.reused and changed.path != first.path
    assert not api.draft(root, "docx", build_date=DAY + dt.timedelta(days=1)).reused
    assert not api.draft(root, "docx", changes_since="review", build_date=DAY).reused
    (root / "templates" / "pdf").mkdir(parents=True)
    (root / "templates" / "pdf" / "extra.css").write_text("h1 { color: black; }\n", encoding="utf-8")
    assert not api.draft(root, "docx", build_date=DAY).reused
    assert api.draft(root, "docx", build_date=DAY).reused
    emblem = next(p for p in (root / "assets").iterdir() if p.is_file())
    emblem.write_bytes(emblem.read_bytes() + b"\n")
    assert not api.draft(root, "docx", build_date=DAY).reused
    assert not any(name.startswith(".") for name in _entries(root))  # no scratch folder left


def test_only_the_most_recently_used_drafts_are_kept(root: Path):
    cache = DraftCache(root, keep=2)
    for n in range(3):
        with cache.storing(f"k{n}") as scratch:
            (scratch / f"draf-{n}.pdf").write_bytes(b"%PDF")
            cache.seal(scratch, [f"peringatan {n}"])
        os.utime(root / CACHE_DIR / f"k{n}", ns=(n * 10**9, n * 10**9))
    cache.prune()
    assert _entries(root) == ["k1", "k2"]
    found = cache.get("k1")
    assert found is not None and found.path.name == "draf-1.pdf" and found.warnings == ["peringatan 1"]
    with cache.storing("k3") as scratch:  # k1 was used last: k2 goes
        (scratch / "draf-3.pdf").write_bytes(b"%PDF")
        cache.seal(scratch, [])
    assert _entries(root) == ["k1", "k3"]


def test_a_failed_build_leaves_nothing_in_the_cache(root: Path):
    cache = DraftCache(root)
    with pytest.raises(RuntimeError), cache.storing("gagal") as scratch:
        (scratch / "setengah.pdf").write_bytes(b"%PDF-1.7 setengah")
        raise RuntimeError("penyusun berhenti")
    with cache.storing("tanpa-segel") as scratch:  # never sealed: not a complete build
        (scratch / "draf.pdf").write_bytes(b"%PDF")
    assert _entries(root) == [] and cache.get("gagal") is None
    with pytest.raises(MasterplanError, match="docx atau pdf"):
        api.draft(root, "all")
