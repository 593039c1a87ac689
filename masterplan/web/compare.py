"""A stale form: what someone else changed meanwhile, beside what this person submitted.

When a save is refused because the file changed since the form was built,
:func:`own_changes` keeps of the submission only what the person changed
(every value still as in the version their form was built from takes the
current file's value), :func:`differences` lists, question by question and row
by row, the file's current values beside theirs, and :func:`rebase` ties the
submitted rows to the current file's rows (by their key) so the person can
re-apply their input knowingly, without undoing the other person's change.
"""

from __future__ import annotations

from dataclasses import dataclass

from masterplan.models.questionnaire import ParseContext, Section, TableQuestion, is_blank
from masterplan.web.formdata import RowData, SectionData, as_text, same


@dataclass(frozen=True)
class Difference:
    """One place where the current file and the submitted form disagree."""

    where: str
    current: str
    submitted: str


def _key(table: TableQuestion, row: RowData, position: int) -> str:
    value = row.values.get(table.key) if table.key else None
    return as_text(value).strip().upper() if value not in (None, "") else f"#{position}"


def differences(
    section: Section, current: SectionData, submitted: SectionData, ctx: ParseContext
) -> list[Difference]:
    """Every question, row and cell of the section whose current value differs from the submitted one."""
    found: list[Difference] = []
    for question in section.questions:
        if not isinstance(question, TableQuestion):
            old, new = current.get(question.id), submitted.get(question.id)
            if not same(question, old, new, ctx):
                found.append(Difference(question.label, as_text(old), as_text(new)))
            continue
        theirs = {_key(question, r, i): r for i, r in enumerate(current.get(question.id) or [])}
        rows = [r for r in submitted.get(question.id) or [] if not r.removed and not r.blank()]
        mine = {_key(question, r, i): r for i, r in enumerate(rows)}
        for key in [*theirs, *(k for k in mine if k not in theirs)]:
            title = f"baris {int(key[1:]) + 1}" if key.startswith("#") else question.row_title(key, 0)
            where = f"{question.label}, {title}"
            if key not in mine:
                found.append(Difference(where, "ada", "tidak ada di isian Anda"))
                continue
            if key not in theirs:
                found.append(Difference(where, "tidak ada", "baru di isian Anda"))
                continue
            for column in question.columns:
                old, new = theirs[key].values.get(column.id), mine[key].values.get(column.id)
                if not same(column, old, new, ctx):
                    found.append(Difference(f"{where} / {column.label}", as_text(old), as_text(new)))
    return found


def own_changes(
    section: Section, base: SectionData, current: SectionData, submitted: SectionData, ctx: ParseContext
) -> SectionData:
    """``submitted`` with every value the person left as it was in ``base`` taken from ``current``.

    ``base`` is the version the form was built from. A question, or a cell of a
    row found by its key in all three, that the person did not change gets the
    current file's value: someone else's change there is kept, not undone by
    a form that still showed the older value. Rows of tables without a key,
    and rows added or removed, stay as submitted (:func:`rebase` ties them).
    """
    merged: SectionData = dict(submitted)
    for question in section.questions:
        if not isinstance(question, TableQuestion):
            untouched = same(question, base.get(question.id), submitted.get(question.id), ctx)
            if question.id in submitted and untouched:
                merged[question.id] = current.get(question.id)
            continue
        if not question.key or question.id not in submitted:
            continue
        before = {_key(question, r, i): r for i, r in enumerate(base.get(question.id) or [])}
        now = {_key(question, r, i): r for i, r in enumerate(current.get(question.id) or [])}
        rows: list[RowData] = []
        for position, row in enumerate(submitted[question.id] or []):
            key = _key(question, row, position)
            old, theirs = before.get(key), now.get(key)
            if row.removed or key.startswith("#") or old is None or theirs is None:
                rows.append(row)
                continue
            values = dict(row.values)
            for column in question.columns:
                if same(column, old.values.get(column.id), row.values.get(column.id), ctx):
                    values[column.id] = theirs.values.get(column.id)
            rows.append(RowData(row.src, values, row.extra, row.opaque, row.removed, row.returned))
        merged[question.id] = rows
    return merged


def rebase(section: Section, current: SectionData, submitted: SectionData, ctx: ParseContext) -> SectionData:
    """The submitted data tied to the current file's rows, so the person can save it again knowingly.

    A submitted row is tied to a row of the current file with the same key
    (in a table without a key column: with the same values in every column).
    Rows of the current file the submission lacks are added back (someone
    else may have added or changed them), unticked and marked ``returned`` so
    the form can point them out: saving the form as it stands keeps them.
    """
    rebased: SectionData = dict(submitted)
    for question in section.questions:
        if not isinstance(question, TableQuestion):
            continue
        theirs = current.get(question.id) or []
        free = list(range(len(theirs)))  # rows of the current file not yet tied to a submitted row
        rows: list[RowData] = []
        for position, row in enumerate(submitted.get(question.id) or []):
            match = _match(question, row, position, theirs, free, ctx)
            if match is None:
                rows.append(RowData(None, row.values, {}, None, row.removed))
                continue
            free.remove(match)
            their = theirs[match]
            rows.append(RowData(their.src, row.values, dict(their.extra), their.opaque, row.removed))
        for index in free:
            their = theirs[index]
            rows.append(RowData(their.src, their.values, dict(their.extra), their.opaque, returned=True))
        rebased[question.id] = rows
    return rebased


def _match(
    table: TableQuestion,
    row: RowData,
    position: int,
    theirs: list[RowData],
    free: list[int],
    ctx: ParseContext,
) -> int | None:
    """The first untied row of the current file that ``row`` (submitted) stands for, if any."""
    if table.key:
        key = _key(table, row, position)
        if key.startswith("#"):
            return None
        return next((i for i in free if _key(table, theirs[i], i) == key), None)
    if all(is_blank(value) for value in row.values.values()):
        return None
    for index in free:
        their = theirs[index]
        if their.opaque is None and all(
            same(column, their.values.get(column.id), row.values.get(column.id), ctx)
            for column in table.columns
        ):
            return index
    return None
