"""Where a workspace's state lives: one interface, a backend per engine.

A workspace's state is three things, whatever holds it:

* **documents**, named by a relative path (``region.yaml``, ``people.yaml``,
  ``answers/bimtek-2/dinkes.yaml``, ``workflow/accounts.json``): read whole,
  written whole and atomically, each with a version (the SHA-256 of its
  bytes) that a writer may name so that a change based on an older version is
  refused instead of lost (:class:`~masterplan.store.base.Conflict`);
* the **journal**: lines appended one at a time by one writer at a time,
  with the last one's hash kept as its head;
* **objects**: any earlier contents, kept by their SHA-256.

:class:`~masterplan.store.base.WorkspaceStore` says what every backend does;
:class:`~masterplan.store.files.FileStore` keeps it in the workspace folder,
as masterplan always has. The contract tests (``tests/test_store.py``) run
against every backend.
"""

from masterplan.store.base import ANY, Conflict, WorkspaceStore, check_path
from masterplan.store.files import FileStore

__all__ = ["ANY", "Conflict", "FileStore", "WorkspaceStore", "check_path"]
