"""Nomor Induk Pegawai (NIP) of Indonesian civil servants.

Eighteen digits: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, gender
(1 man, 2 woman), a three-digit sequence. People often write it with spaces
("19700101 199503 1 001"); spaces are allowed, the value is normalised to
the 18 digits. There is no check digit, so the parts are checked instead.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from masterplan.answers.invalid import Invalid


def _fail(detail: str, detail_en: str) -> Invalid:
    return Invalid("nip-valid", detail=detail, detail_en=detail_en)


def check_nip(raw: Any) -> str:
    """Return the 18-digit NIP in ``raw`` or raise :class:`Invalid` saying which part is wrong."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise _fail("NIP harus berupa 18 angka", "a NIP must be 18 digits")
    text = re.sub(r"[\s.]", "", str(raw))
    if not re.fullmatch(r"[0-9]{18}", text):  # ASCII digits only: "²".isdigit() is true, int("²") fails
        count = sum(ch in "0123456789" for ch in text)
        raise _fail(
            f"NIP harus tepat 18 angka (tertulis {count} angka: {raw})",
            f"a NIP must be exactly 18 digits (found {count}: {raw})",
        )
    try:
        born = dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise _fail(
            f"8 angka pertama NIP harus tanggal lahir TTTTBBHH yang valid (tertulis {text[:8]})",
            f"the first 8 digits of a NIP must be a valid birth date YYYYMMDD (found {text[:8]})",
        ) from None
    year, month = int(text[8:12]), int(text[12:14])
    if not 1 <= month <= 12 or year < 1950:
        raise _fail(
            f"angka ke-9 sampai ke-14 NIP harus tahun dan bulan pengangkatan TTTTBB "
            f"(tertulis {text[8:14]})",
            f"digits 9-14 of a NIP must be the appointment year and month YYYYMM "
            f"(found {text[8:14]})",
        )
    if year < born.year + 18:
        raise _fail(
            f"tahun pengangkatan {year} terlalu dekat dengan tahun lahir {born.year}: "
            "pegawai diangkat paling muda usia 18 tahun",
            f"appointment year {year} is too close to birth year {born.year}: "
            "civil servants are appointed at 18 at the youngest",
        )
    if text[14] not in "12":
        raise _fail(
            f"angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan), tertulis {text[14]}",
            f"digit 15 of a NIP must be 1 (man) or 2 (woman), found {text[14]}",
        )
    if text[15:] == "000":
        raise _fail(
            "tiga angka terakhir NIP (nomor urut) tidak boleh 000",
            "the last three digits of a NIP (sequence) must not be 000",
        )
    return text


def format_nip(nip: str) -> str:
    """The usual printed form: ``19700101 199503 1 001``."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
