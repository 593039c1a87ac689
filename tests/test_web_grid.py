"""Tables of a form as grids, with Flask's test client: the hidden fields a grid edits post back exactly what
the file holds, the grid's description places every problem, hostile text stays text, the row cards remain
for a browser without JavaScript, the check while typing speaks as ``check`` does, and the roadmap of 70
rows weighs under 100 kB. The grid in a real browser: ``test_web_browser_grid.py``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import answers, copy_root, edit_yaml
from flask import Flask
from web_helpers import answers_form, as_person, make_app, page, replace, set_passwords
from werkzeug.datastructures import MultiDict

from masterplan.answers.definitions import load_definitions
from masterplan.models.questionnaire import TableQuestion
from masterplan.web import grid
from masterplan.web.fill import VIEW_COOKIE
from masterplan.workflow import edits
from masterplan.workflow.state import load_state

pytestmark = pytest.mark.skipif(not grid.available(), reason="the grid library is missing: run make setup (npm)")

ROADMAP = "/tahap/3/roadmap/koordinator"
PROGRAMS = "/tahap/2/programs/diskominfo"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    workspace = copy_root("example", tmp_path)
    set_passwords(workspace)
    return workspace


@pytest.fixture
def app(root: Path) -> Flask:
    return make_app(root)


def spec_of(html: str, table: str) -> dict[str, Any]:
    found = re.search(rf'<script type="application/json" id="grid-{table}-data">(.*?)</script>', html, re.S)
    assert found, f"no grid for {table}"
    return json.loads(found.group(1))


def test_every_table_of_the_example_is_a_grid_that_posts_back_exactly_what_the_file_holds(app: Flask, root: Path):
    """Every table but one with a file column (quick-win photos: chosen and shown in row cards)."""
    retno = as_person(app, "retno")
    definitions = load_definitions()
    locked = {n for n, s in load_state(root).stages.items() if s.locked}
    shown = 0
    for stage in (2, 3, 4):
        assert stage not in locked
        questionnaire = definitions.stage(stage)
        for section in questionnaire.sections:
            tables = [q for q in section.questions if isinstance(q, TableQuestion)]
            if not tables:
                continue
            for file in sorted((root / "answers" / f"bimtek-{stage}").glob("*.yaml")):
                url = f"/tahap/{stage}/{section.id}/{file.stem}"
                html = page(retno, url)
                for table in tables:
                    if any(c.type == "file" for c in table.columns):
                        assert f'id="grid-{table.id}-data"' not in html
                        assert file.stem != "koordinator" or f'name="berkas:q.{table.id}.0.' in html
                        continue
                    spec = spec_of(html, table.id)
                    assert [c["id"] for c in spec["columns"]] == [c.id for c in table.columns]
                before = file.read_bytes()
                action, fields = answers_form(html)
                response = retno.post(action, data=MultiDict(fields))
                assert response.status_code == 302, (url, response.get_data(as_text=True)[:500])
                assert "Tidak ada perubahan" in page(retno, url), url
                assert file.read_bytes() == before, url
                shown += 1
    assert shown >= 20


def test_a_grids_columns_and_rows_say_what_each_cell_holds_and_where_each_problem_is(app: Flask, root: Path):
    edits.set_answer(root, 2, "diskominfo", "programs", "delapan miliar", person="agus", row="SG-01",
                     column="budget")
    agus = as_person(app, "agus")
    html = page(agus, PROGRAMS)
    spec = spec_of(html, "programs")
    kinds = {c["id"]: c["kind"] for c in spec["columns"]}
    assert kinds["dimension"] == "select" and kinds["funding"] == "checks" and kinds["description"] == "textarea"
    assert kinds["budget"] == "text" and kinds["supporting_opds"] == "checks"
    dimension = next(c for c in spec["columns"] if c["id"] == "dimension")
    assert ["SG", "SG — Smart Governance"] in dimension["options"] and dimension["required"] is True
    assert spec["rows"][0]["title"].startswith("program SG-01")
    assert spec["rows"][0]["cells"]["budget"] == {
        "id": "f-q-programs-0-budget",
        "problems": ["harus berupa angka rupiah, misalnya 150000000"],
        "warning": False,
    }
    # the summary links to the cell's id, which the grid resolves to the cell
    assert 'href="#f-q-programs-0-budget">' in html
    # the value sits in the hidden field the row card would post
    assert '<input type="hidden" name="q.programs.0.budget" value="delapan miliar">' in html
    roadmap = spec_of(page(as_person(app, "retno"), ROADMAP), "roadmap")
    years = next(c for c in roadmap["columns"] if c["id"] == "years")
    assert years["kind"] == "timeline" and years["years"] == [str(y) for y in range(2027, 2037)]
    assert [o[0] for o in years["options"]] == ["persiapan", "pembangunan", "operasional"]
    assert len(roadmap["rows"]) == 70


def test_a_timeline_edited_in_the_grid_is_saved_and_an_emptied_one_is_emptied(app: Flask, root: Path):
    retno = as_person(app, "retno")
    action, fields = answers_form(page(retno, ROADMAP))
    row0 = [(n, v) for n, v in fields if n.startswith("q.roadmap.0.years.tahun")]
    assert row0[:2] == [("q.roadmap.0.years.tahun", "2027"), ("q.roadmap.0.years.tahun.0", "persiapan")]
    # the grid posts the years that have a status: 2027 changed, the rest as they were
    changed = replace(fields, "q.roadmap.0.years.tahun.0", "operasional")
    assert retno.post(action, data=MultiDict(changed)).status_code == 302
    text = answers(root, 3, "koordinator").read_text(encoding="utf-8")
    assert "years: {2027: operasional, 2028: pembangunan" in text
    # every year emptied: one blank year is posted, and the timeline is gone (check says it is required)
    action, fields = answers_form(page(retno, ROADMAP))
    emptied = [(n, v) for n, v in fields if not n.startswith("q.roadmap.0.years.tahun")]
    at = emptied.index(("q.roadmap.0.years._ada", "1")) + 1
    emptied[at:at] = [("q.roadmap.0.years.tahun", "2027"), ("q.roadmap.0.years.tahun.0", "")]
    assert retno.post(action, data=MultiDict(emptied)).status_code == 302
    html = page(retno, ROADMAP)
    assert "years: {2027: operasional" not in answers(root, 3, "koordinator").read_text(encoding="utf-8")
    assert spec_of(html, "roadmap")["rows"][0]["cells"]["years"]["problems"] == ["wajib diisi"]


def test_hostile_text_in_a_grid_stays_text(app: Flask, root: Path):
    hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "kutip"'
    edits.set_answer(root, 2, "diskominfo", "programs", f"SiPANTAS {hostile}", person="agus", row="SG-06",
                     column="name")
    html = page(as_person(app, "retno"), ROADMAP)
    assert html.count("</script>") == html.count("<script")  # no script closed or opened by the answer
    assert "<img src=x" not in html
    program = next(c for c in spec_of(html, "roadmap")["columns"] if c["id"] == "program")
    labels = dict(program["options"])
    assert labels["SG-06"] == f"SG-06 — SiPANTAS {hostile}"[:67] + "…"  # parsed back exactly as typed


def test_row_cards_remain_without_javascript_and_on_request(app: Flask, root: Path):
    retno = as_person(app, "retno")
    html = page(retno, ROADMAP)
    assert 'data-grid="roadmap"' in html and 'class="row-card' not in html
    assert '<noscript><meta http-equiv="refresh" content="0; url=/tahap/3/roadmap/koordinator?tampilan=kartu">' in html
    cards = retno.get(ROADMAP + "?tampilan=kartu")
    assert f"{VIEW_COOKIE}=kartu" in cards.headers["Set-Cookie"]
    assert 'class="row-card' in cards.get_data(as_text=True) and "data-grid" not in cards.get_data(as_text=True)
    assert 'class="row-card' in page(retno, "/tahap/2/programs/bappeda")  # remembered for every form
    assert 'data-grid="programs"' in page(retno, "/tahap/2/programs/bappeda?tampilan=tabel")
    assert 'data-grid="programs"' in page(retno, "/tahap/2/programs/bappeda")
    # a form only shown (a mentor's, or a locked stage) shows its rows as cards
    assert "data-grid" not in page(as_person(app, "sari"), ROADMAP)


def test_a_table_the_grid_cannot_show_faithfully_is_shown_as_row_cards(app: Flask, root: Path):
    edit_yaml(
        answers(root, 3, "koordinator"),
        lambda data: data["answers"]["enabler_roadmap"].append("catatan lepas yang bukan baris tabel"),
    )
    html = page(as_person(app, "retno"), "/tahap/3/enabler_roadmap/koordinator")
    assert "data-grid" not in html and "catatan lepas yang bukan baris tabel" in html
    assert 'data-grid="roadmap"' in page(as_person(app, "retno"), ROADMAP)


def test_the_check_while_typing_gives_the_messages_check_gives_after_saving(app: Flask, root: Path):
    agus = as_person(app, "agus")
    action, fields = answers_form(page(agus, PROGRAMS))
    fields = replace(fields, "q.programs.0.budget", "delapan miliar")
    fields = replace(fields, "q.programs.1.name", "")
    fields = replace(fields, "q.programs.2.baseline", "dua ribu")
    live = agus.post(action + "/sementara", data=MultiDict(fields)).get_json()["kesalahan"]
    assert agus.post(action, data=MultiDict(fields)).status_code == 302
    saved = spec_of(page(agus, PROGRAMS), "programs")["rows"]
    for name, messages in live.items():
        _, _, index, column = name.split(".")
        assert saved[int(index)]["cells"][column]["problems"] == messages, name
    assert set(live) == {"q.programs.0.budget", "q.programs.1.name", "q.programs.2.baseline"}


def test_the_roadmap_of_70_rows_weighs_under_100_kb_with_everything_it_loads(app: Flask, root: Path):
    retno = as_person(app, "retno")
    accept = {"Accept-Encoding": "gzip, deflate, br"}
    response = retno.get(ROADMAP, headers=accept)
    assert response.headers["Content-Encoding"] == "gzip"
    html = response.get_data(as_text=False)
    total = len(html)
    text = retno.get(ROADMAP).get_data(as_text=True)
    assert len(spec_of(text, "roadmap")["rows"]) == 70
    assets = re.findall(r'(?:src|href)="(/statis/[^"]+)"', text)
    assert {"/statis/vendor/tabulator.js", "/statis/grid.js", "/statis/vendor/tabulator.css"} <= set(assets)
    for asset in assets:
        with retno.get(asset, headers=accept) as loaded:
            assert loaded.status_code == 200 and loaded.headers["Content-Encoding"] in ("br", "gzip"), asset
            total += len(loaded.get_data())
    assert total < 100_000, total
    # a browser that takes only gzip gets gzip, and one that takes nothing gets the file as it is
    with retno.get("/statis/vendor/tabulator.js", headers={"Accept-Encoding": "gzip"}) as zipped:
        assert zipped.headers["Content-Encoding"] == "gzip"
    with retno.get("/statis/vendor/tabulator.js") as plain:
        assert "Content-Encoding" not in plain.headers and plain.get_data().startswith(b"(()=>")

