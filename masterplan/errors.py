"""One exception tree for masterplan.

The CLI catches :class:`MasterplanError` (never a tuple of types) and maps its
``exit_code`` to the process exit status; anything else is a bug and may show
a traceback.
"""

from __future__ import annotations


class MasterplanError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 1
    category = "error"


class UsageError(MasterplanError):
    """Raised when the command line or its arguments cannot be used (exit 2)."""

    exit_code = 2
    category = "usage"


class WorkspaceNotFound(UsageError):
    """Raised when a directory is not a masterplan workspace (no region.yaml)."""

    category = "workspace"


class QuestionnaireError(MasterplanError):
    """Raised when a questionnaire definition is invalid.

    ``problems`` holds every located problem found, not only the first.
    """

    category = "questionnaire"

    def __init__(self, problems: list) -> None:  # list[Problem]; avoids an import cycle
        self.problems = problems
        super().__init__("\n".join(p.render("id") for p in problems))


class WorkspaceExists(UsageError):
    """Raised when ``init`` would overwrite files that already exist."""

    category = "workspace"


class BuildRefused(MasterplanError):
    """Raised when a final document is asked for while ``check`` reports errors.

    ``problems`` holds the errors, so the front end can list them.
    """

    category = "build"

    def __init__(self, problems: list, final: bool = True) -> None:  # list[Problem]
        self.problems = problems
        listing = "\n".join(p.render("id") for p in problems[:20])
        more = f"\n... dan {len(problems) - 20} galat lainnya" if len(problems) > 20 else ""
        if final:
            reason = (
                f"dokumen final tidak dapat disusun karena masih ada {len(problems)} galat; "
                "perbaiki dulu (lihat masterplan check) atau susun draf dengan --mode draft"
            )
        else:
            reason = "draf tidak dapat disusun: region.yaml harus benar lebih dulu; perbaiki galat berikut"
        super().__init__(f"{reason}:\n{listing}{more}")


class RendererUnavailable(MasterplanError):
    """Raised when a requested output format cannot be produced on this machine."""

    category = "build"


class TemplateProblem(MasterplanError):
    """Raised when the outline or a prose template (built-in or a workspace override) is wrong."""

    category = "template"


class WorkflowError(MasterplanError):
    """Raised when the workflow refuses an action: wrong role, locked stage, stale edit, open notes."""

    category = "workflow"


class NotAllowed(WorkflowError):
    """Raised when a person's role (or OPD) may not take an action."""

    category = "workflow"


class StaleEdit(WorkflowError):
    """Raised when an edit is based on a version of a file that someone else has changed since."""

    category = "workflow"


class JournalBroken(WorkflowError):
    """Raised when the journal's hash chain does not hold (an entry edited or removed)."""

    category = "workflow"
