"""NIP: 18 digits whose parts are a birth date, an appointment month, a gender and a sequence."""

from __future__ import annotations

import pytest

from masterplan.answers.invalid import Invalid
from masterplan.answers.nip import check_nip, format_nip


@pytest.mark.parametrize(("raw", "digits"), [
    ("197005121996031004", "197005121996031004"),
    ("19700512 199603 1 004", "197005121996031004"),
    (197005121996031004, "197005121996031004"),
    ("19750823.200012.2.003", "197508232000122003"),
    (" 19750823  200012 2 003 ", "197508232000122003"),
])
def test_valid_nips_normalise_to_digits(raw, digits):
    assert check_nip(raw) == digits


# Each boundary of each part, the valid side and the invalid side: birth date (day read from two
# digits, month 01 and 12 but not 00 or 13), appointment year 1950 and month, appointed at 18 at the
# youngest, gender 1 or 2, sequence 001 but not 000.
BOUNDARIES = [
    ("197001311996031004", None),
    ("197002311996031004", "tanggal lahir"),  # 31 February: the day is two digits, not "1"
    ("197002291996031004", "tanggal lahir"),  # 1970 is no leap year
    ("197202291996031004", None),  # 1972 is
    ("197001011996031004", None),  # January accepted
    ("197000101996031004", "tanggal lahir"),  # month 00
    ("197012011996031004", None),
    ("197013011996031004", "tanggal lahir"),
    ("197005001996031004", "tanggal lahir"),  # day 00
    ("193001011950011001", None),  # the first appointment year accepted
    ("193001011949121001", "tahun dan bulan pengangkatan"),
    ("197005121996011004", None),  # appointment month 01
    ("197005121996001004", "tahun dan bulan pengangkatan"),
    ("197005121996121004", None),
    ("197005121996131004", "tahun dan bulan pengangkatan"),
    ("197005121988031004", None),  # appointed the year of turning 18
    ("197005121987031004", "terlalu dekat"),  # 17
    ("197005121996032004", None),
    ("197005121996030004", "1 (laki-laki) atau 2 (perempuan)"),
    ("197005121996033004", "1 (laki-laki) atau 2 (perempuan)"),
    ("197005121996031001", None),
    ("197005121996031000", "tidak boleh 000"),
    ("197005121996031999", None),
]


@pytest.mark.parametrize(("raw", "part"), BOUNDARIES)
def test_every_part_at_its_boundaries(raw, part):
    if part is None:
        assert check_nip(raw) == raw
        return
    with pytest.raises(Invalid) as caught:
        check_nip(raw)
    assert part in caught.value.params["detail"]


@pytest.mark.parametrize(("raw", "part"), [
    ("19700512199603100", "tepat 18 angka"),
    ("1970O5121996031004", "tepat 18 angka"),
    ("19800101²²²²011001", "tepat 18 angka"),  # superscripts pass str.isdigit(), not int()
    ("１９７００５１２１９９６０３１００４", "tepat 18 angka"),  # full-width digits
    ("197013121996031004", "tanggal lahir"),
    ("197002301996031004", "tanggal lahir"),
    ("197005121996131004", "tahun dan bulan pengangkatan"),
    ("197005121980031004", "terlalu dekat"),
    ("197005121996033004", "1 (laki-laki) atau 2 (perempuan)"),
    ("197005121996031000", "tidak boleh 000"),
    (True, "18 angka"),
    (1.97e17, "18 angka"),
    (None, "18 angka"),
    (["197005121996031004"], "18 angka"),
    ("1970051219960310044", "tepat 18 angka (tertulis 19 angka"),
])
def test_invalid_nips_say_which_part_is_wrong(raw, part):
    with pytest.raises(Invalid) as caught:
        check_nip(raw)
    assert caught.value.rule == "nip-valid"
    assert part in caught.value.params["detail"]
    assert caught.value.params["detail_en"]


def test_printed_form():
    assert format_nip("197005121996031004") == "19700512 199603 1 004"
    assert format_nip("197508232000122003") == "19750823 200012 2 003"


@pytest.mark.parametrize(("key", "raw", "text"), [
    ("detail", True, "NIP harus berupa 18 angka"),
    ("detail", None, "NIP harus berupa 18 angka"),
    ("detail", "19700512 199603 1 00", "NIP harus tepat 18 angka (tertulis 17 angka: 19700512 199603 1 00)"),
    ("detail", "197002311996031004",
     "8 angka pertama NIP harus tanggal lahir TTTTBBHH yang valid (tertulis 19700231)"),
    ("detail", "197005121996131004",
     "angka ke-9 sampai ke-14 NIP harus tahun dan bulan pengangkatan TTTTBB (tertulis 199613)"),
    ("detail", "197005121987031004",
     "tahun pengangkatan 1987 terlalu dekat dengan tahun lahir 1970: pegawai diangkat paling muda usia 18 tahun"),
    ("detail", "197005121996033004", "angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan), tertulis 3"),
    ("detail", "197005121996031000", "tiga angka terakhir NIP (nomor urut) tidak boleh 000"),
    ("detail_en", "197002311996031004", "the first 8 digits of a NIP must be a valid birth date YYYYMMDD (found 19700231)"),
    ("detail_en", "197005121996131004", "digits 9-14 of a NIP must be the appointment year and month YYYYMM (found 199613)"),
    ("detail_en", "197005121996033004", "digit 15 of a NIP must be 1 (man) or 2 (woman), found 3"),
])
def test_the_messages_name_exactly_the_part_that_is_wrong(key, raw, text):
    """The Indonesian message and its English twin, word for word."""
    with pytest.raises(Invalid) as caught:
        check_nip(raw)
    assert caught.value.params[key] == text
