"""The draft Peraturan Bupati/Wali Kota that adopts the plan, in the form of regional legal drafting.

Its words are a text template (``templates/text/peraturan.j2``) that the region's Bagian Hukum
may override, written in the shape a regulation is written:

* a line in capitals is a centred title (the judul, "MEMUTUSKAN:", "BAB I" over its name);
  consecutive ones form one title;
* "Menimbang:", "Mengingat:" or "Menetapkan:" starts a part of the preamble; its lines
  "a. ..." or "1. ..." are the points, a line without a marker a point without one;
* "Pasal 4" starts an article: "(1) ..." lines are its clauses (ayat), "a. ..." or "1. ..."
  lines the points of the clause above, any other line an unnumbered paragraph;
* a blank line ends a title or a part of the preamble; any other line is a paragraph.

The code adds what comes from region.yaml: the number (blank until it is adopted), the
Mengingat list, the signature of the head (name in capitals without titles), the
pengundangan by the Sekretaris Daerah and the Berita Daerah line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from masterplan.document.assembly import ROMAN, Assembly, builder
from masterplan.document.legal import legal
from masterplan.document.model import Article, Block, Clause, Paragraph, Point, Recital, Signature, Signatures
from masterplan.document.outline import load_outline
from masterplan.document.prose import render_text
from masterplan.errors import TemplateProblem
from masterplan.formatting import nama_tanpa_gelar, period_text, tanggal, unwrap
from masterplan.models.region import Regulation

REGULATION_BOOK = "perbup"
"""The built-in regulation book; its files say "perbup" for a kabupaten and "perwali" for a kota."""
TEMPLATE = "peraturan"
BLANK = "...."
"""What stands for a number or date the Bagian Hukum fills in when the regulation is enacted."""
BLANK_DATE = "...................."
CONSTITUTION = "Pasal 18 ayat (6) Undang-Undang Dasar Negara Republik Indonesia Tahun 1945"
_RANKS = (
    "Undang-Undang", "Peraturan Pemerintah", "Peraturan Presiden", "Peraturan Menteri", "Peraturan Daerah"
)
"""The hierarchy of the Mengingat list (UU 12/2011): higher first, then by year."""

_RECITAL = re.compile(r"(Menimbang|Mengingat|Menetapkan)\s*:")
_ARTICLE = re.compile(r"Pasal \d+[A-Z]?")
_CLAUSE = re.compile(r"(\(\d+[a-z]?\))\s+(.+)")
_POINT = re.compile(r"([a-z]|\d{1,2})\.\s+(.+)")
_YEAR = re.compile(r"\bTahun (\d{4})\b")


def adopted(a: Assembly) -> Regulation | None:
    """The region's Peraturan adopting the plan, once region.yaml records one."""
    found = a.plan.region.regulation
    return found if found is not None and found.kind == "peraturan" else None


def regulation_title(a: Assembly) -> str:
    """What the regulation is about: "Rencana Induk (Masterplan) Smart City Kabupaten X Tahun 2027–2036"."""
    found = adopted(a)
    if found is not None:
        return found.title
    period = period_text(a.plan.region.period)
    return f"Rencana Induk (Masterplan) Smart City {a.wording.daerah} Tahun {period}"


def number_and_year(a: Assembly) -> tuple[str, str]:
    """The regulation's number and year, or blanks until it is enacted."""
    found = adopted(a)
    return (found.number, str(found.year)) if found is not None else (BLANK, BLANK)


def lampiran_heading(a: Assembly) -> list[str]:
    """The heading of the Lampiran's first page: "LAMPIRAN", "PERATURAN BUPATI ...", "NOMOR ...", ..."""
    number, year = number_and_year(a)
    return a.wording.lampiran_heading("peraturan", number, year, regulation_title(a))


def considered_acts(a: Assembly) -> list[str]:
    """The Mengingat list: the Constitution, the region's formation act, national acts, the RPJMD's Perda.

    National acts are those in force on the plan's date (templates/text/legal.yaml), ordered
    by the hierarchy and then by year; a Keputusan is never cited (it is not a regulation).
    Without ``formation_act`` in region.yaml its place says what is missing.
    """
    region = a.plan.region
    formation = region.formation_act or (
        f"[BELUM DIISI: undang-undang pembentukan {a.wording.daerah} (formation_act pada region.yaml)]"
    )
    acts = legal().basis(a.plan_date)
    rpjmd = unwrap(str(a.value(1, "rpjmd_regulation") or ""))
    if rpjmd.startswith("Peraturan Daerah"):
        acts.append(rpjmd)

    def rank(act: str) -> tuple[int, int]:
        level = next((i for i, prefix in enumerate(_RANKS) if act.startswith(prefix)), len(_RANKS))
        year = _YEAR.search(act)
        return level, int(year.group(1)) if year else 0

    return [CONSTITUTION, formation, *sorted(acts, key=rank)]


def enactment(a: Assembly) -> list[Block]:
    """Ditetapkan (signed by the head), Diundangkan (signed by the Sekda) and the Berita Daerah line."""
    region, w = a.plan.region, a.wording
    found = adopted(a)
    enacted = tanggal(found.date) if found is not None and found.date else BLANK_DATE
    secretary = next((s for s in region.signatories if s.role == "sekda"), None)
    _, year = number_and_year(a)
    return [
        Signatures(
            place_date=f"Ditetapkan di {region.capital}\npada tanggal {enacted}",
            blocks=[head_signature(a)],
            signing=True,
        ),
        Signatures(
            place_date=f"Diundangkan di {region.capital}\npada tanggal {BLANK_DATE}",
            blocks=[Signature(
                position=f"SEKRETARIS DAERAH {w.daerah.upper()},",
                name=nama_tanpa_gelar(secretary.name) if secretary else "[BELUM DIISI: Sekretaris Daerah]",
            )],
            left=True,
        ),
        Paragraph(style="lead", text=f"BERITA DAERAH {w.daerah.upper()} TAHUN {year} NOMOR {BLANK}"),
    ]


def head_signature(a: Assembly) -> Signature:
    """The head of region signing a regulation: "BUPATI SUKAMAJU," over the name in capitals, no titles."""
    return Signature(
        position=f"{a.wording.kepala_daerah.upper()},", name=nama_tanpa_gelar(a.plan.region.head.name)
    )


@builder("regulation")
def regulation(a: Assembly) -> list[Block]:
    """The whole body of the regulation: the template's text in legal form, then its enactment."""
    number, year = number_and_year(a)
    lampiran = load_outline(a.workspace, a.outline.lampiran) if a.outline.lampiran else a.outline
    context = a.context() | {
        "nomor": number,
        "tahun": year,
        "judul": regulation_title(a),
        "mengingat": considered_acts(a),
        "lampiran_bab": [(ROMAN[i], chapter.title) for i, chapter in enumerate(lampiran.chapters)],
    }
    return legal_blocks(render_text(a.dirs, TEMPLATE, context)) + enactment(a)


@dataclass
class _Reader:
    """The state of :func:`legal_blocks` while it reads the template's lines."""

    blocks: list[Block] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    recital: Recital | None = None
    article: str | None = None  # the number of the article being read ("Pasal 4")
    clauses: list[Clause] = field(default_factory=list)

    def close(self, keep_article: bool = False) -> None:
        if self.title:
            self.blocks.append(Paragraph(style="title", text="\n".join(self.title)))
            self.title = []
        if self.recital is not None:
            self.blocks.append(self.recital)
            self.recital = None
        if self.article is not None and not keep_article:
            if not self.clauses:
                raise TemplateProblem(f"templat {TEMPLATE}.j2: {self.article} tidak berisi ayat atau kalimat")
            self.blocks.append(Article(number=self.article, clauses=self.clauses))
            self.article, self.clauses = None, []

    def line(self, line: str) -> None:
        if self.recital is not None:
            point = _POINT.fullmatch(line)
            self.recital.points.append(Point(marker=f"{point[1]}.", text=point[2]) if point else
                                       Point(marker="", text=line))
            return
        if _ARTICLE.fullmatch(line):
            self.close()
            self.article = line
            return
        if (recital := _RECITAL.fullmatch(line)) is not None:
            self.close()
            self.recital = Recital(label=recital[1], points=[])
            return
        if self.article is not None and self._in_article(line):
            return
        if any(c.isalpha() for c in line) and line == line.upper():
            title, self.title = self.title, []
            self.close()
            self.title = [*title, line]
            return
        self.close()
        self.blocks.append(Paragraph(text=line))

    def _in_article(self, line: str) -> bool:
        clauses = self.clauses
        if (clause := _CLAUSE.fullmatch(line)) is not None:
            clauses.append(Clause(number=clause[1], text=clause[2]))
        elif (point := _POINT.fullmatch(line)) is not None and clauses:
            clauses[-1].points.append(Point(marker=f"{point[1]}.", text=point[2]))
        elif line != line.upper():
            clauses.append(Clause(text=line))
        else:
            return False
        return True


def legal_blocks(text: str) -> list[Block]:
    """Titles, preamble parts, articles and paragraphs from the template's text (see the module doc)."""
    reader = _Reader()
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = " ".join(raw.split())
        if line:
            reader.line(line)
        else:
            reader.close(keep_article=True)
    reader.close()
    return reader.blocks
