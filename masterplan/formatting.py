"""Indonesian formatting (Babel, id_ID) and the Kabupaten/Kota wording of a region."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from masterplan.models.region import Period, Region, Regulation

LOCALE = Locale.parse("id_ID")  # parsed once: Babel would parse a locale string on every call


def tanggal(day: dt.date) -> str:
    """Give "19 November 2026"."""
    return _babel_date(day, format="d MMMM y", locale=LOCALE)


def angka(value: float | int, decimals: int = 2) -> str:
    """A number the Indonesian way: "1.500", "12,5" (at most ``decimals`` decimals)."""
    return _angka(str(value), value, decimals)


@lru_cache(maxsize=8192)
def _angka(_written: str, value: float | int, decimals: int) -> str:
    """:func:`angka` remembered by value as written (so -0.0 is not 0): Babel costs 0.1 ms a number."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


_RUPIAH: ContextVar[str] = ContextVar("rupiah", default="Rp ")


@contextmanager
def rupiah_style(sample: str) -> Iterator[None]:
    """Write Rupiah as ``sample`` shows while inside: "Rp 1.500" (the default) or "Rp1.500" (EYD)."""
    token = _RUPIAH.set("Rp " if sample.startswith("Rp ") else "Rp")
    try:
        yield
    finally:
        _RUPIAH.reset(token)


def rupiah(value: float | int) -> str:
    """Give "Rp 1.500.000.000" (or "Rp1.500.000.000", see :func:`rupiah_style`)."""
    return f"{_RUPIAH.get()}{angka(round(value), 0)}"


def juta(value: float | int) -> str:
    """An amount in millions of Rupiah for tables headed "(juta rupiah)": "1.250", "0,5"."""
    return angka(value / 10**6, 0 if abs(value) >= 10**8 else 1)  # a whole million shows no decimal


def miliar(value: float | int) -> str:
    """An amount in billions of Rupiah for tables headed "(miliar rupiah)": "298,9", "4,52", "0,05"."""
    return angka(value / 10**9, 1 if abs(value) >= 10**10 else 2)


def persen(part: float | int, whole: float | int) -> str:
    """Give "62,5%" (one decimal), "-" when ``whole`` is zero."""
    return f"{angka(100 * part / whole, 1)}%" if whole else "-"


_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def rupiah_short(value: float | int) -> str:
    """Large sums in words: "Rp 1,5 miliar", "Rp 750 juta"; small sums in full."""
    for size, word in _SCALES:
        if abs(value) >= size:
            return f"{_RUPIAH.get()}{angka(value / size, 2)} {word}"
    return rupiah(value)


_FUNCTION_WORDS = frozenset({
    "dan", "atau", "di", "ke", "dari", "yang", "untuk", "pada", "dengan", "dalam", "oleh", "serta", "bagi",
    "per", "tentang", "terhadap", "sebagai", "antara", "melalui", "tanpa", "secara", "hingga", "sampai",
    "menurut", "akan", "kepada", "daripada", "karena",
})


def judul(text: str) -> str:
    """The capitalisation of headings and captions (EYD): every word capitalised but function words.

    Only words written all in lower case change ("lunak/aplikasi" -> "Lunak/Aplikasi"); a word
    with a capital in it stays as written ("e-Sakti", "SDM", "QW-01").
    """
    words = text.split(" ")
    for index, word in enumerate(words):
        if word.islower() and (index == 0 or word not in _FUNCTION_WORDS):
            words[index] = re.sub(r"(^|[/(\"“])([a-z])", lambda m: m.group(1) + m.group(2).upper(), word)
    return " ".join(words)


_WRAPPED_HYPHEN = re.compile(r"(?<=[A-Za-z])- (?!(?:dan|atau) )(?=[a-z])")  # "pra- dan pasca-" stays


def unwrap(text: str) -> str:
    """Mend a word hyphenated across a wrapped line: "Alun- alun" (YAML folded "Alun-" + "alun")."""
    return _WRAPPED_HYPHEN.sub("-", text)


def nama_tanpa_gelar(name: str) -> str:
    """A name as signed under a regulation: "H. Ahmad Wiratama, S.E." is "AHMAD WIRATAMA"."""
    words = [w for w in name.split(",")[0].split() if not w.endswith(".")]
    return " ".join(words).upper() or name.strip().upper()


def daftar(items: object) -> str:
    """Items the Indonesian way: "2025", "2025 dan 2026", "SG, SB dan SE"."""
    words = [str(item) for item in items]  # type: ignore[attr-defined]
    return " dan ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def year_range(first: int, last: int) -> str:
    """Give "2027–2036" (en dash), or "2027" when both years are the same."""
    return str(first) if first == last else f"{first}–{last}"


def period_text(period: Period) -> str:
    """The plan's period as printed: "2027–2036"."""
    return year_range(period.start, period.end)


def nip_printed(nip: str) -> str:
    """Give "19700512 199603 1 004" from 18 digits (anything else is returned as written)."""
    digits = "".join(ch for ch in nip if ch.isdigit())
    if len(digits) != 18:
        return nip
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


@dataclass(frozen=True)
class Wording:
    """How a region names itself and its head: Kabupaten and Kota are never mixed."""

    kind: str  # "kabupaten" | "kota"
    name: str  # "Sukamaju"
    province: str
    capital: str

    @classmethod
    def of(cls, region: Region) -> Wording:
        """The wording of ``region``."""
        return cls(region.kind, region.name, region.province, region.capital)

    @property
    def is_kota(self) -> bool:
        """True for a kota."""
        return self.kind == "kota"

    @property
    def jenis(self) -> str:
        """Give "Kabupaten" or "Kota"."""
        return "Kota" if self.is_kota else "Kabupaten"

    @property
    def daerah(self) -> str:
        """Give "Kabupaten Sukamaju"."""
        return f"{self.jenis} {self.name}"

    @property
    def pemda(self) -> str:
        """Give "Pemerintah Kabupaten Sukamaju"."""
        return f"Pemerintah {self.daerah}"

    @property
    def kepala(self) -> str:
        """Give "Bupati" or "Wali Kota"."""
        return "Wali Kota" if self.is_kota else "Bupati"

    @property
    def wakil(self) -> str:
        """Give "Wakil Bupati" or "Wakil Wali Kota"."""
        return f"Wakil {self.kepala}"

    @property
    def perkada(self) -> str:
        """Give "Peraturan Bupati" or "Peraturan Wali Kota"."""
        return f"Peraturan {self.kepala}"

    @property
    def perkada_short(self) -> str:
        """Give "Perbup" or "Perwali"."""
        return "Perwali" if self.is_kota else "Perbup"

    @property
    def kepala_daerah(self) -> str:
        """Give "Bupati Sukamaju" or "Wali Kota Sukamaju"."""
        return f"{self.kepala} {self.name}"

    @property
    def desa_kelurahan(self) -> str:
        """Villages in prose: "desa/kelurahan" in a kabupaten, "kelurahan" in a kota (no desa)."""
        return "kelurahan" if self.is_kota else "desa/kelurahan"

    def act(self, regulation: Regulation) -> str:
        """Give "Peraturan Bupati Sukamaju Nomor 12 Tahun 2027 tentang ..." (or "Keputusan ...")."""
        kind = "Peraturan" if regulation.kind == "peraturan" else "Keputusan"
        number = f"Nomor {regulation.number} Tahun {regulation.year}"
        return f"{kind} {self.kepala_daerah} {number} tentang {regulation.title}"

    def act_heading(self, regulation: Regulation) -> list[str]:
        """The heading of an adopted plan: "LAMPIRAN", "PERATURAN BUPATI SUKAMAJU", "NOMOR ...", ..."""
        kind = "peraturan" if regulation.kind == "peraturan" else "keputusan"
        return self.lampiran_heading(kind, regulation.number, str(regulation.year), regulation.title)

    def lampiran_heading(self, kind: str, number: str, year: str, title: str) -> list[str]:
        """Give "LAMPIRAN", "PERATURAN BUPATI SUKAMAJU", "NOMOR 12 TAHUN 2027", "TENTANG ..."."""
        return ["LAMPIRAN", f"{kind.upper()} {self.kepala_daerah.upper()}", f"NOMOR {number} TAHUN {year}",
                f"TENTANG {title.upper()}"]

    @property
    def dprd(self) -> str:
        """Give "DPRD Kabupaten Sukamaju"."""
        return f"DPRD {self.daerah}"

    @property
    def warga(self) -> str:
        """How the people of the region are named in prose: "masyarakat Kabupaten Sukamaju"."""
        return f"masyarakat {self.daerah}"
