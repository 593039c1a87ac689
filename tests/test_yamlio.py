"""The YAML reader: YAML 1.2 scalars, line numbers, and documents it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from masterplan.answers.yamlio import item_line, key_line, line_of, parse_yaml_bytes, resolve_plain
from masterplan.checks.problems import Where
from masterplan.limits import MAX_DEPTH


def parse(text: str):
    data, problems = parse_yaml_bytes(text.encode("utf-8"), Where(file="x.yaml"))
    return data, problems


@pytest.mark.parametrize(("text", "value"), [
    ("ya", "ya"), ("no", "no"), ("yes", "yes"), ("off", "off"),  # YAML 1.1 booleans stay text
    ("true", True), ("False", False), ("~", None), ("", None), ("null", None),
    ("2027", 2027), ("-5", -5), ("0o17", 15), ("0x1F", 31), ("012", 12),
    ("12.5", 12.5), ("1e3", 1000.0), (".inf", float("inf")),
    ("2026-11-20", dt.date(2026, 11, 20)), ("2026-02-30", "2026-02-30"),
    ("1:20", "1:20"), ("1_000", "1_000"), ("12,5", "12,5"), ("150.000.000", "150.000.000"),
])
def test_plain_scalars_follow_yaml_1_2(text, value):
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_quoted_and_tagged_scalars_stay_as_written():
    data, problems = parse("a: '2027'\nb: \"true\"\nc: !!str 12\nd: !!int 7\ne: !custom hello\nf: |\n  baris\n")
    assert problems == []
    assert data == {"a": "2027", "b": "true", "c": "12", "d": 7, "e": "hello", "f": "baris\n"}


def test_every_key_and_item_knows_its_line():
    data, _ = parse("# komentar\nstage: 2\nanswers:\n  programs:\n    - code: SG-01\n      name: A\n\n    - code: SG-02\n")
    assert key_line(data, "stage") == 2
    programs = data["answers"]["programs"]
    assert [item_line(programs, 0), item_line(programs, 1)] == [5, 8]
    assert key_line(programs[1], "code") == 8
    assert line_of(data["answers"]) == 4
    assert key_line(data, "missing", 99) == 2  # falls back to where the mapping starts


def test_folded_text_is_joined_like_yaml_does():
    data, _ = parse("d: >-\n  Satu baris\n  dan lanjutannya.\n\n  Paragraf dua.\n")
    assert data["d"] == "Satu baris dan lanjutannya.\nParagraf dua."


def test_year_keys_are_numbers():
    data, _ = parse("years:\n  2027: persiapan\n  2028: pembangunan\n")
    assert list(data["years"]) == [2027, 2028]


def test_aliased_scalar_is_refused():
    _, problems = parse("a: &x teks\nb: *x\n")
    assert [(p.rule, p.where.line) for p in problems] == [("yaml-anchor", 2)]


def test_duplicate_key_names_both_lines():
    _, problems = parse("a: 1\nb: 2\na: 3\n")
    assert [(p.rule, p.where.line, p.params["first"]) for p in problems] == [("yaml-duplicate-key", 3, 1)]


def test_deep_nesting_is_refused_not_crashing():
    _, problems = parse("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert [p.rule for p in problems] == ["yaml-syntax"]
    _, problems = parse("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert [p.rule for p in problems] == ["yaml-syntax"]
    assert str(MAX_DEPTH) in problems[0].params["detail"]


def test_two_documents_are_a_syntax_error():
    _, problems = parse("a: 1\n---\nb: 2\n")
    assert [(p.rule, p.where.line) for p in problems] == [("yaml-syntax", 2)]


def test_complex_key_does_not_crash():
    data, problems = parse("? [a, b]\n: nilai\n")
    assert problems == [] and list(data.values()) == ["nilai"]
