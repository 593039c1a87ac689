"""Indonesian formatting at its edges, and the Kabupaten/Kota wording, table-driven from the functions."""

from __future__ import annotations

import datetime as dt

import pytest

from masterplan import formatting as f
from masterplan.formatting import Wording
from masterplan.models.region import Period, Regulation


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "Rp 0"),
        (1, "Rp 1"),
        (999_999, "Rp 999.999"),  # under Rp 1 juta: in full, never "None"
        (1_000_000, "Rp 1 juta"),  # exactly at a scale: the scale's word
        (1_500_000, "Rp 1,5 juta"),
        (999_999_999, "Rp 1.000 juta"),  # rounds up inside the scale below
        (1_000_000_000, "Rp 1 miliar"),  # not "Rp 1.000 juta"
        (1_250_000_000, "Rp 1,25 miliar"),
        (1_234_567_890, "Rp 1,23 miliar"),  # two decimals at most
        (10**12 - 1, "Rp 1.000 miliar"),
        (10**12, "Rp 1 triliun"),
        (10**15, "Rp 1.000 triliun"),
        (-2_000_000_000, "Rp -2 miliar"),
        (-500, "Rp -500"),
    ],
)
def test_rupiah_short_at_every_scale_boundary(value: int, expected: str) -> None:
    assert f.rupiah_short(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "Rp 0"), (1_500, "Rp 1.500"), (1_500_000_000, "Rp 1.500.000.000"), (2.5, "Rp 2"), (3.5, "Rp 4")],
)
def test_rupiah_in_full(value: float, expected: str) -> None:
    assert f.rupiah(value) == expected


def test_rupiah_style_follows_the_sample_and_is_restored() -> None:
    with f.rupiah_style("Rp1.500"):
        assert f.rupiah(1500) == "Rp1.500" and f.rupiah_short(2 * 10**9) == "Rp2 miliar"
        with f.rupiah_style("Rp 1.500"):
            assert f.rupiah(1500) == "Rp 1.500"
        assert f.rupiah(1500) == "Rp1.500"
    assert f.rupiah(1500) == "Rp 1.500"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1_250_000_000, "1.250"), (500_000, "0,5"), (100_000_000, "100"), (150_000_000, "150"),
     (150_600_000, "151"), (99_950_000, "100"), (2_340_000, "2,3"), (5_000_000, "5"), (0, "0"),
     (1_000_000, "1")],
)
def test_juta(value: int, expected: str) -> None:
    assert f.juta(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(298_900_000_000, "298,9"), (12_345_000_000, "12,3"), (4_520_000_000, "4,52"), (50_000_000, "0,05"),
     (9_999_000_000, "10"), (10**10, "10"), (0, "0")],
)
def test_miliar(value: int, expected: str) -> None:
    assert f.miliar(value) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(5, 8, "62,5%"), (1, 3, "33,3%"), (0, 5, "0%"), (5, 0, "-"), (3, 3, "100%"), (-1, 4, "-25%")],
)
def test_persen(part: int, whole: int, expected: str) -> None:
    assert f.persen(part, whole) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1500, 2, "1.500"), (12.5, 2, "12,5"), (12.346, 2, "12,35"), (12.346, 0, "12"), (0.5, 1, "0,5")],
)
def test_angka(value: float, decimals: int, expected: str) -> None:
    assert f.angka(value, decimals) == expected


def test_angka_shows_two_decimals_unless_told() -> None:
    assert f.angka(12.346) == "12,35" and f.angka(1500) == "1.500"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("perangkat lunak/aplikasi dan data", "Perangkat Lunak/Aplikasi dan Data"),
        ("dan lain-lain", "Dan Lain-lain"),  # a function word first is capitalised
        ("rencana aksi e-Sakti untuk SDM", "Rencana Aksi e-Sakti untuk SDM"),
        ('program "kota cerdas" (tahap awal)', 'Program "Kota Cerdas" (Tahap Awal)'),
        ("", ""),
    ],
)
def test_judul(text: str, expected: str) -> None:
    assert f.judul(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Alun- alun", "Alun-alun"), ("pra- dan pasca-bencana", "pra- dan pasca-bencana"),
     ("PT- Abadi", "PT- Abadi"), ("sumber- daya", "sumber-daya"), ("2026- 2027", "2026- 2027"), ("kata - kata", "kata - kata")],
)
def test_unwrap(text: str, expected: str) -> None:
    assert f.unwrap(text) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], ""), ([2025], "2025"), ([2025, 2026], "2025 dan 2026"), (["SG", "SB", "SE"], "SG, SB dan SE")],
)
def test_daftar(items: list[object], expected: str) -> None:
    assert f.daftar(items) == expected


def test_years_and_dates() -> None:
    assert f.year_range(2027, 2036) == "2027–2036" and f.year_range(2027, 2027) == "2027"
    assert f.period_text(Period(start=2025, end=2035)) == "2025–2035"
    assert f.tanggal(dt.date(2026, 11, 19)) == "19 November 2026"
    assert f.tanggal(dt.date(2027, 1, 5)) == "5 Januari 2027"


@pytest.mark.parametrize(
    ("nip", "expected"),
    [
        ("197005121996031004", "19700512 199603 1 004"),
        ("19700512 199603 1 004", "19700512 199603 1 004"),
        ("19700512.199603.1.004", "19700512 199603 1 004"),
        ("19700512 199603 1 00", "19700512 199603 1 00"),  # not 18 digits: as written, never lost
        ("1970051219960310045", "1970051219960310045"),
        ("NIP belum ada", "NIP belum ada"),
        ("", ""),
    ],
)
def test_nip_printed(nip: str, expected: str) -> None:
    assert f.nip_printed(nip) == expected


WORDING = {
    "kabupaten": {
        "jenis": "Kabupaten", "daerah": "Kabupaten Sukamaju", "pemda": "Pemerintah Kabupaten Sukamaju",
        "kepala": "Bupati", "wakil": "Wakil Bupati", "perkada": "Peraturan Bupati", "perkada_short": "Perbup",
        "kepala_daerah": "Bupati Sukamaju", "desa_kelurahan": "desa/kelurahan",
        "dprd": "DPRD Kabupaten Sukamaju", "warga": "masyarakat Kabupaten Sukamaju", "is_kota": False,
    },
    "kota": {
        "jenis": "Kota", "daerah": "Kota Sukamaju", "pemda": "Pemerintah Kota Sukamaju",
        "kepala": "Wali Kota", "wakil": "Wakil Wali Kota", "perkada": "Peraturan Wali Kota",
        "perkada_short": "Perwali", "kepala_daerah": "Wali Kota Sukamaju", "desa_kelurahan": "kelurahan",
        "dprd": "DPRD Kota Sukamaju", "warga": "masyarakat Kota Sukamaju", "is_kota": True,
    },
}


@pytest.mark.parametrize("kind", WORDING)
@pytest.mark.parametrize("name", list(WORDING["kota"]))
def test_wording_of_kabupaten_and_kota(kind: str, name: str) -> None:
    wording = Wording(kind, "Sukamaju", "Jawa Tengah", "Sukamaju Kota")
    assert getattr(wording, name) == WORDING[kind][name]


def test_a_wording_cannot_be_changed_once_made() -> None:
    import dataclasses

    wording = Wording("kota", "Sukamaju", "Jawa Tengah", "Sukamaju")
    with pytest.raises(dataclasses.FrozenInstanceError):
        wording.kind = "kabupaten"  # type: ignore[misc]


@pytest.mark.parametrize("kind", WORDING)
def test_acts_are_named_with_the_head_of_region(kind: str) -> None:
    wording = Wording(kind, "Sukamaju", "Jawa Tengah", "Sukamaju Kota")
    head = WORDING[kind]["kepala_daerah"]
    perbup = Regulation(kind="peraturan", number="12", year=2027, title="Rencana Induk Smart City")
    sk = Regulation(kind="keputusan", number="100/45", year=2026, title="Tim Pelaksana")
    assert wording.act(perbup) == f"Peraturan {head} Nomor 12 Tahun 2027 tentang Rencana Induk Smart City"
    assert wording.act(sk) == f"Keputusan {head} Nomor 100/45 Tahun 2026 tentang Tim Pelaksana"
    assert wording.act_heading(perbup) == [
        "LAMPIRAN", f"PERATURAN {head.upper()}", "NOMOR 12 TAHUN 2027", "TENTANG RENCANA INDUK SMART CITY"
    ]
    assert wording.act_heading(sk)[1] == f"KEPUTUSAN {head.upper()}"
