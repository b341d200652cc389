"""Watching a job: Server-Sent Events that resume after the last stored event, and long-polling where no stream opens."""
from __future__ import annotations

import http.client
import json
import time
from typing import TYPE_CHECKING, Callable, Iterator

from . import models as m
from .errors import PlatformError

if TYPE_CHECKING:
    from .client import PlatformClient

# The host writes a keep-alive comment every 15 s; a stream silent for longer than this has gone.
STREAM_SILENCE = 45.0
LONG_POLL_SECONDS = 30
# Opening a stream may fail this many times in a row (no host answers) before the watch gives up.
MOST_FAILED_OPENS = 8

# Answers of something between client and host that cannot stream: long-polling still works through it.
_CANNOT_STREAM = frozenset({405, 406, 415, 501, 502, 504})
_DROPPED = (OSError, http.client.HTTPException)


class _Deadline:
    def __init__(self, seconds: float | None) -> None:
        self.at = None if seconds is None else time.monotonic() + seconds

    def left(self, most: float) -> float:
        if self.at is None:
            return most
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError("The job did not end in time.")
        return min(most, left)


def watch(client: "PlatformClient", job_id: str, after_version: int = 0, transport: str = "auto",
          deadline: _Deadline | None = None) -> Iterator[m.JobEvent]:
    deadline = deadline or _Deadline(None)
    if transport == "poll":
        yield from _poll(client, job_id, after_version, deadline)
        return
    if transport not in ("auto", "sse"):
        raise ValueError("transport is 'auto', 'sse' or 'poll'.")
    seen = _Seen(after_version)
    failed_opens = 0
    while True:
        silence = deadline.left(STREAM_SILENCE)
        try:
            stream = _open(client, job_id, seen.last, silence)
        except PlatformError as refused:
            if transport == "auto" and refused.status in _CANNOT_STREAM:
                yield from _poll(client, job_id, seen.last, deadline)
                return
            # Too many streams open, a host busy: waited out as any read's refusal is.
            delay = client.http.retries.delay_before_retry("GET", refused.status, refused.headers, failed_opens)
            if delay is None:
                raise
            failed_opens += 1
            time.sleep(min(delay, deadline.left(delay)))
            continue
        except _DROPPED:
            failed_opens += 1
            if failed_opens >= MOST_FAILED_OPENS:
                raise
            time.sleep(min(0.25 * 2 ** failed_opens, 5.0, deadline.left(5.0)))
            continue
        failed_opens = 0
        with stream:
            if stream.status == 204:
                return  # the job had ended and nothing is left after the resume point
            if "text/event-stream" not in (stream.headers.get("Content-Type") or ""):
                if transport == "sse":
                    raise PlatformError(stream.status, "The answer was not an event stream.")
                yield from _poll(client, job_id, seen.last, deadline)
                return
            try:
                for event in _events(stream):
                    if seen.is_new(event):
                        yield event
                        if seen.finished:
                            return
            except _DROPPED:
                pass  # the stream dropped or fell silent (its host went away, a proxy cut it): resume after the last stored event


class _Seen:
    """Which stored events were delivered: each once, in version order."""

    def __init__(self, last: int) -> None:
        self.last, self.finished = last, False

    def is_new(self, event: m.JobEvent) -> bool:
        if event.get("transient"):
            return True
        if event["version"] <= self.last:
            return False
        self.last = event["version"]
        self.finished = event["status"] in m.FINISHED
        return True


def _open(client: "PlatformClient", job_id: str, after: int, silence: float) -> http.client.HTTPResponse:
    headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
    if after > 0:
        headers["Last-Event-ID"] = str(after)
    return client.http.open("GET", f"api/v1/jobs/{job_id}/events?afterVersion={after}", headers, timeout=silence)


def _events(stream: http.client.HTTPResponse) -> Iterator[m.JobEvent]:
    """The events of a text/event-stream as they arrive; ends when the host ends the stream."""
    data: list[str] = []
    while True:
        line = stream.readline()
        if not line:
            return
        text = line.decode("utf-8").rstrip("\r\n")
        if text == "":
            if data:
                yield json.loads("\n".join(data))
            data = []
        elif text.startswith("data:"):
            data.append(text[6:] if text.startswith("data: ") else text[5:])
        # "id:" repeats the event's version, "event:" its kind, and ":" lines keep the connection alive.


def _poll(client: "PlatformClient", job_id: str, after: int, deadline: _Deadline) -> Iterator[m.JobEvent]:
    """Stored events by long-polling: each change wakes the poll, and the events since are read page by page."""
    seen = _Seen(after)
    while True:
        for event in client.get_events(job_id, seen.last):
            if seen.is_new(event):
                yield event
                if seen.finished:
                    return
        job = client.wait_for_change(job_id, seen.last, int(deadline.left(LONG_POLL_SECONDS)) or 1)
        if job["status"] in m.FINISHED and job["version"] <= seen.last:
            return


def wait_for_completion(client: "PlatformClient", job_id: str, on_event: Callable[[m.JobEvent], None] | None, timeout: float | None,
                        after_version: int, transport: str) -> m.Job:
    deadline = _Deadline(timeout)
    for event in watch(client, job_id, after_version, transport, deadline):
        if on_event:
            on_event(event)
    return client.get_job(job_id)
