"""E-mail notifications against a real SMTP server the test starts (aiosmtpd): who hears of a submission, an
approval, a note on their programme and a reply; what people wrote stays in the body; a broken mail setting
never stops the workflow."""

from __future__ import annotations

import email
import email.policy
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from conftest import copy_root, edit_yaml
from web_helpers import csrf_of, login, make_app, set_passwords

from masterplan.cli import main
from masterplan.workflow import actions
from masterplan.workflow.notify import notify
from masterplan.workflow.state import load_state

EMAILS = {"agus": "agus@diskominfo.sukamaju.example", "sugeng": "sugeng@disdukcapil.sukamaju.example",
          "retno": "retno@bappeda.sukamaju.example", "sari": "sari@univ.example",
          "bambang": "bupati@sukamaju.example"}


class Inbox:
    """What the SMTP server received: (envelope recipients, parsed message)."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], Any]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append((sorted(envelope.rcpt_tos), parsed))
        return "250 OK"

    def wait(self, count: int, timeout: float = 10.0) -> list[tuple[list[str], Any]]:
        deadline = time.monotonic() + timeout
        while len(self.mails) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.mails


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def root(tmp_path: Path, inbox: tuple[Inbox, int]) -> Path:
    workspace = copy_root("example", tmp_path)

    def add_emails(data: Any) -> None:
        for person in data["people"]:
            if person["id"] in EMAILS:
                person["email"] = EMAILS[person["id"]]

    edit_yaml(workspace / "people.yaml", add_emails)
    (workspace / "surel.yaml").write_text(
        f"host: 127.0.0.1\nport: {inbox[1]}\nsecurity: none\nsender: smartcity@sukamaju.example\n"
        "site: https://smartcity.sukamaju.example\n",
        encoding="utf-8",
    )
    set_passwords(workspace)
    return workspace


def test_a_submission_goes_to_the_mentors_and_an_approval_to_the_team(root: Path, inbox: tuple[Inbox, int]):
    mails, _ = inbox
    submitted = actions.stage_action(root, 1, "stage.submit", "retno")
    assert notify(root, submitted.entry.seq) == 1
    (to, message), = mails.wait(1)
    assert to == [EMAILS["sari"]]
    assert message["Subject"] == "[Smart City Kabupaten Sukamaju] Bimtek I diajukan untuk direviu"
    assert message["From"] == "Rencana Induk Smart City <smartcity@sukamaju.example>"
    body = message.get_payload(decode=True).decode("utf-8")
    assert body.startswith("Dra. Retno Wulandari, M.Si., ") and "WIB" in body.splitlines()[0]
    assert "Buka: https://smartcity.sukamaju.example/tahap/1" in body
    approved = actions.stage_action(root, 1, "stage.approve", "sari")
    assert notify(root, approved.entry.seq) == 1
    to, message = mails.wait(2)[1]
    assert to == sorted(EMAILS[p] for p in ("agus", "sugeng", "retno"))  # the koordinator and the team
    assert message["Subject"].endswith("Bimtek I disetujui")


def test_a_note_on_a_programme_reaches_its_opd_and_what_was_written_stays_in_the_body(
    root: Path, inbox: tuple[Inbox, int]
):
    mails, _ = inbox
    app = make_app(root)
    sari = app.test_client()
    login(sari, "sari")
    token = csrf_of(sari.get("/tahap/2/programs/diskominfo").get_data(as_text=True))
    hostile = "Pagu SG-01 terlalu besar.\r\nBcc: siapa@luar.example\r\nSubject: palsu"
    response = sari.post("/tahap/2/catatan", data={"csrf": token, "sasaran": "row:SG-01", "teks": hostile})
    assert response.status_code == 302
    (to, message), = mails.wait(1)
    assert to == sorted([EMAILS["agus"], EMAILS["retno"]])  # Diskominfo owns SG-01; not Disdukcapil
    assert message["Subject"] == "[Smart City Kabupaten Sukamaju] Catatan reviu C1 pada Bimtek II tentang program SG-01"
    assert message["Bcc"] is None and len(message.get_all("Subject")) == 1
    assert "Bcc: siapa@luar.example" in message.get_payload(decode=True).decode("utf-8")
    # the team member replies: the mentor who wrote the note hears of it
    agus = app.test_client()
    login(agus, "agus")
    token = csrf_of(agus.get("/tahap/2").get_data(as_text=True))
    agus.post("/catatan/C1/balas", data={"csrf": token, "teks": "Pagu diturunkan menjadi Rp 6,5 miliar."})
    to, message = mails.wait(2)[1]
    assert to == [EMAILS["sari"]] and "Pagu diturunkan" in message.get_payload(decode=True).decode("utf-8")


def test_mail_that_cannot_be_sent_is_a_warning_and_the_action_stands(root: Path):
    (root / "surel.yaml").write_text("host: 127.0.0.1\nport: 9\nsecurity: none\nsender: a@b.example\ntimeout: 2\n",
                                     encoding="utf-8")
    result = CliRunner().invoke(main, ["stage", "submit", "1", str(root), "--as", "retno"])
    assert result.exit_code == 0, result.output
    assert "surel pemberitahuan tidak terkirim" in result.output
    assert load_state(root).stages[1].state == "submitted"
    (root / "surel.yaml").write_text("host: 127.0.0.1\nsender: bukan alamat\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["stage", "withdraw", "1", str(root), "--as", "retno"])
    assert result.exit_code == 0 and "surel.yaml tidak dapat dipakai: sender" in result.output, result.output


def test_an_address_that_could_add_a_header_is_refused_in_people_yaml(tmp_path: Path):
    root = copy_root("example", tmp_path)
    edit_yaml(root / "people.yaml", lambda data: data["people"][0].update(email="a@b.example, c@d.example"))
    result = CliRunner().invoke(main, ["stage", "show", str(root)])
    assert result.exit_code != 0 and "email" in result.output
