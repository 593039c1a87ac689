"""Every question type: what it accepts, how it normalises, what it says when it refuses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from pydantic import TypeAdapter

from masterplan.answers.invalid import Invalid
from masterplan.models.questionnaire import ParseContext, Question

QUESTION = TypeAdapter(Question)


def make(**fields: Any) -> Any:
    return QUESTION.validate_python({"id": "q", "label": "Pertanyaan", **fields})


@pytest.fixture
def ctx(definitions) -> ParseContext:
    return ParseContext(choices=definitions.choices, opds={"diskominfo": "DISKOMINFO", "dinkes": "DINKES"})


def refuse(question: Any, raw: Any, ctx: ParseContext) -> Invalid:
    with pytest.raises(Invalid) as caught:
        question.parse(raw, ctx)
    return caught.value


ACCEPTED = [
    ({"type": "text"}, "  Portal Sukamaju ", "Portal Sukamaju"),
    ({"type": "text"}, 2027, "2027"),
    ({"type": "text", "pattern": "^SG-[0-9]{2}$"}, "SG-01", "SG-01"),
    ({"type": "longtext"}, "Uraian\npanjang", "Uraian\npanjang"),
    ({"type": "integer"}, 18, 18),
    ({"type": "integer"}, "1.250", 1250),
    ({"type": "decimal"}, "12,5", 12.5),
    ({"type": "decimal"}, 1648.35, 1648.35),
    ({"type": "percent"}, "12,5%", 12.5),
    ({"type": "percent", "min": -10}, -2.1, -2.1),
    ({"type": "rupiah"}, 150000000, 150000000),
    ({"type": "rupiah"}, "Rp 1.500.000.000", 1500000000),
    ({"type": "rupiah"}, "2.500.000,00", 2500000),
    ({"type": "year"}, 2027, 2027),
    ({"type": "year"}, "2030", 2030),
    ({"type": "date"}, dt.date(2026, 3, 15), dt.date(2026, 3, 15)),
    ({"type": "date"}, "2026-03-15", dt.date(2026, 3, 15)),
    ({"type": "date"}, "15/03/2026", dt.date(2026, 3, 15)),
    ({"type": "date"}, "19 November 2026", dt.date(2026, 11, 19)),
    ({"type": "date"}, "1 Agt. 2027", dt.date(2027, 8, 1)),
    ({"type": "choice", "choices": "horizons"}, "menengah", "menengah"),
    ({"type": "choice", "choices": "horizons"}, "Jangka Pendek (≤ 1 tahun)", "pendek"),
    ({"type": "choice", "choices": "readiness_ratings"}, 4, "4"),
    ({"type": "multichoice", "choices": "funding_sources"}, ["apbd", "CSR", "APBD"], ["APBD", "CSR"]),
    ({"type": "multichoice", "choices": "funding_sources"}, "APBN/DAK", ["APBN"]),
    ({"type": "yesno"}, True, True),
    ({"type": "yesno"}, "Ya", True),
    ({"type": "yesno"}, "tidak", False),
    ({"type": "nip"}, "19700512 199603 1 004", "197005121996031004"),
    ({"type": "nip"}, 197005121996031004, "197005121996031004"),
    ({"type": "file"}, " assets/lampiran/sk-dewan.PDF ", "assets/lampiran/sk-dewan.PDF"),
    ({"type": "file", "accept": ["jpeg", "png"]}, "assets\\foto\\qw-01.jpeg", "assets/foto/qw-01.jpeg"),
    ({"type": "ref", "ref": "opd"}, "diskominfo", "DISKOMINFO"),
    ({"type": "ref", "ref": "opd", "multiple": True}, ["DINKES", "diskominfo"], ["DINKES", "DISKOMINFO"]),
    ({"type": "ref", "ref": "dimension"}, "Smart Living", "SL"),
    ({"type": "ref", "ref": "subdimension"}, "sg-layanan", "SG-LAYANAN"),
    ({"type": "ref", "ref": "subdimension"}, "Kesehatan", "SL-KESEHATAN"),
    ({"type": "ref", "ref": "program"}, "sg-01", "SG-01"),
    ({"type": "ref", "ref": "quickwin"}, "QW-02", "QW-02"),
    ({"type": "timeline", "choices": "roadmap_status"}, {2028: "pembangunan", "2027": "Persiapan"},
     {2027: "persiapan", 2028: "pembangunan"}),
]


@pytest.mark.parametrize(("fields", "raw", "expected"), ACCEPTED)
def test_accepts_and_normalises(fields, raw, expected, ctx):
    assert make(**fields).parse(raw, ctx) == expected


REFUSED = [
    ({"type": "file"}, "../rahasia.pdf", "file-path",
     "berkas ../rahasia.pdf harus berada di folder assets/ workspace, misalnya assets/lampiran/sk-dewan.pdf"),
    ({"type": "file"}, "assets/../people.yaml", "file-path",
     "berkas assets/../people.yaml harus berada di folder assets/ workspace, misalnya assets/lampiran/sk-dewan.pdf"),
    ({"type": "file", "accept": ["jpeg", "png"]}, "assets/lampiran/sk.pdf", "type-file",
     "harus berupa nama berkas JPEG atau PNG di folder assets/ workspace, misalnya assets/lampiran/sk-dewan.pdf"),
    ({"type": "file"}, 12, "type-file",
     "harus berupa nama berkas PDF, JPEG atau PNG di folder assets/ workspace, misalnya assets/lampiran/sk-dewan.pdf"),
    ({"type": "text"}, ["a"], "type-text", "harus berupa teks"),
    ({"type": "text", "pattern": "^SG-[0-9]{2}$", "pattern_hint": "misalnya SG-01"}, "SG1", "pattern",
     '"SG1" tidak sesuai format: misalnya SG-01'),
    ({"type": "text", "max_length": 5}, "panjang sekali", "length-max", "maksimal 5 karakter (tertulis 14)"),
    ({"type": "longtext", "min_length": 20}, "pendek", "length-min", "minimal 20 karakter (tertulis 6)"),
    ({"type": "integer"}, "dua puluh", "type-integer", "harus berupa bilangan bulat, misalnya 25"),
    ({"type": "integer"}, 2.5, "type-integer", "harus berupa bilangan bulat, misalnya 25"),
    ({"type": "integer", "min": 1}, 0, "value-min", "minimal 1 (tertulis 0)"),
    ({"type": "decimal"}, "sekitar 12", "type-decimal", "harus berupa angka, misalnya 12,5"),
    ({"type": "decimal", "max": 100}, 100.5, "value-max", "maksimal 100 (tertulis 100,5)"),
    ({"type": "percent"}, 120, "value-max", "maksimal 100 (tertulis 120)"),
    ({"type": "percent"}, "banyak", "type-percent", "harus berupa persentase antara 0 dan 100, misalnya 12,5"),
    ({"type": "rupiah"}, "seratus juta", "type-rupiah", "harus berupa angka rupiah, misalnya 150000000"),
    ({"type": "rupiah"}, "1.50.000", "type-rupiah", "harus berupa angka rupiah, misalnya 150000000"),
    ({"type": "rupiah"}, 1500.75, "type-rupiah", "harus berupa angka rupiah, misalnya 150000000"),
    ({"type": "rupiah"}, -5000000, "budget-non-negative",
     "tidak boleh negatif (tertulis -5.000.000); isi 0 bila belum ada anggaran"),
    ({"type": "year"}, 25, "type-year", "harus berupa tahun empat angka, misalnya 2027"),
    ({"type": "year", "max": 2036}, 2040, "value-max", "maksimal 2036 (tertulis 2040)"),
    ({"type": "date"}, "31-31-2026", "type-date", "harus berupa tanggal yang ada, misalnya 2026-03-15 atau 15 Maret 2026"),
    ({"type": "date"}, "30 Februari 2027", "type-date", "harus berupa tanggal yang ada, misalnya 2026-03-15 atau 15 Maret 2026"),
    ({"type": "date"}, "19 Novembre 2026", "type-date", "harus berupa tanggal yang ada, misalnya 2026-03-15 atau 15 Maret 2026"),
    ({"type": "choice", "choices": "horizons"}, "sedang", "type-choice",
     '"sedang" bukan pilihan yang tersedia; pilih salah satu: pendek, menengah, panjang'),
    ({"type": "multichoice", "choices": "funding_sources"}, {"a": 1}, "type-multichoice",
     "harus berupa daftar pilihan, misalnya [APBD, APBN]"),
    ({"type": "multichoice", "choices": "funding_sources", "min_items": 2}, ["APBD"], "value-min",
     "minimal 2 (tertulis 1)"),
    ({"type": "yesno"}, "mungkin", "type-yesno", 'harus "ya" atau "tidak"'),
    ({"type": "nip"}, "1970051219960310", "nip-valid", "NIP harus tepat 18 angka (tertulis 16 angka: 1970051219960310)"),
    ({"type": "ref", "ref": "opd"}, "DISHUB", "opd-exists",
     'OPD "DISHUB" tidak terdaftar di region.yaml; kode yang ada: DINKES, DISKOMINFO'),
    ({"type": "ref", "ref": "dimension"}, "SX", "dimension-exists",
     'dimensi "SX" tidak dikenal; pilih salah satu: SG, SB, SE, SL, SS, SV'),
    ({"type": "ref", "ref": "subdimension"}, "SG-LAIN", "subdimension-exists", None),
    ({"type": "timeline", "choices": "roadmap_status"}, ["2027"], "type-timeline", None),
    ({"type": "timeline", "choices": "roadmap_status"}, {"tahun 1": "persiapan"}, "type-timeline-year",
     '"tahun 1" bukan tahun; tulis tahun empat angka sebagai kunci'),
    ({"type": "timeline", "choices": "roadmap_status"}, {2027: "selesai"}, "type-timeline-status",
     'tahun 2027: "selesai" bukan status yang tersedia; pilih salah satu: persiapan, pembangunan, operasional'),
]


@pytest.mark.parametrize(("fields", "raw", "rule", "message"), REFUSED)
def test_refuses_with_a_clear_message(fields, raw, rule, message, ctx):
    from masterplan.checks.messages import render_message

    invalid = refuse(make(**fields), raw, ctx)
    assert invalid.rule == rule
    text = render_message(invalid.rule, "id", invalid.params)
    if message is not None:
        assert text == message
    assert not re.search(r"\{[a-z_]+\}", text), "every placeholder is filled"
    assert render_message(invalid.rule, "en", invalid.params) != text


def test_every_question_type_is_covered_by_these_tests():
    from masterplan.models.questionnaire import QUESTION_TYPES

    covered = {fields["type"] for fields, *_ in ACCEPTED + REFUSED} | {"table"}
    assert covered == set(QUESTION_TYPES)


def test_table_definition_checks_its_columns():
    table = {"type": "table", "key": "code", "columns": [{"id": "code", "type": "text", "label": "Kode"}]}
    assert make(**table).key_column.id == "code"
    with pytest.raises(ValueError, match="kolom kunci"):
        make(**{**table, "key": "nama"})
    with pytest.raises(ValueError, match="id kolom ganda"):
        make(**{**table, "columns": table["columns"] * 2})


def test_conditions_are_declarative(definitions):
    condition = make(type="text", relevant={"question": "x", "equals": True}).relevant
    assert condition.holds({"x": True}) and not condition.holds({"x": False})
    both = make(type="text", relevant={"all": [{"question": "a", "answered": True},
                                                {"question": "b", "in": ["diubah", "ditunda"]}]}).relevant
    assert both.holds({"a": "isi", "b": "Ditunda"})
    assert not both.holds({"a": "", "b": "ditunda"})
    assert both.referenced() == ["a", "b"]
    with pytest.raises(ValueError, match="tepat satu"):
        make(type="text", relevant={"question": "x", "equals": 1, "answered": True})
