"""NIP: 18 digits whose parts are a birth date, an appointment month, a gender and a sequence."""

from __future__ import annotations

import pytest

from masterplan.models.questionnaire import Invalid
from masterplan.nip import check_nip, format_nip


@pytest.mark.parametrize("raw", ["197005121996031004", "19700512 199603 1 004", 197005121996031004,
                                 "19750823.200012.2.003"])
def test_valid_nips_normalise_to_digits(raw):
    assert check_nip(raw) in {"197005121996031004", "197508232000122003"}


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
])
def test_invalid_nips_say_which_part_is_wrong(raw, part):
    with pytest.raises(Invalid) as caught:
        check_nip(raw)
    assert caught.value.rule == "nip-valid"
    assert part in caught.value.params["detail"]
    assert caught.value.params["detail_en"]


def test_printed_form():
    assert format_nip("197005121996031004") == "19700512 199603 1 004"
