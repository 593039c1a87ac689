"""A hostile corpus: answers, numbers and sizes meant to break the readers.

Every case must end in a located, Indonesian problem (or a refusal) and never
in a traceback, and the work it causes must stay bounded by the limits in
:mod:`masterplan.limits`. Workbooks have their own corpus in
``test_forms_hostile.py``; PDFs for ``verify`` in ``test_signing.py``.
"""

from __future__ import annotations

import re
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import answers, problems_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masterplan import api
from masterplan.answers.definitions import load_definitions
from masterplan.answers.yamlio import parse_yaml_bytes
from masterplan.checks.problems import Where
from masterplan.cli import main
from masterplan.cli.common import printable
from masterplan.errors import UsageError
from masterplan.limits import MAX_NODES, MAX_TABLE_ROWS, NUMBER_LIMIT
from masterplan.models.questionnaire import (
    DecimalQuestion,
    IntegerQuestion,
    Invalid,
    ParseContext,
    PercentQuestion,
    RupiahQuestion,
)
from masterplan.workflow.edits import save_answers_text

LIMIT = int(NUMBER_LIMIT)
CTX = ParseContext(choices=load_definitions().choices)
NUMBER_TYPES = {
    "rupiah": RupiahQuestion(id="q", type="rupiah", label="Q"),
    "integer": IntegerQuestion(id="q", type="integer", label="Q"),
    "decimal": DecimalQuestion(id="q", type="decimal", label="Q"),
    "percent": PercentQuestion(id="q", type="percent", label="Q", min=None, max=None),
}


def _yaml_value(text: str) -> Any:
    """``text`` as the answers reader reads it after ``q: ``."""
    data, problems = parse_yaml_bytes(f"q: {text}\n".encode(), Where(file="x.yaml"))
    assert not problems, [p.render() for p in problems]
    return data["q"]


# --- numbers: bounded, exact, never a traceback ------------------------------------------

TOO_LARGE = [
    "1000000000000000000000000000000",  # 10^30: broke every build through Babel
    str(LIMIT + 1),
    "9" * 5000,  # beyond Python's 4,300-digit conversion limit
    "0x" + "f" * 30,
    "1e300",
    "-" + "9" * 60,
    "1.000.000.000.000.001",
    "1e16",
    "99999999999999999999,5",
]
NOT_NUMBERS = ["0x" + "f" * 30000, ".inf", "-.inf", ".nan", "1e99999", "0x", "1,2,3", "12.34.5", "Rp", "satu juta", "1 000 000 000 000 000 000"]


@pytest.mark.parametrize("kind", NUMBER_TYPES)
@pytest.mark.parametrize("text", TOO_LARGE)
def test_numbers_beyond_the_limit_are_refused_with_a_message(kind: str, text: str) -> None:
    question = NUMBER_TYPES[kind]
    with pytest.raises(Invalid) as raised:
        question.parse(_yaml_value(text), CTX)
    rule = raised.value.rule
    if rule == "value-too-large":
        assert raised.value.params["limit"] == "1.000.000.000.000.000"
        assert len(str(raised.value.params["value"])) <= 40  # a 5,000-digit number is not repeated
    else:  # a negative amount or a fraction where a whole number is asked is said first
        assert (kind, rule) in {("rupiah", "budget-non-negative"), ("rupiah", "type-rupiah"),
                                ("integer", "type-integer")}


@pytest.mark.parametrize("kind", NUMBER_TYPES)
@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_what_is_not_a_number_gets_the_type_message(kind: str, text: str) -> None:
    with pytest.raises(Invalid) as raised:
        NUMBER_TYPES[kind].parse(_yaml_value(text), CTX)
    assert raised.value.rule in {f"type-{kind}", "value-too-large"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (str(LIMIT), LIMIT),
        ("Rp1.000.000.000.000.000", LIMIT),
        ("1.000.000.000.000.000", LIMIT),
        ("Rp 999.999.999.999.999", LIMIT - 1),
        ("1000000000000000019884624838656"[:16], 1000000000000000),
        ("5.4e9", 5_400_000_000),
        ("999999999999999", 999_999_999_999_999),  # exact: no float on the way
        ("123456789012345", 123_456_789_012_345),
    ],
)
def test_rupiah_up_to_the_limit_is_exact(text: str, expected: int) -> None:
    value = NUMBER_TYPES["rupiah"].parse(_yaml_value(text), CTX)
    assert value == expected and isinstance(value, int)


@pytest.mark.parametrize("text", ["Rp 1.000.000.000.000.001", "rp. 9.999.999.999.999.999.999", "Rp 1" + "0" * 40])
def test_rupiah_text_beyond_the_limit(text: str) -> None:
    with pytest.raises(Invalid) as raised:
        NUMBER_TYPES["rupiah"].parse(text, CTX)
    assert raised.value.rule == "value-too-large"


@given(st.integers(min_value=0, max_value=LIMIT))
def test_every_whole_rupiah_within_the_limit_reads_back_exactly(amount: int) -> None:
    for raw in (amount, str(amount), f"{amount:,}".replace(",", "."), f"Rp {amount:,}".replace(",", ".")):
        assert NUMBER_TYPES["rupiah"].parse(raw, CTX) == amount


@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=80)))
@settings(max_examples=400)
def test_number_readers_never_raise_anything_but_invalid(raw: Any) -> None:
    for question in NUMBER_TYPES.values():
        try:
            value = question.parse(raw, CTX)
        except Invalid:
            continue
        assert abs(Decimal(str(value))) <= NUMBER_LIMIT


@given(st.text(max_size=200))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_the_yaml_reader_never_raises(text: str) -> None:
    data, problems = parse_yaml_bytes(text.encode("utf-8", "surrogatepass"), Where(file="x.yaml"))
    assert data is None or not problems


def test_a_huge_budget_is_an_error_and_the_draft_still_builds(example: Path) -> None:
    path = answers(example, 2, "dinkes")
    text = path.read_text()
    path.write_text(text.replace("budget: 5400000000", "budget: 1000000000000000000000000000000", 1))
    found = problems_of(example, "value-too-large")
    assert [(p.where.file, p.where.line) for p in found] == [("answers/bimtek-2/dinkes.yaml", 33)]
    assert "angka terlalu besar" in found[0].render()
    model, _ = api.document(example)  # the model both renderers print is built
    printed = model.model_dump_json()
    assert "SL-05" in printed and "1.000.000.000.000.000.000" not in printed


# --- sizes: bounded work for anything under the limits -----------------------------------


def _rows_file(count: int) -> str:
    rows = "".join(f"    - {{kode: X{i}}}\n" for i in range(count))
    return "stage: 2\nanswers:\n  programs:\n" + rows


def _bounded_check(root: Path) -> tuple[api.CheckResult, int]:
    """The check of ``root`` and the peak of memory it allocated (its time is in ``bench/``)."""
    tracemalloc.start()
    try:
        result = api.check(root)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, peak


def test_a_table_longer_than_the_limit_is_one_error_not_thousands(example: Path) -> None:
    answers(example, 2, "dinsos").write_text(_rows_file(50_000))  # 1 MB, the adversary's file
    result, peak = _bounded_check(example)
    mine = [p for p in result.report if p.where.file == "answers/bimtek-2/dinsos.yaml"]
    assert [p.rule for p in mine] == ["table-too-long"]
    assert mine[0].params == {"count": "50.000", "limit": "2.000"} and mine[0].where.line == 3
    assert peak < 200 * 1024 * 1024  # was 740 MB


def test_problems_of_one_file_are_capped_with_a_summary(example: Path) -> None:
    answers(example, 2, "dinsos").write_text(_rows_file(MAX_TABLE_ROWS))
    result, peak = _bounded_check(example)
    mine = [p for p in result.report if p.where.file == "answers/bimtek-2/dinsos.yaml"]
    assert len(mine) == 201
    summary = mine[-1]
    assert summary.rule == "problems-more" and summary.severity == "error"
    assert int(summary.params["count"].replace(".", "")) > 10_000
    assert "masalah lain di berkas ini tidak ditampilkan" in summary.render()
    assert peak < 200 * 1024 * 1024


def test_a_file_of_too_many_values_is_refused_while_reading() -> None:
    text = "stage: 2\nanswers:\n  x:\n" + "    - 1\n" * (MAX_NODES + 10)
    data, problems = parse_yaml_bytes(text.encode(), Where(file="x.yaml"))
    assert data is None and [p.rule for p in problems] == ["yaml-too-many-nodes"]
    # seven values before the items (mapping, stage, 2, answers, mapping, x, list): the first item
    # beyond the limit, on the line where the count ran out, is named
    assert problems[0].where.line == 3 + (MAX_NODES + 1 - 7)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_rows_file(MAX_TABLE_ROWS + 1), "paling banyak 2.000 baris per tabel"),
        ("stage: 2\nanswers:\n  x: '" + "a" * (2 * 1024 * 1024) + "'\n", "terlalu besar"),
        ("stage: 2\nanswers: [\n", "bukan YAML yang sah"),
    ],
)
def test_nothing_is_written_that_could_not_be_read_back(example: Path, text: str, message: str) -> None:
    path = answers(example, 2, "dinsos")
    before = path.read_bytes()
    with pytest.raises(UsageError, match=message):
        save_answers_text(example, 2, "dinsos", text, person="retno")
    assert path.read_bytes() == before


# --- paths: names checked before files are touched; links out of the workspace refused ---


@pytest.mark.parametrize(
    "name",
    ["../../../outside/x", "../region", "/etc/passwd", "dinkes/../../x", "DINKES", "a" * 41, "", ".hidden",
     "dinkes.yaml", "x\0y", "con:", "dinkes\n"],
)
def test_answer_set_refuses_a_file_name_before_reading_anything(example: Path, tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text("rahasia_gaji: 1\nanswers: {kunci_rahasia: 2}\n")
    result = CliRunner().invoke(main, ["answer", "set", "2", name, "vision", "x", str(example), "--as", "retno"])
    assert result.exit_code == 2, result.output
    assert "rahasia" not in result.output and "Traceback" not in result.output
    assert "nama berkas jawaban tidak sah" in result.output


def test_a_people_list_linked_from_outside_is_refused(example: Path, tmp_path: Path) -> None:
    outside = tmp_path / "people-luar.yaml"
    outside.write_text((example / "people.yaml").read_text().replace("role: tim, opd: dinkes", "role: mentor"))
    (example / "people.yaml").unlink()
    (example / "people.yaml").symlink_to(outside)
    result = CliRunner().invoke(main, ["stage", "approve", "2", str(example), "--as", "wahyu"])
    assert result.exit_code == 2 and "people.yaml" in result.output and "menunjuk ke luar workspace" in result.output


# --- terminal escapes: what an answer holds reaches the terminal as text ----------------

ESCAPES = ["\x1b]0;TITLE\x07\x1b[2J", "\x1b[31mmerah\x1b[0m", "\x9b2J", "abc\rxyz", "\u202egnp.exe", "\x1bP+q\x1b\\"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_check_prints_no_control_characters(example: Path, escape: str) -> None:
    path = answers(example, 2, "dinkes")
    quoted = escape.encode("unicode_escape").decode().replace("\\x", "\\x")
    path.write_text(path.read_text().replace("budget: 5400000000", f'budget: 5400000000\n      "{quoted}": 1', 1))
    result = CliRunner().invoke(main, ["check", str(example)])
    assert "tidak dikenal" in result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", result.output)


@pytest.mark.parametrize("escape", ESCAPES)
def test_what_could_command_a_terminal_is_shown_as_a_replacement_character(escape: str) -> None:
    shown = printable(f"kolom {escape} tidak dikenal\n\tbaris berikut")
    assert shown.startswith("kolom ") and shown.endswith(" tidak dikenal\n\tbaris berikut")
    assert "\ufffd" in shown and len(shown) == len(escape) + len("kolom  tidak dikenal\n\tbaris berikut")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)


# --- hostile YAML: every document is a located problem or data, never a traceback --------

HOSTILE_YAML = [
    "a: &x [1]\nb: *x\n",  # aliases are refused
    "lol: &a ['a','a']\nlol2: &b [*a,*a,*a]\n",  # billion laughs
    "a: !!python/object/apply:os.system ['echo hacked']\n",
    "a: !!python/name:os.system\n",
    "a: !!binary aGVsbG8=\n",
    "a: !custom {x: 1}\n",
    "a: " + "[" * 200 + "]" * 200 + "\n",
    "a: " + "{b: " * 100 + "1" + "}" * 100 + "\n",
    "a: 1\na: 2\n",
    "? [1, 2]\n: complex key\n",
    "? {a: 1}\n: mapping key\n",
    "--- \na: 1\n--- \nb: 2\n",
    "%YAML 1.1\n---\na: yes\n",
    "%TAG ! tag:evil.example,2000:\n---\na: !x 1\n",
    "a: 'unterminated\n",
    'a: "\\x00\\x1b[2J"\n',
    'a: "\\uD800"\n',
    "a:\tb\n",
    "\ta: 1\n",
    "a: 1\r\nb: 2\r\n",
    "\ufeffa: 1\n",
    "a: " + "x" * 1_000_000 + "\n",
    "- " * 5000 + "x\n",
    "a: 1e999999\n",
    "a: -.inf\nb: .nan\n",
    "a: 0o777777777777777777777777777777777777777777777777777777777777777777777\n",
    "a: 2026-02-30\n",
    "a: 99999-01-01\n",
    "a: 0000-00-00\n",
    ": no key\n",
    "a: b: c\n",
    "[unclosed\n",
    "{a: 1, b\n",
    "a: |\n  literal\n b: wrong indent\n",
    "&anchor a: 1\n",
    "a: *undefined\n",
    "a: @reserved\n",
    "a: `reserved\n",
    "stage: 2\nanswers: " + "[1, " * 10 + "]\n",
    "...\n",
    "",
    "\n\n\n",
    "# only a comment\n",
    "null\n",
    "[1, 2, 3]\n",
    "'just text'\n",
]


@pytest.mark.parametrize("text", HOSTILE_YAML, ids=range(len(HOSTILE_YAML)))
def test_hostile_yaml_is_a_located_problem_or_plain_data(text: str) -> None:
    raw = text.encode("utf-8", "surrogatepass")
    data, problems = parse_yaml_bytes(raw, Where(file="x.yaml"))
    assert (data is None) == bool(problems) or data is None
    for problem in problems:
        assert problem.where.file == "x.yaml" and problem.render().startswith("x.yaml")
    assert not isinstance(data, bytes)  # no tag turned text into anything but plain values


@pytest.mark.parametrize("text", HOSTILE_YAML[:30], ids=range(30))
def test_hostile_yaml_in_an_answers_file_is_reported_by_check(example: Path, text: str) -> None:
    path = answers(example, 2, "dinsos")
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(main, ["check", str(example)])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert path.read_bytes() == text.encode("utf-8", "surrogatepass")  # never rewritten


# --- hostile command lines: refused with a message and exit 2, never a traceback ----------

HOSTILE_ARGS = [
    ["answer", "set", "5", "dinkes", "programs", "1"],
    ["answer", "set", "0", "dinkes", "programs", "1"],
    ["answer", "set", "-1", "dinkes", "programs", "1"],
    ["answer", "set", "2", "dinkes", "../../etc/passwd", "1"],
    ["answer", "set", "2", "dinkes", "programs", "1", "--row", "../x", "--column", "budget"],
    ["answer", "set", "2", "dinkes", "programs", "1", "--row", "SL-05", "--column", "../../x"],
    ["answer", "set", "2", "dinkes", "programs", "x" * 100_000, "--row", "SL-05", "--column", "budget"],
    ["answer", "set", "2", "dinkes", "vision", "\x1b]0;x\x07"],
    ["stage", "approve", "9"],
    ["stage", "approve", "2", "--as", "../../root"],
    ["stage", "approve", "2", "--as", "\x00"],
    ["note", "add", "2", "x" * 6000, "--as", "sari"],
    ["note", "reply", "../C1", "balasan", "--as", "agus"],
    ["note", "resolve", "C999999999999999999999", "--as", "sari"],
    ["log", "--limit", "-5"],
    ["log", "--limit", "99999999999999999999999"],
    ["diff", "--since", "99999999999999999999999"],
    ["diff", "--since", "2026-13-45"],
    ["diff", "--since", "../../../etc"],
    ["build", "--format", "exe"],
    ["build", "--changes-since", "x" * 1000],
    ["check", "--stage", "7"],
    ["status", "--lang", "fr"],
    ["passwd", "../../root"],
    ["upgrade", "--as", "\u202eoknip"],
]


@pytest.mark.parametrize("args", HOSTILE_ARGS, ids=range(len(HOSTILE_ARGS)))
def test_hostile_command_lines_are_refused_cleanly(example: Path, args: list[str]) -> None:
    before = {p: p.read_bytes() for p in (example / "answers").rglob("*.yaml")}
    result = CliRunner().invoke(main, [*args, str(example)], input="")
    harmless = (args[:2] == ["log", "--limit"] and args[2].isdigit()) or args[0] == "upgrade"  # done, safely
    assert result.exit_code in ((0,) if harmless else (1, 2)), (args, result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert "Traceback" not in result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.output)
    assert {p: p.read_bytes() for p in (example / "answers").rglob("*.yaml")} == before


def test_a_large_number_is_shown_with_thousands_dots_in_the_message() -> None:
    with pytest.raises(Invalid) as raised:
        NUMBER_TYPES["rupiah"].parse(54_000_000_000_000_000, CTX)
    assert raised.value.params == {"limit": "1.000.000.000.000.000", "value": "54.000.000.000.000.000"}
