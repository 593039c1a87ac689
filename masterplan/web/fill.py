"""Filling: the home page, a dashboard per stage, and a form per section and contributor.

Answers are saved only through
:func:`masterplan.workflow.edits.save_answers_text`, which locks the
workspace, checks the role and the OPD, refuses locked stages and stale
bases, writes atomically and journals the change under the person's id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, g, jsonify, make_response, redirect, render_template, request, url_for
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from werkzeug.datastructures import MultiDict

from masterplan.answers.contribution import COORDINATOR
from masterplan.errors import StaleEdit
from masterplan.models.questionnaire import Questionnaire, Section, TableQuestion
from masterplan.web import context, grid, unsaved, uploads
from masterplan.web.compare import differences, own_changes, rebase
from masterplan.web.context import can_edit, checked, me, permit, questionnaire, root, state, store
from masterplan.web.dashboard import home_cards, left_for, stage_page
from masterplan.web.errors import Refused, not_found
from masterplan.web.formdata import (
    MAX_ROWS,
    BadForm,
    RowData,
    SectionData,
    apply,
    confirm,
    dump,
    field_name,
    from_answers,
    from_form,
    load_document,
)
from masterplan.web.formview import (
    Choices,
    SectionView,
    hint,
    place_notes,
    place_problems,
    row_program,
    section_view,
)
from masterplan.web.livecheck import field_problems
from masterplan.workflow.edits import NO_FILE, answers_path, read_within_limits, save_answers_text
from masterplan.workflow.journal import load_object, sha256, store_object
from masterplan.workflow.state import ROMAN, STATE_LABELS

bp = Blueprint("fill", __name__)


@bp.route("/")
def home() -> Any:
    """The four stages at a glance, and what the person can do next."""
    who = me()
    todos = left_for(who, checked(), state())
    return render_template("home.html", cards=home_cards(checked(), state()), who=who, todos=todos)


@bp.route("/tahap/<int:stage>")
def stage_view(stage: int) -> Any:
    """Completeness per section and contributor, the stage's state, its notes and its actions."""
    who = me()
    g.nav_stage = stage
    page = stage_page(checked(), state(), stage, questionnaire(stage), who)
    preset = request.args.get("sasaran", "")
    return render_template(
        "stage.html", page=page, who=who, preset=preset, page_contributors=context.contributors(),
        grid_ready=grid.available() and table_view() == "tabel",
    )


# --- the section form ------------------------------------------------------------------------


@dataclass
class Loaded:
    """An answers file as the form needs it."""

    file: str
    sha: str
    document: Any
    answers: Any  # the round-trip mapping under ``answers:``, None when the file cannot be used
    data: SectionData
    raw: bytes | None = None  # the file's bytes, None when there is no file


def _section(questions: Questionnaire, section_id: str) -> Section:
    found = next((s for s in questions.sections if s.id == section_id), None)
    if found is None:
        raise not_found(f"Bimtek {ROMAN[questions.stage]} tidak punya bagian {section_id}.")
    return found


def _contributor(code: str) -> str:
    if code not in context.contributors():
        raise not_found(f"{code} bukan kode OPD di region.yaml dan bukan koordinator.")
    return code


def _load(stage: int, contributor: str, section: Section, writable: bool = True) -> Loaded:
    """The contributor's answers file as the form needs it; ``answers`` is None when it cannot be used.

    ``writable`` reads it round-trip (comments kept) for a save; a form only shown is read by
    masterplan's fast reader, which gives the same values (a save confirms that it reads back
    what was written) in a fraction of the time.
    """
    file = answers_path(stage, contributor)
    who = context.person()
    starter = who.name if who else contributor
    data = store().read(file)
    document: Any = None
    if data is None:
        sha, document = NO_FILE, load_document(None, stage, starter)
    else:
        sha = sha256(data)
        try:
            text = data.decode("utf-8")
            fast, reason = read_within_limits(data, file, stage)  # the fast reader's limits first
            if reason is not None:
                document = None
            elif writable or not text.strip():
                document = load_document(text if text.strip() else None, stage, starter)
            else:
                document = fast
        except (UnicodeDecodeError, YAMLError, ValueError, TypeError, RecursionError):
            document = None  # check reports what is wrong; the form shows the file read-only
    if isinstance(document, dict) and document.get("answers") is None:
        document["answers"] = CommentedMap() if writable else {}
    answers = document.get("answers") if isinstance(document, dict) else None
    usable = answers if isinstance(answers, dict) else None
    return Loaded(file, sha, document, usable, from_answers(section, usable), data)


def _choices() -> Choices:
    region = context.region()
    return Choices(context.parse_context(), checked().plan, region.period.years if region else [])


def _view(
    stage: int, section: Section, data: SectionData, with_problems: bool, file: str, choices: Choices
) -> SectionView:
    result = checked()
    lookup = result.plan.stages[stage].lookup() if result.plan else None
    view = section_view(section, data, choices, lookup)
    if with_problems:
        place_problems(view, data, [p for p in result.report if p.where.file == file])
    place_notes(view, state().open_notes(stage), section.id, stage)
    return view


def _read_only_reason(stage: int, contributor: str, loaded: Loaded) -> str | None:
    who = me()
    current = state().stages[stage]
    if not can_edit(who, contributor):
        if who.role == "tim":
            return f"Anda hanya dapat mengubah jawaban {who.opd}; jawaban ini hanya dapat dilihat."
        return "Peran Anda tidak mengubah jawaban; jawaban ini hanya dapat dilihat."
    if current.locked:
        how = (
            "pendamping dapat membukanya kembali"
            if current.state == "approved"
            else "koordinator dapat menarik kembali pengajuannya"
        )
        label = STATE_LABELS[current.state]
        return f"Bimtek {ROMAN[stage]} sedang {label}, sehingga jawabannya terkunci; {how}."
    if loaded.answers is None:
        return (
            f"Berkas jawaban {context.contributor_label(contributor)} untuk Bimtek {ROMAN[stage]} "
            "tidak dapat dibaca, sehingga hanya dapat dilihat; koordinator Tim Pelaksana dapat "
            f"memperbaikinya (detail teknis: {loaded.file}, periksa dengan masterplan check)."
        )
    return None


def _render(
    stage: int,
    section: Section,
    contributor: str,
    loaded: Loaded,
    data: SectionData,
    *,
    base: str,
    with_problems: bool,
    status: int = 200,
    **extra: Any,
) -> Any:
    questions = questionnaire(stage)
    g.nav_stage = stage
    choices = _choices()
    view = _view(stage, section, data, with_problems, loaded.file, choices)
    read_only = _read_only_reason(stage, contributor, loaded)
    tables = any(q.is_table for q in view.questions) and not read_only and grid.available()
    grids: dict[str, grid.TableGrid] = {}
    if tables and table_view() == "tabel":
        severity: dict[str, set[str]] = {}
        for item in view.summary:
            severity.setdefault(item.field, set()).add(item.severity)
        warnings = frozenset(field for field, kinds in severity.items() if kinds == {"warning"})
        for question in view.questions:
            found = grid.table_grid(question, choices, warnings)
            if found is not None:
                grids[question.question.id] = found
    page = render_template(
        "section.html",
        stage=stage,
        questionnaire=questions,
        section=section,
        contributor=contributor,
        file=loaded.file,
        view=view,
        base=base,
        read_only=read_only,
        grids=grids,
        table_views=tables,
        uploads=uploads.has_files(section),
        section_titles={s.id: s.title for s in questions.sections},
        section_of={qid: s.id for qid, s in questions.section_of.items()},
        stale=extra.pop("stale", None),
        focus=extra.pop("focus", ""),
        hint=hint,
        row_program=lambda question, row: row_program(question, row, stage),
        **extra,
    )
    return page, status


VIEW_COOKIE = "masterplan_tampilan"


def table_view() -> str:
    """How this person's forms show tables: "tabel" (grids) unless they asked for "kartu" (row cards).

    ``?tampilan=kartu`` chooses, and is remembered in a cookie; a browser without JavaScript is
    sent there by the form itself.
    """
    chosen = request.args.get("tampilan") or request.cookies.get(VIEW_COOKIE, "")
    return chosen if chosen in grid.VIEWS else "tabel"


@bp.route("/tahap/<int:stage>/<section_id>/<contributor>", methods=["GET"])
def section_form(stage: int, section_id: str, contributor: str) -> Any:
    """The form of one section of one contributor's answers, with every problem beside its field."""
    section = _section(questionnaire(stage), section_id)
    contributor = _contributor(contributor)
    loaded = _load(stage, contributor, section, writable=False)
    if loaded.raw is not None and _read_only_reason(stage, contributor, loaded) is None:
        store_object(store(), loaded.raw)  # the version the form holds: a stale save tells own changes by it
    kept = unsaved.read(store(), me().id, stage, section.id, contributor)
    page, status = _render(
        stage, section, contributor, loaded, loaded.data, base=loaded.sha, with_problems=True,
        server_copy=json.dumps(kept, ensure_ascii=False) if kept else "",
    )
    response = make_response(page, status)
    chosen = request.args.get("tampilan")
    if chosen in grid.VIEWS:
        response.set_cookie(VIEW_COOKIE, chosen, max_age=365 * 24 * 3600, httponly=True, samesite="Lax")
    return response


@bp.route("/tahap/<int:stage>/<section_id>/<contributor>/pratinjau")
def section_preview_page(stage: int, section_id: str, contributor: str) -> Any:
    """The section as it will read in the document (the draft), for this contributor's programmes."""
    from masterplan import api
    from masterplan.web.preview import section_preview

    questions = questionnaire(stage)
    section = _section(questions, section_id)
    contributor = _contributor(contributor)
    g.nav_stage = stage
    loaded = _load(stage, contributor, section, writable=False)
    view = section_view(section, loaded.data, _choices())
    codes = {row_program(q.question, r, stage) for q in view.questions for r in q.rows or []} - {""}
    model, _ = api.document(root())
    return render_template(
        "preview.html",
        stage=stage,
        questionnaire=questions,
        section=section,
        contributor=contributor,
        places=section_preview(model, stage, section, codes),
        codes=sorted(codes),
        attached=lambda path: uploads.asset_name(root(), path),
    )


@bp.route("/tahap/<int:stage>/<section_id>/<contributor>/sementara", methods=["POST"])
def keep_unsaved(stage: int, section_id: str, contributor: str) -> Any:
    """Keep what the form holds now on the server (sent by the browser while typing); nothing is saved.

    The answer says what ``check`` would find in each field as typed (``{"kesalahan": {field: [...]}}``).
    """
    section = _section(questionnaire(stage), section_id)
    contributor = _contributor(contributor)
    who = permit("answers.save", None if contributor == COORDINATOR else contributor)
    fields = [(name, value) for name, value in request.form.items(multi=True) if name != "csrf"]
    unsaved.keep(store(), who.id, stage, section.id, contributor, fields)
    loaded = _load(stage, contributor, section, writable=False)
    try:
        submitted = from_form(section, request.form, context.parse_context(), loaded.data)
    except BadForm:
        return jsonify({"kesalahan": {}})  # kept as it is; a save explains what is wrong
    return jsonify({"kesalahan": field_problems(section, submitted, context.parse_context())})


@bp.route("/tahap/<int:stage>/<section_id>/<contributor>", methods=["POST"])
def section_save(stage: int, section_id: str, contributor: str) -> Any:
    """Save the section (or add a row and show the form again)."""
    questions = questionnaire(stage)
    section = _section(questions, section_id)
    contributor = _contributor(contributor)
    try:
        return _save(questions, section, contributor)
    except BadForm as error:
        outcome = "Tidak ada yang disimpan; buka formulirnya lagi lalu ulangi."
        raise _unusable(error, stage, section, contributor, outcome) from error


def _unusable(error: BadForm, stage: int, section: Section, contributor: str, outcome: str) -> Refused:
    """The 400 page of a form that cannot be used, linking to the section form."""
    form = url_for("fill.section_form", stage=stage, section_id=section.id, contributor=contributor)
    link = (form, f"Buka formulir {section.title}")
    return Refused(400, error.title, f"{error.title}: {error}. {outcome}", link=link)


def show_back(stage: int, section_id: str, contributor: str, form: MultiDict[str, str]) -> Any:
    """The section form holding ``form`` as it was posted when the session had ended: not saved.

    Saving it then is an ordinary save from the form's base, so a change made by someone else
    meanwhile is shown, never overwritten.
    """
    section = _section(questionnaire(stage), section_id)
    contributor = _contributor(contributor)
    loaded = _load(stage, contributor, section, writable=False)
    try:
        submitted = from_form(section, form, context.parse_context(), loaded.data)
    except BadForm as error:
        outcome = "Isian sebelum masuk tidak dapat ditampilkan kembali."
        raise _unusable(error, stage, section, contributor, outcome) from error
    base = form.get("base", "")
    return _render(
        stage, section, contributor, loaded, submitted, base=base, with_problems=False, carried=True
    )


def _save(questions: Questionnaire, section: Section, contributor: str) -> Any:
    """:func:`section_save` once section and contributor are known; :class:`BadForm` for a bad form."""
    stage = questions.stage
    who = permit("answers.save", None if contributor == COORDINATOR else contributor)
    loaded = _load(stage, contributor, section)
    if state().stages[stage].locked:
        raise Refused(409, "Tahap terkunci", _read_only_reason(stage, contributor, loaded) or "")
    if loaded.answers is None:
        raise Refused(400, "Berkas tidak dapat dipakai", _read_only_reason(stage, contributor, loaded) or "")
    form, refused = uploads.take_uploads(section, request.form)
    base = form.get("base", "")
    ctx = context.parse_context()
    submitted = from_form(section, form, ctx, loaded.data)
    if refused:  # nothing saved; what was typed is shown back with the reason
        for message in refused:
            flash(f"Berkas tidak dapat dilampirkan. {message}", "error")
        return _render(stage, section, contributor, loaded, submitted, base=base, with_problems=False,
                       status=400, refused_files=True)
    added = form.get("tambah")
    if added:
        table = questions.questions.get(added)
        focus = ""
        if isinstance(table, TableQuestion) and table.id in submitted:
            if len(submitted[table.id]) >= MAX_ROWS:
                raise Refused(400, "Terlalu banyak baris", f"Satu tabel paling banyak {MAX_ROWS} baris.")
            submitted[table.id].append(RowData(None))
            focus = field_name(table.id, len(submitted[table.id]) - 1, table.columns[0].id)
        return _render(
            stage,
            section,
            contributor,
            loaded,
            submitted,
            base=base,
            with_problems=False,
            added=added,
            focus=focus,
        )
    if base != loaded.sha:
        return _stale(stage, section, contributor, loaded, submitted, None, base)
    order = list(questions.questions)
    if not apply(section, submitted, loaded.answers, ctx, order):
        flash("Tidak ada perubahan untuk disimpan.", "info")
        return redirect(
            url_for("fill.section_form", stage=stage, section_id=section.id, contributor=contributor)
        )
    text = dump(loaded.document)
    confirm(text, section, loaded.answers, loaded.file, stage)
    try:
        save_answers_text(
            store(),
            stage,
            contributor,
            text,
            person=who.id,
            detail=f"formulir web: {section.title}",
            base=base,
        )
    except StaleEdit as error:
        current = _load(stage, contributor, section)
        return _stale(stage, section, contributor, current, submitted, str(error), base)
    unsaved.discard(store(), who.id, stage, section.id, contributor)
    flash(f"Jawaban bagian {section.title} untuk {context.contributor_label(contributor)} tersimpan.", "ok")
    target = url_for("fill.section_form", stage=stage, section_id=section.id, contributor=contributor)
    return redirect(target + "#ringkasan")


def _stale(
    stage: int,
    section: Section,
    contributor: str,
    loaded: Loaded,
    submitted: SectionData,
    message: str | None,
    base: str,
) -> Any:
    """409: the file changed since the form was built (version ``base``); show both, keep the input.

    What the person did not change takes the current file's value (:func:`own_changes`), so
    saving the form given back keeps the other person's change.
    """
    if message is None:
        message = (
            f"{loaded.file} telah diubah oleh {_last_change(loaded.file)} sejak Anda membuka formulir ini; "
            "perubahan Anda tidak disimpan agar tidak menimpa perubahan itu."
        )
    ctx = context.parse_context()
    before = _version_data(stage, section, loaded.file, base)
    if before is not None:
        submitted = own_changes(section, before, loaded.data, submitted, ctx)
    changes = differences(section, loaded.data, submitted, ctx)
    return _render(
        stage,
        section,
        contributor,
        loaded,
        rebase(section, loaded.data, submitted, ctx),
        base=loaded.sha,
        with_problems=False,
        status=409,
        stale={"message": message, "changes": changes},
    )


def _version_data(stage: int, section: Section, file: str, version: str) -> SectionData | None:
    """The section as version ``version`` of ``file`` held it (kept in the journal's objects), if known."""
    data = load_object(store(), version) if version and version != NO_FILE else None
    if data is None:
        return None
    try:
        document, reason = read_within_limits(data, file, stage)
    except (UnicodeDecodeError, YAMLError, ValueError, TypeError, RecursionError):
        return None
    answers = document.get("answers") if reason is None and isinstance(document, dict) else None
    return from_answers(section, answers) if isinstance(answers, dict) else None


def _last_change(file: str) -> str:
    from masterplan.workflow.present import note_time

    for entry in reversed(state().journal.entries):
        if file in entry.data.get("files", {}):
            return f"{entry.name} pada {note_time(entry.time, context.zone())}"
    return "orang lain (di luar masterplan)"


@bp.route("/tahap/<int:stage>/buka")
def open_form(stage: int) -> Any:
    """Go to the form chosen on the stage page (a section and a contributor, without JavaScript)."""
    section = _section(questionnaire(stage), request.args.get("bagian", ""))
    contributor = _contributor(request.args.get("kontributor", ""))
    return redirect(url_for("fill.section_form", stage=stage, section_id=section.id, contributor=contributor))
