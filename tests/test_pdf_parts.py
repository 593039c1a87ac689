"""The PDF laid out by parts: the same document as laid out whole, and a rebuild is the cold build's bytes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from docfixtures import sample_document
from test_pdf import needs_poppler, outline, unexpected

from masterplan.document.model import Document, Paragraph
from masterplan.renderers.pdf import PdfRenderError, render_pdf
from masterplan.renderers.pdf_context import build_context
from masterplan.renderers.pdf_html import builtin_dir
from masterplan.renderers.pdf_parts import part_html, plan_parts, roman
from masterplan.renderers.pdf_pool import WorkerPool


def page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def link_targets(reader: pypdf.PdfReader) -> list[tuple[int, int]]:
    """(page of the link, page it goes to) for every internal link, in order."""
    destinations = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                found.append((number, destinations[str(annotation["/Dest"])]))
    return sorted(found)


@pytest.fixture(scope="module")
def laid(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample document laid out by parts and laid out whole (its document template overridden by itself)."""
    folder = tmp_path_factory.mktemp("parts")
    document = sample_document(folder / "ws")
    whole_templates = folder / "whole"
    whole_templates.mkdir()
    shutil.copyfile(builtin_dir() / "document.html", whole_templates / "document.html")
    assets = folder / "ws" / "assets"
    by_parts = render_pdf(document, folder / "parts.pdf", assets_dir=assets)
    whole = render_pdf(document, folder / "whole.pdf", assets_dir=assets, template_dirs=[whole_templates])
    assert by_parts.parts > 3 and whole.parts == 1
    assert unexpected(by_parts.warnings) == unexpected(whole.warnings) == []
    return {"parts": by_parts.path, "whole": whole.path}


@needs_poppler
def test_parts_print_what_the_whole_document_prints_page_by_page(laid: dict[str, Path]) -> None:
    parts, whole = page_texts(laid["parts"]), page_texts(laid["whole"])
    assert len(parts) == len(whole) > 8
    for number, (mine, theirs) in enumerate(zip(parts, whole, strict=True), start=1):
        assert mine == theirs, f"halaman {number} berbeda"


def test_parts_keep_labels_bookmarks_and_links_of_the_whole_document(laid: dict[str, Path]) -> None:
    parts, whole = pypdf.PdfReader(laid["parts"]), pypdf.PdfReader(laid["whole"])
    assert parts.page_labels == whole.page_labels
    assert "i" in parts.page_labels and "1" in parts.page_labels
    assert outline(parts) == outline(whole)
    pages = [parts.get_destination_page_number(item) for item in parts.outline if not isinstance(item, list)]
    assert pages == [whole.get_destination_page_number(item) for item in whole.outline if not isinstance(item, list)]
    assert set(parts.named_destinations) == set(whole.named_destinations)
    # the Daftar Isi's links, to pages laid out in other parts, go where the whole document's go
    assert link_targets(parts) == link_targets(whole) != []


def test_an_appendix_is_cut_at_its_page_breaks_unless_its_template_is_the_workspace_s(tmp_path: Path) -> None:
    context = build_context(sample_document(tmp_path / "ws"), tmp_path / "ws" / "assets", tmp_path)
    plan = plan_parts(context)
    assert plan is not None
    pieces = [unit.appendices[0] for unit in plan.body if unit.appendices]
    assert [(p.full, p.continued) for p in pieces] == [
        ("LAMPIRAN 1 Lembar Komitmen", False), ("LAMPIRAN 2 Lembar Program", False),
        ("LAMPIRAN 2 Lembar Program", True)]
    assert [b.text for b in pieces[2].blocks if b.kind == "heading"] == ["Smart Economy"]
    html = part_html(plan.body[-1], context, {}, [])
    assert 'class="appendix appendix-continued" data-label="LAMPIRAN 2 Lembar Program"' in html
    assert "appendix-title" not in html and "page-break" not in html
    whole = plan_parts(context, split_appendices=False)
    assert whole is not None and len(whole.body) == len(plan.body) - 1

    overridden = tmp_path / "templates"
    overridden.mkdir()
    shutil.copyfile(builtin_dir() / "appendix.html", overridden / "appendix.html")
    result = render_pdf(sample_document(tmp_path / "ws"), tmp_path / "a.pdf", assets_dir=tmp_path / "ws" / "assets",
                        template_dirs=[overridden])
    assert result.parts == len(whole.in_order())


def changed(document: Document) -> Document:
    """``document`` with one paragraph of its second chapter reworded, as one changed answer does."""
    for block in document.chapters[1].sections[0].blocks:
        if isinstance(block, Paragraph):
            block.text = block.text + " Kalimat ini ditambahkan pada rapat pendampingan."
            return document
    raise AssertionError("no paragraph in the second chapter's first section")


def test_a_rebuild_lays_out_only_the_changed_part_and_gives_the_cold_build_s_bytes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assets = tmp_path / "ws" / "assets"
    first = render_pdf(sample_document(tmp_path / "ws"), tmp_path / "a.pdf", assets_dir=assets, cache_dir=cache)
    assert first.laid_out == first.parts
    again = render_pdf(sample_document(tmp_path / "ws"), tmp_path / "b.pdf", assets_dir=assets, cache_dir=cache)
    assert again.laid_out == 0
    assert again.path.read_bytes() == first.path.read_bytes()

    edited = changed(sample_document(tmp_path / "ws"))
    rebuilt = render_pdf(edited, tmp_path / "c.pdf", assets_dir=assets, cache_dir=cache)
    assert 1 <= rebuilt.laid_out <= 2, rebuilt.laid_out  # the chapter, and the front matter if a page moved
    assert rebuilt.path.read_bytes() != first.path.read_bytes()
    shutil.rmtree(cache)
    cold = render_pdf(changed(sample_document(tmp_path / "ws")), tmp_path / "d.pdf", assets_dir=assets,
                      cache_dir=cache)
    assert cold.laid_out == cold.parts
    assert cold.path.read_bytes() == rebuilt.path.read_bytes()


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache would go", encoding="utf-8")
    result = render_pdf(sample_document(tmp_path / "ws"), tmp_path / "a.pdf", assets_dir=tmp_path / "ws" / "assets",
                        cache_dir=blocked / "pdf")
    assert result.pages > 8 and result.laid_out == result.parts


def test_a_worker_that_dies_is_an_error_not_a_hang(tmp_path: Path) -> None:
    import time

    with WorkerPool(1, time.monotonic() + 60, 60) as pool:
        pool.workers[0].process.kill()
        job = {"html": "<p>x</p>"}
        with pytest.raises(PdfRenderError):
            pool.run([job], lambda _index, _pages: 0)


def test_roman_numbers() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1994)] == [
        "i", "iv", "ix", "xiv", "xl", "xc", "cd", "mcmxciv"]


def test_a_second_pdf_reuses_the_workers_gives_the_same_bytes_and_survives_a_dead_spare(tmp_path: Path) -> None:
    from masterplan.renderers import pdf_pool

    pdf_pool.stop_spares()
    assets = tmp_path / "ws" / "assets"
    first = render_pdf(sample_document(tmp_path / "ws"), tmp_path / "a.pdf", assets_dir=assets)
    spares = {worker.process.pid for worker in pdf_pool._spares}
    assert spares, "the workers of a build that ended well are kept"
    second = render_pdf(sample_document(tmp_path / "ws"), tmp_path / "b.pdf", assets_dir=assets)
    assert second.path.read_bytes() == first.path.read_bytes()
    assert spares & {worker.process.pid for worker in pdf_pool._spares}, "the same processes served again"
    pdf_pool._spares[0].process.kill()
    pdf_pool._spares[0].process.wait()
    third = render_pdf(sample_document(tmp_path / "ws"), tmp_path / "c.pdf", assets_dir=assets)
    assert third.path.read_bytes() == first.path.read_bytes()
    pdf_pool.stop_spares()
    assert pdf_pool._spares == []
