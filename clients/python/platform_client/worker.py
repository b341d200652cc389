"""A worker for remote job types as a function from a job's input to its output: claims jobs (long-polling), keeps
their leases, reports progress, uploads artifacts, stops when a job is cancelled and hands jobs back on shutdown."""
from __future__ import annotations

import signal
import threading
import time
import traceback
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Mapping, cast

from . import models as m
from .errors import PlatformError
from .retry import NO_RETRIES
from .transport import CONNECTION_FAILURES

if TYPE_CHECKING:
    from .client import PlatformClient

# The platform keeps at most this much of a failure (Jobs:Reports:MaxErrorLength) and refuses more.
MOST_ERROR_CHARACTERS = 4000

# Refusals of a claim that asking again cannot change: a type that is not remote, a key without the worker scope.
MISTAKES = frozenset({400, 401, 403, 404})


class JobStopped(Exception):
    """The job was asked to stop (cancelled), its lease was lost, or the worker is shutting down."""


class WorkerJob:
    """One claimed job as its handler sees it: every report renews the lease and raises :class:`JobStopped` once the
    platform answers that the job should stop, so a handler that reports now and then stops without asking."""

    def __init__(self, client: "PlatformClient", claimed: m.ClaimedJob, worker: "Worker") -> None:
        self.client, self.worker = client, worker
        self.id, self.type, self.input, self.attempt = claimed["jobId"], claimed["type"], claimed["input"], claimed["attempt"]
        self.lease = claimed["lease"]
        self.lease_expires_at = claimed["leaseExpiresAt"]
        self.cancel_requested = False
        self.lease_lost = False
        self._path = f"api/v1/worker/jobs/{self.id}"

    @property
    def stop_requested(self) -> bool:
        """True once the job should stop: cancelled, lease lost, or the worker shutting down."""
        return self.cancel_requested or self.lease_lost or self.worker.stopping

    def check(self) -> None:
        """Raises :class:`JobStopped` when the job should stop; for long work that does not report."""
        if self.stop_requested:
            raise JobStopped()

    def progress(self, percent: float, message: str | None = None, **metrics: float) -> None:
        """How far the job got, with metrics; watchers see it at once."""
        self._report("POST", "progress", {"percent": percent, "message": message, "metrics": metrics})

    def log(self, message: str, level: str = "info") -> None:
        self._report("POST", "log", {"message": message, "level": level})

    def upload(self, name: str, content: bytes, content_type: str = "application/octet-stream") -> m.JobArtifact:
        """An output file of the job; the artifacts uploaded go with its success."""
        answer = self._report("PUT", f"artifacts/{name}", data=content, content_type=content_type)
        return cast(m.JobArtifact, answer["artifact"])

    def read_file(self, ref: Mapping[str, str] | str) -> bytes:
        """The bytes of an uploaded file the input names, as ``{"file": "<id>"}`` or its id."""
        file_id = ref if isinstance(ref, str) else ref["file"]
        return self.client.http.send("GET", f"{self._path}/files/{file_id}", headers=self._lease()).body

    def heartbeat(self) -> m.WorkerAnswer:
        """Renews the lease and learns whether to stop, without raising; the worker does this on its own."""
        answer = cast(m.WorkerAnswer, self.client.http.send("POST", f"{self._path}/heartbeat", headers=self._lease(), retries=NO_RETRIES).json())
        self._heard(answer)
        return answer

    def _report(self, method: str, what: str, body: Any = None, **options: Any) -> Any:
        answer = self.client.http.send(method, f"{self._path}/{what}", body, headers=self._lease(), **options).json()
        self._heard(answer.get("job", answer))
        self.check()
        return answer

    def _heard(self, answer: m.WorkerAnswer) -> None:
        self.cancel_requested = self.cancel_requested or answer["cancelRequested"]
        self.lease_expires_at = answer["leaseExpiresAt"]

    def _lease(self) -> dict[str, str]:
        return {"X-Job-Lease": self.lease}

    def _end(self, what: str, body: Any = None) -> None:
        self.client.http.send("POST", f"{self._path}/{what}", body, headers=self._lease())


Handler = Callable[[WorkerJob], Any]


class Worker:
    """Runs jobs of the types in ``handlers`` (type → function from :class:`WorkerJob` to the job's output) until
    :meth:`stop`, SIGTERM or Ctrl-C. A handler's return value is the job's output; an exception fails the attempt
    (the job's retry rules decide what comes next); :class:`JobStopped` hands the job back, which the platform queues
    again or, when it was cancelled, ends as cancelled."""

    def __init__(self, client: "PlatformClient", name: str, handlers: Mapping[str, Handler], claim_wait_seconds: int = 5,
                 log: Callable[[str], None] | None = None) -> None:
        self.client, self.name, self.handlers = client, name, dict(handlers)
        self.claim_wait_seconds = claim_wait_seconds
        self.log = log or (lambda line: print(line, flush=True))
        self._stopping = threading.Event()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self, *_: Any) -> None:
        """Claims no more; the job in hand stops at its next report and is handed back."""
        self._stopping.set()

    def run(self, handle_signals: bool = True) -> None:
        """Claims and runs jobs one at a time until stopped; with ``handle_signals``, SIGTERM and Ctrl-C stop it."""
        if handle_signals:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        self.log(f"{self.name} working on {', '.join(self.handlers)} at {self.client.http.base_url.rstrip('/')}")
        while not self.stopping:
            try:
                self.run_once()
            except PlatformError as refused:
                if refused.status in MISTAKES:
                    raise
                self.log(f"claim failed ({refused}); trying again")
                self._stopping.wait(1)
            except (*CONNECTION_FAILURES, OSError) as failed:
                self.log(f"claim failed ({failed}); trying again")
                self._stopping.wait(1)

    def claim(self, most: int = 1, wait_seconds: int | None = None) -> list[m.ClaimedJob]:
        wait = self.claim_wait_seconds if wait_seconds is None else wait_seconds
        body = {"worker": self.name, "types": list(self.handlers), "max": most, "waitSeconds": wait}
        return cast(list[m.ClaimedJob], self.client.http.send("POST", "api/v1/worker/claim", body, timeout=wait + 30).json())

    def run_once(self) -> int:
        """Claims (waiting up to ``claim_wait_seconds``) and runs what it got; answers how many jobs that was."""
        claimed = self.claim()
        for job in claimed:
            self.run_job(WorkerJob(self.client, job, self))
        return len(claimed)

    def run_job(self, job: WorkerJob) -> None:
        finished = threading.Event()
        keeper = threading.Thread(target=self._keep_lease, args=(job, finished), name=f"lease {job.id}", daemon=True)
        keeper.start()
        try:
            output = self.handlers[job.type](job)
            job._end("succeed", {"output": output})
            self.log(f"{job.id}: succeeded")
        except JobStopped:
            if not job.lease_lost:
                job._end("release")
            self.log(f"{job.id}: stopped and handed back")
        except PlatformError as refused:
            if refused.status == 409:
                # The lease is gone (it ran out, or the job was cancelled and ended): there is nothing left to report.
                self.log(f"{job.id}: the platform answered {refused.status}; leaving the job")
            else:
                self._fail(job, refused)
        except Exception as failed:  # the work itself failed: the job's retry rules decide what happens next
            self._fail(job, failed)
        finally:
            finished.set()
            keeper.join()

    def _fail(self, job: WorkerJob, failed: Exception) -> None:
        try:
            job._end("fail", {"error": f"{type(failed).__name__}: {failed}"[:MOST_ERROR_CHARACTERS]})
            self.log(f"{job.id}: failed: {failed}")
        except PlatformError as refused:
            self.log(f"{job.id}: failed ({failed}), and the failure was refused: {refused}")
            self.log(traceback.format_exc())

    def _keep_lease(self, job: WorkerJob, finished: threading.Event) -> None:
        """Renews the lease a third of its length before it runs out, so work that reports seldom keeps its job, and
        learns of a cancel between reports."""
        while not finished.wait(_renew_in(job.lease_expires_at)):
            try:
                job.heartbeat()
            except PlatformError as refused:
                if refused.status == 409:
                    job.lease_lost = True
                    return
            except (*CONNECTION_FAILURES, OSError):
                pass  # the next report or renewal tries again


def _renew_in(lease_expires_at: str) -> float:
    left = (datetime.fromisoformat(lease_expires_at) - datetime.now(timezone.utc)).total_seconds()
    return min(max(left / 3, 0.2), 10.0)
