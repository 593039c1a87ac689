"""A stale form: what someone else changed meanwhile, beside what this person submitted.

When a save is refused because the file changed since the form was built,
:func:`differences` lists, question by question and row by row, the file's
current values beside the submitted ones, and :func:`rebase` ties the
submitted rows to the current file's rows (by their key) so the person can
re-apply their input knowingly.
"""

from __future__ import annotations

from dataclasses import dataclass

from masterplan.models.questionnaire import ParseContext, Section, TableQuestion
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


def rebase(section: Section, current: SectionData, submitted: SectionData) -> SectionData:
    """The submitted data tied to the current file's rows by key.

    Rows of the current file the submission lacks are added back (someone
    else may have added them), unticked and marked ``returned`` so the form
    can point them out.
    """
    rebased: SectionData = dict(submitted)
    for question in section.questions:
        if not isinstance(question, TableQuestion):
            continue
        theirs = current.get(question.id) or []
        by_key = {_key(question, r, i): r for i, r in enumerate(theirs) if question.key}
        rows: list[RowData] = []
        seen: set[str] = set()
        for position, row in enumerate(submitted.get(question.id) or []):
            key = _key(question, row, position)
            match = by_key.get(key) if question.key and not key.startswith("#") else None
            if match is not None and key not in seen:
                seen.add(key)
                rows.append(RowData(match.src, row.values, dict(match.extra), match.opaque, row.removed))
            else:
                rows.append(RowData(None, row.values, {}, None, row.removed))
        for key, row in by_key.items():
            if key not in seen:
                rows.append(RowData(row.src, row.values, dict(row.extra), row.opaque, returned=True))
        if not question.key:
            rows += [RowData(r.src, r.values, dict(r.extra), r.opaque, removed=True) for r in theirs]
        rebased[question.id] = rows
    return rebased
