"""Background jobs: drafts and finalisations run beside the web front, never inside a request.

One interface (:class:`~masterplan.jobs.queue.JobQueue`) for every front end
that needs work done in the background: the web front of one workspace today,
the multi-region service with its Redis queue later. A job is a *kind* (a name
in :data:`~masterplan.jobs.tasks.TASKS`) with JSON parameters, so any backend
can carry it to another process; :class:`~masterplan.jobs.queue.LocalQueue`
runs jobs in this process's threads (the embedded default).
"""

from masterplan.jobs.model import Job, JobState
from masterplan.jobs.queue import JobQueue, LocalQueue

__all__ = ["Job", "JobQueue", "JobState", "LocalQueue"]
