"""What each answer cell expects, in short Indonesian, for hints, help columns and input messages."""

from __future__ import annotations

from typing import Any

from masterplan.models.questionnaire import (
    Condition,
    LongTextQuestion,
    QuestionBase,
    RefQuestion,
    TextQuestion,
    quoted,
)

_WORDS = {
    "text": "teks",
    "longtext": "uraian",
    "integer": "bilangan bulat",
    "decimal": "angka, boleh desimal",
    "percent": "persen, tanpa tanda %",
    "rupiah": "rupiah, angka bulat, misalnya 150000000",
    "year": "tahun empat angka, misalnya 2027",
    "date": "tanggal, misalnya 15/03/2026",
    "choice": "pilih dari daftar",
    "multichoice": "pilih dari daftar; beberapa pilihan dipisah koma",
    "yesno": "ya atau tidak",
    "nip": "NIP 18 angka; spasi boleh",
    "file": "nama berkas di folder assets/, misalnya assets/lampiran/sk-dewan.pdf (unggah lewat web)",
    "timeline": "tahun: status, dipisah titik koma, misalnya 2027: persiapan; 2028: pembangunan",
}

_REF_WORDS = {
    "opd": "kode OPD dari daftar",
    "dimension": "kode dimensi dari daftar",
    "subdimension": "kode subdimensi dari daftar, sesuai dimensinya",
    "program": "kode program Bimtek II, misalnya SG-01",
    "quickwin": "kode quick win, misalnya QW-01",
}


def number(value: float) -> str:
    """``12,5`` or ``150000000``: a bound as people read it."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def bounds(low: Any, high: Any) -> str:
    """``antara 1 dan 5``, ``minimal 1``, ``maksimal 100`` or nothing."""
    show = [
        number(v) if isinstance(v, (int, float)) else str(v) if v is not None else None for v in (low, high)
    ]
    if show[0] is not None and show[1] is not None:
        return f"antara {show[0]} dan {show[1]}"
    if show[0] is not None:
        return f"minimal {show[0]}"
    if show[1] is not None:
        return f"maksimal {show[1]}"
    return ""


def hint(question: QuestionBase) -> str:
    """What ``question`` expects, in a few words."""
    kind = str(getattr(question, "type", ""))
    parts = [_WORDS.get(kind, "")]
    if isinstance(question, RefQuestion):
        parts = [_REF_WORDS[question.ref] + ("; beberapa dipisah koma" if question.multiple else "")]
    if isinstance(question, (TextQuestion, LongTextQuestion)):
        if question.min_length:
            parts.append(f"paling sedikit {question.min_length} karakter")
        if question.max_length:
            parts.append(f"paling banyak {question.max_length} karakter")
    if isinstance(question, TextQuestion) and question.pattern_hint:
        parts.append(question.pattern_hint)
    low, high = getattr(question, "min", None), getattr(question, "max", None)
    if kind in ("integer", "decimal", "percent", "rupiah", "year", "date"):
        parts.append(bounds(low, high))
    return "; ".join(p for p in parts if p)


def year_hint(year: int | None) -> str:
    """The hint of one year column of a timeline (``None``: the column for other years)."""
    if year is None:
        return "tahun di luar periode, misalnya 2026: persiapan"
    return f"status tahun {year}: pilih dari daftar"


def condition_text(condition: Condition, labels: dict[str, str]) -> str:
    """When a conditional question applies, in words (``"SK Dewan" = "ya"``)."""
    if condition.all is not None or condition.any is not None:
        joiner = " dan " if condition.all is not None else " atau "
        return joiner.join(condition_text(c, labels) for c in (condition.all or condition.any or []))
    name = f'"{labels.get(condition.question or "", condition.question)}"'
    if condition.answered is not None:
        return f"{name} {'sudah' if condition.answered else 'belum'} diisi"
    if condition.in_ is not None:
        return f"{name} salah satu dari {' / '.join(quoted(v) for v in condition.in_)}"
    return f"{name} = {quoted(condition.equals)}"


def guide(question: QuestionBase, labels: dict[str, str]) -> str:
    """Help, what is expected and when the question applies: the help column of a single answer."""
    parts = [" ".join(question.help.split())] if question.help else []
    parts.append(f"Isian: {hint(question)}.")
    if question.relevant is not None:
        parts.append(f"Diisi hanya bila {condition_text(question.relevant, labels)}.")
    return "\n".join(parts)
