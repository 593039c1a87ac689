"""Text output of ``check`` and ``status`` for people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from masterplan.checks.problems import Lang

if TYPE_CHECKING:
    from masterplan.api import CheckResult
    from masterplan.checks.status import StatusReport

_WORDS = {
    "id": {
        "title": "Pemeriksaan {region}",
        "errors": "GALAT",
        "warnings": "PERINGATAN",
        "summary": "{errors} galat, {warnings} peringatan",
        "ok": "Tidak ada masalah.",
        "strict": "(--strict: peringatan dihitung sebagai galat)",
        "stage": "Bimtek {n}: {title}",
        "workflow": "alur kerja",
        "next": "Tahap berikutnya yang perlu diselesaikan: Bimtek {n}",
        "all_done": "Keempat tahap lengkap dan bebas galat.",
        "contributors": "kontributor",
        "questions": "pertanyaan",
        "rows": "baris",
        "required": "pertanyaan wajib terjawab",
        "general": "Galat di luar tahap (region.yaml, nama berkas, riwayat): {n}",
    },
    "en": {
        "title": "Check of {region}",
        "errors": "ERRORS",
        "warnings": "WARNINGS",
        "summary": "{errors} errors, {warnings} warnings",
        "ok": "No problems.",
        "strict": "(--strict: warnings count as errors)",
        "stage": "Bimtek {n}: {title}",
        "workflow": "workflow",
        "next": "Next stage to finish: Bimtek {n}",
        "all_done": "All four stages are complete and free of errors.",
        "contributors": "contributors",
        "questions": "questions",
        "rows": "rows",
        "required": "required questions answered",
        "general": "Errors outside the stages (region.yaml, file names, history): {n}",
    },
}


def render_check(result: CheckResult, lang: Lang, strict: bool) -> str:
    """Every problem, errors first, each on one line with file:line."""
    words = _WORDS[lang]
    report = result.report
    region = result.workspace.region.title if result.workspace.region else str(result.workspace.root or "-")
    lines = [words["title"].format(region=region) + ": " + words["summary"].format(
        errors=len(report.errors), warnings=len(report.warnings))]
    if strict and report.warnings:
        lines.append(words["strict"])
    for heading, problems in ((words["errors"], report.errors), (words["warnings"], report.warnings)):
        if problems:
            lines += ["", f"{heading} ({len(problems)})"]
            lines += [p.render(lang) for p in problems]
    if not len(report):
        lines.append(words["ok"])
    return "\n".join(lines)


def _bar(percent: int, width: int = 20) -> str:
    filled = round(width * percent / 100)
    return "#" * filled + "." * (width - filled)


def render_status(status: StatusReport, lang: Lang) -> str:
    """Completeness per stage, per section and per contributor."""
    words = _WORDS[lang]
    lines = [f"{status.region}: " + words["summary"].format(errors=status.errors, warnings=status.warnings)]
    if status.general_errors:
        lines.append(words["general"].format(n=status.general_errors))
    for stage in status.stages:
        count = stage.count
        lines += [
            "",
            words["stage"].format(n=stage.stage, title=stage.title),
            f"  [{_bar(count.percent)}] {count.percent:3d}%  {count.answered}/{count.required} "
            f"{words['required']}; " + words["summary"].format(errors=stage.errors, warnings=stage.warnings),
        ]
        if stage.workflow:
            lines.append(f"  {words['workflow']}: {stage.workflow}")
        for section in stage.sections:
            c = section.count
            lines.append(f"    {c.answered:3d}/{c.required:<3d} {section.title}")
        if stage.contributors:
            lines.append(f"  {words['contributors']}:")
            for who in stage.contributors:
                lines.append(
                    f"    {who.name:<14} {who.questions:3d} {words['questions']}, {who.rows:4d} "
                    f"{words['rows']}, " + words["summary"].format(errors=who.errors, warnings=who.warnings)
                )
    lines.append("")
    nxt = status.next_stage
    lines.append(words["next"].format(n=nxt) if nxt else words["all_done"])
    return "\n".join(lines)
