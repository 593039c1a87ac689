"""parse_contribution on answers typed here: every shape a file can take, what is kept and where it points.

Table-driven from the reader's branches, not from a workspace's data: each case is one YAML text, the
problems it must give (rule and line) and what the contribution keeps.
"""

from __future__ import annotations

import pytest

from masterplan.answers.contribution import parse_contribution
from masterplan.answers.definitions import load_definitions
from masterplan.answers.yamlio import parse_yaml_bytes
from masterplan.checks.problems import Where
from masterplan.limits import MAX_TABLE_ROWS
from masterplan.models.questionnaire import ParseContext

DEFINITIONS = load_definitions()
CONTEXT = ParseContext(choices=DEFINITIONS.choices, opds={"diskominfo": "DISKOMINFO", "dinkes": "DINKES"})
FILE = "answers/bimtek-{}/dinkes.yaml"


def parse(stage: int, text: str):
    """The contribution and ``[(rule, line, row, column)]`` of one file's text."""
    file = FILE.format(stage)
    data, read = parse_yaml_bytes(text.encode(), Where(file=file, stage=stage))
    assert read == []
    contribution, problems = parse_contribution(data, DEFINITIONS.stage(stage), CONTEXT, "DINKES", file)
    assert all(p.where.file == file and p.where.stage == stage for p in problems)
    return contribution, [(p.rule, p.where.line, p.where.row, p.where.column) for p in problems]


@pytest.mark.parametrize(("text", "expected"), [
    ("", [("file-empty", None, None, None)]),
    ("- stage: 1\n", [("file-not-mapping", 1, None, None)]),
    ("just text\n", [("file-not-mapping", 1, None, None)]),
    ("\n\nstage: 1\nanswers:\n  - population: 5\n", [("file-not-mapping", 4, None, None)]),
    ("stage: 1\nfilled_by: Ani\n", []),
    ("stage: 2\nanswers: {}\n", [("stage-mismatch", 1, None, None)]),
    ("stage: ' 1 '\nanswers: {}\n", []),
    ("stage: 1\nnotes: x\nanswers: {}\n", [("field-unknown", 2, None, None)]),
], ids=["empty", "list", "text", "answers-a-list", "no-answers", "other-stage", "stage-padded", "unknown-key"])
def test_the_shape_of_a_file(text, expected):
    contribution, problems = parse(1, text)
    assert problems == expected
    assert contribution.answers == {} and (contribution.stage, contribution.contributor) == (1, "DINKES")


def test_filled_by_is_kept_as_text():
    contribution, _ = parse(1, "stage: 1\nfilled_by: 1234\nanswers: {}\n")
    assert contribution.filled_by == "1234"


@pytest.mark.parametrize(("key", "suggestion"), [
    ("kolom_xyz", ""), ("populaton", '; maksud Anda "population"?'),
])
def test_an_unknown_question_is_named_with_the_closest_one(key, suggestion):
    _, problems = parse(1, f"stage: 1\nanswers:\n  {key}: 5\n")
    assert problems == [("unknown-question", 3, None, None)]
    file = FILE.format(1)
    data, _ = parse_yaml_bytes(f"stage: 1\nanswers:\n  {key}: 5\n".encode(), Where(file=file))
    (problem,) = parse_contribution(data, DEFINITIONS.stage(1), CONTEXT, "DINKES", file)[1]
    assert problem.params["suggestion"] == suggestion and problem.params["stage"] == 1
    assert problem.params["suggestion_en"] == suggestion.replace("maksud Anda", "did you mean")


@pytest.mark.parametrize(("raw", "value", "valid", "problems"), [
    ("150000", 150000, True, []),
    ("''", None, True, []),  # blank: unanswered, not wrong
    ("banyak", None, False, [("type-integer", 3, None, None)]),
], ids=["number", "blank", "not-a-number"])
def test_a_single_answer_keeps_what_was_typed(raw, value, valid, problems):
    contribution, found = parse(1, f"stage: 1\nanswers:\n  population: {raw}\n")
    answer = contribution.answers["population"]
    assert (answer.value, answer.valid, answer.line, answer.contributor) == (value, valid, 3, "DINKES")
    assert answer.raw == ("" if raw == "''" else raw if not raw.isdigit() else int(raw))
    assert found == problems


PROGRAMME = """\
    - code: SG-01
      dimension: SG
      subdimension: SG-LAYANAN
      name: Layanan daring terpadu
      opd: DINKES
      funding: [APBD, CSR]
"""


@pytest.mark.parametrize(("rows", "problems", "valid"), [
    ("", [], True),
    ("x", [("type-table", 3, None, None)], False),
    ("\n" + PROGRAMME + "    - just text\n", [("type-row", 10, "baris 2", None)], False),
    ("\n" + PROGRAMME.replace("[APBD, CSR]", "[APBD, EMAS]"), [("type-choice", 9, "program SG-01", "Sumber dana")],
     False),
    ("\n" + PROGRAMME + "      colour: merah\n", [("unknown-column", 10, "program SG-01", None)], False),
    ("\n" + PROGRAMME, [], True),
], ids=["blank", "not-a-list", "row-not-a-mapping", "item-of-a-list-cell", "unknown-column", "whole"])
def test_a_table_keeps_every_row_and_points_at_the_cell(rows, problems, valid):
    contribution, found = parse(2, f"stage: 2\nanswers:\n  programs: {rows}\n")
    found = [p for p in found if p[0] != "required-cell"]
    assert found == problems
    answer = contribution.answers["programs"]
    assert answer.valid is valid and answer.line == 3
    if "code" in rows:
        (row,) = answer.value
        assert (row.number, row.line, row.contributor, row.file) == (1, 4, "DINKES", FILE.format(2))
        assert row.get("code") == "SG-01"
    if "colour" in rows:
        assert answer.value[0].cells["?colour"].raw == "merah"  # kept, never dropped


def test_a_timeline_cell_points_at_the_year_that_is_wrong():
    text = ("stage: 3\nanswers:\n  roadmap:\n    - program: SG-01\n      years:\n"
            "        2027: persiapan\n        2028: terbang\n")
    contribution, found = parse(3, text)
    assert found == [("type-timeline-status", 7, "peta jalan program SG-01", "Status per tahun")]
    assert contribution.answers["roadmap"].valid is False


@pytest.mark.parametrize(("count", "refused"), [(MAX_TABLE_ROWS, False), (MAX_TABLE_ROWS + 1, True)])
def test_the_longest_table_read(count, refused):
    rows = "".join(f"    - {{code: SG-{n:02d}}}\n" for n in range(count))
    contribution, found = parse(2, f"stage: 2\nanswers:\n  programs:\n{rows}")
    answer = contribution.answers["programs"]
    assert (("table-too-long", 3, None, None) in found) is refused
    if refused:
        assert answer.valid is False
    assert len(answer.value) == (0 if refused else count)
    assert answer.raw[-1] == {"code": f"SG-{count - 1:02d}"}  # the file's rows are kept either way


RECONFIRM = "stage: 4\nanswers:\n  reconfirmation:\n    - program: SG-01\n      result: {result}\n{note}"


@pytest.mark.parametrize(("result", "note", "problems"), [
    ("dibatalkan", "      note: Tidak ada anggaran.\n", []),
    ("dibatalkan", "", [("required-cell", 4, "konfirmasi program SG-01", "Catatan perubahan")]),
    ("dibatalkan", "      note: ''\n", [("required-cell", 6, "konfirmasi program SG-01", "Catatan perubahan")]),
    ("tetap", "", []),
    ("tetap", "      note: Tidak berubah.\n", [("not-relevant", 6, "konfirmasi program SG-01", "Catatan perubahan")]),
], ids=["needed-and-given", "needed-and-missing", "needed-and-blank", "not-needed", "not-needed-but-given"])
def test_a_conditional_column_is_required_only_when_relevant(result, note, problems):
    contribution, found = parse(4, RECONFIRM.format(result=result, note=note))
    assert found == problems
    row = contribution.answers["reconfirmation"].value[0]
    assert row.get("result") == result


@pytest.mark.parametrize(("text", "rule", "line"), [
    ("funding:\n  - APBD\n  - EMAS\n", "type-choice", 3),  # the item that is wrong
    ("funding:\n  - APBD\n  - CSR\n", "value-max", 1),  # the whole list: where the question is
    ("funding:\n  2027: APBD\n", "type-multichoice", 1),
], ids=["item", "whole-list", "not-a-list"])
def test_a_list_answer_points_at_its_item_or_at_its_question(text, rule, line):
    from masterplan.answers.contribution import parse_value
    from masterplan.models.questionnaire import MultiChoiceQuestion

    question = MultiChoiceQuestion(id="funding", type="multichoice", choices="funding_sources", label="Sumber dana",
                                   max_items=1)
    data, _ = parse_yaml_bytes(text.encode(), Where(file="x.yaml"))
    problems: list = []
    value, valid = parse_value(question, data["funding"], CONTEXT, Where(file="x.yaml", line=1), problems)
    assert (value, valid) == (None, False)
    assert [(p.rule, p.where.line) for p in problems] == [(rule, line)]
