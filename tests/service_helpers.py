"""A service for many regions to test with: service.yaml, three region folders, passwords, a client."""

from __future__ import annotations

import http.client
import shutil
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from argon2 import PasswordHasher
from conftest import EXAMPLE, copy_root
from web_helpers import FAST, csrf_of, password

from masterplan.web.accounts import save_password

SERVICE_YAML = """\
# Layanan uji: dua daerah dilayani, satu dengan people.yaml tulisan tangan.
regions:
  sukamaju: {batch: 2024}
  kota-contoh: {batch: 2025}
people:
  - id: tono
    name: "=HYPERLINK(\\"http://x\\")"
    regions: [{region: kota-contoh, role: mentor}]
  - id: sari
    name: "Dr. Sari Kusumaningrum, S.Kom., M.T."
    regions:
      - {region: sukamaju, role: mentor}
      - {region: kota-contoh, role: mentor}
  - id: fajar
    name: "Fajar Ramadhan, S.T., M.Sc."
    regions: [{region: sukamaju, role: mentor}]
  - id: retno
    name: "Dra. Retno Wulandari, M.Si."
    nip: "19750823 200012 2 003"
    regions: [{region: sukamaju, role: koordinator}]
  - id: agus
    name: "Agus Priyanto, S.Kom., M.Kom."
    regions: [{region: sukamaju, role: tim, opd: diskominfo}]
  - id: bambang
    name: "Ir. Bambang Setiawan, M.T."
    nip: "19700512 199603 1 004"
    regions: [{region: sukamaju, role: pejabat}]
  - id: nadia
    name: "Nadia Rahmawati, S.Sos."
    pemantau: true
"""

EVERYONE = ("sari", "fajar", "retno", "agus", "bambang", "tono", "nadia")


def make_service(tmp_path: Path, hasher: PasswordHasher = FAST) -> Path:
    """A service folder: the example (with its review history), a kota, and a region with its own people list."""
    root = tmp_path / "layanan"
    root.mkdir()
    sukamaju = copy_root("example", root, history=True).rename(root / "sukamaju")
    (sukamaju / "people.yaml").unlink()  # its people are the service's now
    copy_root("minimal", root).rename(root / "kota-contoh")
    held = copy_root("minimal", root).rename(root / "lembah-hijau")
    shutil.copy(EXAMPLE / "people.yaml", held / "people.yaml")
    region = held / "region.yaml"
    region.write_text(region.read_text("utf-8").replace("name: Contoh Kecil", "name: Lembah Hijau"), "utf-8")
    (root / "service.yaml").write_text(SERVICE_YAML, encoding="utf-8")
    for person in EVERYONE:
        save_password(root, person, password(person), hasher)
    return root


class HttpClient:
    """A browser's part of HTTP against a real server: its session cookie, forms, no redirects followed."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> tuple[int, dict[str, str], str]:
        """Status, headers (lower-case names) and text of one request."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        """GET ``path``."""
        return self.request("GET", path)

    def post(self, path: str, form: list[tuple[str, str]]) -> tuple[int, dict[str, str], str]:
        """POST ``form`` to ``path``."""
        return self.request("POST", path, form)

    def login(self, person: str) -> int:
        """Log ``person`` in at the service's login page; the status of the POST."""
        _, _, page = self.get("/masuk")
        status, _, _ = self.post("/masuk", [("csrf", csrf_of(page)), ("nama", person), ("sandi", password(person))])
        return status
