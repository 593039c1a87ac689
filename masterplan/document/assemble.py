"""Plan -> document model: the only place that knows both the answers and the document.

The outline (``templates/text/outline.yaml``) says which chapters and
sections exist and what fills them; this module holds the builders that turn
answers into tables, grids and paragraphs, each registered by name with
:func:`builder`. The result is deterministic: the build date is a parameter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from masterplan import __version__
from masterplan.answers.definitions import Definitions
from masterplan.answers.workspace import REGION_FILE
from masterplan.checks.plan import Plan
from masterplan.checks.problems import Problem, Where
from masterplan.document import builders  # noqa: F401  (registers the builders)
from masterplan.document.assembly import (
    BUILDERS,
    ROMAN,
    Assembly,
    emblem_path,
    signature,
)
from masterplan.document.builders.closing import review_notes
from masterplan.document.builders.evaluation import Finding
from masterplan.document.builders.figures import region_figures
from masterplan.document.builders.regulation import REGULATION_BOOK, head_signature, lampiran_heading
from masterplan.document.glossary import abbreviations
from masterplan.document.model import (
    Appendix,
    Block,
    ChangeEntry,
    Chapter,
    Cover,
    Document,
    FrontPage,
    Meta,
    Paragraph,
    ReviewNote,
    Section,
    Signature,
    Signatures,
)
from masterplan.document.orientation import reads_better_landscape
from masterplan.document.outline import MAIN_BOOK, Content, Outline, load_outline, text_dirs
from masterplan.document.palette import PROGRAMME, dimension_colour
from masterplan.document.prose import render_prose
from masterplan.document.review import changes_appendix, resolve_notes, review_appendix
from masterplan.errors import TemplateProblem
from masterplan.formatting import Wording, period_text, rupiah_style, tanggal
from masterplan.models.region import RegionFigure, Signatory

# --- the document -------------------------------------------------------------------


def _content(a: Assembly, items: list[Content]) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        if item.prose:
            blocks += render_prose(a.dirs, item.prose, a.context())
        elif item.text:
            stage, question = item.text.split(".", 1)
            blocks += a.answer(int(stage), question)
        elif item.build:
            blocks += BUILDERS[item.build](a)
    return blocks


def _unplaced(
    a: Assembly, placements: dict[str, list[RegionFigure]], outline: Outline, last: Section
) -> list[RegionFigure]:
    """The region's figures whose section the outline lacks: each one warned about, all of them kept."""
    titles = ", ".join(s.title for chapter in outline.chapters for s in chapter.sections)
    left = [item for items in placements.values() for item in items]
    placements.clear()
    for item in left:
        where = Where(file=REGION_FILE, label="figures")
        params = {"caption": item.caption, "section": item.section, "placed": f"{last.number} {last.title}",
                  "sections": titles}
        a.problems.append(Problem("warning", "figure-section-unknown", where, params))
    return left


def _check_outline(outline: Outline, definitions: Definitions) -> None:
    """Every ``build`` name exists and every ``text`` names a text question (before assembling)."""
    contents = outline.contents()
    unknown = sorted({c.build for c in contents if c.build and c.build not in BUILDERS})
    if unknown:
        raise TemplateProblem(
            f"outline.yaml: build tidak dikenal: {', '.join(unknown)}; "
            f"yang tersedia: {', '.join(sorted(BUILDERS))}"
        )
    if len(outline.chapters) > len(ROMAN):
        raise TemplateProblem(f"outline.yaml: paling banyak {len(ROMAN)} bab")
    for item in contents:
        if item.text is None:
            continue
        stage, question = item.text.split(".", 1)
        found = definitions.stage(int(stage)).questions.get(question)
        if found is None or found.type not in ("text", "longtext"):
            raise TemplateProblem(
                f"outline.yaml: text: {item.text} harus menunjuk pertanyaan uraian (text/longtext) "
                f"di kuesioner Bimtek {stage}"
            )


def _front(a: Assembly) -> list[FrontPage]:
    pages = []
    for page in a.outline.front:
        blocks = _content(a, page.content)
        if page.role == "approval":
            blocks = _approval(a) + blocks
        elif page.role == "foreword":
            blocks = _foreword(a, page.signer, blocks)
        title = page.title.replace("{KEPALA}", a.wording.kepala_daerah.upper())
        title = title.replace("{DAERAH}", a.wording.daerah.upper())
        title = title.replace("{PERIODE}", period_text(a.plan.region.period))
        pages.append(FrontPage(role=page.role, title=title, blocks=blocks))
    return pages


def _foreword(a: Assembly, signer: str | None, content: list[Block]) -> list[Block]:
    """A foreword and its signature: the head's Kata Sambutan or the Ketua Tim's Kata Pengantar.

    Without ``signer`` (outlines of before) the Kata Pengantar signed by the head.
    """
    if signer == "ketua-tim":
        text = content or render_prose(a.dirs, "kata_pengantar", a.context())
        leaders = [_civil_servant(s) for s in a.plan.region.signatories if s.role == "ketua-tim"]
        columns = max(1, min(2, len(leaders)))
        return [*text, Signatures(place_date=_place_date(a), blocks=leaders, columns=columns, signing=True)]
    prose = "sambutan" if signer == "kepala-daerah" else "kata_pengantar"
    text = (content or render_prose(a.dirs, prose, a.context())) if signer else (
        render_prose(a.dirs, prose, a.context()) + content)
    return [*text, *_headsignature(a, signing=signer is not None)]


def _place_date(a: Assembly) -> str:
    return f"{a.plan.region.capital}, {tanggal(a.plan_date)}"


def _headsignature(a: Assembly, signing: bool = False) -> list[Block]:
    head = signature(a.wording.kepala_daerah, a.plan.region.head.name, None, None)
    return [Signatures(place_date=_place_date(a), blocks=[head], signing=signing)]


PROTOCOL = ("sekda", "kepala-bappeda", "sekretaris-tim", "lainnya")
"""Order of the signatories who "know" (Mengetahui) the plan on the Lembar Pengesahan."""


def _civil_servant(s: Signatory) -> Signature:
    return signature(s.position, s.name, f"{s.rank} ({s.grade})", s.nip)


def _approval(a: Assembly) -> list[Block]:
    """The Lembar Pengesahan in protocol order.

    The Ketua Tim (one or two co-chairs) "Disusun oleh" with the place and date;
    the other signatories of region.yaml "Mengetahui" (Sekda, Kepala Bappeda,
    Sekretaris Tim, others); the head of region "Mengesahkan" last, centred:
    the place of honour. Every one of them is a signing place of the final PDF.
    """
    region = a.plan.region
    lines = [a.outline.title, a.wording.daerah.upper(), f"TAHUN {period_text(region.period)}"]
    blocks: list[Block] = [Paragraph(text=line, style="center") for line in lines]
    leaders = [_civil_servant(s) for s in region.signatories if s.role == "ketua-tim"]
    others = sorted(
        (s for s in region.signatories if s.role != "ketua-tim"), key=lambda s: PROTOCOL.index(s.role)
    )
    if leaders:
        blocks.append(Signatures(place_date=_place_date(a), intro="Disusun oleh,", blocks=leaders,
                                 columns=min(2, len(leaders)), signing=True))
    if others:
        blocks.append(Signatures(intro="Mengetahui,", blocks=[_civil_servant(s) for s in others],
                                 columns=min(2, len(others)), signing=True))
    head = signature(a.wording.kepala_daerah, region.head.name, None, None)
    blocks.append(Signatures(intro="Mengesahkan,", blocks=[head], signing=True, centre=True,
                             place_date=None if leaders else _place_date(a)))
    return blocks


def assemble(
    plan: Plan,
    build_date: dt.date,
    mode: str = "draft",
    workspace: Path | None = None,
    problems: list[Problem] | None = None,
    notes: list[ReviewNote] | None = None,
    changes: list[ChangeEntry] | None = None,
    changes_since: str | None = None,
    book: str = MAIN_BOOK,
) -> Document:
    """The Rencana Induk of ``plan`` (or its companion ``book``) as a document tree.

    ``problems`` (the report of ``check``) fill the draft's "Catatan Pemeriksaan";
    ``workspace`` locates the emblem and any template override. A draft also
    carries the mentors' open review ``notes`` (each landed on the text it is
    about, and listed in "Catatan Reviu Pendamping") and the ``changes`` since
    the last review ("Perubahan sejak Reviu Terakhir", whose intro names
    ``changes_since``, e.g. "persetujuan Bimtek II pada 20 November 2026").
    A final document ignores all three. Money is written as region.yaml's ``rupiah`` says.
    """
    with rupiah_style(plan.region.rupiah):
        return _assemble(plan, build_date, mode, workspace, problems, notes, changes, changes_since, book)


def _assemble(
    plan: Plan,
    build_date: dt.date,
    mode: str,
    workspace: Path | None,
    problems: list[Problem] | None,
    notes: list[ReviewNote] | None,
    changes: list[ChangeEntry] | None,
    changes_since: str | None,
    book: str = MAIN_BOOK,
    annex: bool = False,
) -> Document:
    outline = load_outline(workspace, book)
    _check_outline(outline, plan.definitions)
    if outline.lampiran is not None:
        return _regulation(plan, build_date, mode, workspace, outline, book)
    a = Assembly(
        plan=plan,
        wording=Wording.of(plan.region),
        outline=outline,
        dirs=text_dirs(workspace),
        build_date=build_date,
        mode=mode,
        workspace=workspace,
        problems=list(problems or []),
        annex=annex,
    )
    region, w = plan.region, a.wording
    period = period_text(region.period)
    front = _front(a)
    placements: dict[str, list[RegionFigure]] = {}
    for item in region.figures if outline.region_figures else []:
        placements.setdefault(item.section.casefold(), []).append(item)
    chapters = []
    for index, chapter in enumerate(outline.chapters, start=1):
        a.chapter, a.tables, a.figures = index, 0, 0
        sections = []
        for n, section in enumerate(chapter.sections, start=1):
            a.section, a.landscape = n, section.landscape
            numbers, captions = (a.tables, a.figures), dict(a.captions)
            blocks = _content(a, section.content)
            landscape = section.landscape
            if not landscape and reads_better_landscape(blocks, a.paper):  # built again on wider pages
                (a.tables, a.figures), a.captions = numbers, captions
                a.landscape = landscape = True
                blocks = _content(a, section.content)
            if section.title.casefold() in placements:
                blocks += region_figures(a, placements.pop(section.title.casefold()))
            sections.append(
                Section(number=f"{index}.{n}", title=section.title, landscape=landscape, blocks=blocks)
            )
        if placements and index == min(2, len(outline.chapters)) and sections:
            blocks = region_figures(a, _unplaced(a, placements, outline, sections[-1]))
            sections[-1] = sections[-1].model_copy(update={"blocks": sections[-1].blocks + blocks})
        chapters.append(Chapter(number=ROMAN[index - 1], title=chapter.title, sections=sections))
    a.chapter, a.tables, a.figures, a.landscape = 0, 0, 0, False
    appendices: list[Appendix] = []
    for x in outline.appendices:
        blocks = _content(a, x.content)
        if blocks or not x.optional:
            appendices.append(Appendix(number=str(len(appendices) + 1), title=x.title, blocks=blocks))
    for page in front:
        if page.role == "abbreviations":
            page.blocks = abbreviations(a, [*front, *chapters, *appendices]) + page.blocks
    draft = mode != "final"
    order = [d.code for d in plan.definitions.choices.dimensions]
    review = list(notes or []) if draft and outline.review and not annex else []
    resolve_notes(review, front, chapters, appendices, plan.definitions)
    extra = [
        review_notes(a) if outline.review and not annex else None,
        review_appendix(a, review) if review else None,
        changes_appendix(a, list(changes), changes_since) if draft and changes and review else None,
    ]
    for appendix in extra:
        if appendix is not None:
            appendices.append(appendix.model_copy(update={"number": str(len(appendices) + 1)}))
    return Document(
        meta=Meta(
            title=f"{outline.name} {w.daerah} {period}",
            subject=f"{outline.subject} {w.daerah} Tahun {period}",
            book=book,
            region=w.daerah,
            slug=region.slug,
            author=w.pemda,
            build_date=build_date,
            mode="final" if mode == "final" else "draft",
            paper=a.paper,
            sheet=outline.sheet,
            slides=outline.slides,
            version=f"masterplan {__version__}; kuesioner {plan.definitions.version}",
        ),
        cover=Cover(
            title=outline.title,
            region=w.daerah.upper(),
            period=period,
            lines=[w.pemda.upper(), str(region.regulation.year if region.regulation else a.plan_date.year)],
            adoption=w.act_heading(region.regulation) if region.regulation and outline.adoption else [],
            emblem=str(path) if (path := emblem_path(a)) else None,
            band=[dimension_colour(d.code, order) for d in plan.definitions.choices.dimensions],
            programme=PROGRAMME.upper(),
        ),
        front=front,
        chapters=chapters,
        appendices=appendices,
        review=review,
    )


def _regulation(
    plan: Plan, build_date: dt.date, mode: str, workspace: Path | None, outline: Outline, book: str
) -> Document:
    """A regulation adopting the plan: its body, then the book ``outline.lampiran`` as its Lampiran.

    The Lampiran is that book as it is built alone, but headed "LAMPIRAN PERATURAN ..." on its
    first page, without its Lembar Pengesahan (the regulation adopts it), the mentors' notes or
    the evaluator's checklist, and signed at its end by the head of region.
    """
    lampiran = str(outline.lampiran)
    if load_outline(workspace, lampiran).lampiran is not None:
        raise TemplateProblem(f"books/{book}.yaml: lampiran: {lampiran} sendiri sudah berlampiran")
    annex = _assemble(plan, build_date, mode, workspace, None, None, None, None, lampiran, annex=True)
    a = Assembly(
        plan=plan, wording=Wording.of(plan.region), outline=outline, dirs=text_dirs(workspace),
        build_date=build_date, mode=mode, workspace=workspace,
    )
    body = _content(a, outline.regulation)
    closing = Signatures(blocks=[head_signature(a)], signing=True)
    chapters, appendices = list(annex.chapters), list(annex.appendices)
    if appendices:
        appendices[-1] = appendices[-1].model_copy(update={"blocks": [*appendices[-1].blocks, closing]})
    elif chapters and chapters[-1].sections:
        last = chapters[-1].sections[-1]
        sections = [*chapters[-1].sections[:-1], last.model_copy(update={"blocks": [*last.blocks, closing]})]
        chapters[-1] = chapters[-1].model_copy(update={"sections": sections})
    w, period = a.wording, period_text(plan.region.period)
    name = outline.name.replace("{KEPALA}", w.kepala_daerah)
    return annex.model_copy(update={
        "meta": annex.meta.model_copy(update={
            "title": f"{name} {w.daerah} {period}", "subject": f"{outline.subject} {w.daerah} Tahun {period}",
            "book": w.perkada_short.lower() if book == REGULATION_BOOK else book,  # a kota's file: "-perwali"
        }),
        "regulation": body,
        "cover": annex.cover.model_copy(update={"adoption": lampiran_heading(a)}),
        "front": [page for page in annex.front if page.role != "approval"],
        "chapters": chapters,
        "appendices": appendices,
    })


def assess(plan: Plan, problems: list[Problem], workspace: Path | None = None) -> list[Finding]:
    """The evaluator's checklist of ``plan``, criterion by criterion, without building a book."""
    from masterplan.document.builders.evaluation import findings

    a = Assembly(
        plan=plan,
        wording=Wording.of(plan.region),
        outline=load_outline(workspace, MAIN_BOOK),
        dirs=text_dirs(workspace),
        build_date=dt.date.today(),
        mode="draft",
        workspace=workspace,
        problems=list(problems),
    )
    with rupiah_style(plan.region.rupiah):
        return findings(a)
