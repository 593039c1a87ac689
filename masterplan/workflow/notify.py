"""E-mail notifications of the workflow: who should know that a stage moved or a note was written.

A workspace that has ``surel.yaml`` sends, for a journal entry:

* ``stage.submit``: to the mentors, "Bimtek II diajukan untuk direviu";
* ``stage.request_changes``, ``stage.approve``, ``stage.reopen``: to the koordinator and the Tim Pelaksana;
* ``note.add``: on a programme, to the Tim Pelaksana of the OPD that owns it and the koordinator;
  otherwise to the koordinator;
* ``note.reply``: to the note's author.

People receive mail at the ``email`` of ``people.yaml`` (those without one are skipped). The settings
name the SMTP server, how to secure the connection, the account (its password in an environment
variable, never in the workspace), the sender and the site's address for links. Messages are plain
text in Indonesian; what people wrote (reasons, notes) goes in the body only, never in a header.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from masterplan.errors import UsageError
from masterplan.limits import MAX_FILE_BYTES
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import as_store
from masterplan.workflow.journal import Entry
from masterplan.workflow.people import People, Person
from masterplan.workflow.state import ROMAN, WorkflowState

SETTINGS_FILE = "surel.yaml"


class MailSettings(BaseModel):
    """The contents of ``surel.yaml``."""

    model_config = ConfigDict(extra="forbid")

    host: Annotated[str, Field(min_length=1, max_length=255)]
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = None  # the environment variable that holds the account's password
    sender: Annotated[str, Field(pattern=r"^[^@\s<>]+@[^@\s<>]+$")]
    sender_name: str = "Rencana Induk Smart City"
    site: str | None = None  # the web front's address, for links ("https://smartcity.example.go.id")
    timeout: Annotated[float, Field(gt=0, le=120)] = 20.0


@dataclass(frozen=True)
class Message:
    """One e-mail: its recipients' addresses, subject and text."""

    to: tuple[str, ...]
    subject: str
    body: str


def load_settings(workspace: Path | WorkspaceStore) -> MailSettings | None:
    """The workspace's mail settings; ``None`` when it sends no mail (no ``surel.yaml``)."""
    from masterplan.answers.yamlio import parse_yaml_bytes, too_large
    from masterplan.checks.problems import Where

    raw = as_store(workspace).read(SETTINGS_FILE)
    if raw is None:
        return None
    where = Where(file=SETTINGS_FILE)
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(too_large(len(raw), where).render("id"))
    data, problems = parse_yaml_bytes(raw, where)
    if problems:
        raise UsageError("; ".join(p.render("id") for p in problems))
    try:
        return MailSettings.model_validate(data)
    except ValidationError as error:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise UsageError(f"{SETTINGS_FILE} tidak dapat dipakai: {detail}") from error


def _addresses(people: list[Person]) -> tuple[str, ...]:
    return tuple(sorted({p.email for p in people if p.email}))


def _owner_opd(state: WorkflowState, root: Path | WorkspaceStore, code: str) -> str | None:
    """The OPD whose answers define programme ``code`` (its Bimtek II file), if any."""
    from masterplan.api import load_plan

    plan = load_plan(root).plan
    row = plan.programs().get(code) if plan else None
    owner = row.get("opd") if row else None
    return str(owner).lower() if owner else None


def messages_for(
    root: Path | WorkspaceStore,
    entry: Entry,
    state: WorkflowState,
    people: People,
    title: str,
    site: str | None = None,
    when: str = "",
) -> list[Message]:
    """What ``entry`` tells whom (see the module docstring).

    ``title`` names the region ("Kabupaten Sukamaju"); ``when`` is the entry's time as people read it.
    """
    everyone = list(people.people)
    by_role = {role: [p for p in everyone if p.role == role] for role in ("tim", "koordinator", "mentor")}
    stage = entry.data.get("stage")
    stage_name = f"Bimtek {ROMAN[stage]}" if isinstance(stage, int) and stage in ROMAN else "Rencana Induk"
    link = f"{site.rstrip('/')}/tahap/{stage}" if site and isinstance(stage, int) else ""
    prefix = f"[Smart City {title}]"
    lines = [f"{entry.name}, {when or entry.time}:"]
    recipients: list[Person] = []
    subject = ""
    if entry.action == "stage.submit":
        recipients, subject = by_role["mentor"], f"{stage_name} diajukan untuk direviu"
        lines.append(f"{stage_name} diajukan untuk direviu. Periksalah, lalu setujui atau minta perbaikan.")
    elif entry.action in ("stage.request_changes", "stage.approve", "stage.reopen"):
        what = {
            "stage.request_changes": "dikembalikan untuk diperbaiki",
            "stage.approve": "disetujui",
            "stage.reopen": "dibuka kembali",
        }[entry.action]
        recipients, subject = by_role["koordinator"] + by_role["tim"], f"{stage_name} {what}"
        lines.append(f"{stage_name} {what}.")
    elif entry.action == "note.add":
        target = str(entry.data.get("target", ""))
        kind, _, code = target.partition(":")
        recipients = list(by_role["koordinator"])
        if kind == "row":
            owner = _owner_opd(state, root, code)
            recipients += [p for p in by_role["tim"] if owner and (p.opd or "").lower() == owner]
        about = f" tentang program {code}" if kind == "row" else ""
        subject = f"Catatan reviu {entry.data.get('id')} pada {stage_name}{about}"
        lines.append(f"Catatan reviu {entry.data.get('id')}{about}:")
    elif entry.action == "note.reply":
        note = state.notes.get(str(entry.data.get("id", "")))
        author = people.by_id(note.who) if note else None
        recipients = [author] if author else []
        subject = f"Balasan untuk catatan reviu {entry.data.get('id')}"
        lines.append(f"Balasan untuk catatan reviu {entry.data.get('id')}:")
    else:
        return []
    written = entry.data.get("reason") or entry.data.get("text")
    if written:
        lines += ["", str(written)]
    if link:
        lines += ["", f"Buka: {link}"]
    lines += ["", "Pesan ini dikirim otomatis oleh masterplan; jangan dibalas."]
    to = _addresses([p for p in recipients if p.id != entry.who])
    return [Message(to, f"{prefix} {subject}", "\n".join(lines) + "\n")] if to else []


def send(settings: MailSettings, messages: list[Message]) -> int:
    """Send ``messages`` over one SMTP connection; the number sent."""
    if not messages:
        return 0
    password = os.environ.get(settings.password_env, "") if settings.password_env else ""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.security == "starttls":
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, password)
        for message in messages:
            mail = EmailMessage()
            mail["From"] = formataddr((settings.sender_name, settings.sender))
            mail["To"] = ", ".join(message.to)
            mail["Subject"] = message.subject
            mail["Message-ID"] = make_msgid(domain=settings.sender.rsplit("@", 1)[1])
            mail.set_content(message.body)
            smtp.send_message(mail)
    return len(messages)


def notify(workspace: Path | WorkspaceStore, seq: int) -> int:
    """Send what journal entry ``seq`` tells whom, when the workspace has mail settings; the number sent."""
    from masterplan.api import load_plan
    from masterplan.workflow.actor import opd_codes
    from masterplan.workflow.people import require_people
    from masterplan.workflow.present import note_time, workspace_zone
    from masterplan.workflow.state import load_state

    root = as_store(workspace)
    settings = load_settings(root)
    if settings is None:
        return 0
    state = load_state(root)
    entry = next((e for e in state.journal.entries if e.seq == seq), None)
    if entry is None:
        return 0
    people = require_people(root, opd_codes(root))
    plan = load_plan(root).plan
    title = plan.region.title if plan else root.name
    when = note_time(entry.time, workspace_zone(root))
    return send(settings, messages_for(root, entry, state, people, title, settings.site, when))
