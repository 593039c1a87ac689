"""Cross-stage consistency rules: each a small named function with its own message.

A rule reads the merged :class:`Plan` and yields problems. :data:`RULES`
lists them in the order they run; ``masterplan check`` runs them all.
Per-value rules (``budget-non-negative``, ``opd-exists``, ``nip-valid`` on
answers, ``unique-key``) live with the types and the merge; they are listed
in :data:`VALUE_RULES` so the catalogue of rules stays complete.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from masterplan.answers.contribution import Row
from masterplan.answers.invalid import Invalid
from masterplan.answers.nip import check_nip
from masterplan.answers.yamlio import key_line, locate_in
from masterplan.checks.plan import ELECTED_ROLES, Plan
from masterplan.checks.problems import Problem, Severity, Where
from masterplan.models.questionnaire import RefQuestion, TableQuestion
from masterplan.models.region import FORMAT

RuleFunction = Callable[[Plan], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    """A named rule: what it checks and how severe a breach is."""

    name: str
    severity: Severity
    description: str
    check: RuleFunction


RULES: list[Rule] = []

VALUE_RULES = {
    "budget-non-negative": "Pagu dan anggaran tidak boleh negatif.",
    "opd-exists": "Setiap rujukan OPD ada di region.yaml.",
    "unique-key": "Kode program (dan kunci tabel lain) unik di seluruh kontributor.",
    "merge-conflict": "Jawaban tunggal yang berbeda antarkontributor adalah konflik.",
}


def rule(name: str, severity: Severity, description: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``name``."""

    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(name, severity, description, function))
        return function

    return register


def run_rules(plan: Plan) -> list[Problem]:
    """Every problem found by every registered rule."""
    return [problem for item in RULES for problem in item.check(plan)]


def _problem(rule_name: str, where: Where, /, **params: object) -> Problem:
    severity = next(r.severity for r in RULES if r.name == rule_name)
    return Problem(severity, rule_name, where, dict(params))


def _stage_where(plan: Plan, stage: int, question: str) -> Where:
    """Where a whole-table problem is reported.

    The one file that answers the question, with its line; when several
    contributors share the table (or none answered it) the stage folder, so
    that no unrelated contributor seems to be at fault.
    """
    answer = plan.stages[stage].answers.get(question)
    table = plan.definitions.stage(stage).questions[question]
    sources = answer.sources if answer else []
    files = {source.file for source in sources} | {row.file for row in (answer.rows if answer else [])}
    single = sources[0] if len(files) == 1 and sources else None
    return Where(
        file=single.file if single else f"answers/bimtek-{stage}/",
        line=single.line if single else None,
        stage=stage,
        question=question,
        label=table.label,
        label_en=table.label_en,
    )


def _missing_row_where(plan: Plan, stage: int, question: str, programme: Row) -> Where:
    """Where a programme's missing row of a later stage is reported.

    In that stage, where the fix belongs: the file of the programme's lead OPD
    when it contributes to the stage, otherwise the stage folder.
    """
    table = plan.definitions.stage(stage).questions[question]
    assert isinstance(table, TableQuestion)
    code = programme.get("code")
    lead = programme.get("opd")
    folder = f"answers/bimtek-{stage}/"
    file = f"{folder}{lead.lower()}.yaml" if lead and lead in plan.stages[stage].contributors else folder
    return Where(
        file=file, stage=stage, question=question, label=table.label, label_en=table.label_en,
        row=table.row_title(code, programme.number),
    )


# --- Bimtek II: programmes --------------------------------------------------


@rule("subdimension-matches-dimension", "error", "Subdimensi program termasuk dimensinya.")
def subdimension_matches_dimension(plan: Plan) -> Iterator[Problem]:
    dimension_of = plan.definitions.choices.dimension_of
    for row in plan.rows(2, "programs"):
        dimension, sub = row.get("dimension"), row.get("subdimension")
        if dimension and sub and dimension_of.get(sub) != dimension:
            known = [s.code for s in plan.definitions.choices.dimension(dimension).subdimensions]
            where = plan.where_row(2, "programs", row, "subdimension")
            yield _problem("subdimension-matches-dimension", where,
                           subdimension=sub, dimension=dimension, known=known)


@rule("program-code-dimension", "warning", "Kode program diawali kode dimensinya.")
def program_code_dimension(plan: Plan) -> Iterator[Problem]:
    for row in plan.rows(2, "programs"):
        code, dimension = row.get("code"), row.get("dimension")
        if code and dimension and not code.startswith(f"{dimension}-"):
            where = plan.where_row(2, "programs", row, "code")
            yield _problem("program-code-dimension", where, code=code, dimension=dimension)


@rule("dimension-has-programs", "error", "Setiap dimensi memiliki setidaknya satu program.")
def dimension_has_programs(plan: Plan) -> Iterator[Problem]:
    rows = plan.rows(2, "programs")
    if not rows:
        return  # "required" already says the table is empty
    present = {row.get("dimension") for row in rows}
    for dimension in plan.definitions.choices.dimensions:
        if dimension.code not in present:
            yield _problem("dimension-has-programs", _stage_where(plan, 2, "programs"),
                           dimension=f"{dimension.code} ({dimension.label})")


@rule("subdimension-covered", "warning", "Setiap subdimensi memiliki program.")
def subdimension_covered(plan: Plan) -> Iterator[Problem]:
    rows = plan.rows(2, "programs")
    present_dimensions = {row.get("dimension") for row in rows}
    present = {row.get("subdimension") for row in rows}
    for dimension in plan.definitions.choices.dimensions:
        if dimension.code not in present_dimensions:
            continue  # dimension-has-programs reports it
        for sub in dimension.subdimensions:
            if sub.code not in present:
                yield _problem("subdimension-covered", _stage_where(plan, 2, "programs"),
                               subdimension=f"{sub.code} \"{sub.label}\"", dimension=dimension.code)


@rule("program-mission-exists", "error", "Nomor misi RPJMD program ada di Bimtek I.")
def program_mission_exists(plan: Plan) -> Iterator[Problem]:
    missions = {row.get("number") for row in plan.rows(1, "rpjmd_missions")} - {None}
    if not missions:
        return
    for row in plan.rows(2, "programs"):
        number = row.get("rpjmd_mission")
        if number is not None and number not in missions:
            where = plan.where_row(2, "programs", row, "rpjmd_mission")
            yield _problem("program-mission-exists", where, value=number, known=sorted(missions))


@rule("non-apbd-funding", "warning", "Program setiap dimensi tidak hanya bergantung pada APBD.")
def non_apbd_funding(plan: Plan) -> Iterator[Problem]:
    sources: dict[str, list[set[str]]] = {}
    for row in plan.rows(2, "programs"):
        funding = set(row.get("funding") or [])
        if funding and row.get("dimension"):
            sources.setdefault(row.get("dimension"), []).append(funding)
    labels = plan.definitions.choices.dimension_list.labels
    for dimension in plan.definitions.choices.dimensions:
        found = sources.get(dimension.code)
        if found and all(s == {"APBD"} for s in found):
            yield _problem("non-apbd-funding", _stage_where(plan, 2, "programs"),
                           dimension=f"{dimension.code} ({labels.get(dimension.code, dimension.code)})",
                           count=len(found))


@rule("budget-plan-total", "error", "Rincian pagu per tahun dan sumber berjumlah sama dengan pagu program.")
def budget_plan_total(plan: Plan) -> Iterator[Problem]:
    from masterplan.formatting import rupiah

    lines = plan.budget_lines()
    for code, row in plan.programs().items():
        budget, found = row.get("budget"), lines.get(code)
        if not found or not isinstance(budget, int | float):
            continue
        total = sum(r.get("amount") or 0 for r in found)
        if total != budget:
            yield _problem("budget-plan-total", plan.where_row(2, "programs", row, "budget"),
                           code=code, total=rupiah(total), budget=rupiah(budget), rows=len(found))


@rule("budget-plan-fits", "error", "Rincian pagu berada dalam periode dan memakai sumber dana programnya.")
def budget_plan_fits(plan: Plan) -> Iterator[Problem]:
    period, programmes = plan.region.period, plan.programs()
    labels = plan.definitions.choices.lists["funding_sources"].labels
    for row in plan.rows(2, "budget_plan"):
        year, source = row.get("year"), row.get("source")
        if isinstance(year, int) and not period.start <= year <= period.end:
            yield _problem("roadmap-in-period", plan.where_row(2, "budget_plan", row, "year"),
                           year=year, start=period.start, end=period.end)
        programme = programmes.get(str(row.get("program") or "").upper())
        funding = (programme.get("funding") or []) if programme else []
        if source and funding and source not in funding:
            yield _problem("budget-plan-fits", plan.where_row(2, "budget_plan", row, "source"),
                           code=programme.get("code") if programme else "?",
                           source=labels.get(source, source), funding=[labels.get(f, f) for f in funding])


@rule("quickwin-budget-fits", "error", "Anggaran quick win tidak melebihi pagu programnya pada tahun itu.")
def quickwin_budget_fits(plan: Plan) -> Iterator[Problem]:
    from masterplan.formatting import rupiah

    lines = plan.budget_lines()
    for row in plan.rows(4, "quick_wins"):
        program = str(row.get("program") or "").upper()
        budget, found = row.get("budget"), lines.get(program)
        if not found or not isinstance(budget, int | float):
            continue
        year = plan.quick_win_year(row)
        available = sum(r.get("amount") or 0 for r in found if r.get("year") == year)
        if budget > available:
            yield _problem("quickwin-budget-fits", plan.where_row(4, "quick_wins", row, "budget"),
                           code=row.get("code") or "?", budget=rupiah(budget), program=program,
                           year=year, available=rupiah(available))


HORIZON_YEARS = {"pendek": 1, "menengah": 5}
"""Horizon code (choices.yaml: horizons) -> the most years a programme of it takes to deliver."""

OPERATING = "operasional"
"""The roadmap status of a delivered programme (choices.yaml: roadmap_status)."""


@rule("horizon-matches-roadmap", "warning", "Jangka waktu program sesuai lama pembangunannya di peta jalan.")
def horizon_matches_roadmap(plan: Plan) -> Iterator[Problem]:
    """A programme's horizon is the time to deliver it: the years of preparation and construction
    from its first year on the roadmap until it first operates (a later rebuild does not count)."""
    roadmap = plan.roadmap_years()
    for row in plan.rows(2, "programs"):
        limit = HORIZON_YEARS.get(row.get("horizon"))
        years = roadmap.get(str(row.get("code") or "").upper(), {})
        active = sorted(y for y, s in years.items() if s)
        if limit is None or not active:
            continue
        operating = [y for y in active if years[y] == OPERATING]
        last = operating[0] - 1 if operating else active[-1]
        span = last - active[0] + 1
        if span > limit:
            yield _problem("horizon-matches-roadmap", plan.where_row(2, "programs", row, "horizon"),
                           code=row.get("code"), horizon=plan.definitions.choices.lists["horizons"]
                           .labels.get(row.get("horizon"), row.get("horizon")).lower(),
                           first=active[0], last=last, years=span)


# --- references from Bimtek III and IV ------------------------------------------


@rule("program-exists", "error", "Setiap rujukan kode program ada di Bimtek II.")
def program_exists(plan: Plan) -> Iterator[Problem]:
    codes = set(plan.programs())
    for stage in (2, 3, 4):
        for question in plan.definitions.stage(stage).questions.values():
            if not isinstance(question, TableQuestion) or question.id == "quick_wins":
                continue  # quick wins have their own rule and message
            columns = [c for c in question.columns if isinstance(c, RefQuestion) and c.ref == "program"]
            for column in columns:
                for row in plan.rows(stage, question.id):
                    value = row.get(column.id)
                    if value is not None and value not in codes:
                        where = plan.where_row(stage, question.id, row, column.id)
                        yield _problem("program-exists", where, value=value)


@rule("quickwin-is-program", "error", "Setiap quick win adalah salah satu program Bimtek II.")
def quickwin_is_program(plan: Plan) -> Iterator[Problem]:
    codes = set(plan.programs())
    for row in plan.rows(4, "quick_wins"):
        program = row.get("program")
        if program is not None and program not in codes:
            where = plan.where_row(4, "quick_wins", row, "program")
            yield _problem("quickwin-is-program", where, code=row.get("code") or "?", program=program)


@rule("quickwin-matches-program", "warning", "Quick win dipimpin OPD programnya dan memakai sumber dananya.")
def quickwin_matches_program(plan: Plan) -> Iterator[Problem]:
    programmes = plan.programs()
    for row in plan.rows(4, "quick_wins"):
        programme = programmes.get(str(row.get("program") or "").upper())
        if programme is None:
            continue
        code = row.get("code") or "?"
        leads = [programme.get("opd"), *(programme.get("supporting_opds") or [])]
        owners = {str(o).upper() for o in leads if o}
        if row.get("opd") and str(row.get("opd")).upper() not in owners:
            yield _problem("quickwin-matches-program", plan.where_row(4, "quick_wins", row, "opd"),
                           detail=f"quick win {code} dipimpin {row.get('opd')}, padahal program "
                           f"{programme.get('code')} dipimpin {programme.get('opd')}",
                           detail_en=f"quick win {code} is led by {row.get('opd')} but programme "
                           f"{programme.get('code')} by {programme.get('opd')}")
        extra = [f for f in row.get("funding") or [] if f not in (programme.get("funding") or [])]
        if extra:
            yield _problem("quickwin-matches-program", plan.where_row(4, "quick_wins", row, "funding"),
                           detail=f"sumber dana {', '.join(extra)} quick win {code} tidak tercantum pada "
                           f"program {programme.get('code')}",
                           detail_en=f"funding {', '.join(extra)} of quick win {code} is not listed for "
                           f"programme {programme.get('code')}")


@rule("quickwin-not-cancelled", "error", "Quick win bukan program yang dibatalkan pada konfirmasi ulang.")
def quickwin_not_cancelled(plan: Plan) -> Iterator[Problem]:
    cancelled = plan.cancelled_codes()
    for row in plan.rows(4, "quick_wins"):
        program = row.get("program")
        if program is not None and str(program).upper() in cancelled:
            where = plan.where_row(4, "quick_wins", row, "program")
            yield _problem("quickwin-not-cancelled", where, code=row.get("code") or "?", program=program)


@rule("elected-without-nip", "warning", "Pejabat yang dipilih menandatangani tanpa NIP.")
def elected_without_nip(plan: Plan) -> Iterator[Problem]:
    for row in plan.rows(4, "signatories"):
        if row.get("role") in ELECTED_ROLES and row.get("nip"):
            where = plan.where_row(4, "signatories", row, "nip")
            yield _problem("elected-without-nip", where, name=row.get("name") or "?")


@rule("quickwin-exists", "error", "Jadwal quick win merujuk quick win yang ada.")
def quickwin_exists(plan: Plan) -> Iterator[Problem]:
    codes = {row.get("code") for row in plan.rows(4, "quick_wins")} - {None}
    for row in plan.rows(4, "quick_win_schedule"):
        value = row.get("quick_win")
        if value is not None and value not in codes:
            yield _problem("quickwin-exists", plan.where_row(4, "quick_win_schedule", row, "quick_win"),
                           value=value)


# --- Bimtek III: roadmap and action plans ---------------------------------------


@rule("program-on-roadmap", "error", "Setiap program ditempatkan di peta jalan.")
def program_on_roadmap(plan: Plan) -> Iterator[Problem]:
    placed = {row.get("program") for row in plan.rows(3, "roadmap") if row.get("years")}
    if not plan.stages[3].contributors:
        return  # stage 3 not started: "required" speaks for it
    for code, row in plan.programs().items():
        if code not in placed:
            where = _missing_row_where(plan, 3, "roadmap", row)
            yield _problem("program-on-roadmap", where, code=code, name=row.get("name") or "")


@rule("roadmap-in-period", "error", "Tahun peta jalan dan rencana aksi berada dalam periode.")
def roadmap_in_period(plan: Plan) -> Iterator[Problem]:
    period = plan.region.period
    for question in ("roadmap", "enabler_roadmap"):
        for row in plan.rows(3, question):
            for year in (row.get("years") or {}):
                if not period.start <= year <= period.end:
                    where = plan.where_row(3, question, row, "years")
                    yield _problem("roadmap-in-period", where, year=year,
                                   start=period.start, end=period.end)
    for row in plan.rows(3, "action_plans"):
        for column in ("start_year", "end_year"):
            year = row.get(column)
            if year is not None and not period.start <= year <= period.end:
                where = plan.where_row(3, "action_plans", row, column)
                yield _problem("roadmap-in-period", where, year=year, start=period.start, end=period.end)


@rule("year-order", "error", "Tahun akhir tidak sebelum tahun awal.")
def year_order(plan: Plan) -> Iterator[Problem]:
    start, end = plan.value(1, "rpjmd_start"), plan.value(1, "rpjmd_end")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        source = plan.stages[1].answers["rpjmd_end"].source
        labels = plan.definitions.stage(1).labels
        where = Where(file=source.file if source else "answers/bimtek-1/",
                      line=source.line if source else None, stage=1,
                      question="rpjmd_end", label=labels["rpjmd_end"])
        yield _problem("year-order", where, start=start, end=end,
                       start_label=labels["rpjmd_start"], end_label=labels["rpjmd_end"])
    table = plan.definitions.stage(3).table("action_plans")
    for row in plan.rows(3, "action_plans"):
        first, last = row.get("start_year"), row.get("end_year")
        if first is not None and last is not None and last < first:
            yield _problem("year-order", plan.where_row(3, "action_plans", row, "end_year"),
                           start=first, end=last,
                           start_label=table.column_map["start_year"].label,
                           end_label=table.column_map["end_year"].label)


@rule("program-has-innovation", "warning", "Setiap program memiliki inovasi di Bimtek III.")
def program_has_innovation(plan: Plan) -> Iterator[Problem]:
    if not plan.stages[3].contributors:
        return
    described = {row.get("program") for row in plan.rows(3, "innovations")}
    for code, row in plan.programs().items():
        if code not in described:
            where = _missing_row_where(plan, 3, "innovations", row)
            yield _problem("program-has-innovation", where, code=code)


@rule("hr-action-plan", "warning", "Ada rencana aksi pengembangan SDM (literasi).")
def hr_action_plan(plan: Plan) -> Iterator[Problem]:
    rows = plan.rows(3, "action_plans")
    if rows and not any(row.get("category") == "literasi" for row in rows):
        yield _problem("hr-action-plan", _stage_where(plan, 3, "action_plans"))


@rule("application-count", "warning", "Jumlah aplikasi yang disebut sama dengan inventaris, atau dijelaskan.")
def application_count(plan: Plan) -> Iterator[Problem]:
    stated = plan.value(1, "application_count")
    listed = len(plan.rows(1, "initiatives"))
    if isinstance(stated, int) and stated != listed and not plan.value(1, "application_count_note"):
        answer = plan.stages[1].answers["application_count"]
        source = answer.source
        label = plan.definitions.stage(1).labels["application_count"]
        where = Where(file=source.file if source else "answers/bimtek-1/",
                      line=source.line if source else None, stage=1,
                      question="application_count", label=label)
        yield _problem("application-count", where, stated=stated, listed=listed)


_SCALE_MENTION = re.compile(
    r"\b(?:kesiapan|skala|nilai|skor|rata-rata|indeks)\b[^.;:\n]{0,60}?"
    r"\b(\d+(?:,\d+)?)\s*(?:dari|/)\s*(\d+)\b",
    re.IGNORECASE,
)


@rule("readiness-scale", "warning", "Skala kesiapan yang disebut dalam teks sama dengan skala penilaian.")
def readiness_scale(plan: Plan) -> Iterator[Problem]:
    codes = [int(c) for c in plan.definitions.choices.lists["readiness_ratings"].codes() if c.isdigit()]
    if not codes:
        return
    top = max(codes)
    for question, answer in plan.stages[1].answers.items():
        if not isinstance(answer.value, str):
            continue
        for found in _SCALE_MENTION.finditer(answer.value):
            if int(found.group(2)) != top:
                source = answer.source
                label = plan.definitions.stage(1).labels.get(question, question)
                where = Where(file=source.file if source else "answers/bimtek-1/",
                              line=source.line if source else None, stage=1, question=question, label=label)
                yield _problem("readiness-scale", where, found=found.group(1) + " dari " + found.group(2),
                               top=top)


@rule("indicator-targets-fit", "warning", "Target tahunan pada tahun program berjalan, hingga target akhir.")
def indicator_targets_fit(plan: Plan) -> Iterator[Problem]:
    from masterplan.formatting import angka

    roadmap, programmes = plan.roadmap_years(), plan.programs()
    last: dict[str, Row] = {}
    for row in plan.rows(3, "indicator_targets"):
        code, year = str(row.get("program") or "").upper(), row.get("year")
        active = roadmap.get(code)
        if isinstance(year, int) and active is not None and not active.get(year):
            yield _problem("indicator-targets-fit", plan.where_row(3, "indicator_targets", row, "year"),
                           detail=f"program {code} tidak berjalan pada tahun {year} menurut peta jalan",
                           detail_en=f"programme {code} is not active in {year} on the roadmap")
        if isinstance(year, int) and (code not in last or last[code].get("year") < year):
            last[code] = row  # the first row of the latest year
    for code, row in last.items():
        programme = programmes.get(code)
        end = programme.get("target") if programme else None
        value, year = row.get("target"), row.get("year")
        if isinstance(end, int | float) and isinstance(value, int | float) and value != end:
            yield _problem("indicator-targets-fit", plan.where_row(3, "indicator_targets", row, "target"),
                           detail=f"target program {code} tahun {year} ({angka(value)}) berbeda dengan "
                           f"target akhir periodenya di Bimtek II ({angka(end)})",
                           detail_en=f"the {year} target of programme {code} ({value}) differs from its "
                           f"end-of-period target in Bimtek II ({end})")


# --- Bimtek IV: quick wins and re-confirmation ----------------------------------


@rule("quickwin-count", "warning", "Jumlah quick win setiap tahun dalam rentang region.yaml.")
def quickwin_count(plan: Plan) -> Iterator[Problem]:
    expected = plan.region.quick_wins
    for year, rows in plan.quick_win_years().items():
        if not expected.min <= len(rows) <= expected.max:
            yield _problem("quickwin-count", _stage_where(plan, 4, "quick_wins"),
                           count=len(rows), min=expected.min, max=expected.max, year=year)


@rule("quickwin-in-period", "error", "Tahun pelaksanaan quick win berada dalam periode.")
def quickwin_in_period(plan: Plan) -> Iterator[Problem]:
    period = plan.region.period
    for row in plan.rows(4, "quick_wins"):
        year = row.get("year")
        if isinstance(year, int) and not period.start <= year <= period.end:
            yield _problem("quickwin-in-period", plan.where_row(4, "quick_wins", row, "year"),
                           code=row.get("code") or "?", year=year, start=period.start, end=period.end)


@rule("quickwin-per-dimension", "warning", "Quick win setiap tahun mencakup setiap dimensi (region.yaml).")
def quickwin_per_dimension(plan: Plan) -> Iterator[Problem]:
    expected = plan.region.quick_wins.dimensions
    choices = plan.definitions.choices
    wanted = expected if expected is not None else [d.code for d in choices.dimensions]
    programmes = plan.programs()
    for year, rows in plan.quick_win_years().items():
        covered = {(programmes.get(str(r.get("program")).upper()) or r).get("dimension") for r in rows}
        missing = [code for code in wanted if code not in covered]
        if missing:
            names = [f"{code} ({choices.dimension_list.labels.get(code, code)})" for code in missing]
            yield _problem("quickwin-per-dimension", _stage_where(plan, 4, "quick_wins"),
                           year=year, missing=names)


@rule("quickwin-on-roadmap", "error", "Program quick win berjalan di peta jalan pada tahun quick win.")
def quickwin_on_roadmap(plan: Plan) -> Iterator[Problem]:
    roadmap = plan.roadmap_years()  # empty until Bimtek III has begun: nothing is said before
    for row in plan.rows(4, "quick_wins"):
        program = str(row.get("program") or "").upper()
        years = roadmap.get(program)
        year = plan.quick_win_year(row)
        if years is not None and not years.get(year):
            active = sorted(y for y, status in years.items() if status)
            shown = f"{active[0]}-{active[-1]}" if len(active) > 1 else (str(active[0]) if active else "-")
            yield _problem("quickwin-on-roadmap", plan.where_row(4, "quick_wins", row, "program"),
                           code=row.get("code") or "?", program=program, year=year, active=shown)


@rule("quickwin-schedule", "error", "Jadwal quick win berada dalam 12 bulan pertama.")
def quickwin_schedule(plan: Plan) -> Iterator[Problem]:
    for row in plan.rows(4, "quick_win_schedule"):
        start, end = row.get("start_month"), row.get("end_month")
        activity = row.get("activity") or "?"
        code = row.get("quick_win") or "?"
        if end is not None and end > 12:
            yield _problem(
                "quickwin-schedule", plan.where_row(4, "quick_win_schedule", row, "end_month"),
                detail=f'tahapan "{activity}" quick win {code} berakhir pada bulan ke-{end}; '
                "quick win harus selesai dalam 12 bulan",
                detail_en=f'activity "{activity}" of quick win {code} ends in month {end}; '
                "a quick win must be delivered within 12 months",
            )
        if start is not None and end is not None and end < start:
            yield _problem(
                "quickwin-schedule", plan.where_row(4, "quick_win_schedule", row, "end_month"),
                detail=f'tahapan "{activity}" quick win {code} berakhir (bulan ke-{end}) '
                f"sebelum dimulai (bulan ke-{start})",
                detail_en=f'activity "{activity}" of quick win {code} ends (month {end}) '
                f"before it starts (month {start})",
            )


@rule("quickwin-has-schedule", "warning", "Setiap quick win memiliki jadwal bulanan.")
def quickwin_has_schedule(plan: Plan) -> Iterator[Problem]:
    scheduled = {row.get("quick_win") for row in plan.rows(4, "quick_win_schedule")}
    for row in plan.rows(4, "quick_wins"):
        code = row.get("code")
        if code is not None and code not in scheduled:
            yield _problem("quickwin-has-schedule", plan.where_row(4, "quick_wins", row), code=code)


@rule("program-reconfirmed", "warning", "Setiap program dikonfirmasi ulang di Bimtek IV.")
def program_reconfirmed(plan: Plan) -> Iterator[Problem]:
    if not plan.stages[4].contributors:
        return
    confirmed = {row.get("program") for row in plan.rows(4, "reconfirmation")}
    for code, row in plan.programs().items():
        if code not in confirmed:
            where = _missing_row_where(plan, 4, "reconfirmation", row)
            yield _problem("program-reconfirmed", where, code=code)


@rule("commitment-covers-owners", "warning", "Setiap OPD pemilik program ikut menandatangani komitmen.")
def commitment_covers_owners(plan: Plan) -> Iterator[Problem]:
    signers = plan.rows(4, "signatories")
    if not signers:
        return
    signed = {str(row.get("opd")).upper() for row in signers if row.get("opd")}
    cancelled = plan.cancelled_codes()
    owners = {str(row.get("opd")).upper(): row.get("opd") for code, row in plan.programs().items()
              if code not in cancelled and row.get("opd")}
    missing = [owners[code] for code in sorted(owners) if code not in signed]
    if missing:
        shorts = {o.code.upper(): o.short or o.code for o in plan.region.opds}
        yield _problem("commitment-covers-owners", _stage_where(plan, 4, "signatories"),
                       missing=[shorts.get(str(m).upper(), m) for m in missing], count=len(missing))


# --- wording ------------------------------------------------------------------------

_OTHER_KIND = {
    "kabupaten": re.compile(r"\b(Wali ?[Kk]ota|Walikota|Perwali|Perwako|Pemerintah Kota)\b"),
    "kota": re.compile(r"\b(Bupati|Perbup|Pemerintah Kabupaten)\b"),
}


@rule("wording-kind", "warning", "Jawaban tidak memakai sebutan jenis daerah yang lain (Bupati/Wali Kota).")
def wording_kind(plan: Plan) -> Iterator[Problem]:
    pattern = _OTHER_KIND[plan.region.kind]
    for number, stage in sorted(plan.stages.items()):
        questions = plan.definitions.stage(number).questions
        for question, answer in stage.answers.items():
            if answer.rows:
                for row in answer.rows:
                    for column, cell in row.cells.items():
                        found = pattern.search(cell.value) if isinstance(cell.value, str) else None
                        if found:
                            where = plan.where_row(number, question, row, column)
                            yield _problem("wording-kind", where, word=found.group(), kind=plan.region.kind)
            elif isinstance(answer.value, str) and (found := pattern.search(answer.value)):
                source = answer.source
                where = Where(
                    file=source.file if source else f"answers/bimtek-{number}/",
                    line=source.line if source else None, stage=number, question=question,
                    label=questions[question].label, label_en=questions[question].label_en,
                )
                yield _problem("wording-kind", where, word=found.group(), kind=plan.region.kind)


# --- region profile ---------------------------------------------------------------


@rule("workspace-format", "warning", "Workspace berformat terkini (masterplan upgrade).")
def workspace_format(plan: Plan) -> Iterator[Problem]:
    if plan.region.format < FORMAT:
        line = key_line(plan.region_data, "format", 1)
        yield _problem("workspace-format", Where(file="region.yaml", line=line),
                       found=plan.region.format, current=FORMAT)


@rule("nip-valid", "error", "NIP penanda tangan di region.yaml sah (NIP pada jawaban diperiksa jenisnya).")
def signatory_nip_valid(plan: Plan) -> Iterator[Problem]:
    data = plan.region_data
    for index, signatory in enumerate(plan.region.signatories):
        try:
            check_nip(signatory.nip)
        except Invalid as invalid:
            line = locate_in(data, ("signatories", index, "nip"))
            where = Where(file="region.yaml", line=line, label="NIP", row=signatory.name)
            yield _problem("nip-valid", where, **invalid.params)


@rule("signatory-required", "error", "region.yaml memuat Ketua Tim Pelaksana sebagai penanda tangan.")
def signatory_required(plan: Plan) -> Iterator[Problem]:
    if not any(s.role == "ketua-tim" for s in plan.region.signatories):
        line = key_line(plan.region_data, "signatories")
        yield _problem("signatory-required", Where(file="region.yaml", line=line), role="ketua-tim")


@rule("opd-code-unique", "error", "Kode OPD di region.yaml unik.")
def opd_code_unique(plan: Plan) -> Iterator[Problem]:
    counts = Counter(code.lower() for code in (o.code for o in plan.region.opds))
    for index, opd in enumerate(plan.region.opds):
        if counts[opd.code.lower()] > 1:
            line = locate_in(plan.region_data, ("opds", index, "code"))
            yield _problem("opd-code-unique", Where(file="region.yaml", line=line), code=opd.code)
